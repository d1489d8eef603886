"""Normalising a speaker's name so that "PRESIDENT OBAMA", "Mr. Obama" and "obama" compare equal.

One exported function, :func:`normalise_name`, used by speaker resolution and by the
claim matcher alike.
"""
from __future__ import annotations

import re
import unicodedata

_HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "president", "sen", "senator",
    "rep", "representative", "gov", "governor", "secretary", "minister", "the", "hon",
    "vice", "former", "judge", "justice", "mayor", "speaker", "gen", "general",
}


def normalise_name(name: str | None) -> str:
    """Lower-case, accent-free name without titles or punctuation ("" for none)."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)
    while len(words) > 1 and words[0] in _HONORIFICS:
        words.pop(0)
    return " ".join(words)
