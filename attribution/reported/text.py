"""Character-level helpers the rules share: trimming a content span, looking past blanks.

The parse itself is seen through :class:`attribution.sentences.SentenceView`.
"""

from __future__ import annotations

__all__ = ["PUNCT_TRIM", "blank", "first_index", "last_index", "trim"]

PUNCT_TRIM = frozenset(",;:—–-.()[]…")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and clause punctuation (commas, dashes, a final period) at both ends."""
    while start < end and (text[start].isspace() or text[start] in PUNCT_TRIM):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in PUNCT_TRIM):
        end -= 1
    return start, end


def blank(text: str, start: int, end: int, chars: str = " \t\r\n\u00a0") -> bool:
    """True when ``text[start:end]`` holds only ``chars``; stops at the first other character
    (no slicing, so checks deep inside a long paragraph stay cheap)."""
    return all(text[i] in chars for i in range(max(0, start), min(end, len(text))))


def last_index(text: str, pos: int, skip: str = " \t\r\n\u00a0") -> int:
    """Index of the last character before ``pos`` that is not in ``skip`` (-1 if none)."""
    i = min(pos, len(text)) - 1
    while i >= 0 and text[i] in skip:
        i -= 1
    return i


def first_index(text: str, pos: int, skip: str = " \t\r\n\u00a0") -> int:
    """Index of the first character from ``pos`` on that is not in ``skip`` (len(text) if none)."""
    i = max(pos, 0)
    while i < len(text) and text[i] in skip:
        i += 1
    return i
