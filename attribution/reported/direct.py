"""Quotations the verb rules left: a quote linked to a cue in its sentence, a quote continued
after "said X.", and a bare quote paragraph spoken by the previous paragraph's speaker.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from ..detection import Detection
from ..quotes import QuoteSpan
from ..sentences import SentenceView, word_end, word_start
from .context import Context, speaker_head
from .text import blank, first_index, last_index

_VERBAL = frozenset({"VERB", "AUX"})
# Connectives that open a sentence continuing a quote: "... he said. But “B.”"
_LEADS = frozenset({"but", "and", "still", "yet", "so", "now", "also", "however", "plus", "then"})
# Rules whose content is what was said (not what was criticized or believed): a quote may go on
# from it.
_SAYING = ("verb-", "according", "colon", "quote-")
_NEAR = 300  # characters around a quote searched for its cue: bounded work per quote, however many


def find(ctx: Context, taken: list[Detection]) -> Iterator[Detection]:
    """Yield candidates for uncovered quotes; may widen a candidate in ``taken`` (continuations)."""
    taken = sorted(taken, key=lambda c: c.start_char)
    starts = [c.start_char for c in taken]
    view_starts = [v.start for v in ctx.views]
    last_by_paragraph: dict[int, Detection] = {}
    for c in taken:
        last_by_paragraph[ctx.paragraph_of(c.start_char)] = c
    previous: Detection | None = None
    for q in ctx.quotes:
        covering = _covering(taken, starts, q)
        if covering is not None:
            previous = covering
            continue
        views = _views(ctx, view_starts, q)
        cand = _linked_cue(ctx, views, q)
        if cand is None:
            cand = _split_cue_sentence(ctx, view_starts, q)
        if cand is None:
            cand = _byline(ctx, view_starts, q)
        if cand is None:
            cand = _speech_frame(ctx, views, q)
        if cand is None:
            # the last quote's report goes on first; else a report after it ("He said the plan
            # fails. “We agree.”")
            widened = _continuation(ctx, previous, q, views)
            latest = _latest(taken, starts, previous, q)
            if widened is None and latest is not previous:
                widened = _continuation(ctx, latest, q, views)
            if widened is not None:
                previous = widened
                continue
        if cand is None:
            cand = _bare_paragraph(ctx, last_by_paragraph, q, views)
            if cand and previous and _continues(ctx, previous, last_by_paragraph, q):
                # "“We came to work,” she said.¶“We will stay.”": the speaker goes on, one quote
                previous.extend(q.start, q.end)
                previous.rule += "+next-paragraph"
                last_by_paragraph[ctx.paragraph_of(q.start)] = previous
                continue
        if cand is not None:
            previous = cand
            last_by_paragraph[ctx.paragraph_of(q.start)] = cand
            yield cand


def _latest(
    taken: list[Detection], starts: list[int], previous: Detection | None, q: QuoteSpan
) -> Detection | None:
    """The report closest before ``q``: the last quote's, or an indirect one after it ("He said
    the plan fails. “We agree.”")."""
    i = bisect_right(starts, q.start) - 1
    last = taken[i] if i >= 0 and taken[i].end_char <= q.start else None
    if last is None or previous is not None and previous.start_char >= last.start_char:
        return previous
    return last


def _covering(taken: list[Detection], starts: list[int], q: QuoteSpan) -> Detection | None:
    i = bisect_right(starts, q.start) - 1
    for c in taken[max(0, i - 3) : i + 1]:
        if c.start_char <= q.start and q.end <= c.end_char + 1:
            return c
    return None


def _views(ctx: Context, view_starts: list[int], q: QuoteSpan) -> list[SentenceView]:
    i = max(0, bisect_right(view_starts, q.start) - 1)
    out = []
    while i < len(ctx.views) and ctx.views[i].start < q.end:
        if ctx.views[i].end > q.start:
            out.append(ctx.views[i])
        i += 1
    return out


def _linked_cue(ctx: Context, views: list[SentenceView], q: QuoteSpan) -> Detection | None:
    # "“We will win,” Trump told reporters on Monday, “whatever happens.”" - any link between
    # a word inside the quote and a cue verb outside it, in the sentences the quote touches.
    best, best_distance = None, float("inf")
    for view in views:
        for word in view.words_between(q.start - _NEAR, q.start) + view.words_between(
            q.end, q.end + _NEAR
        ):
            if word.upos not in _VERBAL or not ctx.is_cue_verb(word):
                continue
            ws = word_start(word)
            head = view.head_of(word)
            linked = head is not None and q.start <= word_start(head) < q.end
            if not linked:
                linked = any(
                    q.start <= word_start(c) < q.end and c.upos != "PUNCT"
                    for c in view.children[word.id]
                )
            if not linked:
                continue
            distance = q.start - ws if ws < q.start else ws - q.end
            if best is None or distance < best_distance:
                best, best_distance = (view, word), distance
    if best is None:
        return None
    view, word = best
    speaker = speaker_head(ctx, view, word)
    return _quote_cue(
        view, word, q, speaker, 0.85 if speaker is not None else 0.6, "quote-linked-cue"
    )


def _split_cue_sentence(ctx: Context, view_starts: list[int], q: QuoteSpan) -> Detection | None:
    # "“Why not?” she asked." / "“Go, team!” wrote Mr. Lee." split after the question mark: the
    # sentence right after the quote opens with "subject + cue verb" or "cue verb + subject".
    last = last_index(ctx.text, q.end, "”\"'’» ")
    if last <= q.start or ctx.text[last] not in ",?!":
        return None
    after = first_index(ctx.text, q.end)
    i = bisect_right(view_starts, after) - 1
    name = (
        _name_tail(ctx, i, q)
        if 0 <= i < len(ctx.views) - 1 and ctx.views[i].start < q.end
        else None
    )
    if name is not None:
        # "“...,” Rep. Ann Lee (D-Md.) said." split after "(D-Md.)": the cue opens the next one
        i += 1
        after = ctx.views[i].start
    if (
        i < 0
        or ctx.views[i].start <= q.start
        or ctx.paragraph_of(after) != ctx.paragraph_of(q.start)
    ):
        return None  # the quote's own sentence goes on: the parse links its cue, if any
    view = ctx.views[i]
    for word in view.words_between(after, view.end):
        if word.upos == "PUNCT" or ctx.quote_at(word_start(word)) is not None:
            continue
        if word.upos == "VERB" and ctx.is_cue_verb(word):
            before = [w for w in view.words_between(after, word_start(word)) if w.upos != "PUNCT"]
            subject = view.kid(word, "nsubj")
            if any(subject is None or not view.in_subtree(w, subject) for w in before):
                return None  # "Others said ..." after a clause of its own: no bare attribution
            if any(
                word_start(c) > word_start(word)
                for c in view.kids(word, "ccomp", "parataxis", "obj")
                if ctx.quote_at(word_start(c)) is None and c.upos in ("VERB", "AUX")
            ):
                return None  # "He said the plan works.": the sentence reports its own content
            # "said Tom Lee, a strategist.": the parser takes the inverted subject for an object
            inverted = (
                None
                if before or subject is not None
                else next(
                    (
                        c
                        for c in view.kids(word, "obj", "iobj", "dep")
                        if c.upos in ("PROPN", "NOUN", "PRON")
                    ),
                    None,
                )
            )
            speaker = name or inverted or speaker_head(ctx, view, word)
            return _quote_cue(
                view, word, q, speaker, 0.8 if speaker is not None else 0.55, "quote-split-cue"
            )
        if word.upos in _VERBAL:
            return None  # another verb comes first: not an attribution clause
    return None


# Words of a speaker's name closing the quote's sentence: "Rep. Ann Lee (D-Md.)", "Sen. Lee, R-Ky."
_NAME_WORDS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "NUM", "PUNCT", "PART"})


def _name_tail(ctx: Context, i: int, q: QuoteSpan):
    """The name alone that ends the quote's sentence ``i`` when the next sentence opens with a
    lower-case verb: the splitter cut the attribution clause after an abbreviation ("“...,” Sen.
    Ann Lee (D-Md.)" / "said in a statement."). The name's head word, or None."""
    view = ctx.views[i]
    tail = view.words_between(q.end, view.end)
    nxt = next((w for w in ctx.views[i + 1].words if w.upos != "PUNCT"), None)
    if (
        not 0 < len(tail) <= 12
        or any(w.upos not in _NAME_WORDS for w in tail)
        or nxt is None
        or nxt.upos != "VERB"
        or not (nxt.text or "")[:1].islower()
    ):
        return None
    inside = {w.id for w in tail}
    # the name's head: a proper noun hung outside the tail ("(D-Md.)" hangs on it)
    return next((w for w in tail if w.upos == "PROPN" and w.head not in inside), None)


def _speech_frame(ctx: Context, views: list[SentenceView], q: QuoteSpan) -> Detection | None:
    # Verbatim quotes framed like speech whatever the verb: "She then addressed the supporters:
    # “Here is what I regret.”" / "“This is a big win for me,” I confessed." The frame is a
    # colon just before a quote that opens after it, or a short "subject + verb" right after a
    # quote closing on a comma, question or exclamation mark.
    if len(ctx.text[q.inner_start : q.inner_end].split()) < 3:
        return None  # “reset”: a scare quote, not a quotation
    colon_before = ctx.text[last_index(ctx.text, q.start)] == ":" if q.start > 0 else False
    inside_end = ctx.text[max(q.start, last_index(ctx.text, q.end, "”\"'’» "))]
    for view in views:
        for word in view.words_between(q.start - 60, q.start) + view.words_between(
            q.end, q.end + 40
        ):
            if word.upos != "VERB":
                continue
            subj = view.kid(word, "nsubj")
            if subj is None or q.start <= word_start(subj) < q.end:
                continue
            if (
                word_end(word) <= q.start
                and colon_before
                and q.start - word_end(word) < 60
                and not any(
                    word_end(word) < word_start(w) < q.start and w.upos == "VERB"
                    for w in view.words
                )
            ):
                return _quote_cue(
                    view, word, q, speaker_head(ctx, view, word), 0.6, "quote-speech-frame"
                )
            if (
                word_start(word) >= q.end
                and inside_end in (",", "?", "!")
                and word_end(word) - q.end < 40
                and min(word_start(subj), word_start(word)) >= q.end
            ):
                return _quote_cue(
                    view, word, q, speaker_head(ctx, view, word), 0.6, "quote-speech-frame"
                )
    return None


def _quote_cue(
    view: SentenceView, word, q: QuoteSpan, speaker, confidence: float, rule: str
) -> Detection:
    """The quote ``q`` as direct speech, its cue ``word`` in ``view``."""
    return Detection(
        kind="direct",
        start_char=q.start,
        end_char=q.end,
        sentence=view.index,
        cue_start=word_start(word),
        cue_end=word_end(word),
        cue_lemma=(word.lemma or word.text).lower(),
        speaker_head=speaker,
        confidence=confidence,
        rule=rule,
    )


_DASHES = "―—–-"


def _byline(ctx: Context, view_starts: list[int], q: QuoteSpan) -> Detection | None:
    # "“Trump scares me.” ― Sonya Herridge": a dash and a name closing the quote's line sign it.
    line_end = ctx.text.find("\n", q.end)
    line_end = len(ctx.text) if line_end < 0 else line_end
    nxt = bisect_right(ctx.quote_starts, q.start)
    if nxt < len(ctx.quotes):  # lines may be joined by spaces: the next quote ends the byline too
        line_end = min(line_end, ctx.quotes[nxt].start)
    tail = ctx.text[q.end : line_end]
    stripped = tail.lstrip(" \t\u00a0")
    if not stripped or stripped[0] not in _DASHES or len(stripped) > 80:
        return None
    dash_end = q.end + (len(tail) - len(stripped)) + 1
    names = []
    i = max(0, bisect_right(view_starts, dash_end) - 1)
    while i < len(ctx.views) and ctx.views[i].start < line_end:
        view = ctx.views[i]
        names += [
            (view, w)
            for w in view.words
            if dash_end <= word_start(w) < line_end and w.upos == "PROPN"
        ]
        i += 1
    if not names:
        return None
    ids = {id(w) for _, w in names}
    view, head = next(
        ((v, w) for v, w in names if v.head_of(w) is None or id(v.head_of(w)) not in ids), names[-1]
    )
    return Detection(
        kind="direct",
        start_char=q.start,
        end_char=q.end,
        sentence=view.index,
        cue_start=dash_end - 1,
        cue_end=dash_end,
        cue_lemma=ctx.text[dash_end - 1],
        speaker_head=head,
        confidence=0.75,
        rule="quote-dash-byline",
    )


def _starts_sentence(ctx: Context, views: list[SentenceView], q: QuoteSpan) -> bool:
    # Judged on the text, not the parse: splitters often leave an opening mark on the previous
    # sentence.
    para_start = ctx.paragraph_starts[ctx.paragraph_of(q.start)]
    i = last_index(ctx.text, q.start)
    return i < para_start or ctx.text[i] in ".!?:;\"”'’)"


def _continuation(
    ctx: Context, previous: Detection | None, q: QuoteSpan, views
) -> Detection | None:
    # "“A,” said Mr. Madden, a strategist. “B.”" - a cueless quote right after an attributed quote
    # in the same paragraph continues it; widen the earlier one over the attribution.
    if (
        previous is None
        or previous.kind != "direct"
        and not (previous.speaker_head is not None and previous.rule.startswith(_SAYING))
    ):
        return None  # "He said the plan fails. “We agree.”" goes on; "He criticized X." does not
    start = q.start if _starts_sentence(ctx, views, q) else _lead(ctx, q)
    if start is None or ctx.paragraph_of(previous.start_char) != ctx.paragraph_of(q.start):
        return None
    between = ctx.text[previous.end_char : start]
    cue_sentence_end = (
        ctx.views[previous.sentence].end
        if previous.sentence < len(ctx.views)
        else previous.end_char
    )
    # a title quoted in the attribution clause ("said Jon Lee, the author of “Power,”. “B.”") is
    # no quote of its own, when the continuation opens the next sentence
    others = ctx.quotes_overlapping(previous.end_char, start)
    if len(between) > 200 or (
        others and (start < cue_sentence_end - 1 or any(o.end > cue_sentence_end for o in others))
    ):
        return None
    if (
        cue_sentence_end < start - 3
        and ctx.text[cue_sentence_end:start].strip()
        and _has_clause(ctx, cue_sentence_end, start)
    ):
        return None  # another sentence sits between: not a simple continuation
    previous.extend(start, q.end)
    if start < q.start or previous.kind != "direct":
        previous.kind = "mixed"  # "But “B.”": a word outside the marks
    previous.rule += "+continued"
    return previous


def _has_clause(ctx: Context, start: int, end: int) -> bool:
    """Whether a clause of its own (a predicate with a subject that is no relative pronoun) lies in
    start..end.

    "“A,” said Sen. Ann Lee, a party leader. “B.”" split after "Sen.": the fragment between the
    cue's sentence and the next quote only names the speaker, and the quote goes on; "“A,” he said.
    The vote was close. “B.”" has a statement of the writer's between.
    """
    i = max(0, bisect_right([v.start for v in ctx.views], start) - 1)
    for view in ctx.views[i:]:
        if view.start >= end:
            break
        for w in view.words_between(start, end):
            if any(
                "PronType=Rel" not in (k.feats or "")
                and (k.lemma or "").lower() not in ("who", "which", "that")
                for k in view.kids(w, "nsubj", "nsubj:pass", "expl")
            ):
                return True
    return False


def _lead(ctx: Context, q: QuoteSpan) -> int | None:
    """Where a connective opening the quote's sentence starts ("... he said. But “B.”"), or None.

    The connective goes on with what the speaker said, so it is part of the continued content.
    """
    end = last_index(ctx.text, q.start)
    start = end
    while start >= 0 and (ctx.text[start].isalpha() or ctx.text[start] == ","):
        start -= 1
    word = ctx.text[start + 1 : end + 1].rstrip(",").lower()
    if word not in _LEADS:
        return None
    before = last_index(ctx.text, start + 1)
    if before >= 0 and ctx.text[before] not in ".!?\"”'’":
        return None
    return start + 1


def _continues(
    ctx: Context, previous: Detection, last_by_paragraph: dict[int, Detection], q: QuoteSpan
) -> bool:
    """A bare quote paragraph goes on with the quoted words that end the paragraph before it."""
    if previous.kind == "indirect":
        return False
    para = ctx.paragraph_of(q.start)
    before = ctx.paragraph_of(previous.end_char - 1)
    if before >= para or last_by_paragraph.get(before) is not previous:
        return False
    return blank(ctx.text, ctx.paragraph_starts[before + 1], ctx.paragraph_starts[para])


def _bare_paragraph(
    ctx: Context, last_by_paragraph: dict[int, Detection], q: QuoteSpan, views
) -> Detection | None:
    # "“We will win.”" alone in its paragraph, the speaker named in the paragraph before.
    para = ctx.paragraph_of(q.start)
    pstart = ctx.paragraph_starts[para]
    pend = (
        ctx.paragraph_starts[para + 1] - 1
        if para + 1 < len(ctx.paragraph_starts)
        else len(ctx.text)
    )
    if not blank(ctx.text, pstart, q.start):
        return None  # the quote does not open its paragraph
    body = ctx.text[pstart:pend].strip()
    if not body or (q.end - q.start) < 0.8 * len(body):
        return None
    before = para - 1
    while before >= 0 and blank(
        ctx.text, ctx.paragraph_starts[before], ctx.paragraph_starts[before + 1]
    ):
        before -= 1  # blank lines between paragraphs
    prev = last_by_paragraph.get(before)
    if prev is None or prev.speaker_head is None:
        return None
    return Detection(
        kind="direct",
        start_char=q.start,
        end_char=q.end,
        sentence=views[0].index if views else prev.sentence,
        cue_start=None,
        cue_end=None,
        cue_lemma=None,
        speaker_head=prev.speaker_head,
        confidence=0.6,
        rule="quote-paragraph-previous-speaker",
    )
