""" "According to X, ...": the source is X (or the issuer of a cue noun: "according to a note from
the Kremlin")."""

from __future__ import annotations

from collections.abc import Iterator

from ..detection import Detection
from ..sentences import SentenceView, word_end, word_start
from .context import Context, issuer

_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def find(ctx: Context, view: SentenceView) -> Iterator[Detection]:
    words = view.words
    for i, word in enumerate(words[:-1]):
        # "According to the Kremlin, Putin will meet Xi." / "The trip, according to a note from the
        # Kremlin, is to ..."
        if (word.text or "").lower() != "according" or (words[i + 1].text or "").lower() != "to":
            continue
        source = _source(view, word, words[i + 1])
        if source is None:
            continue
        phrase = (
            view.head_of(word) or source
        )  # the node that carries "according to X" in the clause
        clause = view.head_of(phrase)
        ps, pe = view.span(phrase)
        if clause is word:
            # "According" parsed as a verb governing "to X" (and maybe the clause): the phrase is
            # "according to X", the content the rest of the sentence, found from the words
            clause = None
            ps, pe = word_start(word), view.right[source.id]
        before = ctx.text[view.start : word_start(word)].rstrip()
        after = ctx.text[max(view.right[source.id], word_end(words[i + 1])) : view.end].strip()
        if before.endswith((",", "—", "–")) and after in ("", ".", "!", "?", ".”", '."'):
            # "Trump has invested in the companies he attacks, according to new financial
            # documents.":
            # at the end of the sentence it covers everything before it, whatever the parser
            # attached it to
            s, e = view.start, len(before) + view.start - 1
        elif clause is None:  # the phrase is the root: the rest of the sentence is the content
            s, e = view.start, view.end
            s, e = (pe, e) if ps <= s else (s, ps)
        else:
            while (
                clause.upos in _NOMINAL
                and clause.deprel in ("nmod", "obl", "appos")
                and view.head_of(clause)
            ):
                clause = view.head_of(clause)
            s, e = view.span_without(clause, phrase)
        snapped = ctx.content(s, e)
        if snapped is None:
            continue
        cs, ce, kind = snapped
        yield Detection(
            kind=kind,
            start_char=cs,
            end_char=ce,
            sentence=view.index,
            cue_start=word_start(word),
            cue_end=word_end(words[i + 1]),
            cue_lemma="according to",
            speaker_head=issuer(ctx, view, source),
            confidence=0.85,
            rule="according-to",
        )


def _source(view: SentenceView, according, to):
    """The X of "according to X": the head of "according" in UD ("case"), else the object of
    "to"."""
    for cand in (view.head_of(according), view.head_of(to)):
        if cand is None or cand.id in (according.id, to.id):
            continue
        if cand.upos in _NOMINAL:
            return cand
        for c in view.kids(
            cand, "obj", "nsubj", "obl", "nmod"
        ):  # parse errors: "according to show insiders"
            if c.upos in _NOMINAL:
                return c
    for c in view.children[according.id] + view.children[to.id]:
        if c.upos in _NOMINAL:
            return c
    return None
