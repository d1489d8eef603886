"""Output writers: json, jsonl, csv, table (``records``) and html (``html``, its own module).

``open_writer(fmt, out)`` gives a writer fed one article at a time (``add(article, quotes)``
with an :class:`~attribution.documents.Article` and its :class:`~attribution.models.Quote`
records, then ``close()``); ``write_records`` is the one-call form. The writers serialise
them in one place (:class:`Writer`: ``to_dict()``) and format the JSON records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from ..errors import AttributionError
from .records import (
    CSV_COLUMNS,
    CsvWriter,
    JsonlWriter,
    JsonWriter,
    TableWriter,
    Writer,
    flatten,
)

if TYPE_CHECKING:
    from ..documents import Article
    from ..models import Quote

FORMATS = ("json", "jsonl", "csv", "table", "html")
STREAMING = ("jsonl", "csv", "table")

__all__ = [
    "FORMATS",
    "CSV_COLUMNS",
    "HtmlWriter",
    "Writer",
    "flatten",
    "open_writer",
    "write_records",
]


class HtmlWriter(Writer):
    """Collects (article, quotes) pairs and renders one report page at ``close``."""

    def __init__(self, out: IO[str], *, title: str | None = None):
        from .html import render_report  # imported when asked for: the other formats don't need it

        self.render, self.out, self.title = render_report, out, title
        self.items: list[tuple[dict, list[dict]]] = []

    def write(self, article: dict | None, quotes: list[dict]) -> None:
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


def write_records(
    quotes: Iterable[Quote],
    fmt: str,
    out: IO[str],
    *,
    articles: Iterable[Article] | None = None,
    raw_csv: bool = False,
) -> None:
    """Write quotes as ``fmt``, grouped by their ``doc``, in the order they come.

    Args:
        quotes: Quote records (``pipeline.run`` results' ``quotes``, ``extract_quotes``).
        fmt: one of FORMATS.
        out: the text stream to write to.
        articles: the quotes' articles, which html needs for their text (and which give
            every format its article ids, with no quotes).
        raw_csv: as for :func:`open_writer`.
    """
    writer = open_writer(fmt, out, raw_csv=raw_csv)
    by_doc: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        by_doc[quote.doc].append(quote)
    for article in articles or ():
        writer.add(article, by_doc.pop(article.id, []))
    for doc_quotes in by_doc.values():
        writer.add(None, doc_quotes)
    writer.close()
