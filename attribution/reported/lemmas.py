"""Cue lemmas a weak lemmatizer left inflected: "insisted" kept as its own lemma is "insist".

Only words whose lemma is missing or equals their form are looked at, and a recovered lemma is
taken only when it is a known cue (a lexicon word), so real lemmas are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def base_forms(form: str) -> Iterator[str]:
    """English base-form guesses for an inflected verb or plural noun, likeliest first.

    "insisted" -> insist, insiste; "admitted" -> admit; "denied" -> deny; "argues" -> argue;
    "warning" -> warn, warne; "statements" -> statement.
    """
    w = form.lower()
    for suffix in ("ed", "ing"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)]
            yield stem
            yield stem + "e"  # "argued" -> argue, "quoting" -> quote
            if len(stem) > 2 and stem[-1] == stem[-2]:
                yield stem[:-1]  # "admitted" -> admit
            if suffix == "ed" and stem.endswith("i"):
                yield stem[:-1] + "y"  # "denied" -> deny
    if w.endswith("ies") and len(w) > 4:
        yield w[:-3] + "y"  # "replies" -> reply
    if w.endswith("es") and len(w) > 3:
        yield w[:-2]  # "pushes" -> push
    if w.endswith("s") and not w.endswith("ss") and len(w) > 2:
        yield w[:-1]  # "says" -> say, "warns" -> warn


def recover(words: Iterable, known: frozenset[str]) -> list[tuple[object, str | None]]:
    """Set the lemma of every verb or noun whose lemmatizer left it inflected, when a base form
    of it is a known cue.

    Args:
        words: stanza Words (their ``lemma`` is set in place).
        known: the lemmas worth recovering (the cue lexicons).

    Returns:
        Each changed word with the lemma it had, for :func:`restore`.
    """
    changed: list[tuple[object, str | None]] = []
    for word in words:
        if word.upos not in ("VERB", "NOUN"):
            continue
        form = (word.text or "").lower()
        if word.lemma and word.lemma.lower() != form:
            continue
        if form in known:
            continue
        found = next((b for b in base_forms(form) if b in known), None)
        if found is not None:
            changed.append((word, word.lemma))
            word.lemma = found
    return changed


def restore(changed: Iterable[tuple[object, str | None]]) -> None:
    """Give back the lemmas :func:`recover` replaced: the caller's Document is left as it came."""
    for word, lemma in changed:
        word.lemma = lemma  # type: ignore[attr-defined]
