"""Matching statements against the claim store: full-text candidates, then rescoring.

1. Candidates come from the store's full-text index (never a scan of every claim): the
   best claims for the query's content words, plus the best among claims by the query's
   speaker when one is known (a politician repeats himself; PolitiFact checks him).
2. Each candidate is rescored from signals in 0..1, combined with weights tuned on the
   CheckThat! 2021 2B train split (``benchmarks/checkthat.py``), one set for queries with
   a date and one for queries without:
   - ``lexical``: the index's relevance (bm25 / ts_rank), saturated to 0..1;
   - ``fuzzy``: rapidfuzz ``token_sort_ratio`` and ``token_set_ratio`` over content
     words. Partial scorers and WRatio are avoided on purpose: a short claim inside a
     long sentence scores ~100 with them even when unrelated;
   - ``title``: how much of a fact-check's title the query says;
   - ``numbers``: how many of the claim's figures the query says ("30,000", "1850",
     "$500 billion"), when both give figures: fact-checks are about figures;
   - ``speaker``: same normalised name (1), same surname ("TRUMP" vs "Donald Trump",
     0.8), different (0) or unknown (no signal);
   - ``date`` (when the query has one): claims stated shortly before the query count
     more (decaying over a year); a claim stated after the query cannot be what it
     repeats (a few days' grace: an article is dated a day or two after the speech).
The score is 0-100; each Match carries its signals in ``reasons``.

3. Matching a batch (:func:`match_records`, the ``match`` command, ``extract --match``),
   a statement's neighbours (the same speaker, a few lines or quotes away in the same
   document; see :mod:`attribution.neighbours`) vote for the claims they match, each
   with ``context`` / distance: "A couple of months?" finds the claim that the line
   before it matches. Such a score is the weighted mean of the statement's own score and
   its neighbours' (``reasons["context"]``); a verbatim repeat keeps its own score, and a
   neighbour casts no vote for the claim it was itself remembered as. A statement with
   no date of its own takes the batch's, else the one its document's name says
   ("20170822_Trump_phoenix_0017"; :func:`attribution.neighbours.name_date`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date as Date
from functools import lru_cache

from rapidfuzz import fuzz

from .claims.store import Candidate, ClaimStore, query_terms
from .errors import InputError
from .models import Claim, Match, speaker_name
from .neighbours import documents, neighbours
from .speakers import is_variant, speaker_key
from .speakers import normalise_name as _normalise_name


@lru_cache(maxsize=65536)
def normalise_name(name: str | None) -> str:
    # Cached: a speaker's name comes back with every candidate claim of theirs.
    return _normalise_name(name)


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each signal counts (tuned on CheckThat! 2B train; see benchmarks/checkthat.py)."""

    lexical: float = 1.0
    lexical_k: float = 10.0  # bm25 value that counts as half a match
    fuzzy_sort: float = 0.25  # token_sort_ratio: same words, same amount of text
    fuzzy_set: float = 0.25  # token_set_ratio: one's words within the other's
    title: float = 0.25  # share of the fact-check title's words found in the query
    numbers: float = 0.1  # share of the claim's figures that the query says too
    speaker: float = 0.2
    surname: float = 0.8  # share of the speaker weight for a surname-only agreement
    same_time: float = 0.0  # claim stated within days of the query, beyond ``recent``
    recent: float = 0.2  # claim stated shortly before the query (decays over recent_days)
    recent_days: float = 365.0
    later: float = -0.5  # claim stated more than ``grace_days`` after the query
    grace_days: int = 3
    candidates: int = 100  # per retrieval (text, and text within the speaker's claims)
    verbatim: float = 0.9  # token_sort_ratio from which a claim counts as repeated word for word
    context: float = 0.5  # a neighbouring statement's vote, divided by its distance (match_records)
    context_window: int = 5  # how far (lines, quotes) a neighbour may stand


_VERBATIM_SPEAKER = {"same": 1.0, "unknown": 1.0, "surname": 0.95, "different": 0.8}


WEIGHTS = Weights()
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
    query, claim = normalise_name(query_speaker), normalise_name(claim_speaker)
    if not query or not claim:
        return None, "unknown"
    if query == claim or _full_variants(query, claim):
        return 1.0, "same"
    if speaker_key(query_speaker) == speaker_key(claim_speaker):
        return weights.surname, "surname"
    return 0.0, "different"


def _full_variants(a: str, b: str) -> bool:
    # Two full names of one person: "Donald Trump" / "Donald J. Trump", "Sergey Lavrov" / "Sergei
    # Lavrov".
    if " " not in a or " " not in b:
        return False
    return is_variant(a, b) or is_variant(b, a)


_MONTHS = """
    january february march april may june july august september october november december
""".split()
_LOOSE_DATE = re.compile(
    r"(?P<iso>\d{4}-\d{2}-\d{2})|(?P<mdy>(?P<m1>[A-Za-z]{3,9})\.? (?P<d1>\d{1,2}),? (?P<y1>\d{4}))"
    r"|(?P<dmy>(?P<d2>\d{1,2}) (?P<m2>[A-Za-z]{3,9})\.? (?P<y2>\d{4}))"
)


def find_date(value: str | None) -> Date | None:
    """The first calendar date written in ``value`` ("2019-10-28", "stated on October 28, 2019 in
    ...")."""
    if not value:
        return None
    for m in _LOOSE_DATE.finditer(str(value)):
        try:
            if m.group("iso"):
                return Date.fromisoformat(m.group("iso"))
            month, day, year = (
                (m.group("m1"), m.group("d1"), m.group("y1"))
                if m.group("mdy")
                else (m.group("m2"), m.group("d2"), m.group("y2"))
            )
            number = next(
                (i for i, name in enumerate(_MONTHS, 1) if name.startswith(month.lower()[:3])), None
            )
            if number is not None and (
                len(month) == 3 or month.lower() in _MONTHS or month.lower() == "sept"
            ):
                return Date(int(year), number, int(day))
        except ValueError:
            continue
    return None


def _time_signal(
    query_date: Date | None, claim_date: Date | None, weights: Weights
) -> tuple[float, str | None]:
    """Claims are repeated while they are news: near in time counts, made later cannot be
    repeated."""
    if query_date is None or claim_date is None:
        return 0.0, None
    days = (claim_date - query_date).days
    if days > weights.grace_days:
        return weights.later, "later"
    value = weights.recent * math.exp(-max(0, -days) / weights.recent_days)
    if days >= -1:
        return value + weights.same_time, "same-time"
    return value, "earlier"


def _content(text: str) -> str:
    return " ".join(query_terms(text, limit=200))


# A number standing alone: not the digits of a URL, a handle or a word ("t.co/x9F2", "MS13", "5G").
_FIGURE = re.compile(r"(?<![\w/.#@-])\d[\d,]*(?:\.\d+)?(?![\w/@])")


# Dates are when something was said, not what: "— Jane (@jane) June 2, 2015" under a tweet.
_MONTH = r"(?:" + "|".join(_MONTHS + [m[:3] for m in _MONTHS] + ["sept"]) + r")\b\.?"
_WRITTEN_DATE = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b"
    rf"|\b\d{{1,2}} {_MONTH} \d{{4}}\b|\b{_MONTH},? \d{{4}}\b",
    re.IGNORECASE,
)


def _figures(text: str) -> frozenset[str]:
    """The numbers written in ``text`` outside dates, thousands separators dropped: "30,000" ->
    "30000"."""
    return frozenset(
        m.group().replace(",", "") for m in _FIGURE.finditer(_WRITTEN_DATE.sub(" ", text))
    )


def _stems(text: str) -> frozenset[str]:
    # A light suffix strip for longer words, enough for "claims"/"claimed"/"claim" to meet.
    out = set()
    for word in query_terms(text, limit=200):
        for suffix in ("ing", "ed", "es", "s"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        out.add(word)
    return frozenset(out)


# A claim's words, stems and figures, kept: a batch of queries meets the same popular claims
# again and again. A query's are computed once per statement instead (_Statement.words).
_cached_content = lru_cache(maxsize=32768)(_content)
_cached_stems = lru_cache(maxsize=32768)(_stems)
_cached_figures = lru_cache(maxsize=32768)(_figures)


# -- matching --------------------------------------------------------------------------
def candidates(
    store: ClaimStore, text: str, *, speaker: str | None = None, limit: int = WEIGHTS.candidates
) -> dict[str, Candidate]:
    """Full-text candidates for ``text``, plus those among the speaker's claims."""
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
) -> Match:
    """A Match with its 0-100 score and the signals behind it."""
    claim = cand.claim
    lexical = cand.relevance / (cand.relevance + weights.lexical_k) if cand.relevance > 0 else 0.0
    content = _content(text) if content is None else content
    stems = _stems(text) if stems is None else stems
    claim_content = _cached_content(claim.text)
    fuzzy_sort = fuzz.token_sort_ratio(content, claim_content) / 100
    fuzzy_set = fuzz.token_set_ratio(content, claim_content) / 100
    title_words = _cached_stems(claim.title) if claim.title else frozenset()
    title = len(title_words & stems) / len(title_words) if title_words else None
    claim_figures = _cached_figures(claim.text)
    query_figures = _figures(text) if figures is None else figures
    numbers = (
        len(claim_figures & query_figures) / len(claim_figures)
        if claim_figures and query_figures
        else None
    )
    agreement, speaker_reason = speaker_agreement(speaker, claim.speaker, weights)
    time_value, time_reason = _time_signal(date, find_date(claim.date), weights)
    raw = (
        weights.lexical * lexical
        + weights.fuzzy_sort * fuzzy_sort
        + weights.fuzzy_set * fuzzy_set
        + weights.title * (title or 0.0)
        + weights.numbers * (numbers or 0.0)
        + weights.speaker * (agreement or 0.0)
        + time_value
    )
    # Out of what the known signals could give: an unknown speaker or date is no evidence either
    # way.
    top = (
        weights.lexical
        + weights.fuzzy_sort
        + weights.fuzzy_set
        + (weights.title if title is not None else 0.0)
        + (weights.numbers if numbers is not None else 0.0)
        + (weights.speaker if agreement is not None else 0.0)
        + (max(weights.same_time + weights.recent, 0.0) if time_reason else 0.0)
    )
    score = 100 * raw / top
    reasons = {
        "lexical": round(lexical, 3),
        "fuzzy": round((fuzzy_sort + fuzzy_set) / 2, 3),
        "speaker": speaker_reason,
    }
    if fuzzy_sort >= weights.verbatim:
        # The same words again: a repeat scores as high as its wording, whatever bm25 makes
        # of a small store, less when someone else said it.
        score = max(score, 100 * fuzzy_sort * _VERBATIM_SPEAKER[speaker_reason])
        reasons["verbatim"] = True
    if title is not None:
        reasons["title"] = round(title, 3)
    if numbers is not None:
        reasons["numbers"] = round(numbers, 3)
    if time_reason:
        reasons["date"] = time_reason
    return _match(claim, score=round(max(0.0, min(100.0, score)), 2), reasons=reasons)


def _match(claim: Claim, *, score: float, reasons: dict) -> Match:
    return Match(
        claim_id=claim.id,
        score=score,
        text=claim.text,
        speaker=claim.speaker,
        date=claim.date,
        verdict=claim.verdict,
        url=claim.url,
        reasons=reasons,
    )


@dataclass(frozen=True, slots=True)
class _Statement:
    """One statement's own evidence: its candidates and their scores."""

    text: str
    speaker: str | None
    date: Date | None
    weights: Weights
    words: tuple[str, frozenset[str], frozenset[str]]  # content, stems, figures: computed once
    origin: str | None  # the statement's origin as a remembered claim ("doc:quote-id")
    claims: dict[str, Candidate]
    own: dict[str, Match]

    def score(self, cand: Candidate) -> Match:
        """This statement's match with ``cand`` (those it retrieved itself are scored already)."""
        found = self.own.get(cand.claim.id)
        if found is None:
            content, stems, figures = self.words
            found = score_candidate(
                self.text,
                cand,
                speaker=self.speaker,
                date=self.date,
                weights=self.weights,
                content=content,
                stems=stems,
                figures=figures,
            )
        return found


def _statement(
    store: ClaimStore,
    text: str,
    *,
    speaker: str | None,
    date: str | Date | None,
    weights: Weights | None,
    origin: str | None = None,
) -> _Statement:
    when = date if isinstance(date, Date) or date is None else find_date(date)
    weights = weights or weights_for(when)
    content, stems, figures = _content(text), _stems(text), _figures(text)
    claims = candidates(store, text, speaker=speaker, limit=weights.candidates)
    own = {
        cid: score_candidate(
            text,
            cand,
            speaker=speaker,
            date=when,
            weights=weights,
            content=content,
            stems=stems,
            figures=figures,
        )
        for cid, cand in claims.items()
    }
    return _Statement(text, speaker, when, weights, (content, stems, figures), origin, claims, own)


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
) -> list[Match]:
    """The ``top`` best claims for one statement (and its speaker and date, when known), best first.

    ``weights`` default to the tuned ones for a dated or an undated query (:func:`weights_for`).
    """
    statement = _statement(store, text, speaker=speaker, date=date, weights=weights)
    return _ranked(statement.own.values(), top, min_score)


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
) -> Iterator[tuple[int, dict, list[Match]]]:
    """(input index, record, best claims) for each statement record, in input order.

    Records are quote records or ``{"id", "text", "speaker", "date", "doc"}``. A record
    without a ``date`` takes ``date``, else (when ``name_dates``) the date its document's
    name says ("20170822_Trump_phoenix_0017"; see :func:`attribution.neighbours.name_date`).
    A statement's neighbours in the batch vote for the claims they match (see the
    module's docstring and :mod:`attribution.neighbours`), unless ``context`` is false.
    """
    for group in documents(records):
        statements = []
        for placed in group:
            text = placed.record.get("text")
            if not isinstance(text, str):
                raise InputError(f"statement {placed.record.get('id')!r} has no text to match")
            statements.append(
                _statement(
                    store,
                    text,
                    speaker=speaker_name(placed.record),
                    date=placed.record.get("date") or date or (placed.date if name_dates else None),
                    weights=weights,
                    origin=quote_origin(placed.record, placed.doc),
                )
            )
        for i, placed in enumerate(group):
            mine = statements[i]
            near = neighbours(group, i, window=mine.weights.context_window) if context else []
            votes = [(statements[j], mine.weights.context / distance) for j, distance in near]
            yield placed.index, placed.record, _ranked(_with_votes(mine, votes), top, min_score)


def _with_votes(mine: _Statement, votes: list[tuple[_Statement, float]]) -> Iterable[Match]:
    """``mine``'s matches with its neighbours' votes: the weighted mean of the scores."""
    total = sum(weight for _, weight in votes)
    if not total:
        return mine.own.values()
    pool = dict(mine.claims)
    for other, _ in votes:  # a claim only a neighbour found is scored against this statement too
        for cid, cand in other.claims.items():
            pool.setdefault(cid, Candidate(cand.claim, 0.0))
    out = []
    for cid, cand in pool.items():
        own = mine.score(cand)
        # A neighbour does not vote for the claim it was itself remembered as: re-matching an
        # article whose quotes are stored would lend each quote its neighbours' claims.
        vote = (
            sum(
                weight * other.own[cid].score
                for other, weight in votes
                if cid in other.own and other.claims[cid].claim.origin != other.origin
            )
            / total
        )
        score = (own.score + total * vote) / (1 + total)
        if own.reasons.get("verbatim"):
            score = max(score, own.score)  # a repeat word for word needs no context
        out.append(
            replace(
                own, score=round(score, 2), reasons={**own.reasons, "context": round(vote / 100, 3)}
            )
        )
    return out


# -- quote records -----------------------------------------------------------------------
def _meta(article, key: str):
    if article is None:
        return None
    return article.get(key) if isinstance(article, dict) else getattr(article, key, None)


def match_quotes(
    store: ClaimStore,
    quote_dicts: Iterable[dict],
    *,
    top: int = 5,
    min_score: float = 0.0,
    article=None,
    weights: Weights | None = None,
) -> list[dict]:
    """Fill each quote record's ``matches`` (in place) and return the records.

    ``article`` (an Article or a dict with ``date``) dates the quotes; a record's own
    ``date`` field wins. The quotes are one batch: a speaker's neighbouring quotes vote.
    """
    quotes = list(quote_dicts)
    for _, quote, matches in match_records(
        store, quotes, top=top, min_score=min_score, date=_meta(article, "date"), weights=weights
    ):
        quote["matches"] = [m.to_dict() for m in matches]
    return quotes


def quote_claims(quote_dicts: Iterable[dict], *, article) -> Iterator[Claim]:
    """Attributed quotes as claims: speaker, article date and url, origin "doc:quote-id"."""
    from .claims.io import content_id, normalise_date

    doc_id = _meta(article, "id")
    date, url = normalise_date(_meta(article, "date")), _meta(article, "url")
    title, outlet = (
        _meta(article, "title") or (_meta(article, "meta") or {}).get("title"),
        _meta(article, "outlet"),
    )
    for quote in quote_dicts:
        speaker, text = speaker_name(quote), (quote.get("text") or "").strip()
        if not speaker or not text:
            continue  # an unattributed quote is no claim of anyone's
        yield Claim(
            id=content_id(text, speaker, date, url),
            text=text,
            speaker=speaker,
            date=date,
            url=url,
            title=title,
            source=outlet,
            origin=quote_origin(quote, doc_id),
        )


def quote_origin(quote: dict, doc_id: str | None = None) -> str:
    """Where a remembered quote came from: "doc:quote-id" (its ``doc``, else ``doc_id``)."""
    quote_id = str(quote.get("id") or "")
    doc = str(quote.get("doc") or doc_id or "")
    return quote_id if doc and quote_id.startswith(doc + ":") else f"{doc}:{quote_id}"


def remember_quotes(store: ClaimStore, quote_dicts: Iterable[dict], *, article) -> int:
    """Store the attributed quotes of one article as claims; returns how many were new."""
    return store.add_many(quote_claims(quote_dicts, article=article)).added


__all__ = [
    "UNDATED_WEIGHTS",
    "WEIGHTS",
    "Weights",
    "candidates",
    "find_date",
    "match_quotes",
    "match_records",
    "match_text",
    "quote_claims",
    "remember_quotes",
    "score_candidate",
    "speaker_agreement",
    "weights_for",
]
