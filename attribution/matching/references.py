"""Whom a statement speaks to or about without naming them: the other speakers of its document.

A debater answers and accuses the people on the stage by pronoun and title, and the
fact-check names them: Obama's "But what you can't do is spend $2 trillion in additional
military spending" is checked as "Says Mitt Romney wants to add $2 trillion to defense
budget"; Romney's "the president began what I've called an apology tour" as "Says Barack
Obama began his presidency with an apology tour"; Clinton's "He voted for what we call, the
Charleston Loophole" as "Says Bernie Sanders voted for ...". The line's words never name the
person the claim is about, so no word it shares with the claim says so.

A statement's referents (:func:`referents`) are the other speakers of its document (the
batch's other records of the same document, :func:`.context.documents`) that it addresses
or mentions without naming them: the one whose title it gives ("the president" for
PRESIDENT OBAMA, "the senator" for SEN. BERNIE SANDERS), else all of them, three at most, when
it says a second-person pronoun ("you", "your"; not in a turn of speech such as "you know"
or "if you look at", lexicon ``generic_you``), a third-person one ("he", "her") or "my
opponent". A line that names one of them already says whom it means; a label that is a
role ("Reporter") names nobody. A claim naming a referent scores higher
(``Weights.referent`` in :func:`.scoring.score_candidate`), so that among claims sharing
the line's words, the one about the person it speaks to or about ranks first; where the
line reports their words ("she says now she's for it": :func:`reporting`), so does a claim
of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .. import lexicon
from ..models import speaker_name
from ..speakers import lexicons, normalise_name
from ..speakers.names import name_words
from .context import Placed
from .text import stem, weighted_stems

# A line may refer to this many people at most: among more (a crowded primary debate's
# stage), a pronoun picks none of them out.
MOST = 3


@dataclass(frozen=True, slots=True)
class Person:
    """A speaker of a document: the fullest normalised name and the titles its labels give."""

    name: str  # "SEN. BERNIE SANDERS, I-VT" -> "bernie sanders"
    titles: frozenset[str]  # "senator"


def speakers(group: list[Placed]) -> dict[str, Person]:
    """Each speaker of a document's run of statements, by speaker key.

    Args:
        group: one document's run of statements (:func:`.context.documents`).
    """
    names: dict[str, str] = {}
    titles: dict[str, frozenset[str]] = {}
    for placed in group:
        if placed.speaker:
            label = speaker_name(placed.record)
            name = normalise_name(label)
            if len(name) > len(names.get(placed.speaker, "")):
                names[placed.speaker] = name
            titles[placed.speaker] = titles.get(placed.speaker, frozenset()) | _titles(
                name_words(label)
            )
    return {key: Person(name, titles[key]) for key, name in names.items()}


def referents(placed: Placed, people: Mapping[str, Person]) -> tuple[str, ...]:
    """The names of the people ``placed`` addresses or speaks of without naming them.

    Args:
        placed: a statement of a document.
        people: its document's speakers (:func:`speakers`).

    Returns:
        Other speakers' names, sorted: the one whose title the line gives ("the president"
        for PRESIDENT OBAMA), else all of them where the line says a pronoun that could
        stand for them and they are ``MOST`` at most; none where it names one of them.
    """
    if placed.doc is None or not placed.speaker:
        return ()
    others = {key: person for key, person in people.items() if key != placed.speaker}
    text = _GENERIC.sub(" ", str(placed.record.get("text") or "").lower())
    words = set(_WORDS.findall(text))
    if not others or words & others.keys():  # "Governor Romney, ... you said Russia"
        return ()
    said = _titles(_TITLED.findall(text))
    titled = [person.name for person in others.values() if person.titles & said]
    if titled:
        return _names(titled)
    if len(others) <= MOST and words & _POINTERS:
        return _names(person.name for person in others.values())
    return ()


def _names(names: Iterable[str]) -> tuple[str, ...]:
    # A label that is a role names nobody a claim would name: "Reporter", "Audience".
    return tuple(sorted(name for name in names if not set(name.split()) <= _ROLES))


def _titles(words: list[str]) -> frozenset[str]:
    """The titles among ``words``, abbreviations written out ("sen" -> "senator")."""
    full = lexicons.abbreviations()
    return frozenset(full.get(word, word) for word in words) & lexicons.titles()


def reporting(text: str) -> bool:
    """Whether ``text`` reports what someone it points at said: a pronoun and a speech verb
    right after it ("she says now she's for it", "you said Russia", "he has denied", "she
    called it the gold standard").

    Then a referent's own claims fit the line as well as claims naming them.

    Args:
        text: a statement.
    """
    words = _WORDS.findall(text.lower())
    for i, word in enumerate(words):
        if word in _POINTERS and any(_speech(w) for w in words[i + 1 : i + 1 + _REPORT_SPAN]):
            return True
    return False


def _speech(word: str) -> bool:
    return word in _SPEECH_PAST or stem(word) in _SPEECH_STEMS


def name_stems(names: tuple[str, ...]) -> frozenset[str]:
    """The stems of ``names``' words, as a claim's words are stemmed (what a claim names).

    Args:
        names: referents (:func:`referents`).
    """
    return frozenset(key for name in names for key in weighted_stems(name))


_WORDS = re.compile(r"[^\W\d_]+")  # "you've" -> "you", "ve"
_GENERIC = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in lexicon.load_lines("generic_you")) + r")\b"
)
_ROLES = lexicons.words("person_nouns") | frozenset(lexicons.roles()) | lexicons.titles()
# "the president", "Mr. President", "Madam Secretary": a person by a title.
_TITLED = re.compile(r"\b(?:the|mr|madam)\.?\s+([^\W\d_]+)")
_POINTERS = lexicons.pronouns_of("second", "m", "f") | {"opponent"}
_REPORT_SPAN = 3  # "she says", "he has consistently denied"
_SPEECH_STEMS = frozenset(
    stem(verb)
    for verb in lexicon.load("speech_verbs") | lexicon.load("evaluative_verbs")
    if " " not in verb  # "call for": "call" is there alone
)
_SPEECH_PAST = lexicon.load("speech_verbs_past")


__all__ = ["MOST", "Person", "name_stems", "referents", "reporting", "speakers"]
