"""Time expressions and names in a parse: what can never be a speaker, and what names someone.

"Saturday", "last week", "11 a.m." head time expressions a parser may make a cue's subject; the
NER tag tells a name ("Kristen Day") from a time word.
"""

from __future__ import annotations

from .. import lexicon

_NAME_TYPES = ("PERSON", "PER", "ORG", "ORGANIZATION", "NORP", "GPE")


def is_time(word, lang: str = "en") -> bool:
    """A word that heads a time expression: "Saturday", "last week", "11 a.m.", "7:45"."""
    if named(word):
        return False  # "Kristen Day", "Yin Myint May"
    if ner(word) in ("DATE", "TIME"):
        return True
    text = word.text or ""
    if word.upos == "NUM":  # "7:45", "11 a.m."; in "43 said the same" the number is people
        words = word.sent.words if getattr(word, "sent", None) is not None else []
        after = words[word.id].text.lower() if 0 < word.id < len(words) else ""
        return ":" in text or after in ("a.m.", "p.m.")
    words = lexicon.load_fields("time_words", lang)
    kind = words.get((word.lemma or text).lower()) or words.get(text.lower())
    if not kind:
        return False
    return kind[0] == "calendar" or text[:1].islower()


def ner(word) -> str | None:
    """The entity type of a word's NER tag ("S-PERSON" -> "PERSON"), None outside entities."""
    token = getattr(word, "parent", None)
    tag = getattr(token, "ner", None) if token is not None else None
    if not tag or tag == "O" or "-" not in tag:
        return None
    return tag.split("-", 1)[1]


def named(word) -> bool:
    """Whether the NER tags the word as part of a name (person, organisation, place, group)."""
    return ner(word) in _NAME_TYPES
