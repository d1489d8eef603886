"""The annotated article view: one self-contained HTML file for a run.

``render_report(items, *, title=None)`` takes ``(article, quotes)`` pairs (article a
dict ``{id, text, url?, date?, outlet?}``, quotes dicts per the quote-record contract)
and returns the page: each article's text with every quote highlighted in its
speaker's colour, the cue underlined, the speaker mention outlined, a kind badge
per quote, a per-article list of quote details, a speaker legend that filters, and a
table of contents when there are several articles.

Safety: every string from the input goes through ``html.escape(quote=True)``; links
keep only http(s) URLs; nothing is embedded as JSON (data travels in ``data-``
attributes with ids the renderer makes itself); a Content-Security-Policy allows no
network and only the page's own script (by hash), so even a missed escape could not
run anything.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urlsplit

from ..models import speaker_name

KIND_LABELS = {
    "direct": ("D", "direct quote"),
    "indirect": ("I", "indirect quote"),
    "mixed": ("M", "mixed quote"),
}
UNKNOWN_KIND = ("?", "quote")
NO_SPEAKER = "(no speaker found)"

# (background, border) pairs: #111 text on the background is above 12:1, white badge
# text on the border colour and the border against white are above 4.5:1 (checked in
# tests/test_html.py), so colour never carries the meaning alone (badges, borders do).
PALETTE = (
    ("#ffe08a", "#7a5f00"),  # yellow
    ("#b9e3ff", "#005a9c"),  # blue
    ("#ffc9c9", "#b00020"),  # red
    ("#c8f0c0", "#2b6e0b"),  # green
    ("#e6d0ff", "#6a1b9a"),  # purple
    ("#ffd8b0", "#9a3d00"),  # orange
    ("#c4f1ec", "#00695c"),  # teal
    ("#ffd0ec", "#ad1457"),  # pink
    ("#e3e8bf", "#525f00"),  # olive
    ("#d6dcff", "#283593"),  # indigo
    ("#f0dcc8", "#6d4c41"),  # brown
    ("#dcdcdc", "#424242"),  # grey
)
NO_SPEAKER_COLOURS = ("#ffffff", "#5f5f5f")

PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def _esc(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def safe_url(url: Any) -> str | None:
    """The URL if it is an absolute http(s) URL, else None (javascript:, data:, relative)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _link(url: Any, label: str) -> str:
    good = safe_url(url)
    return f'<a href="{_esc(good)}" rel="noreferrer noopener">{_esc(label)}</a>' if good else ""


def _get(record: Any, key: str, default: Any = None) -> Any:
    """A record's field (a JSON object: article, quote, speaker, cue); ``default`` without one."""
    return record.get(key, default) if isinstance(record, Mapping) else default


def _fmt_num(value: Any, digits: int = 2) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


# --- speakers and colours ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpeakerStyle:
    """A speaker's CSS class (``s0``...; ``sx`` for no speaker), colours and quote count."""

    key: str
    name: str
    count: int
    background: str
    border: str


def assign_speakers(counts: Mapping[str | None, int]) -> dict[str | None, SpeakerStyle]:
    """Deterministic colours by speaker name: ``crc32(name)`` picks a palette slot; in one
    report the most quoted speakers probe on to a free slot so they never share a colour
    while slots remain."""
    named = sorted((n for n in counts if n is not None), key=lambda n: (-counts[n], n))
    used: set[int] = set()
    styles: dict[str | None, SpeakerStyle] = {}
    for i, name in enumerate(named):
        slot = zlib.crc32(name.encode("utf-8")) % len(PALETTE)
        if len(used) < len(PALETTE):
            while slot in used:
                slot = (slot + 1) % len(PALETTE)
            used.add(slot)
        bg, border = PALETTE[slot]
        styles[name] = SpeakerStyle(f"s{i}", name, counts[name], bg, border)
    if None in counts:
        styles[None] = SpeakerStyle("sx", NO_SPEAKER, counts[None], *NO_SPEAKER_COLOURS)
    return styles


# --- spans and nesting ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    """One element over ``text[start:end]``; ``rank`` orders equal spans (quote outside
    cue/mention)."""

    start: int
    end: int
    rank: int
    open_tag: str
    close_tag: str
    first: str = ""  # extra markup emitted once, where the span starts (the quote badge)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.start, -self.end, self.rank)


def _valid_offsets(obj: Any, length: int) -> tuple[int, int] | None:
    start, end = _get(obj, "start_char"), _get(obj, "end_char")
    if (
        isinstance(start, bool)
        or isinstance(end, bool)
        or not isinstance(start, int)
        or not isinstance(end, int)
    ):
        return None
    if not 0 <= start < end <= length:
        return None
    return start, end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph; a blank line separates paragraphs."""
    out, pos = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def markup_text(text: str, spans: Sequence[_Span]) -> str:
    """Escape ``text`` into ``<p>`` paragraphs with ``spans`` as properly nested elements.

    Boundaries of all spans cut the text into segments; each segment's active spans,
    sorted outermost first, are compared with the stack of open elements: elements
    past the common prefix close and the missing ones (re)open, so overlapping spans
    are split into fragments that nest. Paragraph ends close everything.
    """
    spans = sorted(spans, key=_Span.sort_key)
    out: list[str] = []
    for p_start, p_end in paragraphs(text):
        local = [s for s in spans if s.start < p_end and s.end > p_start]
        cuts = sorted(
            {
                p_start,
                p_end,
                *(max(s.start, p_start) for s in local),
                *(min(s.end, p_end) for s in local),
            }
        )
        stack: list[_Span] = []
        out.append("<p>")
        for a, b in zip(cuts, cuts[1:]):
            active = [s for s in local if s.start <= a and s.end >= b]
            keep = 0
            while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
                keep += 1
            out.extend(s.close_tag for s in reversed(stack[keep:]))
            for s in active[keep:]:
                out.append(s.open_tag)
                if s.start == a:
                    out.append(s.first)
            stack = active
            out.append(escape(text[a:b], quote=True))
        out.extend(s.close_tag for s in reversed(stack))
        out.append("</p>")
    return "".join(out)


# --- one article ---------------------------------------------------------------------


def _kind(q: Mapping) -> str:
    """The quote's kind; "unknown" when it is missing or not one of KIND_LABELS."""
    kind = q.get("kind")
    return kind if isinstance(kind, str) and kind in KIND_LABELS else "unknown"


def _quote_title(q: Mapping, name: str | None) -> str:
    """The hover summary of a quote (plain text; escaped where it lands in an attribute)."""
    kind = KIND_LABELS.get(_kind(q), UNKNOWN_KIND)[1]
    parts = [kind.capitalize(), name or NO_SPEAKER]
    speaker, cue = q.get("speaker"), q.get("cue")
    if speaker and _get(speaker, "resolution"):
        parts.append(f"resolved by {_get(speaker, 'resolution')}")
    if cue and _get(cue, "text"):
        parts.append(f"cue “{_get(cue, 'text')}”")
    if q.get("confidence") is not None:
        parts.append(f"confidence {_fmt_num(q.get('confidence'))}")
    if q.get("matches"):
        parts.append(f"{len(q['matches'])} matched claim(s)")
    return " · ".join(parts) + " — click for details"


def _quote_spans(
    quotes: Sequence[tuple[str, Mapping]], styles: Mapping, length: int
) -> list[_Span]:
    """Content, cue and mention spans for the quotes; a span shared by several quotes
    (one cue or mention for two quotes) is drawn once."""
    spans: dict[tuple[int, int, int], _Span] = {}
    for dom_id, q in quotes:
        style = styles[speaker_name(q)]
        kind = _kind(q)
        letter, label = KIND_LABELS.get(kind, UNKNOWN_KIND)
        content = _valid_offsets(q, length)
        badge = (
            f'<a class="badge" id="m-{dom_id}" href="#{dom_id}" '
            f'aria-label="{_esc(label)} by {_esc(style.name)}: details">{letter}</a>'
        )
        if (
            content and (*content, 0) in spans
        ):  # same span as an earlier quote: one mark, two badges
            same = spans[(*content, 0)]
            spans[(*content, 0)] = _Span(
                same.start, same.end, 0, same.open_tag, same.close_tag, same.first + badge
            )
        elif content:
            spans[(*content, 0)] = _Span(
                *content,
                0,
                f'<mark class="q k-{kind} {style.key}" data-q="{dom_id}" '
                f'title="{_esc(_quote_title(q, speaker_name(q)))}">',
                "</mark>",
                badge,
            )
        cue = _valid_offsets(q.get("cue"), length)
        if cue and (*cue, 1) not in spans:
            spans[(*cue, 1)] = _Span(
                *cue, 1, f'<span class="cue {style.key}" data-q="{dom_id}" title="cue">', "</span>"
            )
        mention = _valid_offsets(q.get("speaker"), length)
        if mention and (*mention, 2) not in spans:
            spans[(*mention, 2)] = _Span(
                *mention,
                2,
                f'<span class="spk {style.key}" data-q="{dom_id}" '
                f'title="speaker: {_esc(style.name)}">',
                "</span>",
            )
    return list(spans.values())


def _dl(rows: Iterable[tuple[str, str]]) -> str:
    return (
        "<dl>"
        + "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows if value)
        + "</dl>"
    )


def _matches_html(matches: Sequence[Any]) -> str:
    items = []
    for m in matches:
        bits = [f'<span class="score">{_esc(_fmt_num(m.get("score"), 1))}</span>']
        if m.get("verdict"):
            bits.append(f'<span class="verdict">{_esc(m.get("verdict"))}</span>')
        for field in ("date", "speaker"):
            if m.get(field):
                bits.append(_esc(m.get(field)))
        link = _link(m.get("url"), "fact-check")
        items.append(
            f"<li>{' · '.join(bits)}<br><q>{_esc(m.get('text'))}</q>{' ' + link if link else ''}"
            f'<span class="cid"> [{_esc(m.get("claim_id"))}]</span></li>'
        )
    return f'<ol class="matches">{"".join(items)}</ol>' if items else ""


def _quote_item(dom_id: str, q: Mapping, style: SpeakerStyle, text: str) -> str:
    """One quote's entry in the article's list: a one-line summary, details inside."""
    kind = _kind(q)
    letter, label = KIND_LABELS.get(kind, UNKNOWN_KIND)
    speaker, cue = q.get("speaker") or {}, q.get("cue") or {}
    offsets = _valid_offsets(q, len(text))
    quote_text = q.get("text")
    if quote_text is None:
        quote_text = text[offsets[0] : offsets[1]] if offsets else ""
    snippet = quote_text if len(quote_text) <= 90 else quote_text[:87].rstrip() + "…"
    where = (
        f'<a class="back" href="#m-{dom_id}">show in text</a>'
        if offsets
        else '<span class="warn">offsets outside the text: not highlighted</span>'
    )
    speaker_cell = ""
    if speaker:
        speaker_cell = (
            f"“{_esc(_get(speaker, 'mention'))}” → <b>{_esc(_get(speaker, 'name'))}</b>"
            + (f" ({_esc(_get(speaker, 'type'))})" if _get(speaker, "type") else "")
        )
    resolution = ""
    if speaker and _get(speaker, "resolution"):
        resolution = _esc(_get(speaker, "resolution"))
        if _get(speaker, "confidence") is not None:
            resolution += f", confidence {_esc(_fmt_num(_get(speaker, 'confidence')))}"
    rows = [
        (
            "Quote",
            f"<q>{_esc(quote_text)}</q>" if snippet != quote_text else "",
        ),  # else the summary has it
        ("Kind", _esc(kind)),
        (
            "Cue",
            (
                f"“{_esc(_get(cue, 'text'))}”"
                + (f" (lemma {_esc(_get(cue, 'lemma'))})" if _get(cue, "lemma") else "")
            )
            if cue
            else "none",
        ),
        ("Speaker", speaker_cell or "none found"),
        ("Resolution", resolution),
        ("Confidence", _esc(_fmt_num(q.get("confidence")))),
        ("Sentence", _esc(q.get("sentence")) if q.get("sentence") is not None else ""),
        ("Rule", _esc(q.get("rule"))),
        ("Id", _esc(q.get("id"))),
        ("Matched claims", _matches_html(q.get("matches") or ())),
    ]
    n_matches = len(q.get("matches") or ())
    return (
        f'<li id="{dom_id}" class="qi {style.key}"><details><summary>'
        f'<span class="kb k-{kind}" title="{_esc(label)}">{letter}</span> '
        f'<span class="who {style.key}">{_esc(style.name)}</span> <q>{_esc(snippet)}</q>'
        + (
            f' <span class="nm">{n_matches} claim{"s" if n_matches != 1 else ""}</span>'
            if n_matches
            else ""
        )
        + f"</summary>{where}{_dl(rows)}</details></li>"
    )


def _article_html(index: int, article: Any, quotes: Sequence[Mapping], styles: Mapping) -> str:
    text = _get(article, "text") or ""
    text = text if isinstance(text, str) else str(text)
    numbered = [(f"d{index}-q{n}", q) for n, q in enumerate(quotes, start=1)]
    keys = sorted(
        {styles[speaker_name(q)].key for q in quotes}, key=lambda k: (k == "sx", len(k), k)
    )
    meta = [_esc(v) for v in (_get(article, "outlet"), _get(article, "date")) if v]
    link = _link(_get(article, "url"), "source")
    if link:
        meta.append(link)
    items = "".join(_quote_item(dom_id, q, styles[speaker_name(q)], text) for dom_id, q in numbered)
    marked = markup_text(text, _quote_spans(numbered, styles, len(text)))
    return (
        f'<article class="doc" id="doc-{index}" data-speakers="{" ".join(keys)}">'
        f"<header><h2>{_esc(_get(article, 'id') or f'document {index + 1}')}</h2>"
        + (f'<p class="meta">{" · ".join(meta)}</p>' if meta else "")
        + f'</header><div class="text">{marked}</div>'
        + (
            f"<h3>{len(quotes)} quote{'s' if len(quotes) != 1 else ''}</h3>"
            f'<ol class="quotes">{items}</ol>'
            if quotes
            else '<p class="none">No quotes found.</p>'
        )
        + "</article>"
    )


# --- the page ------------------------------------------------------------------------

CSS = """
:root{--fg:#111;--muted:#555;--line:#ddd}
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 Georgia,'Times New Roman',serif;color:var(--fg);background:#fafafa}
header.top,main,nav.toc,section.legend{max-width:52rem;margin:0 auto;padding:0 1rem}
header.top h1{font:700 1.5rem/1.3 system-ui,sans-serif;margin:1.2rem 0 .2rem}
.summary,.meta,.none,.cid,.nm,.warn{font:.85rem system-ui,sans-serif;color:var(--muted)}
h2,h3,nav,section.legend,.quotes,#panel{font-family:system-ui,sans-serif}
h2{font-size:1.2rem;margin:0}
h3{font-size:.95rem;margin:1rem 0 .3rem;color:var(--muted)}
section.legend{position:sticky;top:0;z-index:2;background:#fafafa;
border-bottom:1px solid var(--line);padding-top:.4rem;padding-bottom:.4rem}
.legend ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3rem;
max-height:7.5rem;overflow:auto}
.legend button{font:.85rem system-ui,sans-serif;border:2px solid var(--bd);background:var(--bg);
color:#111;border-radius:1rem;padding:.1rem .6rem;cursor:pointer}
.legend button[aria-pressed=true]{box-shadow:0 0 0 3px #111}
.legend button .n{font-weight:700;margin-left:.3rem}
.legend .keys{font-size:.8rem;color:var(--muted);margin:.3rem 0 0}
.legend .keys mark{padding:0 .2rem}
nav.toc ol{columns:2 18rem;font-size:.9rem;padding-left:1.5rem}
article.doc{background:#fff;border:1px solid var(--line);border-radius:6px;margin:1rem auto;
max-width:52rem;padding:1rem 1.4rem;content-visibility:auto;contain-intrinsic-size:auto 2500px}
.text p{white-space:pre-line;margin:.7rem 0}
mark.q,.sample{background:var(--bg);color:#111;border-bottom:3px solid var(--bd);padding:0 1px;
-webkit-box-decoration-break:clone;box-decoration-break:clone;cursor:pointer}
mark.k-indirect,.sample.k-indirect{border-bottom-style:dashed}
mark.k-mixed,.sample.k-mixed{border-bottom-style:dotted}
mark.sx{background:repeating-linear-gradient(135deg,#fff 0 6px,#eee 6px 12px)}
.sample,.sample-cue,.sample-spk{--bg:#eee;--bd:#424242}
.sample{cursor:default}
mark.q mark.q{border-bottom-width:2px}
a.badge,.sample .badge,.kb{display:inline-block;font:700 .65rem/1.3 system-ui,sans-serif;
vertical-align:.35em;padding:0 .25rem;margin-right:2px;border-radius:3px;background:var(--bd);
color:#fff;text-decoration:none}
.kb{background:#424242;vertical-align:baseline}
a.badge:focus-visible,.legend button:focus-visible,summary:focus-visible{outline:3px solid #111;
outline-offset:2px}
.cue,.sample-cue{text-decoration:underline 2px var(--bd);text-underline-offset:3px;
font-style:italic}
.spk,.sample-spk{font-weight:700;background:var(--bg);outline:2px solid var(--bd);outline-offset:0;
border-radius:2px}
.quotes{font-size:.9rem;padding-left:1.6rem}
.quotes li{margin:.15rem 0}
.quotes summary{cursor:pointer}
.quotes .who{border-left:.8rem solid var(--bd);padding-left:.3rem;font-weight:600}
.quotes li:target>details,.quotes li.hl>details{background:#fff6c2}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0 .6rem}
dt{font-weight:600;color:var(--muted)}
dd{margin:0}
.matches{margin:0;padding-left:1.2rem}
.score{font-weight:700}
.verdict{background:#111;color:#fff;border-radius:3px;padding:0 .3rem}
#panel{position:fixed;right:1rem;bottom:1rem;width:min(28rem,calc(100vw - 2rem));max-height:60vh;
overflow:auto;background:#fff;border:2px solid #111;border-radius:8px;padding:.6rem .9rem;
font-size:.9rem;box-shadow:0 4px 16px rgba(0,0,0,.25);z-index:3}
#panel[hidden]{display:none}
#panel .close{float:right;font-size:1.1rem;border:0;background:none;cursor:pointer}
@media print{section.legend{position:static}#panel{display:none}
article.doc{content-visibility:visible}}
"""

# Delegated handlers, no inline event attributes: legend buttons filter by speaker (a
# generated stylesheet over the renderer's own class names), quotes open a details panel.
SCRIPT = """
(function(){
var panel=document.getElementById('panel'),pbody=panel.querySelector('.pbody'),
    fcss=document.getElementById('filter-css'),current=null,opener=null;
function filter(key){
  current=(key===current)?null:key;
  var bs=document.querySelectorAll('.legend button[data-filter]');
  for(var i=0;i<bs.length;i++){
    bs[i].setAttribute('aria-pressed',String(bs[i].getAttribute('data-filter')===current));
  }
  fcss.textContent=current?(
    'mark.q:not(.'+current+'),.cue:not(.'+current+'),.spk:not(.'+current+')'+
    '{background:none;border-color:transparent;outline:none;text-decoration:none;font-weight:inherit}'+
    'mark.q:not(.'+current+')>a.badge{display:none}'+
    'article.doc:not([data-speakers~="'+current+'"]),'+
    'nav.toc li:not([data-speakers~="'+current+'"]),'+
    '.quotes li.qi:not(.'+current+'){display:none}'):'';
  document.getElementById('filter-state').textContent=current?('Showing only quotes by '+
    document.querySelector('.legend button[data-filter="'+current+'"]').getAttribute('data-name')+
    '.'):'';
}
function show(id,from){
  var li=document.getElementById(id); if(!li){return;}
  var d=li.querySelector('details'); d.open=true;
  var prev=document.querySelector('.quotes li.hl'); if(prev){prev.classList.remove('hl');}
  li.classList.add('hl');
  pbody.textContent='';
  var h=li.querySelector('summary').cloneNode(true), div=document.createElement('div');
  div.className='psum'; while(h.firstChild){div.appendChild(h.firstChild);}
  pbody.appendChild(div); pbody.appendChild(li.querySelector('dl').cloneNode(true));
  var back=document.createElement('a'); back.href='#'+id; back.textContent='in the quote list';
  pbody.appendChild(back);
  opener=from; panel.hidden=false; panel.focus();
}
function hide(){panel.hidden=true; if(opener&&opener.focus){opener.focus();} opener=null;}
document.addEventListener('click',function(e){
  var t=e.target;
  var f=t.closest('[data-filter]'); if(f){filter(f.getAttribute('data-filter'));return;}
  if(t.closest('#panel .close')){hide();return;}
  if(t.closest('#panel')){return;}
  var b=t.closest('a.badge');
  if(b){e.preventDefault(); show(b.getAttribute('href').slice(1),b); return;}
  var m=t.closest('main mark.q,main .cue,main .spk');
  if(m&&!t.closest('a')){
    var id=m.getAttribute('data-q'); show(id,document.getElementById('m-'+id));
  }
});
document.addEventListener('keydown',function(e){if(e.key==='Escape'&&!panel.hidden){hide();}});
document.documentElement.classList.add('js');
})();
"""


def _script_hash() -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode(
        "ascii"
    )


def _speaker_css(styles: Iterable[SpeakerStyle]) -> str:
    return "".join(f".{s.key}{{--bg:{s.background};--bd:{s.border}}}" for s in styles)


def _legend(styles: Sequence[SpeakerStyle], n_quotes: int) -> str:
    buttons = "".join(
        f'<li><button type="button" class="{s.key}" data-filter="{s.key}" '
        f'data-name="{_esc(s.name)}" '
        f'aria-pressed="false" title="show only quotes by {_esc(s.name)}">{_esc(s.name)}'
        f'<span class="n">{s.count}</span></button></li>'
        for s in styles
    )
    keys = (
        '<p class="keys">Kinds: '
        '<span class="sample k-direct"><span class="badge">D</span>direct</span> '
        '<span class="sample k-indirect"><span class="badge">I</span>indirect</span> '
        '<span class="sample k-mixed"><span class="badge">M</span>mixed</span> · '
        '<span class="sample-cue">cue</span> · '
        '<span class="sample-spk">speaker mention</span> · '
        "click a speaker to filter, a quote for details. "
        '<span id="filter-state" role="status"></span></p>'
    )
    return (
        f'<section class="legend" aria-label="Speakers"><ul>{buttons}</ul>{keys}</section>'
        if n_quotes
        else ""
    )


def _toc(entries: Sequence[tuple[int, Any, int, str]]) -> str:
    if len(entries) < 2:
        return ""
    rows = "".join(
        f'<li data-speakers="{keys}">'
        f'<a href="#doc-{i}">{_esc(_get(a, "id") or f"document {i + 1}")}</a>'
        f' <span class="nm">{n} quote{"s" if n != 1 else ""}</span></li>'
        for i, a, n, keys in entries
    )
    return f'<nav class="toc" aria-label="Articles"><h2>Articles</h2><ol>{rows}</ol></nav>'


def _page(title: str, summary: str, body: str, styles: Sequence[SpeakerStyle]) -> str:
    csp = (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src '{_script_hash()}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{CSS}{_speaker_css(styles)}</style>"
        f'<style id="filter-css"></style></head><body>'
        f'<header class="top"><h1>{_esc(title)}</h1><p class="summary">{summary}</p></header>'
        f'{body}<aside id="panel" role="dialog" aria-label="Quote details" tabindex="-1" hidden>'
        '<button type="button" class="close" aria-label="close">×</button>'
        '<div class="pbody"></div></aside>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render_report(
    items: Iterable[tuple[Mapping, Iterable[Mapping]]], *, title: str | None = None
) -> str:
    """The whole report for ``(article, quotes)`` pairs as one self-contained HTML string."""
    pairs = [(article, list(quotes)) for article, quotes in items]
    counts: dict[str | None, int] = {}
    for _, quotes in pairs:
        for q in quotes:
            name = speaker_name(q)
            counts[name] = counts.get(name, 0) + 1
    styles = assign_speakers(counts)
    ordered = sorted(styles.values(), key=lambda s: (s.key == "sx", -s.count, s.name))
    articles, toc = [], []
    for i, (article, quotes) in enumerate(pairs):
        articles.append(_article_html(i, article, quotes, styles))
        keys = " ".join(sorted({styles[speaker_name(q)].key for q in quotes}))
        toc.append((i, article, len(quotes), keys))
    n_quotes = sum(counts.values())
    summary = (
        f"{_plural(len(pairs), 'article')}, {_plural(n_quotes, 'quote')}, "
        f"{_plural(len([n for n in counts if n is not None]), 'speaker')}"
    )
    body = _legend(ordered, n_quotes) + _toc(toc) + "<main>" + "".join(articles) + "</main>"
    return _page(title or "Quote attribution report", summary, body, ordered)


def _speaker_label(row: Mapping, seen: Mapping[str, int]) -> str:
    """The row's name; with its type added when two rows share a name (PERSON vs ORG)."""
    name = str(row.get("name") or NO_SPEAKER)
    return f"{name} ({row.get('type') or 'UNKNOWN'})" if seen[name] > 1 else name


def _speaker_section(i: int, row: Mapping, style: SpeakerStyle) -> str:
    quotes = list(row.get("quotes") or ())
    items = "".join(
        f'<li id="p{i}-q{n}" class="qi {style.key}"><details><summary>'
        f'<span class="kb">{KIND_LABELS.get(_kind(q), UNKNOWN_KIND)[0]}</span> '
        f'<span class="nm">{_esc(q.get("doc"))}</span> <q>{_esc(q.get("text"))}</q></summary>'
        + _dl(
            [
                ("Kind", _esc(q.get("kind"))),
                ("Mention", _esc(_get(q.get("speaker"), "mention"))),
                ("Resolution", _esc(_get(q.get("speaker"), "resolution"))),
                ("Cue", _esc(_get(q.get("cue"), "text"))),
                ("Confidence", _esc(_fmt_num(q.get("confidence")))),
                ("Id", _esc(q.get("id"))),
                ("Matched claims", _matches_html(q.get("matches") or ())),
            ]
        )
        + "</details></li>"
        for n, q in enumerate(quotes, start=1)
    )
    facts = [_esc(row.get("type") or "UNKNOWN"), _plural(style.count, "quote")]
    if row.get("documents") is not None:
        facts.append(_plural(int(row["documents"]), "document"))
    for label, field in (("also", "aliases"), ("affiliation", "affiliations")):
        if row.get(field):
            facts.append(f"{label}: " + ", ".join(_esc(a) for a in row[field]))
    if isinstance(row.get("resolutions"), Mapping) and row["resolutions"]:
        facts.append(
            "resolved by "
            + ", ".join(f"{_esc(k)} {_esc(v)}" for k, v in row["resolutions"].items())
        )
    return (
        f'<article class="doc" id="speaker-{i}" data-speakers="{style.key}"><header>'
        f'<h2><span class="who {style.key}">{_esc(style.name)}</span></h2>'
        f'<p class="meta">{" · ".join(facts)}</p></header>'
        + (f'<ol class="quotes">{items}</ol>' if items else "")
        + "</article>"
    )


def render_speakers_report(speakers: Iterable[Mapping], *, title: str | None = None) -> str:
    """``attribution speakers -f html``: one section per speaker row ({name, type, count,
    aliases, quotes, ...}), most quoted first; the legend filters as in the article report."""
    rows = [dict(s) for s in speakers]
    seen: dict[str, int] = {}
    for row in rows:
        seen[str(row.get("name") or NO_SPEAKER)] = (
            seen.get(str(row.get("name") or NO_SPEAKER), 0) + 1
        )
    labels = [_speaker_label(row, seen) for row in rows]
    counts: dict[str | None, int] = {}
    for label, row in zip(labels, rows):
        count = row.get("count")
        counts[label] = counts.get(label, 0) + (
            int(count) if isinstance(count, int) else len(row.get("quotes") or ())
        )
    styles = assign_speakers(counts)
    order = sorted(range(len(rows)), key=lambda i: (-counts[labels[i]], labels[i]))
    sections = "".join(_speaker_section(i, rows[k], styles[labels[k]]) for i, k in enumerate(order))
    ordered = sorted(styles.values(), key=lambda s: (-s.count, s.name))
    summary = f"{_plural(len(rows), 'speaker')}, {_plural(sum(counts.values()), 'quote')}"
    body = _legend(ordered, sum(counts.values()) or len(rows)) + "<main>" + sections + "</main>"
    return _page(title or "Speakers", summary, body, ordered)
