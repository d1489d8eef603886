"""The SQLite store under stress: concurrent importers, a killed importer (real processes)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from attribution.claims import open_store

CLI = [sys.executable, "-c", "import sys; from attribution.cli import main; main()"]


def write_claims(path, ids, *, tag):
    with open(path, "w", encoding="utf-8") as out:
        for i in ids:
            out.write(
                json.dumps(
                    {
                        "id": f"claim-{i}",
                        "text": f"Claim number {i} about budget item {i % 97} ({tag})",
                        "speaker": f"Speaker {i % 13}",
                    }
                )
                + "\n"
            )
    return path


def consistent(db_path) -> None:
    """SQLite's own checks: the b-trees, and the full-text index against its content table."""
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.execute("INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)")


def test_two_processes_importing_at_once_lose_nothing(tmp_path):
    db = tmp_path / "shared.sqlite"
    # Overlapping files: 0..11999 and 8000..19999, so both also race on the same ids.
    first = write_claims(tmp_path / "a.jsonl", range(0, 12000), tag="a")
    second = write_claims(tmp_path / "b.jsonl", range(8000, 20000), tag="b")
    procs = [
        subprocess.Popen(
            CLI + ["claims", "import", str(f), "--db", str(db), "-q"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in (first, second)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
    consistent(db)
    with open_store(db) as store:
        assert store.count() == 20000
        assert store.get("claim-0") and store.get("claim-19999")
        overlap = store.get("claim-9000").text
        assert overlap.endswith("(a)") or overlap.endswith("(b)")  # one file's version, whole
        assert len(store.search("budget item 42", limit=1000)) > 0


def test_opening_a_new_store_waits_for_a_writer_that_holds_the_file(tmp_path):
    # Creating a store switches the file to WAL, which needs an exclusive lock. While
    # another process writes (here: the other importer creating the same new store, caught
    # before its own switch), SQLite refuses that switch at once instead of waiting
    # busy_timeout; the import race above failed on CI now and then with "database is locked".
    db = tmp_path / "new.sqlite"
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE placeholder (x)")
    opener = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from attribution.claims import open_store\n"
            "print('ready', flush=True)\n"
            "with open_store(sys.argv[1]) as store: print(store.count())",
            str(db),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert opener.stdout.readline().strip() == "ready"  # imports done: it opens the store now
    time.sleep(0.5)  # ... and meets the lock
    writer.execute("COMMIT")
    writer.close()
    out, err = opener.communicate(timeout=120)
    assert opener.returncode == 0, err
    assert out.strip() == "0"  # the placeholder table is no claim
    consistent(db)


def test_a_killed_import_leaves_the_committed_claims_intact(tmp_path):
    db = tmp_path / "killed.sqlite"
    committed = write_claims(tmp_path / "committed.jsonl", range(0, 500), tag="kept")
    big = write_claims(tmp_path / "big.jsonl", range(1000, 301000), tag="big")
    subprocess.run(
        CLI + ["claims", "import", str(committed), "--db", str(db), "-q"], check=True, timeout=120
    )
    proc = subprocess.Popen(CLI + ["claims", "import", str(big), "--db", str(db), "-q"])
    wal = db.with_name(db.name + "-wal")
    deadline = time.monotonic() + 120
    # Kill it while it writes: once its uncommitted pages reach the WAL (several MB).
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 4_000_000:
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail("the import finished before it could be killed; make the file bigger")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    consistent(db)
    with open_store(db) as store:
        assert store.count() == 500  # the killed file's one transaction never committed
        assert store.get("claim-499").text.endswith("(kept)")
        assert store.get("claim-1000") is None
    # And the store still takes the same file afterwards.
    subprocess.run(
        CLI
        + [
            "claims",
            "import",
            str(committed),
            str(tmp_path / "committed.jsonl"),
            "--db",
            str(db),
            "-q",
        ],
        check=True,
        timeout=120,
    )
    consistent(db)


@pytest.mark.postgres
def test_two_processes_importing_into_postgresql_lose_nothing(tmp_path, pg_url):
    import uuid

    import psycopg

    schema = f"race_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = pg_url + ("&" if "?" in pg_url else "?") + f"options=-csearch_path%3D{schema}"
    try:
        first = write_claims(tmp_path / "a.jsonl", range(0, 6000), tag="a")
        second = write_claims(tmp_path / "b.jsonl", range(4000, 10000), tag="b")
        procs = [
            subprocess.Popen(
                CLI + ["claims", "import", str(f), "--db", url, "-q"],
                stderr=subprocess.PIPE,
                text=True,
            )
            for f in (first, second)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=240)
            assert proc.returncode == 0, err
        with open_store(url) as store:
            assert store.count() == 10000
            from attribution.claims.postgres import SCHEMA_VERSION

            assert store.schema_version() == SCHEMA_VERSION
            # each migration ran once, though both processes started on an empty schema
            versions = store._db.execute("SELECT version FROM schema_version").fetchall()
            assert sorted(v for (v,) in versions) == list(range(1, SCHEMA_VERSION + 1))
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
