"""Mention spans in a parse: which words make up "Russian Foreign Minister Sergei Lavrov".

Works on the stanza Words it is given (``id``, ``head``, ``deprel``, ``upos``,
``lemma``, ``start_char``, ``end_char``, ``parent.ner``); no stanza imports.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..sentences import SentenceView, word_end, word_start

# Relations that stay inside a noun phrase naming someone: "the Kremlin",
# "Foreign Minister Sergei Lavrov", "Hillary Clinton's team", "Chinese leader Xi".
_EXPAND = {
    "compound",
    "compound:prt",
    "flat",
    "flat:name",
    "flat:foreign",
    "amod",
    "det",
    "nmod:poss",
    "nummod",
    "name",
    "goeswith",
}
# A short "of/for/at" phrase belongs to a title: "The President of Russia", "a spokesman for the
# State Department".
_SHORT_PP_CASES = {"of", "for", "at", "from"}
_SHORT_PP_MAX = 4
ENTITY_TYPES = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "GPE": "GPE",
    "LOC": "GPE",
    "LOCATION": "GPE",
    "NORP": "NORP",
}


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names, describes or points at an entity."""

    text: str
    start_char: int
    end_char: int
    sentence: int  # index into doc.sentences
    head: int  # word id of the head within its sentence
    kind: str  # "name" | "pronoun" | "nominal"
    type: str = "UNKNOWN"  # PERSON, ORG, GPE, NORP, UNKNOWN
    name: str = ""  # the name words alone, titles stripped ("Sergei Lavrov")
    titles: tuple[str, ...] = ()  # lower-case title/modifier words ("russian", "minister")
    det: str = ""  # "the", "a", ... when the phrase has one
    subject: bool = False  # the head is a subject (for pronoun salience)
    main_subject: bool = (
        False  # ... of the sentence's main verb ("Clinton is a liar," Trump said: Trump)
    )
    headline: bool = False  # in a title-case headline, where NER spans are unreliable

    def to_dict(self) -> dict:
        return asdict(self)


def ner_type(tag: str | None) -> str | None:
    """OntoNotes/CoNLL entity type of a BIOES tag ("B-PERSON" -> "PERSON"), None for O."""
    if not tag or tag == "O" or "-" not in tag:
        return None
    return ENTITY_TYPES.get(tag.split("-", 1)[1])


def word_ner(word) -> str | None:
    token = getattr(word, "parent", None)
    return getattr(token, "ner", None) if token is not None else None


def offsets(word) -> tuple[int, int]:
    return word_start(word), word_end(word)


def mention_word_ids(index: SentenceView, head, *, names: set[int] | None = None) -> set[int]:
    """The words of the noun phrase headed by ``head``, without clauses or long PPs.

    ``names`` are ids of words that are heads of names, for appositions that name the
    head: "The President of Russia, Vladimir Putin" keeps "Vladimir Putin".
    """
    ids = {head.id}
    todo = [head]
    while todo:
        word = todo.pop()
        for kid in index.kids(word):
            rel = kid.deprel or ""
            if rel in _EXPAND:
                pass
            elif rel == "case" and word is not head:
                pass  # "Clinton 's team", "President of Russia"
            elif (
                rel == "nmod"
                and _short_pp(index, kid)
                or rel == "appos"
                and names is not None
                and kid.id in names
                and word is head
            ):
                pass
            elif rel == "punct" and kid.lemma in {"'", "’", "-", "."} and word is head:
                continue
            else:
                continue
            if rel != "appos" and _comma_between(index, kid.id, word.id):
                continue  # "In Florida, Clinton said": a comma ends the noun phrase
            if kid.id not in ids:
                ids.add(kid.id)
                todo.append(kid)
    return ids


def _comma_between(index: SentenceView, a: int, b: int) -> bool:
    lo, hi = (a, b) if a < b else (b, a)
    return any(index.word(i).text == "," for i in range(lo + 1, hi))


def _short_pp(index: SentenceView, word) -> bool:
    cases = [k for k in index.kids(word) if k.deprel == "case"]
    if not cases or (cases[0].lemma or "").lower() not in _SHORT_PP_CASES:
        return False
    return len(index.subtree_ids(word, _SHORT_PP_MAX + 1)) <= _SHORT_PP_MAX


def span_of(index: SentenceView, ids: set[int]) -> tuple[int, int]:
    words = [index.word(i) for i in sorted(ids)]
    # Leading/trailing punctuation and possessive markers are not part of the mention.
    while len(words) > 1 and words[-1].upos in {"PUNCT", "PART"}:
        words.pop()
    while len(words) > 1 and words[0].upos == "PUNCT":
        words.pop(0)
    return offsets(words[0])[0], offsets(words[-1])[1]
