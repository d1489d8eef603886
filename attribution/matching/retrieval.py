"""Candidate retrieval: the claims worth scoring for a statement, from the store's indexes."""

from __future__ import annotations

from ..claims.store import Candidate, ClaimStore
from ..speakers import speaker_key
from ..terms import query_terms
from .scoring import WEIGHTS, normalise_name


def candidates(
    store: ClaimStore, text: str, *, speaker: str | None = None, limit: int = WEIGHTS.candidates
) -> dict[str, Candidate]:
    """Full-text candidates for ``text``, plus those among the speaker's claims, by claim id.

    Args:
        store: the claim store to search.
        text: the statement.
        speaker: its speaker, when known (a politician repeats himself; PolitiFact checks him).
        limit: candidates per retrieval.
    """
    terms = query_terms(text)
    found: dict[str, Candidate] = {}
    if not terms:
        return found
    for cand in store.search(terms, limit=limit):
        found[cand.claim.id] = cand
    surname = speaker_key(speaker) if normalise_name(speaker) else ""
    if surname:
        for cand in store.search(terms, limit=limit, speaker_terms=surname.split()):
            if cand.claim.id not in found or found[cand.claim.id].relevance < cand.relevance:
                found[cand.claim.id] = cand
    return found


__all__ = ["candidates"]
