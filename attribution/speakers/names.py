"""Speaker names: one normal form for comparing them, and the rules for name variants.

Two exported keys, used by speaker resolution and by the claim matcher alike:

- :func:`normalise_name` - the whole name in a normal form: lower case, no accents,
  no punctuation, no leading titles or honorifics, no party/state labels or
  suffixes. "PRESIDENT OBAMA" -> "obama", "Mr. Romney" -> "romney",
  "SEN. BERNIE SANDERS, I-VT" -> "bernie sanders", "Barack Obama" -> "barack obama",
  "the Kremlin" -> "kremlin".
- :func:`speaker_key` - a coarse, surname-level key: the last word of the normal form. "PRESIDENT
OBAMA", "Barack Obama" and "Obama" all give
  "obama"; "Sergey Lavrov" and "Sergei Lavrov" both give "lavrov". Use it where a
  transcript label ("TRUMP") must meet a full name ("Donald Trump").

:func:`is_variant` says whether one name can stand for another in the same text
("Lavrov" ~ "Sergei Lavrov", "E. Warren" ~ "Elizabeth Warren", "Xi" ~ "Xi Jinping").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from . import lexicons

# Party/state labels after a comma or in brackets: "SANDERS, I-VT", "Pelosi (D-Calif.)".
_LABEL = re.compile(r"\s*(?:,\s*|\()\s*[DRI]\s*-\s*[A-Za-z. ]{2,}\)?\s*$")
_PAREN = re.compile(r"\s*\([^)]*\)\s*")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}
# Leading words that are never part of a name, besides the titles list.
_LEADING = {"the", "a", "an", "former", "then", "us", "u", "s"}


@lru_cache(maxsize=65536)
def fold_accents(text: str) -> str:
    """Lower case without accents; typographic apostrophes become "'"."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def name_words(name: str | None) -> list[str]:
    """The words of a name, folded, with labels and suffixes removed (titles kept)."""
    if not name:
        return []
    name = _LABEL.sub("", name)
    name = _PAREN.sub(" ", name)
    words = _WORD.findall(fold_accents(name))
    if words and words[-1].endswith("'s") and len(words[-1]) > 3:
        words[-1] = words[-1][:-2]  # a possessive: "Clinton's"
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return words


def strip_titles(words: list[str]) -> list[str]:
    """Drop the title in front of a name, keeping at least one word.

    Everything up to the last title word that still has a name after it goes
    ("chinese leader xi jinping" -> "xi jinping"), then title modifiers right after
    it ("attorney general loretta lynch" -> "loretta lynch"). Modifiers alone never
    cut ("general motors" stays).
    """
    titles, modifiers = lexicons.titles(), lexicons.words("title_modifiers")
    cut = 0
    for i, word in enumerate(words[:-1]):
        if word in titles:
            cut = i + 1
    if cut == 0:
        prefixes = lexicons.words("name_prefixes")
        while cut < len(words) - 1 and (words[cut] in _LEADING or words[cut] in prefixes):
            cut += 1
        return words[cut:]
    while cut < len(words) - 1 and (words[cut] in modifiers or words[cut] in titles):
        cut += 1
    return words[cut:]


@lru_cache(maxsize=65536)  # a speaker's name comes back with every candidate claim of theirs
def normalise_name(name: str | None) -> str:
    """Lower-case, accent-free name without titles, labels or punctuation ("" for none).

    "PRESIDENT OBAMA" -> "obama", "Barack Obama" -> "barack obama",
    "MR. ROMNEY" -> "romney", "the Kremlin" -> "kremlin".
    """
    return " ".join(strip_titles(name_words(name)))


@cache
def institutions() -> dict[str, str]:
    """Normalised name -> canonical name of places standing for institutions ("kremlin" -> "the
    Kremlin")."""
    return {normalise_name(name.strip()): name.strip() for name in lexicons.institution_names()}


@lru_cache(maxsize=65536)
def fold_translit(word: str) -> str:
    """A spelling-tolerant form of one name word: "sergey"/"sergei", "dmitriy"/"dmitri"."""
    w = word.replace("'", "")
    for a, b in (
        ("iy", "i"),
        ("yi", "i"),
        ("y", "i"),
        ("ph", "f"),
        ("kh", "h"),
        ("ks", "x"),
        ("w", "v"),
        ("j", "i"),
    ):
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


def speaker_key(name: str | None) -> str:
    """Surname-level key: the last word of :func:`normalise_name`.

    "PRESIDENT OBAMA", "Barack Obama", "Obama" -> "obama"; "TRUMP", "Donald Trump" ->
    "trump"; "" for no name. Coarse on purpose (two Clintons share it): use it as a
    same-speaker signal, and the registry for identity.
    """
    words = normalise_name(name).split()
    return words[-1] if words else ""


def _word_match(short: str, long: str) -> bool:
    if short == long or fold_translit(short) == fold_translit(long):
        return True
    # An initial stands for any word starting with it: "E. Warren" ~ "Elizabeth Warren".
    return len(short) == 1 and long.startswith(short)


def same_ends(short: list[str], long: list[str]) -> bool:
    """A fuller form adds middle names, not words around the name ("Barack Obama Election")."""
    return short[0] == long[0] and short[-1] == long[-1]


def is_variant(short: str | list[str], long: str | list[str]) -> bool:
    """Whether name ``short`` can refer to name ``long``: its words match, in order, a subset of
    long's.

    "Lavrov" ~ "Sergei Lavrov", "Xi" ~ "Xi Jinping", "E. Warren" ~ "Elizabeth Warren",
    "Sergey Lavrov" ~ "Sergei Lavrov"; not "Bill Clinton" ~ "Hillary Clinton".
    """
    s = short if isinstance(short, list) else normalise_name(short).split()
    long_words = long if isinstance(long, list) else normalise_name(long).split()
    if not s or not long_words or len(s) > len(long_words):
        return False
    j = 0
    for word in s:
        while j < len(long_words) and not _word_match(word, long_words[j]):
            j += 1
        if j == len(long_words):
            return False
        j += 1
    # A lone initial is no name.
    return any(len(w) > 1 for w in s)


def same_name(a: str, b: str) -> bool:
    """Whether two full names are spellings of one name ("Sergey Lavrov" ~ "Sergei Lavrov")."""
    x, y = normalise_name(a).split(), normalise_name(b).split()
    return bool(x) and len(x) == len(y) and is_variant(x, y)


def gender_of_words(words: list[str]) -> str | None:
    """ "m"/"f" from honorifics, gendered titles or a first name among ``words`` (folded)."""
    table = lexicons.gender_words()
    for word in words:
        g = table.get(word)
        if g:
            return g
    return None
