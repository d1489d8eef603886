"""Words per second: CoNLL-U reading alone vs reading plus quote extraction (issue 2, item 8).

    python benchmarks/extract_speed.py [--conllu PATH] [--repeat N]

(a) ``documents.read_conllu`` over the file (stanza's CoNLL-U reader, split by
``# newdoc id``, text rebuilt from offsets), (b) the same plus ``extract_quotes``
over every article. Prints both rates and the ratio of times b/a (target <= 2.5).
Times are CPU seconds of this process (single-threaded work), best of ``--repeat``
runs, since wall time on a shared machine is noisy.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from attribution.documents import read_conllu  # noqa: E402
from attribution.extract import extract_quotes  # noqa: E402


def read_all(data: str, source: str) -> tuple[int, int]:
    docs = words = 0
    for article in read_conllu(data, source=source):
        docs += 1
        words += sum(len(s.words) for s in article.doc.sentences)
    return docs, words


def read_and_extract(data: str, source: str) -> int:
    quotes = 0
    for article in read_conllu(data, source=source):
        quotes += sum(1 for _ in extract_quotes(article))
    return quotes


def best(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.process_time()  # CPU seconds: the machine is shared, wall time is noisy
        result = func()
        times.append(time.process_time() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--conllu",
        type=Path,
        default=ROOT.parent / "shared" / "corpora" / "polnear" / "dev.conllu",
        help="stanza-style CoNLL-U (.conllu or .conllu.gz) "
        "[default: ../shared/corpora/polnear/dev.conllu]",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each measurement; the best counts"
    )
    args = parser.parse_args()
    if not args.conllu.exists():
        sys.exit(f"{args.conllu}: not found; give --conllu PATH")
    raw = args.conllu.read_bytes()
    data = (gzip.decompress(raw) if args.conllu.suffix == ".gz" else raw).decode("utf-8")
    source = str(args.conllu)

    read_s, (docs, words) = best(lambda: read_all(data, source), args.repeat)
    both_s, quotes = best(lambda: read_and_extract(data, source), args.repeat)
    print(f"input: {args.conllu} ({docs} documents, {words} words, {len(raw) / 1e6:.1f} MB)")
    print(f"(a) read CoNLL-U:           {read_s:7.2f} cpu-s {words / read_s:10,.0f} words/s")
    print(
        f"(b) read + extract_quotes:  {both_s:7.2f} cpu-s {words / both_s:10,.0f} words/s  "
        f"({quotes} quotes)"
    )
    print(
        f"extraction alone:           {both_s - read_s:7.2f} cpu-s "
        f"{words / max(both_s - read_s, 1e-9):10,.0f} words/s"
    )
    ratio = both_s / read_s
    print(f"ratio b/a: {ratio:.2f} (target <= 2.5: {'met' if ratio <= 2.5 else 'NOT met'})")


if __name__ == "__main__":
    main()
