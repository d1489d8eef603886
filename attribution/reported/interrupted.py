"""A quote interrupted by its cue, read from the quotation marks where the parse lost one side.

"“A,” he said, “B.”" is one quote in two pieces. The cue's rules join both sides when the parse
links them to the cue; a sentence split inside the first quote (the splitter leaves an opening
''…'' at the end of the sentence before) or a cue the parser hung on the first quote's verb leaves
one side out. Here the marks decide: a quote closing on a comma, the cue with its speaker, a comma,
and a second quote make one content whatever the parse says.
"""

from __future__ import annotations

from ..detection import Detection
from ..quotes import QuoteSpan
from ..sentences import word_start
from .context import Context

# The cue block between the two quotes stays short: "he said", "said Tad Devine, a senior
# adviser on the campaign".
_MAX_GAP = 120
_VERBAL = frozenset({"VERB"})


def join(ctx: Context, found: list[Detection]) -> None:
    """Give each report whose cue interrupts a quote the side of that quote it lacks.

    "''That, unfortunately,'' he said, ''is part of life.''" split after the first ''…'' mark: the
    report of "said" holds "''is part of life.''" and gets "''That, unfortunately,''" as its first
    piece; "“I love it,” he said, “and I will stay.”" with only the first quote linked to the cue
    gets the second. Only a quote no other report holds is taken.
    """
    for k in range(len(ctx.quotes) - 1):
        first, second = ctx.quotes[k], ctx.quotes[k + 1]
        if not _interrupted(ctx, first, second):
            continue
        cued = [
            c for c in found if c.cue_start is not None and first.end <= c.cue_start < second.start
        ]
        c = next((c for c in cued if c.spans()[0][0] == second.start), None) or next(
            (c for c in cued if c.spans()[-1][1] == first.end), None
        )
        if c is None or not _only_cue(ctx, c, first.end, second.start):
            continue
        # the other side found as a report of the same cue word is the same quote
        same = [o for o in found if o is not c and o.cue_start == c.cue_start]
        twin = next((o for o in same if o.spans() in ([_span(first)], [_span(second)])), None)
        others = [o for o in found if o is not c and o is not twin]
        spans = c.spans()
        if spans[0][0] == second.start and not _held(others, first) and not c.covers(first.start):
            joined = _set(ctx, c, [_span(first), *spans])
        elif spans[-1][1] == first.end and not _held(others, second):
            joined = _set(ctx, c, [*spans, _span(second)])
        else:
            continue
        if joined and twin is not None:
            found.remove(twin)


def _span(q: QuoteSpan) -> tuple[int, int]:
    return (q.start, q.end)


def _interrupted(ctx: Context, first: QuoteSpan, second: QuoteSpan) -> bool:
    """ "“A,” <cue block>, “B”": the first quote ends on a comma, the block between is short, has
    no sentence end and ends on a comma, and both quotes lie in one paragraph."""
    text = ctx.text
    gap = text[first.end : second.start]
    if not first.closed or not 0 < len(gap) <= _MAX_GAP or "\n" in gap:
        return False
    inner = text[first.start : first.end].rstrip(first.close_mark or "").rstrip("’'\"” ")
    stripped = gap.strip()
    return (
        (inner.endswith(",") or stripped.startswith(","))
        and stripped.endswith(",")
        and any(ch.isalpha() for ch in stripped)
        and not any(ch in stripped for ch in "!?;:()")
    )


def _only_cue(ctx: Context, c: Detection, start: int, end: int) -> bool:
    """The words between the quotes are the cue's sentence and hold no verb but the cue (a period
    only after an abbreviation: "Ms. Acosta said")."""
    if not 0 <= c.sentence < len(ctx.views):
        return False
    view = ctx.views[c.sentence]
    words = view.words_between(start, end)
    if not words or not view.start <= start or view.end < end - 1:
        return False
    for w in words:
        if w.upos in _VERBAL and word_start(w) != c.cue_start:
            return False
        if w.text == "." or w.upos == "PUNCT" and w.text not in (",", "—", "–"):
            return False
    return True


def _held(others: list[Detection], q: QuoteSpan) -> bool:
    return any(s < q.end and q.start < e for o in others for s, e in o.spans())


def _set(ctx: Context, c: Detection, spans: list[tuple[int, int]]) -> bool:
    pieces = ctx.pieces(spans)
    if pieces is None:
        return False
    c.set_pieces(*pieces)
    return True
