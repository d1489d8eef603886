"""The speaker module's word lists, kept as data files in ``attribution/speakers/data``.

Plain lists (one word a line) load as frozensets, tab-separated ones as dicts;
``#`` starts a comment. Loaded once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..errors import AttributionError


def _lines(name: str) -> list[str]:
    try:
        text = resources.files(__package__).joinpath("data", f"{name}.txt").read_text("utf-8")
    except FileNotFoundError:
        raise AttributionError(
            f"missing speaker word list attribution/speakers/data/{name}.txt; reinstall the package"
        ) from None
    lines = (line.split("#", 1)[0].rstrip() for line in text.splitlines())
    return [line for line in lines if line.strip()]


@cache
def words(name: str) -> frozenset[str]:
    """A one-word-a-line list, lower case."""
    return frozenset(line.strip().lower() for line in _lines(name))


@cache
def table(name: str) -> dict[str, tuple[str, ...]]:
    """A ``WORD<TAB>FIELD<TAB>...`` list: word -> the other fields."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _lines(name):
        fields = [f.strip() for f in line.split("\t")]
        out[fields[0].lower()] = tuple(fields[1:])
    return out


@cache
def institutions() -> dict[str, str]:
    """Normalised name -> canonical name of places standing for institutions ("kremlin" -> "the
    Kremlin")."""
    from .names import normalise_name

    return {normalise_name(line.strip()): line.strip() for line in _lines("institutions")}


def titles() -> frozenset[str]:
    return words("titles")


def spokes_nouns() -> frozenset[str]:
    return words("spokespeople")


@cache
def roles() -> dict[str, tuple[str, frozenset[str]]]:
    """Role noun -> (entity type it stands for, broader role words it may match)."""
    out = {}
    for word, fields in table("roles").items():
        kind = fields[0] if fields else "PERSON"
        broader = (
            frozenset(w.strip() for w in fields[1].split(",")) if len(fields) > 1 else frozenset()
        )
        out[word] = (kind, broader)
    return out


@cache
def modifier_synonyms() -> dict[str, frozenset[str]]:
    """Description modifier -> words in a title that mean the same ("gop" -> "republican")."""
    return {w: frozenset(f[0].split(",")) for w, f in table("modifier_synonyms").items() if f}


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviated title -> full word ("sen" -> "senator")."""
    return {w: f[0] for w, f in table("title_abbreviations").items() if f}


@cache
def org_hints() -> dict[str, frozenset[str]]:
    """Word in an organisation's name -> role nouns it may be called by."""
    return {w: frozenset(f[0].split(",")) for w, f in table("org_hints").items() if f}


@cache
def gender_words() -> dict[str, str]:
    """First names and gendered titles -> "m" or "f"."""
    out = {w: f[0] for w, f in table("first_names").items() if f}
    out.update({w: f[0] for w, f in table("gendered_titles").items() if f})
    return out
