"""The claim store interface; :func:`attribution.claims.open_store` picks a backend.

A store keeps :class:`~attribution.models.Claim` records by id and answers full-text
candidate queries without scanning every claim (SQLite FTS5 or PostgreSQL full text).
Rescoring the candidates is :mod:`attribution.matching`'s job.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..models import Claim

CLAIM_FIELDS = ("id", "text", "speaker", "date", "verdict", "url", "title", "source", "origin")

# Ranking costs per matching claim. A query whose words are in few claims ranks them all;
# otherwise its rarest words are kept within a budget, and common words (each in
# FREQUENT+ claims: the most costly to rank, the least weighty in bm25) count only where
# they come together.
FREQUENT = 2_000  # a word in this many claims is common
RANK_ALL = 12_000  # below this many matching claims in all, every word stays
BUDGET = 2_000  # about this many claims at most are ranked for the rare words
MIN_TERMS, MAX_TERMS = 3, 10


def select_terms(terms: list[str], count: Callable[[str], int]) -> tuple[list[str], str]:
    """The words to query and how to join them ("any" or "all").

    ``count(word)`` says in how many claims the word is, counting up to FREQUENT at most
    (a bounded probe of the index).
    """
    if len(terms) <= MIN_TERMS:
        return terms, "any"
    counts = {t: count(t) for t in terms}
    present = [t for t in terms if counts[t]]
    if not present:
        return [], "any"
    if max(counts.values()) < FREQUENT and sum(counts.values()) <= RANK_ALL:
        return present, "any"
    rare: list[str] = []
    total = 0
    for term in sorted((t for t in present if counts[t] < FREQUENT), key=counts.__getitem__):
        if len(rare) >= MIN_TERMS and (total + counts[term] > BUDGET or len(rare) >= MAX_TERMS):
            break
        rare.append(term)
        total += counts[term]
    if rare:
        return rare, "any"
    common = [t for t in present if counts[t] >= FREQUENT][:3]
    return common, ("all" if len(common) > 1 else "any")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A claim retrieved by full text, with the backend's relevance (higher is better)."""

    claim: Claim
    relevance: float


@dataclass(frozen=True, slots=True)
class AddResult:
    """What an :meth:`ClaimStore.add_many` call did."""

    added: int
    existing: int


class ClaimStore(ABC):
    """Claims by id, with full-text candidate retrieval. Use as a context manager."""

    url: str

    @abstractmethod
    def add_many(self, claims: Iterable[Claim]) -> AddResult:
        """Add claims in one transaction; a claim whose id is already stored is left as it is."""

    def add(self, claim: Claim) -> bool:
        """Add one claim; False when its id was already stored."""
        return self.add_many([claim]).added == 1

    @abstractmethod
    def transaction(self):
        """Context manager: every add inside commits together or not at all."""

    @abstractmethod
    def get(self, claim_id: str) -> Claim | None: ...

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def iter_claims(
        self, *, speaker: str | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[Claim]:
        """Claims in insertion order; ``speaker`` filters on the normalised name."""

    @abstractmethod
    def search(
        self, text: str | Iterable[str], *, limit: int = 50, speaker_terms: Iterable[str] = ()
    ) -> list[Candidate]:
        """Candidates sharing content words with ``text``, best first (no full scan).

        ``text`` is free text or already-made :func:`query_terms`; ``speaker_terms``, when
        given, keeps only claims whose speaker contains every one of those words.
        """

    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
