"""Gold attributions made ready for scoring: cue lemma from the parse, speech or not, kind.

Speech (what a quote tool is judged on): the cue's lemma is a speech verb or noun, the
cue is "according to", or the content holds quotation marks. Beliefs and intentions
("wants", "backs") are the rest: never counted as misses, never as false alarms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..documents import Article
from ..sentences import DocumentView
from .brat import GoldAttribution
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
    document: DocumentView | None = None,
) -> list[GoldItem]:
    """Attach cue lemma, the speech flag and the kind to each gold attribution of one article.

    ``document`` is the view of the article's parse (built here when not given); without a
    parse, cue lemmas come from the surface text."""
    if document is None and article.doc is not None:
        document = DocumentView(article.doc, article.text)
    out = []
    for att in attributions:
        if document is not None:
            att = _unswap(att, document, speech_lemmas)
        words = document.words_within(att.cue) if document is not None else []
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


def _unswap(
    att: GoldAttribution, document: DocumentView, speech_lemmas: frozenset[str]
) -> GoldAttribution:
    """Swap back a Source and a Cue whose labels the annotator swapped.

    PolNeAR's Source is who speaks and its Cue the word that says so; a few annotations hold the
    two the other way round ("Source: said", "Cue: David Plouffe, the architect of ..."; 5 in dev,
    11 in train). A Source made only of speech verbs with a Cue that names someone is read as
    the swap it is, so the speaker is scored against the name.
    """
    if not att.source or not att.cue:
        return att
    source = [w for w in document.words_within(att.source) if w.upos != "PUNCT"]
    cue = [w for w in document.words_within(att.cue) if w.upos != "PUNCT"]
    verbs = bool(source) and all(
        w.upos in ("VERB", "AUX") or (w.lemma or "").lower() in ("accord", "to") for w in source
    )
    spoken = any((w.lemma or w.text).lower() in speech_lemmas for w in source) or (
        " ".join(w.text.lower() for w in source) == "according to"
    )
    if not (verbs and spoken) or not any(w.upos in ("PROPN", "NOUN", "PRON") for w in cue):
        return att
    return replace(
        att, cue=att.source, source=att.cue, cue_text=att.source_text, source_text=att.cue_text
    )
