"""Cue nouns with a content clause: "Lavrov's statement that Moscow will act", "the Kremlin's claim
that ..."."""

from __future__ import annotations

from collections.abc import Iterator

from ..detection import Detection
from ..sentences import SentenceView, word_end, word_start
from .context import Context, issuer


def find(ctx: Context, view: SentenceView) -> Iterator[Detection]:
    for noun in view.words:
        if noun.upos not in ("NOUN", "PROPN") or not ctx.is_cue_noun(noun):
            continue
        speaker = issuer(ctx, view, noun)
        if speaker is noun:
            continue  # "the claim that ..." with no one named: not attributed
        for clause in _content_clauses(view, noun):
            snapped = ctx.content(*view.span(clause))
            if snapped is None:
                continue
            s, e, kind = snapped
            yield Detection(
                kind=kind,
                start_char=s,
                end_char=e,
                sentence=view.index,
                cue_start=word_start(noun),
                cue_end=word_end(noun),
                cue_lemma=(noun.lemma or noun.text).lower(),
                speaker_head=speaker,
                confidence=0.7,
                rule="noun-content",
            )


def _content_clauses(view: SentenceView, noun) -> list:
    """ "that"-clauses of the noun; also one the parser hung elsewhere but that follows the noun
    directly ("Trump’s claim that there have been “thousands of shootings”" under "did")."""
    out = [
        c
        for c in view.kids(noun, "acl", "ccomp")
        if any((m.lemma or "").lower() == "that" for m in view.kids(c, "mark"))
    ]  # not "the statement released Monday"
    if not out:
        nxt = view.words_between(view.right[noun.id], view.right[noun.id] + 2)
        if nxt and (nxt[0].lemma or "").lower() == "that" and nxt[0].deprel == "mark":
            clause = view.head_of(nxt[0])
            if clause is not None and view.left[clause.id] == word_start(nxt[0]):
                out.append(clause)
    return out
