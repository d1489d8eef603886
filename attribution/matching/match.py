"""Matching statements against the claim store, one statement or a batch.

1. Candidates come from the store's indexes (:mod:`.retrieval`, never a scan of every claim).
2. Each candidate is rescored from weighted signals (:mod:`.scoring`), 0-100.
3. Matching a batch (:func:`match_records`, the ``match`` command, ``extract --match``),
   a statement's neighbours (the same speaker, a few lines or quotes away in the same
   document) vote for the claims they match (:mod:`.context`). A statement with no
   date of its own takes the batch's, else the one its document's name says
   ("20170822_Trump_phoenix_0017"; :func:`attribution.dates.name_date`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date as Date
from functools import cache
from typing import TYPE_CHECKING, Any

from ..claims.store import Candidate, ClaimStore
from ..dates import find_date
from ..errors import InputError
from ..models import Match, Quote, content_text, speaker_name
from ..speakers import speaker_key
from .context import (
    best_claims,
    document_claims,
    documents,
    neighbour_votes,
    speakers_near,
    with_votes,
)
from .references import name_stems, reporting, speakers
from .references import referents as referents_of
from .remember import quote_origin
from .rescore import RESCORE, rescore, rescorer
from .retrieval import candidates
from .scoring import (
    WEIGHTS,
    Statement,
    Weights,
    prepare_claim,
    score_candidate,
    weights_for,
    with_similarity,
)
from .text import content as content_of
from .text import figures as figures_of
from .text import read_post
from .text import stems as stems_of
from .text import weighted_stems as weighted_stems_of

if TYPE_CHECKING:
    from ..documents import Article


def statement(
    store: ClaimStore,
    text: str,
    *,
    speaker: str | None,
    date: str | Date | None,
    weights: Weights | None,
    others: Iterable[str] = (),
    origin: str | None = None,
    fallback_date: Date | None = None,
    vector=None,
    claim_vectors: dict | None = None,
    encode: Callable[[], Any] | None = None,
    referents: tuple[str, ...] = (),
) -> Statement:
    """One statement's candidates, each scored (the evidence its neighbours may add to).

    Args:
        store: the claim store.
        text: the statement.
        speaker: its speaker, when known.
        date: its date (a date, or text holding one), when known.
        weights: None for the tuned weights for a dated or an undated statement.
        others: the surnames of the other people speaking near it in its document (their
            claims are searched too: :func:`.retrieval.candidates`).
        origin: the statement's origin as a remembered claim ("doc:quote-id").
        fallback_date: the date for a statement that has none of its own and is no dated post
            (what its document's name says).
        vector: the statement's sentence vector (the store's model), or None.
        claim_vectors: claim id -> vector, shared by a batch (filled here).
        encode: instead of ``vector``: gives it, called while the full-text retrieval runs
            (:func:`.retrieval.candidates`).
        referents: the people it speaks to or about without naming them
            (:func:`.references.referents`): a claim naming them fits it better.
    """
    # A post's links, handles and signature are no content; its signature names who and when.
    post = read_post(text)
    text = post.words() or text
    speaker = speaker or post.author
    when = date if isinstance(date, Date) or date is None else find_date(date)
    if when is None:
        when = find_date(post.date)
    when = when or fallback_date
    weights = weights or weights_for(when)
    content, stems, figures = content_of(text), stems_of(text), figures_of(text)
    weighted = weighted_stems_of(text)
    named = name_stems(referents)
    # "she says ...": the referents' own claims fit too
    reported = frozenset(map(speaker_key, referents) if referents and reporting(text) else ())
    encode = cache(encode) if encode is not None else None  # called here, then below

    def score(cand: Candidate) -> Match:
        return score_candidate(
            text,
            cand,
            speaker=speaker,
            date=when,
            weights=weights,
            content=content,
            stems=stems,
            figures=figures,
            weighted=weighted,
            referents=named,
            reported=reported,
        )

    early: dict[str, Match] = {}

    def meanwhile(nearest: dict[str, Candidate]) -> None:
        # The nearest claims by vector, scored while the full-text searches run (their
        # similarity is known; a score never reads the full-text relevance they may gain).
        # No sleep(0) between them: it sleeps about 56 µs (the timer's slack) even where no
        # thread waits; the searches' thread waits for these few ms at most.
        for cid, cand in nearest.items():
            early[cid] = score(cand)

    claims = candidates(
        store,
        text,
        speaker=speaker,
        others=others,
        limit=weights.candidates,
        vector=vector,
        vector_limit=weights.vector_candidates,
        encode=encode,
        prepare=prepare_claim,
        meanwhile=meanwhile,
    )
    if encode is not None:
        vector = encode()
    claim_vectors = {} if claim_vectors is None else claim_vectors
    if vector is not None:
        _fetch_vectors(store, claims, claim_vectors)
        claims = {cid: with_similarity(c, vector, claim_vectors) for cid, c in claims.items()}
    own = {cid: early.get(cid) or score(cand) for cid, cand in claims.items()}
    return Statement(
        text,
        speaker,
        when,
        weights,
        (content, stems, figures, weighted),
        origin,
        claims,
        own,
        vector,
        claim_vectors,
        named,
        reported,
    )


def _fetch_vectors(store: ClaimStore, claims: dict, claim_vectors: dict) -> None:
    """Read the vectors of the claims not known yet into ``claim_vectors``."""
    from ..claims.vectors import unpack

    wanted = [cid for cid, c in claims.items() if c.similarity is None and cid not in claim_vectors]
    if not wanted:
        return
    recorded = store.embedding_model()
    dim = recorded[1] if recorded else 0
    for cid, blob in store.vectors_of(wanted).items():
        claim_vectors[cid] = unpack(blob, dim)


def statement_encoder(store: ClaimStore, *, semantic: bool = True):
    """The encoder of the store's model (loaded once), or None: semantic off, no vectors in
    the store, or the semantic extra not installed (then matching is lexical, as without
    vectors, and a warning says so).

    Args:
        store: the claim store.
        semantic: False to match without vectors even where the store has them.
    """
    if not semantic:
        return None
    if store.encoder is not None:
        return store.encoder
    recorded = store.embedding_model()
    if recorded is None:
        return None
    from ..embeddings import ExtraMissing, load_encoder

    try:
        encoder = load_encoder(recorded[0])
    except ExtraMissing as exc:
        import warnings

        warnings.warn(f"{exc}; matching without the store's vectors", stacklevel=2)
        return None
    store.use_encoder(encoder)
    return encoder


def _post_texts(texts: list[str]) -> list[str]:
    return [read_post(t).words() or t for t in texts]


def _ranked(matches: Iterable[Match], top: int, min_score: float) -> list[Match]:
    ordered = sorted(matches, key=lambda m: (-m.score, m.claim_id))
    return [m for m in ordered if m.score >= min_score][:top]


def match_text(
    store: ClaimStore,
    text: str,
    *,
    speaker: str | None = None,
    date: str | Date | None = None,
    top: int = 5,
    min_score: float = 0.0,
    weights: Weights | None = None,
    rescore_top: int = RESCORE,
) -> list[Match]:
    """The ``top`` best claims for one statement (and its speaker and date, when known), best first.

    ``weights`` default to the tuned ones for a dated or an undated query (:func:`weights_for`).
    ``rescore_top``: see :func:`match_records`.
    """
    encoder = statement_encoder(store)
    encode = (lambda: encoder.encode(_post_texts([text]))[0]) if encoder is not None else None
    found = statement(store, text, speaker=speaker, date=date, weights=weights, encode=encode)
    full = rescorer(encoder) if rescore_top else None
    if full is not None:
        found = rescore(found, full, top=rescore_top, cache={})
    return _ranked(found.own.values(), top, min_score)


def match_records(
    store: ClaimStore,
    records: Iterable[dict],
    *,
    top: int = 5,
    min_score: float = 0.0,
    date: str | Date | None = None,
    weights: Weights | None = None,
    context: bool = True,
    name_dates: bool = True,
    semantic: bool = True,
    rescore_top: int = RESCORE,
) -> Iterator[tuple[int, dict, list[Match]]]:
    """(input index, record, best claims) for each statement record, in input order.

    Records are quote records or ``{"id", "text", "speaker", "date", "doc"}``. A record
    without a ``date`` takes ``date``, else (when ``name_dates``) the date its document's
    name says ("20170822_Trump_phoenix_0017"; see :func:`attribution.dates.name_date`).
    A statement's neighbours in the batch vote for the claims they match (see the
    module's docstring and :mod:`attribution.matching.context`), and the claims of the
    others speaking near it are searched too, unless ``context`` is false.
    Where the store holds sentence vectors, each statement's vector finds claims said in
    other words and scores them (``semantic=False`` leaves them out). Where those vectors
    come from a static model, the full model it was distilled from (where this machine has
    it) recomputes the similarity of each statement's ``rescore_top`` best candidates
    (:mod:`.rescore`; 0: never).
    """
    encoder = statement_encoder(store, semantic=semantic)
    full = rescorer(encoder) if rescore_top else None
    full_vectors: dict = {}  # claim id -> the full model's vector, for the whole run
    for group in documents(records):
        statements = []
        for placed in group:
            if not isinstance(placed.record.get("text"), str):
                raise InputError(f"statement {placed.record.get('id')!r} has no text to match")
        vectors = (
            encoder.encode(_post_texts([content_text(p.record) for p in group]))
            if encoder is not None
            else [None] * len(group)
        )
        claim_vectors: dict = {}  # shared: neighbours score each other's candidates
        people = speakers(group) if context else {}
        span = (weights or WEIGHTS).pool_span
        for k, (placed, vector) in enumerate(zip(group, vectors)):
            text = content_text(placed.record)  # a quote in pieces: without its cue and speaker
            statements.append(
                statement(
                    store,
                    text,
                    speaker=speaker_name(placed.record),
                    date=placed.record.get("date") or date,
                    weights=weights,
                    others=speakers_near(group, k, span=span) if context else (),
                    origin=quote_origin(placed.record, placed.doc),
                    fallback_date=placed.date if name_dates else None,
                    vector=vector,
                    claim_vectors=claim_vectors,
                    referents=referents_of(placed, people),
                )
            )
        if full is not None:
            statements = [rescore(s, full, top=rescore_top, cache=full_vectors) for s in statements]
        if encoder is not None and context:  # claims only a neighbour found
            pooled = {cid: c for s in statements for cid, c in s.claims.items()}
            _fetch_vectors(store, pooled, claim_vectors)
        best = best_claims(statements) if context else []
        for i, placed in enumerate(group):
            votes = neighbour_votes(group, statements, i) if context else []
            shared = (
                document_claims(group, best, i, span=statements[i].weights.pool_span)
                if context
                else None
            )
            found = with_votes(statements[i], votes, shared)
            yield placed.index, placed.record, _ranked(found, top, min_score)


def match_quotes(
    store: ClaimStore,
    quotes: Sequence[Quote],
    *,
    top: int = 5,
    min_score: float = 0.0,
    article: Article | None = None,
    weights: Weights | None = None,
) -> tuple[Quote, ...]:
    """The quotes with their ``matches`` filled, best first.

    ``article`` dates the quotes. The quotes are one batch: a speaker's neighbouring
    quotes vote (see :func:`match_records`, which they go through as records).
    """
    out = list(quotes)
    records = [q.to_dict() for q in quotes]
    date = article.date if article is not None else None
    for i, _, matches in match_records(
        store, records, top=top, min_score=min_score, date=date, weights=weights
    ):
        out[i] = replace(out[i], matches=tuple(matches))
    return tuple(out)


__all__ = ["match_quotes", "match_records", "match_text", "statement"]
