"""Claim matching accuracy on CLEF CheckThat! 2021 Task 2A/2B through the real CLI.

    python benchmarks/checkthat.py                    # 2B and 2A, dev split
    python benchmarks/checkthat.py --task 2b --split train
    python benchmarks/checkthat.py --corpora PATH --db DIR       # keep the stores in DIR
    python benchmarks/checkthat.py --pg postgresql://user:pass@host/db
    python benchmarks/checkthat.py --no-context       # each query alone, without its neighbours
    python benchmarks/checkthat.py --tune [--no-dates]  # weight search on 2B train
    python benchmarks/checkthat.py --tune --grid grace_days=3,60 --grid same_time=0,0.1 [--split
    dev]

For each task it runs ``attribution claims import claims.jsonl.gz --db DB`` and
``attribution match QUERIES --db DB --top 10 -f jsonl``, then prints MAP@1/MAP@5/MAP@10
with the official task definition (precision at each relevant claim within the cut,
divided by the query's number of relevant claims) and the commands it ran.

The queries go to ``match`` as the files give them (``id``, ``text``, ``speaker``). A 2B
query id names its debate, and the debate's name starts with its date
(``20170822_Trump_phoenix_0017``), which ``match`` reads as the statement's date;
``--no-dates`` runs ``match --no-name-dates``, to measure the text and speaker signals
alone (the matcher then uses its weights for undated queries).
"""

from __future__ import annotations

import argparse
import collections
import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [
    sys.executable,
    "-c",
    "import sys; from attribution.cli import main; sys.argv[0] = 'attribution'; main()",
]


def average_precision(ranked: list[str], gold: set[str], cut: int) -> float:
    hits, total = 0, 0.0
    for i, claim_id in enumerate(ranked[:cut], 1):
        if claim_id in gold:
            hits += 1
            total += hits / i
    return total / len(gold) if gold else 0.0


def run(args: list[str], *, stdin=None, capture: bool = False) -> str:
    shown = "attribution " + " ".join(shlex.quote(a) for a in args)
    print(f"$ {shown}", file=sys.stderr)
    done = subprocess.run(CLI + args, stdin=stdin, capture_output=capture, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"command failed ({done.returncode}): {shown}\n{done.stderr if capture else ''}")
    return done.stdout if capture else ""


def pg_target(url: str, task: str) -> str:
    """A PostgreSQL URL whose search_path is a schema of its own for this task (created,
    emptied)."""
    import psycopg

    schema = f"checkthat_{task}"
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        db.execute(f'CREATE SCHEMA "{schema}"')
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


def read_split(task_dir: Path, split: str) -> tuple[list[dict], dict[str, set[str]]]:
    """The split's queries and their relevant claims."""
    gold: dict[str, set[str]] = collections.defaultdict(set)
    for line in (task_dir / f"{split}.qrels").read_text().splitlines():
        query, _, claim, relevance = line.split()
        if int(relevance) > 0:
            gold[query].add(claim)
    queries = [
        json.loads(line)
        for line in (task_dir / f"{split}.queries.jsonl").read_text().splitlines()
        if line.strip()
    ]
    return queries, gold


def rank_places(
    ranked: dict[str, list[str]], gold: dict[str, set[str]], ids: list[str]
) -> dict[str, int]:
    """Where each relevant (query, claim) pair landed: first, 2-5, 6-10, or below the top 10."""
    places = collections.Counter()
    for q in ids:
        for claim in gold[q]:
            at = ranked[q].index(claim) + 1 if claim in ranked[q] else None
            places[
                "1" if at == 1 else "2-5" if at and at <= 5 else "6-10" if at else "below 10"
            ] += 1
    return {k: places[k] for k in ("1", "2-5", "6-10", "below 10")}


def evaluate(
    task_dir: Path, split: str, db: Path | str, *, dates: bool, context: bool = True, top: int = 10
) -> dict:
    queries, gold = read_split(task_dir, split)
    if isinstance(db, str) or not db.exists():
        run(["claims", "import", str(task_dir / "claims.jsonl.gz"), "--db", str(db), "-q"])
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as tmp:
        for q in queries:
            tmp.write(json.dumps(q, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    out = run(
        ["match", tmp.name, "--db", str(db), "--top", str(top), "-f", "jsonl", "-q"]
        + ([] if context else ["--no-context"])
        + ([] if dates else ["--no-name-dates"]),
        capture=True,
    )
    seconds = time.perf_counter() - started
    Path(tmp.name).unlink()
    ranked: dict[str, list[str]] = collections.defaultdict(list)
    for line in out.splitlines():
        row = json.loads(line)
        ranked[row["query_id"]].append(row["claim_id"])
    ids = [q["id"] for q in queries if q["id"] in gold]
    result = {
        f"MAP@{k}": sum(average_precision(ranked[q], gold[q], k) for q in ids) / len(ids)
        for k in (1, 5, 10)
    }
    result["queries"] = len(ids)
    result["seconds"] = round(seconds, 1)
    result["places"] = rank_places(ranked, gold, ids)
    return result


def tune(
    task_dir: Path,
    db: Path,
    *,
    split: str = "train",
    dates: bool = True,
    grid: dict[str, list] | None = None,
) -> None:
    """Grid search of the matcher's weights on one split (2B train), best first.

    ``dates`` lets the matcher date the queries from their debate's name (tunes
    ``WEIGHTS``); without them it tunes ``UNDATED_WEIGHTS``, the weights for queries
    that have no date. ``grid`` (``--grid NAME=V1,V2``) replaces the default grid. Each
    point matches the whole split as one batch (``match_records``), so neighbouring lines
    vote as they do in ``attribution match``; a point takes about 12 s on 2B train.
    """
    import itertools
    from dataclasses import replace

    from attribution.claims import import_claims, open_store
    from attribution.matching import UNDATED_WEIGHTS, WEIGHTS, match_records

    queries, gold = read_split(task_dir, split)
    base = WEIGHTS if dates else UNDATED_WEIGHTS
    if grid:
        grid = {
            name: [type(getattr(base, name))(v) for v in values] for name, values in grid.items()
        }
    elif dates:
        grid = {
            "context": [0.35, 0.5],
            "same_time": [0.0, 0.1],
            "recent": [0.2, 0.4],
            "later": [-0.5, -0.2],
        }
    else:  # no time signal: the text, speaker and context weights
        grid = {
            "context": [0.35, 0.5, 0.75],
            "context_window": [3, 5, 10],
            "lexical_k": [10.0, 20.0],
            "surname": [0.8, 1.0],
        }
    results = []
    with open_store(db) as store:
        if store.count() == 0:
            import_claims(store, task_dir / "claims.jsonl.gz")
        for values in itertools.product(*grid.values()):
            weights = replace(base, **dict(zip(grid, values)))
            found = match_records(store, queries, top=5, weights=weights, name_dates=dates)
            scores = [
                average_precision([m.claim_id for m in matches], gold[record["id"]], 5)
                for _, record, matches in found
                if record["id"] in gold
            ]
            results.append((sum(scores) / len(scores), dict(zip(grid, values))))
    results.sort(key=lambda r: -r[0])
    for score, values in results[:10]:
        print(f"{split} MAP@5 {score:.4f}  {values}{'' if dates else '  (no dates)'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--task", choices=["2a", "2b"], action="append", help="default: both")
    parser.add_argument(
        "--split", default=None, help="dev or train (2B only) [default: dev; train for --tune]"
    )
    parser.add_argument(
        "--db", type=Path, default=None, help="directory for the stores [default: a temporary one]"
    )
    parser.add_argument(
        "--pg",
        metavar="URL",
        default=None,
        help="use this PostgreSQL server instead of SQLite (a schema per task, replaced)",
    )
    parser.add_argument(
        "--tune",
        action="store_true",
        help="grid-search the matcher's weights on 2B train (slow) instead of evaluating",
    )
    parser.add_argument(
        "--grid",
        metavar="NAME=V1,V2",
        action="append",
        default=[],
        help="with --tune: search these values of a Weights field instead of the default grid "
        "(repeat for more fields)",
    )
    parser.add_argument(
        "--no-dates",
        action="store_true",
        help="do not date the queries from their debate's name (match --no-name-dates)",
    )
    parser.add_argument(
        "--no-context", action="store_true", help="match each query alone (match --no-context)"
    )
    args = parser.parse_args()
    grid = {}
    if args.grid:
        from attribution.matching import Weights
    for item in args.grid:
        name, _, values = item.partition("=")
        if name not in Weights.__dataclass_fields__ or not values:
            parser.error(
                f"--grid {item!r}: expected NAME=V1,V2 with NAME a field of "
                "attribution.matching.Weights"
            )
        grid[name] = values.split(",")
    workdir = args.db or Path(tempfile.mkdtemp(prefix="checkthat-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.tune:
        tune(
            args.corpora / "checkthat-2021-2b",
            workdir / "checkthat-2b.sqlite",
            split=args.split or "train",
            dates=not args.no_dates,
            grid=grid,
        )
        return
    args.split = args.split or "dev"
    for task in args.task or ["2b", "2a"]:
        task_dir = args.corpora / f"checkthat-2021-{task}"
        if not (task_dir / f"{args.split}.qrels").exists():
            print(f"{task}: no {args.split} split in {task_dir}; skipped", file=sys.stderr)
            continue
        db = pg_target(args.pg, task) if args.pg else workdir / f"checkthat-{task}.sqlite"
        result = evaluate(
            task_dir, args.split, db, dates=not args.no_dates, context=not args.no_context
        )
        figures = "  ".join(f"{k} {v:.4f}" for k, v in result.items() if k.startswith("MAP"))
        print(
            f"CheckThat! 2021 {task.upper()} {args.split} "
            f"({'PostgreSQL' if args.pg else 'SQLite'}): {figures}  "
            f"({result['queries']} queries, match took {result['seconds']} s)"
        )
        places = ", ".join(f"{k}: {v}" for k, v in result["places"].items())
        print(f"    relevant (query, claim) pairs by place: {places}")


if __name__ == "__main__":
    main()
