"""Scoring a candidate claim against a statement: signals in 0..1, weighted into 0-100.

The weights were tuned on the CheckThat! 2021 2B train split (``benchmarks/checkthat.py``),
one set for statements with a date and one for statements without. The signals:

- ``lexical``: bm25 of the pair's shared words with fixed word weights (how rare each
  word is in general English, :func:`.text.word_weight`), the claim's text and, at half
  weight, its title, saturated to 0..1. Not the index's relevance: that depends on what
  else the store holds, and a pair's score must not (the index only picks candidates);
- ``fuzzy``: rapidfuzz ``token_sort_ratio`` and ``token_set_ratio`` over content
  words, the first the mean of the whole statement's and its best clause's (or two
  clauses'): a long spoken line says the claim in one part of it; against the claim's
  quoted words too where it quotes some, and against each of its sentences where it has
  several (the best). Partial scorers and WRatio are avoided on purpose: a short claim
  inside a long sentence scores ~100 with them even when unrelated;
- ``title``: how much of a fact-check's title the statement says;
- ``numbers``: how many of the claim's figures the statement says ("30,000", "1850",
  "$500 billion", "forty-three" as 43; one said rounded, within a tenth, counts half), when
  both give figures: fact-checks are about figures;
- ``speaker``: same normalised name (1), same surname ("TRUMP" vs "Donald Trump",
  0.8), different (0) or unknown (no signal);
- ``date`` (when the statement has one): claims stated shortly before it count more
  (decaying over a year); a claim stated after it cannot be what it repeats (a few
  days' grace: an article is dated a day or two after the speech).
- ``referent`` (in a batch): the claim names one of the document's other speakers that
  the statement speaks to or about without naming them, or is theirs where it reports
  their words (:mod:`.references`); counted only when met.

Each signal is computed from the pair alone (the statement, the claim, and their vectors
where the store has them), so a pair scores the same in a two-claim store and in an
archive of millions. Each Match carries its signals in ``reasons``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date as Date
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from ..claims.store import Candidate
from ..dates import find_date
from ..models import Claim, Match
from ..speakers import is_variant, normalise_name, speaker_key
from .text import (
    abbreviated,
    cached_stems,
    cached_weighted_stems,
    capitals,
    claim_words,
    figures_said,
    overlap,
    quoted,
    sentences,
)
from .text import content as content_of
from .text import figures as figures_of
from .text import stems as stems_of
from .text import weighted_stems as weighted_stems_of


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each signal counts (tuned on CheckThat! 2B train; see benchmarks/checkthat.py)."""

    lexical: float = 1.0
    lexical_k: float = 15.0  # fixed-weight bm25 (text.overlap) that counts as half a match
    title_words: float = 0.5  # a fact-check's title counts this much in the lexical signal
    fuzzy_sort: float = 0.25  # token_sort_ratio: same words, same amount of text
    fuzzy_set: float = 0.25  # token_set_ratio: one's words within the other's
    title: float = 0.25  # share of the fact-check title's words found in the query
    numbers: float = 0.1  # share of the claim's figures that the query says too
    speaker: float = 0.2
    surname: float = 0.8  # share of the speaker weight for a surname-only agreement
    same_time: float = 0.0  # claim stated within days of the query, beyond ``recent``
    # A claim stated shortly before the query (decaying over recent_days). Heavier since a
    # fitting date counts only as much as its value (_time_top): 0.2 over 365 days scored
    # 2B train MAP@5 0.646, 0.4 over 180 days 0.662.
    recent: float = 0.4
    recent_days: float = 180.0
    later: float = -0.5  # claim stated more than ``grace_days`` after the query
    grace_days: int = 3
    candidates: int = 100  # per retrieval (text, and text within the speaker's claims)
    verbatim: float = 0.9  # token_sort_ratio from which a claim counts as repeated word for word
    context: float = 0.5  # a neighbouring statement's vote, divided by its distance (match_records)
    context_window: int = 5  # how far (lines, quotes) a neighbour may stand
    # Another speaker's line nearby votes this share of a line of the statement's own speaker:
    # a line often answers the one before. On 2B train any share from 1/4 to 1/100 scored
    # MAP@5 0.6668-0.6669 against 0.6648 without (1/2: 0.6658, 1: 0.6624).
    context_others: float = 0.05
    # A document's statements share their best claims as candidates (context.document_claims):
    # each one's pool_best best, to the statements up to pool_span either side in the batch.
    pool_best: int = 10
    pool_span: int = 30
    semantic: float = 1.0  # cosine similarity of sentence vectors, where the store has them
    semantic_floor: float = 0.3  # cosine that counts as nothing (unrelated sentences reach it)
    vector_candidates: int = 50  # nearest claims by vector, beside the full-text ones
    # A claim naming the person a line speaks to or about without naming them
    # (matching.references): evidence when present, none when absent.
    referent: float = 0.25


_VERBATIM_SPEAKER = {"same": 1.0, "unknown": 1.0, "surname": 0.95, "different": 0.8}


WEIGHTS = Weights()

# What a score means, measured on CheckThat! 2021 2A and 2B dev together (the calibration
# table of ``benchmarks/checkthat.py``; README "What a score means"). ``match`` lists
# candidates for review: from 30 it keeps 96% of the right top-5 matches with vectors, over
# 99% without. ``extract --match`` shows matches inside quote records, where a wrong one
# misleads: from 50, 87% of what it shows is right with vectors, and it keeps 59% of the
# right ones. Without vectors a score is the lexical signals alone: from 50 only 51% is
# right, from 60 87% (keeping 50%), so a store without vectors starts at 60.
REVIEW_MIN_SCORE = 30.0
QUOTE_MIN_SCORE = 50.0
LEXICAL_QUOTE_MIN_SCORE = 60.0


def quote_min_score(store) -> float:
    """The lowest score of a match shown in a quote record, for this store's scores."""
    return QUOTE_MIN_SCORE if store.embedding_model() is not None else LEXICAL_QUOTE_MIN_SCORE


# Without the query's date, time cannot pick among a speaker's near-identical claims, and the
# weights tuned with dates rank worse: these were tuned on 2B train with the dates left out
# (``benchmarks/checkthat.py --tune --no-dates``): bm25 saturates later, and a surname
# agreement ("TRUMP" / "Donald Trump") counts as much as the full name. A lower fuzzy_set
# scored a little better on 2B but worse on 2A and on a repeated quote in a small store.
UNDATED_WEIGHTS = replace(WEIGHTS, lexical_k=20.0, surname=1.0)


def weights_for(date: Date | None) -> Weights:
    """The tuned weights for a query with or without a date."""
    return WEIGHTS if date is not None else UNDATED_WEIGHTS


# -- signals ---------------------------------------------------------------------------
def speaker_agreement(
    query_speaker: str | None, claim_speaker: str | None, weights: Weights = WEIGHTS
) -> tuple[float | None, str]:
    """(0..1 or None when unknown, reason) for the query's speaker against the claim's."""
    return _agreement(query_speaker, claim_speaker, weights.surname)


@lru_cache(maxsize=65536)
def _agreement(
    query_speaker: str | None, claim_speaker: str | None, surname: float
) -> tuple[float | None, str]:
    # Cached: a query meets each of a speaker's candidate claims, and names repeat.
    query, claim = normalise_name(query_speaker), normalise_name(claim_speaker)
    if not query or not claim:
        return None, "unknown"
    if query == claim or _full_variants(query, claim):
        return 1.0, "same"
    if speaker_key(query_speaker) == speaker_key(claim_speaker):
        return surname, "surname"
    return 0.0, "different"


def _full_variants(a: str, b: str) -> bool:
    # Two full names of one person: "Donald Trump" / "Donald J. Trump", "Sergey" / "Sergei Lavrov".
    if " " not in a or " " not in b:
        return False
    return is_variant(a, b) or is_variant(b, a)


# A claim's date field, read once: dates repeat across claims (a Date is immutable).
_claim_date = lru_cache(maxsize=65536)(find_date)


def time_signal(
    query_date: Date | None, claim_date: Date | None, weights: Weights
) -> tuple[float, str | None]:
    """(value, reason): near in time counts; a claim made later cannot be what is repeated."""
    if query_date is None or claim_date is None:
        return 0.0, None
    days = (claim_date - query_date).days
    if days > weights.grace_days:
        return weights.later, "later"
    value = weights.recent * math.exp(-max(0, -days) / weights.recent_days)
    if days >= -1:
        return value + weights.same_time, "same-time"
    return value, "earlier"


def _time_top(value: float, reason: str | None, weights: Weights) -> float:
    # A date that fits counts as a signal as heavy as its value, fully met: a claim made
    # months before the statement gains a little, never less than a claim with no date
    # (which a share of a full time weight would make it). A later claim missed it all.
    if reason is None:
        return 0.0
    if reason == "later":
        return max(weights.same_time + weights.recent, 0.0)
    return max(value, 0.0)


# Where a spoken line breaks: a sentence's or clause's end, a comma, a dash (a transcript's
# removed dash leaves two spaces: "as I was  and I said").
_BREAK = re.compile(r"[.;:!?]+\s+|,\s+|\s+-+\s+|\s{2,}")


@lru_cache(maxsize=1024)
def clause_words(text: str) -> tuple[str, ...]:
    """The content words of each clause of ``text`` and of each two clauses in a row, when it
    has more than one (what :func:`score_candidate` compares a claim with beside the whole).

    "But when you were a candidate in 2008  as I was  and I said, if I got bin Laden in our
    sights, I would take that shot" has four clauses, each compared alone and with the next.

    Args:
        text: a statement.
    """
    parts = [words for words in (content_of(part) for part in _BREAK.split(text)) if words]
    if len(parts) < 2:
        return ()
    return tuple(parts) + tuple(f"{a} {b}" for a, b in zip(parts, parts[1:]))


def _fuzzy_sort(text: str, content: str, claim_content: str) -> tuple[float, float]:
    """token_sort_ratio of the whole statement and the claim, and its mean with the best
    clause's (or two clauses'), 0..1. On CheckThat! 2B train MAP@5 0.6701 -> 0.6718."""
    whole = fuzz.token_sort_ratio(content, claim_content) / 100
    windows = clause_words(text)
    if not windows:
        return whole, whole
    best = process.extractOne(claim_content, windows, scorer=fuzz.token_sort_ratio)
    return whole, (whole + max(whole, best[1] / 100)) / 2


def score_candidate(
    text: str,
    cand: Candidate,
    *,
    speaker: str | None = None,
    date: Date | None = None,
    weights: Weights = WEIGHTS,
    content: str | None = None,
    stems: frozenset[str] | None = None,
    figures: frozenset[str] | None = None,
    weighted: dict[str, float] | None = None,
    referents: frozenset[str] = frozenset(),
    reported: frozenset[str] = frozenset(),
) -> Match:
    """A Match with its 0-100 score and the signals behind it, from the pair alone.

    Args:
        text: the statement.
        cand: the claim (and its cosine similarity to the statement, where known).
        speaker: the statement's speaker, when known.
        date: the statement's date, when known.
        weights: the signals' weights.
        content: ``text``'s content words, when the caller has them already (a statement
            is scored against many claims).
        stems: ``text``'s stems, likewise.
        figures: ``text``'s figures, likewise.
        weighted: ``text``'s weighted stems, likewise.
        referents: the stems of the names of the people ``text`` speaks to or about without
            naming them (:mod:`.references`; its document's other speakers).
        reported: the speaker keys of those of them whose words ``text`` reports ("she says
            ..."): their own claims fit it as well as claims naming them.
    """
    claim = cand.claim
    content = content_of(text) if content is None else content
    stems = stems_of(text) if stems is None else stems
    weighted = weighted_stems_of(text) if weighted is None else weighted
    claim_content, claim_weighted, claim_figures = claim_words(claim.text)
    bm25 = overlap(weighted, claim_weighted, also=abbreviated(capitals(text), claim.text))
    if claim.title:
        bm25 += weights.title_words * overlap(weighted, cached_weighted_stems(claim.title))
    lexical = bm25 / (bm25 + weights.lexical_k)
    whole, fuzzy_sort = _fuzzy_sort(text, content, claim_content)
    said = quoted(claim.text)
    if said:
        # A line may repeat the words a fact-check quotes without its framing ("Says ...",
        # "On the Iraq war, ..."). CheckThat! 2B train MAP@5 0.6755 -> 0.6770 (SQLite).
        fuzzy_sort = max(fuzzy_sort, _fuzzy_sort(text, content, said)[1])
    for sentence in sentences(claim.text):
        # A line may repeat one sentence of a claim that quotes several. CheckThat! 2B train
        # MAP@5 0.6781 -> 0.6803 (SQLite), 0.6779 -> 0.6801 (PostgreSQL).
        fuzzy_sort = max(fuzzy_sort, _fuzzy_sort(text, content, sentence)[1])
    fuzzy_set = fuzz.token_set_ratio(content, claim_content) / 100
    title_words = cached_stems(claim.title) if claim.title else frozenset()
    title = len(title_words & stems) / len(title_words) if title_words else None
    query_figures = figures_of(text) if figures is None else figures
    numbers = (
        figures_said(claim_figures, query_figures) if claim_figures and query_figures else None
    )
    agreement, speaker_reason = speaker_agreement(speaker, claim.speaker, weights)
    time_value, time_reason = time_signal(date, _claim_date(claim.date), weights)
    semantic = (
        max(0.0, cand.similarity - weights.semantic_floor) / (1.0 - weights.semantic_floor)
        if cand.similarity is not None
        else None
    )
    raw = (
        weights.lexical * lexical
        + weights.fuzzy_sort * fuzzy_sort
        + weights.fuzzy_set * fuzzy_set
        + weights.title * (title or 0.0)
        + weights.numbers * (numbers or 0.0)
        + weights.speaker * (agreement or 0.0)
        + time_value
        + weights.semantic * (semantic or 0.0)
    )
    # Out of what the known signals could give: an unknown speaker or date is no evidence.
    top = (
        weights.lexical
        + weights.fuzzy_sort
        + weights.fuzzy_set
        + (weights.title if title is not None else 0.0)
        + (weights.numbers if numbers is not None else 0.0)
        + (weights.speaker if agreement is not None else 0.0)
        + _time_top(time_value, time_reason, weights)
        + (weights.semantic if semantic is not None else 0.0)
    )
    named = bool(referents) and (
        not referents.isdisjoint(claim_weighted)
        or (bool(reported) and speaker_key(claim.speaker) in reported)
    )
    if named:  # the claim names whom the line means: "you" / "Says Mitt Romney ..."
        raw += weights.referent
        top += weights.referent
    score = 100 * raw / top
    reasons = {
        "lexical": round(lexical, 3),
        "fuzzy": round((fuzzy_sort + fuzzy_set) / 2, 3),
        "speaker": speaker_reason,
    }
    if whole >= weights.verbatim and numbers != 0.0:
        # The same words again: a repeat scores as high as its wording, whatever bm25 makes
        # of a small store, less when someone else said it. Not when the claim's figures are
        # none of the line's: "51 percent" and "59 percent" are a character apart, another
        # claim (2B train MAP@5 0.6770 -> 0.6781 SQLite, 0.6768 -> 0.6779 PostgreSQL).
        score = max(score, 100 * whole * _VERBATIM_SPEAKER[speaker_reason])
        reasons["verbatim"] = True
    if cand.similarity is not None:
        reasons["semantic"] = round(cand.similarity, 3)
    if title is not None:
        reasons["title"] = round(title, 3)
    if numbers is not None:
        reasons["numbers"] = round(numbers, 3)
    if time_reason:
        reasons["date"] = time_reason
    if named:
        reasons["referent"] = True
    return _match(claim, score=round(max(0.0, min(100.0, score)), 2), reasons=reasons)


def prepare_claim(claim: Claim) -> None:
    """Read what :func:`score_candidate` reads of ``claim`` alone into its caches (its words,
    figures and title, its date, its speaker's name), so that scoring it later costs less.

    Args:
        claim: a candidate claim.
    """
    claim_words(claim.text)
    quoted(claim.text)
    sentences(claim.text)
    if claim.title:
        cached_weighted_stems(claim.title)
        cached_stems(claim.title)
    _claim_date(claim.date)
    normalise_name(claim.speaker)


def _match(claim: Claim, *, score: float, reasons: dict) -> Match:
    return Match(
        claim_id=claim.id,
        score=score,
        text=claim.text,
        speaker=claim.speaker,
        date=claim.date,
        reviewed=claim.reviewed,
        verdict=claim.verdict,
        url=claim.url,
        reasons=reasons,
    )


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement's own evidence: its candidates and their scores."""

    text: str
    speaker: str | None
    date: Date | None
    weights: Weights
    # content, stems, figures, weighted stems: computed once
    words: tuple[str, frozenset[str], frozenset[str], dict[str, float]]
    origin: str | None  # the statement's origin as a remembered claim ("doc:quote-id")
    claims: dict[str, Candidate]
    own: dict[str, Match]
    vector: Any = None  # the statement's sentence vector, where the store has vectors
    claim_vectors: dict[str, Any] = field(default_factory=dict)  # claim id -> vector
    referents: frozenset[str] = frozenset()  # stems of whom it means unnamed (.references)
    reported: frozenset[str] = frozenset()  # speaker keys of those whose words it reports

    def score(self, cand: Candidate) -> Match:
        """This statement's match with ``cand`` (those it retrieved itself are scored already)."""
        found = self.own.get(cand.claim.id)
        if found is None:
            cand = with_similarity(cand, self.vector, self.claim_vectors)
            content, stems, figures, weighted = self.words
            found = score_candidate(
                self.text,
                cand,
                speaker=self.speaker,
                date=self.date,
                weights=self.weights,
                content=content,
                stems=stems,
                figures=figures,
                weighted=weighted,
                referents=self.referents,
                reported=self.reported,
            )
        return found


def with_similarity(cand: Candidate, vector, claim_vectors: dict[str, Any]) -> Candidate:
    """``cand`` with its cosine similarity to ``vector`` (when both vectors are known)."""
    if cand.similarity is not None or vector is None:
        return cand
    other = claim_vectors.get(cand.claim.id)
    if other is None:
        return cand
    return Candidate(cand.claim, cand.relevance, float(other @ vector))  # replace(): 3x the time


__all__ = [
    "LEXICAL_QUOTE_MIN_SCORE",
    "QUOTE_MIN_SCORE",
    "REVIEW_MIN_SCORE",
    "quote_min_score",
    "Statement",
    "with_similarity",
    "UNDATED_WEIGHTS",
    "WEIGHTS",
    "Weights",
    "clause_words",
    "normalise_name",
    "prepare_claim",
    "score_candidate",
    "speaker_agreement",
    "time_signal",
    "weights_for",
]
