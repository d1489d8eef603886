"""Claim store speed: import time, size, single-query latency, against brute-force rapidfuzz.

    python benchmarks/store_speed.py                      # 10k, 100k and 1M claims
    python benchmarks/store_speed.py --sizes 10000 100000 --queries 200
    python benchmarks/store_speed.py --vectors static --static DIR      # with sentence vectors
    python benchmarks/store_speed.py --vectors reused --real-vectors FULL.npy
    python benchmarks/store_speed.py --pg postgresql://USER@HOST/DB ...  # PostgreSQL stores

With ``--vectors`` the store holds a vector per claim and every query is also encoded and
searched by vector (exact up to 50k vectors, else the HNSW index file, whose build is
timed apart), as ``match`` does on such a store:

- ``static``: claims and queries are encoded with the static model in ``--static DIR``
  (``attribution claims distill``), end to end: its import time includes encoding;
- ``reused``: the full model's cost at a size it cannot encode here (1M claims would
  take hours): claim i gets the vector of real claim ``i mod n`` of ``--real-vectors``
  (the full model's vectors of real claims, e.g. ``benchmarks/encoders.py
  --vector-cache`` writes them) plus Gaussian noise, and the store records the full model
  (``--model``), which encodes every query for real.

It also prints the full model's claims a second on real CheckThat claims (``--model``),
and the peak memory of the process that runs the timed queries (a fresh one, like a
``match`` run: it opens the store, loads the model and the index, matches); with
``--profile N``, where the time of N of those queries goes (encoding, SQL, vector search,
scoring), from a cProfile run after the timed one.

For each size it writes a deterministic synthetic claim file (Zipf-distributed words,
a few thousand speakers, PolitiFact-like lengths), imports it into a fresh SQLite store
(``import_claims``, what ``attribution claims import`` runs), then times
``match_text`` (full-text retrieval + rapidfuzz rescoring + speaker signal) on
queries that paraphrase stored claims or are unrelated sentences (it also prints how
often the paraphrased claim comes first, to show the speed costs no accuracy). Brute force is
``rapidfuzz.process.cdist`` of each query against every claim text (workers=-1) on
the same claims. Figures go to stdout.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from attribution.claims import import_claims, open_store  # noqa: E402
from attribution.matching import match_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED_MODEL = ROOT.parent / "shared/models/all-MiniLM-L6-v2"
CHECKTHAT_2B = ROOT.parent / "shared/corpora/checkthat-2021-2b/claims.jsonl.gz"

FUNCTION = """
    the a of to in and that is for on was with as by it at from has have said says are be not this
    more than will their its percent million years since
""".split()
ONSETS = """
    b c d f g h j k l m n p r s t v w z bl br ch cl cr dr fl fr gr pl pr sh sl st str th tr
""".split()
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "oo", "ou", "ie"]
CODAS = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck", "rt"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < size:
        syllables = rng.choice((1, 2, 2, 3, 3, 4))
        words[
            "".join(
                rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                for _ in range(syllables)
            )
        ] = None
    return list(words)


class Generator:
    """Deterministic claims: Zipfian content words between function words."""

    def __init__(self, seed: int = 7, vocab: int = 50_000, speakers: int = 5_000):
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng, vocab)
        weights = [1 / (rank + 1) ** 1.05 for rank in range(vocab)]
        total = sum(weights)
        self.cum = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cum.append(acc)
        names = vocabulary(self.rng, 2 * speakers)
        self.speakers = [
            f"{names[2 * i].title()} {names[2 * i + 1].title()}" for i in range(speakers)
        ]

    def sentence(self, n: int) -> str:
        rng, words = self.rng, []
        content = rng.choices(self.words, cum_weights=self.cum, k=n)
        for word in content:
            if rng.random() < 0.45:
                words.append(rng.choice(FUNCTION))
            words.append(word)
            if rng.random() < 0.08:
                words.append(str(rng.randint(2, 2024)))
        return " ".join(words).capitalize() + "."

    def claim(self, i: int) -> dict:
        rng = self.rng
        return {
            "id": f"synthetic-{i}",
            "text": self.sentence(rng.randint(6, 22)),
            "speaker": rng.choice(self.speakers),
            "date": f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "verdict": rng.choice(("true", "mostly-true", "half-true", "false", "pants-fire")),
            "url": f"https://example.org/fact-check/{i}",
        }


def paraphrase(rng: random.Random, text: str) -> str:
    words = text.rstrip(".").split()
    kept = [w for w in words if rng.random() > 0.25]
    if len(kept) > 3:
        i = rng.randrange(len(kept) - 1)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return "Well, " + " ".join(kept) + ", and everybody knows it."


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def timed_queries(
    db: str,
    where: dict,
    asked: list,
    model: str | None,
    rescore_top: int,
    recall_queries: int,
    noise: float,
    profiled: int,
    out,
) -> None:
    """In a fresh process: open the store, warm up, time each query; report to ``out``; then
    (its peak memory taken) where the time of ``profiled`` more queries goes and the vector
    index's recall against exact search."""
    from attribution.embeddings import attach_encoder
    from attribution.matching import match as matching
    from attribution.matching import retrieval

    latencies, cpu, first, split, aside, backend = [], [], 0, None, 0, ""
    prepared = [0]  # candidates prepared by the search thread while a query was encoded
    prepare = matching.prepare_claim

    def counted(claim):
        prepared[0] += 1
        prepare(claim)

    matching.prepare_claim = counted
    with open_store(db, read_only=True, **where) as store:
        if model:
            attach_encoder(store)
            backend = store.encoder.backend
        # loads the model and the index
        match_text(store, "warm the cache up", top=10, rescore_top=rescore_top)
        for text, speaker, source in asked:
            # whether its searches run beside its encoding (the same test match_text makes)
            aside += bool(model) and retrieval._aside_possible(store)
            t, c = time.perf_counter(), time.process_time()
            result = match_text(store, text, speaker=speaker, top=10, rescore_top=rescore_top)
            latencies.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            first += bool(source and result and result[0].claim_id == source)
        peak_mb = peak_memory_mb()
        matching.prepare_claim = prepare
        if profiled:
            split = time_split(store, asked[:profiled], rescore_top)
    recall = None
    if model and recall_queries:
        with open_store(db, read_only=True, **where) as store:
            recall = index_recall(store, recall_queries, noise=noise)
    out.put((latencies, cpu, first, peak_mb, split, recall, aside, prepared[0], backend))


# Where a query's time goes: the functions whose cumulative time cProfile adds up, by part.
_PARTS = {
    "encoding": lambda path, name: path.endswith("attribution/embeddings.py") and name == "encode",
    # sqlite3's C methods (execute, fetchall, ...), or psycopg's cursor calls
    "SQL": lambda path, name: (
        path == "~"
        and "sqlite3." in name
        or "psycopg" in path
        and name in ("execute", "fetchall", "fetchone")
    ),
    "vector search": lambda path, name: path.endswith("claims/vectors.py") and name == "search",
    "scoring": lambda path, name: (
        path.endswith("matching/scoring.py") and name == "score_candidate"
    ),
}


def time_split(store, asked: list, rescore_top: int) -> dict[str, float]:
    """The share of the queries' time in each of ``_PARTS`` (cProfile; the queries already met
    once, as in the timed run, and the profiler's own cost spread over all parts). cProfile
    sees one thread: the full-text searches run after the encoding here, not beside it as
    in the timed run, so the shares are each part's work, not its wait."""
    import cProfile
    import pstats

    from attribution import embeddings
    from attribution.matching import retrieval

    profile = cProfile.Profile()
    retrieval.ASIDE = False
    embeddings._RECENT.clear()  # the timed run encoded these texts: encode them again
    started = time.perf_counter()
    profile.enable()
    for text, speaker, _ in asked:
        match_text(store, text, speaker=speaker, top=10, rescore_top=rescore_top)
    profile.disable()
    retrieval.ASIDE = None
    total = time.perf_counter() - started
    stats = pstats.Stats(profile).stats
    return {
        part: sum(
            cumulative
            for (path, _, name), (_, _, _, cumulative, _) in stats.items()
            if wanted(path, name)
        )
        / total
        for part, wanted in _PARTS.items()
    }


def peak_memory_mb() -> float:
    """This process's peak resident memory since it started its program (VmHWM: getrusage's
    maxrss keeps the spawning parent's peak across exec, which counted the parent's model and
    claims in the matching process's figure)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def index_recall(store, queries: int, *, noise: float, k: int = 50) -> float | None:
    """The share of the exact k nearest claims that the store's vector search returns (None
    for a store searched exactly: under EXACT_UP_TO vectors).

    The queries are statements near a stored claim: its vector plus Gaussian noise. (A
    synthetic query's own vector is near no claim in particular in ``reused`` mode: its
    exact top 50 are claims of nearly equal similarity, which no index returns in order.)
    """
    import numpy as np

    from attribution.claims.vectors import EXACT_UP_TO, VectorIndex, stack, unpack

    count = store.vector_stats()[0]
    if count <= EXACT_UP_TO or store.index_path() is None:
        return None
    name, dim = store.embedding_model() or ("", 0)
    rng = np.random.default_rng(3)
    ids = [f"synthetic-{i}" for i in rng.choice(count, queries, replace=False)]
    near = np.stack([unpack(blob, dim) for blob in store.vectors_of(ids).values()])
    near = near + rng.normal(0, max(noise, 0.02), near.shape).astype(np.float32)
    near /= np.linalg.norm(near, axis=1, keepdims=True)
    best_keys = np.zeros((len(near), 0), dtype=np.int64)
    best = np.zeros((len(near), 0), dtype=np.float32)
    rows = store.vector_rows(0)
    while chunk := list(itertools.islice(rows, 50_000)):  # exact, 50k vectors at a time
        keys, matrix = stack(chunk, dim)
        best_keys = np.concatenate([best_keys, np.broadcast_to(keys, (len(near), len(keys)))], 1)
        best = np.concatenate([best, near @ matrix.T], 1)
        keep = np.argpartition(-best, k - 1, axis=1)[:, :k]
        best_keys = np.take_along_axis(best_keys, keep, 1)
        best = np.take_along_axis(best, keep, 1)
    index = VectorIndex(store, path=store.index_path(), model=name, dim=dim)
    found = [
        len({pk for pk, _ in index.search(q, k)} & set(exact.tolist())) / k
        for q, exact in zip(near, best_keys)
    ]
    return sum(found) / len(found)


def build_index(db: str, where: dict, out) -> None:
    """In a fresh process: build the store's HNSW index file; report seconds and peak MB."""
    from attribution.claims.vectors import VectorIndex

    with open_store(db, **where) as store:
        name, dim = store.embedding_model() or ("", 0)
        started = time.perf_counter()
        VectorIndex(store, path=store.index_path(), model=name, dim=dim).build()
        seconds = time.perf_counter() - started
    out.put((seconds, peak_memory_mb()))


def fill_reused_vectors(store, real, *, noise: float, seed: int = 5) -> float:
    """Give claim pk i the vector of real claim (i - 1) mod n, plus noise; returns seconds."""
    import numpy as np

    from attribution.claims.vectors import pack

    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    count = store.count()
    for first in range(1, count + 1, 50_000):
        pks = np.arange(first, min(count, first + 49_999) + 1)
        vectors = real[(pks - 1) % len(real)] + rng.normal(0, noise, (len(pks), real.shape[1]))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        with store.transaction():
            store.put_vectors([(int(pk), pack(v)) for pk, v in zip(pks, vectors)])
    return time.perf_counter() - started


def build_store(db: str, where: dict, path: Path, args):
    """Import the claim file into a fresh store (and its vectors); returns the seconds, the
    import's report, the store's model, a note on the vectors and whether an index is due."""
    model, note = None, ""
    started = time.perf_counter()
    with open_store(db, **where) as store:
        if args.vectors == "static":
            from attribution.embeddings import load_encoder

            model = str(args.static)
            store.use_encoder(load_encoder(model))
        report = import_claims(store, path)
        import_s = time.perf_counter() - started
        if args.vectors == "static":
            note = f"static vectors ({report.added / import_s:,.0f} claims/s imported and embedded)"
        elif args.vectors == "reused":
            import numpy as np

            from attribution.embeddings import load_encoder

            model = args.model
            store.use_encoder(load_encoder(model))  # records the full model
            real = np.load(args.real_vectors)
            fill_s = fill_reused_vectors(store, real, noise=args.noise)
            note = (
                f"reused vectors ({len(real):,} real full-model vectors + noise {args.noise}, "
                f"written in {fill_s:.0f} s)"
            )
        from attribution.claims.vectors import EXACT_UP_TO

        indexed = bool(model and store.index_path() and store.vector_stats()[0] > EXACT_UP_TO)
    return import_s, report, model, note, indexed


def reusable(db: str, size: int, vectors: str | None) -> bool:
    """Whether ``db`` is a store this benchmark built earlier for ``size`` claims (``--reuse``):
    all of them, their vectors where asked (none otherwise) and an index file holding them all."""
    if not Path(db).is_file():
        return False
    from attribution.claims.vectors import EXACT_UP_TO

    with open_store(db, read_only=True) as store:
        if store.count() != size or store.get(f"synthetic-{size - 1}") is None:
            return False
        count, _ = store.vector_stats()
        index = store.index_path()
    if count != (size if vectors else 0):
        return False
    if not vectors or count <= EXACT_UP_TO:
        return True
    try:
        meta = json.loads(index.with_name(index.name + ".json").read_text(encoding="utf-8"))
    except (AttributeError, OSError, ValueError):
        return False
    return index.is_file() and meta.get("count") == size


def run(size: int, *, workdir: Path, queries: int, brute: int, args) -> None:
    begun = time.perf_counter()
    gen = Generator()
    path = workdir / f"claims-{size}.jsonl"
    db, where = str(workdir / f"store-{size}.sqlite"), {}
    if args.pg:  # a schema of its own, dropped at the end
        db, where = args.pg, {"schema": f"store_speed_{size}_{os.getpid()}"}
    reused = args.reuse and not where and reusable(db, size, args.vectors)
    claims = []
    with open(os.devnull if reused else path, "w", encoding="utf-8") as out:
        for i in range(size):
            c = gen.claim(i)
            claims.append((c["text"], c["speaker"]))
            if not reused:
                out.write(json.dumps(c) + "\n")
    spawn = multiprocessing.get_context("spawn")
    index_s = index_mb = 0.0
    if reused:  # the same claims (the generator is deterministic) and vectors: kept
        import_s, report = 0.0, None
        model = {"reused": args.model, "static": str(args.static)}.get(args.vectors)
        note = f"store reused from {db}: import and index build not timed"
    else:
        import_s, report, model, note, indexed = build_store(db, where, path, args)
        if indexed:  # in its own process, for its peak memory
            results = spawn.Queue()
            child = spawn.Process(target=build_index, args=(db, where, results))
            child.start()
            index_s, index_mb = results.get()
            child.join()
    size_mb = store_size_mb(db, where, workdir, size)

    rng = random.Random(11)
    asked = []
    for i in range(queries):
        if i % 4 == 3:  # some queries match nothing in particular
            asked.append((gen.sentence(rng.randint(10, 30)), rng.choice(gen.speakers), None))
        else:
            index = rng.randrange(size)
            text, speaker = claims[index]
            asked.append((paraphrase(rng, text), speaker if i % 2 else None, f"synthetic-{index}"))
    results = spawn.Queue()
    child = spawn.Process(
        target=timed_queries,
        args=(
            db,
            where,
            asked,
            model,
            args.rescore,
            args.recall,
            args.noise,
            args.profile,
            results,
        ),
    )
    child.start()
    latencies, cpu, first, peak_mb, split, recall, aside, prepared, backend = results.get()
    child.join()
    paraphrases = sum(1 for *_, source in asked if source)
    texts = [t for t, _ in claims]
    brute_ms = []
    for text, *_ in asked[:brute]:
        t = time.perf_counter()
        process.cdist([text], texts, scorer=fuzz.token_sort_ratio, workers=-1)
        brute_ms.append((time.perf_counter() - t) * 1000)
    p50, p99, b50 = (
        percentile(latencies, 50),
        percentile(latencies, 99),
        statistics.median(brute_ms) if brute_ms else float("nan"),
    )
    print(
        f"{size:>9,} claims | "
        + (f"import {import_s:6.1f} s ({report.added:,} added" if report else "")
        + (f"; {note}" if report and note else note)
        + (")" if report else "")
        + (f" | index build {index_s:.0f} s, peak {index_mb:,.0f} MB" if index_s else "")
        + f" | store {size_mb:7.1f} MB (index file included) | "
        f"match p50 {p50:6.1f} ms  p99 {p99:6.1f} ms (CPU time, both threads: p50 "
        f"{percentile(cpu, 50):.1f} ms, p99 {percentile(cpu, 99):.1f} ms; {queries} queries"
        + (
            f"; queries encoded by {backend}; full-text searches beside the encoding in {aside}"
            f", {prepared / queries:.0f} full-text candidates a query prepared there while encoding"
            if model
            else ""
        )
        + ") | matching process "
        f"peak {peak_mb:,.0f} MB | "
        f"brute-force cdist p50 {b50:8.1f} ms ({len(brute_ms)} queries) | speed-up "
        f"x{b50 / p50:,.0f} | "
        f"paraphrased claim ranked first {first / max(1, paraphrases):.1%}"
        + (
            f" | index recall: {recall:.3f} of the exact top 50 ({args.recall} queries)"
            if recall is not None
            else ""
        )
        + (
            f" | time of {args.profile} queries (cProfile, searches after the encoding): "
            + ", ".join(f"{part} {share:.0%}" for part, share in split.items())
            if split
            else ""
        )
        + f" | load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        + f" | {time.perf_counter() - begun:.0f} s in all"
        + (" | PostgreSQL" if where else " | SQLite"),
        flush=True,
    )
    if where:
        drop_schema(db, where)


def store_size_mb(db: str, where: dict, workdir: Path, size: int) -> float:
    """The store's size on disk with its index file: the SQLite files, or the PostgreSQL
    schema's tables, indexes and TOAST."""
    if not where:
        return sum(p.stat().st_size for p in workdir.glob(f"store-{size}.sqlite*")) / 1e6
    import psycopg

    with open_store(db, read_only=True, **where) as store:
        index = store.index_path()
    with psycopg.connect(db) as conn:
        total = conn.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s "
            "AND c.relkind IN ('r', 'm')",
            (where["schema"],),
        ).fetchone()[0]
    return (int(total) + (index.stat().st_size if index and index.exists() else 0)) / 1e6


def drop_schema(db: str, where: dict) -> None:
    """Remove a --pg run's schema and its index file."""
    import psycopg
    from psycopg import sql

    with open_store(db, read_only=True, **where) as store:
        index = store.index_path()
    for leftover in (index, index.with_name(index.name + ".json")) if index else ():
        leftover.unlink(missing_ok=True)
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(where["schema"])))


def full_model_speed(model: str, sample: int) -> None:
    """Print the full model's claims/s on real CheckThat 2B claims (skipped without them)."""
    if not CHECKTHAT_2B.exists() or not Path(model).expanduser().exists():
        print(f"full model speed: skipped ({CHECKTHAT_2B} or {model} is missing)", flush=True)
        return
    from attribution.embeddings import load_encoder

    with gzip.open(CHECKTHAT_2B, "rt", encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines]
    random.Random(1).shuffle(texts)
    texts = texts[:sample]
    encoder = load_encoder(model)
    encoder.encode(texts[:16])
    started = time.perf_counter()
    encoder.encode(texts)
    rate = len(texts) / (time.perf_counter() - started)
    print(
        f"full model {Path(model).name}: {rate:,.1f} claims/s on {len(texts)} real CheckThat 2B "
        f"claims ({sum(map(len, texts)) / len(texts):.0f} characters on average), batches of 64 "
        f"sorted by length, CPU, encoder {encoder.backend}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=300, help="timed store queries per size")
    parser.add_argument("--brute", type=int, default=10, help="timed brute-force queries per size")
    parser.add_argument(
        "--dir", type=Path, default=None, help="work directory [default: a temporary one]"
    )
    parser.add_argument(
        "--vectors",
        choices=("static", "reused"),
        default=None,
        help="give the store sentence vectors (see above) [default: none, full-text only]",
    )
    parser.add_argument("--static", type=Path, default=None, help="static model directory")
    parser.add_argument("--model", default=str(SHARED_MODEL), help="the full model")
    parser.add_argument(
        "--rescore",
        type=int,
        default=0,
        help="--vectors static: the full model looks again at each query's N best "
        "(match --rescore; it costs N+1 full encodings a query, whatever the size) [0]",
    )
    parser.add_argument("--real-vectors", type=Path, default=None, help="--vectors reused: .npy")
    parser.add_argument("--noise", type=float, default=0.02, help="--vectors reused: noise σ")
    parser.add_argument(
        "--pg",
        metavar="URL",
        default=None,
        help="a postgresql:// URL: the stores go there (a schema each, dropped at the end) "
        "[default: SQLite files]",
    )
    parser.add_argument(
        "--recall",
        type=int,
        default=50,
        help="queries whose vector-index recall is measured against exact search [50; 0: none]",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        help="after the timed queries, profile this many again and print where their time goes "
        "(encoding, SQL, vector search, scoring) [0: no]",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --dir: time the queries on the SQLite store an earlier run left there for "
        "the same size and vectors (checked: its claims, vectors and index file) instead of "
        "building one; built as usual where there is none",
    )
    parser.add_argument(
        "--full-sample", type=int, default=300, help="real claims timed with the full model (0: no)"
    )
    args = parser.parse_args()
    if args.vectors == "static" and args.static is None:
        parser.error("--vectors static needs --static DIR (attribution claims distill -o DIR)")
    if args.reuse and args.dir is None:
        parser.error("--reuse needs --dir DIR (where the earlier run left its store)")
    if args.vectors == "reused" and args.real_vectors is None:
        parser.error("--vectors reused needs --real-vectors FILE.npy")
    if args.full_sample:
        full_model_speed(args.model, args.full_sample)
    with tempfile.TemporaryDirectory(prefix="store-speed-") as tmp:
        workdir = args.dir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            run(size, workdir=workdir, queries=args.queries, brute=args.brute, args=args)


if __name__ == "__main__":
    main()
