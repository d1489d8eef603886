"""Candidate retrieval: the claims worth scoring for a statement, from the store's indexes."""

from __future__ import annotations

from dataclasses import replace

from ..claims.store import Candidate, ClaimStore
from ..speakers import speaker_key
from ..terms import query_terms
from .scoring import WEIGHTS, normalise_name


def candidates(
    store: ClaimStore,
    text: str,
    *,
    speaker: str | None = None,
    limit: int = WEIGHTS.candidates,
    vector=None,
    vector_limit: int = WEIGHTS.vector_candidates,
) -> dict[str, Candidate]:
    """Full-text candidates for ``text``, those among the speaker's claims, and (given the
    statement's ``vector``) the nearest claims by meaning, by claim id.

    Args:
        store: the claim store to search.
        text: the statement.
        speaker: its speaker, when known (a politician repeats himself; PolitiFact checks him).
        limit: candidates per full-text retrieval.
        vector: the statement's sentence vector (the store's model), or None.
        vector_limit: how many nearest claims by vector.
    """
    found: dict[str, Candidate] = {}
    if vector is not None:  # said in other words: no shared word needed
        for cand in store.nearest(vector, limit=vector_limit):
            found[cand.claim.id] = cand
    terms = query_terms(text)
    if not terms:
        return found
    searches = [store.search(terms, limit=limit)]
    surname = speaker_key(speaker) if normalise_name(speaker) else ""
    if surname:
        searches.append(store.search(terms, limit=limit, speaker_terms=surname.split()))
    for results in searches:
        for cand in results:
            known = found.get(cand.claim.id)
            if known is None:
                found[cand.claim.id] = cand
            elif known.relevance < cand.relevance:
                found[cand.claim.id] = replace(known, relevance=cand.relevance)
    return found


__all__ = ["candidates"]
