"""Detection time on a paragraph full of quotation marks: it must grow linearly.

    python benchmarks/quote_marks_speed.py [--sizes 1000,5000,10000,20000]

Builds, for each size N, a parsed one-paragraph document (stanza-style CoNLL-U, read with
``documents.read_conllu``) whose sentences hold N quoted words in all (“a” ‘b’ "c" ...,
some marks left unclosed) and a cue ("he said") per sentence, then times
``reported.detect`` and ``quotes.quote_spans``. Prints seconds and microseconds per
mark; per-mark cost should stay flat as N grows. CPU seconds, best of 3.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from attribution.documents import read_conllu  # noqa: E402
from attribution.quotes import quote_spans  # noqa: E402
from attribution.reported import detect  # noqa: E402

PAIRS = [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("“", "")]  # the last one never closes


def build(n_quotes: int, per_sentence: int = 50) -> str:
    """CoNLL-U of one paragraph: sentences of `per_sentence` quoted words, each "..., he said."."""
    lines = ["# newdoc id = marks", "# newpar"]
    pos = 0
    made = 0
    while made < n_quotes:
        k = min(per_sentence, n_quotes - made)
        toks = []  # (form, lemma, upos, head, deprel)
        for j in range(k):
            op, cl = PAIRS[(made + j) % len(PAIRS)]
            toks.append((op, op, "PUNCT", "W", "punct"))
            toks.append((f"w{j}", f"w{j}", "NOUN", "ROOTCC", "obj"))
            if cl:
                toks.append((cl, cl, "PUNCT", "W", "punct"))
        toks += [
            (",", ",", "PUNCT", "SAID", "punct"),
            ("he", "he", "PRON", "SAID", "nsubj"),
            ("said", "say", "VERB", 0, "root"),
            (".", ".", "PUNCT", "SAID", "punct"),
        ]
        said = len(toks) - 1
        first_word = 2
        out = []
        for i, (form, lemma, upos, head, rel) in enumerate(toks, 1):
            if head == "SAID":
                head = said
            elif head == "ROOTCC":
                head = said if i == first_word else first_word
                rel = "ccomp" if i == first_word else rel
            elif head == "W":
                head = i + 1 if i + 1 <= len(toks) and toks[i][2] == "NOUN" else i - 1
            out.append(
                f"{i}\t{form}\t{lemma}\t{upos}\t_\t_\t{head}\t{rel}\t_\t"
                f"start_char={pos}|end_char={pos + len(form)}|ner=O"
            )
            pos += len(form) + 1
        lines += [f"# text = {' '.join(t[0] for t in toks)}"] + out + [""]
        made += k
    return "\n".join(lines) + "\n"


def best(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        func()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000,20000", help="numbers of quoted words")
    args = parser.parse_args()
    print(f"{'marks':>8} {'quote_spans s':>14} {'detect s':>18} {'us/mark':>8}")
    for n in (int(x) for x in args.sizes.split(",")):
        (article,) = read_conllu(build(n))
        marks = sum(article.text.count(m) for m in '“”"‘’«»')
        qs = best(lambda a=article: list(quote_spans(a.text)))
        fc = best(lambda a=article: list(detect(a.doc, a.text)))
        print(f"{marks:8d} {qs:14.3f} {fc:18.3f} {1e6 * fc / marks:8.1f}")


if __name__ == "__main__":
    main()
