"""The client side of a distributed run: plan, resume, submit, follow, sum up.

``run_on_cluster`` plans the shards (or takes the plan an earlier run saved in the
directory), submits the unfinished ones to a local Dask cluster of N worker processes or
to an existing scheduler, shows progress on stderr and returns the run's
:class:`Summary`. Scheduling is all it adds: each shard goes through the same steps as
a local run (:func:`attribution.distributed.worker.run_shard`).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import AttributionError
from .plan import (
    PLAN_FILE,
    differs,
    expand,
    make_match_plan,
    make_plan,
    plan_options,
    save_plan,
    saved_plan,
)
from .shards import (
    INPUT_FAILURES,
    SHARD_FORMATS,
    finished,
    read_claims,
    read_documents,
    read_failures,
    remove_leftovers,
    write_atomic,
)
from .worker import PLUGIN, Job, ModelsPlugin, ShardResult, run_shard


@dataclass(frozen=True, slots=True)
class Summary:
    """A run's totals: this run's work, and the directory's state at its end."""

    directory: str
    shards: int  # in the plan
    skipped: int  # finished by an earlier run
    docs: int  # read by this run
    quotes: int
    words: int
    failures: int  # recorded in the directory (all runs), documents and inputs
    seconds: float
    workers: int
    dashboard: str | None = None

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "words_per_second": round(self.words_per_second, 1)}

    def line(self, noun: str = "quotes", unit: str = "documents") -> str:
        quotes = f", {self.quotes} {noun}" if noun else ""
        resumed = f" ({self.skipped} of {self.shards} shards done before)" if self.skipped else ""
        rate = (
            f"{self.words_per_second:,.0f} words/s"
            if self.words
            else f"{self.docs / max(self.seconds, 1e-9):,.0f} {unit}/s"
        )
        return (
            f"{self.docs} {unit}{quotes}, {self.failures} failed, "
            f"{rate} on {self.workers} workers "
            f"({self.seconds:.1f}s){resumed}; shards in {self.directory}"
        )


@contextmanager
def open_client(*, workers: int | None, scheduler: str | None, quiet: bool):
    """A distributed Client on a new local cluster of ``workers`` processes, or on ``scheduler``."""
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR if quiet else logging.WARNING)
    # A worker that takes a few seconds to exit at the end is killed: no news for the user.
    logging.getLogger("distributed.nanny").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise AttributionError(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}"
            ) from exc
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # a free port: other clusters may hold 8787
        silence_logs=logging.ERROR if quiet else logging.WARNING,
    )
    with cluster, Client(cluster) as client:
        yield client


def _dashboard(client) -> str | None:
    """The dashboard's address, or None when the scheduler has none."""
    try:
        services = client.scheduler_info().get("services", {})
    except Exception:
        return None
    return client.dashboard_link if "dashboard" in services else None


def _workers_by_host(client) -> dict[str, int]:
    hosts = Counter(
        info.get("host") or addr.rsplit(":", 1)[0]
        for addr, info in client.scheduler_info()["workers"].items()
    )
    return dict(hosts)


def _prepare(directory: Path, command: str, inputs: Sequence[str], options: dict, make) -> object:
    """The saved plan when ``directory`` holds a resumable run, else a new one (saved)."""
    if directory.exists() and not directory.is_dir():
        raise AttributionError(f"{directory} is a file; -o takes a directory with --workers")
    directory.mkdir(parents=True, exist_ok=True)
    saved = saved_plan(directory)
    if saved is not None:
        reason = differs(saved, command, inputs, options)
        if reason:
            raise AttributionError(
                f"{directory} holds another run's shards: {reason}; "
                "give another -o DIR, or remove it to start again"
            )
        return saved
    if any(p.name.startswith("part-") for p in directory.iterdir()):
        raise AttributionError(f"{directory} holds shards without {PLAN_FILE}; give another -o DIR")
    plan = make()
    if plan.failures:
        write_atomic(
            directory / INPUT_FAILURES,
            "".join(
                json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in plan.failures
            ).encode("utf-8"),
        )
    save_plan(directory, plan)
    return plan


def run_on_cluster(
    command: str,
    inputs: Sequence[str],
    directory: str | Path,
    job: Job,
    *,
    models_dir: str | None = None,
    use_gpu: bool | None = None,
    text_format: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    shard_docs: int = 100,
    quiet: bool = False,
    echo: Callable[[str], None] = print,
) -> Summary:
    """Run ``command`` over ``inputs`` on a Dask cluster, shards into ``directory``.

    Args:
        command: "extract" or "parse".
        inputs: local paths or fsspec URLs the workers can read too.
        directory: where the shards go (a path every worker can write: a shared
            filesystem on a real cluster). An earlier run's directory is resumed.
        job: what each shard does (its ``directory`` is overwritten with ``directory``).
        models_dir, use_gpu: the stanza models on the workers (``models_dir`` as the
            workers see it).
        workers: local worker processes (default 1) when there is no ``scheduler``.
        scheduler: the address of an existing scheduler (``tcp://host:8786``).
        shard_docs: documents per shard (recorded in the plan).
        quiet, echo: progress on stderr through ``echo``; ``quiet`` silences it.
    """
    if job.command == "extract" and job.shard_format not in SHARD_FORMATS:
        raise AttributionError(f"unknown shard format {job.shard_format!r}")
    started = time.monotonic()
    inputs = expand(inputs)
    directory = Path(directory)
    job = Job(**{**asdict(job), "directory": str(directory.resolve())})
    if job.match or job.remember:
        job = Job(**{**asdict(job), "db": store_location(job.db)})
    recorded = {k: v for k, v in asdict(job).items() if k not in ("directory", "command")}
    if job.db:
        from ..claims.urls import redact_url

        recorded["db"] = redact_url(job.db)  # plan.json never holds a password
    recorded["models"] = str(Path(models_dir).expanduser()) if models_dir else None
    options = plan_options(recorded, text_format=text_format, shard_docs=shard_docs)
    if command == "match":
        if len(inputs) != 1:
            raise AttributionError("match reads one file of statements")
        options = plan_options(recorded, text_format="jsonl", shard_docs=shard_docs)

        def new_plan():
            return make_match_plan(inputs[0], options=recorded, shard_docs=shard_docs)
    else:

        def new_plan():
            return make_plan(
                command, inputs, options=recorded, text_format=text_format, shard_docs=shard_docs
            )

    plan = _prepare(directory, command, inputs, options, new_plan)
    remove_leftovers(directory)
    fmt = "conllu" if command == "parse" else job.shard_format
    done = finished(directory, fmt)
    pending = [s for s in plan.shards if s.index not in done]  # type: ignore[attr-defined]
    results: list[ShardResult] = []
    errors = 0
    link, count = None, 0
    with _claims_writer(job, directory, done) as remember:
        if pending:
            results, errors, link, count = _submit(
                pending, job, models_dir=models_dir, use_gpu=use_gpu, workers=workers,
                scheduler=scheduler, quiet=quiet, echo=echo,
                on_result=remember,
            )  # fmt: skip
        if remember is not None:
            remember.finish(complete=not errors, echo=None if quiet else echo)
    # Again at the end: the workers of a run whose client was killed live on for a while and
    # may leave a half-written shard after this run's first sweep.
    remove_leftovers(directory)
    if not quiet and command != "match":
        _warn(directory, plan.shards, echo)  # type: ignore[attr-defined]
    failures = len(read_failures(directory)) + errors
    return Summary(
        directory=str(directory),
        shards=len(plan.shards),  # type: ignore[attr-defined]
        skipped=len(plan.shards) - len(pending),  # type: ignore[attr-defined]
        docs=sum(r.docs for r in results),
        quotes=sum(r.quotes for r in results),
        words=sum(r.words for r in results),
        failures=failures,
        seconds=time.monotonic() - started,
        workers=count,
        dashboard=link,
    )


def _submit(
    pending, job: Job, *, models_dir, use_gpu, workers, scheduler, quiet, echo, on_result
) -> tuple[list[ShardResult], int, str | None, int]:
    """Open the cluster, give its workers the models, run the shards.

    Returns (results, shards that failed, dashboard address, workers).
    """
    raw = job.command != "match" and any(p.fmt != "conllu" for s in pending for p in s.parts)
    opened = open_client(workers=workers, scheduler=scheduler, quiet=quiet)
    with opened as client:
        link = _dashboard(client)
        if not quiet:
            where = f"dashboard {link}" if link else "no dashboard"
            echo(f"scheduler {client.scheduler.address}, {where}")
        client.wait_for_workers(1, timeout=120)
        plugin = ModelsPlugin(
            lang=job.lang,
            models_dir=models_dir,
            use_gpu=use_gpu,
            workers_by_host=_workers_by_host(client),
            preload=raw,
        )
        if set(client.run(_plugin_config).values()) != {repr(plugin.config)}:
            client.register_plugin(plugin)  # else the workers keep the models they have
        count = len(client.scheduler_info()["workers"])
        results, errors = _follow(client, pending, job, quiet=quiet, echo=echo, on_result=on_result)
    return results, errors, link, count


def _warn(directory: Path, shards, echo) -> None:
    """The warnings one process gives about the documents read, in input order: decoding
    and namesake notes, and ids seen before (in any shard, of this run or an earlier one)."""
    from ..pipeline import document_warnings

    seen: dict[str, str | None] = {}
    for doc in read_documents(directory, [s.index for s in shards]):
        for warning in document_warnings(doc["id"], doc["source"], doc["warnings"], seen):
            echo(f"warning: {warning}")


def _plugin_config(dask_worker) -> str | None:
    """The config of the models a worker holds from an earlier run on this cluster."""
    plugin = dask_worker.plugins.get(PLUGIN)
    return repr(plugin.config) if plugin is not None else None


def store_location(db: str | None) -> str:
    """The store as the workers open it: a PostgreSQL URL, or the SQLite file's absolute path."""
    from ..claims.factory import default_db_path

    target = db or os.environ.get("ATTRIBUTION_DB") or str(default_db_path())
    if target.startswith(("postgresql://", "postgres://")):
        return target
    return str(Path(target.removeprefix("sqlite://")).expanduser().resolve())


class _Remember:
    """The client's part in writing the store: each finished shard's claims, and the end.

    --remember alone: the claims of shards an earlier run finished are added again at the
    start (adding is idempotent: claim ids are content hashes), and, for SQLite, those of
    each shard as it finishes: every worker reads the file, the client alone writes it.
    PostgreSQL stores are written by the workers themselves.

    --match with --remember: nothing is written while shards run, so that every quote is
    matched against the store as it was when the run began, whatever the shards' timing
    (one process sees the quotes of the documents before it too; shards run at once have
    no "before"). The run's claims are added at its end, once every shard is done.
    """

    def __init__(self, job: Job, directory: Path, done: set[int], store) -> None:
        self.job, self.directory, self.store = job, directory, store
        self.at_end = job.match and job.remember
        if job.remember and done and not self.at_end:
            store.add_many(read_claims(directory, sorted(done)))

    def __call__(self, result: ShardResult) -> None:
        if self.at_end or not (self.job.remember and result.claims):
            return
        if not self.job.shared_store:
            self.store.add_many(read_claims(self.directory, [result.index]))

    def finish(self, *, complete: bool, echo) -> None:
        """At the end of the run: the deferred claims, when every shard is done."""
        if not self.at_end:
            return
        if complete:
            self.store.add_many(read_claims(self.directory))
        elif echo is not None:
            echo(
                "note: the quotes of this run are remembered once all its shards are done "
                "(run the same command again)"
            )


@contextmanager
def _claims_writer(job: Job, directory: Path, done: set[int]):
    """A :class:`_Remember` on the store, opened first (creating it); None without
    --match/--remember."""
    if not (job.match or job.remember):
        yield None
        return
    from ..claims import open_store

    with open_store(job.db, read_only=not job.remember) as store:
        yield _Remember(job, directory, done, store)


def _follow(
    client, pending, job: Job, *, quiet: bool, echo, on_result
) -> tuple[list[ShardResult], int]:
    """Submit the shards and collect their results as they finish, with a progress bar."""
    import click
    from distributed import as_completed

    keys = [f"attribution-{job.command}-shard-{s.index}-{os.getpid()}" for s in pending]
    shard_of = dict(zip(keys, pending))
    futures = client.map(run_shard, pending, job=job, key=keys, retries=1)
    results: list[ShardResult] = []
    errors = 0
    total = sum(s.docs for s in pending)
    bar = click.progressbar(length=total, label="documents", file=sys.stderr)
    if not quiet:
        bar.render_progress()
    for future in as_completed(futures):
        try:
            result = future.result()
        except Exception as exc:  # a shard that could not be committed: named, the rest go on
            errors += 1
            shard = shard_of[future.key]
            echo(f"error: shard {shard.index}: {type(exc).__name__}: {exc}")
            continue
        results.append(result)
        if on_result is not None:
            on_result(result)
        if not quiet:
            bar.update(result.docs + result.failures)
    if not quiet:
        bar.render_finish()
    return results, errors
