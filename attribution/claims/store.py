"""The claim store interface and :func:`open_store`, which picks a backend from a path or URL.

A store keeps :class:`~attribution.models.Claim` records by id and answers full-text
candidate queries without scanning every claim (SQLite FTS5 or PostgreSQL full text).
Rescoring the candidates is :mod:`attribution.matching`'s job.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError
from ..models import Claim

ENV_DB = "ATTRIBUTION_DB"
CLAIM_FIELDS = ("id", "text", "speaker", "date", "verdict", "url", "title", "source", "origin")

# Function words that only slow full-text retrieval down and add noise to OR queries.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't down during each few for from further had hadn't has hasn't have haven't having he he'd
    he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into
    is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only
    or other ought our ours ourselves out over own same shan't she she'd she'll she's should
    shouldn't so some such than that that's the their theirs them themselves then there there's
    these they they'd they'll they're they've this those through to too under until up very was
    wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while
    who who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves also just like said says say well know think going get got really lot thing
    things mean yeah okay oh s t re ve ll d m
    """.split()
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def query_terms(text: str, *, limit: int = 32) -> list[str]:
    """Distinct lower-case content words of ``text`` in order, for an OR full-text query.

    Only letters and digits survive, so a term can never carry query syntax (quotes,
    NEAR, column filters) into FTS5 or tsquery.
    """
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if word in STOPWORDS:
            continue
        for part in word.split("'"):
            if part and part not in STOPWORDS and (len(part) > 1 or part.isdigit()):
                seen.setdefault(part, None)
        if len(seen) >= limit:
            break
    return list(seen)


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


def default_db_path() -> Path:
    """``$ATTRIBUTION_DB`` or ``claims.sqlite`` in the user data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("attribution")) / "claims.sqlite"


def open_store(url_or_path: str | os.PathLike | None = None, **options) -> ClaimStore:
    """Open (creating and migrating as needed) the store at a SQLite path or ``postgresql://`` URL.

    ``None`` opens ``$ATTRIBUTION_DB`` or the default file in the user data directory.
    """
    target = os.environ.get(ENV_DB) if url_or_path is None else url_or_path
    if target is None or str(target) == "":
        target = default_db_path()
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(text, **options)
    if "://" in text and not text.startswith("sqlite://"):
        raise StoreError(
            f"unsupported claim store URL {text!r}: give a SQLite file path or a postgresql:// URL"
        )
    from .sqlite import SQLiteStore

    return SQLiteStore(text.removeprefix("sqlite://"), **options)
