"""Cue nouns with a content clause: "Lavrov's statement that Moscow will act", "the Kremlin's claim that ..."."""
from __future__ import annotations

from typing import Iterator

from ..candidates import Candidate
from .context import Context, issuer
from .tree import SentenceView, word_end, word_start


def find(ctx: Context, view: SentenceView) -> Iterator[Candidate]:
    for noun in view.words:
        if noun.upos not in ("NOUN", "PROPN") or not ctx.is_cue_noun(noun):
            continue
        speaker = issuer(ctx, view, noun)
        if speaker is noun:
            continue             # "the claim that ..." with no one named: not attributed
        for clause in view.kids(noun, "acl", "ccomp"):
            if not any((m.lemma or "").lower() == "that" for m in view.kids(clause, "mark")):
                continue         # "the statement released Monday" is no content
            snapped = ctx.content(*view.span(clause))
            if snapped is None:
                continue
            s, e, kind = snapped
            yield Candidate(kind=kind, start_char=s, end_char=e, sentence=view.index,
                            cue_start=word_start(noun), cue_end=word_end(noun), cue_lemma=(noun.lemma or noun.text).lower(),
                            speaker_head=speaker, confidence=0.7, rule="noun-content")
