"""Words per second on a local Dask cluster with 1 and 2 workers, and in one process (issue 13).

    python benchmarks/scale.py [--docs N] [--shard-docs N] [--workers 1,2] [--gpu]

Two inputs: raw text (the first ``--docs`` PolNeAR dev articles as one JSONL file, parsed
with the small stanza models in ../shared/models/stanza-en-small) and CoNLL-U (PolNeAR
dev.conllu, read and extracted). For each: the single-process run (the CLI's own steps,
models loaded before the clock starts) and runs on a LocalCluster of N worker processes
(``extract --workers N`` submits the same shards; the cluster is started and the models
loaded before the clock starts, so the figures are steady-state throughput). The fixed
start-up cost (cluster plus models) is printed on its own. Wall-clock time: the machine's
load average is printed too, since other processes take cores from the workers.
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


def single_process(path: Path, models: Path | None) -> tuple[int, float]:
    """(words, seconds) of the library's pipeline in this process (what `extract` runs)."""
    from attribution.pipeline import InputFailure, Parser, run

    parser = Parser(models_dir=str(models) if models else None, use_gpu=GPU)
    if models:
        parser.load()  # loaded before the clock starts, as the workers' plugin does
    words = 0
    started = time.perf_counter()
    for result in run([str(path)], parser=parser):
        if not isinstance(result, InputFailure):
            words += sum(len(s.words) for s in result.article.doc.sentences)
    return words, time.perf_counter() - started


def on_cluster(
    path: Path, models: Path | None, workers: int, shard_docs: int
) -> tuple[int, float, float]:
    """(words, seconds, start-up seconds) of ``extract --workers N`` on a warm LocalCluster."""
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
            started = time.perf_counter()
            results, errors = _follow(
                client, list(plan.shards), job, quiet=True, echo=print, on_result=None
            )
            seconds = time.perf_counter() - started
        if errors:
            raise SystemExit(f"{errors} shards failed")
        return sum(r.words for r in results), seconds, startup
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
    words, seconds = single_process(path, models)
    base = words / seconds
    print(f"{name}: {words} words; load average {load()}")
    print(f"  single process   {seconds:7.1f}s {base:9,.0f} words/s")
    by_workers = {}
    for n in counts:
        w, s, startup = on_cluster(path, models, n, shard_docs)
        assert w == words, f"{w} words on the cluster, {words} in one process"
        by_workers[n] = w / s
        print(
            f"  {n} worker{'s' if n > 1 else ' '}        {s:7.1f}s {w / s:9,.0f} words/s"
            f"  ({w / s / base:.2f} x single; start-up {startup:.1f}s)  load {load()}"
        )
    if 1 in by_workers and 2 in by_workers:
        print(f"  2 workers / 1 worker: {by_workers[2] / by_workers[1]:.2f}")


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
