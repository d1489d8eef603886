"""CSV written for spreadsheets: formula-like cells escaped (OWASP), raw on request."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from attribution.claims import Claim, import_claims, open_store, write_claims
from attribution.cli import main
from attribution.csvcells import FORMULA_START, escape_cell, unescape_cell
from attribution.models import Quote, Speaker
from attribution.output import open_writer

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("value", PAYLOADS)
def test_formula_cells_get_a_quote_and_come_back(value):
    escaped = escape_cell(value)
    assert escaped == "'" + value and not escaped.startswith(FORMULA_START)
    assert unescape_cell(escaped) == value


def test_plain_text_and_numbers_are_left_alone():
    assert escape_cell("The mayor said") == "The mayor said"
    assert escape_cell(-3) == -3 and escape_cell(0.5) == 0.5
    assert unescape_cell("'quoted' word") == "'quoted' word"


def _quote(text: str) -> Quote:
    return Quote(doc="d", id="d:q1", kind="direct", text=text, start_char=0, end_char=len(text),
                 cue=None, speaker=Speaker("@mayor", 0, 6, "=A1"), confidence=0.5,
                 sentence=0)  # fmt: skip


@pytest.mark.parametrize("raw", [False, True])
def test_extract_csv_writer_escapes_unless_raw(raw):
    out = io.StringIO()
    writer = open_writer("csv", out, raw_csv=raw)
    writer.add(None, [_quote("-1 says the council")])
    writer.close()
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    prefix = "" if raw else "'"
    assert row["text"] == prefix + "-1 says the council"
    assert row["speaker_mention"] == prefix + "@mayor" and row["speaker_name"] == prefix + "=A1"
    assert row["start_char"] == "0" and row["confidence"] == "0.5"


def test_claims_csv_export_escapes_and_reimports_the_same_text(tmp_path):
    claims = [
        Claim(id="f1", text="=1+1 is what he said", speaker="@handle"),
        Claim(id="f2", text="Plain."),
    ]
    out = io.StringIO()
    write_claims(claims, out, "csv")
    assert "'=1+1" in out.getvalue() and "'@handle" in out.getvalue()
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    with open_store(tmp_path / "s.sqlite") as store:
        import_claims(store, path)
        assert (
            store.get("f1").text == "=1+1 is what he said" and store.get("f1").speaker == "@handle"
        )


def test_cli_csv_outputs_escape_by_default_and_raw_csv_writes_as_is(tmp_path):
    db = tmp_path / "s.sqlite"
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["claims", "add", "--db", str(db), "--", "-2 percent, he said"]
        ).exit_code
        == 0
    )
    escaped = runner.invoke(main, ["claims", "export", "-f", "csv", "--db", str(db)])
    raw = runner.invoke(main, ["claims", "export", "-f", "csv", "--db", str(db), "--raw-csv"])
    assert ",\"'-2 percent" in escaped.stdout and ',"-2 percent' in raw.stdout
