"""Sentence vectors in the store: the real model, both backends, the vector index, the CLI."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid

import pytest
from click.testing import CliRunner

from attribution import embeddings
from attribution.claims import Claim, open_store
from attribution.claims.vectors import VectorIndex
from attribution.cli import main
from attribution.embeddings import load_encoder, locate
from attribution.errors import ModelError, StoreError
from attribution.matching import match_records, match_text, retrieval
from attribution.matching.retrieval import candidates

# Said in other words: no content word in common with the query below.
PAY = Claim(
    id="pay", text="Troops got raises for the first time in 10 years.", speaker="Donald Trump"
)
OTHERS = [
    Claim(id="cheese", text="The moon is made of cheese."),
    Claim(id="turbines", text="Wind turbines cause cancer."),
    Claim(id="flu", text="Drinking water cures the flu."),
]
QUERY = "we gave the military the largest salary increase in more than a decade"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "vectors.sqlite")
        return
    import psycopg

    url = request.getfixturevalue("pg_url")
    schema = f"vec_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="module")
def encoder(embedding_model):
    return load_encoder(embedding_model)


def test_vectors_enter_with_their_claims_and_find_a_paraphrase(store_url, encoder):
    with open_store(store_url) as store:
        store.use_encoder(encoder)
        store.add_many([PAY, *OTHERS])
        assert store.embedding_model() == (encoder.name, 384)
        assert store.vector_stats()[0] == 4
    with open_store(store_url, read_only=True) as store:  # match loads the store's model itself
        ranked = match_text(store, QUERY, speaker="TRUMP")
        assert ranked[0].claim_id == "pay"
        assert ranked[0].reasons["semantic"] > 0.4 > max(m.reasons["semantic"] for m in ranked[1:])
        lexical = match_records(
            store, [{"id": "q", "text": QUERY, "speaker": "TRUMP"}], semantic=False
        )
        assert "semantic" not in json.dumps([m.reasons for _, _, ms in lexical for m in ms])


def test_a_failed_batch_leaves_no_vector_behind(store_url, encoder):
    with open_store(store_url) as store:
        store.use_encoder(encoder)
        with pytest.raises(RuntimeError), store.transaction():
            store.add_many([PAY])
            raise RuntimeError("the import was interrupted")
        assert store.count() == 0 and store.vector_stats() == (0, 0)


def test_a_store_made_with_one_model_refuses_another(tmp_path, encoder):
    path = tmp_path / "other.sqlite"
    with open_store(path) as store:
        store.set_meta("embedding_model", "sentence-transformers/other-model")
        store.set_meta("embedding_dim", "768")
        with pytest.raises(StoreError, match="other-model.*768.*all-MiniLM-L6-v2"):
            store.use_encoder(encoder)


def test_a_missing_or_corrupt_model_directory_is_one_error_naming_it(tmp_path):
    with pytest.raises(ModelError, match="no-such-model"):
        load_encoder(str(tmp_path / "no-such-model"))
    weights = tmp_path / "model.safetensors"  # the model's file, not its directory
    weights.write_bytes(b"\0" * 16)
    with pytest.raises(ModelError, match=r"model\.safetensors is a file"):
        load_encoder(str(weights))
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    pytest.importorskip("sentence_transformers", reason="the semantic extra is not installed")
    with pytest.raises(ModelError, match="broken-model"):
        load_encoder(str(broken))


def test_a_hub_name_is_never_downloaded_implicitly(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTRIBUTION_MODELS", str(tmp_path / "models"))
    with pytest.raises(ModelError, match="download --embeddings sentence-transformers/x"):
        locate("sentence-transformers/x")
    assert not (tmp_path / "models").exists()


def test_hard_claims_are_stored_whole_and_embedded(tmp_path, encoder):
    long_text = "The budget grew. " * 6000  # about 100 KB
    with open_store(tmp_path / "hard.sqlite") as store:
        store.use_encoder(encoder)
        store.add_many(
            [
                Claim(id="long", text=long_text),
                Claim(id="ru", text="Лавров заявил, что Россия никогда не вмешивалась в выборы."),
            ]
        )
        assert store.get("long").text == long_text and store.vector_stats()[0] == 2
        ranked = match_text(store, "Russia never meddled in elections, Lavrov said")
        assert {m.claim_id for m in ranked} >= {"ru"}


def test_a_text_encoded_again_is_looked_up_not_encoded(encoder):
    # extract --match --remember: a quote is encoded as a statement, then as its claim
    quotes = [f"Quote {i} of a remembered article about the harbour." for i in range(6)]
    statements = encoder.encode(quotes)  # a batch, as match_records encodes a document
    assert all((encoder.name, q) in embeddings._RECENT for q in quotes)
    claims = encoder.encode([quotes[4], "A text met for the first time.", quotes[1]])
    assert (claims[0] == statements[4]).all() and (claims[2] == statements[1]).all()
    assert abs(claims[1] - encoder.model.encode(["A text met for the first time."])[0]).max() < 1e-5


def test_a_loaded_model_is_left_out_of_later_garbage_collections(encoder):
    import gc

    # what a full collection walks: every tracked object but the frozen ones
    assert gc.get_freeze_count() > 0
    assert not any(o is encoder.model for o in gc.get_objects())


def test_a_query_encoded_by_its_forward_pass_is_what_the_library_gives(embedding_model):
    torch = pytest.importorskip("torch")
    # torch's own path (ONNX Runtime's vectors are within 1e-5: tests/test_onnx_encoder.py)
    encoder = load_encoder(embedding_model, backend="torch")
    texts = [QUERY, PAY.text, "", "Лавров заявил, что Россия не вмешивалась.", "Budget " * 400]
    embeddings._RECENT.clear()  # each text encoded here, not looked up
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as a query runs: the same sums in the same order
    try:
        for text in texts:  # one text: a query's path, the forward pass alone
            library = encoder.model.encode([text], normalize_embeddings=True, convert_to_numpy=True)
            assert (encoder.encode([text]) == library).all()
    finally:
        torch.set_num_threads(threads)
    embeddings._RECENT.clear()
    few = encoder.encode(texts[:4])  # a few texts of different lengths, padded together
    embeddings._RECENT.clear()
    batch = encoder.encode(texts * 2)[:4]  # more than a few: the library's batches
    assert abs(few - batch).max() < 1e-5


NUMBERED_CLAIMS = [
    f"Claim number {i} about topic {i % 7} and budget line {i * 3}." for i in range(60)
]


def _numbered_store(path, encoder):
    """A store of the 60 numbered claims (pks 1-60), with vectors: enough for the HNSW path
    once ``exact_up_to`` is lowered."""
    store = open_store(path)
    store.use_encoder(encoder)
    store.add_many([Claim(id=f"c{i}", text=t) for i, t in enumerate(NUMBERED_CLAIMS)])
    return store


def test_the_hnsw_index_file_is_built_searched_and_rebuilt_when_stale(tmp_path, encoder):
    texts = NUMBERED_CLAIMS
    with _numbered_store(tmp_path / "ann.sqlite", encoder) as store:
        index = VectorIndex(
            store,
            path=store.index_path(),
            model=encoder.name,
            dim=384,
            exact_up_to=10,
            rebuild_after=5,
        )
        query = encoder.encode([texts[17]])[0]
        found = index.search(query, 3)
        assert (
            store.index_path().exists()
            and store.claims_by_pk([found[0][0]])[found[0][0]].id == "c17"
        )
        # New claims are searched exactly beside the index until there are too many of them.
        store.add_many([Claim(id="new", text="A brand new claim about the harbour strike.")])
        near = index.search(encoder.encode(["the harbour strike"])[0], 1)
        assert store.claims_by_pk([near[0][0]])[near[0][0]].id == "new"
        store.index_path().write_bytes(b"damaged")
        fresh = VectorIndex(
            store, path=store.index_path(), model=encoder.name, dim=384, exact_up_to=10
        )
        assert fresh.search(query, 1)[0][0] == found[0][0]  # a damaged file is rebuilt


def test_full_text_retrieval_beside_the_encoding_finds_the_same_candidates(
    store_url, encoder, tmp_path
):
    queries = [
        ("budget line 51 and topic 3", None),
        ("Claim number 17 about topic 3", "Ann Example"),
        ("the harbour strike", "Donald Trump"),
        ("", None),  # no words: vector candidates only
    ]
    with _numbered_store(store_url, encoder) as store:
        store.add_many([PAY, *OTHERS])
        # the HNSW path, as in a large store (a file of its own on either backend)
        store._index = VectorIndex(
            store, path=tmp_path / "beside.hnsw", model=encoder.name, dim=384, exact_up_to=10
        )
        try:
            for text, speaker in queries:
                after = candidates(store, text, speaker=speaker, vector=encoder.encode([text])[0])
                for aside in (True, False):  # beside the encoding however busy the machine; never
                    retrieval.ASIDE = aside
                    found = candidates(
                        store, text, speaker=speaker, encode=lambda t=text: encoder.encode([t])[0]
                    )
                    assert list(found.items()) == list(after.items()) and after
        finally:
            retrieval.ASIDE = None
        assert (tmp_path / "beside.hnsw").exists()
        with_speaker = match_text(
            store, "Troops got raises, the first in ten years", speaker="Trump"
        )
        assert with_speaker[0].claim_id == "pay"
    if len(os.sched_getaffinity(0)) >= 2:  # the searches ran in the worker thread
        assert any(t.name.startswith("attribution-search") for t in threading.enumerate())


def test_candidates_prepared_beside_the_encoding_match_the_same(store_url, encoder):
    from attribution.matching.scoring import prepare_claim

    text, speaker = "Claim number 17 about topic 3 and topic 5", "Ann Example"
    with _numbered_store(store_url, encoder) as store:
        store.add_many([PAY, *OTHERS])
        prepared: list[str] = []

        def prepare(claim):
            prepared.append(claim.id)
            prepare_claim(claim)

        def encode():  # the model, then long enough for the searches to end and prepare some
            vector = encoder.encode([text])[0]
            deadline = time.monotonic() + 5
            while retrieval._aside_possible(store) and not prepared and time.monotonic() < deadline:
                time.sleep(0.01)
            return vector

        matched = {}
        retrieval.ASIDE = True
        try:
            found = candidates(store, text, speaker=speaker, encode=encode, prepare=prepare)
            matched[True] = match_text(store, text, speaker=speaker, top=20)
        finally:
            retrieval.ASIDE = None
        retrieval.ASIDE = False  # one after the other: nothing prepared
        try:
            matched[False] = match_text(store, text, speaker=speaker, top=20)
        finally:
            retrieval.ASIDE = None
        after = candidates(store, text, speaker=speaker, vector=encoder.encode([text])[0])
        assert list(found.items()) == list(after.items())
        assert matched[True] == matched[False] and len(matched[True]) > 3
        if len(os.sched_getaffinity(0)) >= 2:  # the worker thread prepared full-text candidates
            assert prepared and all(after[cid].relevance > 0 for cid in prepared)


def test_claims_embed_is_resumable_and_match_uses_the_stores_model(tmp_path, embedding_model):
    db = str(tmp_path / "cli.sqlite")
    runner = CliRunner()
    for claim in (PAY, *OTHERS):
        added = runner.invoke(
            main, ["claims", "add", claim.text, "--id", claim.id, "--db", db, "-q"]
        )
        assert added.exit_code == 0, added.output
    missing = runner.invoke(main, ["claims", "embed", "--db", db])
    assert missing.exit_code == 2 and "--embedding-model" in missing.stderr
    done = runner.invoke(
        main, ["claims", "embed", "--db", db, "--embedding-model", embedding_model]
    )
    assert done.exit_code == 0, done.output
    assert "embedded 4 claims" in done.stderr
    again = runner.invoke(main, ["claims", "embed", "--db", db])  # the store's model; nothing left
    assert again.exit_code == 0 and "embedded 0 claims" in again.stderr
    # A claim added later gets its vector at once, with the model the store records.
    runner.invoke(main, ["claims", "add", "Taxes on gasoline doubled.", "--id", "tax", "--db", db])
    with open_store(db, read_only=True) as store:
        assert store.vector_stats()[0] == store.count() == 5
    matched = runner.invoke(
        main,
        ["match", "--db", db, "--top", "1", "-q"],
        input=json.dumps({"id": "q", "text": QUERY}) + "\n",
    )
    row = json.loads(matched.stdout)
    assert row["claim_id"] == "pay" and "semantic" in row["reasons"]


def test_every_writer_embeds_into_a_store_with_vectors(store_url, encoder):
    # The library pipeline's --remember and a plain add_many never attach a model themselves:
    # the store, which records its model, embeds what they write.
    from conftest import SEED

    from attribution.pipeline import ClaimStep, run

    with open_store(store_url) as store:
        store.use_encoder(encoder)
        store.add_many(OTHERS)
    with open_store(store_url) as store:
        assert store.encoder is None
        (result,) = run(
            [SEED / "putin-china-2024.conllu"],
            claims=ClaimStep(store, match=False, remember=True, top=1, min_score=0),
        )
        assert result.quotes
        store.add(PAY)
        count, _ = store.vector_stats()
        assert count == store.count() > len(OTHERS) + 1
    with open_store(store_url, read_only=True) as store:
        assert match_text(store, QUERY, top=1)[0].claim_id == "pay"


def test_a_store_whose_model_is_gone_still_takes_claims_and_says_so(tmp_path):
    path = tmp_path / "gone-model.sqlite"
    with open_store(path) as store:
        store.set_meta("embedding_model", str(tmp_path / "no-such-model"))
        store.set_meta("embedding_dim", "384")
    with open_store(path) as store, pytest.warns(UserWarning, match="no-such-model.*claims embed"):
        store.add_many(OTHERS)
    with open_store(path, read_only=True) as store:
        assert store.count() == len(OTHERS) and store.vector_stats()[0] == 0


def test_an_interrupted_index_build_goes_on_where_it_stopped(tmp_path, encoder):
    texts = NUMBERED_CLAIMS
    with _numbered_store(tmp_path / "resume.sqlite", encoder) as store:
        index = VectorIndex(
            store, path=store.index_path(), model=encoder.name, dim=384, exact_up_to=10
        )

        def stop_at_40(added):
            if added >= 40:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            index.build(stop_at_40, checkpoint=20, batch=10)
        assert not store.index_path().exists()
        seen: list[int] = []
        assert index.build(seen.append, checkpoint=20, batch=10) == 60
        assert seen[0] == 50  # the 40 saved at the checkpoints were not added again
        partial = store.index_path().with_name(store.index_path().name + ".partial")
        assert store.index_path().exists() and not partial.exists()
        fresh = VectorIndex(
            store, path=store.index_path(), model=encoder.name, dim=384, exact_up_to=10
        )
        found = fresh.search(encoder.encode([texts[17]])[0], 5)
        assert found[0][0] == 18  # pk 18 is c17
        # every vector is in the file once (asked of the file, not of an approximate search,
        # which may return 59 of 60)
        from usearch.index import Index

        saved = Index.restore(str(store.index_path()))
        assert saved is not None and sorted(int(k) for k in saved.keys) == list(range(1, 61))


def test_match_quiet_with_a_model_writes_nothing_on_stderr(tmp_path, embedding_model):
    # A fresh process: the model is loaded there for the first time, as a user's run loads it.
    import subprocess
    import sys

    db = tmp_path / "quiet.sqlite"
    cli = [sys.executable, "-c", "import sys; from attribution.cli import main; main()"]
    added = subprocess.run(
        cli + ["claims", "add", PAY.text, "--db", str(db), "--embedding-model", embedding_model,
               "-q"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    matched = subprocess.run(
        cli + ["match", "--db", str(db), "--lines", "-q"],
        input=QUERY + "\n", capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert matched.returncode == 0 and matched.stderr == "", matched.stderr
    assert json.loads(matched.stdout.splitlines()[0])["query_id"] == "line-1"
