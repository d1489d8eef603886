"""Whom a line speaks to or about without naming them: its document's other speakers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from attribution.claims import Claim, open_store
from attribution.cli import main
from attribution.matching import match_records, match_text
from attribution.matching.context import documents
from attribution.matching.references import referents, reporting, speakers

# ROMNEY speaks twenty lines later: too far to vote for OBAMA's claims.
OBAMA = {
    "id": "debate_0459",
    "speaker": "PRESIDENT OBAMA",
    "text": "What you can't do is spend $2 trillion in additional military spending.",
}
ROMNEY = {"id": "debate_0480", "speaker": "MR. ROMNEY", "text": "I will rebuild our military."}


def _referents(records: list[dict]) -> list[tuple[str, ...]]:
    (group,) = documents(records)
    people = speakers(group)
    return [referents(placed, people) for placed in group]


def test_you_he_and_my_opponent_stand_for_the_other_speakers():
    lines = [
        OBAMA,
        ROMNEY,
        {"id": "debate_0461", "speaker": "ROMNEY", "text": "He cut the Navy to its 1917 size."},
        {"id": "debate_0462", "speaker": "OBAMA", "text": "My opponent has no plan."},
    ]
    assert _referents(lines) == [("romney",), (), ("obama",), ("romney",)]


def test_a_line_that_names_the_other_speaker_or_points_at_nobody_has_no_referent():
    lines = [
        {**OBAMA, "text": "Governor Romney, you said Russia."},  # named already
        {**ROMNEY, "text": "The Navy is smaller than at any time since 1917."},
        {"id": "debate_0470", "speaker": "OBAMA", "text": "We cut taxes for the middle class."},
    ]
    assert _referents(lines) == [(), (), ()]


def test_a_turn_of_speech_addresses_nobody():
    lines = [
        {**OBAMA, "text": "You know, if you look at the numbers, the deficit fell."},
        {**OBAMA, "id": "debate_0461", "text": "Thank you. You know I cut the deficit."},
        ROMNEY,
    ]
    assert _referents(lines)[:2] == [(), ()]


def test_a_title_picks_out_its_speaker_however_many_others_speak():
    stage = [
        {"id": "d_1", "speaker": "MR. ROMNEY", "text": "The president began an apology tour."},
        {"id": "d_2", "speaker": "PRESIDENT OBAMA", "text": "Thank you."},
    ] + [
        {"id": f"d_{i}", "speaker": name, "text": "Thank you."}
        for i, name in enumerate(["CRUZ", "RUBIO", "BUSH", "CARSON"], 3)
    ]
    assert _referents(stage)[0] == ("obama",)
    assert _referents([{**stage[0], "text": "He began an apology tour."}] + stage[1:])[0] == ()


def test_a_role_for_a_label_names_nobody():
    lines = [
        {
            "id": "d_1",
            "speaker": "Donald Trump",
            "text": "You learn very little from a tax return.",
        },
        {"id": "d_2", "speaker": "Reporter", "text": "Will you release it?"},
    ]
    assert _referents(lines) == [(), ("donald trump",)]


def test_labels_give_the_fullest_normalised_name():
    lines = [
        {"id": "d_1", "speaker": "CLINTON", "text": "He voted for the Charleston Loophole."},
        {"id": "d_2", "speaker": "SANDERS", "text": "I did."},
        {"id": "d_3", "speaker": "SEN. BERNIE SANDERS, I-VT", "text": "Yes."},
    ]
    assert _referents(lines)[0] == ("bernie sanders",)


def test_a_one_speaker_document_a_crowded_stage_and_unattributed_lines_have_none():
    alone = [OBAMA, {**OBAMA, "id": "debate_0500", "text": "You know what I did."}]
    assert _referents(alone) == [(), ()]
    stage = [OBAMA] + [
        {"id": f"debate_06{i}", "speaker": name, "text": "Thank you."}
        for i, name in enumerate(["CRUZ", "RUBIO", "BUSH", "CARSON"])
    ]
    assert _referents(stage)[0] == ()  # four others: "you" picks none of them out
    unattributed = [{k: v for k, v in OBAMA.items() if k != "speaker"}, ROMNEY]
    assert _referents(unattributed)[0] == ()


@pytest.fixture()
def store(tmp_path):
    # Two claims alike but for whom they are about: the lexical signals cannot tell them apart.
    claims = [
        ("a-ryan", "Says Paul Ryan wants to spend $2 trillion in additional military spending."),
        (
            "b-romney",
            "Says Mitt Romney wants to spend $2 trillion in additional military spending.",
        ),
    ]
    with open_store(tmp_path / "refs.sqlite") as s:
        s.add_many([Claim(id=cid, text=text, speaker="Barack Obama") for cid, text in claims])
        yield s


def test_you_picks_the_claim_about_the_other_speaker(store):
    alone = match_text(store, OBAMA["text"], speaker=OBAMA["speaker"])
    assert [m.claim_id for m in alone] == ["a-ryan", "b-romney"]  # within a point of each other
    found = {record["id"]: ms for _, record, ms in match_records(store, [OBAMA, ROMNEY])}
    best, other = found[OBAMA["id"]][:2]
    assert best.claim_id == "b-romney" and best.reasons["referent"] is True
    assert best.score > other.score and "referent" not in other.reasons
    assert other.score == alone[0].score  # a claim not naming Romney neither gains nor loses


def test_a_one_speaker_document_is_matched_as_before(store):
    found = list(match_records(store, [OBAMA, {**OBAMA, "id": "debate_0470"}]))
    alone = match_text(store, OBAMA["text"], speaker=OBAMA["speaker"])
    assert (
        [m.claim_id for m in found[0][2]] == [m.claim_id for m in alone] == ["a-ryan", "b-romney"]
    )
    assert all("referent" not in m.reasons for _, _, ms in found for m in ms)


def test_match_reads_the_referent_from_the_batch(store, tmp_path):
    db = tmp_path / "refs.sqlite"
    lines = "\n".join(json.dumps(r) for r in (OBAMA, ROMNEY))
    result = CliRunner().invoke(
        main, ["match", "-", "--db", str(db), "--top", "1", "-f", "jsonl", "-q"], input=lines
    )
    assert result.exit_code == 0, result.output
    rows = {row["query_id"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert rows[OBAMA["id"]]["claim_id"] == "b-romney"


@pytest.mark.parametrize(
    "text, reports",
    [
        ("Even though she says now she's for it.", True),
        ("You said Russia.", True),
        ("He has consistently denied it.", True),
        ("She called it the gold standard.", True),  # a speech act with its content as object
        ("She wants to sign the trade deal.", False),
        ("I said it loud and clear.", False),  # the speaker's own words
        ("Well, you know, he is wrong.", False),
    ],
)
def test_reporting_is_a_pronoun_and_a_speech_verb(text, reports):
    assert reporting(text) is reports


def test_a_line_reporting_what_the_other_speaker_said_picks_their_own_claim(tmp_path):
    # The same words said by two people: whose words the line reports decides.
    text = "I support the Pacific trade deal now."
    with open_store(tmp_path / "said.sqlite") as store:
        store.add_many(
            [
                Claim(id="a-kaine", text=text, speaker="Tim Kaine"),
                Claim(id="b-clinton", text=text, speaker="Hillary Clinton"),
            ]
        )
        other = {"id": "debate_0900", "speaker": "CLINTON", "text": "Thank you."}

        def best(line: str) -> str:
            record = {"id": "debate_0870", "speaker": "TRUMP", "text": line}
            found = {r["id"]: ms for _, r, ms in match_records(store, [record, other])}
            return found["debate_0870"][0].claim_id

        assert best("Now she says she supports the trade deal she fought for years.") == "b-clinton"
        assert best("Now she supports the trade deal she fought for years.") == "a-kaine"  # a tie
