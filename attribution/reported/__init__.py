"""Reported speech detection over a stanza Document: cues, content spans, source heads.

``detect(doc, text, *, speech_verbs=None, speech_nouns=None, belief_verbs=None,
evaluative_verbs=None, include_beliefs=False, lang="en") -> Iterator[Detection]`` in text
order; lexicons default to the data files in ``attribution/lexicon/<lang>/``. One module per
construction family: ``indirect`` (cue verb + clause; also direct/mixed quotes the parse
links to the verb, inverted "..., said X", passives with "by X"), ``according``,
``colon``, ``nouns`` (cue nouns), ``evaluative`` (speech acts with object content:
"called him “a liar”"), ``direct`` (quotes left over: linked cues,
continuations, bare quote paragraphs). Every rule works per sentence on a
:class:`~attribution.sentences.SentenceView` built once, so a document costs time linear in its
size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from .. import lexicon
from ..detection import Detection
from ..quotes import quote_spans
from ..sentences import DocumentView, base_rel, word_end, word_start
from . import according, colon, direct, evaluative, indirect, interrupted, lemmas, nouns, sources
from .context import Context
from .text import blank, first_index

__all__ = ["detect", "Detection"]

# When two rules find the same content, the earlier family wins (more specific evidence).
_PRIORITY = {
    "verb": 0,
    "according": 1,
    "colon": 2,
    "noun": 3,
    "quote": 4,
    "evaluative": 5,
    "belief": 6,
}


def detect(
    doc,
    text: str,
    *,
    speech_verbs: Iterable[str] | None = None,
    speech_nouns: Iterable[str] | None = None,
    belief_verbs: Iterable[str] | None = None,
    evaluative_verbs: Iterable[str] | None = None,
    include_beliefs: bool = False,
    lang: str = "en",
    document: DocumentView | None = None,
) -> Iterator[Detection]:
    """Yield the reported speech of ``doc`` (whose offsets index ``text``) in text order, as
    :class:`Detection` records.

    ``document`` is the view of ``doc`` when the caller has built it already (the speaker
    resolver shares it); else it is built here."""
    evaluative_lines = (
        evaluative_verbs if evaluative_verbs is not None else lexicon.load("evaluative_verbs", lang)
    )
    known = (
        lexicon.load("speech_verbs", lang)
        | lexicon.load("speech_nouns", lang)
        | lexicon.load("belief_verbs", lang)
        | _verbs(evaluative_lines)
        | lexicon.load("response_verbs", lang)
    )
    # "insisted" left as its own lemma is "insist"; given back once detection is done
    changed = [pair for sentence in doc.sentences for pair in lemmas.recover(sentence.words, known)]
    ctx = Context(
        document=document if document is not None else DocumentView(doc, text),
        quotes=list(quote_spans(text)),
        speech_verbs=frozenset(speech_verbs)
        if speech_verbs is not None
        else lexicon.load("speech_verbs", lang),
        speech_nouns=frozenset(speech_nouns)
        if speech_nouns is not None
        else lexicon.load("speech_nouns", lang),
        belief_verbs=frozenset(belief_verbs)
        if belief_verbs is not None
        else lexicon.load("belief_verbs", lang),
        include_beliefs=include_beliefs,
        evaluative_verbs=_verbs(evaluative_lines),
        topic_prepositions=_prepositions(evaluative_lines),
        naming_verbs=lexicon.load("naming_verbs", lang),
        hearer_verbs=lexicon.load("hearer_verbs", lang),
        commissive_verbs=lexicon.load("commissive_verbs", lang),
        object_speech_verbs=lexicon.load("object_speech_verbs", lang),
        response_verbs=lexicon.load("response_verbs", lang),
    )
    try:
        found = _find_all(ctx)
    finally:
        lemmas.restore(changed)
    yield from sorted(_no_overlap(_dedupe(found)), key=lambda c: (c.start_char, c.end_char))


def _find_all(ctx: Context) -> list[Detection]:
    """Every rule over every sentence, overlaps not yet settled; sources repaired and located."""
    found: list[Detection] = []
    for i, view in enumerate(ctx.views):
        if not view.words:
            continue
        found.extend(indirect.find(ctx, view))
        found.extend(according.find(ctx, view))
        found.extend(colon.find(ctx, view, i))
        found.extend(nouns.find(ctx, view))
        found.extend(evaluative.find(ctx, view))
    found = _dedupe(found)
    found.extend(direct.find(ctx, found))
    interrupted.join(ctx, found)
    for c in found:
        # content delimited by a quote without its closing mark is a best-effort span
        if any(not q.closed for q in ctx.quotes_overlapping(c.start_char, c.end_char)):
            c.confidence *= 0.75
        _drop_complementizer(ctx, c)
        _speaker_outside(ctx, c)
        _inverted_source(ctx, c)
        sources.repair(ctx, c)
    sources.share_with_gerunds(ctx, found)
    # Speakers get the source as (index in doc.sentences, word id).
    for c in found:
        if c.speaker_head is not None:
            c.source = ctx.document.source(c.speaker_head)
    return found


_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_SOURCE_RELS = ("nsubj", "nsubj:pass", "obj", "iobj", "dep", "appos", "obl:agent")


def _speaker_outside(ctx: Context, c: Detection) -> None:
    """A speaker is never inside its own quote's content.

    "“These numbers are a fantasy,” said the finance director, Tom Reyes", parsed with "numbers"
    as the subject of "said": the source is the cue's nearest nominal dependent outside the
    content (an inverted subject is often parsed as the object), else there is none.
    """
    head = c.speaker_head
    if head is None or not c.covers(word_start(head)):
        return
    cue_start, cue_end = c.cue_start, c.cue_end
    # "Climate change, Mr. Obama often says, is the greatest threat": the cue and its speaker
    # interrupt the content, which goes on in a second piece
    if (
        cue_start is not None
        and cue_end is not None
        and c.covers(cue_start)
        and _split_around(ctx, c, min(cue_start, word_start(head)), max(cue_end, word_end(head)))
    ):
        return
    c.speaker_head = None
    at = c.cue_start
    if at is None or not 0 <= c.sentence < len(ctx.views):
        return
    view = ctx.views[c.sentence]
    cue = next(iter(view.words_between(at, at + 1)), None)
    if cue is None:
        return
    outside = [
        w
        for w in view.kids(cue, *_SOURCE_RELS)
        if w.upos in _NOMINAL and not c.covers(word_start(w))
    ]
    if outside:
        c.speaker_head = min(outside, key=lambda w: abs(word_start(w) - at))
        c.confidence -= 0.1


def _inverted_source(ctx: Context, c: Detection) -> None:
    """An inverted subject the parser made an object: the source after (or right before) the cue.

    "“Everybody's looking at Nevada,” said Rep. Dina Titus", "“Well, we'll see,” said Pence",
    "“...,” former Florida governor Jeb Bush said" parsed with the name as the cue's ``obj`` or
    ``dep``: with no subject and the content before the cue, a name against the cue is its
    speaker. A hearer verb's object stays the hearer ("“...,” told reporters"). A subject the
    parser found further on is a stray noun ("“...,” said Ms. Lee, with games of capture the
    flag" with "flag" the subject): the name right after the cue still speaks.
    """
    if c.cue_start is None or c.covers(c.cue_start) or not 0 <= c.sentence < len(ctx.views):
        return
    view = ctx.views[c.sentence]
    cue = next(iter(view.words_between(c.cue_start, c.cue_start + 1)), None)
    if (
        cue is None
        or cue.upos not in ("VERB", "AUX")
        or view.kids(cue, "aux:pass", "csubj")
        or not any(e <= c.cue_start for _, e in c.spans())
    ):
        return
    subjects = view.kids(cue, "nsubj", "nsubj:pass")
    if any(word_start(s) < word_end(cue) for s in subjects):
        return
    if c.speaker_head is not None and all(c.speaker_head is not s for s in subjects):
        return
    # a stray subject comes after the name: "said Ms. Lee, with games of ... the flag"
    late = min((word_start(s) for s in subjects), default=len(ctx.text))
    hearer = (cue.lemma or "").lower() in ctx.hearer_verbs
    for w in view.kids(cue, "obj", "iobj", "dep", "appos"):
        if w.upos not in ("PROPN", "NOUN") or c.covers(word_start(w)):
            continue
        if hearer and base_rel(w) in ("obj", "iobj"):
            continue
        ws, we = view.span(w)
        after = ws >= word_end(cue) and blank(ctx.text, word_end(cue), ws)
        before = we <= word_start(cue) and blank(ctx.text, we, word_start(cue))
        if subjects and not (after and we <= late):
            continue
        if (after or before) and not any(ws < e and s < we for s, e in c.spans()):
            c.speaker_head = w
            c.confidence -= 0.05
            return


def _split_around(ctx: Context, c: Detection, start: int, end: int) -> bool:
    """Cut ``start..end`` (a cue and its speaker) out of the content piece that holds it, from the
    comma or dash before it to the one after it; False when it cannot be cut out.

    The piece may be one of several: "“A.” The plan, she explained, is dead." with "“A.”" joined
    as the first piece before the cue's own sentence was split."""
    spans = c.spans()
    k = next((i for i, (s, e) in enumerate(spans) if s <= start and end <= e), None)
    if k is None:
        return False
    s0, e0 = spans[k]
    before = max(ctx.text.rfind(m, s0, start) for m in ",—–(")
    after = [i for i in (ctx.text.find(m, end, e0) for m in ",—–)") if i >= 0]
    gap = (before if before >= 0 else start, min(after) + 1 if after else end)
    split = ctx.pieces([*spans[:k], (s0, gap[0]), (gap[1], e0), *spans[k + 1 :]])
    if split is None or len(split[0]) <= len(spans):
        return False
    c.set_pieces(*split)
    return True


def _drop_complementizer(ctx: Context, c: Detection) -> None:
    """Content starts after a complementizer "that", as the quote-record contract has it.

    "Lavrov declared in February that “the realities of a multipolar world” are ...": the
    content is "“the realities ...", not "that “the realities ...". Only the parse's ``mark``
    "that" is dropped; a determiner ("said that plan failed") stays.
    """
    if c.kind == "direct" or not 0 <= c.sentence < len(ctx.views):
        return
    first = ctx.views[c.sentence].words_between(c.start_char, c.start_char + 1)
    if (
        first
        and base_rel(first[0]) == "mark"
        and (first[0].lemma or first[0].text).lower() == "that"
    ):
        start = first_index(ctx.text, word_end(first[0]))
        if start < c.spans()[0][1]:
            c.start_char = start
            if c.pieces:
                c.pieces[0] = (start, c.pieces[0][1])


def _verbs(entries: Iterable[str]) -> frozenset[str]:
    """Lemmas of a lexicon whose lines may carry a preposition: "point to" -> "point"."""
    return frozenset(e.split()[0] for e in entries if e.strip())


def _prepositions(entries: Iterable[str]) -> dict[str, frozenset[str]]:
    """The prepositions that introduce a verb's content: "point to", "call for" -> {"point": {"to"},
    ...}."""
    out: dict[str, set[str]] = {}
    for e in entries:
        parts = e.split()
        if len(parts) == 2:
            out.setdefault(parts[0], set()).add(parts[1])
    return {verb: frozenset(preps) for verb, preps in out.items()}


def _family(c: Detection) -> int:
    return _PRIORITY.get(c.rule.split("-", 1)[0], 9)


def _dedupe(cands: list[Detection]) -> list[Detection]:
    """One candidate per content and per cue word, the higher-priority rule first.

    Same content = spans sharing 80% both ways, so their starts lie within a quarter of the
    span of each other: only accepted candidates starting that close are compared (bisection
    in a start-ordered list). Nested attributions ("X said that Y claimed Z") survive.
    """
    starts: list[int] = []
    accepted: list[Detection] = []
    cues: set[int] = set()
    for c in sorted(cands, key=lambda c: (_family(c), -c.confidence, c.start_char)):
        if c.cue_start is not None and c.cue_start in cues:
            continue  # one report per cue word: "said that ..." is not also "said <object>"
        reach = (c.end_char - c.start_char) // 4 + 1
        lo, hi = (
            bisect_left(starts, c.start_char - reach),
            bisect_right(starts, c.start_char + reach),
        )
        if any(_same(c, k) for k in accepted[lo:hi]):
            continue
        i = bisect_right(starts, c.start_char)
        starts.insert(i, c.start_char)
        accepted.insert(i, c)
        if c.cue_start is not None:
            cues.add(c.cue_start)
    return accepted


def _same(a: Detection, b: Detection) -> bool:
    shared = min(a.end_char, b.end_char) - max(a.start_char, b.start_char)
    if shared <= 0:
        return False
    return shared >= 0.8 * (a.end_char - a.start_char) and shared >= 0.8 * (
        b.end_char - b.start_char
    )


def _no_overlap(cands: list[Detection]) -> list[Detection]:
    """No two quotes share characters: of two overlapping detections the better one wins.

    Better = the higher confidence, then the more specific rule family, then the longer span:
    "He said that the opposition had proposed no savings" is one report of "said", not also one
    of "proposed". Only content counts: between the pieces of a quote in pieces ("“A,” Lee said,
    adding that ... “B.”") lie the cue and the speaker, and another report may sit there. Kept
    pieces are disjoint, so a start-ordered list and bisection find the neighbours a new piece
    could touch.
    """
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Detection] = []
    for c in sorted(cands, key=lambda c: (-c.confidence, _family(c), c.start_char - c.end_char)):
        spans = c.spans()
        if any(_touches(starts, ends, s, e) for s, e in spans):
            continue
        for s, e in spans:
            i = bisect_right(starts, s)
            starts.insert(i, s)
            ends.insert(i, e)
        kept.append(c)
    return kept


def _touches(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    i = bisect_right(starts, start)
    return (i > 0 and ends[i - 1] > start) or (i < len(starts) and starts[i] < end)
