"""Claim files: JSONL(.gz), CSV, ClaimReview JSON-LD; ids, dates, bad lines."""

from __future__ import annotations

import io
import json

import pytest
from conftest import DATA

from attribution.claims import content_id, import_claims, open_store, read_claims, write_claims
from attribution.claims.io import claim_from_record, to_claimreview
from attribution.dates import normalise_date
from attribution.errors import InputError

CLAIMS = DATA / "claims"


@pytest.mark.parametrize(
    "given, expected",
    [
        ("2019-10-28", "2019-10-28"),
        ("26 May 2015", "2015-05-26"),
        ("April 2, 2019", "2019-04-02"),
        ("2022-04-01T10:00:00", "2022-04-01T10:00:00"),
        ("stated on March 3, 2018 in an interview:", "stated on March 3, 2018 in an interview:"),
        ("sometime in spring", "sometime in spring"),
        ("", None),
    ],
)
def test_dates_become_iso_when_readable_else_stay_as_given(given, expected):
    assert normalise_date(given) == expected


def test_jsonl_and_gzip_read_the_same_claims():
    plain = list(read_claims(CLAIMS / "claims.jsonl"))
    zipped = list(read_claims(CLAIMS / "claims.jsonl.gz"))
    assert [c.text for c in plain] == [c.text for c in zipped] and len(plain) == 5
    assert plain[1].date == "2019-04-02"


def test_missing_id_comes_from_a_content_hash_stable_across_reads():
    lavrov = [c for c in read_claims(CLAIMS / "claims.jsonl") if c.speaker == "Sergei Lavrov"][0]
    assert lavrov.id == content_id(lavrov.text, lavrov.speaker, lavrov.date, lavrov.url)
    assert (
        lavrov.id
        == [c for c in read_claims(CLAIMS / "claims.jsonl") if c.speaker == "Sergei Lavrov"][0].id
    )
    assert content_id("a claim", "X") != content_id("a claim", "Y")


def test_csv_with_quotes_and_empty_cells():
    claims = list(read_claims(CLAIMS / "claims.csv"))
    assert [c.id for c in claims[:2]] == ["csv-1", "csv-2"]
    assert claims[0].text == 'The minimum wage has not gone up in ten years, "not once."'
    assert claims[1].date == "2018-06-03" and claims[1].url is None
    assert claims[2].id.startswith("c-") and claims[2].origin == "claims.csv"


def test_claimreview_maps_claimant_fact_checker_verdict_and_dates():
    first, second = read_claims(CLAIMS / "claimreview.json")
    assert first.text.startswith("The Great Wall of China")
    assert first.speaker == "Jane Roe"  # itemReviewed.author: who made the claim
    assert first.source == "Example Check"  # author: who reviewed it
    assert (
        first.verdict == "False"
        and first.date == "2020-02-01"
        and first.url == "https://example.org/cr-1"
    )
    assert second.speaker == "Viral post" and second.date == "2020-03-10"


def test_claimreview_round_trip():
    original = list(read_claims(CLAIMS / "claims.jsonl"))
    again = [claim_from_record(to_claimreview(c), origin=c.origin) for c in original]
    assert [
        (c.id, c.text, c.speaker, c.date, c.verdict, c.url, c.title, c.source) for c in again
    ] == [(c.id, c.text, c.speaker, c.date, c.verdict, c.url, c.title, c.source) for c in original]


def test_a_bad_line_names_file_and_line():
    with pytest.raises(InputError, match=r"bad\.jsonl: line 3: not valid JSON"):
        list(read_claims(CLAIMS / "bad.jsonl"))


def test_bad_file_commits_nothing_by_default(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        with pytest.raises(InputError, match="line 3"):
            import_claims(store, CLAIMS / "bad.jsonl")
        assert store.count() == 0


def test_skip_bad_imports_the_rest_and_lists_what_it_skipped(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        report = import_claims(store, CLAIMS / "bad.jsonl", skip_bad=True)
        assert report.added == 3 and store.count() == 3
        assert len(report.skipped) == 2
        assert (
            "line 3" in report.skipped[0]
            and "line 4" in report.skipped[1]
            and "no 'text'" in report.skipped[1]
        )


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "claimreview"])
def test_export_then_import_gives_back_the_same_claims(tmp_path, fmt):
    with open_store(tmp_path / "a.sqlite") as store:
        import_claims(store, CLAIMS / "claims.jsonl")
        import_claims(store, CLAIMS / "claims.csv")
        original = sorted(store.iter_claims(), key=lambda c: c.id)
    suffix = {"jsonl": ".jsonl", "csv": ".csv", "claimreview": ".json"}[fmt]
    path = tmp_path / f"export{suffix}"
    with open(path, "w", encoding="utf-8", newline="") as out:
        assert write_claims(original, out, fmt) == len(original)
    with open_store(tmp_path / "b.sqlite") as store:
        assert import_claims(store, path).added == len(original)
        again = sorted(store.iter_claims(), key=lambda c: c.id)
    fields = lambda c: (c.id, c.text, c.speaker, c.date, c.verdict, c.url, c.title, c.source)  # noqa: E731
    assert [fields(c) for c in again] == [fields(c) for c in original]


def test_jsonl_export_is_utf8_not_escaped():
    out = io.StringIO()
    write_claims(read_claims(CLAIMS / "claims.jsonl"), out, "jsonl")
    assert "Électricité" in out.getvalue()
    assert all(json.loads(line)["text"] for line in out.getvalue().splitlines())


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        list(read_claims(tmp_path / "nope.jsonl"))
