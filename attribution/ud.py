"""Small helpers over stanza's UD words, shared by detection (``reported``) and ``speakers``."""

from __future__ import annotations


def word_start(word) -> int:
    """Where the word starts in the text (a word of a multi-word token: its token's offset)."""
    return word.start_char if word.start_char is not None else word.parent.start_char


def word_end(word) -> int:
    return word.end_char if word.end_char is not None else word.parent.end_char


def base_rel(word) -> str:
    """The universal part of a relation: ``nsubj:pass`` -> ``nsubj``."""
    return (word.deprel or "dep").split(":", 1)[0]
