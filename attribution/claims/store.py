"""The claim store interface; :func:`attribution.claims.open_store` picks a backend.

A store keeps :class:`~attribution.models.Claim` records by id and answers full-text
candidate queries without scanning every claim (SQLite FTS5 or PostgreSQL full text).
Rescoring the candidates is :mod:`attribution.matching`'s job.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..models import Claim

CLAIM_FIELDS = (
    "id",
    "text",
    "speaker",
    "date",
    "reviewed",
    "verdict",
    "url",
    "title",
    "source",
    "origin",
)

# Ranking costs per matching claim. A query whose words are in few claims ranks them all;
# otherwise its rarest words are kept within a budget, and common words (each in
# FREQUENT+ claims: the most costly to rank, the least weighty in bm25) count only where
# they come together.
FREQUENT = 2_000  # a word in this many claims is common
RANK_ALL = 12_000  # below this many matching claims in all, every word stays
BUDGET = 2_000  # about this many claims at most are ranked for the rare words
MIN_TERMS, MAX_TERMS = 3, 10


KEPT_COUNTS = 100_000  # words whose probe a process keeps (WordCounts)


class WordCounts:
    """How many claims each word is in, kept between queries: common words come back query
    after query, and a bounded probe of each costs an index read. The counts hold while the
    store gains no claim (its largest key says so; a backend's ``add_many`` calls
    :meth:`forget` too)."""

    def __init__(self) -> None:
        self._counts: dict[str, float] = {}
        self._at = -1

    def forget(self) -> None:
        self._at = -1

    def counter(
        self, largest: int, probe: Callable[[str], tuple[int, int | None]]
    ) -> Callable[[str], float]:
        """``count(word)`` for :func:`select_terms` on a store whose largest key is ``largest``.

        Args:
            largest: the store's largest claim key now.
            probe: a word's (claims found, largest key among them), counting FREQUENT at most;
                the rows come in key order, so how far the FREQUENT-th reaches tells how
                common a common word is, at no cost beyond the bounded probe.
        """
        if largest != self._at or len(self._counts) > KEPT_COUNTS:
            self._counts.clear()
            self._at = largest

        def count(term: str) -> float:
            known = self._counts.get(term)
            if known is None:
                found, last = probe(term)
                # from FREQUENT on, its claims estimated
                known = found if found < FREQUENT or not last else FREQUENT * largest / last
                self._counts[term] = known
            return known

        return count


def select_terms(terms: list[str], count: Callable[[str], float]) -> tuple[list[str], str]:
    """The words to query and how to join them ("any" or "all").

    ``count(word)`` says in how many claims the word is, counting up to FREQUENT at most
    (a bounded probe of the index); from FREQUENT on it may give an estimate instead, and
    where every word present is common, the three least common of them come together (the
    first three where the counts tie): ranking costs a scan of each word's every claim.
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
    total = 0.0
    for term in sorted((t for t in present if counts[t] < FREQUENT), key=counts.__getitem__):
        if len(rare) >= MIN_TERMS and (total + counts[term] > BUDGET or len(rare) >= MAX_TERMS):
            break
        rare.append(term)
        total += counts[term]
    if rare:
        return rare, "any"
    common = sorted((t for t in present if counts[t] >= FREQUENT), key=counts.__getitem__)[:3]
    return common, ("all" if len(common) > 1 else "any")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A retrieved claim: the full-text relevance (higher is better; 0 when not found by
    full text; it orders candidates, the matcher's score never reads it) and, where the
    store holds vectors, the cosine similarity to the query."""

    claim: Claim
    relevance: float
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class AddResult:
    """What an :meth:`ClaimStore.add_many` call did."""

    added: int
    existing: int


class ClaimStore(ABC):
    """Claims by id, with full-text candidate retrieval. Use as a context manager."""

    url: str
    # Whether search() may run in another thread while this one encodes (one at a time on
    # the store: the connection serialises the rest), see matching.retrieval.
    searches_aside: bool = False

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
        self,
        text: str | Iterable[str],
        *,
        limit: int = 50,
        speaker_terms: Iterable[str] = (),
        speakers: Iterable[str] = (),
    ) -> list[Candidate]:
        """Candidates sharing content words with ``text``, best first (no full scan).

        ``text`` is free text or already-made :func:`query_terms`; ``speaker_terms``, when
        given, keeps only claims whose speaker contains every one of those words;
        ``speakers``, when given, only those whose speaker contains one of them (several
        people's surnames).
        """

    @abstractmethod
    def schema_version(self) -> int: ...

    # -- vectors (the semantic extra) ------------------------------------------------------
    encoder: Any = None  # set by use_encoder: new claims get their vectors as they are added
    _index: Any = None
    _encoder_looked_up = False  # whether the store's own model was looked for (writers_encoder)

    @abstractmethod
    def meta(self, key: str) -> str | None:
        """A value recorded in the store (``embedding_model``, ``embedding_dim``)."""

    @abstractmethod
    def set_meta(self, key: str, value: str) -> None: ...

    @abstractmethod
    def vector_rows(self, after: int = 0) -> Iterator[tuple[int, bytes]]:
        """(claim pk, packed vector) in pk order, for pks above ``after``."""

    @abstractmethod
    def vector_stats(self, after: int = 0) -> tuple[int, int]:
        """(how many vectors, the largest pk holding one), of the pks above ``after`` (a
        range of the primary key: cheap for the few new ones, where counting them all
        reads every vector)."""

    @abstractmethod
    def unembedded(self, limit: int) -> list[tuple[int, str]]:
        """Up to ``limit`` (pk, text) of claims without a vector, in pk order."""

    @abstractmethod
    def put_vectors(self, rows: list[tuple[int, bytes]]) -> None:
        """Store (pk, packed vector) rows (in the current transaction, if one is open)."""

    @abstractmethod
    def claims_by_pk(self, pks: list[int]) -> dict[int, Claim]: ...

    @abstractmethod
    def vectors_of(self, claim_ids: list[str]) -> dict[str, bytes]:
        """The packed vectors of the claims with these ids (those that have one)."""

    def embedding_model(self) -> tuple[str, int] | None:
        """(model name, dimension) the store's vectors were made with; None without vectors."""
        name, dim = self.meta("embedding_model"), self.meta("embedding_dim")
        return (name, int(dim)) if name and dim else None

    def use_encoder(self, encoder) -> None:
        """Embed claims with ``encoder`` from now on; the store records its model.

        A store records one model: asking it for another is an error (its vectors could
        not be compared), naming both.
        """
        from ..errors import StoreError

        recorded = self.embedding_model()
        if recorded and (recorded[0], recorded[1]) != (encoder.name, encoder.dim):
            raise StoreError(
                f"{self.url}: the store's vectors were made with {recorded[0]} "
                f"({recorded[1]} dimensions), not {encoder.name} ({encoder.dim}): use "
                f"--embedding-model {recorded[0]}, or another store for the other model"
            )
        if not recorded:
            with self.transaction():
                self.set_meta("embedding_model", encoder.name)
                self.set_meta("embedding_dim", str(encoder.dim))
        self.encoder = encoder

    def writers_encoder(self) -> None:
        """Before claims are written: a store that holds vectors embeds every new claim,
        whoever writes it (the CLI, the library pipeline's ``remember``, ``add_many``).

        The store's recorded model is loaded once. Where it cannot be (the semantic extra
        missing, the model's directory gone), the claims are still stored, without vectors,
        and a warning says that ``attribution claims embed`` adds them later.
        """
        if self.encoder is not None or self._encoder_looked_up:
            return
        self._encoder_looked_up = True
        if self.embedding_model() is None:
            return
        import warnings

        from ..embeddings import attach_encoder
        from ..errors import ModelError

        try:
            attach_encoder(self, warn=lambda message: warnings.warn(message, stacklevel=4))
        except ModelError as exc:
            warnings.warn(
                f"{exc}; new claims get no vectors (`attribution claims embed` adds them)",
                stacklevel=3,
            )

    def embed(self, rows: list[tuple[int, str]]) -> None:
        """Compute and store the vectors of (pk, text) rows with the store's encoder."""
        from .vectors import pack

        if not rows or self.encoder is None:
            return
        vectors = self.encoder.encode([text for _, text in rows])
        self.put_vectors([(pk, pack(v)) for (pk, _), v in zip(rows, vectors)])

    def embed_missing(self, *, batch: int = 256, progress=None) -> int:
        """Embed every claim that has no vector yet, ``batch`` claims a transaction.

        Resumable: each batch commits, so an interrupted run goes on where it stopped.
        Returns how many claims were embedded.
        """
        done = 0
        while rows := self.unembedded(batch):
            with self.transaction():
                self.embed(rows)
            done += len(rows)
            if progress:
                progress(len(rows))
        return done

    def nearest(self, vector, *, limit: int = 50) -> list[Candidate]:
        """The claims nearest to ``vector`` (the store's model), best first, with similarity."""
        recorded = self.embedding_model()
        if recorded is None:
            return []
        if self._index is None:
            from .vectors import VectorIndex

            self._index = VectorIndex(
                self, path=self.index_path(), model=recorded[0], dim=recorded[1]
            )
        found = self._index.search(vector, limit)
        claims = self.claims_by_pk([pk for pk, _ in found])
        return [Candidate(claims[pk], 0.0, similarity) for pk, similarity in found if pk in claims]

    def index_path(self) -> Path | None:
        """Where the approximate index file of this store lives (None: exact search only)."""
        return None

    def searcher(self) -> ClaimStore:
        """The store a worker thread's :meth:`search` runs on (see matching.retrieval): this one,
        or one reading the same claims on a connection of its own."""
        return self

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
