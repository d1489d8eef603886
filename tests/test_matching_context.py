"""Which statements of a batch are neighbours: documents and positions from records."""

from __future__ import annotations

from datetime import date

import pytest

from attribution.dates import name_date
from attribution.matching.context import (
    documents,
    neighbours,
    other_speakers,
    place,
    speakers_near,
)


@pytest.mark.parametrize(
    "record, doc, position",
    [
        ({"id": "20170822_Trump_phoenix_0017"}, "20170822_Trump_phoenix", 17),  # a transcript line
        ({"id": "tweet-sno-1000"}, "tweet-sno", 1000),
        (
            {"id": "putin-china-2024:q3", "doc": "putin-china-2024"},
            "putin-china-2024",
            3,
        ),  # a quote record
        (
            {"id": "q7", "doc": "another-doc"},
            "another-doc",
            9,
        ),  # its id is not the doc's: input order
        ({"id": "2017"}, None, 9),  # a bare number names no document
        ({"id": "statement"}, None, 9),
        ({"text": "no id at all"}, None, 9),
    ],
)
def test_place_reads_document_and_position(record, doc, position):
    placed = place({**record, "speaker": "TRUMP"}, 9)
    assert (placed.doc, placed.position) == (doc, position)


def test_place_keys_the_speaker_by_surname():
    assert (
        place({"id": "d_1", "speaker": "PRESIDENT OBAMA"}, 0).speaker
        == place({"id": "d_2", "speaker": {"name": "Barack Obama"}}, 1).speaker
    )
    assert place({"id": "d_1"}, 0).speaker == ""


def test_documents_are_consecutive_runs():
    records = [{"id": f"a_{i}"} for i in range(3)] + [
        {"id": "b_1"},
        {"text": "x"},
        {"text": "y"},
        {"id": "a_9"},
    ]
    groups = [[p.record.get("id") for p in group] for group in documents(records)]
    assert groups == [["a_0", "a_1", "a_2"], ["b_1"], [None], [None], ["a_9"]]


def test_neighbours_are_the_same_speaker_within_the_window():
    records = [
        {"id": "debate_0010", "speaker": "JONES"},
        {"id": "debate_0011", "speaker": "MODERATOR"},
        {"id": "debate_0012", "speaker": "Maria Jones"},
        {"id": "debate_0019", "speaker": "JONES"},
        {"id": "debate_0030", "speaker": "JONES"},
    ]
    (group,) = documents(records)
    assert neighbours(group, 2, window=5) == [(0, 2)]
    assert neighbours(group, 2, window=10) == [(0, 2), (3, 7)]
    assert neighbours(group, 1, window=5) == []  # nobody else is the moderator
    unattributed = list(documents([{"id": "d_1", "text": "a"}, {"id": "d_2", "text": "b"}]))[0]
    assert neighbours(unattributed, 0, window=5) == []


def test_other_speakers_are_everyone_else_with_a_name_within_the_window():
    records = [
        {"id": "debate_0010", "speaker": "JONES"},
        {"id": "debate_0011", "speaker": "MODERATOR"},
        {"id": "debate_0012", "speaker": "Maria Jones"},
        {"id": "debate_0013"},
        {"id": "debate_0019", "speaker": "REYES"},
    ]
    (group,) = documents(records)
    assert other_speakers(group, 2, window=5) == [(1, 1)]
    assert other_speakers(group, 2, window=10) == [(1, 1), (4, 7)]
    assert other_speakers(group, 1, window=5) == [(0, 1), (2, 1)]
    assert other_speakers(group, 3, window=5) == []  # no speaker, no neighbours


def test_speakers_near_are_the_others_within_the_span_of_statements():
    records = [
        {"id": "debate_0010", "speaker": "JONES"},
        {"id": "debate_0011", "speaker": "MODERATOR"},
        {"id": "debate_0012", "speaker": "Maria Jones"},
        {"id": "debate_0013"},
        {"id": "debate_0090", "speaker": "REYES"},
    ]
    (group,) = documents(records)
    # Statements of the batch, not line numbers: a transcript's checked lines lie far apart.
    assert speakers_near(group, 2, span=2) == {"moderator", "reyes"}
    assert speakers_near(group, 0, span=2) == {"moderator"}
    assert speakers_near(group, 3, span=30) == {"jones", "moderator", "reyes"}
    (alone,) = documents([{"text": "a plain query", "speaker": "REYES"}])
    assert speakers_near(alone, 0, span=30) == set()  # no document


def test_a_plain_record_is_answered_before_the_next_line_is_read():
    read = []

    def stream():
        for text in ("a", "b"):
            read.append(text)
            yield {"text": text}

    first = next(documents(stream()))
    assert [p.record["text"] for p in first] == ["a"] and read == ["a"]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("20170822_Trump_phoenix", date(2017, 8, 22)),  # a transcript archive's file name
        ("rally-2018-07-31", date(2018, 7, 31)),
        ("news/2018/07/31/bridge-story", date(2018, 7, 31)),  # a URL path
        ("putin-china-2024", None),  # a year alone is no day
        ("2018-0731-x", None),  # one separator throughout, or none
        ("120170822_x", None),  # inside a longer number: an id, not a date
        ("case20170822", None),
        ("2018-02-30-x", None),  # no such day
        ("20171322_a", None),
        ("", None),
    ],
)
def test_name_date_reads_a_whole_calendar_date(name, expected):
    assert name_date(name) == expected


def test_a_record_is_dated_by_its_documents_name():
    assert place({"id": "20170822_Trump_phoenix_0017", "speaker": "TRUMP"}, 0).date == date(
        2017, 8, 22
    )
    assert place({"id": "rally-2018-07-31:q3", "doc": "rally-2018-07-31"}, 0).date == date(
        2018, 7, 31
    )
    assert place({"id": "2017"}, 0).date is None  # no document, no date
