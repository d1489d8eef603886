"""Text normalisation for matching: a statement's content words, stems and figures."""

from __future__ import annotations

import re
from functools import lru_cache

from ..dates import WRITTEN_DATE
from ..terms import query_terms


def content(text: str) -> str:
    """The content words of ``text``, lower-cased and space-joined (what fuzzy scorers compare)."""
    return " ".join(query_terms(text, limit=200))


# A number standing alone: not the digits of a URL, a handle or a word ("t.co/x9F2", "MS13", "5G").
_FIGURE = re.compile(r"(?<![\w/.#@-])\d[\d,]*(?:\.\d+)?(?![\w/@])")


def figures(text: str) -> frozenset[str]:
    """The numbers in ``text`` outside dates, thousands separators dropped: "30,000" -> "30000"."""
    # Dates are when something was said, not what: "— Jane (@jane) June 2, 2015" under a tweet.
    return frozenset(
        m.group().replace(",", "") for m in _FIGURE.finditer(WRITTEN_DATE.sub(" ", text))
    )


def stems(text: str) -> frozenset[str]:
    """Content words with a light suffix strip, enough for "claims"/"claimed"/"claim" to meet."""
    out = set()
    for word in query_terms(text, limit=200):
        for suffix in ("ing", "ed", "es", "s"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        out.add(word)
    return frozenset(out)


# A claim's words, stems and figures, kept: a batch of queries meets the same popular claims
# again and again. A query's are computed once per statement instead.
cached_content = lru_cache(maxsize=32768)(content)
cached_stems = lru_cache(maxsize=32768)(stems)
cached_figures = lru_cache(maxsize=32768)(figures)

__all__ = ["cached_content", "cached_figures", "cached_stems", "content", "figures", "stems"]
