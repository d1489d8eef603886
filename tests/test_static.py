"""Static (distilled) sentence vectors: distilled here from the real model, on a small
vocabulary subset so that CI stays fast; stores, the CLI and damaged directories."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from attribution.claims import Claim, open_store
from attribution.cli import main
from attribution.embeddings import load_encoder
from attribution.errors import ModelError
from attribution.matching import match_text
from attribution.static import distill, is_static

ROOT = Path(__file__).resolve().parent.parent
NEWS = sorted((ROOT / "corpora").glob("*/*.txt"))  # the project's own articles weigh the tokens

TOKENS = 1500  # the most frequent words: enough for plain sentences, a few CPU seconds

CLAIMS = [
    Claim(id="taxes", text="The president said taxes will go up for families next year."),
    Claim(id="game", text="Our team won the football game on Sunday night."),
    Claim(id="water", text="The city has no clean water for its schools."),
    Claim(id="war", text="The army will leave the country before the end of the war."),
]


@pytest.fixture(scope="module")
def static_dir(embedding_model, tmp_path_factory):
    pytest.importorskip("sentence_transformers", reason="the semantic extra is not installed")
    lines = [line for path in NEWS for line in path.read_text(encoding="utf-8").splitlines()]
    return distill(
        embedding_model, tmp_path_factory.mktemp("static") / "model", corpus=lines, limit=TOKENS
    )


def test_a_distilled_model_loads_without_the_network_and_encodes_unit_vectors(static_dir):
    assert is_static(static_dir)
    manifest = json.loads((static_dir / "static.json").read_text())
    assert manifest["tokens"] == TOKENS and manifest["dim"] == 384
    assert manifest["weighting"].startswith("idf over")
    encoder = load_encoder(str(static_dir))
    assert encoder.static and encoder.dim == 384 and encoder.name == str(static_dir.resolve())
    vectors = encoder.encode(["Taxes will go up next year.", "", "x" * 100_000])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0)
    assert not vectors[1].any()  # no token, no direction: similar to nothing


def test_static_vectors_rank_like_the_full_model(static_dir, embedding_model):
    static, full = load_encoder(str(static_dir)), load_encoder(embedding_model)
    queries = [
        "Families will pay more taxes next year, the president says.",
        "We won the game on Sunday.",
        "Schools in the city have no clean water.",
        "The army is leaving before the war ends.",
    ]
    texts = [c.text for c in CLAIMS]
    for encoder in (static, full):
        scores = encoder.encode(queries) @ encoder.encode(texts).T
        assert list(scores.argmax(axis=1)) == [0, 1, 2, 3], encoder.name
    # Unrelated sentences do not look alike (the common component is removed).
    vectors = static.encode(texts)
    unrelated = vectors @ vectors.T - np.eye(len(texts))
    assert unrelated.max() < 0.5


def test_a_store_records_the_static_model_and_match_uses_it(static_dir, tmp_path):
    encoder = load_encoder(str(static_dir))
    db = tmp_path / "static.sqlite"
    with open_store(db) as store:
        store.use_encoder(encoder)
        store.add_many(CLAIMS)
    with open_store(db, read_only=True) as store:
        assert store.embedding_model() == (str(static_dir.resolve()), 384)
        ranked = match_text(store, "schools in the city have no clean water")
        assert ranked[0].claim_id == "water" and ranked[0].reasons["semantic"] > 0.5


def test_claims_distill_writes_a_model_the_store_takes(embedding_model, tmp_path):
    pytest.importorskip("sentence_transformers", reason="the semantic extra is not installed")
    runner = CliRunner()
    out = tmp_path / "small"
    done = runner.invoke(
        main,
        ["claims", "distill", "--embedding-model", embedding_model, "-o", str(out)]
        + ["--tokens", "300", "-q"],
    )
    assert done.exit_code == 0, done.output
    assert done.stdout == "" and is_static(out)
    # Without a corpus the tokens are weighed by their rank in the vocabulary.
    assert json.loads((out / "static.json").read_text())["weighting"].startswith("sif")
    db = str(tmp_path / "cli.sqlite")
    added = runner.invoke(
        main,
        ["claims", "add", "The war will end soon.", "--db", db, "--embedding-model", str(out)],
    )
    assert added.exit_code == 0, added.output
    with open_store(db, read_only=True) as store:
        assert store.vector_stats()[0] == 1
    nowhere = runner.invoke(
        main,
        ["claims", "distill", "--embedding-model", embedding_model]
        + ["-o", str(tmp_path / "no" / "such" / "dir")],
    )
    assert nowhere.exit_code == 1 and "does not exist" in nowhere.stderr


def test_a_damaged_static_model_is_one_error_naming_it(static_dir, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "static.json").write_text((static_dir / "static.json").read_text())
    (broken / "tokenizer.json").write_text((static_dir / "tokenizer.json").read_text())
    (broken / "vectors.npy").write_bytes(b"not an array")
    with pytest.raises(ModelError, match=str(broken)):
        load_encoder(str(broken))


def test_the_full_model_looks_again_at_a_static_stores_best_candidates(static_dir, tmp_path):
    static = load_encoder(str(static_dir))
    full = load_encoder(static.model.source)  # the model it was distilled from
    db = tmp_path / "rescore.sqlite"
    with open_store(db) as store:
        store.use_encoder(static)
        store.add_many(CLAIMS)
    query = "the president says families will pay more taxes"
    with open_store(db, read_only=True) as store:
        quick = match_text(store, query, top=4, rescore_top=0)
        again = match_text(store, query, top=4, rescore_top=2)
    asked = full.encode([query])[0]
    by_id = {c.id: c.text for c in CLAIMS}
    best_two = {m.claim_id for m in sorted(quick, key=lambda m: -m.score)[:2]}
    for m in again:
        if m.claim_id in best_two:  # the full model's similarity, scored again
            expected = float(full.encode([by_id[m.claim_id]])[0] @ asked)
            assert m.reasons["semantic"] == pytest.approx(expected, abs=1e-3)
        else:  # the others keep the static similarity
            static_only = next(q for q in quick if q.claim_id == m.claim_id)
            assert m.reasons["semantic"] == static_only.reasons["semantic"]
    assert again[0].claim_id == quick[0].claim_id == "taxes"
