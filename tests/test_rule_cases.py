"""Reported-speech constructions as data (ftfy style): ``tests/data/rules/cases.json``.

Each case is one short article written as CoNLL-U columns (form, lemma, UPOS, head, deprel,
optional feats, optional ``ner=BIOES-TAG``), in the shape a real parser gives it, and the quotes
expected from it: content (the whole span, ``text[start:end]``), cue, the speaker's head word
and, for a quote in pieces, the pieces. A case the rules do not handle yet carries
``"known_failure": "why"`` and runs as ``xfail(strict=True)``, so a fix shows up as a failure to
remove the mark.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution.documents import read_conllu
from attribution.reported import detect

CASES = json.loads(
    (Path(__file__).resolve().parent / "data" / "rules" / "cases.json").read_text("utf-8")
)


def conllu(case: dict) -> str:
    """CoNLL-U with the character offsets stanza gives; sentences of a paragraph are joined by
    a space, paragraphs by a newline."""
    lines, text = [f"# newdoc id = {case['label']}"], ""
    for paragraph in case["paragraphs"]:
        lines.append("# newpar")
        for s, sentence in enumerate(paragraph):
            sep = "" if not text else ("\n" if s == 0 else " ")
            base = len(text) + len(sep)
            text += sep + sentence["text"]
            lines.append(f"# text = {sentence['text']}")
            pos = 0
            for i, row in enumerate(sentence["rows"], start=1):
                form, lemma, upos, head, deprel, *rest = row.split()
                # optional columns: feats, and "ner=TAG" where the parser's NER tagged the word
                ner = next((r[4:] for r in rest if r.startswith("ner=")), "O")
                feats = next((r for r in rest if not r.startswith("ner=")), "_")
                k = sentence["text"].index(form, pos)
                pos = k + len(form)
                lines.append(
                    f"{i}\t{form}\t{lemma}\t{upos}\t_\t{feats}\t{head}\t"
                    f"{deprel}\t_\tstart_char={base + k}|end_char={base + pos}|ner={ner}"
                )
            lines.append("")
    return "\n".join(lines) + "\n"


def found(case: dict) -> list[dict]:
    (art,) = read_conllu(conllu(case))
    out = []
    for c in detect(art.doc, art.text):
        got = {
            "content": art.text[c.start_char : c.end_char],
            "cue": art.text[c.cue_start : c.cue_end] if c.cue_start is not None else None,
            "speaker": c.speaker_head.text if c.speaker_head is not None else None,
        }
        if c.pieces:
            got["pieces"] = [art.text[s:e] for s, e in c.pieces]
        out.append(got)
    return out


def params():
    for case in CASES:
        marks = []
        if case.get("known_failure"):
            marks.append(pytest.mark.xfail(strict=True, reason=case["known_failure"]))
        yield pytest.param(case, id=case["label"], marks=marks)


@pytest.mark.parametrize("case", params())
def test_case(case):
    assert found(case) == case["expect"], case["construction"]


def test_cases_are_well_formed():
    labels = [c["label"] for c in CASES]
    assert len(labels) == len(set(labels))
    for case in CASES:
        assert case["construction"] and case["expect"] is not None
