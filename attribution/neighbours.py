"""Which statements of a batch are neighbours: the same speaker, close together in one document.

A speaker's consecutive statements share a subject. In a debate transcript "A couple of
months?" says nothing alone, but follows "Paul Manafort worked for me for a very short
period of time"; in an article, a minister's second quote continues the first. The
matcher lets a statement's neighbours vote for the claims they match (see
``matching.match_records``).

A record's document is its ``doc`` field (quote records from ``extract``), or else what
its id says before a trailing number: ``20170822_Trump_phoenix_0017`` is line 17 of
``20170822_Trump_phoenix``, ``putin-china-2024:q3`` quote 3 of ``putin-china-2024``.
Its position is that trailing number, else its place in the input. A record without a
document or a speaker has no neighbours.

A document's name often says when it was written or spoken, as transcripts, archives
and URLs are named: ``20170822_Trump_phoenix``, ``rally-2018-07-31``,
``2018/07/31/story``. That date is the record's :attr:`Placed.date`; the matcher uses it
for records that carry no date of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as Date

from .models import speaker_name
from .speakers import speaker_key

_NUMBERED_ID = re.compile(r"^(?P<doc>.*\D)(?P<n>\d+)$")  # "name_0017": "name_", 17; not "2017"
# A whole calendar date in a name, its parts joined by one separator or none: "20170822_",
# "-2018-07-31", "/2018/07/31/"; not within a longer run of digits or letters ("120170822").
_NAME_DATE = re.compile(
    r"(?<![0-9A-Za-z])(?P<y>(?:19|20)\d\d)(?P<sep>[-_/.]?)(?P<m>\d\d)(?P=sep)(?P<d>\d\d)"
    r"(?![0-9A-Za-z])"
)
_MAX_GROUP = 1000  # a very long document is matched in runs of this many statements


@dataclass(frozen=True, slots=True)
class Placed:
    """One input record with its place in the input, document, position and speaker key."""

    record: dict
    index: int  # place in the input
    doc: str | None
    position: int
    speaker: str
    date: Date | None = None  # what its document's name says: "20170822_Trump_phoenix"


def name_date(name: str | None) -> Date | None:
    """The first calendar date written in a document's name, or None ("2018-02-30" is none)."""
    for m in _NAME_DATE.finditer(name or ""):
        try:
            return Date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
    return None


def place(record: dict, index: int) -> Placed:
    """Where ``record`` stands: its document and position (``index`` when the id has no number)."""
    rid = str(record.get("id") or "")
    numbered = _NUMBERED_ID.match(rid)
    id_doc = numbered["doc"].rstrip(" _-:./#") if numbered else ""
    doc = record.get("doc")
    if doc:
        doc = str(doc)
        position = int(numbered["n"]) if numbered and rid.startswith(doc) else index
    elif numbered and id_doc:
        doc, position = id_doc, int(numbered["n"])
    else:
        doc, position = None, index
    return Placed(
        record,
        index,
        doc,
        position,
        speaker_key(speaker_name(record)) if doc else "",
        name_date(doc),
    )


def documents(records: Iterable[dict]) -> Iterator[list[Placed]]:
    """Runs of consecutive records of one document, in input order (at most ``_MAX_GROUP`` long).

    A record of another document, or of none, ends the run: batches keep input order.
    """
    group: list[Placed] = []
    for index, record in enumerate(records):
        placed = place(record, index)
        if group and (placed.doc != group[-1].doc or len(group) >= _MAX_GROUP):
            yield group
            group = []
        if placed.doc is None:
            yield [placed]  # at once: a stream of plain queries is answered line by line
            continue
        group.append(placed)
    if group:
        yield group


def neighbours(group: list[Placed], i: int, *, window: int) -> list[tuple[int, int]]:
    """(index in ``group``, distance) of the statements near ``group[i]`` by the same speaker."""
    me = group[i]
    if me.doc is None or not me.speaker:
        return []
    return [
        (j, abs(other.position - me.position))
        for j, other in enumerate(group)
        if j != i
        and other.speaker == me.speaker
        and 0 < abs(other.position - me.position) <= window
    ]


__all__ = ["Placed", "documents", "name_date", "neighbours", "place"]
