"""What runs on a worker: the models loaded once (a worker plugin) and one shard's work.

:class:`ModelsPlugin` gives each worker process one stanza Pipeline, built at start when
the run has raw text (on the worker's GPU where it has one), and caps torch's threads so
that the workers of one machine do not fight over its cores. :func:`run_shard` reads a
shard's documents, runs them through the same steps as a local run (:mod:`attribution.pipeline`:
``parsed`` and ``process_document``) and commits the shard (:mod:`attribution.distributed.shards`).
"""

from __future__ import annotations

import gzip
import os
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from distributed import WorkerPlugin

from ..cores import usable_cores
from ..documents import MAX_CHARS, Article, InputFailure
from ..errors import ModelError
from ..models import Claim
from ..pipeline import ClaimStep, Parser, parsed, process_document
from .plan import Part, Shard, input_bytes, part_documents, read_bytes
from .shards import commit_shard, encode_records

PLUGIN = "attribution-models"


@dataclass(frozen=True, slots=True)
class Job:
    """What every shard of a run is asked to do (sent to the workers with each shard)."""

    command: str  # "extract", "parse" or "match"
    directory: str
    shard_format: str = "jsonl"  # extract: "jsonl" or "parquet"
    include_beliefs: bool = False
    speakers: str | None = None  # a registry file the workers can read
    lang: str = "en"
    max_chars: int | None = MAX_CHARS  # longer documents are refused by name, as locally
    db: str | None = None  # the claim store (--match/--remember): a path or postgresql:// URL
    match: bool = False
    remember: bool = False
    top: int = 3
    min_score: float | None = None  # extract --match: None is the store's calibrated default
    date: str | None = None  # match: the date of statements that give none
    context: bool = True  # match: neighbouring statements vote
    name_dates: bool = True  # match: dates from document names
    lines: bool = False  # match: each input line is a statement's text, not JSON

    @property
    def shared_store(self) -> bool:
        """PostgreSQL: every worker writes; SQLite: the client alone writes."""
        return bool(self.db and self.db.startswith(("postgresql://", "postgres://")))


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What one shard did: counts for the progress line and the summary."""

    index: int
    docs: int
    quotes: int
    words: int
    failures: int
    claims: int = 0  # quotes remembered as claims (part-N.claims.jsonl)
    seconds: float = 0.0
    worker: str = ""

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "docs": self.docs,
            "quotes": self.quotes,
            "words": self.words,
            "failures": self.failures,
            "claims": self.claims,
            "seconds": round(self.seconds, 3),
            "worker": self.worker,
        }


class ModelsPlugin(WorkerPlugin):
    """A distributed WorkerPlugin: one stanza Pipeline per worker process, torch threads capped.

    Args:
        lang, models_dir, use_gpu: as for :func:`attribution.parsing.build_pipeline`
            (``models_dir`` must be a path the workers can read).
        workers_by_host: how many workers each host runs: torch gets the host's cores
            divided among them (one thread each on a full machine).
        preload: build the Pipeline at worker start (the run has raw text) rather than
            at its first raw-text document.
    """

    name = PLUGIN

    def __init__(
        self,
        *,
        lang: str = "en",
        models_dir: str | None = None,
        use_gpu: bool | None = None,
        workers_by_host: dict[str, int] | None = None,
        preload: bool = False,
    ):
        self.lang, self.models_dir, self.use_gpu = lang, models_dir, use_gpu
        self.workers_by_host, self.preload = workers_by_host or {}, preload
        self.parser: Parser | None = None
        self.registries: dict[str, object] = {}
        self.stores: dict[str, object] = {}
        self._gz: tuple[str, bytes] | None = None  # the last gzipped input, decompressed
        self.heap = False  # whether setup undid Dask's malloc trim threshold

    def setup(self, worker=None) -> None:
        """Called by distributed on each worker as it starts (and on workers that join later)."""
        self.heap = heap_for_tensors()
        try:
            import torch

            torch.set_num_threads(self.torch_threads(worker))
            if self.use_gpu is not False and torch.cuda.is_available():
                # Several GPUs and no CUDA_VISIBLE_DEVICES per worker: spread the workers.
                count = torch.cuda.device_count()
                if count > 1 and not os.environ.get("CUDA_VISIBLE_DEVICES"):
                    name = str(getattr(worker, "name", "0"))
                    number = int(name) if name.isdigit() else zlib.crc32(name.encode())
                    torch.cuda.set_device(number % count)
        except ImportError:
            pass
        import stanza  # noqa: F401  every shard needs it (and torch): imported once, at start

        parser = Parser(lang=self.lang, models_dir=self.models_dir, use_gpu=self.use_gpu)
        self.parser = parser
        if self.preload:
            try:
                parser.load()
            except ModelError:
                pass  # kept in parser.error: each raw-text document of the run fails with it

    @property
    def config(self) -> tuple:
        """What the loaded models depend on: a cluster whose workers have it keeps them."""
        return (self.lang, self.models_dir, self.use_gpu, sorted(self.workers_by_host.items()))

    def torch_threads(self, worker=None) -> int:
        """This host's cores shared among the workers it runs (1 when unknown)."""
        address = str(getattr(worker, "address", "") or "")
        host = address.split("://")[-1].rsplit(":", 1)[0]
        sharing = self.workers_by_host.get(host)
        if not sharing:
            return 1 if worker is not None else torch_default()
        return max(1, usable_cores() // sharing)

    def teardown(self, worker=None) -> None:
        self.parser = None
        for store in self.stores.values():
            store.close()  # type: ignore[attr-defined]
        self.stores.clear()

    def store(self, db: str, *, read_only: bool = True):
        """The claim store at ``db``, opened once per worker (matching reads it)."""
        key = f"{read_only}:{db}"
        if key not in self.stores:
            from ..claims import open_store

            self.stores[key] = open_store(db, read_only=read_only)
        return self.stores[key]

    def registry(self, path: str | None):
        """The speaker registry in ``path``, loaded once per worker."""
        if not path:
            return None
        if path not in self.registries:
            from ..speakers import load_registry

            self.registries[path] = load_registry(path)
        return self.registries[path]

    def part_bytes(self, part: Part) -> bytes:
        """The bytes of one part; a gzipped input is decompressed once for all its parts here."""
        if not part.gz:
            return read_bytes(part.location, part.start, part.end)
        if self._gz is None or self._gz[0] != part.location:
            self._gz = (part.location, input_bytes(part.location, True))
        return self._gz[1][part.start : part.end]


class Collector:
    """A shard's counts, failures and documents read, kept for its files rather than printed."""

    def __init__(self) -> None:
        self.docs = self.quotes = 0
        self.failures: list[dict] = []
        # Each document read (id, input, reading warnings): the client warns from these in
        # input order, repeated ids across shards included (part-N.documents.jsonl).
        self.read: list[dict] = []

    def fail(self, failure: InputFailure) -> None:
        self.failures.append(failure.to_dict())

    def document(self, article: Article) -> None:
        warnings = list(article.meta.get("warnings", ()))
        self.read.append({"id": article.id, "source": article.source, "warnings": warnings})

    def done(self, quotes: int = 0) -> None:
        self.docs += 1
        self.quotes += quotes


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters


def heap_for_tensors() -> bool:
    """Undo, in this process, the ``MALLOC_TRIM_THRESHOLD_`` Dask's nanny gives its workers.

    With that variable set, glibc stops raising its mmap threshold as large blocks are
    freed, so every tensor stanza allocates over 128 KiB is a fresh mmap, page faults and
    all: parsing took about 30% more CPU (benchmarks/scale.py). Large blocks come from the
    heap again, as glibc's default does once it has seen them freed; returns whether the
    thresholds were set (glibc only).
    """
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return False
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        # 32 MiB is glibc's own ceiling for the mmap threshold; trim at twice it, as it does.
        return bool(
            libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20) and libc.mallopt(_M_TRIM_THRESHOLD, 64 << 20)
        )
    except (OSError, AttributeError):  # not glibc
        return False


def torch_default() -> int:
    """Torch's own thread count (a run outside a cluster keeps it)."""
    import torch

    return torch.get_num_threads()


def _plugin() -> ModelsPlugin:
    from distributed import get_worker

    try:
        return get_worker().plugins[PLUGIN]  # type: ignore[return-value]
    except (ValueError, KeyError):  # not on a worker (a test, a local call): one of our own
        global _LOCAL
        if _LOCAL is None:
            _LOCAL = ModelsPlugin()
            _LOCAL.setup()
        return _LOCAL


_LOCAL: ModelsPlugin | None = None


def _articles(shard: Shard, plugin: ModelsPlugin, run: Collector, max_chars: int | None):
    """The shard's documents, read as load_inputs reads them (failures as values); each
    document read noted on ``run``."""
    for part in shard.parts:
        try:
            data = plugin.part_bytes(part)
        except (OSError, EOFError) as exc:
            yield InputFailure(part.url, part.first_line, f"cannot read: {exc}")
            continue
        for item in part_documents(part, data, max_chars):
            if isinstance(item, Article):
                run.document(item)
            yield item


def _cap_threads(plugin: ModelsPlugin) -> None:
    """torch's threads in this task's thread too: OpenMP keeps the count per thread."""
    import torch

    wanted = plugin.torch_threads(_current_worker())
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)


def _current_worker():
    try:
        from distributed import get_worker

        return get_worker()
    except ValueError:
        return None


def _words(article: Article) -> int:
    return sum(len(s.words) for s in article.doc.sentences) if article.doc is not None else 0


def run_shard(shard: Shard, job: Job) -> ShardResult:
    """Do one shard of ``job`` and commit its files; what it did, for the progress line.

    Args:
        shard: the documents (parts of inputs) to read.
        job: the command and its options.
    """
    from ..matching import quote_claims
    from ..parsing import doc_to_conllu

    started = time.monotonic()
    plugin = _plugin()
    if plugin.parser is None:
        plugin.setup()
    if job.command == "match":
        return _match_shard(shard, job, plugin, started)
    _cap_threads(plugin)
    parser: Parser = plugin.parser  # type: ignore[assignment]
    run = Collector()
    words = 0
    claims: list[Claim] = []

    def articles():
        nonlocal words
        for item in parsed(_articles(shard, plugin, run, job.max_chars), parser):
            if isinstance(item, InputFailure):
                run.fail(item)
                continue
            words += _words(item)
            yield item

    if job.command == "parse":
        chunks = []
        for article in articles():
            chunks.append(doc_to_conllu(article))
            run.done()
        payload = gzip.compress("".join(chunks).encode("utf-8"), mtime=0)
        fmt = "conllu"
    else:
        records: list[dict] = []
        registry = plugin.registry(job.speakers)
        # Remembering is the client's (SQLite) or done after the commit (PostgreSQL): the
        # shard's claims are written beside its records, so a redone shard adds nothing twice.
        step = None
        if job.match:
            store = plugin.store(job.db)  # type: ignore[arg-type]
            step = ClaimStep(store, match=True, top=job.top, min_score=job.min_score)
        for article in articles():
            result = process_document(
                article,
                include_beliefs=job.include_beliefs,
                registry=registry,
                lang=job.lang,
                claims=step,
            )
            if isinstance(result, InputFailure):
                run.fail(result)
                continue
            if job.remember:
                claims += quote_claims(result.quotes, article=article)
            records += [q.to_dict() for q in result.quotes]
            run.done(len(result.quotes))
        payload = encode_records(records, job.shard_format)
        fmt = job.shard_format
    commit_shard(
        Path(job.directory),
        shard.index,
        fmt,
        payload,
        run.failures,
        claims if job.remember else None,
        documents=run.read,
    )
    if job.remember and job.shared_store and claims and not job.match:
        # After the commit: a redone shard never finds its own quotes among the claims. A
        # kill between the two is covered by the client, which adds the claims files again.
        # With --match the client adds them all at the end: the store stays as it began.
        plugin.store(job.db, read_only=False).add_many(claims)  # type: ignore[arg-type]
    return ShardResult(
        shard.index,
        run.docs,
        run.quotes,
        words,
        len(run.failures),
        len(claims) if job.command == "extract" else 0,
        time.monotonic() - started,
        _worker_name(),
    )


def _match_shard(shard: Shard, job: Job, plugin: ModelsPlugin, started: float) -> ShardResult:
    """``match`` on one shard of statements: the results of each, as ``match -f jsonl`` writes."""
    from ..matching import match_records
    from ..matching.statements import parse_statement, query_id, result_record

    failures: list[dict] = []
    records: list[dict] = []
    lines: list[int] = []
    for part in shard.parts:
        data = plugin.part_bytes(part)
        for number, raw in enumerate(data.split(b"\n"), start=part.first_line):
            if not raw.strip():
                continue
            try:
                records.append(parse_statement(raw, lines=job.lines))
            except ValueError as why:
                failures.append({"path": part.url, "line": number, "message": str(why)})
                continue
            lines.append(number)
    out = []
    found = match_records(
        plugin.store(job.db),  # type: ignore[arg-type]
        records,
        top=job.top,
        min_score=job.min_score or 0.0,  # match always names one (its option's default)
        date=job.date,
        context=job.context,
        name_dates=job.name_dates,
    )
    for index, record, matches in found:
        query = query_id(record, lines[index])
        out += [result_record(query, rank, m) for rank, m in enumerate(matches, 1)]
    commit_shard(Path(job.directory), shard.index, "jsonl", encode_records(out, "jsonl"), failures)
    return ShardResult(
        shard.index,
        len(records),
        len(out),
        0,
        len(failures),
        seconds=time.monotonic() - started,
        worker=_worker_name(),
    )


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().name)
    except (ImportError, ValueError):
        return "local"
