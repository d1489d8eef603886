"""The HTML report, checked by parsing what it writes (lxml for the tree, html.parser
for strict tag nesting), never by comparing with saved output."""

from __future__ import annotations

import base64
import hashlib
import zlib
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest

from attribution.models import Cue, Match, Quote, Speaker
from attribution.output.html import PALETTE, render_report, render_speakers_report, safe_url

VOID = {
    "meta",
    "br",
    "img",
    "input",
    "hr",
    "link",
    "wbr",
    "source",
    "area",
    "base",
    "col",
    "embed",
    "track",
}


class StrictNesting(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> while open: {self.stack[-4:]}")
        else:
            self.stack.pop()


def assert_well_nested(page: str) -> None:
    checker = StrictNesting()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []


def parse(page: str):
    return lxml.html.document_fromstring(page)


def quote_fragments(tree, dom_id: str) -> str:
    """The text a quote's highlight covers, fragments joined, badges left out."""
    marks = [m for m in tree.iter("mark") if m.get("data-q") == dom_id]
    parts = []
    for m in marks:
        inner = lxml.html.fromstring(lxml.html.tostring(m, encoding="unicode", with_tail=False))
        for badge in inner.xpath(".//a[contains(concat(' ', @class, ' '), ' badge ')]"):
            badge.drop_tree()
        parts.append(inner.text_content())
    return "".join(parts)


def q(qid, kind, text, content, cue=None, speaker=None, matches=(), confidence=0.8):
    """A quote dict per the contract; offsets found from the substrings given."""
    start = text.index(content)
    rec = {
        "id": qid,
        "kind": kind,
        "text": content,
        "start_char": start,
        "end_char": start + len(content),
        "cue": None,
        "speaker": None,
        "confidence": confidence,
        "sentence": 0,
        "matches": list(matches),
    }
    if cue:
        cue_text, at = cue
        s = text.index(cue_text, at)
        rec["cue"] = {
            "text": cue_text,
            "lemma": cue_text.lower(),
            "start_char": s,
            "end_char": s + len(cue_text),
        }
    if speaker:
        mention, at, name = speaker
        s = text.index(mention, at)
        rec["speaker"] = {
            "mention": mention,
            "start_char": s,
            "end_char": s + len(mention),
            "name": name,
            "type": "PERSON",
            "resolution": "name-variant",
            "confidence": 0.9,
        }
    return rec


TEXT = (
    "Lavrov said that “the West is losing” and added that talks would resume.\n\n"
    "Peskov told reporters: “Moscow is ready.” Maria Zakharova, the spokeswoman, agreed.\n\n"
    "A closing paragraph without quotes."
)


def sample_quotes():
    return [
        q(
            "a:q1",
            "mixed",
            TEXT,
            "that “the West is losing”",
            cue=("said", 0),
            speaker=("Lavrov", 0, "Sergei Lavrov"),
        ),
        q(
            "a:q2",
            "indirect",
            TEXT,
            "that talks would resume",
            cue=("added", 0),
            speaker=("Lavrov", 0, "Sergei Lavrov"),
        ),
        q(
            "a:q3",
            "direct",
            TEXT,
            "“Moscow is ready.”",
            cue=("told", 0),
            speaker=("Peskov", 0, "Dmitry Peskov"),
        ),
    ]


def test_every_quote_is_highlighted_with_its_text_in_paragraphs():
    page = render_report([({"id": "a", "text": TEXT}, sample_quotes())])
    assert_well_nested(page)
    tree = parse(page)
    doc = tree.get_element_by_id("doc-0")
    assert len(doc.xpath(".//div[@class='text']/p")) == 3
    for n, quote in enumerate(sample_quotes(), start=1):
        assert quote_fragments(tree, f"d0-q{n}") == quote["text"]
        mark = next(m for m in tree.iter("mark") if m.get("data-q") == f"d0-q{n}")
        assert f"k-{quote['kind']}" in mark.get("class").split()
        # details entry with kind, cue, mention and canonical name
        item = tree.get_element_by_id(f"d0-q{n}")
        details = item.text_content()
        assert quote["kind"] in details and quote["cue"]["text"] in details
        assert quote["speaker"]["mention"] in details and quote["speaker"]["name"] in details
        assert "name-variant" in details
        # the badge is a focusable link to the details
        badge = tree.get_element_by_id(f"m-d0-q{n}")
        assert badge.tag == "a" and badge.get("href") == f"#d0-q{n}"
    cues = [s.text_content() for s in tree.xpath("//main//span[contains(@class,'cue')]")]
    assert cues == ["said", "added", "told"]
    mentions = [s.text_content() for s in tree.xpath("//main//span[contains(@class,'spk')]")]
    assert mentions == ["Lavrov", "Peskov"]  # one mention shared by two quotes is drawn once


def test_the_text_outside_marks_is_kept_verbatim():
    page = render_report([({"id": "a", "text": TEXT}, sample_quotes())])
    tree = parse(page)
    for badge in tree.xpath("//a[contains(@class,'badge')]"):
        badge.drop_tree()
    paras = [
        p.text_content() for p in tree.get_element_by_id("doc-0").xpath(".//div[@class='text']/p")
    ]
    assert paras == TEXT.split("\n\n")


def test_legend_counts_quotes_per_canonical_speaker_and_colours_differ():
    quotes = sample_quotes() + [q("a:q4", "direct", TEXT, "“Moscow is ready.”")]  # no speaker
    tree = parse(render_report([({"id": "a", "text": TEXT}, quotes)]))
    buttons = tree.xpath("//section[@class='legend']//button")
    legend = {b.get("data-name"): int(b.xpath(".//span[@class='n']")[0].text) for b in buttons}
    assert legend == {"Sergei Lavrov": 2, "Dmitry Peskov": 1, "(no speaker found)": 1}
    assert [b.get("data-name") for b in buttons][0] == "Sergei Lavrov"  # most quoted first
    keys = {b.get("data-name"): b.get("data-filter") for b in buttons}
    css = tree.xpath("//style")[0].text
    colour = {name: css.split(f".{key}{{")[1].split("}")[0] for name, key in keys.items()}
    assert len(set(colour.values())) == 3
    # the article says which speakers it holds, for the filter
    assert set(tree.get_element_by_id("doc-0").get("data-speakers").split()) == set(keys.values())


def test_colours_depend_on_the_name_not_on_input_order():
    one = q(
        "b:q1",
        "direct",
        "Xi said: “yes”.",
        "“yes”",
        cue=("said", 0),
        speaker=("Xi", 0, "Xi Jinping"),
    )

    def colour_of(page, name):
        tree = parse(page)
        key = tree.xpath(f"//button[@data-name='{name}']")[0].get("data-filter")
        return tree.xpath("//style")[0].text.split(f".{key}{{")[1].split("}")[0]

    alone = render_report([({"id": "b", "text": "Xi said: “yes”."}, [one])])
    with_others = render_report(
        [
            ({"id": "a", "text": TEXT}, sample_quotes()[2:]),
            ({"id": "b", "text": "Xi said: “yes”."}, [one]),
        ]
    )
    bg, border = PALETTE[zlib.crc32(b"Xi Jinping") % len(PALETTE)]
    assert colour_of(alone, "Xi Jinping") == f"--bg:{bg};--bd:{border}"
    if zlib.crc32(b"Dmitry Peskov") % len(PALETTE) != zlib.crc32(b"Xi Jinping") % len(PALETTE):
        assert colour_of(with_others, "Xi Jinping") == colour_of(alone, "Xi Jinping")
    assert render_report([({"id": "b", "text": "Xi said: “yes”."}, [one])]) == alone
    # twelve speakers in one report get twelve different colours
    text = " ".join(f"P{i} said “x{i}”." for i in range(12))
    quotes = [
        q(
            f"c:q{i}",
            "direct",
            text,
            f"“x{i}”",
            cue=("said", text.index(f"P{i} ")),
            speaker=(f"P{i}", text.index(f"P{i} "), f"Person {i}"),
        )
        for i in range(12)
    ]
    tree = parse(render_report([({"id": "c", "text": text}, quotes)]))
    css = tree.xpath("//style")[0].text
    slots = {css.split(f".s{i}{{")[1].split("}")[0] for i in range(12)}
    assert len(slots) == 12


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("background,border", PALETTE)
def test_palette_contrast_is_accessible(background, border):
    assert _contrast("#111111", background) >= 7  # body text on the highlight (AAA)
    assert _contrast("#ffffff", border) >= 4.5  # badge letters on the border colour (AA)
    assert _contrast(border, background) >= 3  # the kind border against its highlight


def test_overlapping_and_nested_spans_nest_properly():
    text = (
        "Putin said Lavrov had claimed that “the sanctions failed” before Xi spoke, officials said."
    )
    outer = q(
        "n:q1",
        "indirect",
        text,
        "Lavrov had claimed that “the sanctions failed” before Xi spoke",
        cue=("said", 0),
        speaker=("Putin", 0, "Vladimir Putin"),
    )
    # a quote whose mention and cue sit inside the other's content
    inner = q(
        "n:q2",
        "mixed",
        text,
        "that “the sanctions failed”",
        cue=("claimed", 0),
        speaker=("Lavrov", 0, "Sergei Lavrov"),
    )
    # partial overlap: starts inside the outer quote and runs past its end
    crossing = q(
        "n:q3",
        "indirect",
        text,
        "before Xi spoke, officials",
        cue=("said", 80),
        speaker=("officials", 0, "officials"),
    )
    quotes = [outer, inner, crossing]
    page = render_report([({"id": "n", "text": text}, quotes)])
    assert_well_nested(page)
    tree = parse(page)
    for n, quote in enumerate(quotes, start=1):
        assert quote_fragments(tree, f"d0-q{n}") == quote["text"]
    # the crossing quote is split into two fragments, the first inside the outer mark
    frags = [m for m in tree.iter("mark") if m.get("data-q") == "d0-q3"]
    assert len(frags) == 2
    assert frags[0].getparent().get("data-q") == "d0-q1"
    mention = tree.xpath("//main//span[contains(@class,'spk')][.='Lavrov']")[0]
    assert mention.getparent().get("data-q") == "d0-q1"
    # whole text still there in order
    for badge in tree.xpath("//a[contains(@class,'badge')]"):
        badge.drop_tree()
    assert (
        tree.get_element_by_id("doc-0").xpath(".//div[@class='text']/p")[0].text_content() == text
    )


def test_a_quote_across_paragraphs_is_split_at_the_paragraph():
    text = "He said: “First part.\n\n“Second part,” he went on."
    quote = q(
        "p:q1",
        "direct",
        text,
        "“First part.\n\n“Second part,”",
        cue=("said", 0),
        speaker=("He", 0, "He"),
    )
    page = render_report([({"id": "p", "text": text}, [quote])])
    assert_well_nested(page)
    tree = parse(page)
    paras = tree.get_element_by_id("doc-0").xpath(".//div[@class='text']/p")
    assert len(paras) == 2 and all(p.xpath(".//mark[@data-q='d0-q1']") for p in paras)
    assert quote_fragments(tree, "d0-q1") == "“First part.“Second part,”"
    assert len(tree.xpath("//a[@class='badge']")) == 1  # one badge, at the start


PAYLOADS = [
    "<script>document.title='pwned'</script>",
    '"><img src=x onerror="document.title=\'pwned\'">',
    "</textarea><svg onload=alert(1)>",
    "<!-- x --><style>body{display:none}</style>",
    "javascript:alert(1)",
    "</script><script>alert(1)</script>",
]


def test_input_is_escaped_everywhere():
    text = "Intro. " + " ".join(PAYLOADS) + " Mallory said “" + PAYLOADS[1] + "”."
    content = "“" + PAYLOADS[1] + "”"
    quote = q("x:q1", "direct", text, content, cue=("said", 0), speaker=("Mallory", 0, PAYLOADS[0]))
    quote["speaker"]["resolution"] = PAYLOADS[2]
    quote["kind"] = PAYLOADS[1]
    quote["id"] = PAYLOADS[5]
    quote["matches"] = [
        {
            "claim_id": PAYLOADS[1],
            "score": 91.5,
            "text": PAYLOADS[0],
            "speaker": PAYLOADS[2],
            "date": PAYLOADS[3],
            "verdict": PAYLOADS[5],
            "url": "javascript:alert(1)",
        },
        {"claim_id": "c2", "score": 70, "text": "fine", "url": 'https://example.org/c?a=1&b="2"'},
    ]
    article = {
        "id": PAYLOADS[0],
        "text": text,
        "url": "javascript:alert(1)",
        "outlet": PAYLOADS[1],
        "date": PAYLOADS[2],
    }
    page = render_report(
        [(article, [quote]), ({"id": PAYLOADS[3], "text": PAYLOADS[4]}, [])], title=PAYLOADS[5]
    )
    assert_well_nested(page)
    tree = parse(page)
    scripts = tree.xpath("//script")
    assert len(scripts) == 1 and "pwned" not in scripts[0].text and "alert" not in scripts[0].text
    assert not tree.xpath(
        "//img | //svg | //textarea | //iframe | //object | //embed | //link | //base"
    )
    assert (
        len(tree.xpath("//style")) == 2
        and "display:none}" not in tree.xpath("//style")[0].text.split("}")[-1]
    )
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        assert not [a for a in el.attrib if a.lower().startswith("on")], (el.tag, el.attrib)
        for attr in ("href", "src", "action", "formaction"):
            value = el.get(attr)
            if value is not None:
                assert value.startswith("#") or value.startswith("https://"), value
    assert tree.xpath("//a[@href='https://example.org/c?a=1&b=\"2\"']")
    assert tree.find(".//title").text == PAYLOADS[5]
    assert tree.get_element_by_id("doc-0").xpath(".//h2")[0].text_content() == PAYLOADS[0]
    # the payloads are there as text
    body = tree.get_element_by_id("doc-0").xpath(".//div[@class='text']")[0]
    for badge in body.xpath(".//a[contains(@class,'badge')]"):
        badge.drop_tree()
    assert body.text_content() == text
    assert quote_fragments(tree, "d0-q1") == content
    assert PAYLOADS[0] in tree.get_element_by_id("d0-q1").text_content()
    # an unknown kind never reaches a class name unescaped
    mark = next(tree.iter("mark"))
    assert "k-unknown" in mark.get("class").split()


def test_content_security_policy_allows_only_the_page_script():
    page = render_report([({"id": "a", "text": TEXT}, sample_quotes())])
    tree = parse(page)
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']")[0].get("content")
    script = tree.xpath("//script")[0].text
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "img-src 'none'" in csp


@pytest.mark.parametrize(
    "url,kept",
    [
        ("https://a.example/x", True),
        ("http://a.example", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example", False),
        ("/relative", False),
        ("vbscript:x", False),
        (None, False),
        (3, False),
    ],
)
def test_only_absolute_http_urls_survive(url, kept):
    assert (safe_url(url) is not None) == kept


def test_several_articles_have_a_table_of_contents_and_matches_show():
    match = {
        "claim_id": "pf-1",
        "score": 87.25,
        "text": "The West is losing.",
        "speaker": "Sergei Lavrov",
        "date": "2024-03-01",
        "verdict": "False",
        "url": "https://www.politifact.com/x",
    }
    quotes = sample_quotes()
    quotes[0]["matches"] = [match]
    items = [
        (
            {
                "id": f"art-{i}",
                "text": TEXT,
                "url": "https://news.example/a",
                "outlet": "Daily",
                "date": "2024-05-16",
            },
            quotes if i != 1 else [],
        )
        for i in range(3)
    ]
    page = render_report(items, title="Three")
    assert_well_nested(page)
    tree = parse(page)
    links = tree.xpath("//nav[@class='toc']//a")
    assert [a.text for a in links] == ["art-0", "art-1", "art-2"]
    for a in links:
        assert tree.get_element_by_id(a.get("href")[1:]).tag == "article"
    assert tree.get_element_by_id("doc-1").get("data-speakers") == ""
    assert "No quotes found" in tree.get_element_by_id("doc-1").text_content()
    assert quote_fragments(tree, "d2-q3") == quotes[2]["text"]
    item = tree.get_element_by_id("d0-q1").text_content()
    assert (
        "87.2" in item
        and "False" in item
        and "2024-03-01" in item
        and "The West is losing." in item
    )
    assert tree.get_element_by_id("d0-q1").xpath(".//a[@href='https://www.politifact.com/x']")
    assert "1 claim" in tree.get_element_by_id("d0-q1").xpath(".//summary")[0].text_content()
    legend = {
        b.get("data-name"): int(b.xpath(".//span[@class='n']")[0].text)
        for b in tree.xpath("//section[@class='legend']//button")
    }
    assert legend == {"Sergei Lavrov": 4, "Dmitry Peskov": 2}
    assert tree.find(".//title").text == "Three"
    assert "3 articles, 6 quotes, 2 speakers" in tree.xpath("//p[@class='summary']")[0].text


def test_bad_offsets_and_missing_fields_do_not_break_the_page():
    text = "Short text."
    quotes = [
        {
            "kind": "direct",
            "text": "gone",
            "start_char": 50,
            "end_char": 60,
            "cue": None,
            "speaker": None,
        },
        {
            "kind": "indirect",
            "start_char": 6,
            "end_char": 10,
            "speaker": {"mention": "x", "start_char": -1, "end_char": 3, "name": "X"},
        },
    ]
    page = render_report([({"id": "s", "text": text}, quotes)])
    assert_well_nested(page)
    tree = parse(page)
    assert not [m for m in tree.iter("mark") if m.get("data-q") == "d0-q1"]
    assert "not highlighted" in tree.get_element_by_id("d0-q1").text_content()
    assert quote_fragments(tree, "d0-q2") == "text"
    assert not tree.xpath("//main//span[contains(@class,'spk')]")


def test_quote_records_and_empty_reports():
    text = "Xi said the ties were strong."
    rec = Quote(
        doc="d",
        id="d:q1",
        kind="indirect",
        text="the ties were strong",
        start_char=8,
        end_char=28,
        cue=Cue("said", "say", 3, 7),
        speaker=Speaker("Xi", 0, 2, "Xi Jinping", "PERSON"),
        confidence=0.9,
        sentence=0,
        matches=(Match("c1", 80.0, "Ties are strong"),),
    )
    tree = parse(render_report([({"id": "d", "text": text}, [rec.to_dict()])]))
    assert quote_fragments(tree, "d0-q1") == "the ties were strong"
    assert "Ties are strong" in tree.get_element_by_id("d0-q1").text_content()
    empty = parse(render_report([]))
    assert "0 articles, 0 quotes" in empty.xpath("//p[@class='summary']")[0].text
    assert not empty.xpath("//section[@class='legend']")


def test_speakers_report_lists_speakers_and_escapes():
    quotes = sample_quotes()
    for rec in quotes:
        rec["doc"] = "a"
    speakers = [
        {
            "name": "Sergei Lavrov",
            "type": "PERSON",
            "count": 2,
            "aliases": ["Lavrov", PAYLOADS[1]],
            "quotes": quotes[:2],
        },
        {"name": PAYLOADS[0], "type": "ORG", "count": 1, "aliases": [], "quotes": quotes[2:]},
    ]
    page = render_speakers_report(speakers, title="Speakers")
    assert_well_nested(page)
    tree = parse(page)
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//img")
    names = [h.text_content() for h in tree.xpath("//article//h2")]
    assert names == ["Sergei Lavrov", PAYLOADS[0]]
    assert PAYLOADS[1] in tree.get_element_by_id("speaker-0").text_content()
    assert len(tree.get_element_by_id("speaker-0").xpath(".//li[contains(@class,'qi')]")) == 2
    legend = {
        b.get("data-name"): int(b.xpath(".//span[@class='n']")[0].text)
        for b in tree.xpath("//button[@data-name]")
    }
    assert legend == {"Sergei Lavrov": 2, PAYLOADS[0]: 1}


def test_the_seed_article_from_the_pipeline_is_fully_highlighted():
    seed = Path(__file__).resolve().parent.parent / "corpora" / "seed" / "putin-china-2024.conllu"
    from attribution.documents import read_conllu
    from attribution.extract import extract_quotes

    article = next(read_conllu(seed.read_text(encoding="utf-8"), source=str(seed)))
    quotes = [rec.to_dict() for rec in extract_quotes(article)]
    if not quotes:
        pytest.skip("the extraction pipeline finds no quotes in the seed article yet")
    page = render_report([({"id": article.id, "text": article.text}, quotes)])
    assert_well_nested(page)
    tree = parse(page)
    for n, rec in enumerate(quotes, start=1):
        assert (
            quote_fragments(tree, f"d0-q{n}") == article.text[rec["start_char"] : rec["end_char"]]
        )


def test_speakers_sharing_a_name_stay_apart():
    rows = [
        {"name": "Georgia", "type": "GPE", "count": 2, "aliases": [], "quotes": []},
        {
            "name": "Georgia",
            "type": "PERSON",
            "count": 1,
            "aliases": ["she"],
            "quotes": [],
            "documents": 1,
            "resolutions": {"pronoun": 1},
            "affiliations": ["<i>Party</i>"],
        },
    ]
    tree = parse(render_speakers_report(rows))
    legend = {
        b.get("data-name"): int(b.xpath(".//span[@class='n']")[0].text)
        for b in tree.xpath("//button[@data-name]")
    }
    assert legend == {"Georgia (GPE)": 2, "Georgia (PERSON)": 1}
    meta = tree.get_element_by_id("speaker-1").xpath(".//p[@class='meta']")[0].text_content()
    assert "1 document" in meta and "pronoun 1" in meta and "<i>Party</i>" in meta


SEED_CONLLU = (
    Path(__file__).resolve().parent.parent / "corpora" / "seed" / "putin-china-2024.conllu"
)


def test_cli_extract_and_speakers_write_the_html_report():
    from click.testing import CliRunner

    from attribution.cli import main

    runner = CliRunner()
    done = runner.invoke(main, ["extract", str(SEED_CONLLU), "-f", "html", "-q"])
    assert done.exit_code == 0, done.output
    jsonl = runner.invoke(main, ["extract", str(SEED_CONLLU), "-f", "jsonl", "-q"])
    quotes = [__import__("json").loads(line) for line in jsonl.stdout.splitlines() if line.strip()]
    tree = parse(done.stdout)
    assert_well_nested(done.stdout)
    assert len(tree.xpath("//ol[@class='quotes']/li")) == len(quotes)
    for n, rec in enumerate(quotes, start=1):
        assert quote_fragments(tree, f"d0-q{n}") == rec["text"]
    speakers = runner.invoke(main, ["speakers", str(SEED_CONLLU), "-f", "html"])
    assert speakers.exit_code == 0, speakers.output
    names = {h.text_content() for h in parse(speakers.stdout).xpath("//article//h2")}
    assert names == {rec["speaker"]["name"] for rec in quotes if rec["speaker"]}


def test_two_quotes_on_one_span_keep_both_badges():
    text = "Both said “we agree”."
    first = q("t:q1", "direct", text, "“we agree”", cue=("said", 0), speaker=("Both", 0, "Ann"))
    second = q("t:q2", "direct", text, "“we agree”", cue=("said", 0), speaker=("Both", 0, "Bob"))
    page = render_report([({"id": "t", "text": text}, [first, second])])
    assert_well_nested(page)
    tree = parse(page)
    assert len(tree.xpath("//main//mark")) == 1
    for n in (1, 2):
        assert tree.get_element_by_id(f"m-d0-q{n}").get("href") == f"#d0-q{n}"
        assert tree.xpath(f"//a[@href='#m-d0-q{n}']")
