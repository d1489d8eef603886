"""Which lemmas cue attributions in PolNeAR's TRAIN split, and how reliably.

Writes ``attribution/lexicon/en/cue_evidence.tsv``: per (cue lemma, UPOS) the number
of gold attribution cues, the number of all occurrences of that lemma with that UPOS
in the corpus, their ratio, and a judgment column (speech / belief / other). The
judgments are kept by hand in the TSV: a rerun recomputes the counts and keeps them.

    python benchmarks/cue_evidence.py [--corpora ../shared/corpora] [--top 40]

Only the train split is read, so lexicons curated from this file stay honest on dev.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from collections import Counter
from pathlib import Path

from attribution.documents import read_conllu
from attribution.evaluation.brat import gold_files, read_ann
from attribution.evaluation.gold import cue_lemma
from attribution.sentences import DocumentView

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "attribution" / "lexicon" / "en" / "cue_evidence.tsv"
FIELDS = ["lemma", "upos", "gold_cues", "occurrences", "ratio", "class"]


def word_name(word) -> str:
    """What ``cue_lemma`` would call this word as a cue head: lemma, plus fixed words or
    particles."""
    deps = [w for w in word.sent.words if w.head == word.id]
    fixed = [w for w in deps if w.deprel in ("fixed", "mwe")]
    if fixed:
        return " ".join(w.text.lower() for w in sorted([word, *fixed], key=lambda w: w.id))
    particles = [w.text.lower() for w in deps if w.deprel == "compound:prt"]
    return " ".join([(word.lemma or word.text).lower(), *particles])


def cue_head(words):
    """The word ``cue_lemma`` names, for its UPOS (None for punctuation-only cues)."""
    words = [w for w in words if w.upos != "PUNCT"]
    if not words:
        return None
    inside = {(id(w.sent), w.id) for w in words}
    heads = [w for w in words if (id(w.sent), w.head) not in inside] or words
    return next((w for w in heads if w.upos in ("VERB", "NOUN", "PROPN", "ADJ")), heads[0])


def collect(polnear: Path) -> tuple[Counter, Counter]:
    files = gold_files(polnear / "train" / "attributions")
    with gzip.open(polnear / "train.conllu.gz", "rt", encoding="utf-8") as fh:
        data = fh.read()
    gold, total = Counter(), Counter()
    for n, article in enumerate(read_conllu(data, source="train.conllu.gz"), 1):
        for sentence in article.doc.sentences:
            for word in sentence.words:
                total[word_name(word), word.upos] += 1
        if article.id not in files:
            continue
        document = DocumentView(article.doc, article.text)
        for att in read_ann(files[article.id].path, doc=article.id):
            words = document.words_within(att.cue)
            head = cue_head(words)
            gold[cue_lemma(words, att.cue_text), head.upos if head else "PUNCT"] += 1
        if n % 100 == 0:
            print(f"{n} documents", file=sys.stderr)
    return gold, total


def read_judgments(path: Path) -> dict[tuple[str, str], str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return {(r["lemma"], r["upos"]): r["class"] for r in rows if r.get("class")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--top", type=int, default=40, help="rows to print")
    args = ap.parse_args()
    judged = read_judgments(args.out)
    gold, total = collect(args.corpora / "polnear")
    rows = []
    for (lemma, upos), n in gold.items():
        occ = max(total[lemma, upos], n)  # a cue span the parse splits oddly still occurred once
        rows.append(
            {
                "lemma": lemma,
                "upos": upos,
                "gold_cues": n,
                "occurrences": occ,
                "ratio": f"{n / occ:.3f}",
                "class": judged.get((lemma, upos), ""),
            }
        )
    rows.sort(key=lambda r: (-r["gold_cues"], r["lemma"], r["upos"]))
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# Attribution cues in PolNeAR train (gold cue spans, lemma of the cue's head from the "
            "parse).\n"
            "# gold_cues: annotated cues; occurrences: all words with that lemma and UPOS; ratio = "
            "gold_cues/occurrences.\n"
            "# class (by hand, kept on rerun): speech, belief (beliefs, intentions, perception), "
            "other.\n"
            "# Regenerate: python benchmarks/cue_evidence.py\n"
        )
        writer = csv.DictWriter(fh, FIELDS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{sum(gold.values())} gold cues, {len(rows)} (lemma, UPOS) pairs -> {args.out}")
    print("\t".join(FIELDS))
    for r in rows[: args.top]:
        print("\t".join(str(r[f]) for f in FIELDS))


if __name__ == "__main__":
    main()
