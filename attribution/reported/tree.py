"""A per-sentence view of a stanza parse, built once: children lists and subtree extents.

Rules ask "which children does this word have" and "what text does this subtree cover"
many times; precomputing both keeps every rule linear in the sentence length.
"""

from __future__ import annotations

from bisect import bisect_left

from ..ud import base_rel, word_end, word_start

__all__ = [
    "PUNCT_TRIM",
    "SentenceView",
    "base_rel",
    "blank",
    "first_index",
    "last_index",
    "trim",
    "word_end",
    "word_start",
]

PUNCT_TRIM = frozenset(",;:—–-.()[]…")


class SentenceView:
    """Words, children and subtree character extents of one sentence (word ids are 1-based)."""

    __slots__ = (
        "index",
        "sentence",
        "words",
        "children",
        "left",
        "right",
        "start",
        "end",
        "paragraph",
        "starts",
    )

    def __init__(self, index: int, sentence, paragraph: int = 0):
        self.index = index
        self.sentence = sentence
        self.paragraph = paragraph
        words = [w for w in sentence.words if word_start(w) is not None]
        self.words = words
        n = len(sentence.words)
        self.children: list[list] = [[] for _ in range(n + 1)]
        left = [0] * (n + 1)
        right = [0] * (n + 1)
        for w in words:
            left[w.id], right[w.id] = word_start(w), word_end(w)
            h = w.head or 0
            if 0 < h <= n:
                self.children[h].append(w)
        # Subtree extents in one post-order pass (iterative: no recursion limit on odd parses).
        roots = [w.id for w in words if not (0 < (w.head or 0) <= n)]
        seen = [False] * (n + 1)
        for root in roots:
            stack = [(root, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    for c in self.children[node]:
                        if left[c.id] < left[node]:
                            left[node] = left[c.id]
                        if right[c.id] > right[node]:
                            right[node] = right[c.id]
                    continue
                if seen[node]:
                    continue  # a cycle in a broken parse: visit each word once
                seen[node] = True
                stack.append((node, True))
                stack.extend((c.id, False) for c in self.children[node])
        self.left, self.right = left, right
        self.starts = [word_start(w) for w in words]  # character order = word order in the sentence
        self.start = word_start(words[0]) if words else 0
        self.end = word_end(words[-1]) if words else 0

    def words_between(self, start: int, end: int) -> list:
        """The words starting in [start, end), found by bisection: rules look near a quote only."""
        return self.words[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def word(self, ident: int):
        return self.sentence.words[ident - 1] if 0 < ident <= len(self.sentence.words) else None

    def head_of(self, word):
        return self.word(word.head or 0)

    def kids(self, word, *rels: str) -> list:
        """Children of ``word`` whose relation (full or universal part) is one of ``rels``."""
        out = self.children[word.id]
        if not rels:
            return out
        return [c for c in out if c.deprel in rels or base_rel(c) in rels]

    def kid(self, word, *rels: str):
        found = self.kids(word, *rels)
        return found[0] if found else None

    def span(self, word) -> tuple[int, int]:
        return self.left[word.id], self.right[word.id]

    def span_without(self, word, cut) -> tuple[int, int]:
        """The span of ``word``'s subtree with the subtree of ``cut`` (a descendant) removed from
        one side."""
        s, e = self.span(word)
        cs, ce = self.span(cut)
        if cs <= word_start(word):  # the cut part sits on the left: "According to X, ..."
            nxt = min(
                (
                    word_start(w)
                    for w in self.words
                    if word_start(w) >= ce and s <= word_start(w) < e
                ),
                default=e,
            )
            return max(s, nxt), e
        return s, min(e, cs)  # on the right: "..., according to X."

    def in_subtree(self, word, root) -> bool:
        seen = 0
        while word is not None and seen <= len(self.words):
            if word.id == root.id:
                return True
            word = self.head_of(word)
            seen += 1
        return False


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and clause punctuation (commas, dashes, a final period) at both ends."""
    while start < end and (text[start].isspace() or text[start] in PUNCT_TRIM):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in PUNCT_TRIM):
        end -= 1
    return start, end


def blank(text: str, start: int, end: int, chars: str = " \t\r\n\u00a0") -> bool:
    """True when ``text[start:end]`` holds only ``chars``; stops at the first other character
    (no slicing, so checks deep inside a long paragraph stay cheap)."""
    return all(text[i] in chars for i in range(max(0, start), min(end, len(text))))


def last_index(text: str, pos: int, skip: str = " \t\r\n\u00a0") -> int:
    """Index of the last character before ``pos`` that is not in ``skip`` (-1 if none)."""
    i = min(pos, len(text)) - 1
    while i >= 0 and text[i] in skip:
        i -= 1
    return i


def first_index(text: str, pos: int, skip: str = " \t\r\n\u00a0") -> int:
    """Index of the first character from ``pos`` on that is not in ``skip`` (len(text) if none)."""
    i = max(pos, 0)
    while i < len(text) and text[i] in skip:
        i += 1
    return i
