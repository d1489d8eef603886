#!/usr/bin/env python3
"""Speaker figures: (a) PolNeAR dev speaker accuracy, (b) CheckThat! 2B query/claim speaker
agreement.

(a) Among extracted quotes that match a gold attribution (content overlap >= 0.3,
    shared chars / longer span; the scorer of :mod:`attribution.evaluation`), the
    share whose speaker mention overlaps the gold Source span. Also: how the
    speakers were resolved (paths), and the time the speaker step adds.
(b) For each (query, gold claim) pair of the CheckThat! 2021 2B train+dev qrels:
    how often the query's speaker label ("TRUMP", "PRESIDENT OBAMA") equals the
    claim's speaker ("Donald Trump") as written, after :func:`normalise_name`, after
    :func:`speaker_key`, and after a registry learned from the claims' speakers.

    python benchmarks/speaker_accuracy.py [--corpora ../shared/corpora] [--split dev|train]
    [--errors N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

from attribution.documents import read_conllu
from attribution.extract import extract_quotes
from attribution.speakers import Registry, normalise_name, speaker_key

ROOT = Path(__file__).resolve().parent.parent


def polnear(corpora: Path, *, errors: int = 0, split: str = "dev") -> None:
    from attribution.evaluation.corpus import evaluate, speech_lemmas
    from attribution.evaluation.scoring import Prediction, shared

    conllu = corpora / "polnear" / f"{split}.conllu"
    if not conllu.exists():
        conllu = conllu.with_suffix(".conllu.gz")
    t0 = time.perf_counter()
    if conllu.suffix == ".gz":
        with gzip.open(conllu, "rt", encoding="utf-8") as f:
            data = f.read()
    else:
        data = conllu.read_text("utf-8")
    articles = list(read_conllu(data, source=str(conllu)))
    t_read = time.perf_counter() - t0
    quotes: dict[str, list] = {}
    t0 = time.perf_counter()
    for a in articles:
        quotes[a.id] = list(extract_quotes(a))
    t_extract = time.perf_counter() - t0
    scores, kept = evaluate(
        articles,
        corpora / "polnear" / split / "attributions",
        predict=lambda a: [Prediction.from_quote(q) for q in quotes[a.id]],
        speech=speech_lemmas(),
        keep_articles=True,
    )
    sp = scores.speaker()
    words = sum(len(s.words) for a in articles for s in a.doc.sentences)
    print(
        f"(a) PolNeAR {split} ({len(articles)} articles, {words} words): speaker accuracy on "
        f"matched quotes {sp['accuracy']:.3f} ({sp['correct']}/{sp['pairs_with_gold_source']}; "
        f"{sp['predicted_without_speaker']} of them without a predicted speaker)"
    )
    paths = Counter(
        q.speaker.resolution if q.speaker else "none" for qs in quotes.values() for q in qs
    )
    print(f"    resolution paths: {dict(paths.most_common())}")
    types = Counter(q.speaker.type if q.speaker else "none" for qs in quotes.values() for q in qs)
    print(f"    speaker types: {dict(types.most_common())}")
    print(
        f"    time: CoNLL-U reading {t_read:.2f}s, extraction incl. speakers {t_extract:.2f}s "
        f"({t_extract / t_read:.2f}x reading)"
    )
    # The speaker step alone: resolve every candidate again on fresh resolvers.
    from attribution.reported import detect
    from attribution.speakers import SpeakerResolver

    cands = {a.id: list(detect(a.doc, a.text)) for a in articles}
    t0 = time.perf_counter()
    for a in articles:
        r = SpeakerResolver(a)
        for c in cands[a.id]:
            r.resolve(c)
    print(f"    speaker resolution alone: {time.perf_counter() - t0:.2f}s")
    if errors:
        shown = 0
        for gi, pi, _ in scores.loose:
            g, p = scores.gold[gi], scores.predicted[pi]
            src = g.attribution.source
            if not src or (p.speaker and shared(src, (p.speaker,)) > 0):
                continue
            text = kept[p.doc].text
            gs = " ".join(text[a:b] for a, b in src)
            print(
                f"    MISS {p.doc} gold={gs!r} predicted={p.speaker_text!r} "
                f"quote={text[p.start_char : p.end_char][:60]!r}"
            )
            shown += 1
            if shown >= errors:
                break


def checkthat(corpora: Path) -> None:
    base = corpora / "checkthat-2021-2b"
    claims = {}
    with gzip.open(base / "claims.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            claims[d["id"]] = d.get("speaker") or ""
    registry = Registry()
    for name, n in Counter(claims.values()).most_common():
        if name:
            registry.observe(name, count=n)
    counts = Counter()
    for split in ("train", "dev"):
        queries = {}
        for line in (base / f"{split}.queries.jsonl").read_text("utf-8").splitlines():
            d = json.loads(line)
            queries[d["id"]] = d.get("speaker") or ""
        for line in (base / f"{split}.qrels").read_text("utf-8").splitlines():
            parts = line.split()
            if (
                len(parts) < 4
                or parts[3] == "0"
                or parts[0] not in queries
                or parts[2] not in claims
            ):
                continue
            q, c = queries[parts[0]], claims[parts[2]]
            counts["pairs"] += 1
            counts["raw"] += q == c
            counts["normalise_name"] += bool(normalise_name(q)) and normalise_name(
                q
            ) == normalise_name(c)
            counts["speaker_key"] += bool(speaker_key(q)) and speaker_key(q) == speaker_key(c)
            counts["registry"] += bool(q) and registry.canonical(q) == registry.canonical(c)
    n = counts["pairs"] or 1
    print(
        f"(b) CheckThat! 2B train+dev, {counts['pairs']} query/gold-claim pairs: same speaker "
        f"as written {counts['raw'] / n:.3f}, normalise_name {counts['normalise_name'] / n:.3f}, "
        f"speaker_key {counts['speaker_key'] / n:.3f}, registry learned from claim speakers "
        f"{counts['registry'] / n:.3f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    ap.add_argument("--errors", type=int, default=0, help="list N PolNeAR speaker misses")
    ap.add_argument(
        "--split", choices=("dev", "train"), default="dev", help="PolNeAR split to score (a) on"
    )
    args = ap.parse_args()
    if not args.corpora.exists():
        print(f"no corpora at {args.corpora}; pass --corpora", file=sys.stderr)
        return 2
    polnear(args.corpora, errors=args.errors, split=args.split)
    checkthat(args.corpora)
    return 0


if __name__ == "__main__":
    sys.exit(main())
