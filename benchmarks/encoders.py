"""Sentence encoders for claims: speed against ranking quality, on real claims.

    python benchmarks/encoders.py --vector-cache /work/cache/speed/vectors
    python benchmarks/encoders.py --encoders full static static+full --sample 500

Encoders, all from the same model (``--model``, default ``../shared/models/all-MiniLM-L6-v2``):

- ``full``: the sentence-transformers model, batches of 64 sorted by length (what
  ``claims import/embed --embedding-model DIR`` runs);
- ``int8``: the same with torch's dynamic int8 quantisation of its linear layers;
- ``static``: the static model distilled from it (``attribution claims distill``;
  ``--static DIR``, distilled into the cache when not given);
- ``static+full``: static vectors retrieve the ``--rescore`` nearest claims, the full
  model's cosine orders them (the claims' full vectors are computed for those few only).

For each it prints claims encoded a second on ``--sample`` CheckThat 2B claims (one
process, torch's default threads), the mean cosine of its vectors to the full model's
on that sample (int8 and full share a space; the static model's is its own, so none),
and (for the encoders in ``--map``) MAP@5 on 2A dev and 2B dev of the ranking by
cosine similarity alone (every claim of the task searched exactly). This is not the
matcher's MAP@5 (``benchmarks/checkthat.py`` gives that, with every signal); it compares
the encoders' vectors on equal terms. Encoding the 33k CheckThat claims with the full
model takes an hour on a busy 2-core machine: ``--vector-cache DIR`` keeps each
encoder's claim vectors as ``.npy`` files and reuses them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from checkthat import average_precision  # noqa: E402  (beside this script)

from attribution.matching.text import read_post  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ENCODERS = ("full", "int8", "static", "static+full")


class Quantised:
    """The full model with dynamic int8 linear layers (torch), same encode interface."""

    def __init__(self, path: str):
        import torch
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(path, device="cpu")
        self.model = torch.quantization.quantize_dynamic(
            model, {torch.nn.Linear}, dtype=torch.qint8
        )

    def encode(self, texts):
        return self.model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        ).astype(np.float32)


def read_task(corpora: Path, task: str) -> tuple[list[str], list[str], list[dict], dict]:
    """(claim ids, claim texts, dev queries, dev gold) of one CheckThat task."""
    ids, texts = [], []
    with gzip.open(corpora / f"checkthat-2021-{task}" / "claims.jsonl.gz", "rt") as lines:
        for line in lines:
            record = json.loads(line)
            ids.append(record["id"])
            texts.append(record["text"])
    task_dir = corpora / f"checkthat-2021-{task}"
    queries = [json.loads(x) for x in (task_dir / "dev.queries.jsonl").read_text().splitlines()]
    gold: dict[str, set[str]] = {}
    for line in (task_dir / "dev.qrels").read_text().splitlines():
        query, _, claim, relevance = line.split()
        if int(relevance) > 0:
            gold.setdefault(query, set()).add(claim)
    return ids, texts, queries, gold


def claim_vectors(label: str, encoder, task: str, ids: list[str], texts: list[str], cache):
    """The task's claim vectors by ``encoder``, from ``cache`` when it holds them."""
    if label == "static":  # one cache per static model
        label = Path(encoder.name).name
    path = cache / f"{label}-{task}.npy" if cache else None
    if path is not None and path.exists():
        known = json.loads(path.with_suffix(".ids.json").read_text())
        if known == ids:
            return np.load(path)
    started = time.perf_counter()
    print(f"  encoding {len(texts):,} {task} claims with {label} ...", file=sys.stderr, flush=True)
    vectors = np.concatenate(
        [encoder.encode(texts[i : i + 4096]) for i in range(0, len(texts), 4096)]
    ).astype(np.float32)
    print(f"  ... {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
        path.with_suffix(".ids.json").write_text(json.dumps(ids))
    return vectors


def speed(encoder, texts: list[str]) -> float:
    encoder.encode(texts[:16])  # warm up
    started = time.perf_counter()
    encoder.encode(texts)
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(ROOT.parent / "shared/models/all-MiniLM-L6-v2"))
    parser.add_argument("--static", type=Path, default=None, help="a distilled static model")
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared/corpora")
    parser.add_argument("--encoders", nargs="+", choices=ENCODERS, default=list(ENCODERS))
    parser.add_argument(
        "--map",
        nargs="+",
        choices=ENCODERS,
        default=["full", "static", "static+full"],
        help="encoders whose MAP@5 is measured (int8 would encode all 33k claims again)",
    )
    parser.add_argument("--sample", type=int, default=1000, help="claims timed per encoder")
    parser.add_argument("--rescore", type=int, default=20, help="static+full: claims rescored")
    parser.add_argument("--vector-cache", type=Path, default=None, help="keep claim vectors here")
    parser.add_argument("--tasks", nargs="+", default=["2a", "2b"])
    args = parser.parse_args()

    from attribution.embeddings import load_encoder
    from attribution.static import distill

    full = load_encoder(args.model)
    static_dir = args.static
    if static_dir is None and any(e.startswith("static") for e in args.encoders):
        static_dir = (args.vector_cache or Path("/tmp")) / "static-model"
        if not (static_dir / "static.json").exists():
            print(f"distilling {args.model} into {static_dir}", file=sys.stderr, flush=True)
            distill(args.model, static_dir)
    encoders = {"full": full}
    if "int8" in args.encoders:
        encoders["int8"] = Quantised(args.model)  # type: ignore[assignment]
    if static_dir is not None:
        encoders["static"] = load_encoder(str(static_dir))

    tasks = {t: read_task(args.corpora, t) for t in args.tasks}
    sample = list(tasks.get("2b", next(iter(tasks.values())))[1])
    random.Random(1).shuffle(sample)
    sample = sample[: args.sample]
    print(
        f"encoder      | claims/s ({len(sample)} 2B claims, "
        f"{sum(map(len, sample)) / len(sample):.0f} chars) | "
        + " | ".join(f"{t.upper()} dev MAP@5 (cosine alone)" for t in tasks)
    )
    rates = {label: speed(enc, sample) for label, enc in encoders.items()}
    reference = full.encode(sample)
    for label in args.encoders:
        scores = []
        for task, (ids, texts, queries, gold) in tasks.items():
            if label not in args.map:
                continue
            queries = [q for q in queries if q["id"] in gold]
            asked = [read_post(q["text"]).words() or q["text"] for q in queries]
            first = "static" if label == "static+full" else label
            matrix = claim_vectors(first, encoders[first], task, ids, texts, args.vector_cache)
            found = matrix @ encoders[first].encode(asked).T
            if label == "static+full":
                exact = claim_vectors("full", full, task, ids, texts, args.vector_cache)
                again = full.encode(asked)
            total = 0.0
            for j, query in enumerate(queries):
                column = found[:, j]
                if label == "static+full":
                    near = np.argpartition(-column, args.rescore)[: args.rescore]
                    order = near[np.argsort(-(exact[near] @ again[j]))]
                else:
                    near = np.argpartition(-column, 5)[:5]
                    order = near[np.argsort(-column[near])]
                total += average_precision([ids[i] for i in order], gold[query["id"]], 5)
            scores.append(total / len(queries))
        # static+full: claims are stored with static vectors; a query costs the full model
        # on the few claims it retrieves
        shown = f"{rates[label.split('+')[0]]:>10,.1f}" + (
            f" (+{args.rescore} by full a query)" if label == "static+full" else ""
        )
        if label == "int8":
            agree = float((encoders["int8"].encode(sample) * reference).sum(axis=1).mean())
            shown += f" (cosine to full {agree:.3f})"
        print(f"{label:<12} | {shown:<38} | " + (" | ".join(f"{s:.3f}" for s in scores) or "-"))


if __name__ == "__main__":
    main()
