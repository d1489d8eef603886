"""A directory of shards, each written whole or not at all.

Shard ``n`` of a run is ``part-0000n.jsonl.gz`` (quote records, one a line, as
``extract -f jsonl`` writes them), ``part-0000n.parquet`` (the same records with the
schema of :mod:`attribution.distributed.schema`) or ``part-0000n.conllu.gz`` (``parse``).
The documents of the shard that could not be read, parsed or extracted are named in
``part-0000n.failures.jsonl`` beside it, and inputs that could not be read at all in
``inputs.failures.jsonl``. With ``--remember`` the shard's quotes as claims go to
``part-0000n.claims.jsonl``, so that no claim is lost to a kill. The documents the shard
read (id, input, reading warnings) are listed in ``part-0000n.documents.jsonl``: the
client warns from them in input order, as one process does. Every file is written
under a temporary name and renamed, and the records shard is renamed last: a shard that
exists is finished, with its failures and claims.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import AttributionError
from ..models import Claim

SHARD_FORMATS = ("jsonl", "parquet")
_SUFFIX = {"jsonl": ".jsonl.gz", "parquet": ".parquet", "conllu": ".conllu.gz"}
FAILURES = ".failures.jsonl"
CLAIMS = ".claims.jsonl"
DOCUMENTS = ".documents.jsonl"
INPUT_FAILURES = "inputs" + FAILURES
_TMP = ".tmp-"


def shard_name(index: int, fmt: str) -> str:
    """``part-00012.jsonl.gz`` and the like: the name sorts in input order."""
    return f"part-{index:05d}{_SUFFIX[fmt]}"


def failures_name(index: int) -> str:
    return f"part-{index:05d}{FAILURES}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary name, fsync, rename."""
    tmp = path.with_name(f"{_TMP}{uuid.uuid4().hex[:12]}-{path.name}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _jsonl(records: Iterable[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def encode_records(records: list[dict], fmt: str) -> bytes:
    """The bytes of a records shard: gzipped JSONL, or Parquet with the record schema."""
    if fmt == "jsonl":
        return gzip.compress(_jsonl(records), compresslevel=6, mtime=0)
    if fmt == "parquet":
        from .schema import to_parquet

        return to_parquet(records)
    raise AttributionError(f"unknown shard format {fmt!r}; use one of {', '.join(SHARD_FORMATS)}")


def commit_shard(
    directory: Path,
    index: int,
    fmt: str,
    payload: bytes,
    failures: list[dict],
    claims: list[Claim] | None = None,
    *,
    documents: list[dict] | None = None,
) -> Path:
    """Write shard ``index``: its failures and claims first (or remove stale ones), records last.

    Args:
        directory: the run's output directory.
        index: the shard's number in the plan.
        fmt: "jsonl", "parquet" or "conllu" (the suffix of the records file).
        payload: the records file's bytes (see :func:`encode_records`).
        failures: one dict per document that failed (``path``, ``line``, ``message``).
        claims: the shard's quotes as claims (``--remember``), or None.
        documents: the documents read (``id``, ``source``, ``warnings``), or None.
    """
    if documents is not None:
        write_atomic(directory / f"part-{index:05d}{DOCUMENTS}", _jsonl(documents))
    if claims is not None:
        write_atomic(directory / f"part-{index:05d}{CLAIMS}", _jsonl(c.to_dict() for c in claims))
    failed = directory / failures_name(index)
    if failures:
        write_atomic(failed, _jsonl(failures))
    else:
        failed.unlink(missing_ok=True)  # from an attempt that died before its records
    path = directory / shard_name(index, fmt)
    write_atomic(path, payload)
    return path


def finished(directory: Path, fmt: str) -> set[int]:
    """The numbers of the shards already written in ``directory``."""
    suffix = _SUFFIX[fmt]
    done = set()
    for path in directory.glob(f"part-*{suffix}"):
        number = path.name[len("part-") : -len(suffix)]
        if number.isdigit():
            done.add(int(number))
    return done


def remove_leftovers(directory: Path) -> int:
    """Remove temporary files of writers that died; returns how many there were."""
    count = 0
    for path in directory.glob(f"{_TMP}*"):
        path.unlink(missing_ok=True)
        count += 1
    return count


def read_failures(directory: Path) -> list[dict]:
    """Every failure recorded in ``directory`` (inputs first, then shard by shard)."""
    out = []
    paths = sorted(directory.glob(f"*{FAILURES}"), key=lambda p: (p.name != INPUT_FAILURES, p.name))
    for path in paths:
        out += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return out


def read_documents(directory: Path, indexes: Iterable[int]) -> Iterator[dict]:
    """The documents the shards ``indexes`` of ``directory`` read, in that order."""
    for index in indexes:
        path = directory / f"part-{index:05d}{DOCUMENTS}"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line:
                    yield json.loads(line)


def read_claims(directory: Path, indexes: Iterable[int] | None = None) -> Iterator[Claim]:
    """The claims the shards of ``directory`` remembered (those of ``indexes``, else all)."""
    if indexes is None:
        paths = sorted(directory.glob(f"part-*{CLAIMS}"))
    else:
        paths = [directory / f"part-{i:05d}{CLAIMS}" for i in indexes]
    for path in paths:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line:
                    yield Claim(**json.loads(line))


def read_records(directory: str | Path) -> Iterator[dict]:
    """The quote records of a shard directory in input order (JSONL.gz or Parquet shards).

    Args:
        directory: a directory written by ``extract --workers N -o DIR``.

    Yields:
        One quote record (a dict, as ``extract -f jsonl`` writes it) at a time.
    """
    directory = Path(directory)
    paths = sorted(directory.glob("part-*.jsonl.gz")) + sorted(directory.glob("part-*.parquet"))
    for path in sorted(paths, key=lambda p: p.name):
        if path.name.endswith(".parquet"):
            from .schema import from_parquet

            yield from from_parquet(path.read_bytes())
        else:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    yield json.loads(line)


def read_conllu_shards(directory: str | Path) -> str:
    """The CoNLL-U of a directory written by ``parse --workers N -o DIR``, in input order."""
    out = io.StringIO()
    for path in sorted(Path(directory).glob("part-*.conllu.gz")):
        out.write(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return out.getvalue()
