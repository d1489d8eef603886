"""Whom a statement speaks to or about without naming them: the other speakers of its document.

A debater answers and accuses the people on the stage by pronoun and title, and the
fact-check names them: Obama's "But what you can't do is spend $2 trillion in additional
military spending" is checked as "Says Mitt Romney wants to add $2 trillion to defense
budget"; Romney's "the president began what I've called an apology tour" as "Says Barack
Obama began his presidency with an apology tour"; Clinton's "He voted for what we call, the
Charleston Loophole" as "Says Bernie Sanders voted for ...". The line's words never name the
person the claim is about, so no word it shares with the claim says so.

A statement's referents (:func:`referents`) are the other speakers of its document (the
batch's other records of the same document, :func:`.context.documents`) when the line
addresses or mentions someone it does not name: a second-person pronoun ("you", "your"), a
third-person one ("he", "her"), or a title one of them carries ("the president" for
PRESIDENT OBAMA, "my opponent" for either). A line that names one of them already says
whom it means. The matcher counts a referent's name as a word of the line
(:func:`with_referents`), so that among claims sharing the line's words, the one naming the
person it speaks to or about ranks higher.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..models import speaker_name
from ..speakers import lexicons, normalise_name
from .context import Placed
from .text import weighted_stems

# A line may refer to this many people at most: among more (a crowded primary debate's
# stage), a pronoun picks none of them out.
MOST = 3


def speakers(group: list[Placed]) -> dict[str, str]:
    """Each speaker of a document's run of statements: speaker key -> the fullest normalised
    name its labels give ("SEN. BERNIE SANDERS, I-VT" -> "bernie sanders").

    Args:
        group: one document's run of statements (:func:`.context.documents`).
    """
    out: dict[str, str] = {}
    for placed in group:
        if placed.speaker:
            name = normalise_name(speaker_name(placed.record))
            if len(name) > len(out.get(placed.speaker, "")):
                out[placed.speaker] = name
    return out


def referents(placed: Placed, people: Mapping[str, str]) -> tuple[str, ...]:
    """The names of the people ``placed`` addresses or speaks of without naming them.

    Args:
        placed: a statement of a document.
        people: its document's speakers (:func:`speakers`).

    Returns:
        The other speakers' names, sorted; none when the line names one of them, says no
        pronoun or title that could stand for them, or there are more than ``MOST``.
    """
    if placed.doc is None or not placed.speaker:
        return ()
    others = {key: name for key, name in people.items() if key != placed.speaker}
    if not others or len(others) > MOST:
        return ()
    words = set(_WORDS.findall(str(placed.record.get("text") or "").lower()))
    if words & others.keys():  # "Governor Romney, ... you said Russia": named already
        return ()
    if words & _POINTERS:
        return tuple(sorted(others.values()))
    return ()


def name_stems(names: tuple[str, ...]) -> frozenset[str]:
    """The stems of ``names``' words, as a claim's words are stemmed (what a claim names).

    Args:
        names: referents (:func:`referents`).
    """
    return frozenset(key for name in names for key in weighted_stems(name))


_WORDS = re.compile(r"[^\W\d_]+")  # "you've" -> "you", "ve"
_POINTERS = lexicons.pronouns_of("second", "m", "f") | {"opponent"}


__all__ = ["MOST", "name_stems", "referents", "speakers"]
