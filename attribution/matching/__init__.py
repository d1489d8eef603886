"""Matching statements against the claim store: candidates, then rescoring, then context.

One module per job: :mod:`.text` (a statement's words, stems and figures),
:mod:`.retrieval` (candidates from the store's indexes), :mod:`.scoring` (the signals
and their weights), :mod:`.context` (neighbouring statements vote), :mod:`.match` (one
statement or a batch) and :mod:`.remember` (quotes become claims). Dates are read by
:mod:`attribution.dates`, words by :mod:`attribution.terms`.
"""

from __future__ import annotations

from ..dates import find_date
from .match import match_quotes, match_records, match_text
from .remember import quote_claims, quote_origin, remember_quotes
from .retrieval import candidates
from .scoring import (
    LEXICAL_QUOTE_MIN_SCORE,
    QUOTE_MIN_SCORE,
    REVIEW_MIN_SCORE,
    UNDATED_WEIGHTS,
    WEIGHTS,
    Weights,
    quote_min_score,
    score_candidate,
    speaker_agreement,
    weights_for,
)

__all__ = [
    "LEXICAL_QUOTE_MIN_SCORE",
    "QUOTE_MIN_SCORE",
    "REVIEW_MIN_SCORE",
    "UNDATED_WEIGHTS",
    "WEIGHTS",
    "Weights",
    "candidates",
    "find_date",
    "match_quotes",
    "match_records",
    "match_text",
    "quote_claims",
    "quote_min_score",
    "quote_origin",
    "remember_quotes",
    "score_candidate",
    "speaker_agreement",
    "weights_for",
]
