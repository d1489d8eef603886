"""normalise_name and speaker_key: the name keys shared by speaker resolution and the claim
matcher."""

from __future__ import annotations

import pytest

from attribution.speakers import is_variant, normalise_name, speaker_key


@pytest.mark.parametrize(
    "raw, normal",
    [
        ("PRESIDENT OBAMA", "obama"),
        ("Barack Obama", "barack obama"),
        ("Obama", "obama"),
        ("MR. ROMNEY", "romney"),
        ("SEN. BERNIE SANDERS, I-VT", "bernie sanders"),
        ("Nancy Pelosi (D-Calif.)", "nancy pelosi"),
        ("Chinese leader Xi Jinping", "xi jinping"),
        ("Russian Foreign Minister Sergei Lavrov", "sergei lavrov"),
        ("Attorney General Loretta Lynch", "loretta lynch"),
        ("Secretary of State John Kerry", "john kerry"),
        ("Martin Luther King Jr.", "martin luther king"),
        ("Julián Castro", "julian castro"),
        ("Bill O’Reilly", "bill o'reilly"),
        ("the Kremlin", "kremlin"),
        ("President-elect Donald Trump", "donald trump"),
        ("Republican vice-presidential nominee Mike Pence", "mike pence"),
        ("Republican Donald Trump", "donald trump"),
        ("Hillary Clinton’s", "hillary clinton"),
        ("Beto O'Rourke", "beto o'rourke"),
    ],
)
def test_normalise_name(raw, normal):
    assert normalise_name(raw) == normal


@pytest.mark.parametrize("raw", ["General Motors", "State Department", "White House"])
def test_title_words_inside_organisation_names_stay(raw):
    assert normalise_name(raw) == raw.lower()


def test_a_bare_title_is_kept_rather_than_emptied():
    assert normalise_name("President") == "president"
    assert normalise_name("Reporter") == "reporter"


@pytest.mark.parametrize("empty", [None, "", "  ", "—"])
def test_no_name(empty):
    assert normalise_name(empty) == ""
    assert speaker_key(empty) == ""


def test_transcript_labels_and_full_names_share_a_key():
    assert (
        speaker_key("PRESIDENT OBAMA")
        == speaker_key("Barack Obama")
        == speaker_key("Obama")
        == "obama"
    )
    assert (
        speaker_key("TRUMP")
        == speaker_key("Donald Trump")
        == speaker_key("DONALD TRUMP")
        == "trump"
    )
    assert speaker_key("SEN. BERNIE SANDERS, I-VT") == speaker_key("Bernie Sanders")
    assert speaker_key("Hillary Clinton") != speaker_key("Donald Trump")


@pytest.mark.parametrize(
    "short, long",
    [
        ("Lavrov", "Sergei Lavrov"),
        ("Xi", "Xi Jinping"),
        ("E. Warren", "Elizabeth Warren"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("PRESIDENT OBAMA", "Barack Obama"),
        ("The Post", "The New York Post"),
    ],
)
def test_variants(short, long):
    assert is_variant(short, long)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Bill Clinton", "Hillary Clinton"),
        ("Sergei Lavrov", "Lavrov"),  # the longer name is no variant of the shorter
        ("E.", "Elizabeth Warren"),  # a lone initial names nobody
        ("Jinping Xi", "Xi Jinping"),  # words in order
    ],
)
def test_not_variants(a, b):
    assert not is_variant(a, b)
