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

from ..cores import usable_cores

EXACT_UP_TO = 50_000
REBUILD_AFTER = 20_000  # vectors added since the index was built, searched exactly until then
_READ_BATCH = 50_000
# HNSW graph: 16 links a node; 40 candidates looked at when a vector is added (usearch's
# default 128 built 677 vectors/s on the busy 2 cores, 25 minutes a million; 40: about
# 4,000/s); 128 when searching, which wins back the recall (measured on 50k full-model
# vectors: top-50 recall 0.88 against 0.88 for the default build searched at 64).
CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH = 16, 40, 128
CHECKPOINT = 200_000  # a build saves its progress every this many vectors (resumable)


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
        return self._meta_of(self.path)

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
            # a search setting, not kept in the file (usearch has the setter; its typing does not)
            index.expansion_search = EXPANSION_SEARCH  # type: ignore[misc]
        except (OSError, ValueError, RuntimeError):
            return False
        self._hnsw, self._built_max = index, int(meta["largest"])
        return True

    def build(
        self, progress=None, *, checkpoint: int = CHECKPOINT, batch: int = _READ_BATCH
    ) -> int:
        """(Re)build the index file from the store's vectors; returns how many it holds.

        The vectors are read in batches (memory holds the graph and one batch, not every
        vector twice) and added on all cores. Every ``checkpoint`` vectors the index so far
        is saved beside the file (``.partial``): an interrupted build goes on from there.

        Args:
            progress: called with the number of vectors added so far.
            checkpoint: vectors between two saves of the build's progress.
            batch: vectors read and added at once.
        """
        assert self.path is not None
        partial = self.path.with_name(self.path.name + ".partial")
        index, added, largest = self._resume(partial)
        rows = self.source.vector_rows(largest)
        since = 0
        while True:
            read = list(_take(rows, batch))
            if not read:
                break
            keys, matrix = stack(read, self.dim)
            index.add(keys, matrix, log=False, threads=usable_cores())
            added += len(keys)
            largest = int(keys[-1])
            since += len(keys)
            if since >= checkpoint:
                self._save(index, partial, count=added, largest=largest)
                since = 0
            if progress:
                progress(added)
        index.expansion_search = EXPANSION_SEARCH
        self._hnsw, self._built_max = index, largest
        self._save(index, self.path, count=added, largest=largest)
        for leftover in (partial, self._meta_of(partial)):
            leftover.unlink(missing_ok=True)
        return added

    def _resume(self, partial: Path) -> tuple[Any, int, int]:
        """(index, vectors in it, largest key) of an interrupted build, else a new index."""
        from usearch.index import Index

        try:
            meta = json.loads(self._meta_of(partial).read_text(encoding="utf-8"))
            if (meta.get("model"), meta.get("dim")) == (self.model, self.dim):
                index = Index.restore(str(partial))  # loaded, not viewed: it grows
                if index is not None and len(index) == int(meta["count"]):
                    return index, int(meta["count"]), int(meta["largest"])
        except (OSError, ValueError, KeyError, RuntimeError):
            pass
        index = Index(
            ndim=self.dim,
            metric="cos",
            dtype="i8",
            connectivity=CONNECTIVITY,
            expansion_add=EXPANSION_ADD,
            expansion_search=EXPANSION_SEARCH,
        )
        return index, 0, 0

    def _meta_of(self, path: Path) -> Path:
        return path.with_name(path.name + ".json")

    def _save(self, index, path: Path, *, count: int, largest: int) -> None:
        """Write ``index`` to ``path`` and its meta beside it; readers never see half a file."""
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        meta = {"model": self.model, "dim": self.dim, "count": count, "largest": largest}
        try:
            index.save(str(tmp))
            os.replace(tmp, path)
            self._meta_of(path).write_text(json.dumps(meta), encoding="utf-8")
        except (OSError, RuntimeError):
            # A read-only directory: this process keeps the index in memory.
            tmp.unlink(missing_ok=True)

    def _search_hnsw(self, query, limit: int) -> list[tuple[int, float]]:
        matches = self._hnsw.search(query, limit)
        return [(int(k), 1.0 - float(d)) for k, d in zip(matches.keys, matches.distances)]


def _take(iterator: Iterator, n: int) -> Iterator:
    for _, item in zip(range(n), iterator):
        yield item


__all__ = ["EXACT_UP_TO", "VectorIndex", "exact", "pack", "stack", "unpack"]
