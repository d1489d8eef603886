"""The hand-over between detection (``reported``) and speaker resolution (``speakers``).

A :class:`Detection` is a quote before its speaker is resolved (the store's retrieval
results are :class:`attribution.claims.Candidate`): the content span,
the cue and the head word of the source mention as the parse gives them. The speaker
resolver takes the source as ``source``, (index in ``doc.sentences``, word id), set by
:func:`attribution.reported.detect`, and finds the word in the document's view
(:class:`attribution.sentences.DocumentView`, which both share).
Internal; the public record is :class:`attribution.models.Quote`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Detection:
    kind: str  # "direct" | "indirect" | "mixed"
    start_char: int  # content span in the article's text
    end_char: int
    sentence: int  # index into doc.sentences of the cue's sentence (else the content's)
    cue_start: int | None = None  # cue span ("said", "according to", ":")
    cue_end: int | None = None
    cue_lemma: str | None = None
    speaker_head: Any = None  # stanza Word heading the source mention, or None
    source: tuple[int, int] | None = None  # the same as (index in doc.sentences, word id)
    confidence: float = 0.5
    rule: str = ""  # which construction found it, for --errors and tests
    # content in several pieces ("“A,” said X, “B.”"): (start, end) each, in text order; empty
    # when the content is the one span start_char..end_char
    pieces: list[tuple[int, int]] = field(default_factory=list)

    def spans(self) -> list[tuple[int, int]]:
        """The content's pieces: ``pieces``, or the one span."""
        return list(self.pieces) if self.pieces else [(self.start_char, self.end_char)]

    def covers(self, offset: int) -> bool:
        """Whether the character at ``offset`` is inside the content (one of its pieces)."""
        return any(s <= offset < e for s, e in self.spans())

    def extend(self, start: int, end: int) -> None:
        """Add a later piece ("“B.”" after "“A,” said X,"); the span runs on to its end."""
        self.pieces = [*self.spans(), (start, end)]
        self.end_char = max(self.end_char, end)

    def set_pieces(self, pieces: list[tuple[int, int]], kind: str) -> None:
        """Make the content ``pieces`` (snapped, in text order) of ``kind``; the span runs from
        the first piece's start to the last one's end."""
        self.pieces, self.kind = pieces, kind
        self.start_char, self.end_char = pieces[0][0], pieces[-1][1]
