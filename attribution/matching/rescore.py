"""The full model's second look: where a store's vectors come from a static model
(:mod:`attribution.static`), the full model it was distilled from recomputes the similarity
of a statement's few best candidates, which are then scored again.

A static model embeds an archive a hundred times faster than the full model but ranks
less well; the full model on a statement's 20 best candidates costs 21 encodings a
statement, whatever the archive's size (measured in the README's encoder table).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .scoring import Statement

RESCORE = 20  # candidates a statement's full-model look covers


def rescorer(encoder) -> Any:
    """The full model to rescore with for a store whose ``encoder`` is static, or None
    (a full model, or a static one whose source is not on this machine).

    Args:
        encoder: the store's encoder (:class:`attribution.embeddings.Encoder`).
    """
    if encoder is None or not getattr(encoder, "static", False):
        return None
    from ..embeddings import load_encoder
    from ..errors import ModelError

    source = getattr(encoder.model, "source", "")
    if not source:
        return None
    try:
        return load_encoder(source)
    except ModelError:
        return None


def rescore(found: Statement, full, *, top: int = RESCORE, cache: dict[str, Any]) -> Statement:
    """``found`` with its ``top`` best candidates' similarity computed by ``full``, rescored.

    Args:
        found: a scored statement.
        full: the full model's encoder.
        top: how many of its best candidates to look at again.
        cache: claim id -> the full model's vector, shared by a batch (filled here).
    """
    best = sorted(found.own.values(), key=lambda m: (-m.score, m.claim_id))[:top]
    ids = [m.claim_id for m in best if m.claim_id in found.claims]
    if not ids:
        return found
    todo = [cid for cid in ids if cid not in cache]
    vectors = full.encode([found.text] + [found.claims[cid].claim.text for cid in todo])
    cache.update(zip(todo, vectors[1:]))
    query = vectors[0]
    pending = replace(found, own={cid: m for cid, m in found.own.items() if cid not in ids})
    own = dict(found.own)
    claims = dict(found.claims)
    for cid in ids:
        claims[cid] = replace(found.claims[cid], similarity=float(cache[cid] @ query))
        own[cid] = pending.score(claims[cid])
    return replace(found, claims=claims, own=own)


__all__ = ["RESCORE", "rescore", "rescorer"]
