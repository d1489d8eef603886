"""Claim matching accuracy on CLEF CheckThat! 2021 Task 2A/2B through the real CLI.

    python benchmarks/checkthat.py                    # 2B and 2A, dev split
    python benchmarks/checkthat.py --task 2b --split train
    python benchmarks/checkthat.py --corpora PATH --db DIR       # keep the stores in DIR
    python benchmarks/checkthat.py --pg postgresql://user:pass@host/db
    python benchmarks/checkthat.py --no-context       # each query alone, without its neighbours
    python benchmarks/checkthat.py --embedding-model ../shared/models/all-MiniLM-L6-v2 \
        [--vector-cache DIR]                          # stores with sentence vectors
    python benchmarks/checkthat.py --embedding-model STATIC_DIR --rescore 20
                                      # a static model's store, the full model rescoring 20
    python benchmarks/checkthat.py --tune [--no-dates]  # weight search on 2B train
    python benchmarks/checkthat.py --tune --grid grace_days=3,60 --grid same_time=0,0.1 [--split
    dev]
    python benchmarks/checkthat.py --explain [--split train]   # 2B: what ranks above the
                                      # relevant claims found at ranks 2-5, signal by signal
    python benchmarks/checkthat.py --task 2b --split train --save-queries DIR   # then, on a
    python benchmarks/checkthat.py --task 2b --split train --against DIR  # change: query by query

For each task it runs ``attribution claims import claims.jsonl.gz --db DB`` and
``attribution match QUERIES --db DB --top 100000 --min-score 0 -f jsonl`` (every claim
scored for a query: its candidates), then prints MAP@1/MAP@5/MAP@10 with the official task
definition (precision at each relevant claim within the cut, divided by the query's number
of relevant claims), the commands it ran, where each relevant claim landed (first, 2-5,
6-10, lower, or not among the query's candidates at all: no full-text, speaker, vector or
neighbour's retrieval offered it, so no weight can rank it), MAP@5 over the queries of
documents with one speaker (speeches) and with several (debates), and what a score means (the
calibration table: for each threshold, the share of the top-5 matches scoring at least
that much that are right, and the share of the right top-5 matches that score at least
that much), per task and for both tasks together.

With ``--embedding-model PATH`` the stores hold sentence vectors (``claims import
--embedding-model PATH``: every claim is encoded, which takes an hour or more on two
busy cores). ``--vector-cache DIR`` keeps the claims' vectors between runs: the claims
are imported without a model, the vectors found in DIR are put into the store, ``claims
embed`` encodes the rest, and DIR is refreshed from the store.

The queries go to ``match`` as the files give them (``id``, ``text``, ``speaker``). A 2B
query id names its debate, and the debate's name starts with its date
(``20170822_Trump_phoenix_0017``), which ``match`` reads as the statement's date;
``--no-dates`` runs ``match --no-name-dates``, to measure the text and speaker signals
alone (the matcher then uses its weights for undated queries).

``--min-score 0``: MAP measures the ranking, and the calibration table needs the low
scores too; ``match`` hides matches under 30 by default (a reader's filter, chosen from
that table), which leaves out a few right ones ranked in the top 5 with a low score.
``--rescore N`` is ``match --rescore N``: where the store's vectors come from a static
model, the full model it was distilled from rescores each statement's N best candidates
(0: the static model alone; ``match``'s default is 20).

``--save-queries DIR`` keeps each query's AP@5 in ``DIR/{task}-{split}.json``; ``--against
DIR`` compares this run with that one query by query: how many queries ranked better, worse
or the same, and the difference in MAP@5 with a 95% paired bootstrap interval (the queries
resampled). A change that lifts MAP by moving as many queries down as up is noise, and one
query moving from second to first is 0.004 of 2B dev's MAP@5: the counts tell which it is.
The same comparison follows for each kind of document and each year of the documents' dates
(2B's debates and speeches run from 2012 to 2017 in train, 2017 to 2019 in dev).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


def paired(
    before: dict[str, float], after: dict[str, float], *, draws: int = 10_000, seed: int = 0
) -> dict:
    """How ``after`` differs from ``before``, query by query (each a query id -> AP).

    Returns the queries better, worse and the same, the difference in their mean, and its 95%
    paired bootstrap interval (``draws`` resamples of the shared queries, with replacement).
    """
    import random

    shared = sorted(before.keys() & after.keys())
    if not shared:
        raise ValueError("the two runs share no query")
    diffs = [after[q] - before[q] for q in shared]
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(diffs, k=len(diffs))) / len(diffs) for _ in range(draws))
    return {
        "queries": len(shared),
        "up": sum(d > 1e-9 for d in diffs),
        "down": sum(d < -1e-9 for d in diffs),
        "same": sum(abs(d) <= 1e-9 for d in diffs),
        "difference": sum(diffs) / len(diffs),
        "low": means[int(0.025 * draws)],
        "high": means[int(0.975 * draws) - 1],
    }


def difference(before: dict[str, float], after: dict[str, float]) -> str:
    """:func:`paired` in words: the MAP@5 difference, its interval, the queries that moved."""
    d = paired(before, after)
    return (
        f"MAP@5 {d['difference']:+.4f} (95% paired bootstrap {d['low']:+.4f} to "
        f"{d['high']:+.4f}), {d['up']} queries up, {d['down']} down, {d['same']} the same"
    )


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


PLACES = ("1", "2-5", "6-10", "below 10", "not a candidate")


def rank_places(
    ranked: dict[str, list[str]], gold: dict[str, set[str]], ids: list[str]
) -> dict[str, int]:
    """Where each relevant (query, claim) pair landed: first, 2-5, 6-10, lower, or not among
    the query's candidates (``ranked`` holds every claim scored for the query)."""
    places: collections.Counter = collections.Counter()
    for q in ids:
        for claim in gold[q]:
            at = ranked[q].index(claim) + 1 if claim in ranked[q] else None
            if at is None:
                places["not a candidate"] += 1
            else:
                places[
                    "1" if at == 1 else "2-5" if at <= 5 else "6-10" if at <= 10 else "below 10"
                ] += 1
    return {k: places[k] for k in PLACES}


def document_kinds(queries: list[dict]) -> dict[str, str]:
    """Each query of a document ("one speaker" or "several speakers"; a query without a
    document has none), as ``match`` reads documents (:func:`attribution.matching.context.place`):
    a debate's lines answer the others on the stage, a speech's lines do not."""
    from attribution.matching.context import place

    return _kinds([place(q, i) for i, q in enumerate(queries)])


def _kinds(placed: list) -> dict[str, str]:
    speakers: dict[str, set[str]] = collections.defaultdict(set)
    for p in placed:
        if p.doc is not None:
            speakers[p.doc].add(p.speaker)
    return {
        p.record["id"]: "one speaker" if len(speakers[p.doc]) == 1 else "several speakers"
        for p in placed
        if p.doc is not None
    }


def query_groups(queries: list[dict], ids: list[str]) -> dict[str, list[str]]:
    """The queries ``ids`` by their document's kind and by the year of their document's date
    (a 2B debate's name: "20170822_Trump_phoenix" -> "2017"), for ``--against`` to compare
    slice by slice: a change chosen on one period or kind of document may not carry to another.
    """
    from attribution.matching.context import place

    placed = [place(q, i) for i, q in enumerate(queries)]  # once, for both slicings
    kinds = _kinds(placed)
    groups: dict[str, list[str]] = collections.defaultdict(list)
    wanted = set(ids)
    for p in placed:
        query = p.record["id"]
        if query not in wanted:
            continue
        if query in kinds:
            groups[kinds[query]].append(query)
        if p.date is not None:  # what its document's name says
            groups[str(p.date.year)].append(query)
    return dict(sorted(groups.items()))


def claims_file(task_dir: Path) -> Path:
    """The task's claims as ``claims import`` should read them.

    2A's ``date`` is the day Snopes published its fact-check, not the day the claim was
    made: it is the claim's ``reviewed`` date, and the time rule must not read it (a
    tweet is checked after it spreads). 2B's ``date`` is PolitiFact's "stated on ...".
    """
    if not task_dir.name.endswith("2a"):
        return task_dir / "claims.jsonl.gz"
    import gzip

    target = Path(tempfile.gettempdir()) / f"checkthat-2a-claims-{os.getpid()}.jsonl.gz"
    with (
        gzip.open(task_dir / "claims.jsonl.gz", "rt", encoding="utf-8") as src,
        gzip.open(target, "wt", encoding="utf-8") as out,
    ):
        for line in src:
            record = json.loads(line)
            record["reviewed"], record["date"] = record.get("date"), None
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


@contextmanager
def filled_store(db: Path, task_dir: Path) -> Iterator:
    """The store at ``db``, the task's claims imported first when it is empty (``--tune`` and
    ``--explain`` reuse it between runs)."""
    from attribution.claims import import_claims, open_store

    with open_store(db) as store:
        if store.count() == 0:
            import_claims(store, claims_file(task_dir))
        yield store


THRESHOLDS = (0, 30, 40, 50, 60, 70, 80, 90)
EVERY_CANDIDATE = 100_000  # match --top: more than any query's candidates, so all are listed


def calibration(rows: list[tuple[float, bool]]) -> list[tuple[int, int, float, float]]:
    """(threshold, matches at or above it, share of them right, share of right ones kept)."""
    right = sum(ok for _, ok in rows)
    table = []
    for t in THRESHOLDS:
        above = [ok for score, ok in rows if score >= t]
        table.append(
            (t, len(above), sum(above) / len(above) if above else 0.0, sum(above) / max(right, 1))
        )
    return table


def print_calibration(title: str, rows: list[tuple[float, bool]]) -> None:
    right = sum(ok for _, ok in rows)
    print(f"    {title}: what a score means ({len(rows)} top-5 matches, {right} right)")
    print("      min score   matches   right (precision)   right ones kept (recall)")
    for t, n, precision, kept in calibration(rows):
        print(f"      {t:>9}   {n:>7}   {precision:>17.3f}   {kept:>24.3f}")


def vector_cache_file(cache: Path, task: str, model: str) -> Path:
    """Where the cached vectors of ``task``'s claims for ``model`` live (.npz: ids, vectors)."""
    return cache / f"checkthat-{task}-{Path(model).name}.npz"


def build_store(task_dir: Path, db: Path | str, *, model: str | None, cache: Path | None) -> None:
    """Import the task's claims into ``db`` (with vectors when ``model`` is given)."""
    claims = str(claims_file(task_dir))
    if model is None or cache is None:
        extra = ["--embedding-model", model] if model else []
        run(["claims", "import", claims, "--db", str(db), "-q", *extra])
        return
    import numpy as np

    from attribution.claims import open_store
    from attribution.claims.vectors import pack, unpack
    from attribution.embeddings import load_encoder

    run(["claims", "import", claims, "--db", str(db), "-q"])
    saved = vector_cache_file(cache, task_dir.name[-2:], model)
    encoder = load_encoder(model)
    with open_store(db) as store:
        store.use_encoder(encoder)  # records the model, as import --embedding-model does
        if saved.exists():
            kept = np.load(saved)
            by_id = dict(zip(kept["ids"].tolist(), kept["vectors"]))
            rows = store.unembedded(10**9)
            claims_of = store.claims_by_pk([pk for pk, _ in rows])
            with store.transaction():
                store.put_vectors(
                    [
                        (pk, pack(by_id[claims_of[pk].id]))
                        for pk, _ in rows
                        if claims_of[pk].id in by_id
                    ]
                )
    run(["claims", "embed", "--db", str(db), "--embedding-model", model, "-q"])
    with open_store(db, read_only=True) as store:
        rows = list(store.vector_rows())
        claims_of = store.claims_by_pk([pk for pk, _ in rows])
        ids = np.array([claims_of[pk].id for pk, _ in rows])
        vectors = np.stack([unpack(blob, encoder.dim) for _, blob in rows])
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(saved, ids=ids, vectors=vectors)
    print(f"vectors of {len(ids)} claims kept in {saved}", file=sys.stderr)


def evaluate(
    task_dir: Path,
    split: str,
    db: Path | str,
    *,
    dates: bool,
    context: bool = True,
    top: int = EVERY_CANDIDATE,
    model: str | None = None,
    cache: Path | None = None,
    rescore: int | None = None,
) -> dict:
    queries, gold = read_split(task_dir, split)
    if isinstance(db, str) or not db.exists():
        build_store(task_dir, db, model=model, cache=cache)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as tmp:
        for q in queries:
            tmp.write(json.dumps(q, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    out = run(
        ["match", tmp.name, "--db", str(db), "--top", str(top), "--min-score", "0"]
        + ["-f", "jsonl", "-q"]
        + ([] if rescore is None else ["--rescore", str(rescore)])
        + ([] if context else ["--no-context"])
        + ([] if dates else ["--no-name-dates"]),
        capture=True,
    )
    seconds = time.perf_counter() - started
    Path(tmp.name).unlink()
    ranked: dict[str, list[str]] = collections.defaultdict(list)
    scored: list[tuple[float, bool]] = []  # the top 5 of each query: score, right or not
    for line in out.splitlines():
        row = json.loads(line)
        ranked[row["query_id"]].append(row["claim_id"])
        if row["query_id"] in gold and row["rank"] <= 5:
            scored.append((row["score"], row["claim_id"] in gold[row["query_id"]]))
    ids = [q["id"] for q in queries if q["id"] in gold]
    result = {
        f"MAP@{k}": sum(average_precision(ranked[q], gold[q], k) for q in ids) / len(ids)
        for k in (1, 5, 10)
    }
    result["queries"] = len(ids)
    result["per query"] = {q: average_precision(ranked[q], gold[q], 5) for q in ids}
    result["seconds"] = round(seconds, 1)
    result["places"] = rank_places(ranked, gold, ids)
    result["groups"] = query_groups(queries, ids)
    result["by document"] = {
        kind: (len(of), sum(result["per query"][q] for q in of) / len(of))
        for kind in ("one speaker", "several speakers")
        if (of := result["groups"].get(kind))
    }
    result["scored"] = scored
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
    with filled_store(db, task_dir) as store:
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


SIGNALS = ("lexical", "fuzzy", "title", "numbers", "context")


def explain(task_dir: Path, db: Path, *, split: str = "train", dates: bool = True) -> None:
    """For each relevant claim ranked 2-5, its signals against the wrong claim ranked first.

    Prints each such pair, then a tally: for each text signal, how often the wrong claim
    above has more of it than the relevant one (misleads), less (does not) or as much; for
    speaker and time, the pairs of reasons (wrong claim's, relevant claim's). A signal that
    misleads far more often than not is where a general fix would lift these claims.
    """
    from attribution.matching import match_records

    queries, gold = read_split(task_dir, split)
    tally: collections.Counter = collections.Counter()
    pairs = 0
    with filled_store(db, task_dir) as store:
        for _, record, matches in match_records(store, queries, top=5, name_dates=dates):
            right = gold.get(record["id"], set())
            wrong = next((m for m in matches if m.claim_id not in right), None)
            for rank, found in enumerate(matches[1:], 2):
                if found.claim_id not in right or wrong is None or matches[0] is not wrong:
                    continue
                pairs += 1
                print(f"{record['id']} [{record.get('speaker')}] {record['text'][:160]}")
                for label, m in (("first", wrong), (f"rank {rank}", found)):
                    print(f"    {label:>7} {m.score:6.2f} {m.speaker} {m.date}: {m.text[:120]}")
                    print(f"            {m.reasons}")
                for signal in SIGNALS:
                    above, mine = wrong.reasons.get(signal), found.reasons.get(signal)
                    if above is None or mine is None:
                        continue
                    verdict = "misleads" if above > mine else "helps" if mine > above else "ties"
                    tally[(signal, verdict)] += 1
                tally[("speaker", f"{wrong.reasons['speaker']} / {found.reasons['speaker']}")] += 1
                tally[("date", f"{wrong.reasons.get('date')} / {found.reasons.get('date')}")] += 1
    print(f"\n{pairs} relevant claims at ranks 2-5 under a wrong first ({split}):")
    print("  text signals: the wrong first has more (misleads) / less (helps) / as much (ties)")
    for signal in SIGNALS:
        counts = [tally[(signal, v)] for v in ("misleads", "helps", "ties")]
        print(
            f"    {signal:>8}: {counts[0]:>4} misleads  {counts[1]:>4} helps  {counts[2]:>4} ties"
        )
    for kind in ("speaker", "date"):
        print(f"  {kind} (wrong first / relevant):")
        for (name, reasons), n in sorted(tally.items(), key=lambda kv: -kv[1]):
            if name == kind:
                print(f"    {reasons:>28}: {n}")


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
        "--explain",
        action="store_true",
        help="on 2B (train by default): each relevant claim ranked 2-5 against the wrong "
        "claim ranked first, signal by signal, and a tally",
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
    parser.add_argument(
        "--embedding-model",
        metavar="PATH",
        default=None,
        help="build the stores with sentence vectors from this model (claims import "
        "--embedding-model)",
    )
    parser.add_argument(
        "--vector-cache",
        metavar="DIR",
        type=Path,
        default=None,
        help="with --embedding-model: reuse the claims' vectors kept in DIR, and keep them there",
    )
    parser.add_argument(
        "--rescore",
        metavar="N",
        type=int,
        default=None,
        help="match --rescore N: with a static model's store, the full model rescores each "
        "statement's N best candidates (0: never) [match's default, 20]",
    )
    parser.add_argument(
        "--save-queries",
        metavar="DIR",
        type=Path,
        default=None,
        help="keep each query's AP@5 in DIR/TASK-SPLIT.json (for a later --against DIR)",
    )
    parser.add_argument(
        "--against",
        metavar="DIR",
        type=Path,
        default=None,
        help="compare with the run saved in DIR (--save-queries) query by query: queries up, "
        "down and the same, and the MAP@5 difference with a 95%% paired bootstrap interval",
    )
    args = parser.parse_args()
    if args.vector_cache and not args.embedding_model:
        parser.error("--vector-cache needs --embedding-model")
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
    if args.explain:
        explain(
            args.corpora / "checkthat-2021-2b",
            workdir / "checkthat-2b.sqlite",
            split=args.split or "train",
            dates=not args.no_dates,
        )
        return
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
    suffix = f"-{Path(args.embedding_model).name}" if args.embedding_model else ""
    pooled: list[tuple[float, bool]] = []
    for task in (args.task or ["2b", "2a"]) if args.against else []:  # before any store is built
        saved = args.against / f"{task}-{args.split}.json"
        has_split = (args.corpora / f"checkthat-2021-{task}" / f"{args.split}.qrels").exists()
        if has_split and not saved.is_file():
            parser.error(f"--against: no {saved} (write it with --save-queries)")
    for task in args.task or ["2b", "2a"]:
        task_dir = args.corpora / f"checkthat-2021-{task}"
        if not (task_dir / f"{args.split}.qrels").exists():
            print(f"{task}: no {args.split} split in {task_dir}; skipped", file=sys.stderr)
            continue
        db = pg_target(args.pg, task) if args.pg else workdir / f"checkthat-{task}{suffix}.sqlite"
        result = evaluate(
            task_dir,
            args.split,
            db,
            dates=not args.no_dates,
            context=not args.no_context,
            model=args.embedding_model,
            cache=args.vector_cache,
            rescore=args.rescore,
        )
        figures = "  ".join(f"{k} {v:.4f}" for k, v in result.items() if k.startswith("MAP"))
        print(
            f"CheckThat! 2021 {task.upper()} {args.split} "
            f"({'PostgreSQL' if args.pg else 'SQLite'}"
            f"{', vectors: ' + Path(args.embedding_model).name if args.embedding_model else ''}"
            f"{'' if args.rescore is None else f', --rescore {args.rescore}'}): "
            f"{figures}  "
            f"({result['queries']} queries, match took {result['seconds']} s)"
        )
        places = ", ".join(f"{k}: {v}" for k, v in result["places"].items())
        print(f"    relevant (query, claim) pairs by place: {places}")
        if result["by document"]:
            kinds = ", ".join(
                f"{k} {n} queries {m:.4f}" for k, (n, m) in result["by document"].items()
            )
            print(f"    MAP@5 by document: {kinds}")
        per_query = f"{task}-{args.split}.json"
        if args.against:
            before = json.loads((args.against / per_query).read_text())
            print(f"    against {args.against}: {difference(before, result['per query'])}")
            for group, of in result["groups"].items():
                after = {q: result["per query"][q] for q in of}
                print(f"      {group} ({len(of)} queries): {difference(before, after)}")
        if args.save_queries:
            args.save_queries.mkdir(parents=True, exist_ok=True)
            (args.save_queries / per_query).write_text(json.dumps(result["per query"], indent=0))
        print_calibration(f"{task.upper()} {args.split}", result["scored"])
        pooled += result["scored"]
    if len(args.task or ["2b", "2a"]) > 1 and pooled:
        print_calibration(f"2A and 2B {args.split} together", pooled)


if __name__ == "__main__":
    main()
