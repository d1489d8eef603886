"""One view of a parsed document, built once: what detection, speakers and evaluation ask of
a stanza parse.

:class:`DocumentView` holds a :class:`SentenceView` per sentence (word by id, children,
head, subtree extents, character offsets, paragraph number), the paragraph starts of the
text and the words by character offset. Rules ask "which children does this word have" and
"what text does this subtree cover" many times; precomputing both keeps every rule linear
in the sentence length. Works on the stanza objects it is given (``id``, ``head``,
``deprel``, ``start_char``, ...); no stanza imports.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

__all__ = [
    "DocumentView",
    "SentenceView",
    "base_rel",
    "is_finite",
    "is_gerund",
    "is_modal",
    "paragraph_starts",
    "word_end",
    "word_start",
]


def word_start(word) -> int:
    """Where the word starts in the text (a word of a multi-word token: its token's offset)."""
    return word.start_char if word.start_char is not None else word.parent.start_char


def word_end(word) -> int:
    return word.end_char if word.end_char is not None else word.parent.end_char


def base_rel(word) -> str:
    """The universal part of a relation: ``nsubj:pass`` -> ``nsubj``."""
    return (word.deprel or "dep").split(":", 1)[0]


def is_gerund(word) -> bool:
    """An -ing verb form: ``VerbForm=Ger`` as CoreNLP's conversion tags it, or the present
    participle (``VerbForm=Part|Tense=Pres``) that newer UD English, stanza's models among them,
    tags gerunds as."""
    feats = word.feats or ""
    return "VerbForm=Ger" in feats or ("VerbForm=Part" in feats and "Tense=Pres" in feats)


_MODALS = frozenset(
    {"will", "would", "can", "could", "shall", "should", "may", "might", "must", "ought"}
)


def is_modal(word) -> bool:
    """A modal auxiliary ("could", "would")."""
    return word.upos == "AUX" and (word.lemma or "").lower() in _MODALS


def is_finite(word) -> bool:
    """A finite verb form: ``VerbForm=Fin``, or a modal, which CoreNLP's conversion leaves
    without features."""
    return "VerbForm=Fin" in (word.feats or "") or is_modal(word)


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph of ``text`` starts: 0, then after every line break.

    A paragraph is a line: news text puts one paragraph a line (blank lines between them
    make empty paragraphs, which hold no sentence).
    """
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


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
        self.index = index  # position in doc.sentences
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

    def position(self, word) -> int | None:
        """Where ``word`` stands in :attr:`words`, None when it is not there (no offset)."""
        return next((k for k, w in enumerate(self.words) if w.id == word.id), None)

    def word(self, ident: int):
        """The word with id ``ident`` (1-based), None outside the sentence."""
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

    def ancestors(self, word, limit: int | None = None) -> Iterator:
        """``word``, its head, its head's head, ... up to the root: at most ``limit`` words (by
        default one more than the sentence holds, a guard against a cycle in a broken parse)."""
        bound = len(self.words) + 1 if limit is None else limit
        seen = 0
        while word is not None and seen < bound:
            yield word
            word = self.head_of(word)
            seen += 1

    def in_subtree(self, word, root) -> bool:
        """Whether ``root`` is an ancestor of (or is) ``word``."""
        return any(w.id == root.id for w in self.ancestors(word))

    def subtree_ids(self, word, limit: int = 10_000) -> set[int]:
        """Ids of ``word``'s subtree; the walk stops once more than ``limit`` are found."""
        ids: set[int] = set()
        todo = [word]
        while todo and len(ids) <= limit:
            w = todo.pop()
            ids.add(w.id)
            todo.extend(self.children[w.id])
        return ids

    def on_main_verb(self, word) -> bool:
        """Whether ``word`` hangs on the sentence's root: a subject of it is the main clause's
        subject."""
        return bool(word.head) and self.word(word.head).deprel == "root"


class DocumentView:
    """A stanza Document seen once: a :class:`SentenceView` per sentence, its paragraphs and its
    words by character offset.

    Args:
        doc: the stanza Document (its offsets index ``text``).
        text: the document's original text.
    """

    __slots__ = ("text", "sentences", "paragraph_starts", "_position", "_by_offset", "_offsets")

    def __init__(self, doc, text: str):
        self.text = text
        self.paragraph_starts = paragraph_starts(text)
        self.sentences: list[SentenceView] = []
        for i, sentence in enumerate(doc.sentences):
            view = SentenceView(i, sentence)
            view.paragraph = self.paragraph_of(view.start)
            self.sentences.append(view)
        # By identity, not Sentence.index: stanza's bulk_process numbers the sentences of a batch
        # across its documents, and a caller's Document may come from anywhere.
        self._position = {id(view.sentence): view.index for view in self.sentences}
        self._by_offset: list[tuple] | None = None
        self._offsets: list[int] = []

    def paragraph_of(self, offset: int) -> int:
        """The number (from 0) of the paragraph holding character ``offset``."""
        return bisect_right(self.paragraph_starts, offset) - 1

    def source(self, word) -> tuple[int, int] | None:
        """(index in doc.sentences, word id) of a word of this document, None for another's."""
        index = self._position.get(id(word.sent))
        return None if index is None else (index, word.id)

    def _words_by_offset(self) -> tuple[list[tuple], list[int]]:
        # (start_char, end_char, word) in text order; built on first use (evaluation asks).
        if self._by_offset is None:
            found = [
                (token.start_char, token.end_char, w)
                for view in self.sentences
                for token in view.sentence.tokens
                if token.start_char is not None
                for w in token.words
            ]
            found.sort(key=lambda t: (t[0], t[1]))
            self._by_offset, self._offsets = found, [s for s, _, _ in found]
        return self._by_offset, self._offsets

    def words_within(self, pieces: Iterable[tuple[int, int]]) -> list:
        """Words overlapping any of the ``(start, end)`` pieces, in text order."""
        words, starts = self._words_by_offset()
        out: list = []
        for start, end in pieces:
            i = max(bisect_right(starts, start) - 1, 0)
            while i < len(words) and words[i][0] < end:
                s, e, word = words[i]
                if e > start and word not in out:
                    out.append(word)
                i += 1
        return out

    def sentence_at(self, offset: int):
        """The stanza Sentence holding ``offset`` (or the nearest one before), None without
        words."""
        words, starts = self._words_by_offset()
        if not words:
            return None
        return words[max(bisect_right(starts, offset) - 1, 0)][2].sent
