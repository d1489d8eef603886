"""Gold attributions made ready for scoring: cue lemma from the parse, speech or not, kind.

Speech (what a quote tool is judged on): the cue's lemma is a speech verb or noun, the
cue is "according to", or the content holds quotation marks. Beliefs and intentions
("wants", "backs") are the rest: never counted as misses, never as false alarms.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from ..documents import Article
from .brat import GoldAttribution, Pieces
from .quoting import has_quote_marks, kind_of

CONTENT_UPOS = ("VERB", "NOUN", "PROPN", "ADJ")


@dataclass(frozen=True, slots=True)
class GoldItem:
    attribution: GoldAttribution
    cue_lemma: str
    speech: bool
    kind: str

    @property
    def doc(self) -> str:
        return self.attribution.doc


class WordIndex:
    """Words of a parsed article by character offset (tokens carry the offsets)."""

    def __init__(self, article: Article):
        self.words: list[tuple] = []  # (start_char, end_char, stanza word)
        if article.doc is not None:
            for sentence in article.doc.sentences:
                for token in sentence.tokens:
                    if token.start_char is not None:
                        self.words.extend(
                            (token.start_char, token.end_char, w) for w in token.words
                        )
        self.words.sort(key=lambda t: (t[0], t[1]))
        self.starts = [s for s, _, _ in self.words]

    def within(self, pieces: Pieces) -> list:
        """Words overlapping any of the pieces, in text order."""
        out = []
        for start, end in pieces:
            i = max(bisect_right(self.starts, start) - 1, 0)
            while i < len(self.words) and self.words[i][0] < end:
                s, e, word = self.words[i]
                if e > start and word not in out:
                    out.append(word)
                i += 1
        return out

    def sentence_at(self, offset: int):
        """The stanza Sentence holding ``offset`` (or the nearest one before), None without a
        parse."""
        if not self.words:
            return None
        i = max(bisect_right(self.starts, offset) - 1, 0)
        return self.words[i][2].sent


def cue_lemma(words: list, surface: str) -> str:
    """One name for a cue: the lemma of its syntactic head within the span.

    Fixed expressions keep their words ("according to"); phrasal verbs keep their
    particle ("point out"). Without a parse: the lower-cased surface text.
    """
    words = [w for w in words if w.upos != "PUNCT"]
    if not words:  # no parse, or a punctuation cue (":", "—"): the surface text
        surface = " ".join(surface.lower().split())
        return surface.strip(" :,") or surface
    inside = {(id(w.sent), w.id) for w in words}
    heads = [w for w in words if (id(w.sent), w.head) not in inside] or words
    head = next((w for w in heads if w.upos in CONTENT_UPOS), heads[0])
    deps = [w for w in words if w.head == head.id and w.sent is head.sent]
    fixed = [w for w in deps if w.deprel in ("fixed", "mwe")]
    if fixed:  # "according to": the surface form is the name
        return " ".join(w.text.lower() for w in sorted([head, *fixed], key=lambda w: w.id))
    particles = [w for w in deps if w.deprel == "compound:prt"]
    return " ".join([(head.lemma or head.text).lower(), *(w.text.lower() for w in particles)])


def prepare(
    attributions: Iterable[GoldAttribution],
    article: Article,
    *,
    speech_lemmas: frozenset[str],
    index: WordIndex | None = None,
) -> list[GoldItem]:
    """Attach cue lemma, the speech flag and the kind to each gold attribution of one article."""
    index = index or WordIndex(article)
    out = []
    for att in attributions:
        words = index.within(att.cue)
        lemma = cue_lemma(words, att.cue_text)
        lemmas = {lemma} | {(w.lemma or w.text).lower() for w in words}
        if not words:
            lemmas |= set(att.cue_text.lower().split())
        content_text = (
            " ".join(article.text[s:e] for s, e in att.content)
            if article.text
            else att.content_text
        )
        speech = (
            bool(lemmas & speech_lemmas) or lemma == "according to" or has_quote_marks(content_text)
        )
        out.append(GoldItem(att, lemma, speech, kind_of(article.text, att.content)))
    return out
