"""Peak memory and time against article size: raw text (small stanza models) and CoNLL-U.

    python benchmarks/big_article.py [--sizes 100000 1000000 5000000] [--raw-sizes ...]
                                     [--one-line-sizes ...] [--models DIR] [--skip-raw]

Each measurement is the real CLI in a fresh process, so its peak resident memory is its
own: (a) ``attribution parse ARTICLE.txt --models DIR`` (raw text with paragraph breaks,
and the same text on one line for ``--one-line-sizes``), (b) ``attribution extract
ARTICLE.conllu`` (stanza-style CoNLL-U made by repeating the hand-checked seed parse).
The article is the project's three hand-checked articles repeated to the size. Prints
characters, words, wall and CPU seconds and peak memory (MiB) for each; the small
models are slow (about 1,100 words a second), so a 5 MB raw text takes long. torch runs
one thread (OMP_NUM_THREADS=1): on a busy shared machine more threads wait on each other.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT.parent / "shared" / "models" / "stanza-en-small"
ARTICLES = [
    ROOT / "corpora" / "seed" / "putin-china-2024",
    ROOT / "corpora" / "articles" / "harbour-strike",
    ROOT / "corpora" / "articles" / "budget-vote",
]

# Runs the CLI and reports its own peak memory and CPU time on the last stderr line.
RUNNER = """
import json, resource, sys, time
from attribution.cli import main
started = time.monotonic()
try:
    main(sys.argv[1:], standalone_mode=False)
    status = 0
except SystemExit as exc:
    status = exc.code or 0
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"status": status, "wall": time.monotonic() - started,
                  "cpu": usage.ru_utime + usage.ru_stime, "peak_kib": usage.ru_maxrss}),
      file=sys.stderr)
"""


def raw_text(size: int, *, one_line: bool) -> str:
    """The hand-checked articles repeated to ``size`` characters, cut at a paragraph."""
    parts = [(a.with_suffix(".txt")).read_text(encoding="utf-8").strip() for a in ARTICLES]
    block = "\n\n".join(parts)
    text = ""
    while len(text) < size:
        text += block + "\n\n"
    text = text[:size]
    text = text[: text.rfind("\n\n")] if "\n\n" in text else text
    return re.sub(r"\s*\n\s*", " ", text) if one_line else text


def conllu(size: int) -> str:
    """The seed article's hand-checked parse repeated as one document of about ``size``
    characters, offsets shifted so that they index the repeated text."""
    seed = (ARTICLES[0].with_suffix(".conllu")).read_text(encoding="utf-8")
    body = seed.split("\n", 1)[1]  # without its # newdoc id
    length = max(int(m) for m in re.findall(r"end_char=(\d+)", body)) + 2
    copies, out = max(1, size // length), ["# newdoc id = big\n"]
    for n in range(copies):
        shift = n * length
        out.append(
            re.sub(
                r"(start_char|end_char)=(\d+)",
                lambda m, s=shift: f"{m.group(1)}={int(m.group(2)) + s}",
                body,
            ).replace("# sent_id = ", f"# sent_id = {n}-")
        )
    return "".join(out)


def measure(args: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        # One torch thread: on a shared machine its threads mostly wait on each other.
        env=dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1"),
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith('{"status"')]
    if not lines:
        raise SystemExit(f"the run failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    result = json.loads(lines[-1])
    result["output_lines"] = done.stdout.count("\n")
    return result


def report(kind: str, chars: int, words: int, result: dict) -> None:
    print(
        f"{kind:<26} {chars:>10,} chars {words:>9,} words  wall {result['wall']:8.1f} s  "
        f"cpu {result['cpu']:8.1f} s  peak {result['peak_kib'] / 1024:8.0f} MiB  "
        f"exit {result['status']}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 5_000_000])
    parser.add_argument(
        "--raw-sizes",
        type=int,
        nargs="*",
        default=None,
        help="sizes also parsed from raw text [default: all of --sizes]",
    )
    parser.add_argument(
        "--one-line-sizes",
        type=int,
        nargs="*",
        default=[100_000, 1_000_000],
        help="sizes also parsed as one line with no paragraph break",
    )
    parser.add_argument("--models", type=Path, default=MODELS)
    parser.add_argument("--skip-raw", action="store_true", help="only the CoNLL-U runs")
    args = parser.parse_args()
    raw = not args.skip_raw and (args.models / "resources.json").is_file()
    if not args.skip_raw and not raw:
        print(f"no small models at {args.models}: raw-text runs skipped", file=sys.stderr)
    limit = str(max(args.sizes) * 2)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            data = conllu(size)
            path = Path(tmp) / f"big-{size}.conllu"
            path.write_text(data, encoding="utf-8")
            words = sum(1 for line in data.split("\n") if line[:1].isdigit())
            chars = max(int(m) for m in re.findall(r"end_char=(\d+)", data))
            result = measure(["extract", str(path), "-q", "-o", "/dev/null", "--max-chars", limit])
            report("extract CoNLL-U", chars, words, result)
            if not raw or args.raw_sizes is not None and size not in args.raw_sizes:
                continue
            variants = [("parse raw text", False)]
            if size in args.one_line_sizes:
                variants.append(("parse raw text, one line", True))
            for kind, one_line in variants:
                text = raw_text(size, one_line=one_line)
                path = Path(tmp) / f"big-{size}{'-line' if one_line else ''}.txt"
                path.write_text(text, encoding="utf-8")
                result = measure(
                    ["parse", str(path), "--models", str(args.models), "--cpu", "-q",
                     "-o", "/dev/null", "--max-chars", limit]
                )  # fmt: skip
                report(kind, len(text), len(text.split()), result)


if __name__ == "__main__":
    main()
