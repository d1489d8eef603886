"""Output writers: json, jsonl, csv, table (``records``) and html (``html``, its own module).

``open_writer(fmt, out)`` gives a writer fed one article at a time (``add(article_dict,
quote_dicts)``, then ``close()``); ``write_records`` is the one-call form.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import IO

from ..errors import AttributionError
from .records import CSV_COLUMNS, CsvWriter, JsonlWriter, JsonWriter, TableWriter, flatten

FORMATS = ("json", "jsonl", "csv", "table", "html")
STREAMING = ("jsonl", "csv", "table")

__all__ = ["FORMATS", "CSV_COLUMNS", "open_writer", "write_records", "flatten", "HtmlWriter"]


class HtmlWriter:
    """Collects (article, quotes) pairs and renders one report page at ``close``."""

    def __init__(self, out: IO[str], *, title: str | None = None):
        from .html import render_report  # imported when asked for: the other formats don't need it

        self.render, self.out, self.title = render_report, out, title
        self.items: list[tuple[dict, list[dict]]] = []

    def add(self, article: dict | None, quotes: Iterable[dict]) -> None:
        quotes = list(quotes)
        if article is None:  # quotes without their article: a bare page for their doc
            article = {
                "id": quotes[0]["doc"] if quotes else "",
                "text": "",
                "url": None,
                "date": None,
                "outlet": None,
            }
        self.items.append((article, quotes))

    def close(self) -> None:
        self.out.write(self.render(self.items, title=self.title))
        self.out.flush()


def open_writer(fmt: str, out: IO[str], *, title: str | None = None, raw_csv: bool = False):
    """A writer for ``fmt`` (one of FORMATS) over the text stream ``out``.

    Args:
        fmt: one of FORMATS.
        out: the text stream to write to.
        title: the html report's title.
        raw_csv: csv cells that a spreadsheet would run as a formula are written as they
            are (by default they get a leading ``'``: :mod:`attribution.csvcells`).
    """
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "csv":
        return CsvWriter(out, raw=raw_csv)
    if fmt == "table":
        return TableWriter(out)
    if fmt == "html":
        return HtmlWriter(out, title=title)
    raise AttributionError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")


def _as_dict(article) -> dict:
    return article if isinstance(article, dict) else article.to_dict()


def write_records(quote_dicts: Iterable[dict], fmt: str, out: IO[str], *, articles=None) -> None:
    """Write quote dicts as ``fmt``. ``articles`` (dicts or Articles) give html its texts.

    For the streaming formats quotes are written as they come, grouped by their ``doc``.
    """
    writer = open_writer(fmt, out)
    if fmt == "html":
        by_doc: dict[str | None, list[dict]] = defaultdict(list)
        for quote in quote_dicts:
            by_doc[quote.get("doc")].append(quote)
        for article in articles or ():
            article = _as_dict(article)
            writer.add(article, by_doc.pop(article["id"], []))
        for quotes in by_doc.values():
            writer.add(None, quotes)
    else:
        pending: list[dict] = []
        for quote in quote_dicts:
            if pending and quote.get("doc") != pending[-1].get("doc"):
                writer.add(None, pending)
                pending = []
            pending.append(quote)
        if pending:
            writer.add(None, pending)
    writer.close()
