"""The tokeniser shared by the claim store's full-text queries and the matcher's text signals."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Function words that only slow full-text retrieval down and add noise to OR queries.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "he'd",
        "he'll",
        "he's",
        "her",
        "here",
        "here's",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "how's",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "let's",
        "me",
        "more",
        "most",
        "mustn't",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "shan't",
        "she",
        "she'd",
        "she'll",
        "she's",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they'd",
        "they'll",
        "they're",
        "they've",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn't",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "when's",
        "where",
        "where's",
        "which",
        "while",
        "who",
        "who's",
        "whom",
        "why",
        "why's",
        "with",
        "won't",
        "would",
        "wouldn't",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "also",
        "just",
        "like",
        "said",
        "says",
        "say",
        "well",
        "know",
        "think",
        "going",
        "get",
        "got",
        "really",
        "lot",
        "thing",
        "things",
        "mean",
        "yeah",
        "okay",
        "oh",
        "s",
        "t",
        "re",
        "ve",
        "ll",
        "d",
        "m",
    ]
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
    for match in _WORD.finditer(text.lower()):
        for part in content_words(match.group()):
            seen.setdefault(part, None)
        if len(seen) >= limit:
            break
    return list(seen)


__all__ = ["STOPWORDS", "content_words", "query_terms"]
