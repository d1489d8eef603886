"""Store faults: a damaged SQLite file, unusable paths, read-only stores (real files, real CLI).

Each gives one line and a non-zero exit, never a traceback or a partial export; a
read-only store can still be read, and ``extract --remember`` into one still writes
its records.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED

from attribution.claims import open_store
from attribution.cli import main
from attribution.errors import StoreError

CLI = [sys.executable, "-c", "import sys; from attribution.cli import main; main()"]
SEED_CONLLU = SEED / "putin-china-2024.conllu"


def cli(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def one_clean_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert (
        "Traceback" not in result.output
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, errors
    return errors[0]


def make_store(path: Path, count: int = 3000) -> Path:
    claims = path.parent / "claims.jsonl"
    with open(claims, "w", encoding="utf-8") as out:
        for i in range(count):
            record = {
                "id": f"c{i}",
                "text": f"The harbour budget rose by {i} million in year {i % 40}, the mayor said.",
                "speaker": f"Speaker {i % 17}",
            }
            out.write(json.dumps(record) + "\n")
    assert cli("claims", "import", claims, "--db", path, "-q").exit_code == 0
    return path


def damage(path: Path) -> None:
    """Overwrite everything between the first and the last page with garbage."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(4096)
        f.write(bytes((i * 7 + 13) % 256 for i in range(size - 8192)))


@pytest.fixture
def damaged(tmp_path) -> Path:
    store = make_store(tmp_path / "damaged.sqlite")
    damage(store)
    return store


def test_damaged_store_list_and_export_fail_in_one_line(damaged, tmp_path):
    assert "damaged" in one_clean_error(cli("claims", "list", "-n", "0", "--db", damaged))
    assert "damaged" in one_clean_error(cli("claims", "export", "--db", damaged))
    out = tmp_path / "out" / "export.jsonl"
    out.parent.mkdir()
    one_clean_error(cli("claims", "export", out, "--db", damaged))
    assert list(out.parent.iterdir()) == []  # no partial export, no temporary file left


def test_damaged_store_match_and_extract_match_fail_in_one_line(damaged):
    query = json.dumps({"id": "q", "text": "the harbour budget rose by 12 million"}) + "\n"
    assert "damaged" in one_clean_error(cli("match", "--db", damaged, input=query))
    result = cli("extract", SEED_CONLLU, "--db", damaged, "--match", "-q")
    assert "damaged" in one_clean_error(result)


def test_damaged_store_is_a_store_error_in_the_library(damaged):
    with pytest.raises(StoreError, match="damaged"), open_store(damaged) as store:
        list(store.iter_claims())


def test_a_file_that_is_not_a_store_is_refused_in_one_line(tmp_path):
    notes = tmp_path / "notes.sqlite"
    notes.write_text("these are my notes, not a database\n" * 200)
    assert "damaged" in one_clean_error(cli("claims", "list", "--db", notes))
    assert "damaged" in one_clean_error(cli("claims", "add", "A claim.", "--db", notes))
    assert notes.read_text().startswith("these are my notes")


@pytest.mark.parametrize("command", [["claims", "add", "A claim."], ["claims", "list"]])
def test_unusable_paths_fail_in_one_line(tmp_path, command):
    a_file = tmp_path / "claims.jsonl"
    a_file.write_text("{}\n")
    for db in (a_file / "x.sqlite", tmp_path):
        message = one_clean_error(cli(*command, "--db", db))
        assert str(db) in message


def test_reading_commands_leave_a_store_untouched(tmp_path):
    store = make_store(tmp_path / "s.sqlite", count=50)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert cli("claims", "list", "-n", "0", "--db", store).exit_code == 0
    assert cli("claims", "export", "--db", store).exit_code == 0
    query = json.dumps({"id": "q", "text": "harbour budget"}) + "\n"
    assert cli("match", "--db", store, input=query).exit_code == 0
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    # A reader of a WAL store may leave SQLite's shared-memory index and an empty WAL.
    assert {k: v for k, v in after.items() if not k.endswith("-shm")} == dict(
        before, **({"s.sqlite-wal": b""} if "s.sqlite-wal" in after else {})
    )


def test_reading_a_missing_store_creates_nothing(tmp_path):
    message = one_clean_error(cli("claims", "list", "--db", tmp_path / "none.sqlite"))
    assert "no claim store" in message and list(tmp_path.iterdir()) == []


# -- read-only directories: as a user who cannot write there ---------------------------


def _unprivileged() -> list[str]:
    """A command prefix that takes away root's power to write anywhere (none when not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root without setpriv: a read-only directory cannot be made")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


@pytest.fixture
def read_only_store():
    """A store in a directory the test's CLI processes cannot write (0555, file 0444)."""
    top = Path(tempfile.mkdtemp(prefix="attribution-ro-"))
    top.chmod(0o755)
    where = top / "store"
    where.mkdir()
    store = make_store(where / "claims.sqlite", count=200)
    (where / "claims.jsonl").unlink()
    store.chmod(0o444)
    where.chmod(0o555)
    yield store
    where.chmod(0o755)
    shutil.rmtree(top)


def run_cli(*args, input=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME="/tmp")
    return subprocess.run(
        _unprivileged() + CLI + [str(a) for a in args],
        input=input,
        capture_output=True,
        text=True,
        env=env,
        cwd="/",
        timeout=300,
    )


def test_a_store_in_a_read_only_directory_can_be_read(read_only_store):
    listed = run_cli("claims", "list", "-n", "0", "-f", "jsonl", "--db", read_only_store)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 200
    query = json.dumps({"id": "q", "text": "the harbour budget rose by 12 million"}) + "\n"
    matched = run_cli("match", "--db", read_only_store, "--top", "1", input=query)
    assert matched.returncode == 0 and json.loads(matched.stdout)["claim_id"] == "c12"


def test_remember_into_a_read_only_store_still_writes_the_records(read_only_store):
    done = run_cli("extract", SEED_CONLLU, "--db", read_only_store, "--remember", "--match", "-q")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stdout.splitlines()) == 6  # the seed article's six quotes
    assert "--remember" in done.stderr and "still written" in done.stderr
