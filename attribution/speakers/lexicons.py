"""The speaker module's views of its word lists, read by :mod:`attribution.lexicon`.

The lists are data files in ``attribution/lexicon/<lang>/`` like every other lexicon; these
functions give them the shapes the resolver uses. Loaded once per process and language.
"""

from __future__ import annotations

from functools import cache

from .. import lexicon


def words(name: str, lang: str = "en") -> frozenset[str]:
    """A one-word-a-line list, lower case."""
    return lexicon.load(name, lang)


def table(name: str, lang: str = "en") -> dict[str, tuple[str, ...]]:
    """A ``WORD<TAB>FIELD<TAB>...`` list: word -> the other fields."""
    return lexicon.load_fields(name, lang)


def institution_names(lang: str = "en") -> tuple[str, ...]:
    """Places standing for institutions, as their canonical names ("the Kremlin")."""
    return lexicon.load_lines("institutions", lang)


def titles(lang: str = "en") -> frozenset[str]:
    return words("titles", lang)


def spokes_nouns(lang: str = "en") -> frozenset[str]:
    return words("spokespeople", lang)


@cache
def pronouns(lang: str = "en") -> dict[str, str]:
    """Personal pronoun -> its class: m, f, n, group, first, second."""
    return {word: fields[0] for word, fields in table("pronouns", lang).items() if fields}


def pronouns_of(*classes: str, lang: str = "en") -> frozenset[str]:
    """The pronouns of these classes ("m", "f": he, him, ..., she, her, ...)."""
    return frozenset(word for word, kind in pronouns(lang).items() if kind in classes)


@cache
def roles(lang: str = "en") -> dict[str, tuple[str, frozenset[str]]]:
    """Role noun -> (entity type it stands for, broader role words it may match)."""
    out = {}
    for word, fields in table("roles", lang).items():
        kind = fields[0] if fields else "PERSON"
        broader = (
            frozenset(w.strip() for w in fields[1].split(",")) if len(fields) > 1 else frozenset()
        )
        out[word] = (kind, broader)
    return out


@cache
def modifier_synonyms(lang: str = "en") -> dict[str, frozenset[str]]:
    """Description modifier -> words in a title that mean the same ("gop" -> "republican")."""
    return {w: frozenset(f[0].split(",")) for w, f in table("modifier_synonyms", lang).items() if f}


@cache
def abbreviations(lang: str = "en") -> dict[str, str]:
    """Abbreviated title -> full word ("sen" -> "senator")."""
    return {w: f[0] for w, f in table("title_abbreviations", lang).items() if f}


@cache
def org_hints(lang: str = "en") -> dict[str, frozenset[str]]:
    """Word in an organisation's name -> role nouns it may be called by."""
    return {w: frozenset(f[0].split(",")) for w, f in table("org_hints", lang).items() if f}


@cache
def gender_words(lang: str = "en") -> dict[str, str]:
    """First names and gendered titles -> "m" or "f"."""
    out = {w: f[0] for w, f in table("first_names", lang).items() if f}
    out.update({w: f[0] for w, f in table("gendered_titles", lang).items() if f})
    return out
