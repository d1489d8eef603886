"""The extractor against the hand-annotated expected quotes of the project's corpora.

One test case per expected quote (data, not code): the quote must be found (its
content overlapping the expected span by at least half of the longer span), with the
expected kind and the expected canonical speaker. Known failures are listed in
KNOWN_FAILURES and run as xfail(strict=True), so a fix shows up as a failure to
update here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from attribution.documents import read_conllu
from attribution.evaluation import scoring
from attribution.extract import extract_quotes

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
ARTICLES = sorted(CORPORA.glob("*/*.expected.jsonl"))

# (article stem, index of the expected quote in its file) -> reason
KNOWN_FAILURES: dict[tuple[str, int], str] = {}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters / the longer span, as the evaluation measures it."""
    return scoring.overlap([a], [b])


@cache
def extracted(expected_path: Path) -> tuple[dict, ...]:
    conllu = expected_path.with_name(expected_path.name.replace(".expected.jsonl", ".conllu"))
    (article,) = read_conllu(conllu.read_text("utf-8"), source=str(conllu))
    return tuple(q.to_dict() for q in extract_quotes(article))


def expected_cases():
    for path in ARTICLES:
        stem = path.name.removesuffix(".expected.jsonl")
        for i, line in enumerate(path.read_text("utf-8").splitlines()):
            marks = []
            if (stem, i) in KNOWN_FAILURES:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[(stem, i)]))
            yield pytest.param(path, json.loads(line), id=f"{stem}-{i}", marks=marks)


def find(path: Path, gold: dict) -> dict | None:
    span = (gold["start_char"], gold["end_char"])
    best = max(
        extracted(path), key=lambda q: overlap(span, (q["start_char"], q["end_char"])), default=None
    )
    if best is None or overlap(span, (best["start_char"], best["end_char"])) < 0.5:
        return None
    return best


@pytest.mark.parametrize("path, gold", list(expected_cases()))
def test_expected_quote_is_found_with_its_kind_and_speaker(path, gold):
    quote = find(path, gold)
    assert quote is not None, f"not found: {gold['text'][:80]!r}"
    assert quote["kind"] == gold["kind"]
    assert quote["speaker"] is not None, "no speaker"
    assert quote["speaker"]["name"] == gold["speaker"]["name"]
    assert (
        overlap(
            (quote["speaker"]["start_char"], quote["speaker"]["end_char"]),
            (gold["speaker"]["start_char"], gold["speaker"]["end_char"]),
        )
        > 0
    )


@pytest.mark.parametrize(
    "path", ARTICLES, ids=[p.name.removesuffix(".expected.jsonl") for p in ARTICLES]
)
def test_no_quote_outside_the_expected_ones(path):
    gold = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    spans = [(g["start_char"], g["end_char"]) for g in gold]
    extra = [
        q["text"]
        for q in extracted(path)
        if not any(overlap(s, (q["start_char"], q["end_char"])) > 0 for s in spans)
    ]
    assert extra == []


def test_seed_article_attributes_nothing_to_biden():
    (path,) = [p for p in ARTICLES if p.name.startswith("putin-china-2024")]
    names = {q["speaker"]["name"] for q in extracted(path) if q["speaker"]}
    assert not any("Biden" in name for name in names)
    assert names == {"the Kremlin", "Sergei Lavrov", "Xi Jinping"}
