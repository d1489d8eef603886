"""How big and how fast is the HTML report of a 1,000-article run?

Builds a deterministic synthetic corpus (default 1,000 articles of ~600 words with ~8
quotes each: direct, indirect and mixed, pronoun mentions, claim matches on a quarter), renders
it with ``attribution.output.html.render_report``, prints the file size and the
generation time, then times headless chromium on it: ``--dump-dom`` (load + scripts),
``--screenshot`` (load + layout + paint of the first screen) and the page's own
navigation timings, each against an empty page for the browser's start-up cost.

    python benchmarks/html_report.py [--articles 1000] [--repeat 3] [--out report.html]
    [--no-browser]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from attribution.output.html import render_report

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--window-size=1280,1000",
]

WORDS = """
    government officials economy election campaign policy minister security trade agreement
    president talks country region market vote reform budget border energy conflict press statement
    week report analysts support opposition parliament crisis future plan
""".split()
FIRST = """
    Anna Boris Carla Dmitri Elena Farid Grace Hiro Ines Jamal Kofi Lena Mario Nadia Omar Priya
""".split()
LAST = """
    Ivanova Petrov Silva Okafor Müller Tanaka García Haddad Kowalski Nguyen Rossi Dubois
""".split()
ORGS = ["the Kremlin", "the White House", "the ministry", "NATO", "the central bank", "Reuters"]
CUES = [
    ("said", "say"),
    ("told reporters", "tell"),
    ("argued", "argue"),
    ("warned", "warn"),
    ("added", "add"),
]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


class ArticleBuilder:
    """Appends text and records offsets, so every quote's offsets are exact."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(s)
        self.length += len(s)
        return start, self.length

    @property
    def text(self) -> str:
        return "".join(self.parts)


def synthetic_article(
    i: int, rng: random.Random, speakers: list[tuple[str, str]]
) -> tuple[dict, list[dict]]:
    doc, b, quotes = f"synthetic-{i:04d}", ArticleBuilder(), []
    cast = rng.sample(speakers, 4)
    for p in range(10):  # ~10 paragraphs of ~60 words: ~600 words
        for _ in range(3):
            b.add(sentence(rng, rng.randint(12, 18)) + " ")
        if len(quotes) < 8 and p < 9:
            name, kind_of = rng.choice(cast)
            cue, lemma = rng.choice(CUES)
            mention = name if rng.random() < 0.6 or kind_of == "ORG" else name.split()[-1]
            kind = ("direct", "indirect", "mixed")[len(quotes) % 3]
            ms = b.add(mention)
            b.add(" ")
            cs = b.add(cue)
            b.add(": " if kind == "direct" else " that ")
            if kind == "direct":
                qs = b.add("“" + sentence(rng, rng.randint(8, 14)) + "”")
            elif kind == "indirect":
                qs = b.add(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))))
            else:
                qs = b.add(
                    " ".join(rng.choice(WORDS) for _ in range(5))
                    + " “"
                    + " ".join(rng.choice(WORDS) for _ in range(5))
                    + "”"
                )
            b.add(". ")
            quotes.append(
                make_quote(
                    doc,
                    len(quotes) + 1,
                    kind,
                    qs,
                    (cue, lemma, cs),
                    (mention, name, kind_of, ms),
                    rng,
                )
            )
            if len(quotes) < 8 and rng.random() < 0.5:  # a second quote a sentence later
                b.add(sentence(rng, 8) + " ")
                second = b.add("“" + sentence(rng, rng.randint(6, 12)) + "”")
                b.add(", ")
                cs2 = b.add("he added" if kind_of == "PERSON" else "it added")
                b.add(". ")
                quotes.append(
                    make_quote(
                        doc,
                        len(quotes) + 1,
                        "direct",
                        second,
                        ("added", "add", (cs2[0] + 3, cs2[1])),
                        (
                            "he" if kind_of == "PERSON" else "it",
                            name,
                            kind_of,
                            (cs2[0], cs2[0] + 2),
                        ),
                        rng,
                    )
                )
        b.add("\n\n")
    text = b.text
    for q in quotes:
        q["text"] = text[q["start_char"] : q["end_char"]]
        q["cue"]["text"] = text[q["cue"]["start_char"] : q["cue"]["end_char"]]
        q["speaker"]["mention"] = text[q["speaker"]["start_char"] : q["speaker"]["end_char"]]
    article = {
        "id": doc,
        "text": text.rstrip(),
        "url": f"https://news.example/{doc}",
        "date": "2024-05-16",
        "outlet": "Example News",
    }
    return article, quotes


def make_quote(doc, n, kind, span, cue, speaker, rng) -> dict:
    cue_text, lemma, cue_span = cue
    mention, name, etype, mention_span = speaker
    matches = []
    if rng.random() < 0.25:
        for k in range(rng.randint(1, 3)):
            matches.append(
                {
                    "claim_id": f"pf-{rng.randint(1, 19250)}",
                    "score": round(rng.uniform(40, 99), 1),
                    "text": sentence(rng, 12),
                    "speaker": name,
                    "date": "2023-11-02",
                    "verdict": rng.choice(["False", "Half-True", "Mostly False", "True"]),
                    "url": f"https://www.politifact.example/claim/{k}",
                }
            )
    return {
        "doc": doc,
        "id": f"{doc}:q{n}",
        "kind": kind,
        "text": "",
        "start_char": span[0],
        "end_char": span[1],
        "cue": {
            "text": cue_text,
            "lemma": lemma,
            "start_char": cue_span[0],
            "end_char": cue_span[1],
        },
        "speaker": {
            "mention": mention,
            "start_char": mention_span[0],
            "end_char": mention_span[1],
            "name": name,
            "type": etype,
            "resolution": "mention" if mention == name else "name-variant",
            "confidence": 0.9,
        },
        "confidence": round(rng.uniform(0.5, 0.98), 2),
        "sentence": 0,
        "matches": matches,
        "rule": "synthetic",
    }


def corpus(n: int, seed: int = 6) -> list[tuple[dict, list[dict]]]:
    rng = random.Random(seed)
    people = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(300)})
    speakers = [(p, "PERSON") for p in people] + [(o, "ORG") for o in ORGS]
    return [synthetic_article(i, rng, speakers) for i in range(n)]


def chromium_wall(page: Path, *args: str) -> tuple[float, str]:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        t = time.perf_counter()
        done = subprocess.run(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        wall = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"chromium failed: {done.stderr[-1000:]}")
    return wall, done.stdout


PROBE = """<script>
addEventListener('load',function(){
var ready=performance.now(),n=performance.getEntriesByType('navigation')[0],p={};
performance.getEntriesByType('paint').forEach(function(e){p[e.name]=e.startTime;});
var t0=performance.now(),b=document.querySelector('.legend button[data-filter]');b.click();
document.body.offsetHeight;var filter=performance.now()-t0;b.click();document.body.offsetHeight;
t0=performance.now();document.querySelector('a.badge').click();document.body.offsetHeight;
var panel=performance.now()-t0;
document.body.setAttribute('data-timing',JSON.stringify({domInteractive:n.domInteractive,
domContentLoaded:n.domContentLoadedEventEnd,loadEvent:ready,firstContentfulPaint:p['first-contentful-paint']||null,
filterClickAndLayout:filter,detailsPanel:panel}));});
</script></body>"""


def page_timings(html: str, tmp: Path) -> dict:
    """Navigation timings from inside the page (a probe script added to a CSP-less copy)."""
    probe = tmp / "probe.html"
    probe.write_text(
        re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace(
            "</body>", PROBE
        ),
        encoding="utf-8",
    )
    _, dom = chromium_wall(
        probe, "--dump-dom"
    )  # real time: virtual time would freeze performance.now()
    m = re.search(r'<body data-timing="([^"]*)"', dom)
    return json.loads(m.group(1).replace("&quot;", '"')) if m else {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument(
        "--no-lazy", action="store_true", help="drop content-visibility:auto, to compare"
    )
    args = ap.parse_args()

    t = time.perf_counter()
    items = corpus(args.articles)
    build = time.perf_counter() - t
    words = sum(len(a["text"].split()) for a, _ in items) / len(items)
    quotes = sum(len(q) for _, q in items)
    gen = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        html = render_report(items, title=f"{args.articles} synthetic articles")
        gen.append(time.perf_counter() - t)
    if args.no_lazy:
        html = html.replace("content-visibility:auto;", "")
    size = len(html.encode("utf-8"))
    print(
        f"corpus: {len(items)} articles, {words:.0f} words/article, {quotes} quotes "
        f"({quotes / len(items):.1f}/article), built in {build:.2f}s"
    )
    print(
        f"generation: median {statistics.median(gen):.3f}s over {args.repeat} runs (min "
        f"{min(gen):.3f}s)"
    )
    print(
        f"file size: {size:,} bytes ({size / 2**20:.1f} MiB), {size / len(items) / 1024:.1f} "
        "KiB/article"
    )

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        page = args.out or tmp / "report.html"
        page.write_text(html, encoding="utf-8")
        if args.no_browser or not CHROMIUM.exists():
            print("browser: skipped" + ("" if args.no_browser else f" ({CHROMIUM} not found)"))
            return
        empty = tmp / "empty.html"
        empty.write_text("<!DOCTYPE html><title>empty</title><p>x</p>", encoding="utf-8")
        rows = {}
        for label, target, extra in [
            ("empty page --dump-dom", empty, ["--dump-dom"]),
            ("report --dump-dom", page, ["--dump-dom"]),
            ("empty page --screenshot", empty, [f"--screenshot={tmp / 'e.png'}"]),
            ("report --screenshot", page, [f"--screenshot={tmp / 'r.png'}"]),
        ]:
            rows[label] = statistics.median(
                chromium_wall(target, *extra)[0] for _ in range(args.repeat)
            )
            print(f"chromium {label}: median wall {rows[label]:.2f}s over {args.repeat} runs")
        print(
            "report load+scripts beyond browser start-up: "
            f"{rows['report --dump-dom'] - rows['empty page --dump-dom']:.2f}s; "
            "first screen painted: "
            f"{rows['report --screenshot'] - rows['empty page --screenshot']:.2f}s"
        )
        timing = page_timings(html, tmp)
        print(
            "in-page timings (ms): "
            + ", ".join(f"{k} {v:.0f}" for k, v in timing.items() if v is not None)
        )


if __name__ == "__main__":
    sys.exit(main())
