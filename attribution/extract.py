"""From an article to attributed quotes: detection, then speaker resolution (placeholder).

``extract_quotes(article, *, include_beliefs=False, registry=None, lang="en") -> Iterator[Quote]``
"""
from __future__ import annotations

from typing import Iterator

from .documents import Article
from .models import Quote


def extract_quotes(article: Article, *, include_beliefs: bool = False, registry=None, lang: str = "en") -> Iterator[Quote]:
    """Yield the article's quotes in text order (placeholder: none yet)."""
    return iter(())
