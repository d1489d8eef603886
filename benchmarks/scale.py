"""Words per second on a local Dask cluster with 1 and 2 workers, and in one process (issue 13).

    python benchmarks/scale.py [--docs N] [--shard-docs N] [--rounds N] [--workers 1,2] [--gpu]

Two inputs: raw text (the first ``--docs`` PolNeAR dev articles as one JSONL file, parsed
with the small stanza models in ../shared/models/stanza-en-small) and CoNLL-U (PolNeAR
dev.conllu, read and extracted). For each: the single-process run (the library's
``pipeline.run``, as ``extract`` runs it) and runs on a LocalCluster of N worker processes
(``extract --workers N`` submits the same shards). Both are measured warm: the models are
loaded and the clusters started before any clock starts (start-up is printed on its own),
the same process and the same workers serve every round. The rounds interleave the runs
(one process, 1 worker, 2 workers, again ...) so that each ratio compares runs made at
about the same load on a shared machine; the load average is printed with each run and
the median ratio at the end.

Shards of 12 articles (about 55,000 characters) are parsed as one stanza batch, about
what one process makes of the same articles (16 articles or 60,000 characters a batch):
smaller shards make smaller batches, which cost more per word. Wall-clock words/s depend
on what else runs on the machine; words per CPU second (the workers', the client's and
the scheduler's CPU time) are what a dedicated core would do, the figure for a cost model.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
MODELS = SHARED / "models" / "stanza-en-small"
POLNEAR = SHARED / "corpora" / "polnear"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


GPU = False  # --gpu: parse on the GPU (one per worker process), else the CPU


_PARSERS: dict = {}


def single_process(path: Path, models: Path | None) -> tuple[int, float, float]:
    """(words, seconds, CPU seconds) of the library's pipeline in this process (`extract`)."""
    from attribution.pipeline import InputFailure, Parser, run

    parser = _PARSERS.get(models)
    if parser is None:
        parser = _PARSERS[models] = Parser(models_dir=str(models) if models else None, use_gpu=GPU)
        if models:
            parser.load()  # loaded before the clock starts, as the workers' plugin does
    words = 0
    started, cpu = time.perf_counter(), time.process_time()
    for result in run([str(path)], parser=parser):
        if not isinstance(result, InputFailure):
            words += sum(len(s.words) for s in result.article.doc.sentences)
    return words, time.perf_counter() - started, time.process_time() - cpu


DASK_MALLOC = False  # --dask-malloc: leave glibc as Dask's nanny sets it (for comparison)


def _keep_trim_plugin():
    from attribution.distributed.worker import ModelsPlugin

    class KeepTrim(ModelsPlugin):
        """The project's plugin without its undoing of MALLOC_TRIM_THRESHOLD_."""

        def setup(self, worker=None) -> None:
            import attribution.distributed.worker as on_worker

            on_worker.heap_for_tensors = lambda: False
            super().setup(worker)

    return KeepTrim


class Warm:
    """A LocalCluster of ``workers`` processes with the models loaded, kept for every round."""

    def __init__(self, workers: int, models: Path | None):
        from distributed import Client, LocalCluster

        from attribution.distributed.cluster import _workers_by_host
        from attribution.distributed.worker import ModelsPlugin

        started = time.perf_counter()
        self.workers = workers
        self.cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,  # no news of workers closing at the end
        )
        self.client = Client(self.cluster)
        plugin = _keep_trim_plugin() if DASK_MALLOC else ModelsPlugin
        self.client.register_plugin(
            plugin(
                models_dir=str(models) if models else None,
                use_gpu=GPU,
                workers_by_host=_workers_by_host(self.client),
                preload=models is not None,
            )
        )
        self.startup = time.perf_counter() - started

    def close(self) -> None:
        self.client.close()
        self.cluster.close()

    def run(self, path: Path, shard_docs: int) -> tuple[int, float, float]:
        """(words, seconds, CPU seconds) of ``extract --workers N`` on ``path``.

        CPU seconds are the workers' and this process's (client and scheduler) together.
        """
        from attribution.distributed.cluster import _follow
        from attribution.distributed.plan import make_plan
        from attribution.distributed.worker import Job

        out = Path(tempfile.mkdtemp(prefix="scale-"))
        try:
            plan = make_plan("extract", [str(path)], options={}, shard_docs=shard_docs)
            job = Job(command="extract", directory=str(out))
            client = self.client
            before = sum(client.run(time.process_time).values()) + time.process_time()
            started = time.perf_counter()
            results, errors = _follow(
                client, list(plan.shards), job, quiet=True, echo=print, on_result=None
            )
            seconds = time.perf_counter() - started
            cpu = sum(client.run(time.process_time).values()) + time.process_time() - before
        finally:
            shutil.rmtree(out, ignore_errors=True)
        if errors:
            raise SystemExit(f"{errors} shards failed")
        return sum(r.words for r in results), seconds, cpu


def raw_input(docs: int, where: Path) -> Path:
    """The first ``docs`` PolNeAR dev articles as one JSONL file (one file, spread by line)."""
    texts = sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:docs]
    path = where / "dev-raw.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for text in texts:
            record = {"id": text.stem, "text": text.read_text(encoding="utf-8")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def report(
    name: str, path: Path, models: Path | None, counts: list[int], shard_docs: int, rounds: int
) -> None:
    """Interleaved rounds (one process, then each cluster) so that each ratio compares runs
    made at about the same load; the median of the rounds' ratios is the figure."""
    print(f"{name}, shards of {shard_docs} documents:", flush=True)
    clusters = {n: Warm(n, models) for n in counts}
    for n, warm in clusters.items():
        print(f"  start-up of {n} worker(s) with the models: {warm.startup:.1f}s", flush=True)
    print(
        "  round run         wall s  words/s   CPU s  words/CPU s   load average (round 0: warm-up)"
    )
    ratios: dict[str, list[float]] = {}
    try:
        # Round 0 warms every run up (modules imported and lexicons read on first use, the
        # OS's file cache) and is not counted: the first one-process run of CoNLL-U took
        # twice as long as the next.
        for round_ in range(0, rounds + 1):
            words, seconds, cpu = single_process(path, models)
            base = words / seconds
            line = f"{seconds:8.1f} {base:8,.0f} {cpu:7.1f} {words / cpu:10,.0f}"
            print(f"  {round_:5} 1 process {line}   {load()}", flush=True)
            by_workers = {}
            for n, warm in clusters.items():
                w, s, c = warm.run(path, shard_docs)
                # stanza's tokens can differ with the batch a document is parsed in (a shard
                # is cut otherwise than one process's batches): a word in 18,000 here.
                if w != words:
                    print(f"  ({w} words on the cluster, {words} in one process)")
                assert abs(w - words) <= words / 1000, "not the same documents"
                by_workers[n] = w / s
                label = f"{n} worker{'s' if n > 1 else ' '}"
                print(f"  {round_:5} {label} {s:8.1f} {w / s:8,.0f} {c:7.1f} {w / c:10,.0f}"
                      f"   {load()}", flush=True)  # fmt: skip
            if round_ == 0:
                continue
            if 1 in by_workers:
                ratios.setdefault("1 worker / 1 process", []).append(by_workers[1] / base)
            if 1 in by_workers and 2 in by_workers:
                ratios.setdefault("2 workers / 1 worker", []).append(by_workers[2] / by_workers[1])
    finally:
        for warm in clusters.values():
            warm.close()
    for label, values in ratios.items():
        shown = ", ".join(f"x{v:.2f}" for v in values)
        print(f"  {label}, wall words/s: median x{statistics.median(values):.2f} ({shown})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=24, help="raw-text articles [24]")
    parser.add_argument(
        "--shard-docs",
        type=int,
        default=12,
        help="raw-text documents per shard [12: about one parse batch, as one process makes]",
    )
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds [2]")
    parser.add_argument("--workers", default="1,2", help="worker counts to run [1,2]")
    parser.add_argument("--skip-raw", action="store_true", help="CoNLL-U only")
    parser.add_argument("--skip-conllu", action="store_true", help="raw text only")
    parser.add_argument("--gpu", action="store_true", help="parse on the GPU (default: CPU)")
    parser.add_argument(
        "--dask-malloc",
        action="store_true",
        help="keep the MALLOC_TRIM_THRESHOLD_ Dask's nanny gives its workers (the worker "
        "plugin undoes it otherwise): to measure what that costs",
    )
    args = parser.parse_args()
    logging.getLogger("distributed").setLevel(logging.ERROR)
    global GPU, DASK_MALLOC
    GPU, DASK_MALLOC = args.gpu, args.dask_malloc
    if not POLNEAR.is_dir():
        sys.exit(f"{POLNEAR}: not found (the PolNeAR corpus beside the project)")
    counts = [int(n) for n in args.workers.split(",")]
    cores = len(os.sched_getaffinity(0))
    print(f"{cores} cores; torch threads per worker = cores / workers")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_raw:
            if not (MODELS / "resources.json").is_file():
                sys.exit(f"{MODELS}: the small stanza models are not there")
            path = raw_input(args.docs, Path(tmp))
            report(f"raw text ({args.docs} articles, small models)", path, MODELS, counts,
                   args.shard_docs, args.rounds)  # fmt: skip
        if not args.skip_conllu:
            report("CoNLL-U (PolNeAR dev)", POLNEAR / "dev.conllu", None, counts,
                   args.shard_docs, args.rounds)  # fmt: skip


if __name__ == "__main__":
    main()
