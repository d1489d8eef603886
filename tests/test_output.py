"""Writers: json, jsonl, csv (flattened), table (terminal width), html dispatch, streaming."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from attribution.documents import Article
from attribution.errors import AttributionError
from attribution.models import Cue, Match, Quote, Speaker
from attribution.output import CSV_COLUMNS, open_writer, write_records

TEXT = "Сергей Лавров said the West “seeks hegemony”.\n\nThe ministry declined to comment."


def quotes():
    lavrov = Quote(
        doc="d1",
        id="d1:q1",
        kind="mixed",
        text=TEXT[21:45],
        start_char=21,
        end_char=45,
        cue=Cue("said", "say", 14, 18),
        speaker=Speaker("Сергей Лавров", 0, 13, "Sergei Lavrov", "PERSON", "name-variant"),
        confidence=0.86,
        sentence=0,
        matches=(
            Match("c9", 91.5, "The West wants hegemony", "Sergei Lavrov", "2024-05-01", "false"),
        ),
    )
    anon = Quote(
        doc="d2",
        id="d2:q1",
        kind="indirect",
        text="the talks\nfailed",
        start_char=0,
        end_char=16,
        cue=None,
        speaker=None,
        confidence=0.4,
        sentence=3,
    )
    return [lavrov, anon]


def quote_dicts():
    return [q.to_dict() for q in quotes()]


def test_json_is_one_array_with_literal_unicode():
    out = io.StringIO()
    write_records(quotes(), "json", out)
    assert json.loads(out.getvalue()) == quote_dicts()
    assert "Лавров" in out.getvalue() and "“seeks hegemony”" in out.getvalue()


def test_jsonl_one_record_a_line():
    out = io.StringIO()
    write_records(quotes(), "jsonl", out)
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == quote_dicts()
    assert "Лавров" in lines[0]


def test_csv_flattens_nested_fields():
    out = io.StringIO()
    write_records(quotes(), "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    first, second = rows
    assert first["speaker_name"] == "Sergei Lavrov" and first["speaker_mention"] == "Сергей Лавров"
    assert (first["cue_text"], first["cue_lemma"], first["cue_start"], first["cue_end"]) == (
        "said",
        "say",
        "14",
        "18",
    )
    assert (first["speaker_start"], first["speaker_end"], first["speaker_type"]) == (
        "0",
        "13",
        "PERSON",
    )
    assert json.loads(first["matches"])[0]["claim_id"] == "c9"
    # No speaker or cue: empty cells, not "None"; a newline inside the text survives quoting.
    assert (
        second["speaker_name"] == ""
        and second["cue_text"] == ""
        and second["text"] == "the talks\nfailed"
    )
    assert json.loads(second["matches"]) == []


@pytest.mark.parametrize("columns", [60, 120])
def test_table_fits_the_terminal(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    long = replace(quotes()[0], text="word " * 100)
    out = io.StringIO()
    write_records([long, quotes()[1]], "table", out)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= columns for line in lines), lines
    assert lines[0].split() == ["speaker", "kind", "text"]
    body = "\n".join(lines)
    assert "Sergei Lavrov" in body and "mixed" in body and "indirect" in body
    assert "…" in body  # the long quote was shortened
    assert "[d1] 1 quote" in body and "[d2] 1 quote" in body  # one heading per document
    assert "the talks failed" in body  # newlines folded into one line


def test_streaming_formats_write_as_each_article_finishes():
    for fmt in ("jsonl", "csv", "table"):
        out = io.StringIO()
        writer = open_writer(fmt, out)
        writer.add(Article("d1", TEXT), quotes()[:1])
        assert "d1:q1" in out.getvalue() or "Sergei Lavrov" in out.getvalue(), fmt
        writer.add(Article("d2", "x"), quotes()[1:])
        writer.close()
    out = io.StringIO()
    writer = open_writer("json", out)
    writer.add(Article("d1", TEXT), quotes())
    assert out.getvalue() == ""  # one array: nothing until close
    writer.close()
    assert len(json.loads(out.getvalue())) == 2


def test_unknown_format_is_a_clear_error():
    with pytest.raises(AttributionError, match="unknown output format 'xml'"):
        write_records([], "xml", io.StringIO())


def test_html_goes_to_the_report_with_the_articles():
    out = io.StringIO()
    articles = [
        Article("d1", TEXT, url="https://example.org/d1"),
        Article("d2", "the talks\nfailed"),
    ]
    write_records(quotes(), "html", out, articles=articles)
    page = out.getvalue()
    assert "<html" in page.lower()
    assert "Sergei Lavrov" in page and "hegemony" in page
