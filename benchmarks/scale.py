"""Words per second on a local Dask cluster with 1 and 2 workers, and in one process (issue 13).

    python benchmarks/scale.py [--docs N] [--shard-docs N] [--workers 1,2] [--gpu]

Two inputs: raw text (the first ``--docs`` PolNeAR dev articles as one JSONL file, parsed
with the small stanza models in ../shared/models/stanza-en-small) and CoNLL-U (PolNeAR
dev.conllu, read and extracted). For each: the single-process run (the CLI's own steps,
models loaded before the clock starts) and runs on a LocalCluster of N worker processes
(``extract --workers N`` submits the same shards; the cluster is started and the models
loaded before the clock starts, so the figures are steady-state throughput). The fixed
start-up cost (cluster plus models) is printed on its own. Wall-clock words/s depend on
what else runs on the machine (its load average is printed); words per CPU second (the
workers', the client's and the scheduler's CPU time) are what a dedicated core would do,
the figure for a cost model.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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


def single_process(path: Path, models: Path | None) -> tuple[int, float, float]:
    """(words, seconds, CPU seconds) of the library's pipeline in this process (`extract`)."""
    from attribution.pipeline import InputFailure, Parser, run

    parser = Parser(models_dir=str(models) if models else None, use_gpu=GPU)
    if models:
        parser.load()  # loaded before the clock starts, as the workers' plugin does
    words = 0
    started, cpu = time.perf_counter(), time.process_time()
    for result in run([str(path)], parser=parser):
        if not isinstance(result, InputFailure):
            words += sum(len(s.words) for s in result.article.doc.sentences)
    return words, time.perf_counter() - started, time.process_time() - cpu


def on_cluster(
    path: Path, models: Path | None, workers: int, shard_docs: int
) -> tuple[int, float, float, float]:
    """(words, seconds, CPU seconds, start-up seconds) of ``extract --workers N``, warm.

    CPU seconds are the workers' and this process's (client and scheduler) together.
    """
    from distributed import Client, LocalCluster

    from attribution.distributed.cluster import _follow, _workers_by_host
    from attribution.distributed.plan import make_plan
    from attribution.distributed.worker import Job, ModelsPlugin

    out = Path(tempfile.mkdtemp(prefix="scale-"))
    try:
        started = time.perf_counter()
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            Client(cluster) as client,
        ):
            client.register_plugin(
                ModelsPlugin(
                    models_dir=str(models) if models else None,
                    use_gpu=GPU,
                    workers_by_host=_workers_by_host(client),
                    preload=models is not None,
                )
            )
            startup = time.perf_counter() - started
            plan = make_plan("extract", [str(path)], options={}, shard_docs=shard_docs)
            job = Job(command="extract", directory=str(out))
            before = sum(client.run(time.process_time).values()) + time.process_time()
            started = time.perf_counter()
            results, errors = _follow(
                client, list(plan.shards), job, quiet=True, echo=print, on_result=None
            )
            seconds = time.perf_counter() - started
            cpu = sum(client.run(time.process_time).values()) + time.process_time() - before
        if errors:
            raise SystemExit(f"{errors} shards failed")
        return sum(r.words for r in results), seconds, cpu, startup
    finally:
        shutil.rmtree(out, ignore_errors=True)


def raw_input(docs: int, where: Path) -> Path:
    """The first ``docs`` PolNeAR dev articles as one JSONL file (one file, spread by line)."""
    texts = sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:docs]
    path = where / "dev-raw.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for text in texts:
            record = {"id": text.stem, "text": text.read_text(encoding="utf-8")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def report(name: str, path: Path, models: Path | None, counts: list[int], shard_docs: int) -> None:
    words, seconds, cpu = single_process(path, models)
    base, base_cpu = words / seconds, words / cpu
    print(f"{name}: {words} words; load average {load()}", flush=True)
    print("  wall s, words/s (wall), CPU s, words per CPU second")
    print(f"  single process {seconds:7.1f} {base:8,.0f}  {cpu:7.1f} {base_cpu:8,.0f}", flush=True)
    by_workers = {}
    for n in counts:
        w, s, c, startup = on_cluster(path, models, n, shard_docs)
        assert w == words, f"{w} words on the cluster, {words} in one process"
        by_workers[n] = (w / s, w / c)
        label = f"{n} worker{'s' if n > 1 else ' '}"
        print(
            f"  {label}      {s:7.1f} {w / s:8,.0f}  {c:7.1f} {w / c:8,.0f}"
            f"  (x{w / s / base:.2f} wall, x{w / c / base_cpu:.2f} per CPU s vs single;"
            f" start-up {startup:.1f}s; load {load()})",
            flush=True,
        )
    if 1 in by_workers and 2 in by_workers:
        (w1, c1), (w2, c2) = by_workers[1], by_workers[2]
        print(f"  2 workers / 1 worker: x{w2 / w1:.2f} words/s, x{c2 / c1:.2f} words per CPU s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=24, help="raw-text articles [24]")
    parser.add_argument("--shard-docs", type=int, default=6, help="documents per shard [6]")
    parser.add_argument("--workers", default="1,2", help="worker counts to run [1,2]")
    parser.add_argument("--skip-raw", action="store_true", help="CoNLL-U only")
    parser.add_argument("--skip-conllu", action="store_true", help="raw text only")
    parser.add_argument("--gpu", action="store_true", help="parse on the GPU (default: CPU)")
    args = parser.parse_args()
    global GPU
    GPU = args.gpu
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
                   args.shard_docs)  # fmt: skip
        if not args.skip_conllu:
            report("CoNLL-U (PolNeAR dev)", POLNEAR / "dev.conllu", None, counts,
                   args.shard_docs * 2)  # fmt: skip


if __name__ == "__main__":
    main()
