"""Claim files and match inputs fail per record, never per file (real files, real stores)."""

from __future__ import annotations

import gzip
import json
import uuid

import pytest
from click.testing import CliRunner

from attribution.claims import import_claims, open_store, read_claims
from attribution.claims.io import MAX_FIELD_CHARS
from attribution.cli import main
from attribution.errors import InputError


def cli(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def jsonl(*records) -> bytes:
    return b"".join(json.dumps(r).encode("utf-8") + b"\n" for r in records)


GOOD = [{"id": f"g{i}", "text": f"Claim number {i} about the harbour budget."} for i in range(3)]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    """A --db value per backend (PostgreSQL: a schema of its own through the URL's search_path)."""
    if request.param == "sqlite":
        yield str(tmp_path / "claims.sqlite")
        return
    import psycopg

    url = request.getfixturevalue("pg_url")
    schema = f"bad_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def test_a_bad_utf8_line_is_named_and_the_lines_after_it_still_read(tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_bytes(jsonl(GOOD[0]) + b'{"id": "bad", "text": "caf\xe9"}\n' + jsonl(*GOOD[1:]))
    with pytest.raises(InputError, match=r"claims\.jsonl: line 2: not UTF-8 \(byte 0xe9"):
        list(read_claims(path))
    with open_store(tmp_path / "s.sqlite") as store:
        report = import_claims(store, path, skip_bad=True)
        assert report.added == 3 and [s.split(": ")[1] for s in report.skipped] == ["line 2"]


def test_a_bad_utf8_line_in_a_gzipped_file_too(tmp_path):
    path = tmp_path / "claims.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl(*GOOD[:2]) + b"\xff\xfe not text\n" + jsonl(GOOD[2])))
    with open_store(tmp_path / "s.sqlite") as store:
        report = import_claims(store, path, skip_bad=True)
    assert report.added == 3 and "line 3: not UTF-8" in report.skipped[0]


def test_csv_field_over_the_limit_is_one_bad_line_and_the_rest_is_read(tmp_path):
    path = tmp_path / "claims.csv"
    long = "x" * (MAX_FIELD_CHARS + 10)
    path.write_text(
        f"id,text\na,First claim about ports.\nb,{long}\nc,Third claim about ports.\n",
        encoding="utf-8",
    )
    with open_store(tmp_path / "s.sqlite") as store:
        report = import_claims(store, path, skip_bad=True)
        assert sorted(c.id for c in store.iter_claims()) == ["a", "c"]
    assert len(report.skipped) == 1 and "line 3: a field longer than" in report.skipped[0]


def test_csv_field_over_the_old_131072_limit_is_read(tmp_path):
    path = tmp_path / "claims.csv"
    text = "The long claim. " * 9000  # 144,000 characters: csv's default limit refused it
    path.write_text(f'id,text\nlong,"{text}"\nnext,After it.\n', encoding="utf-8")
    claims = {c.id: c for c in read_claims(path)}
    assert len(claims["long"].text) > 131_072 and claims["next"].text == "After it."


def test_csv_bad_utf8_row_is_named_by_its_line(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_bytes(b'id,text\na,"A claim\nover two lines"\nb,caf\xe9 claim\nc,Fine claim.\n')
    with open_store(tmp_path / "s.sqlite") as store:
        report = import_claims(store, path, skip_bad=True)
        assert sorted(c.id for c in store.iter_claims()) == ["a", "c"]
        assert store.get("a").text == "A claim over two lines"
    assert "claims.csv: line 4: not UTF-8" in report.skipped[0]


def test_claimreview_with_bad_utf8_names_the_line(tmp_path):
    path = tmp_path / "reviews.json"
    path.write_bytes(b'[\n{"claimReviewed": "A claim."},\n{"claimReviewed": "caf\xe9"}\n]\n')
    with pytest.raises(InputError, match="line 3: not UTF-8"):
        list(read_claims(path))


def test_nul_in_a_claim_is_a_bad_record_on_every_backend(db, tmp_path):
    bad = tmp_path / "nul.jsonl"
    bad.write_bytes(jsonl(GOOD[0], {"id": "n", "text": "A claim with a \u0000 in it."}, GOOD[1]))
    after = tmp_path / "after.jsonl"
    after.write_bytes(jsonl(GOOD[2]))
    refused = cli("claims", "import", bad, after, "--db", db)
    assert refused.exit_code == 1 and "nul.jsonl: line 2" in refused.stderr
    assert "NUL" in refused.stderr and "Traceback" not in refused.output
    skipped = cli("claims", "import", bad, after, "--db", db, "--skip-bad")
    assert skipped.exit_code == 0, skipped.output
    listed = cli("claims", "list", "--db", db, "-f", "jsonl", "-n", "0")
    assert sorted(json.loads(line)["id"] for line in listed.stdout.splitlines()) == [
        "g0",
        "g1",
        "g2",
    ]


def test_skip_bad_goes_on_to_the_files_after_a_bad_csv(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"id,text\na,Alpha claim.\nb,{'y' * (MAX_FIELD_CHARS + 1)}\n", encoding="utf-8")
    after = tmp_path / "after.jsonl"
    after.write_bytes(jsonl(GOOD[0]))
    result = cli("claims", "import", bad, after, "--db", db, "--skip-bad")
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "bad.csv: line 3" in result.stderr and "after.jsonl: 1 added" in result.stderr


def test_match_answers_every_good_line_and_names_each_bad_one(tmp_path):
    db = tmp_path / "m.sqlite"
    assert cli("claims", "import", *_claim_file(tmp_path), "--db", db, "-q").exit_code == 0
    good = [json.dumps({"id": f"q{i}", "text": "the harbour budget claim"}) for i in range(40)]
    lines = "\n".join(good[:20]).encode() + b'\n{"id": "x", "text": "caf\xe9"}\n'
    lines += b"[[[[" * 50_000 + b"\n" + "\n".join(good[20:]).encode() + b"\n"
    result = CliRunner().invoke(main, ["match", "--db", str(db), "--top", "1"], input=lines)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "line 21: not UTF-8 (byte 0xe9" in result.stderr and "line 22" in result.stderr
    answered = {json.loads(line)["query_id"] for line in result.stdout.splitlines()}
    assert answered == {f"q{i}" for i in range(40)}


def _claim_file(tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_bytes(jsonl(*GOOD))
    return [path]
