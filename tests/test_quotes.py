"""Quotation-mark spans: typographic pairs, nesting, paragraph continuation, messy marks."""

from __future__ import annotations

import pytest

from attribution.quotes import quote_spans


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quote_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we agree" today.', ['"we agree"']),
        ("He said “we agree” today.", ["“we agree”"]),
        ("Er sagte „wir sind einig“ heute.", ["„wir sind einig“"]),
        ("Il a dit « nous sommes d'accord » hier.", ["« nous sommes d'accord »"]),
        ("He called it ‘a reset’ of ties.", ["‘a reset’"]),
        ("''This works,'' said Mr. Madden.", ["''This works,''"]),
    ],
)
def test_every_typographic_pair(text, expected):
    assert spans(text) == expected


def test_apostrophes_are_not_quotes():
    assert spans("Clinton’s team didn't say it's over; the '90s are gone.") == []


def test_nested_quotes_stay_inside_the_outer_one():
    text = 'He said: "I read the question: “Is she fit?” Forty-three, yes." Then he left.'
    assert spans(text) == ['"I read the question: “Is she fit?” Forty-three, yes."']


def test_quote_continues_over_paragraphs_when_the_mark_is_repeated():
    text = "“We will meet the president.\n\n“We will sign agreements,” Peskov said."
    (q,) = quote_spans(text)
    assert (q.start, text[q.end - 2 : q.end], q.paragraphs, q.closed) == (0, ",”", 2, True)


def test_unclosed_quote_ends_at_its_paragraph_with_lower_confidence():
    text = "“We will win, he said.\nNext paragraph “closed” here."
    first, second = quote_spans(text)
    assert text[first.start : first.end] == "“We will win, he said."
    assert not first.closed and first.confidence < second.confidence
    assert text[second.start : second.end] == "“closed”"


def test_a_second_opening_mark_closes_the_unclosed_first():
    text = "“one “two” three"
    assert spans(text) == ["“one", "“two”"]
    assert [q.closed for q in quote_spans(text)] == [False, True]


def test_stray_closing_marks_are_ignored():
    assert spans("No quote here” and » there.") == []


def test_ten_thousand_marks_in_one_paragraph_give_a_best_effort_answer():
    text = 'x "' * 10000 + "“a” " * 5000
    found = list(quote_spans(text))
    assert len(found) == 5000 + 5000  # straight marks pair up two by two, then 5000 clean pairs
    assert all(text[q.start : q.end].startswith(('"', "“")) for q in found)


def test_empty_and_markless_text():
    assert spans("") == [] and spans("\n\n") == [] and spans("plain words") == []
