"""Vector retrieval over a store's claim vectors: exact for small stores, HNSW for large ones.

The vectors live in the store (``claim_vectors``, written in the claim's transaction), so
the store stays the one source of truth. Search needs no database extension, on either
backend:

- up to ``EXACT_UP_TO`` vectors, an exact dot product over them all (numpy; a few ms);
- above, an HNSW index (usearch, 8-bit quantised cosine) in a file beside the store
  (``claims.sqlite.hnsw``; for PostgreSQL in the models cache, named by a hash of the
  URL and schema). The file records how many vectors and which largest key it holds:
  vectors added since are searched exactly beside it, and it is rebuilt from the store
  when they grow past ``REBUILD_AFTER`` or the file is missing, unreadable or of
  another model.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

EXACT_UP_TO = 50_000
REBUILD_AFTER = 20_000  # vectors added since the index was built, searched exactly until then
_READ_BATCH = 50_000


def pack(vector) -> bytes:
    """A vector as stored: little-endian float32 bytes."""
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def unpack(blob: bytes, dim: int):
    """The float32 vector of stored bytes (a view, no copy)."""
    import numpy as np

    return np.frombuffer(blob, dtype="<f4", count=dim)


def stack(rows: Iterable[tuple[int, bytes]], dim: int) -> tuple[Any, Any]:
    """(keys, matrix) of (pk, blob) rows."""
    import numpy as np

    keys, blobs = [], []
    for pk, blob in rows:
        keys.append(pk)
        blobs.append(blob)
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros((0, dim), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(keys), dim)
    return np.asarray(keys, dtype=np.int64), matrix


def exact(query, keys, matrix, limit: int) -> list[tuple[int, float]]:
    """(key, cosine) of the ``limit`` nearest rows, best first."""
    import numpy as np

    if not len(keys):
        return []
    # einsum runs on this thread: a BLAS product hands a small matrix to its threads, which
    # on a busy machine costs 20 ms where the product itself takes 0.1-5 ms.
    scores = np.einsum("ij,j->i", matrix, query)
    limit = min(limit, len(keys))
    best = np.argpartition(-scores, limit - 1)[:limit]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [(int(keys[i]), float(scores[i])) for i in best]


class VectorIndex:
    """Nearest claims by vector for one store; see the module docstring.

    ``source`` is the store: ``vector_rows(after_pk)`` yields (pk, blob) in pk order and
    ``vector_stats()`` gives (count, largest pk).
    """

    def __init__(
        self,
        source,
        *,
        path: Path | None,
        model: str,
        dim: int,
        exact_up_to: int = EXACT_UP_TO,
        rebuild_after: int = REBUILD_AFTER,
    ):
        self.source, self.path, self.model, self.dim = source, path, model, dim
        self.exact_up_to, self.rebuild_after = exact_up_to, rebuild_after
        self._exact: tuple[int, Any, Any] | None = None  # (largest pk, keys, matrix)
        self._hnsw: Any = None
        self._built_max = 0
        self._counted: tuple[int, int] | None = None

    def search(self, query, limit: int) -> list[tuple[int, float]]:
        """(claim pk, cosine) of the ``limit`` nearest claims, best first.

        Args:
            query: a unit-length float32 vector of the store's model.
            limit: how many.
        """
        count, largest = self._stats()
        if not count:
            return []
        if count <= self.exact_up_to or self.path is None:
            keys, matrix = self._exact_rows(0, largest)
            return exact(query, keys, matrix, limit)
        self._ensure_index(count, largest)
        found = self._search_hnsw(query, limit)
        if largest > self._built_max:  # vectors added since the index was built
            keys, matrix = self._exact_rows(self._built_max, largest)
            found += exact(query, keys, matrix, limit)
            found.sort(key=lambda kv: -kv[1])
        return found[:limit]

    def _stats(self) -> tuple[int, int]:
        """(count, largest pk) of the store's vectors: counted once, then only those added
        since (counting 1M vectors reads all of them: 50-100 ms, each query)."""
        if self._counted is None:
            self._counted = self.source.vector_stats()
        else:
            count, largest = self._counted
            new, newest = self.source.vector_stats(largest)
            self._counted = (count + new, max(largest, newest))
        return self._counted

    # -- exact ---------------------------------------------------------------------------
    def _exact_rows(self, after: int, largest: int):
        import numpy as np

        if self._exact is None or self._exact[0] > largest or self._exact_after != after:
            self._exact_after = after
            keys, matrix = stack(self.source.vector_rows(after), self.dim)
            self._exact = (int(keys[-1]) if len(keys) else after, keys, matrix)
        elif self._exact[0] < largest:  # new vectors since: read only those
            keys, matrix = stack(self.source.vector_rows(self._exact[0]), self.dim)
            if len(keys):
                self._exact = (
                    int(keys[-1]),
                    np.concatenate([self._exact[1], keys]),
                    np.concatenate([self._exact[2], matrix]),
                )
        return self._exact[1], self._exact[2]

    _exact_after = 0

    # -- HNSW ----------------------------------------------------------------------------
    def _meta_path(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + ".json")

    def _ensure_index(self, count: int, largest: int) -> None:
        if self._hnsw is not None and largest - self._built_max <= self.rebuild_after:
            return
        fresh = self._hnsw is None and self._load()
        if fresh and self._built_max <= largest and largest - self._built_max <= self.rebuild_after:
            return
        self.build()

    def _load(self) -> bool:
        from usearch.index import Index

        try:
            meta = json.loads(self._meta_path().read_text(encoding="utf-8"))
            if meta.get("model") != self.model or meta.get("dim") != self.dim:
                return False
            index = Index.restore(str(self.path), view=True)
            if index is None:
                return False
        except (OSError, ValueError, RuntimeError):
            return False
        self._hnsw, self._built_max = index, int(meta["largest"])
        return True

    def build(self, progress=None) -> int:
        """(Re)build the index file from the store's vectors; returns how many it holds.

        Args:
            progress: called with the number of vectors added so far.
        """
        from usearch.index import Index

        assert self.path is not None
        index = Index(ndim=self.dim, metric="cos", dtype="i8", connectivity=16)
        added, largest = 0, 0
        rows = self.source.vector_rows(0)
        while True:
            batch = list(_take(rows, _READ_BATCH))
            if not batch:
                break
            keys, matrix = stack(batch, self.dim)
            index.add(keys, matrix, log=False)
            added += len(keys)
            largest = int(keys[-1])
            if progress:
                progress(added)
        self._hnsw, self._built_max = index, largest
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        meta = {"model": self.model, "dim": self.dim, "count": added, "largest": largest}
        try:
            index.save(str(tmp))
            os.replace(tmp, self.path)  # readers never see half a file
            self._meta_path().write_text(json.dumps(meta), encoding="utf-8")
        except (OSError, RuntimeError):
            # A read-only directory: this process keeps the index in memory.
            tmp.unlink(missing_ok=True)
        return added

    def _search_hnsw(self, query, limit: int) -> list[tuple[int, float]]:
        matches = self._hnsw.search(query, limit)
        return [(int(k), 1.0 - float(d)) for k, d in zip(matches.keys, matches.distances)]


def _take(iterator: Iterator, n: int) -> Iterator:
    for _, item in zip(range(n), iterator):
        yield item


__all__ = ["EXACT_UP_TO", "VectorIndex", "exact", "pack", "stack", "unpack"]
