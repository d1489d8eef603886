"""PostgreSQL claim store (psycopg 3): full text with a stored tsvector and a GIN index.

Schema changes are numbered migrations recorded in a ``schema_version`` table and run
under an advisory lock, so processes starting together migrate once. ``schema=`` keeps
a store in its own PostgreSQL schema (tests use one each).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

from ..errors import StoreError
from ..models import Claim
from ..terms import query_terms
from .factory import missing_store
from .store import (
    CLAIM_FIELDS,
    FREQUENT,
    AddResult,
    Candidate,
    ClaimStore,
    WordCounts,
    select_terms,
)
from .urls import encode_userinfo, redact_url, scrub

_COLUMNS = ", ".join(CLAIM_FIELDS)
_LOCK_KEY = 0x61747472  # advisory lock id for migrations ("attr")
_BATCH = 5_000
PRUNE_FROM = (
    50_000  # tables this big leave their query's most common words out (store.select_terms)
)
ANALYZE_AFTER = 10_000  # an import this big refreshes the planner's statistics
# ts_rank's weights of the D, C, B (title) and A (text) labels: the title as SQLite's bm25
# column weights have it (sqlite.BM25_WEIGHTS).
TS_WEIGHTS = "{0.1, 0.2, 0.25, 1.0}"

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE claims (
            pk BIGSERIAL PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            speaker TEXT, date TEXT, verdict TEXT, url TEXT, title TEXT, source TEXT, origin TEXT,
            added TIMESTAMPTZ NOT NULL DEFAULT now(),
            tsv TSVECTOR GENERATED ALWAYS AS (
                setweight(to_tsvector('english', text), 'A') ||
                setweight(to_tsvector('english', coalesce(title, '')), 'B')) STORED,
            speaker_tsv TSVECTOR GENERATED ALWAYS AS (
                to_tsvector('simple', coalesce(speaker, ''))) STORED)""",
        "CREATE INDEX claims_tsv_idx ON claims USING GIN (tsv)",
        "CREATE INDEX claims_speaker_idx ON claims USING GIN (speaker_tsv)",
    ),
    # 2: when a claim was fact-checked, beside when it was made.
    ("ALTER TABLE claims ADD COLUMN reviewed TEXT",),
    # 3: sentence vectors (float32 bytes) beside their claims, and what the store records
    # (the embedding model's name and dimension). bytea, not pgvector: see claims/vectors.py.
    (
        """CREATE TABLE claim_vectors (
            pk BIGINT PRIMARY KEY REFERENCES claims(pk) ON DELETE CASCADE,
            vector BYTEA NOT NULL)""",
        "CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def tsquery_text(terms: Iterable[str], op: str = "|") -> str:
    """A tsquery of quoted lexemes; quoting keeps &, |, !, : and parentheses plain text."""
    return f" {op} ".join("'" + t.replace("'", "''").replace("\\", "\\\\") + "'" for t in terms)


class PostgresStore(ClaimStore):
    """Claims in a PostgreSQL database (``postgresql://user:pass@host/db``)."""

    searches_aside = True  # a psycopg connection serialises its threads' queries

    def __init__(self, url: str, *, schema: str | None = None, read_only: bool = False):
        try:
            import psycopg
            from psycopg import sql
        except ImportError as exc:
            raise StoreError(
                "the PostgreSQL claim store needs psycopg: pip install 'attribution[postgres]'"
            ) from exc
        self.url = redact_url(url)  # for messages: never show the password
        try:
            self._db = psycopg.connect(encode_userinfo(url), autocommit=True)
            if schema and not read_only:
                self._db.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
                )
            if schema:
                self._db.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
            if read_only:  # the server refuses any write of this session
                self._db.execute("SET default_transaction_read_only = on")
                row = self._db.execute("SELECT to_regclass('claims')").fetchone()
                has_claims = row[0] if row else None
        except psycopg.Error as exc:
            raise StoreError(f"cannot open claim store {self.url}: {scrub(str(exc), url)}") from exc
        self._error = psycopg.Error
        # text and speaker searches share the probes
        self._last_terms: tuple[tuple, tuple[str, tuple]] = ((), ("", ()))
        self._word_counts = WordCounts()  # the probes' counts (_term_query)
        if not read_only:
            self._migrate()
        elif has_claims is None:
            self._db.close()
            raise StoreError(missing_store(self.url))

    # -- schema --------------------------------------------------------------------------
    def schema_version(self) -> int:
        self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        return _value(self._db.execute("SELECT max(version) FROM schema_version").fetchone()) or 0

    def _migrate(self) -> None:
        try:
            with self._db.transaction():
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                current = self.schema_version()
                if current > SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.url}: schema version {current} is newer than this "
                        f"program ({SCHEMA_VERSION}); upgrade attribution"
                    )
                for version in range(current, SCHEMA_VERSION):
                    for statement in MIGRATIONS[version]:
                        self._db.execute(statement)
                    self._db.execute(
                        "INSERT INTO schema_version (version) VALUES (%s)", (version + 1,)
                    )
        except self._error as exc:
            raise StoreError(
                f"{self.url}: cannot create or migrate the claim tables: {exc}"
            ) from exc

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def transaction(self):
        with self._db.transaction():
            yield self

    def add_many(self, claims: Iterable[Claim]) -> AddResult:
        added = existing = 0
        self.writers_encoder()  # a store with vectors embeds what any writer adds
        iterator = iter(claims)
        self._last_terms = ((), ("", ()))  # word counts change
        self._word_counts.forget()
        try:
            with self._db.transaction():
                self._db.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS claims_incoming "
                    f"(seq BIGSERIAL, {', '.join(f + ' TEXT' for f in CLAIM_FIELDS)})"
                )
                while batch := list(islice(iterator, _BATCH)):
                    self._db.execute("TRUNCATE claims_incoming")
                    with self._db.cursor() as cur:
                        with cur.copy(f"COPY claims_incoming ({_COLUMNS}) FROM STDIN") as copy:
                            for claim in batch:
                                copy.write_row(tuple(getattr(claim, f) for f in CLAIM_FIELDS))
                        cur.execute(
                            f"INSERT INTO claims ({_COLUMNS}) SELECT {_COLUMNS} "
                            "FROM claims_incoming ORDER BY seq ON CONFLICT (id) DO NOTHING "
                            "RETURNING pk, text"
                        )
                        new_rows = cur.fetchall()
                        if self.encoder is not None:  # the vectors commit with their claims
                            self.embed(new_rows)
                        added += len(new_rows)
                        existing += len(batch) - len(new_rows)
            if added >= ANALYZE_AFTER:
                self._db.execute("ANALYZE claims")  # fresh row estimates for the search planner
        except self._error as exc:
            raise StoreError(f"{self.url}: cannot store claims: {exc}") from exc
        return AddResult(added=added, existing=existing)

    # -- vectors -------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM store_meta WHERE key = %s", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO store_meta (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def vector_rows(self, after: int = 0) -> Iterator[tuple[int, bytes]]:
        with self._db.cursor() as cur:
            last = after
            while True:  # keyset pages: no server-side cursor, no transaction held open
                cur.execute(
                    "SELECT pk, vector FROM claim_vectors WHERE pk > %s ORDER BY pk LIMIT 20000",
                    (last,),
                )
                rows = cur.fetchall()
                if not rows:
                    return
                for pk, blob in rows:
                    yield pk, bytes(blob)
                last = rows[-1][0]

    def vector_stats(self, after: int = 0) -> tuple[int, int]:
        row = self._db.execute(
            "SELECT count(*), coalesce(max(pk), 0) FROM claim_vectors WHERE pk > %s", (after,)
        ).fetchone()
        return (row[0], row[1]) if row else (0, 0)

    def unembedded(self, limit: int) -> list[tuple[int, str]]:
        return self._db.execute(
            "SELECT c.pk, c.text FROM claims c LEFT JOIN claim_vectors v ON v.pk = c.pk "
            "WHERE v.pk IS NULL ORDER BY c.pk LIMIT %s",
            (limit,),
        ).fetchall()

    def put_vectors(self, rows: list[tuple[int, bytes]]) -> None:
        with self._db.cursor() as cur:
            cur.executemany(
                "INSERT INTO claim_vectors (pk, vector) VALUES (%s, %s) "
                "ON CONFLICT (pk) DO UPDATE SET vector = excluded.vector",
                rows,
            )

    def claims_by_pk(self, pks: list[int]) -> dict[int, Claim]:
        if not pks:
            return {}
        rows = self._db.execute(
            f"SELECT pk, {_COLUMNS} FROM claims WHERE pk = ANY(%s)", (list(pks),)
        ).fetchall()
        return {row[0]: Claim(*row[1:]) for row in rows}

    def vectors_of(self, claim_ids: list[str]) -> dict[str, bytes]:
        if not claim_ids:
            return {}
        rows = self._db.execute(
            "SELECT c.id, v.vector FROM claims c JOIN claim_vectors v ON v.pk = c.pk "
            "WHERE c.id = ANY(%s)",
            (list(claim_ids),),
        ).fetchall()
        return {cid: bytes(blob) for cid, blob in rows}

    def index_path(self):
        # The index file of a server's store lives in this machine's cache, named by the
        # store (URL without password, schema): any machine rebuilds its own from the vectors.
        import hashlib
        from pathlib import Path

        import platformdirs

        schema = self._db.execute("SELECT current_schema()").fetchone()[0]
        key = hashlib.sha1(f"{self.url}\x1f{schema}".encode()).hexdigest()[:16]
        folder = Path(platformdirs.user_cache_dir("attribution")) / "vector-indexes"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"pg-{key}.hnsw"

    # -- reading -------------------------------------------------------------------------
    def get(self, claim_id: str) -> Claim | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM claims WHERE id = %s", (claim_id,)
        ).fetchone()
        return Claim(*row) if row else None

    def count(self) -> int:
        return _value(self._db.execute("SELECT count(*) FROM claims").fetchone())

    def iter_claims(
        self, *, speaker: str | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[Claim]:
        where = ""
        params: list[str | int | None] = []
        if speaker is not None:
            terms = speaker.lower().split()
            if not terms:
                return iter(())
            where = "WHERE speaker_tsv @@ to_tsquery('simple', %s)"
            params.append(tsquery_text(terms, "&"))
        params += [limit, offset]
        # A server-side cursor streams a large export instead of loading it whole.
        cur = self._db.cursor(name="claims_export") if limit is None else self._db.cursor()
        if limit is None:
            self._db.autocommit = False
        try:
            cur.execute(
                f"SELECT {_COLUMNS} FROM claims {where} ORDER BY pk LIMIT %s OFFSET %s", params
            )
            rows = cur.fetchall() if limit is not None else None
        except self._error as exc:
            self._db.autocommit = True
            raise StoreError(f"{self.url}: cannot list claims: {exc}") from exc
        if rows is not None:
            return (Claim(*row) for row in rows)
        return self._stream(cur)

    def _stream(self, cur) -> Iterator[Claim]:
        try:
            for row in cur:
                yield Claim(*row)
        finally:
            cur.close()
            self._db.commit()
            self._db.autocommit = True

    def search(
        self,
        text: str | Iterable[str],
        *,
        limit: int = 50,
        speaker_terms: Iterable[str] = (),
        speakers: Iterable[str] = (),
    ) -> list[Candidate]:
        terms = query_terms(text) if isinstance(text, str) else list(text)
        query, weights = self._term_query(terms) if terms else ("", ())
        if not query:
            return []
        # bm25's sum over the query's words, as SQLite's FTS5 ranks: each word's ts_rank (its
        # weighted frequency in the claim over its length) times the word's IDF in this store.
        # ts_rank over the whole query weighs every word alike, so a claim sharing two common
        # words outranked one sharing the rare word the fact-check turns on. Over the length
        # (normalisation 2), not its log (1) or none (0): 2B train 0.6753 / 0.6747 / 0.6721.
        rank = " + ".join(
            f"%s * ts_rank('{TS_WEIGHTS}', tsv, to_tsquery('english', %s), 2)" for _ in weights
        )
        params: list = [v for word, idf in weights for v in (idf, tsquery_text([word]))]
        params.append(query)
        where = "tsv @@ q"
        speaker_terms = [t.lower() for t in speaker_terms]
        if speaker_terms:
            where += " AND speaker_tsv @@ to_tsquery('simple', %s)"
            params.append(tsquery_text(speaker_terms, "&"))
        anyone = [t.lower() for t in speakers]
        if anyone:
            where += " AND speaker_tsv @@ to_tsquery('simple', %s)"
            params.append(tsquery_text(anyone, "|"))
        params.append(limit)
        sql = (
            f"SELECT {_COLUMNS}, {rank} AS r FROM claims, to_tsquery('english', %s) "
            f"AS q WHERE {where} ORDER BY r DESC, pk LIMIT %s"
        )
        try:
            rows = self._db.execute(sql, params).fetchall()
        except self._error as exc:
            raise StoreError(f"{self.url}: full-text search failed: {exc}") from exc
        return [Candidate(Claim(*row[:-1]), row[-1]) for row in rows]

    def _term_query(self, terms: list[str]) -> tuple[str, tuple[tuple[str, float], ...]]:
        """The tsquery text for the query words (see :func:`select_terms`) and each kept
        word's IDF in the store (bm25's, as FTS5 computes it)."""
        key = tuple(terms)
        if key == self._last_terms[0]:
            return self._last_terms[1]
        # The rows come in the table's order, close to pk order.
        sql = (
            "SELECT count(*), max(pk) FROM (SELECT pk FROM claims "
            "WHERE tsv @@ to_tsquery('english', %s) LIMIT %s) AS hits"
        )

        def probe(term: str) -> tuple[int, int | None]:
            row = self._db.execute(sql, (tsquery_text([term]), FREQUENT))
            return row.fetchone() or (0, None)  # an aggregate: one row

        try:
            with self._db.transaction():
                self._db.execute("SET LOCAL enable_seqscan = off")  # a probe must use the index
                largest = _value(
                    self._db.execute("SELECT coalesce(max(pk), 0) FROM claims").fetchone()
                )
                count = self._word_counts.counter(largest, probe)
                if self._estimated_rows() < PRUNE_FROM:
                    # In a small table ranking every claim of every word costs little.
                    words, mode = terms, "any"
                else:
                    words, mode = select_terms(terms, count)
                weights = tuple((w, _idf(largest, count(w))) for w in words)
        except self._error as exc:
            raise StoreError(f"{self.url}: full-text search failed: {exc}") from exc
        query = tsquery_text(words, "&" if mode == "all" else "|")
        self._last_terms = (key, (query, weights))
        return self._last_terms[1]

    def _estimated_rows(self) -> float:
        # The planner's row estimate (kept by ANALYZE): free, unlike count(*).
        row = self._db.execute(
            "SELECT reltuples FROM pg_class WHERE oid = 'claims'::regclass"
        ).fetchone()
        return row[0] if row else 0.0

    def close(self) -> None:
        if getattr(self, "_db", None) is not None:
            self._db.close()
            del self._db  # closed: a second close() finds no connection


def _idf(claims: int, found: float) -> float:
    """bm25's inverse document frequency of a word in ``found`` of ``claims`` claims, floored
    as FTS5 floors it (a word in most claims still counts a little)."""
    return max(math.log((claims - found + 0.5) / (found + 0.5)), 1e-6)


def _value(row: tuple[Any, ...] | None) -> Any:
    """The one value of an aggregate query's row (an aggregate always returns one row)."""
    assert row is not None
    return row[0]
