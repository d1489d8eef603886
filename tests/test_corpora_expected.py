"""The extractor against the hand-annotated expected quotes of the project's corpora.

One test case per expected quote (data, not code): the quote must be found (its
content overlapping the expected span by at least half of the longer span, each extracted
quote paired with one expected quote at most), with the expected kind and the expected
canonical speaker; and every extracted quote must be paired, so an extra quote, a second
quote over an expected one or a quote split in two fails. Known failures are listed in
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


def overlap(a: dict, b: dict) -> float:
    """Shared characters of two records' content pieces / the longer content, as the evaluation
    measures it."""
    return scoring.overlap(spans(a), spans(b))


def spans(record: dict) -> list[tuple[int, int]]:
    pieces = record.get("pieces") or [record]
    return [(p["start_char"], p["end_char"]) for p in pieces]


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
            yield pytest.param(path, i, json.loads(line), id=f"{stem}-{i}", marks=marks)


def pairs(path: Path) -> tuple[list[dict], list[tuple[int, int]], list[dict]]:
    """The expected quotes, the one-to-one (expected, extracted) pairs greedy by overlap >= 0.5,
    and the extracted quotes."""
    gold = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    got = extracted(path)
    scored = sorted(
        ((-overlap(g, q), gi, qi) for gi, g in enumerate(gold) for qi, q in enumerate(got)),
    )
    used_g: set[int] = set()
    used_q: set[int] = set()
    out = []
    for neg, gi, qi in scored:
        if -neg >= 0.5 and gi not in used_g and qi not in used_q:
            used_g.add(gi)
            used_q.add(qi)
            out.append((gi, qi))
    return gold, out, list(got)


@pytest.mark.parametrize("path, index, gold", list(expected_cases()))
def test_expected_quote_is_found_with_its_kind_and_speaker(path, index, gold):
    _, matched, got = pairs(path)
    quote = next((got[qi] for gi, qi in matched if gi == index), None)
    assert quote is not None, f"not found: {gold['text'][:80]!r}"
    assert quote["kind"] == gold["kind"]
    assert quote["speaker"] is not None, "no speaker"
    assert quote["speaker"]["name"] == gold["speaker"]["name"]
    assert overlap(quote["speaker"], gold["speaker"]) > 0
    # a quote in pieces (interrupted by its cue, continued in the next paragraph) is found whole
    assert len(spans(quote)) == len(spans(gold))


@pytest.mark.parametrize(
    "path", ARTICLES, ids=[p.name.removesuffix(".expected.jsonl") for p in ARTICLES]
)
def test_every_extracted_quote_is_an_expected_one(path):
    # One extracted quote per expected quote: an extra quote, a second quote overlapping an
    # expected one, or one quote split in two all fail here.
    gold, matched, got = pairs(path)
    used = {qi for _, qi in matched}
    extra = [q["text"] for qi, q in enumerate(got) if qi not in used]
    assert extra == []


def test_seed_article_attributes_nothing_to_biden():
    (path,) = [p for p in ARTICLES if p.name.startswith("putin-china-2024")]
    names = {q["speaker"]["name"] for q in extracted(path) if q["speaker"]}
    assert not any("Biden" in name for name in names)
    assert names == {"the Kremlin", "Sergei Lavrov", "Xi Jinping"}
