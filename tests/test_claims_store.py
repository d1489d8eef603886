"""The ClaimStore contract, run against SQLite and against a real PostgreSQL server."""

from __future__ import annotations

import uuid

import pytest
from conftest import DATA

from attribution.claims import Claim, import_claims, open_store
from attribution.errors import StoreError

CLAIMS = DATA / "claims"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """A fresh, empty store of each backend (PostgreSQL: a schema of its own, dropped after)."""
    if request.param == "sqlite":
        with open_store(tmp_path / "claims.sqlite") as s:
            yield s
        return
    url = request.getfixturevalue("pg_url")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with open_store(url, schema=schema) as s:
        yield s
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f'DROP SCHEMA "{schema}" CASCADE')


def test_new_store_is_migrated_and_empty(store):
    assert store.schema_version() >= 1
    assert store.count() == 0
    assert store.search("anything at all") == []


def test_add_get_and_idempotent_re_add(store):
    claim = Claim(
        id="c1",
        text="Wind turbines cause cancer.",
        speaker="Donald Trump",
        date="2019-04-02",
        verdict="pants-fire",
        url="https://example.org/c1",
        title="Windmills",
        source="PolitiFact",
        origin="test",
    )
    assert store.add(claim) is True
    assert store.add(claim) is False
    assert store.add(Claim(id="c1", text="A different text under the same id")) is False
    assert store.get("c1") == claim
    assert store.get("missing") is None
    assert store.count() == 1


def test_import_twice_adds_nothing_the_second_time(store):
    first = import_claims(store, CLAIMS / "claims.jsonl")
    second = import_claims(store, CLAIMS / "claims.jsonl")
    assert (first.added, first.existing) == (5, 0)
    assert (second.added, second.existing) == (0, 5)
    assert store.count() == 5
    assert {c.origin for c in store.iter_claims()} == {"claims.jsonl"}


def test_search_ranks_the_claim_sharing_rare_words_first(store):
    import_claims(store, CLAIMS / "claims.jsonl")
    import_claims(store, CLAIMS / "claims.csv")
    hits = store.search("He said that the windmills, the wind turbines, give you cancer", limit=3)
    assert hits and hits[0].claim.id == "pf-2"
    assert all(a.relevance >= b.relevance for a, b in zip(hits, hits[1:]))


def test_search_within_a_speakers_claims(store):
    import_claims(store, CLAIMS / "claims.jsonl")
    hits = store.search(
        "unemployment crime prices cancer elections", limit=10, speaker_terms=["trump"]
    )
    assert {h.claim.id for h in hits} == {"pf-1", "pf-2"}


def test_search_within_several_speakers_claims(store):
    import_claims(store, CLAIMS / "claims.jsonl")
    query = "unemployment crime prices cancer elections Chicago France"
    hits = store.search(query, limit=10, speakers=["trump", "lightfoot"])
    assert {h.claim.id for h in hits} == {"pf-1", "pf-2", "pf-3"}
    assert [h.claim.id for h in store.search(query, speakers=["lightfoot"])] == ["pf-3"]
    assert store.search(query, speakers=["nobody"]) == []
    assert store.search(query, speakers=["more"]) == []  # a stopword too: never all claims


def test_a_rare_shared_word_outranks_common_ones_and_counts_follow_added_claims(store):
    # Both backends rank as bm25 does: a word's weight is its rarity in this store, so the
    # claim sharing the one rare word comes before those sharing two common ones; and the
    # rarity is re-read once claims are added.
    store.add_many(
        [Claim(id=f"q{i}", text=f"Harbour quay pier{i}") for i in range(30)]
        + [Claim(id="tunnel", text="Harbour tunnel")]
    )
    query = "the harbour quay and its tunnel"
    assert store.search(query, limit=5)[0].claim.id == "tunnel"
    store.add_many([Claim(id=f"t{i}", text=f"Harbour tunnel dock{i}") for i in range(90)])
    assert store.search(query, limit=5)[0].claim.id.startswith("q")


def test_in_a_small_store_the_speakers_search_ranks_the_common_words_too(store):
    from attribution.claims.store import FREQUENT

    # "jobs" is common, so a search of all claims keeps the statement's rarer words; among
    # the speaker's claims (few, in their own words) the common word still finds hers.
    store.add_many(
        [
            Claim(id=f"j{i}", text=f"Harbour jobs pier{i}", speaker="Tom Ray")
            for i in range(FREQUENT)
        ]
        + [
            Claim(id=f"w{i}", text=f"The {w} story", speaker="Tom Ray")
            for i, w in enumerate(("wharf", "lighthouse", "ferry"))
        ]
        + [Claim(id="hers", text="We created more jobs than anyone", speaker="Ann Smith")]
    )
    query = "the wharf, the lighthouse and the ferry brought jobs"
    assert "hers" not in {h.claim.id for h in store.search(query)}
    assert [h.claim.id for h in store.search(query, speaker_terms=["smith"])] == ["hers"]


def _common_words(count: int) -> list[Claim]:
    """Claims whose words are all in thousands of them (and one word of their own)."""
    return [
        Claim(
            id=f"c{i}",
            text=" ".join(
                ["harbour", "ferry"]
                + (["tunnel"] if i % 2 == 0 else [])
                + (["bridge"] if i % 3 == 0 else [])
                + [f"pier{i}"]
            ),
        )
        for i in range(count)
    ]


def test_a_query_of_common_words_only_ranks_the_claims_of_its_least_common_ones(tmp_path):
    from attribution.claims.store import FREQUENT

    # Every word in FREQUENT+ claims: they come together, the least common three (ranking
    # scans each one's every claim), not the first three the statement says.
    with open_store(tmp_path / "common.sqlite") as db:
        db.add_many(_common_words(4 * FREQUENT))
        hits = db.search("harbour ferry tunnel bridge", limit=50)
    assert len(hits) == 50
    assert all({"tunnel", "bridge"} <= set(h.claim.text.split()) for h in hits)


def test_word_counts_kept_between_searches_follow_a_claim_added_since(tmp_path):
    from attribution.claims.store import FREQUENT

    with open_store(tmp_path / "common.sqlite") as db:
        db.add_many(_common_words(2 * FREQUENT))
        query = "harbour ferry tunnel quay"
        assert "quay" not in {w for h in db.search(query) for w in h.claim.text.split()}
        # "quay" was in no claim: now a rare word, it alone is what the query ranks
        db.add(Claim(id="quay", text="The old quay"))
        assert [h.claim.id for h in db.search(query)] == ["quay"]


def test_a_search_beside_the_caller_reads_on_its_own_connection_what_is_committed(tmp_path):
    with open_store(tmp_path / "two.sqlite") as db:
        import_claims(db, CLAIMS / "claims.jsonl")
        searcher = db.searcher()
        assert searcher is not db and searcher._db is not db._db
        query = "the wind turbines give you cancer"
        assert [h.claim.id for h in searcher.search(query)] == [
            h.claim.id for h in db.search(query)
        ]
        with db.transaction():  # what is not committed only the store's own connection sees
            assert db.searcher() is db
            db.add(Claim(id="kites", text="Kites give you cancer, says a windmill maker"))
        assert "kites" in {h.claim.id for h in db.searcher().search(query)}
    assert not hasattr(searcher, "_db")  # closed with the store


def test_iter_claims_in_order_with_limit_offset_and_speaker(store):
    import_claims(store, CLAIMS / "claims.jsonl")
    ids = [c.id for c in store.iter_claims()]
    assert ids[:3] == ["pf-1", "pf-2", "pf-3"] and len(ids) == 5
    assert [c.id for c in store.iter_claims(limit=2, offset=1)] == ["pf-2", "pf-3"]
    assert {c.id for c in store.iter_claims(speaker="trump")} == {"pf-1", "pf-2"}


@pytest.mark.parametrize(
    "hostile",
    [
        "'); DROP TABLE claims; --",
        '" OR 1=1 --',
        "NEAR(a b) AND NOT c OR text : x * ^",
        "a & b | !c <-> d :* ' \\",
    ],
)
def test_hostile_text_is_stored_and_searched_as_plain_text(store, hostile):
    store.add(Claim(id="x", text=hostile, speaker=hostile))
    store.add(Claim(id="y", text="An ordinary claim about drop tables in schools."))
    assert store.get("x").text == hostile
    store.search(hostile)  # must not raise: terms are quoted, never spliced into SQL
    store.search(hostile, speaker_terms=hostile.split())
    assert store.count() == 2


def test_drop_table_text_finds_the_claim_it_names(store):
    store.add(Claim(id="x", text="'); DROP TABLE claims; --"))
    assert [h.claim.id for h in store.search("drop table claims")] == ["x"]


def test_unicode_and_accents_fold_for_search(store):
    import_claims(store, CLAIMS / "claims.jsonl")
    assert store.search("electricite prices france")[0].claim.id == "pf-5"


def test_a_failed_batch_leaves_nothing_behind(store):
    store.add(Claim(id="kept", text="Committed before the failure."))

    def claims():
        yield Claim(id="a", text="first of the failing batch")
        raise RuntimeError("the source broke mid-way")

    with pytest.raises(RuntimeError):
        store.add_many(claims())
    assert store.count() == 1 and store.get("a") is None


def test_unknown_url_scheme_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="postgresql://"):
        open_store("mysql://localhost/claims")


def test_sqlite_store_uses_wal_and_a_versioned_schema(tmp_path):
    from attribution.claims.sqlite import SCHEMA_VERSION

    with open_store(tmp_path / "a.sqlite") as s:
        assert s._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.schema_version() == SCHEMA_VERSION
    with open_store(tmp_path / "a.sqlite") as s:  # reopening migrates nothing twice
        assert s.schema_version() == SCHEMA_VERSION


def test_sqlite_refuses_a_newer_schema(tmp_path):
    import sqlite3

    path = tmp_path / "future.sqlite"
    open_store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


@pytest.mark.corpora
def test_both_sqlite_builds_retrieve_the_same_candidates(tmp_path, corpora_dir, monkeypatch):
    # The `sqlite` extra's newer SQLite ranks faster; it must find what Python's own finds.
    pytest.importorskip("pysqlite3", reason="the sqlite extra is not installed")
    import json
    import sqlite3 as builtin

    from attribution.claims import sqlite as backend

    if backend.sqlite3.sqlite_version == builtin.sqlite_version:
        pytest.skip("Python's own sqlite3 is the same SQLite as pysqlite3's here")
    task = corpora_dir / "checkthat-2021-2b"
    path = tmp_path / "politifact.sqlite"
    with open_store(path) as s:
        import_claims(s, task / "claims.jsonl.gz")
    lines = (task / "dev.queries.jsonl").read_text(encoding="utf-8").splitlines()
    queries = [json.loads(line) for line in lines[:40]]

    def found() -> list:
        with open_store(path, read_only=True) as s:
            return [
                [(c.claim.id, round(c.relevance, 6)) for c in s.search(q["text"], limit=100)]
                + [c.claim.id for c in s.search(q["text"], speaker_terms=q["speaker"].split())]
                for q in queries
            ]

    newer = found()
    monkeypatch.setattr(backend, "sqlite3", builtin)
    assert found() == newer
    assert sum(map(len, newer)) > 100 * len(queries)  # real candidate lists compared


def test_default_location_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTRIBUTION_DB", str(tmp_path / "env.sqlite"))
    with open_store() as s:
        s.add(Claim(id="e", text="stored where the environment says"))
    assert (tmp_path / "env.sqlite").exists()


def test_opening_a_missing_store_to_read_is_an_error_and_creates_nothing(tmp_path):
    path = tmp_path / "absent.sqlite"
    with pytest.raises(StoreError, match="no claim store at .*absent.sqlite"):
        open_store(path, read_only=True)
    assert not path.exists()
    with pytest.raises(StoreError, match="there is no directory"):
        open_store(tmp_path / "absent-dir" / "claims.sqlite")
    assert not (tmp_path / "absent-dir").exists()


@pytest.mark.postgres
def test_opening_a_missing_postgres_store_to_read_is_an_error(pg_url):
    schema = f"absent_{uuid.uuid4().hex[:12]}"
    with pytest.raises(StoreError, match="no claim store at"):
        open_store(pg_url, read_only=True, schema=schema)
    import psycopg

    with psycopg.connect(pg_url) as conn:
        there = conn.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()[0]
    assert there == 0


def test_a_store_of_schema_version_1_gains_the_reviewed_column(tmp_path):
    import sqlite3

    from attribution.claims.sqlite import MIGRATIONS

    path = tmp_path / "v1.sqlite"
    with sqlite3.connect(path) as db:
        for statement in MIGRATIONS[0]:
            db.execute(statement)
        db.execute(
            "INSERT INTO claims (id, text, date) VALUES ('old', 'Kept as it was.', '2019-01-02')"
        )
        db.execute("PRAGMA user_version = 1")
    with open_store(path) as s:
        assert s.schema_version() == len(MIGRATIONS)
        old = s.get("old")
        assert (old.text, old.date, old.reviewed) == ("Kept as it was.", "2019-01-02", None)
        s.add(Claim(id="new", text="Checked later.", date="2019-01-02", reviewed="2020-05-06"))
        assert s.get("new").reviewed == "2020-05-06"
