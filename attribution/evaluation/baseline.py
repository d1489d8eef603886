"""Reference systems for the scorer: what any real extractor has to beat."""

from __future__ import annotations

from collections.abc import Iterator

from ..documents import Article
from .quoting import quoted_spans
from .scoring import Prediction


def quoted_strings(article: Article) -> Iterator[Prediction]:
    """Every quoted string is a direct quote, with no cue and no speaker."""
    for n, (start, end) in enumerate(quoted_spans(article.text)):
        yield Prediction(article.id, f"{article.id}:b{n}", start, end, "direct")


BASELINES = {"quoted-strings": quoted_strings}
