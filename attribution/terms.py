"""The tokeniser shared by the claim store's full-text queries and the matcher's text signals."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon

# Function words that only slow full-text retrieval down and add noise to OR queries: the
# stopword lexicon and the personal pronouns, but "us" (also the US) and "mine" (a noun too).
STOPWORDS = lexicon.load("stopwords") | (
    frozenset(lexicon.load_fields("pronouns")) - {"us", "mine"}
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def content_words(text: str) -> Iterator[str]:
    """Every lower-case content word of ``text`` in order, repeats included.

    Args:
        text: any text.
    """
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if word in STOPWORDS:
            continue
        for part in word.split("'"):
            if part and part not in STOPWORDS and (len(part) > 1 or part.isdigit()):
                yield part


def query_terms(text: str, *, limit: int = 32) -> list[str]:
    """Distinct lower-case content words of ``text`` in order, for an OR full-text query.

    Only letters and digits survive, so a term can never carry query syntax (quotes,
    NEAR, column filters) into FTS5 or tsquery.

    Args:
        text: any text.
        limit: stop after this many distinct words.
    """
    seen: dict[str, None] = {}
    # content_words inlined: a claim's terms are read for each query that meets it. The
    # apostrophe is made plain before matching (the pattern takes both alike), and a word
    # without one is its own one part: a fifth less time than a split per word. findall
    # gives the words without a match object each (a sixth to a quarter less again).
    for word in _WORD.findall(text.lower().replace("’", "'")):
        if word in STOPWORDS:
            continue
        if "'" in word:
            for part in word.split("'"):
                if part and part not in STOPWORDS and (len(part) > 1 or part.isdigit()):
                    seen[part] = None
        elif len(word) > 1 or word.isdigit():
            seen[word] = None
        if len(seen) >= limit:
            break
    return list(seen)


__all__ = ["STOPWORDS", "content_words", "query_terms"]
