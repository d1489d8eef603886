"""Turning Scores into a readable table, and listing misses and false alarms."""

from __future__ import annotations

from ..documents import Article
from ..sentences import DocumentView
from .scoring import Scores


def _row(name: str, m: dict) -> str:
    # "-" where a figure is undefined (nothing predicted, or no gold) rather than a misleading 0
    p = f"{m['precision']:>6.3f}" if m["predicted"] else f"{'-':>6}"
    r = f"{m['recall']:>6.3f}" if m["gold"] else f"{'-':>6}"
    f = f"{m['f1']:>6.3f}" if m["predicted"] and m["gold"] else f"{'-':>6}"
    return (
        f"{name:<24} {p} {r} {f} {m['correct_predicted']:>6}/{m['predicted']:<6} "
        f"{m['found_gold']:>6}/{m['gold']:<6}"
    )


HEADER = f"{'':<24} {'P':>6} {'R':>6} {'F1':>6} {'right/predicted':>15} {'found/gold':>13}"


def table(result: dict, *, top_cues: int = 15) -> str:
    """The report as aligned text (``result`` is ``Scores.to_dict()``)."""
    c, sp = result["counts"], result["speaker"]
    lines = [
        f"documents {c['docs']}   gold attributions {c['gold']} (speech {c['gold_speech']}, "
        f"belief/other {c['gold_other']})   predicted quotes {c['predicted']}",
        "",
        HEADER,
        _row(f"loose  (overlap >= {result['loose']['threshold']})", result["loose"]),
        _row(f"strict (overlap >= {result['strict']['threshold']})", result["strict"]),
        "",
        f"speaker accuracy {sp['accuracy']:.3f}  "
        f"({sp['correct']}/{sp['pairs_with_gold_source']} loose pairs with a gold source; "
        f"{sp['predicted_without_speaker']} predicted without speaker)",
        "",
        "by kind (loose; gold kind from quotation marks in the content)",
        HEADER,
    ]
    lines += [_row(k, m) for k, m in result["by_kind"].items()]
    cues = list(result["by_cue"].items())
    lines += [
        "",
        "by cue lemma (loose; recall per gold cue, precision per predicted cue; top "
        f"{min(top_cues, len(cues))} of {len(cues)})",
        HEADER,
    ]
    lines += [_row(k[:24], m) for k, m in cues[:top_cues]]
    if result["notes"]:
        lines += ["", *(f"note: {n}" for n in result["notes"])]
    return "\n".join(lines)


def _sentence(document: DocumentView | None, article: Article, offset: int) -> str:
    sentence = document.sentence_at(offset) if document is not None else None
    if sentence is not None and sentence.text:
        return sentence.text
    return " ".join(article.text[max(0, offset - 80) : offset + 160].split())


def errors(scores: Scores, articles: dict[str, Article]) -> dict:
    """Speech attributions missed and predictions matching no gold, with their sentences."""
    views: dict[str, DocumentView | None] = {}

    def where(doc: str, offset: int) -> str:
        if doc not in articles:
            return ""
        article = articles[doc]
        if doc not in views:
            views[doc] = DocumentView(article.doc, article.text) if article.doc else None
        return _sentence(views[doc], article, offset)

    misses = [
        {
            "doc": g.doc,
            "gold": g.attribution.id,
            "kind": g.kind,
            "cue": g.cue_lemma,
            "content": [list(p) for p in g.attribution.content],
            "text": g.attribution.content_text,
            "source": g.attribution.source_text,
            "sentence": where(g.doc, g.attribution.content[0][0]),
        }
        for g in scores.misses()
    ]
    alarms = []
    for p in scores.false_alarms():
        text = articles[p.doc].text[p.start_char : p.end_char] if p.doc in articles else ""
        alarms.append(
            {
                "doc": p.doc,
                "id": p.id,
                "kind": p.kind,
                "cue": p.cue_lemma,
                "content": [[p.start_char, p.end_char]],
                "text": text,
                "speaker": p.speaker_text,
                "sentence": where(p.doc, p.start_char),
            }
        )
    return {"misses": misses, "false_alarms": alarms}


def errors_text(listing: dict) -> str:
    lines = [f"\nmisses ({len(listing['misses'])} speech attributions not found)"]
    for m in listing["misses"]:
        spans = ";".join(f"{s}-{e}" for s, e in m["content"])
        lines += [
            f"- {m['doc']} {m['gold']} [{spans}] {m['kind']} cue={m['cue']!r}: {m['text']}",
            f"    sentence: {m['sentence']}",
        ]
    lines.append(
        f"\nfalse alarms ({len(listing['false_alarms'])} predictions overlapping no gold "
        "attribution)"
    )
    for a in listing["false_alarms"]:
        ((s, e),) = a["content"]
        lines += [
            f"- {a['doc']} {a['id']} [{s}-{e}] {a['kind']} cue={a['cue']!r}: {a['text']}",
            f"    sentence: {a['sentence']}",
        ]
    return "\n".join(lines)
