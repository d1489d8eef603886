"""From an article to attributed quotes: detection (``reported``), then speaker resolution
(``speakers``).

``extract_quotes(article, *, include_beliefs=False, registry=None, lang="en") -> Iterator[Quote]``
"""

from __future__ import annotations

from collections.abc import Iterator

from .documents import Article
from .errors import AttributionError
from .models import Cue, Piece, Quote
from .reported import detect
from .sentences import DocumentView
from .speakers import SpeakerResolver


def extract_quotes(
    article: Article, *, include_beliefs: bool = False, registry=None, lang: str = "en"
) -> Iterator[Quote]:
    """Yield the article's quotes in text order, ids ``"{doc}:q{n}"`` counting from 1."""
    if article.doc is None:
        raise AttributionError(
            f"article {article.id!r} has not been parsed yet: parse it (attribution.parsing) or "
            "give CoNLL-U"
        )
    text = article.text
    document = DocumentView(article.doc, text)  # built once: detection and speakers share it
    resolver = SpeakerResolver(article, registry=registry, document=document)
    detections = detect(
        article.doc, text, include_beliefs=include_beliefs, lang=lang, document=document
    )
    for n, cand in enumerate(detections, start=1):
        cue = None
        if cand.cue_start is not None and cand.cue_end is not None:
            cue = Cue(
                text=text[cand.cue_start : cand.cue_end],
                lemma=cand.cue_lemma or "",
                start_char=cand.cue_start,
                end_char=cand.cue_end,
            )
        yield Quote(
            doc=article.id,
            id=f"{article.id}:q{n}",
            kind=cand.kind,
            text=text[cand.start_char : cand.end_char],
            start_char=cand.start_char,
            end_char=cand.end_char,
            cue=cue,
            speaker=resolver.resolve(cand),
            confidence=round(min(max(cand.confidence, 0.0), 1.0), 3),
            sentence=cand.sentence,
            rule=cand.rule,
            pieces=tuple(Piece(s, e, text[s:e]) for s, e in cand.spans()),
        )
