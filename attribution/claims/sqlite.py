"""SQLite claim store: one file, WAL journal, FTS5 (bm25) candidate retrieval.

Schema changes are numbered migrations recorded in ``PRAGMA user_version``. Writers
take the lock up front (``BEGIN IMMEDIATE``) and wait ``busy_timeout`` for each other,
so two processes importing at once serialise instead of failing or losing rows.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from itertools import islice
from pathlib import Path
from urllib.parse import quote

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

try:  # the `sqlite` extra: a newer SQLite, whose FTS5 ranks a search's rows faster (README Speed)
    import pysqlite3.dbapi2 as sqlite3
except ImportError:
    import sqlite3

_COLUMNS = ", ".join(CLAIM_FIELDS)
_SELECT = f"SELECT {', '.join('c.' + f for f in CLAIM_FIELDS)} FROM claims c"
BUSY_TIMEOUT_MS = 60_000
_BATCH = 20_000

# Each entry brings the schema from version i to i + 1; never edit a released one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE claims (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            speaker TEXT, date TEXT, verdict TEXT, url TEXT, title TEXT, source TEXT, origin TEXT,
            added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))""",
        # External-content index: the text lives once, in claims; add_many indexes new rows,
        # the triggers below follow deletes and updates.
        """CREATE VIRTUAL TABLE claims_fts USING fts5(
            text, title, speaker, content='claims', content_rowid='pk',
            tokenize='porter unicode61 remove_diacritics 2', detail=column)""",
        # No insert trigger: add_many indexes each batch with one INSERT ... SELECT, ten
        # times faster than a trigger firing per row.
        """CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, text, title, speaker)
            VALUES ('delete', old.pk, old.text, old.title, old.speaker); END""",
        """CREATE TRIGGER claims_au AFTER UPDATE ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, text, title, speaker)
            VALUES ('delete', old.pk, old.text, old.title, old.speaker);
            INSERT INTO claims_fts(rowid, text, title, speaker)
            VALUES (new.pk, new.text, new.title, new.speaker); END""",
    ),
    # 2: when a claim was fact-checked, beside when it was made.
    ("ALTER TABLE claims ADD COLUMN reviewed TEXT",),
    # 3: sentence vectors (float32 bytes) beside their claims, and what the store records
    # (the embedding model's name and dimension).
    (
        """CREATE TABLE claim_vectors (
            pk INTEGER PRIMARY KEY REFERENCES claims(pk) ON DELETE CASCADE,
            vector BLOB NOT NULL)""",
        "CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


# bm25 column weights: text, title (a fact-check's headline says the claim in other words),
# speaker. Title 0.25 on CheckThat! 2B train: 0.6735 / 0.6740 / 0.6748 / 0.6739 / 0.6735 for
# 0 / 0.1 / 0.25 / 0.5 / 1.0 (postgres.TS_WEIGHTS gives PostgreSQL's title the same).
BM25_WEIGHTS = (1.0, 0.25, 0.0)
# Below this many claims the speaker's search ranks every word of the query: the speaker's
# claims say it in their own words, which the rarest words alone often miss (2B train
# 0.6748 -> 0.6755); above, it would rank every claim of the common words (at 200k claims
# 21 ms a search against 1 ms; 4 ms at 20k).
SPEAKER_ALL_WORDS = 50_000


def _serialised() -> bool:
    """Whether this SQLite is built serialised (one connection safe from two threads).
    pysqlite3 reports threadsafety 1 whatever its build: its build options say it then."""
    if sqlite3.threadsafety == 3:
        return True
    with closing(sqlite3.connect(":memory:")) as db:
        return ("THREADSAFE=1",) in db.execute("PRAGMA compile_options").fetchall()


def fts_or_query(terms: Iterable[str]) -> str:
    """An FTS5 OR query of quoted terms; quoting makes AND/NOT/NEAR/column names plain words."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


class SQLiteStore(ClaimStore):
    """Claims in one SQLite file (created when missing, in an existing directory: a mistyped
    path must not become an empty store).

    ``read_only`` opens an existing store for reading only: nothing is created, migrated
    or written, so a store in a read-only directory (or a read-only file) can be read.
    """

    # A search may run in a worker thread while the caller encodes (matching.retrieval):
    # SQLite built serialised (threadsafety 3) makes one connection safe from two threads.
    searches_aside = _serialised()

    def __init__(
        self, path: str | Path, *, timeout_ms: int = BUSY_TIMEOUT_MS, read_only: bool = False
    ):
        self.path = Path(path)
        self.url = str(self.path)
        self.read_only = read_only
        self._depth = 0
        self._last_terms: tuple[tuple, str] = ((), "")  # text and speaker searches share the probes
        self._word_counts = WordCounts()  # the probes' counts (_term_query)
        self._searcher: SQLiteStore | None = None
        if read_only:
            self._db = self._open_read_only(timeout_ms)
            self._check_schema()
            return
        if not self.path.exists() and not self.path.parent.is_dir():
            raise StoreError(
                f"cannot create claim store {self.path}: there is no directory "
                f"{self.path.parent} (create it first, or check the --db path)"
            )
        if self.path.is_dir():
            raise StoreError(f"cannot use {self.path} as a claim store: it is a directory")
        try:
            # Autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE.
            self._db = sqlite3.connect(
                self.path, isolation_level=None, timeout=timeout_ms / 1000, check_same_thread=False
            )
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
            self._use_wal()
            # With WAL, NORMAL stays consistent after any crash; a power cut may lose the last
            # commit.
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(
                "PRAGMA cache_size = -65536"
            )  # 64 MB: the id index of a big import stays in memory
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open claim store {self.path}: {_why(exc)}") from exc
        with self._faults("cannot read its schema"):
            self._migrate()

    def _open_read_only(self, timeout_ms: int) -> sqlite3.Connection:
        """A read-only connection; in a read-only directory, where SQLite cannot make the
        WAL's shared-memory file, the file is opened as immutable (no locks, no journal)."""
        if not self.path.is_file():
            raise StoreError(
                missing_store(str(self.path))
                + (" (it is a directory)" if self.path.is_dir() else "")
            )
        uri = "file:" + quote(str(self.path.resolve()), safe="/")
        last: sqlite3.Error | None = None
        for flags in ("?mode=ro", "?mode=ro&immutable=1"):
            if "immutable" in flags and _unsaved_wal(self.path):
                break  # immutable ignores the WAL: its last commits would be missing
            db = None
            try:
                db = sqlite3.connect(
                    uri + flags,
                    uri=True,
                    isolation_level=None,
                    timeout=timeout_ms / 1000,
                    check_same_thread=False,
                )
                db.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return db
            except sqlite3.Error as exc:
                if db is not None:
                    db.close()
                last = exc
                if "unable to open" not in str(exc) and "readonly" not in str(exc):
                    break
        raise StoreError(f"cannot open claim store {self.path}: {_why(last)}")

    def _check_schema(self) -> None:
        with self._faults("cannot read its schema"):
            version = self.schema_version()
        if version == 0:
            raise StoreError(f"{self.path} is not a claim store (it holds no claims table)")
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version}, this program reads {SCHEMA_VERSION}; "
                + (
                    "upgrade attribution"
                    if version > SCHEMA_VERSION
                    else "run a writing command on it once (claims import) to migrate it"
                )
            )

    @contextmanager
    def _faults(self, doing: str):
        """SQLite errors (a damaged file, a vanished disk) as one StoreError line."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {doing}: {_why(exc)}") from exc

    # -- schema --------------------------------------------------------------------------
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        if self.schema_version() == SCHEMA_VERSION:
            return
        with self.transaction():
            current = (
                self.schema_version()
            )  # re-read under the lock: another process may have migrated
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: schema version {current} is newer than this program "
                    f"({SCHEMA_VERSION}); upgrade attribution"
                )
            for version in range(current, SCHEMA_VERSION):
                for statement in MIGRATIONS[version]:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version + 1}")

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def transaction(self):
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: commit failed: {exc}") from exc

    def _begin(self) -> None:
        self._while_locked(lambda: self._db.execute("BEGIN IMMEDIATE"))

    def _use_wal(self) -> None:
        if self._db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            return  # already switched (the mode is stored in the file): no lock needed
        # Switching needs an exclusive lock. When two processes create the same new store
        # at once, SQLite reports the deadlock at once instead of waiting busy_timeout.
        mode = self._while_locked(
            lambda: self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        )
        if mode.lower() != "wal":
            raise StoreError(f"{self.path}: cannot switch the claim store to WAL mode")

    def _while_locked(self, action, attempts: int = 8):
        """Run ``action``, retrying with a growing pause while another process holds the lock.

        busy_timeout covers most waits; the retries cover a lock held past it and the
        lock upgrades SQLite refuses without waiting.
        """
        for attempt in range(attempts):
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise StoreError(f"{self.path}: {exc}") from exc
                if attempt == attempts - 1:
                    raise StoreError(
                        f"{self.path}: the claim store stayed locked by another process; "
                        "try again when its import has finished"
                    ) from exc
                time.sleep(0.05 * 2**attempt)

    def add_many(self, claims: Iterable[Claim]) -> AddResult:
        added = existing = 0
        marks = ", ".join("?" * len(CLAIM_FIELDS))
        sql = f"INSERT OR IGNORE INTO claims ({_COLUMNS}) VALUES ({marks})"
        self.writers_encoder()  # a store with vectors embeds what any writer adds
        iterator = iter(claims)
        self._last_terms = ((), "")  # word counts change
        self._word_counts.forget()
        with self.transaction():
            while batch := list(islice(iterator, _BATCH)):
                rows = [tuple(getattr(c, f) for f in CLAIM_FIELDS) for c in batch]
                try:
                    # New rows get keys above the current largest: the write lock is ours.
                    last = self._size()
                    cursor = self._db.executemany(sql, rows)
                    self._db.execute(
                        "INSERT INTO claims_fts(rowid, text, title, speaker) "
                        "SELECT pk, text, title, speaker FROM claims WHERE pk > ?",
                        (last,),
                    )
                    if self.encoder is not None:  # the vectors commit with their claims
                        self.embed(
                            self._db.execute(
                                "SELECT pk, text FROM claims WHERE pk > ? ORDER BY pk", (last,)
                            ).fetchall()
                        )
                except sqlite3.Error as exc:
                    raise StoreError(f"{self.path}: cannot store claims: {_why(exc)}") from exc
                added += cursor.rowcount
                existing += len(rows) - cursor.rowcount
        return AddResult(added=added, existing=existing)

    # -- vectors -------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        with self._faults("cannot read what the store records"):
            row = self._db.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT INTO store_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def vector_rows(self, after: int = 0) -> Iterator[tuple[int, bytes]]:
        return iter(
            self._db.execute(
                "SELECT pk, vector FROM claim_vectors WHERE pk > ? ORDER BY pk", (after,)
            )
        )

    def vector_stats(self, after: int = 0) -> tuple[int, int]:
        with self._faults("cannot read its vectors"):
            count, largest = self._db.execute(
                "SELECT count(*), coalesce(max(pk), 0) FROM claim_vectors WHERE pk > ?", (after,)
            ).fetchone()
        return count, largest

    def unembedded(self, limit: int) -> list[tuple[int, str]]:
        return self._db.execute(
            "SELECT c.pk, c.text FROM claims c LEFT JOIN claim_vectors v ON v.pk = c.pk "
            "WHERE v.pk IS NULL ORDER BY c.pk LIMIT ?",
            (limit,),
        ).fetchall()

    def put_vectors(self, rows: list[tuple[int, bytes]]) -> None:
        with self.transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO claim_vectors (pk, vector) VALUES (?, ?)", rows
            )

    def claims_by_pk(self, pks: list[int]) -> dict[int, Claim]:
        if not pks:
            return {}
        marks = ", ".join("?" * len(pks))
        rows = self._db.execute(
            f"SELECT c.pk, {', '.join('c.' + f for f in CLAIM_FIELDS)} FROM claims c "
            f"WHERE c.pk IN ({marks})",
            pks,
        )
        return {row[0]: Claim(*row[1:]) for row in rows}

    def vectors_of(self, claim_ids: list[str]) -> dict[str, bytes]:
        if not claim_ids:
            return {}
        marks = ", ".join("?" * len(claim_ids))
        rows = self._db.execute(
            f"SELECT c.id, v.vector FROM claims c JOIN claim_vectors v ON v.pk = c.pk "
            f"WHERE c.id IN ({marks})",
            claim_ids,
        )
        return dict(rows.fetchall())

    def index_path(self) -> Path | None:
        return self.path.with_name(self.path.name + ".hnsw")

    def searcher(self) -> ClaimStore:
        # A connection of its own: on this one a search's step would hold the connection's
        # lock while the caller reads the vector candidates. Not inside a transaction, whose
        # writes another connection cannot see.
        if self._depth or self._db.in_transaction:
            return self
        if self._searcher is None:
            try:
                self._searcher = SQLiteStore(self.path, read_only=True)
            except StoreError:
                return self
        return self._searcher

    # -- reading -------------------------------------------------------------------------
    def get(self, claim_id: str) -> Claim | None:
        with self._faults("cannot read a claim"):
            row = self._db.execute(f"{_SELECT} WHERE c.id = ?", (claim_id,)).fetchone()
        return Claim(*row) if row else None

    def count(self) -> int:
        with self._faults("cannot count the claims"):
            return self._db.execute("SELECT count(*) FROM claims").fetchone()[0]

    def iter_claims(
        self, *, speaker: str | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[Claim]:
        if speaker is None:
            sql = f"{_SELECT} ORDER BY c.pk LIMIT ? OFFSET ?"
            params: tuple = (-1 if limit is None else limit, offset)
        else:
            # The full-text speaker column narrows it; the caller's exact test follows.
            sql = (
                f"{_SELECT} JOIN claims_fts f ON f.rowid = c.pk WHERE claims_fts MATCH ? "
                "ORDER BY c.pk LIMIT ? OFFSET ?"
            )
            terms = speaker.split()
            if not terms:
                return iter(())
            params = (
                "speaker : (" + fts_or_query(terms).replace(" OR ", " AND ") + ")",
                -1 if limit is None else limit,
                offset,
            )
        return self._rows(sql, params)

    def _rows(self, sql: str, params: tuple) -> Iterator[Claim]:
        # A damaged page can show up on any row: the error comes where it is met.
        with self._faults("cannot read the claims"):
            for row in self._db.execute(sql, params):
                yield Claim(*row)

    def search(
        self,
        text: str | Iterable[str],
        *,
        limit: int = 50,
        speaker_terms: Iterable[str] = (),
        speakers: Iterable[str] = (),
    ) -> list[Candidate]:
        terms = query_terms(text) if isinstance(text, str) else list(text)
        words = self._term_query(terms) if terms else ""
        if not words:
            return []
        speaker_words = query_terms(" ".join(speaker_terms), limit=8)
        speakers = list(speakers)
        anyone = query_terms(" ".join(speakers))
        if speakers and not anyone:  # surnames the tokeniser drops ("More"): none to keep
            return []
        if (speaker_words or anyone) and self._size() < SPEAKER_ALL_WORDS:
            words = fts_or_query(terms)
        query = "{text title} : (" + words + ")"
        if anyone:
            query = "speaker : (" + fts_or_query(anyone) + ") AND " + query
        if speaker_words:
            query = (
                "speaker : ("
                + fts_or_query(speaker_words).replace(" OR ", " AND ")
                + ") AND "
                + query
            )
        # ORDER BY the hidden rank column lets FTS5 keep only the best rows as it goes.
        sql = (
            f"SELECT {', '.join('c.' + f for f in CLAIM_FIELDS)}, claims_fts.rank "
            "FROM claims_fts JOIN claims c ON c.pk = claims_fts.rowid "
            "WHERE claims_fts MATCH ? AND claims_fts.rank MATCH "
            f"'bm25({', '.join(map(str, BM25_WEIGHTS))})' "
            "ORDER BY claims_fts.rank LIMIT ?"
        )
        try:
            rows = self._db.execute(sql, (query, limit)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: full-text search failed: {_why(exc)}") from exc
        return [Candidate(Claim(*row[:-1]), -row[-1]) for row in rows]

    def _term_query(self, terms: list[str]) -> str:
        """The FTS5 expression for the query words (see :func:`select_terms`)."""
        key = tuple(terms)
        if key != self._last_terms[0]:
            # The rows come in rowid order (bm25 reads a common word's every row).
            sql = (
                "SELECT count(*), max(rowid) FROM "
                "(SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?)"
            )

            def probe(term: str) -> tuple[int, int | None]:
                query = "{text title} : " + fts_or_query([term])
                return self._db.execute(sql, (query, FREQUENT)).fetchone()

            with self._faults("full-text search failed"):
                count = self._word_counts.counter(self._size(), probe)
                words, mode = select_terms(terms, count)
            query = fts_or_query(words)
            self._last_terms = (key, query.replace(" OR ", " AND ") if mode == "all" else query)
        return self._last_terms[1]

    def _size(self) -> int:
        # max(pk) is one index step; count(*) would read the whole table.
        return self._db.execute("SELECT coalesce(max(pk), 0) FROM claims").fetchone()[0]

    def integrity_check(self) -> str:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if getattr(self, "_db", None) is not None:
            self._db.close()
            del self._db  # closed: a second close() finds no connection


def _unsaved_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.is_file() and wal.stat().st_size > 0


def _why(exc: sqlite3.Error | None) -> str:
    """SQLite's message, with what to do where it names a damaged or read-only file."""
    text = str(exc)
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return (
            f"{text}: the file is damaged; restore it from a backup, or save what can be "
            "read with `sqlite3 FILE .recover | sqlite3 NEW_FILE`"
        )
    if "readonly" in text or "read-only" in text:
        return f"{text}: the file or its directory cannot be written"
    return text
