"""Quotation-mark spans for the evaluation: gold kinds and the quoted-strings baseline.

Deliberately simple and independent of the extractor's own quote finder, so the
yardstick does not move when the product changes.
"""

from __future__ import annotations

from .brat import Pieces

# Double quotation marks only: single marks (’) double as apostrophes in news text.
OPENERS = {"“": "”", "„": "“”", "«": "»", '"': '"', "”": "”"}
MARKS = frozenset('“”„«»"')


def quoted_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each quoted string, marks included, offsets shifted by ``offset``.

    Pairs marks within a paragraph; an opening mark left open at the paragraph's end
    (news style for quotes running over several paragraphs) closes there.
    """
    spans = []
    pos = 0
    for para in text.split("\n"):
        start, closers = None, ""
        for i, ch in enumerate(para):
            if start is None:
                # ” opens only before a word: some sites use ” on both sides ("”No,” he said").
                if ch in OPENERS and (ch != "”" or para[i + 1 : i + 2].isalnum()):
                    start, closers = i, OPENERS[ch]
            elif ch in closers:
                spans.append((pos + start + offset, pos + i + 1 + offset))
                start = None
            elif ch == "“":  # a new opening mark before the close: the last quote was unbalanced
                spans.append((pos + start + offset, pos + len(para[:i].rstrip()) + offset))
                start, closers = i, OPENERS[ch]
        if start is not None:
            end = len(para.rstrip())
            if end > start + 1:
                spans.append((pos + start + offset, pos + end + offset))
        pos += len(para) + 1
    return spans


def has_quote_marks(text: str) -> bool:
    return any(ch in MARKS for ch in text)


def kind_of(text: str, pieces: Pieces) -> str:
    """direct / mixed / indirect: how much of the content's words lie inside quotation marks."""
    inside = outside = 0
    for start, end in pieces:
        piece = text[start:end]
        quoted = quoted_spans(piece)
        for i, ch in enumerate(piece):
            if ch.isalnum():
                if any(s <= i < e for s, e in quoted):
                    inside += 1
                else:
                    outside += 1
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"
