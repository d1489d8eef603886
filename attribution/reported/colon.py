"""Colon introductions: "Lavrov said: ...", "In a statement, the Kremlin wrote:" + next paragraph,
and headline style "Trump: “We will win”".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..detection import Detection
from ..sentences import SentenceView, word_end, word_start
from .context import Context, issuer, speaker_head
from .text import blank, trim
from .times import named

_VERBAL = frozenset({"VERB", "AUX"})
_OPENERS = frozenset({'"', "“", "``", "''", "«", "„"})


def find(ctx: Context, view: SentenceView, index: int) -> Iterator[Detection]:
    words = view.words
    for i, colon in enumerate(words):
        if colon.text != ":":
            continue
        j = i
        while j > 0 and not (words[j - 1].text == ":" or words[j - 1].text in _OPENERS):
            j -= 1  # the phrase since the last colon or opening mark: "... as follows: "WALLACE:"
        left = words[j:i] or words[:i]
        if ctx.quote_at(word_start(colon)) is not None and not _transcript_turn(ctx, view, left):
            continue  # a colon inside a quotation introduces nothing of ours
        cue = _introducer(ctx, view, left, lambda w: w.upos in _VERBAL and ctx.is_cue_verb(w))
        noun = None
        if cue is None:
            noun = _introducer(ctx, view, left, lambda w: w.upos == "NOUN" and ctx.is_cue_noun(w))
        label = False
        if cue is None and noun is None:
            # "Trump: “We will win”", "Pence: Flowers Won’t Be at Debate", "WALLACE: Let’s start
            # ...": a short phrase naming someone is all there is before the colon.
            if (
                not left
                or len(left) > 5
                or not any(w.upos == "PROPN" or _names_someone(ctx, w) for w in left)
            ):
                continue
            quoted = i + 1 < len(words) and ctx.quote_at(word_start(words[i + 1])) is not None
            label = any(_names_someone(ctx, w) for w in left) or (
                len(left) <= 2 and all(w.upos == "PROPN" for w in left)
            )
            if not quoted and not (label and any(w.upos in _VERBAL for w in words[i + 1 :])):
                # "Stealth Over Health: Clinton Was Headed to ER" names no one: a plain headline
                continue
        start, end = (
            (word_end(colon), view.end) if i + 1 < len(words) else _next_paragraph(ctx, index)
        )
        turn = label and _transcript_turn(ctx, view, left)
        if turn:
            end = _paragraph_end(ctx, start)  # a transcript turn runs to the end of its paragraph
        if end <= start:
            continue
        if turn:
            # a transcript turn is verbatim speech; the paragraph's own quote marks (often an
            # opening mark repeated on every turn) do not delimit it
            s, e = trim(ctx.text, start, end)
            kind = "direct"
            if e - s < 3:
                continue
        else:
            snapped = ctx.content(start, end)
            if snapped is None:
                continue
            s, e, kind = snapped
        if cue is None and kind != "direct" and not label:
            continue  # "Editor’s note: ...", "WARNING: ..." introduce no quoted speech
        if cue is not None:
            speaker, cue_word, lemma = (
                speaker_head(ctx, view, cue),
                cue,
                (cue.lemma or cue.text).lower(),
            )
        elif noun is not None:
            speaker, cue_word, lemma = (
                _noun_speaker(ctx, view, noun, alone=i + 1 < len(words)),
                noun,
                (noun.lemma or noun.text).lower(),
            )
        else:
            head = next(
                (
                    w
                    for w in left
                    if w.upos == "PROPN"
                    and (view.head_of(w) is None or view.head_of(w).upos != "PROPN")
                ),
                left[-1],
            )
            speaker, cue_word, lemma = head, colon, ":"
        yield Detection(
            kind=kind,
            start_char=s,
            end_char=e,
            sentence=view.index,
            cue_start=word_start(cue_word),
            cue_end=word_end(cue_word),
            cue_lemma=lemma,
            speaker_head=speaker,
            # a document speaking for itself is weaker evidence than someone named
            confidence=0.55 if speaker is None else 0.6 if speaker is noun else 0.75,
            rule="colon",
        )
        return


def _names_someone(ctx: Context, word) -> bool:
    """A person or organisation by NER, or a transcript's all-capitals speaker label ("WALLACE").

    An all-capitals label names someone when tagged a proper noun, when the lemmatizer left it as
    it is (it lowers the common words it knows) or when the story names them in ordinary case
    ("PENCE:" beside "Mike Pence"); "CORRECTION:", "UPDATE:" or "WATCH:" label a section or a
    kicker, not a speaker."""
    ner = getattr(word.parent, "ner", None) or "O"
    if ner[2:] in ("PERSON", "ORG", "NORP"):
        return True
    text = word.text or ""
    if not (len(text) >= 3 and text.isalpha() and text.isupper()):
        return False
    return (
        word.upos == "PROPN"
        or (word.lemma or "").isupper()
        or re.search(rf"\b{text.title()}\b", ctx.text) is not None
    )


def _transcript_turn(ctx: Context, view: SentenceView, left: list) -> bool:
    # "“WALLACE: Let’s start ...": a speaker label opening a quoted transcript paragraph
    return (
        len(left) == 1
        and _names_someone(ctx, left[0])
        and (left[0].text or "").isupper()
        and _opens_paragraph(ctx, view, left)
    )


def _opens_paragraph(ctx: Context, view: SentenceView, left: list) -> bool:
    para_start = ctx.paragraph_starts[ctx.paragraph_of(word_start(left[0]))]
    return blank(ctx.text, para_start, word_start(left[0]), " \t\u00a0\"“'‘")


def _paragraph_end(ctx: Context, offset: int) -> int:
    end = ctx.text.find("\n", offset)
    return len(ctx.text) if end < 0 else end


def _introducer(ctx: Context, view: SentenceView, left: list, is_cue):
    """The cue that the colon closes: "Peskov told reporters:", "said in a statement:".

    Everything between the cue and the colon must hang below the cue and hold no other verb,
    so "the reality that a campaign is run by the people they refuse to define:" is no cue.
    """
    for k in range(len(left) - 1, -1, -1):
        w = left[k]
        if is_cue(w):
            if ctx.quote_at(word_start(w)) is not None:
                return None
            between = left[k + 1 :]
            if all(view.in_subtree(b, w) and b.upos not in _VERBAL for b in between):
                return w
            return None
        if w.upos in _VERBAL:
            return None
    return None


def _noun_speaker(ctx: Context, view: SentenceView, noun, *, alone: bool):
    """ "Trump's statement:" -> Trump; "The Kremlin issued a statement:" -> Kremlin (subject of the
    verb); "The Daily Ledger reports:" (a tagger's noun) -> Ledger, the name compounded with it.
    With no one behind it, the document itself speaks ("From the report: “...”"), when its quote
    follows in the sentence (``alone``), not as a heading over the next paragraph."""
    found = issuer(ctx, view, noun)
    if found is not noun:
        return found
    head = view.head_of(noun)
    if head is not None and head.upos in _VERBAL:
        return speaker_head(ctx, view, head)
    names = [w for w in view.kids(noun, "compound") if w.upos == "PROPN" and named(w)]
    if names:
        return names[-1]
    return noun if alone else None


def _next_paragraph(ctx: Context, index: int) -> tuple[int, int]:
    """A colon that ends its paragraph introduces the next one (a quote, usually)."""
    view = ctx.views[index]
    para = ctx.paragraph_of(view.end)
    nxt = index + 1
    if nxt >= len(ctx.views) or ctx.paragraph_of(ctx.views[nxt].start) == para:
        return 0, 0
    start = ctx.views[nxt].start
    q = ctx.quote_at(start)
    if q is not None:
        return q.start, q.end
    npara = ctx.paragraph_of(start)
    end = (
        ctx.paragraph_starts[npara + 1] - 1
        if npara + 1 < len(ctx.paragraph_starts)
        else len(ctx.text)
    )
    return start, end
