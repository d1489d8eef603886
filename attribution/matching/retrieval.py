"""Candidate retrieval: the claims worth scoring for a statement, from the store's indexes.

Where the statement's vector is still to be encoded, its full-text searches run in a
worker thread meanwhile: the model and the database both release the GIL, so on two
free cores a query waits for the longer of the two instead of their sum. On one core,
on a machine whose other work fills its cores when the query starts (there the two threads
only queue for them: 2-7 ms a query worse in paired runs at load 10), or with a store that
cannot be searched from another thread, they run one after the other. A search that ends
before the encoding does reads its candidates' words for scoring (``prepare``) until the
encoding ends: the same scores, less to do after it. The searches read on a connection of
their own where the store has one (``store.searcher()``), so the nearest claims by vector
are read and scored (``meanwhile``) while they run.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from ..claims.store import Candidate, ClaimStore
from ..cores import usable_cores
from ..models import Claim
from ..speakers import speaker_key
from ..terms import query_terms
from .scoring import WEIGHTS, normalise_name

# None: beside the encoding where a core is free (above); True: wherever the store allows;
# False: never (store_speed --profile, which sees one thread).
ASIDE: bool | None = None
_ASIDE: ThreadPoolExecutor | None = None  # one worker, made on first use, for the whole process

# Claims the search among the other speakers' claims offers, all of them together: 2B train
# MAP@5 0.6781 / 0.6788 / 0.6809 / 0.6809 / 0.6809 for 20 / 30 / 40 / 50 / 100.
OTHERS = 50


def candidates(
    store: ClaimStore,
    text: str,
    *,
    speaker: str | None = None,
    others: Iterable[str] = (),
    limit: int = WEIGHTS.candidates,
    vector=None,
    vector_limit: int = WEIGHTS.vector_candidates,
    encode: Callable[[], Any] | None = None,
    prepare: Callable[[Claim], Any] | None = None,
    meanwhile: Callable[[dict[str, Candidate]], Any] | None = None,
) -> dict[str, Candidate]:
    """Full-text candidates for ``text``, those among the speaker's claims and among the
    claims of the other people speaking near it, and (given the statement's
    ``vector``) the nearest claims by meaning, by claim id.

    Args:
        store: the claim store to search.
        text: the statement.
        speaker: its speaker, when known (a politician repeats himself; PolitiFact checks him).
        others: the surnames (:func:`speaker_key`) of the other people speaking near the
            statement in its document (:func:`.context.speakers_near`): a moderator quotes
            the candidate he questions, a debater the opponent he answers, and the
            fact-check is of the claim of the one quoted.
        limit: candidates per full-text retrieval.
        vector: the statement's sentence vector (the store's model), or None.
        vector_limit: how many nearest claims by vector.
        encode: instead of ``vector``: gives it, called while the full-text searches run
            (see the module's docstring); the same candidates either way.
        prepare: called on full-text candidates' claims in the searches' thread while
            ``encode`` lasts (filling the caches scoring reads; its result is dropped).
        meanwhile: called with the nearest claims by vector (by claim id) before the
            full-text searches' results are awaited (scoring them while those run).
    """
    terms = query_terms(text)
    surname = speaker_key(speaker) if terms and normalise_name(speaker) else ""
    people = tuple(sorted({key for key in others if key and key != surname})) if terms else ()
    pending: Future | None = None
    encoded = threading.Event()
    if encode is not None and terms and _aside_possible(store):
        searcher = store.searcher()
        pending = _aside().submit(
            _searches, searcher, terms, limit, surname, people, prepare, encoded
        )
    if encode is not None:
        vector = encode()
        encoded.set()
    found: dict[str, Candidate] = {}
    if vector is not None:  # said in other words: no shared word needed
        for cand in store.nearest(vector, limit=vector_limit):
            found[cand.claim.id] = cand
        if meanwhile is not None:
            meanwhile(found)
    if not terms:
        return found
    searches = pending.result() if pending else _searches(store, terms, limit, surname, people)
    for results in searches:
        for cand in results:
            known = found.get(cand.claim.id)
            if known is None:
                found[cand.claim.id] = cand
            elif known.relevance < cand.relevance:
                found[cand.claim.id] = replace(known, relevance=cand.relevance)
    return found


def _searches(
    store: ClaimStore,
    terms: list[str],
    limit: int,
    surname: str,
    others: tuple[str, ...] = (),
    prepare: Callable[[Claim], Any] | None = None,
    encoded: threading.Event | None = None,
) -> list[list]:
    """The full-text searches: all claims, then the speaker's (when a surname is known), then
    the other speakers' (when the document has others); then, given ``prepare``, the
    candidates prepared one by one until ``encoded`` is set."""
    searches = [store.search(terms, limit=limit)]
    if surname:
        searches.append(store.search(terms, limit=limit, speaker_terms=surname.split()))
    if others:
        searches.append(store.search(terms, limit=OTHERS, speakers=others))
    if prepare is not None and encoded is not None:
        for results in searches:
            for cand in results:
                if encoded.is_set():
                    return searches
                prepare(cand.claim)
                # Python holds the GIL: the encoding's thread, back from the model, would wait
                # up to the switch interval (5 ms) for it; sleep(0) hands it over at once.
                time.sleep(0)
    return searches


def _aside_possible(store: ClaimStore) -> bool:
    """Whether the searches run beside the encoding: a store whose connection another
    thread may use, two cores or more, and (unless ASIDE says) one of them free."""
    if ASIDE is False or not getattr(store, "searches_aside", False):
        return False
    cores = usable_cores()
    return cores >= 2 and (ASIDE is True or _running() < cores)


def _running() -> float:
    """How many threads are running or ready to run on the machine now, this one included
    (Linux's /proc/loadavg; a 30 µs read): the load average lags a minute behind, so a
    query after a build that filled the cores would be refused a free core."""
    try:
        with open("/proc/loadavg", encoding="ascii") as loadavg:
            return int(loadavg.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        pass
    try:  # elsewhere: the load average, this thread added
        return os.getloadavg()[0] + 1
    except (AttributeError, OSError):  # no load figure (Windows): this thread alone
        return 1


def _aside() -> ThreadPoolExecutor:
    global _ASIDE
    if _ASIDE is None:
        _ASIDE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="attribution-search")
    return _ASIDE


__all__ = ["candidates"]
