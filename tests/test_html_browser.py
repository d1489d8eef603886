"""The HTML report in a real browser: Debian's headless chromium renders the seed
article's report (DOM after scripts ran, and a screenshot's pixels), runs the page's
own script (filter, details panel), and executes nothing an article smuggles in.

Run ``python tests/test_html_browser.py`` to refresh docs/seed-report.png.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import lxml.html
import pytest

from attribution.output.html import assign_speakers, render_report, speaker_name

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed"
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
    "--disable-extensions",
    "--mute-audio",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="headless chromium not installed (apt-get install -y chromium; .ci/run installs it)",
    ),
]


def chromium(page: Path, *args: str, timeout: float = 90) -> str:
    """Run headless chromium on a file with a throw-away profile; returns stdout."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        done = subprocess.run(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


def dump_dom(page: Path) -> str:
    return chromium(page, "--dump-dom", "--virtual-time-budget=3000")


def screenshot(page: Path, png: Path, *, width: int = 1100, height: int = 1400) -> None:
    chromium(
        page, f"--screenshot={png}", f"--window-size={width},{height}", "--virtual-time-budget=3000"
    )


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, bytes per pixel, rows of RGB(A) bytes) of an 8-bit non-interlaced PNG; stdlib
    only."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride, rows, prev = width * bpp, [], bytes(width * bpp)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        if kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind in (1, 3, 4):
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                if kind == 1:
                    line[i] = (line[i] + left) & 255
                elif kind == 3:
                    line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
                else:
                    up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    line[i] = (
                        line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
                    ) & 255
        rows.append(bytes(line))
        prev = rows[-1]
    return width, bpp, rows


def colour_counts(path: Path) -> dict[tuple[int, int, int], int]:
    _, bpp, rows = read_png(path)
    counts: dict[tuple[int, int, int], int] = {}
    for row in rows:
        for i in range(0, len(row), bpp):
            px = (row[i], row[i + 1], row[i + 2])
            counts[px] = counts.get(px, 0) + 1
    return counts


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def seed_items() -> tuple[list, str]:
    """The seed article with its quotes: the real pipeline when it finds quotes, else the
    hand-annotated expected quotes; skips when neither exists."""
    conllu = SEED / "putin-china-2024.conllu"
    if conllu.exists():
        from attribution.documents import read_conllu
        from attribution.extract import extract_quotes

        article = next(read_conllu(conllu.read_text(encoding="utf-8"), source=str(conllu)))
        quotes = [q.to_dict() for q in extract_quotes(article)]
        if quotes:
            return [({"id": article.id, "text": article.text}, quotes)], "pipeline"
    expected, text = SEED / "putin-china-2024.expected.jsonl", SEED / "putin-china-2024.txt"
    if expected.exists() and text.exists():
        quotes = [
            json.loads(line)
            for line in expected.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        return [
            ({"id": "putin-china-2024", "text": text.read_text(encoding="utf-8")}, quotes)
        ], "expected"
    pytest.skip(
        "no seed quotes yet: neither the pipeline nor corpora/seed/*.expected.jsonl gives any"
    )


def write_seed_report(path: Path) -> list:
    items, origin = seed_items()
    path.write_text(
        render_report(items, title=f"putin-china-2024 (quotes from the {origin})"), encoding="utf-8"
    )
    return items


def test_seed_report_renders_with_marks_and_legend(tmp_path):
    page = tmp_path / "seed.html"
    items = write_seed_report(page)
    quotes = items[0][1]
    dom = lxml.html.document_fromstring(dump_dom(page))
    assert "js" in dom.get("class", "").split()  # the page's script ran
    marks = dom.xpath("//main//mark")
    assert {m.get("data-q") for m in marks} == {f"d0-q{n}" for n in range(1, len(quotes) + 1)}
    legend = {
        b.get("data-name"): int(b.xpath(".//span[@class='n']")[0].text)
        for b in dom.xpath("//button[@data-name]")
    }
    expected_counts: dict[str, int] = {}
    for q in quotes:
        expected_counts[speaker_name(q) or "(no speaker found)"] = (
            expected_counts.get(speaker_name(q) or "(no speaker found)", 0) + 1
        )
    assert legend == expected_counts
    # pixels: the screenshot shows each on-screen speaker's highlight colour
    png = tmp_path / "seed.png"
    screenshot(page, png)
    assert png.stat().st_size > 20_000
    counts = colour_counts(png)
    assert len(counts) > 50  # text, highlights, borders: not a blank page
    styles = assign_speakers({speaker_name(q): 1 for q in quotes})
    for name in {
        speaker_name(q) for q in quotes if q["end_char"] < 700
    }:  # quotes in the top screenful
        assert counts.get(_rgb(styles[name].background), 0) > 500, name


def test_page_script_filters_by_speaker_and_opens_details(tmp_path):
    items, _ = seed_items()
    quotes = items[0][1]
    other = {"id": "other", "text": "Nobody said: “nothing”."}
    other_q = {
        "id": "o:q1",
        "kind": "direct",
        "text": "“nothing”",
        "start_char": 12,
        "end_char": 22,
        "cue": {"text": "said", "lemma": "say", "start_char": 7, "end_char": 11},
        "speaker": {
            "mention": "Nobody",
            "start_char": 0,
            "end_char": 6,
            "name": "Nobody",
            "type": "PERSON",
        },
    }
    html = render_report(items + [(other, [other_q])])
    # the probe drives the real page script; the CSP is dropped so the probe itself may run
    probe = """<script>
    var r={}, b=document.querySelector('button[data-name="Nobody"]');
    b.click();
    r.pressed=b.getAttribute('aria-pressed');
    r.seedShown=getComputedStyle(document.getElementById('doc-0')).display;
    r.otherShown=getComputedStyle(document.getElementById('doc-1')).display;
    r.status=document.getElementById('filter-state').textContent;
    b.click();
    r.seedAfter=getComputedStyle(document.getElementById('doc-0')).display;
    document.getElementById('m-d0-q1').click();
    var panel=document.getElementById('panel');
    r.panelHidden=panel.hidden; r.panelText=panel.textContent;
    r.detailsOpen=document.querySelector('#d0-q1 details').open;
    document.dispatchEvent(new KeyboardEvent('keydown',{key:'Escape'}));
    r.panelAfterEsc=panel.hidden;
    document.body.setAttribute('data-probe', JSON.stringify(r));
    </script></body>"""
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace(
        "</body>", probe
    )
    page = tmp_path / "probe.html"
    page.write_text(html, encoding="utf-8")
    result = json.loads(
        lxml.html.document_fromstring(dump_dom(page)).find("body").get("data-probe")
    )
    assert result["pressed"] == "true" and "Nobody" in result["status"]
    assert (
        result["seedShown"] == "none"
        and result["otherShown"] == "block"
        and result["seedAfter"] == "block"
    )
    assert result["panelHidden"] is False and result["detailsOpen"] is True
    assert quotes[0]["kind"] in result["panelText"]
    assert result["panelAfterEsc"] is True


XSS = (
    "Breaking. <script>document.title='pwned-script'</script> and "
    '"><img src=x onerror="document.title=\'pwned-img\'"> then </textarea>'
    "<svg onload=\"document.title='pwned-svg'\">"
    " and '><iframe srcdoc=\"<script>parent.document.title='pwned-iframe'</script>\"></iframe>. "
    "The minister said “</script><script>document.title='pwned-quote'</script>”."
)


@pytest.mark.parametrize("with_csp", [True, False], ids=["as-written", "escaping-alone"])
def test_an_article_with_markup_runs_nothing(tmp_path, with_csp):
    start = XSS.index("“")
    quote = {
        "id": "x:q1",
        "kind": "direct",
        "text": XSS[start:],
        "start_char": start,
        "end_char": len(XSS),
        "cue": {
            "text": "said",
            "lemma": "say",
            "start_char": XSS.index("said"),
            "end_char": XSS.index("said") + 4,
        },
        "speaker": {
            "mention": "The minister",
            "start_char": XSS.index("The minister"),
            "end_char": XSS.index("The minister") + 12,
            "name": "<script>document.title='pwned-name'</script>",
        },
        "matches": [
            {
                "claim_id": "c",
                "score": 90,
                "text": "<img src=x onerror=\"document.title='pwned-claim'\">",
                "url": "javascript:document.title='pwned-url'",
            }
        ],
    }
    html = render_report(
        [({"id": "<b>x</b>", "text": XSS, "url": "javascript:alert(1)"}, [quote])],
        title="safe title",
    )
    if not with_csp:  # without the safety net, escaping alone must keep the page inert
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page = tmp_path / "xss.html"
    page.write_text(html, encoding="utf-8")
    dom = lxml.html.document_fromstring(dump_dom(page))
    assert dom.find(".//title").text == "safe title"
    assert not dom.xpath("//img | //svg | //iframe | //textarea")
    assert len(dom.xpath("//script")) == 1
    assert "js" in dom.get("class", "").split()  # the page's own script still ran
    assert "document.title='pwned-script'" in dom.get_element_by_id("doc-0").text_content()


def test_the_harness_would_see_a_script_run(tmp_path):
    """Control for the test above: a page whose script does run changes the dumped title."""
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><title>safe title</title><img src=x onerror=\"document.title='pwned'\">",
        encoding="utf-8",
    )
    assert lxml.html.document_fromstring(dump_dom(page)).find(".//title").text == "pwned"


if __name__ == "__main__":  # refresh the screenshot in docs/
    out = ROOT / "docs" / "seed-report.png"
    out.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "seed.html"
        write_seed_report(page)
        screenshot(page, out, width=1100, height=int(sys.argv[1]) if len(sys.argv) > 1 else 1800)
    print(f"wrote {out} ({out.stat().st_size} bytes)", file=sys.stderr)
