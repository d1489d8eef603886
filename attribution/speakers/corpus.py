"""Speakers across a corpus: who is quoted, how often, under which names, with which quotes.

:class:`SpeakerTable` collects the quotes of many articles (``add``) and groups them
by speaker (``rows``). Names are settled at the end through the registry, so an
article that only said "Lavrov" joins "Sergei Lavrov" learned from a later article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..models import Quote
from . import lexicons
from .names import gender_of_words, normalise_name
from .registry import Registry


@dataclass(slots=True)
class SpeakerRow:
    """One speaker of the corpus with its quotes."""

    name: str
    type: str
    quotes: list[dict] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)
    aliases: Counter = field(default_factory=Counter)  # mentions as written
    resolutions: Counter = field(default_factory=Counter)
    affiliations: Counter = field(default_factory=Counter)

    def to_dict(self, *, with_quotes: bool = True) -> dict:
        d = {
            "name": self.name,
            "type": self.type,
            "count": len(self.quotes),
            "documents": len(self.docs),
            "aliases": [a for a, _ in self.aliases.most_common()],
            "resolutions": dict(self.resolutions.most_common()),
        }
        if self.affiliations:
            d["affiliations"] = [a for a, _ in self.affiliations.most_common()]
        if with_quotes:
            d["quotes"] = self.quotes
        return d


_GENDERED = {w: g for w, g in lexicons.pronouns().items() if g in ("m", "f")}


def _gender_hint(mention: str) -> str | None:
    """What the mention itself says of gender: a pronoun or an honorific ("she", "Mrs. Obama")."""
    words = mention.lower().replace(".", " ").split()
    if len(words) == 1 and words[0] in _GENDERED:
        return _GENDERED[words[0]]
    return gender_of_words(words[:1]) if len(words) > 1 else None


class SpeakerTable:
    """Accumulates quotes; ``rows()`` groups them by canonical speaker, most quoted first."""

    def __init__(self, *, registry: Registry | None = None, include_unresolved: bool = True):
        self.registry = registry if registry is not None else Registry()
        self.include_unresolved = include_unresolved
        self._quotes: list[Quote] = []

    def add(self, quotes: Iterable[Quote]) -> None:
        self._quotes.extend(q for q in quotes if q.speaker is not None)

    def rows(self) -> list[SpeakerRow]:
        rows: dict[tuple[str, str], SpeakerRow] = {}
        for q in self._quotes:
            sp = q.speaker
            assert sp is not None  # add() keeps only quotes with a speaker
            if sp.resolution == "unresolved" and not self.include_unresolved:
                continue
            name, kind = sp.name, sp.type
            if sp.resolution not in ("unresolved", "spokesperson") and not (
                kind == "UNKNOWN" and len(name.split()) < 2
            ):
                entry = self.registry.lookup(name, kind=kind, gender=_gender_hint(sp.mention))
                if entry is not None:
                    name = entry.name
                    kind = kind if kind != "UNKNOWN" else entry.type
            if sp.resolution == "spokesperson":  # a spokesman for X is not X, nor one for Y
                key = (" ".join(name.lower().split()), f"spokesperson:{sp.affiliation or ''}")
            else:
                key = (
                    normalise_name(name) or name.lower(),
                    kind if sp.resolution != "unresolved" else "UNKNOWN",
                )
            row = rows.get(key)
            if row is None:
                row = rows[key] = SpeakerRow(
                    name=name, type=kind if sp.resolution == "spokesperson" else key[1]
                )
            row.quotes.append(
                {
                    "id": q.id,
                    "doc": q.doc,
                    "kind": q.kind,
                    "text": q.text,
                    "mention": sp.mention,
                    "resolution": sp.resolution,
                    "confidence": sp.confidence,
                }
            )
            row.docs.add(q.doc)
            row.aliases[sp.mention] += 1
            row.resolutions[sp.resolution] += 1
            if sp.affiliation:
                row.affiliations[sp.affiliation] += 1
        return sorted(rows.values(), key=lambda r: (-len(r.quotes), r.name.lower()))
