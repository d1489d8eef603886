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
from handparse import conllu as hand_parsed

from attribution.documents import read_conllu
from attribution.reported import detect

CASES = json.loads(
    (Path(__file__).resolve().parent / "data" / "rules" / "cases.json").read_text("utf-8")
)


def conllu(case: dict) -> str:
    """The case's article as CoNLL-U."""
    paragraphs = [[(s["text"], s["rows"]) for s in paragraph] for paragraph in case["paragraphs"]]
    return hand_parsed(case["label"], paragraphs)


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
