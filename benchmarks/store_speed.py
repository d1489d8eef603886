"""Claim store speed: import time, size, single-query latency, against brute-force rapidfuzz.

    python benchmarks/store_speed.py                      # 10k, 100k and 1M claims
    python benchmarks/store_speed.py --sizes 10000 100000 --queries 200

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
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from attribution.claims import import_claims, open_store  # noqa: E402
from attribution.matching import match_text  # noqa: E402

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


def run(size: int, *, workdir: Path, queries: int, brute: int) -> None:
    gen = Generator()
    path = workdir / f"claims-{size}.jsonl"
    claims = []
    with open(path, "w", encoding="utf-8") as out:
        for i in range(size):
            c = gen.claim(i)
            claims.append((c["text"], c["speaker"]))
            out.write(json.dumps(c) + "\n")
    db = workdir / f"store-{size}.sqlite"
    started = time.perf_counter()
    with open_store(db) as store:
        report = import_claims(store, path)
    import_s = time.perf_counter() - started
    size_mb = sum(p.stat().st_size for p in workdir.glob(f"store-{size}.sqlite*")) / 1e6

    rng = random.Random(11)
    asked = []
    for i in range(queries):
        if i % 4 == 3:  # some queries match nothing in particular
            asked.append((gen.sentence(rng.randint(10, 30)), rng.choice(gen.speakers), None))
        else:
            index = rng.randrange(size)
            text, speaker = claims[index]
            asked.append((paraphrase(rng, text), speaker if i % 2 else None, f"synthetic-{index}"))
    latencies, first = [], 0
    with open_store(db) as store:
        match_text(store, "warm the cache up", top=10)
        for text, speaker, source in asked:
            t = time.perf_counter()
            result = match_text(store, text, speaker=speaker, top=10)
            latencies.append((time.perf_counter() - t) * 1000)
            first += bool(source and result and result[0].claim_id == source)
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
        statistics.median(brute_ms),
    )
    print(
        f"{size:>9,} claims | import {import_s:6.1f} s ({report.added:,} added) | store "
        f"{size_mb:7.1f} MB | "
        f"match p50 {p50:6.1f} ms  p99 {p99:6.1f} ms ({queries} queries) | "
        f"brute-force cdist p50 {b50:8.1f} ms ({len(brute_ms)} queries) | speed-up "
        f"x{b50 / p50:,.0f} | "
        f"paraphrased claim ranked first {first / max(1, paraphrases):.1%}",
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="store-speed-") as tmp:
        workdir = args.dir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            run(size, workdir=workdir, queries=args.queries, brute=args.brute)


if __name__ == "__main__":
    main()
