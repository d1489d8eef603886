"""Quotation-mark spans in raw text: every typographic pair, paragraph continuation, messy marks.

``quote_spans(text)`` scans the text once (linear in its length, whatever the number of
marks) and yields :class:`QuoteSpan` records, outermost quotes only; nested quotes stay
inside their outer span. Paragraphs are the text's lines, as everywhere
(:func:`attribution.sentences.paragraph_starts`; ``documents.read_conllu`` puts a newline at
each ``# newpar``). Odd mark counts never raise: an unclosed quote runs to the
end of its paragraph (or up to the next opening mark) and is flagged ``closed=False``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .sentences import paragraph_starts

# Double marks first so "''" (two apostrophes, the NYT/PTB convention) and "``" win over "'".
_MARK = re.compile(r"''|``|[\"“”„‟«»‘’‚‹›']")

# Which closing marks end a quote opened by each opening mark (languages pair them differently:
# English “…”, German „…“, French «…», Swedish ”…”, Danish »…«).
_DOUBLE_CLOSERS = {
    "“": '”"',
    "„": '“”"',
    "‟": '”"',
    "«": "»",
    "»": "«»",
    "”": '”"',
    '"': '"”',
    "''": "''”\"",
    "``": "''\"”",
}
_SINGLE_CLOSERS = {"‘": "’'", "‚": "‘’", "‹": "›", "'": "'’"}
_OPEN_ONLY = frozenset("“„‟«`") | {"``"}
_CLOSE_ONLY = frozenset("”»") | {"''"}


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation: ``text[start:end]`` includes the marks (when closed)."""

    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the trimmed paragraph end)
    open_mark: str
    close_mark: str | None
    closed: bool  # False: no closing mark was found (best effort span)
    paragraphs: int = 1  # >1: the quote continues over paragraphs ("“… \n“… ”")

    @property
    def inner_start(self) -> int:
        return self.start + len(self.open_mark)

    @property
    def inner_end(self) -> int:
        return self.end - len(self.close_mark) if self.close_mark else self.end

    @property
    def confidence(self) -> float:
        """1.0 for a clean pair, less for unclosed or mismatched marks."""
        return 1.0 if self.closed else 0.6


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _role(text: str, start: int, end: int, mark: str) -> str:
    """Guess from the neighbours whether an ambiguous mark opens ("open"), closes ("close") or
    neither."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if mark in ("'", "’"):
        if _is_word(before) and _is_word(after):
            return "none"  # apostrophe: don't, Clinton’s
        if _is_word(before) or before in ".,!?;:)":
            return "close" if not _is_word(after) else "none"
        if not before.strip() or before in '([{—–-"“«„':
            return "open" if _is_word(after) or after in '"“(' else "none"
        return "none"
    if mark == "‘":
        return "open" if not _is_word(before) else "none"
    # Straight double quote (and the other symmetric marks): spaces say which side it is on.
    if not before.strip() and not after.strip():
        return "either"
    if not before.strip() or before in "([{—–-":
        return "open"
    if not after.strip() or after in ".,!?;:)]}—–-'’":
        return "close"
    return "either"


def _paragraph_bounds(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph, its line break left out."""
    starts = paragraph_starts(text)
    yield from zip(starts, [s - 1 for s in starts[1:]] + [len(text)])


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _scan_paragraph(
    text: str, start: int, end: int
) -> Iterator[tuple[int, int, str, str | None, bool]]:
    """Yield (start, end, open mark, close mark, closed) for the outermost quotes of one paragraph.

    A last item with closed=False may still continue into the next paragraph; the caller decides.
    Marks of another family inside a quote nest (a stack, bounded work per mark); single marks
    nest inside double quotes, or stand alone when clearly paired.
    """
    stack: list[str] = []  # open double marks, outermost first
    open_at = -1
    for m in _MARK.finditer(text, start, end):
        mark = m.group()
        s, e = m.start(), m.end()
        if mark in ("'", "’", "‘", "‚", "‹", "›"):
            role = (
                _role(text, s, e, mark)
                if mark in ("'", "’", "‘")
                else ("open" if mark in "‚‹" else "close")
            )
            if stack and stack[0] in _SINGLE_CLOSERS:
                if role == "close" and mark in _SINGLE_CLOSERS[stack[0]]:
                    yield open_at, e, stack[0], mark, True
                    stack.clear()
                continue
            if not stack and role == "open" and mark in _SINGLE_CLOSERS:
                open_at, stack = s, [mark]
            continue  # single marks inside a double quote: nested, ignored
        if stack and stack[0] in _SINGLE_CLOSERS:
            stack.clear()  # a double mark: that lone single mark was not a quote
        if not stack:
            if mark in ("”", "»") and _role(text, s, e, '"') == "open":
                open_at, stack = s, [mark]  # ”…” (Swedish, or a typo at a paragraph start) and »…«
                continue
            if mark in _CLOSE_ONLY and (mark != "''" or _role(text, s, e, '"') == "close"):
                continue  # a stray closing mark: nothing to close
            open_at, stack = s, [mark]
            continue
        top = stack[-1]
        if mark in _DOUBLE_CLOSERS.get(top, '"') and not (mark in _OPEN_ONLY and mark == top):
            stack.pop()
            if not stack:
                yield open_at, e, top, mark, True
            continue
        if mark in _DOUBLE_CLOSERS.get(stack[0], '"') and mark not in _OPEN_ONLY:
            outer = stack[0]  # closes the outer quote: inner ones were left open
            stack.clear()
            yield open_at, e, outer, mark, True
            continue
        if mark == stack[0] or len(stack) >= 3 or mark in _CLOSE_ONLY:
            # The outer opening mark again before any close: the first quote was left unclosed.
            yield open_at, _rstrip_end(text, open_at, s), stack[0], None, False
            open_at, stack = s, [mark]
            continue
        stack.append(mark)  # “He said ‘...’” with another family of double marks: nested
    if stack and stack[0] not in _SINGLE_CLOSERS:  # a lone single mark is no quote
        yield open_at, _rstrip_end(text, open_at, end), stack[0], None, False


def _starts_with_open_mark(text: str, start: int, end: int) -> str | None:
    i = start
    while i < end and text[i] in " \t\r":
        i += 1
    m = _MARK.match(text, i)
    if (
        m
        and m.group() in _DOUBLE_CLOSERS
        and (m.group() in _OPEN_ONLY or _role(text, m.start(), m.end(), '"') != "close")
    ):
        return m.group()
    return None


def quote_spans(text: str) -> Iterator[QuoteSpan]:
    """Yield the outermost quotations of ``text`` in order (see the module docstring)."""
    pending: tuple[int, str, int, int] | None = (
        None  # unclosed, may continue: (start, mark, paragraphs, end)
    )
    for pstart, pend in _paragraph_bounds(text):
        if pending is not None:
            if not text[pstart:pend].strip():
                continue  # blank line between the paragraphs of one quote
            if _starts_with_open_mark(text, pstart, pend) is None:
                # The next paragraph does not reopen the quote: it ended unclosed.
                yield QuoteSpan(pending[0], pending[3], pending[1], None, False, pending[2])
                pending = None
        items = list(_scan_paragraph(text, pstart, pend))
        for k, (s, e, om, cm, closed) in enumerate(items):
            if pending is not None and k == 0:
                start, mark, paras = pending[0], pending[1], pending[2] + 1
                pending = None
            else:
                start, mark, paras = s, om, 1
            last = k == len(items) - 1
            if not closed and last and om in _DOUBLE_CLOSERS:
                pending = (start, mark, paras, e)  # may continue into the next paragraph
                continue
            yield QuoteSpan(start, e, mark, cm, closed, paras)
    if pending is not None:
        yield QuoteSpan(pending[0], pending[3], pending[1], None, False, pending[2])
