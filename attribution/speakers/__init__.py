"""Speaker mentions and their resolution to canonical entities (placeholder resolver).

Interface used by :mod:`attribution.extract`:
``SpeakerResolver(article, registry=None).resolve(candidate) -> Speaker | None``.
"""
from __future__ import annotations

from ..candidates import Candidate
from ..documents import Article
from ..models import Speaker
from .names import normalise_name

__all__ = ["SpeakerResolver", "normalise_name"]

_MENTION_DEPRELS = {"compound", "flat", "flat:name", "amod", "det", "nmod:poss", "case", "nummod"}


class SpeakerResolver:
    """Placeholder: the mention is the head word with its name/modifier children."""

    def __init__(self, article: Article, *, registry=None):
        self.article = article
        self.registry = registry

    def resolve(self, candidate: Candidate) -> Speaker | None:
        head = candidate.speaker_head
        if head is None:
            return None
        sentence = head.sent
        ids = {head.id}
        for word in sentence.words:
            if word.head == head.id and word.deprel in _MENTION_DEPRELS:
                ids.add(word.id)
        words = [w for w in sentence.words if w.id in ids]
        start, end = words[0].start_char, words[-1].end_char
        mention = self.article.text[start:end]
        return Speaker(mention=mention, start_char=start, end_char=end, name=mention,
                       type="UNKNOWN", resolution="mention", confidence=0.5)
