"""CPU seconds of parsing and extracting raw text in one process, by batch and malloc setting.

    python benchmarks/parse_cost.py [--docs 12] [--rounds 2]

Why one Dask worker was slower than one process (issue 13): each configuration runs in a
fresh process with one torch thread (no spinning on a busy machine), the models loaded
before the clock, over the first ``--docs`` PolNeAR dev articles:

- ``batch N``: stanza batches of all the articles (as one process or a large shard makes);
- ``batch 3``: batches of 3 articles (a shard of 3);
- ``dask malloc``: all in one batch, with the ``MALLOC_TRIM_THRESHOLD_=65536`` Dask's nanny
  gives its workers;
- ``dask malloc, undone``: the same, with the worker plugin's ``heap_for_tensors``.

The rounds interleave the configurations; CPU seconds still vary with the machine's load
(its load average is printed with each run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MODELS = SHARED / "models" / "stanza-en-small"
TEXTS = SHARED / "corpora" / "polnear" / "dev" / "text"


def measure(path: Path, batch: int, undo: bool) -> None:
    """In this process: parse and extract ``path`` in batches of ``batch``; print the cost."""
    sys.path.insert(0, str(ROOT))
    import torch

    from attribution.distributed.worker import heap_for_tensors
    from attribution.documents import load_inputs
    from attribution.pipeline import InputFailure, Parser, parsed, process_document

    torch.set_num_threads(1)
    if undo:
        heap_for_tensors()
    parser = Parser(models_dir=str(MODELS), use_gpu=False)
    parser.load()
    words = 0
    started, cpu = time.perf_counter(), time.process_time()
    for article in parsed(load_inputs([str(path)]), parser, batch_size=batch):
        if isinstance(article, InputFailure):
            raise SystemExit(str(article))
        words += sum(len(s.words) for s in article.doc.sentences)
        process_document(article)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"words": words, "seconds": seconds, "cpu": cpu}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=12, help="PolNeAR dev articles [12]")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds [2]")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)  # PATH BATCH UNDO
    args = parser.parse_args()
    if args.measure:
        measure(Path(args.measure[0]), int(args.measure[1]), args.measure[2] == "1")
        return
    if not (MODELS / "resources.json").is_file() or not TEXTS.is_dir():
        sys.exit(f"needs {MODELS} and {TEXTS}")
    texts = sorted(TEXTS.glob("*.txt"))[: args.docs]
    trim = {"MALLOC_TRIM_THRESHOLD_": "65536"}
    configs = [
        (f"batch {len(texts)}", len(texts), {}, False),
        ("batch 3", 3, {}, False),
        ("dask malloc", len(texts), trim, False),
        ("dask malloc, undone", len(texts), trim, True),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for text in texts:
                record = {"id": text.stem, "text": text.read_text(encoding="utf-8")}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
        print(f"{len(texts)} articles, one torch thread; CPU s (wall s), load average")
        for round_ in range(1, args.rounds + 1):
            for label, batch, extra, undo in configs:
                command = [sys.executable, __file__, "--measure", str(path), str(batch)]
                found = subprocess.run(
                    [*command, "1" if undo else "0"],
                    env={**env, **extra},
                    capture_output=True,
                    text=True,
                    check=True,
                )
                result = json.loads(found.stdout.strip().splitlines()[-1])
                load = " ".join(f"{x:.1f}" for x in os.getloadavg())
                print(
                    f"  round {round_}  {label:20} {result['cpu']:6.1f} ({result['seconds']:.1f})"
                    f"  {result['words']} words  load {load}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
