"""Records that leave the library: quotes, cues, speakers, claims, matches.

The field names and ``to_dict()`` shapes are the JSON contract in design.md;
extend them, never rename.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

KINDS = ("direct", "indirect", "mixed")
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP", "UNKNOWN")


@dataclass(frozen=True, slots=True)
class Cue:
    """The word(s) that introduce reported speech: "said", "according to", ":"."""

    text: str
    lemma: str
    start_char: int
    end_char: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said it: the mention in the text and the canonical entity it resolves to.

    ``resolution`` names the path taken: "mention" (the mention is the name),
    "name-variant", "pronoun", "description", "apposition", "registry", "spokesperson",
    "unresolved". ``role`` is the title the mention gives the person ("Transport Minister"
    in "Transport Minister David Hale"); ``affiliation`` the organisation they speak for.
    """

    mention: str
    start_char: int
    end_char: int
    name: str
    type: str = "UNKNOWN"
    resolution: str = "mention"
    confidence: float = 1.0
    affiliation: str | None = None
    role: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        for key in ("affiliation", "role"):
            if d[key] is None:
                del d[key]
        return d


@dataclass(frozen=True, slots=True)
class Match:
    """A claim store hit for a quote or query (score 0-100, with its reasons)."""

    claim_id: str
    score: float
    text: str
    speaker: str | None = None
    date: str | None = None
    verdict: str | None = None
    url: str | None = None
    reasons: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Piece:
    """One stretch of a quote's content, ``text == original[start_char:end_char]``.

    A quote interrupted by its cue ("“We came,” said Okafor. “We stay.”") or continued in the
    next paragraph is one quote in several pieces; the cue and the speaker lie between them.
    """

    start_char: int
    end_char: int
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed statement; ``text == original[start_char:end_char]``.

    ``pieces`` are the content itself: one piece, or several when the quote is interrupted
    (by its cue and speaker) or continued; ``text`` runs from the first piece to the last.
    """

    doc: str
    id: str
    kind: str
    text: str
    start_char: int
    end_char: int
    cue: Cue | None
    speaker: Speaker | None
    confidence: float
    sentence: int
    matches: tuple[Match, ...] = ()
    rule: str = ""
    pieces: tuple[Piece, ...] = ()

    @property
    def content(self) -> str:
        """What was said: the pieces' text joined by a space, without the cue and speaker
        between them."""
        if len(self.pieces) < 2:
            return self.text
        return " ".join(p.text.strip() for p in self.pieces if p.text.strip())

    def to_dict(self) -> dict:
        pieces = self.pieces or (Piece(self.start_char, self.end_char, self.text),)
        return {
            "doc": self.doc,
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "pieces": [p.to_dict() for p in pieces],
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "confidence": round(self.confidence, 3),
            "sentence": self.sentence,
            "matches": [m.to_dict() for m in self.matches],
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement seen before: an imported fact-check or an earlier quote."""

    id: str
    text: str
    speaker: str | None = None
    date: str | None = None
    verdict: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    origin: str | None = None  # import file, or "doc-id:quote-id" it was extracted from

    def to_dict(self) -> dict:
        return asdict(self)


def speaker_name(record: Mapping) -> str | None:
    """The speaker a quote record or query line names: its canonical name, else its mention.

    ``record["speaker"]`` is a string (a query line) or an object with ``name`` and
    ``mention`` (a quote record, :meth:`Quote.to_dict`); None when there is none.
    """
    speaker = record.get("speaker")
    if isinstance(speaker, Mapping):
        speaker = speaker.get("name") or speaker.get("mention")
    return (str(speaker).strip() or None) if speaker is not None else None


def content_text(record: Mapping) -> str:
    """A quote record's content: its pieces' text joined by a space (a record without
    ``pieces``, or a query line, is its ``text``)."""
    pieces = record.get("pieces")
    if isinstance(pieces, list) and len(pieces) > 1:
        texts = [str(p.get("text") or "").strip() for p in pieces if isinstance(p, Mapping)]
        return " ".join(t for t in texts if t)
    text = record.get("text")
    return text if isinstance(text, str) else ""
