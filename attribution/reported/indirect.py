"""Cue verbs with clausal content: indirect speech, and direct/mixed quotes that the parse links to the verb.

The content is the clause the verb governs; :meth:`Context.content` then decides from the
quotation marks whether it is direct, indirect or mixed.
"""
from __future__ import annotations

from typing import Iterator

from ..candidates import Candidate
from .context import Context, speaker_head
from .tree import SentenceView, base_rel, word_end, word_start

# Relations that carry what was said: "said that ..." (ccomp), "..., he said" (parataxis),
# "said: “...”" (CoreNLP often gives dep), "said “...”" (obj when the quote is a noun phrase).
_CONTENT_RELS = ("ccomp", "parataxis")
_QUOTED_ONLY_RELS = ("dep", "obj", "xcomp", "advcl", "discourse", "conj")
_VERBAL = frozenset({"VERB", "AUX"})


def find(ctx: Context, view: SentenceView) -> Iterator[Candidate]:
    for word in view.words:
        if word.upos not in _VERBAL or not ctx.is_cue_verb(word):
            continue
        cand = _from_children(ctx, view, word) or _inverted(ctx, view, word)
        if cand is not None:
            yield cand


def _from_children(ctx: Context, view: SentenceView, cue) -> Candidate | None:
    # "Lavrov said in early April that Moscow and China agreed ..." / "“We agree,” Xi said."
    spans = [view.span(c) for c in view.kids(cue, *_CONTENT_RELS)]
    # "He said: “We will win.”" / "He said “no”": other relations count only when the part is quoted.
    for c in view.kids(cue, *_QUOTED_ONLY_RELS):
        s, e = view.span(c)
        if ctx.quotes_overlapping(s, e) and _mostly_quoted(ctx, s, e):
            spans.append((s, e))
    if not spans:
        return None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    if start < word_start(cue) < end:
        # Content on both sides ("“A,” he said, “B.”"): keep one span from the first to the last part.
        pass
    return _candidate(ctx, view, cue, start, end, "verb-complement")


def _inverted(ctx: Context, view: SentenceView, cue) -> Candidate | None:
    # "Moscow will act, Lavrov said." parsed with the cue as a parataxis/ccomp of the reported clause.
    if base_rel(cue) not in ("parataxis", "ccomp", "dep", "advcl") or not view.kid(cue, "nsubj"):
        return None
    head = view.head_of(cue)
    if head is None or word_start(head) > word_start(cue):
        return None
    s, e = view.span_without(head, cue)
    return _candidate(ctx, view, cue, s, e, "verb-inverted")


def _mostly_quoted(ctx: Context, start: int, end: int) -> bool:
    inside = sum(min(end, q.end) - max(start, q.start) for q in ctx.quotes_overlapping(start, end))
    return inside >= 0.5 * (end - start)


def _candidate(ctx: Context, view: SentenceView, cue, start: int, end: int, rule: str) -> Candidate | None:
    snapped = ctx.content(start, end)
    if snapped is None:
        return None
    s, e, kind = snapped
    if e - s < 3:
        return None
    speaker = speaker_head(ctx, view, cue)
    confidence = {"direct": 0.9, "mixed": 0.85, "indirect": 0.8}[kind]
    if speaker is None:
        confidence -= 0.2
    if ctx.is_belief(cue):
        rule = "belief-" + rule
        confidence -= 0.1
    return Candidate(kind=kind, start_char=s, end_char=e, sentence=view.index,
                     cue_start=word_start(cue), cue_end=word_end(cue), cue_lemma=(cue.lemma or cue.text).lower(),
                     speaker_head=speaker, confidence=confidence, rule=rule)
