"""``attribution speakers`` through Click's test runner, on hand-checked parses."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner
from conftest import DATA, SEED

from attribution.cli import main

SPEAKERS = DATA / "speakers"
FILES = [
    str(SPEAKERS / "lavrov.conllu"),
    str(SPEAKERS / "sergey.conllu"),
    str(SEED / "putin-china-2024.conllu"),
]


def run(*args):
    result = CliRunner().invoke(main, ["speakers", *args])
    return result


def rows(result):
    return {r["name"]: r for r in json.loads(result.stdout)}


def test_one_name_per_person_across_articles():
    result = run("-f", "json", "-q", *FILES)
    assert result.exit_code == 0, result.output
    got = rows(result)
    # "Lavrov", "Sergey Lavrov" and "Russian Foreign Minister Sergei Lavrov": one person, the first
    # full name seen.
    lavrov = got["Sergey Lavrov"]
    assert (lavrov["type"], lavrov["count"], lavrov["documents"]) == ("PERSON", 4, 3)
    assert set(lavrov["aliases"]) == {
        "Lavrov",
        "Sergey Lavrov",
        "Russian Foreign Minister Sergei Lavrov",
    }
    assert {q["doc"] for q in lavrov["quotes"]} == {"lavrov", "sergey", "putin-china-2024"}
    assert got["the Kremlin"]["type"] == "ORG" and got["the Kremlin"]["count"] == 3
    assert got["Xi Jinping"]["aliases"] == ["Chinese President Xi Jinping"]


def test_registry_file_sets_the_canonical_name(tmp_path):
    reg = tmp_path / "speakers.json"
    reg.write_text(
        json.dumps([{"name": "Sergei Lavrov", "aliases": ["Sergey Lavrov"], "type": "PERSON"}]),
        "utf-8",
    )
    saved = tmp_path / "learned.json"
    result = run("-f", "json", "-q", "--speakers", str(reg), "--save-speakers", str(saved), *FILES)
    assert result.exit_code == 0, result.output
    got = rows(result)
    assert "Sergey Lavrov" not in got and got["Sergei Lavrov"]["count"] == 4
    learned = {e["name"]: e for e in json.loads(saved.read_text("utf-8"))["speakers"]}
    assert learned["Sergei Lavrov"]["learned"] is False
    assert learned["Xi Jinping"]["learned"] is True


def test_csv_and_table():
    result = run("-f", "csv", "-q", *FILES)
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert table[0]["name"] == "Sergey Lavrov" and table[0]["count"] == "4"
    assert "lavrov:q1" in table[0]["quote_ids"].split("|")
    result = run("-q", "--quotes", *FILES)
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["QUOTES", "DOCS", "TYPE", "NAME"]
    assert any(line.split()[:4] == ["3", "1", "ORG", "the"] for line in lines)
    assert any("lavrov:q1: the talks would continue" in line for line in lines)


def test_min_count_and_stderr_summary():
    result = run("-f", "jsonl", "--min-count", "3", *FILES)
    assert result.exit_code == 0
    names = [json.loads(line)["name"] for line in result.stdout.splitlines()]
    assert names == ["Sergey Lavrov", "the Kremlin"]
    assert "3 documents" in result.stderr


def test_a_bad_input_is_named_and_the_others_still_count(tmp_path):
    bad = tmp_path / "broken.conllu"
    bad.write_text("# newdoc id = broken\n1\tword\n", "utf-8")
    result = run("-f", "json", "-q", str(bad), *FILES)
    assert result.exit_code == 1
    assert "broken.conllu" in result.stderr
    assert rows(result)["Sergey Lavrov"]["count"] == 4


def test_html_listing():
    result = run("-f", "html", "-q", *FILES)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.lstrip().lower().startswith("<!doctype html")
        and "Sergey Lavrov" in result.stdout
    )


def test_raw_text_is_parsed_and_its_speakers_listed(small_models):
    # The raw-text path: stanza's small test pipeline parses, then the same listing as for CoNLL-U.
    txt = DATA / "inputs" / "lavrov-talks.txt"
    result = run("-f", "json", "--models", str(small_models), "--cpu", "-q", str(txt))
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    original = txt.read_text("utf-8")
    quotes = [q for row in listing for q in row["quotes"]]
    assert quotes and all(q["text"] in original for q in quotes)
    assert all(row["type"] in ("PERSON", "ORG", "GPE", "NORP", "UNKNOWN") for row in listing)
