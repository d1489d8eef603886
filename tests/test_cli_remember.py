"""`extract --remember` stores attributed quotes as claims; a later `extract --match` finds them.

"Lavrov repeated in May what he declared in February": the seed article's quotes are
remembered in a real SQLite store, then a later article's quote by the same speaker is
matched against them.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from attribution.claims import open_store
from attribution.cli import main
from attribution.matching import LEXICAL_QUOTE_MIN_SCORE, QUOTE_MIN_SCORE, REVIEW_MIN_SCORE
from attribution.pipeline import ClaimStep

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed" / "putin-china-2024.conllu"
LATER = Path(__file__).resolve().parent / "data" / "remember" / "lavrov-repeats-2024.conllu"


def run(*args: str) -> list[dict]:
    result = CliRunner().invoke(main, [*args, "-f", "jsonl", "-q"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_remembered_quotes_become_claims_with_their_speaker_and_origin(tmp_path):
    db = str(tmp_path / "claims.sqlite")
    quotes = run("extract", str(SEED), "--db", db, "--remember")
    attributed = [q for q in quotes if q["speaker"]]
    with open_store(db) as store:
        claims = list(store.iter_claims())
    assert len(claims) == len(attributed) > 0
    assert {c.origin for c in claims} == {q["id"] for q in attributed}
    assert {c.speaker for c in claims} == {q["speaker"]["name"] for q in attributed}


def test_remembering_the_same_article_twice_adds_nothing(tmp_path):
    db = str(tmp_path / "claims.sqlite")
    run("extract", str(SEED), "--db", db, "--remember")
    with open_store(db) as store:
        first = store.count()
    run("extract", str(SEED), "--db", db, "--remember")
    with open_store(db) as store:
        assert store.count() == first


def test_a_later_quote_matches_what_the_same_speaker_said_before(tmp_path):
    db = str(tmp_path / "claims.sqlite")
    earlier = run("extract", str(SEED), "--db", db, "--remember")
    declared = next(q for q in earlier if "multipolar" in q["text"])
    (later,) = run("extract", str(LATER), "--db", db, "--match")
    assert later["speaker"]["name"] == "Sergei Lavrov"
    best = later["matches"][0]
    assert best["text"] == declared["text"]
    assert best["speaker"] == "Sergei Lavrov"
    assert best["reasons"]["speaker"] == "same"
    # Other earlier statements, by other speakers, rank below it if they appear at all.
    assert all(m["score"] < best["score"] for m in later["matches"][1:])


def test_without_match_or_remember_no_store_is_touched(tmp_path):
    db = tmp_path / "never.sqlite"
    quotes = run("extract", str(LATER), "--db", str(db))
    assert quotes and quotes[0]["matches"] == []
    assert not db.exists()


def test_extract_match_against_a_store_that_is_not_there_fails_with_one_line(tmp_path):
    db = tmp_path / "mistyped.sqlite"
    result = CliRunner().invoke(main, ["extract", str(LATER), "--db", str(db), "--match"])
    assert result.exit_code == 1
    assert "no claim store at" in result.stderr and str(db) in result.stderr
    assert not db.exists()


def test_extract_table_shows_the_matched_claims_under_each_quote(tmp_path):
    db = str(tmp_path / "claims.sqlite")
    run("extract", str(SEED), "--db", db, "--remember")
    (later,) = run("extract", str(LATER), "--db", db, "--match")
    result = CliRunner().invoke(
        main, ["extract", str(LATER), "--db", db, "--match", "-f", "table", "-q"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    quote_line = next(i for i, line in enumerate(lines) if line.startswith("Sergei Lavrov"))
    shown = [line for line in lines[quote_line + 1 :] if "match" in line.split()[:1]]
    assert len(shown) == len(later["matches"]) >= 1
    best = later["matches"][0]
    assert f"{best['score']:.0f} " in shown[0] and best["text"][:20] in shown[0]


def test_the_readme_walk_through_finds_the_repeat_with_the_default_min_score(tmp_path):
    # README: `extract february --remember`, then `extract may --match --remember -f table`.
    db = str(tmp_path / "claims.sqlite")
    run("extract", str(SEED), "--db", db, "--remember")
    result = CliRunner().invoke(
        main, ["extract", str(LATER), "--db", db, "--match", "--remember", "-f", "table", "-q"]
    )
    assert result.exit_code == 0, result.output
    (later,) = run("extract", str(LATER), "--db", db, "--match")
    best = later["matches"][0]
    assert best["speaker"] == "Sergei Lavrov" and best["score"] >= LEXICAL_QUOTE_MIN_SCORE
    assert best["text"][:20] in result.stdout


def test_the_min_score_defaults_are_the_calibrated_ones(tmp_path):
    def default(command: str) -> float | None:
        cmd = main.get_command(None, command)  # type: ignore[arg-type]
        return next(p.default for p in cmd.params if p.name == "min_score")

    assert default("match") == REVIEW_MIN_SCORE
    assert default("extract") is None  # the store's: its scores mean more with vectors
    with open_store(str(tmp_path / "lexical.sqlite")) as store:
        assert ClaimStep(store, match=True).min_score == LEXICAL_QUOTE_MIN_SCORE
        assert ClaimStep(store, match=True, min_score=10).min_score == 10


def test_a_store_with_vectors_shows_matches_from_the_lower_default(tmp_path, embedding_model):
    from attribution.embeddings import load_encoder

    with open_store(str(tmp_path / "vectors.sqlite")) as store:
        store.use_encoder(load_encoder(embedding_model))
        assert ClaimStep(store, match=True).min_score == QUOTE_MIN_SCORE < LEXICAL_QUOTE_MIN_SCORE
