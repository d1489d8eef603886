"""Cutting a long text into paragraph- or sentence-aligned pieces to parse one at a time.

stanza's memory grows with what it is given at once, and its tokenizer slows down on a
very long paragraph (a 1 MB article on one line took six times as long as the same text
with paragraph breaks). :func:`pieces` gives spans of at most ``size`` characters that
end at a blank line where there is one; a paragraph longer than ``size`` is cut after a
sentence end, else at a space, else (no space at all) anywhere. No stanza here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
# A sentence end: . ! ? (and closing quotes or brackets) followed by a space and then a
# capital, a digit or an opening quote: "... will reopen. The mayor ..."
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9])")
_SPACE = re.compile(r"\s+")


def pieces(text: str, size: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` spans covering ``text`` in order, each at most ``size`` characters.

    Args:
        text: the document's text.
        size: the most characters a piece may hold (at least 1).

    Yields:
        Spans that together cover the text without overlap; each ends after a blank line,
        else after a sentence end, else after a space, where the text has one in reach.
    """
    start, length = 0, len(text)
    while length - start > size:
        limit = start + size
        end = (
            _last_end(_PARAGRAPH_BREAK, text, start, limit)
            or _last_end(_SENTENCE_END, text, start, limit)
            or _last_end(_SPACE, text, start, limit)
            or limit
        )
        yield start, end
        start = end
    if start < length or length == 0:
        yield start, length


def _last_end(pattern: re.Pattern, text: str, start: int, limit: int) -> int | None:
    """The end of the last match of ``pattern`` in ``text[start:limit]`` (past ``start``)."""
    found = None
    # Look in the piece's second half first: a cut there keeps pieces large.
    for begin in ((start + limit) // 2, start):
        for match in pattern.finditer(text, begin, limit):
            if match.end() > start and match.end() <= limit:
                found = match.end()
        if found:
            return found
    return None
