"""Hand-written parses as CoNLL-U, for the rule tests (test_rule_cases, test_reported_margin).

A sentence is its text and one row per word, "form lemma UPOS head deprel [feats] [ner=TAG]";
:func:`conllu` adds the character offsets stanza gives, so a test reads like a parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def conllu(doc_id: str, paragraphs: Iterable[Sequence[tuple[str, Sequence[str]]]]) -> str:
    """CoNLL-U of one document: sentences of a paragraph joined by a space, paragraphs by a
    newline.

    Args:
        doc_id: the document's id.
        paragraphs: each a sequence of (sentence text, rows).
    """
    lines, text = [f"# newdoc id = {doc_id}"], ""
    for paragraph in paragraphs:
        lines.append("# newpar")
        for s, (sentence, rows) in enumerate(paragraph):
            sep = "" if not text else ("\n" if s == 0 else " ")
            base = len(text) + len(sep)
            text += sep + sentence
            lines.append(f"# text = {sentence}")
            pos = 0
            for i, row in enumerate(rows, start=1):
                form, lemma, upos, head, deprel, *rest = row.split()
                # optional columns: feats, and "ner=TAG" where the parser's NER tagged the word
                ner = next((r[4:] for r in rest if r.startswith("ner=")), "O")
                feats = next((r for r in rest if not r.startswith("ner=")), "_")
                k = sentence.index(form, pos)
                pos = k + len(form)
                lines.append(
                    f"{i}\t{form}\t{lemma}\t{upos}\t_\t{feats}\t{head}\t"
                    f"{deprel}\t_\tstart_char={base + k}|end_char={base + pos}|ner={ner}"
                )
            lines.append("")
    return "\n".join(lines) + "\n"
