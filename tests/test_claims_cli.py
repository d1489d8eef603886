"""``attribution claims ...`` and ``attribution match`` through the real CLI (CliRunner)."""

from __future__ import annotations

import gzip
import json
import uuid

import pytest
from click.testing import CliRunner
from conftest import DATA

from attribution.cli import main

CLAIMS = DATA / "claims"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    """A --db value per backend (PostgreSQL: a schema of its own through the URL's search_path)."""
    if request.param == "sqlite":
        yield str(tmp_path / "cli.sqlite")
        return
    import psycopg

    url = request.getfixturevalue("pg_url")
    schema = f"cli_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def cli(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def test_import_reports_counts_and_is_idempotent(db):
    first = cli("claims", "import", CLAIMS / "claims.jsonl", CLAIMS / "claims.csv", "--db", db)
    assert first.exit_code == 0, first.output
    assert "5 added" in first.stderr and "3 added" in first.stderr and first.stdout == ""
    again = cli("claims", "import", CLAIMS / "claims.jsonl.gz", "--db", db)
    assert "0 added, 5 already stored" in again.stderr
    listed = cli("claims", "list", "--db", db, "-n", "0", "-f", "jsonl")
    assert len(listed.stdout.splitlines()) == 8


def test_quiet_import_writes_nothing(db):
    result = cli("claims", "import", CLAIMS / "claims.jsonl", "--db", db, "-q")
    assert result.exit_code == 0 and result.stderr == "" and result.stdout == ""


def test_a_bad_file_fails_by_itself_and_the_others_are_imported(db):
    result = cli("claims", "import", CLAIMS / "bad.jsonl", CLAIMS / "claims.jsonl", "--db", db)
    assert result.exit_code == 1
    assert "bad.jsonl: line 3" in result.stderr and "--skip-bad" in result.stderr
    listed = cli("claims", "list", "--db", db, "-f", "jsonl")
    assert {json.loads(line)["origin"] for line in listed.stdout.splitlines()} == {"claims.jsonl"}


def test_skip_bad_names_each_skipped_line(db):
    result = cli("claims", "import", CLAIMS / "bad.jsonl", "--db", db, "--skip-bad")
    assert result.exit_code == 0
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 2 and "line 3" in skipped[0] and "line 4" in skipped[1]
    assert "3 added" in result.stderr


def test_add_then_list_by_speaker(db):
    added = cli(
        "claims",
        "add",
        "Crime is up 40 percent in Springfield.",
        "--speaker",
        "Jane Roe",
        "--date",
        "May 4, 2021",
        "--db",
        db,
    )
    assert added.exit_code == 0
    claim_id = added.stdout.strip()
    twice = cli(
        "claims",
        "add",
        "Crime is up 40 percent in Springfield.",
        "--speaker",
        "Jane Roe",
        "--date",
        "May 4, 2021",
        "--db",
        db,
    )
    assert twice.stdout.strip() == claim_id and "already stored" in twice.stderr
    cli("claims", "import", CLAIMS / "claims.jsonl", "--db", db, "-q")
    rows = cli(
        "claims", "list", "--db", db, "--speaker", "MS. ROE", "-f", "jsonl"
    ).stdout.splitlines()
    assert [json.loads(r)["id"] for r in rows] == [claim_id]
    assert json.loads(rows[0])["date"] == "2021-05-04"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "claimreview"])
def test_export_formats_re_import_into_a_new_store(db, tmp_path, fmt):
    cli("claims", "import", CLAIMS / "claims.jsonl", "--db", db, "-q")
    out = cli("claims", "export", "--db", db, "-f", fmt)
    assert out.exit_code == 0
    path = tmp_path / ("export." + {"jsonl": "jsonl", "csv": "csv", "claimreview": "json"}[fmt])
    path.write_text(out.stdout, encoding="utf-8")
    other = tmp_path / "other.sqlite"
    again = cli("claims", "import", path, "--db", other)
    assert "5 added" in again.stderr


def test_export_to_a_gzip_file(db, tmp_path):
    cli("claims", "import", CLAIMS / "claims.jsonl", "--db", db, "-q")
    target = tmp_path / "out.jsonl.gz"
    assert cli("claims", "export", target, "--db", db).exit_code == 0
    with gzip.open(target, "rt", encoding="utf-8") as f:
        assert len(f.read().splitlines()) == 5


def test_match_reads_plain_queries_and_quote_records(db):
    cli("claims", "import", CLAIMS / "claims.jsonl", CLAIMS / "claims.csv", "--db", db, "-q")
    queries = "\n".join(
        [
            json.dumps(
                {
                    "id": "q1",
                    "text": "Those windmills, the wind turbines, they cause cancer",
                    "speaker": "TRUMP",
                }
            ),
            json.dumps(
                {
                    "doc": "d",
                    "id": "d:q1",
                    "kind": "direct",
                    "text": "the minimum wage has not gone up in ten years",
                    "speaker": {"mention": "Sanders", "name": "Bernie Sanders"},
                    "matches": [],
                }
            ),
        ]
    )
    result = cli("match", "-", "--db", db, "--top", "2", "-f", "jsonl", input=queries)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    by_query = {q: [r for r in rows if r["query_id"] == q] for q in ("q1", "d:q1")}
    assert all(
        [r["rank"] for r in found] == list(range(1, len(found) + 1)) for found in by_query.values()
    )
    assert all(1 <= len(found) <= 2 for found in by_query.values()) and len(rows) == sum(
        map(len, by_query.values())
    )
    first, sanders = by_query["q1"][0], by_query["d:q1"][0]
    assert first["claim_id"] == "pf-2" and first["reasons"]["speaker"] == "surname"
    assert sanders["claim_id"] == "csv-1" and sanders["reasons"]["speaker"] == "same"
    assert all(a["score"] >= b["score"] for a, b in zip(by_query["d:q1"], by_query["d:q1"][1:]))
    assert set(first) >= {
        "query_id",
        "rank",
        "claim_id",
        "score",
        "text",
        "speaker",
        "date",
        "verdict",
        "url",
    }


def test_match_min_score_and_bad_lines(db):
    cli("claims", "import", CLAIMS / "claims.jsonl", "--db", db, "-q")
    lines = (
        "not json\n"
        '{"id": "q", "text": "do the wind turbines near farms cause cancer, people ask"}\n'
        '{"id": "n"}\n'
    )
    result = cli("match", "--db", db, "--min-score", "99.9", input=lines)
    assert result.exit_code == 1
    assert "line 1" in result.stderr and "line 3" in result.stderr
    assert result.stdout == ""


def test_match_lines_reads_each_line_as_a_statements_text(db):
    cli("claims", "import", CLAIMS / "claims.jsonl", "--db", db, "-q")
    posts = (
        "Wind turbines cause cancer, the man said https://t.co/x9F2 — Jane Roe (@jroe) "
        "April 3, 2019\n"
        "\n"
        '{"text": "crime in Chicago fell"}\n'  # with --lines, JSON is text too
    )
    result = cli("match", "--db", db, "--lines", "--min-score", "0", input=posts)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["query_id"] for r in rows} == {"line-1", "line-3"}
    first = next(r for r in rows if r["query_id"] == "line-1")
    # The post's signature dates it (the claim was stated the day before) and is no content.
    assert first["claim_id"] == "pf-2" and first["reasons"]["date"] == "same-time"
    third = next(r for r in rows if r["query_id"] == "line-3")
    assert third["claim_id"] == "pf-3"
    # Without --lines a plain line is a bad line, and the summary says what reads it.
    plain = cli("match", "--db", db, input=posts.splitlines()[0] + "\n")
    assert plain.exit_code == 1 and "line 1" in plain.stderr and "--lines" in plain.stderr


def test_unsupported_db_url_is_a_clean_error(tmp_path):
    result = cli("claims", "list", "--db", "mysql://x/y")
    assert (
        result.exit_code == 1
        and "postgresql://" in result.stderr
        and "Traceback" not in result.output
    )


def test_db_defaults_to_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTRIBUTION_DB", str(tmp_path / "env.sqlite"))
    assert cli("claims", "add", "A claim stored by default.").exit_code == 0
    assert (tmp_path / "env.sqlite").exists()


def test_large_files_show_progress_unless_quiet(tmp_path):
    big = tmp_path / "big.jsonl"
    with open(big, "w", encoding="utf-8") as out:
        for i in range(16000):
            out.write(
                json.dumps(
                    {"id": f"b{i}", "text": f"Claim {i} about the harbour budget and its ferries."}
                )
                + "\n"
            )
    assert big.stat().st_size > 1 << 20
    shown = cli("claims", "import", big, "--db", tmp_path / "p.sqlite")
    assert shown.exit_code == 0 and "importing big.jsonl" in shown.stderr and shown.stdout == ""
    quiet = cli("claims", "import", big, "--db", tmp_path / "q.sqlite", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_match_date_option_dates_lines_without_one(db):
    cli("claims", "import", CLAIMS / "claims.jsonl", "--db", db, "-q")
    line = json.dumps({"id": "q", "text": "wind turbines cause cancer", "speaker": "Trump"})
    dated = cli("match", "--db", db, "--date", "2019-04-03", input=line)
    undated = cli("match", "--db", db, input=line)
    assert json.loads(dated.stdout.splitlines()[0])["reasons"]["date"] == "same-time"
    assert "date" not in json.loads(undated.stdout.splitlines()[0])["reasons"]


def test_match_dates_lines_from_their_documents_name_unless_told_not_to(db):
    cli("claims", "import", CLAIMS / "council.jsonl", "--db", db, "-q")
    line = json.dumps(
        {
            "id": "council-2023-03-02_0041",
            "speaker": "MAYOR JONES",
            "text": "The river bridge cost the city twice what was promised.",
        }
    )

    def reasons(*options):  # the bridge claim's
        result = cli("match", "--db", db, *options, input=line)
        assert result.exit_code == 0, result.output
        return next(
            r["reasons"]
            for r in map(json.loads, result.stdout.splitlines())
            if r["claim_id"] == "c-bridge"
        )

    assert reasons()["date"] == "same-time"  # the claim is of 2023-03-01
    assert reasons("--date", "2022-06-01")["date"] == "later"  # --date is said outright: it wins
    assert "date" not in reasons("--no-name-dates")


def test_match_lets_transcript_lines_vote_unless_told_not_to(db):
    cli("claims", "import", CLAIMS / "council.jsonl", "--db", db, "-q")
    lines = (
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "id": "council_0041",
                    "speaker": "MAYOR JONES",
                    "text": "The river bridge cost the city twice what was promised.",
                },
                {
                    "id": "council_0042",
                    "speaker": "MAYOR JONES",
                    "text": "Not a few months of delays: years.",
                },
                {"text": "a line without an id is matched alone: parks budget"},
            ]
        )
        + "\n"
    )

    def tops(*options):
        result = cli("match", "--db", db, "--top", "1", *options, input=lines)
        assert result.exit_code == 0, result.output
        return {r["query_id"]: r["claim_id"] for r in map(json.loads, result.stdout.splitlines())}

    assert tops() == {"council_0041": "c-bridge", "council_0042": "c-bridge", "line-3": "c-parks"}
    assert tops("--no-context")["council_0042"] == "c-airport"


def test_match_shows_progress_on_a_big_file_unless_quiet(tmp_path):
    db = tmp_path / "p.sqlite"
    cli("claims", "import", CLAIMS / "council.jsonl", "--db", db, "-q")
    queries = tmp_path / "queries.jsonl"
    with open(
        queries, "w", encoding="utf-8"
    ) as out:  # 20 lines, 4 KB of notes each: over the 64 KB mark
        for i in range(20):
            out.write(
                json.dumps({"id": f"q{i}", "text": "the parks budget was cut", "note": "x" * 4000})
                + "\n"
            )
    shown = cli("match", queries, "--db", db, "--top", "1")
    assert (
        shown.exit_code == 0 and "matching" in shown.stderr and len(shown.stdout.splitlines()) == 20
    )
    quiet = cli("match", queries, "--db", db, "--top", "1", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == shown.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["match", "-"],
        ["claims", "list"],
        ["claims", "export"],
    ],
)
def test_reading_a_store_that_is_not_there_is_one_error_line(db, command):
    result = cli(*command, "--db", db, input='{"id": "q", "text": "anything at all"}\n')
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no claim store at" in lines[0] and "claims import" in lines[0]
    assert result.stdout == ""
    # nothing was created: a later write starts from an empty store, a later read fails again
    assert cli(*command, "--db", db, input="").exit_code == 1


def test_a_mistyped_directory_is_an_error_for_writers_too(tmp_path):
    target = tmp_path / "no-such-dir" / "claims.sqlite"
    result = cli("claims", "add", "a claim to keep", "--db", target)
    assert result.exit_code == 1 and "no-such-dir" in result.stderr
    assert "there is no directory" in result.stderr
    assert not (tmp_path / "no-such-dir").exists()
    imported = cli("claims", "import", CLAIMS / "claims.jsonl", "--db", target)
    assert imported.exit_code == 1 and not (tmp_path / "no-such-dir").exists()


def test_match_table_has_a_header_and_shows_verdict_and_link(db):
    cli("claims", "import", CLAIMS / "claims.jsonl", "--db", db, "-q")
    query = json.dumps({"id": "q1", "text": "Those windmills, the wind turbines, cause cancer"})
    result = cli("match", "-", "--db", db, "-f", "table", "--top", "1", input=query + "\n")
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.split() == ["query", "#", "score", "verdict", "speaker", "claim", "link"]
    claim = next(
        json.loads(line)
        for line in cli("claims", "list", "--db", db, "-f", "jsonl", "-n", "0").stdout.splitlines()
        if json.loads(line)["id"] == "pf-2"
    )
    assert row.startswith("q1") and claim["verdict"] in row and row.endswith(claim["url"])


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
def test_match_typed_in_at_a_terminal_says_how_to_end(tmp_path):
    import os
    import subprocess
    import sys

    db = tmp_path / "typed.sqlite"
    assert cli("claims", "import", CLAIMS / "claims.jsonl", "--db", db, "-q").exit_code == 0
    main_pty, terminal = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from attribution.cli import main; main()", "match", "--db",
         str(db), "--lines"],
        stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    os.close(terminal)
    os.write(main_pty, b"Wind turbines cause cancer\n\x04")  # a line, then Ctrl-D
    out, err = proc.communicate(timeout=120)
    os.close(main_pty)
    assert proc.returncode == 0, err
    assert "reading statements from the terminal" in err and "Ctrl-D" in err
    assert json.loads(out.splitlines()[0])["claim_id"] == "pf-2"
