"""Quote records as JSON, JSONL, CSV or a terminal table.

Writers take one article's quotes at a time (``add``), so JSONL, CSV and the table
stream as documents finish; JSON collects and writes one array at ``close``.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from ..csvcells import escape_cell

if TYPE_CHECKING:
    from ..documents import Article
    from ..models import Quote

CSV_COLUMNS = (
    "doc",
    "id",
    "kind",
    "text",
    "start_char",
    "end_char",
    "cue_text",
    "cue_lemma",
    "cue_start",
    "cue_end",
    "speaker_mention",
    "speaker_name",
    "speaker_type",
    "speaker_resolution",
    "speaker_start",
    "speaker_end",
    "confidence",
    "sentence",
    "matches",
)


def flatten(quote: dict) -> dict:
    """One CSV row: nested cue/speaker become columns, matches a JSON string."""
    cue = quote.get("cue") or {}
    speaker = quote.get("speaker") or {}
    row = {k: quote.get(k) for k in ("doc", "id", "kind", "text", "start_char", "end_char")}
    row.update(
        cue_text=cue.get("text"),
        cue_lemma=cue.get("lemma"),
        cue_start=cue.get("start_char"),
        cue_end=cue.get("end_char"),
        speaker_mention=speaker.get("mention"),
        speaker_name=speaker.get("name"),
        speaker_type=speaker.get("type"),
        speaker_resolution=speaker.get("resolution"),
        speaker_start=speaker.get("start_char"),
        speaker_end=speaker.get("end_char"),
        confidence=quote.get("confidence"),
        sentence=quote.get("sentence"),
        matches=json.dumps(quote.get("matches") or [], ensure_ascii=False),
    )
    return {k: ("" if v is None else v) for k, v in row.items()}


class Writer:
    """A writer of one format: ``add(article, quotes)`` per article, then ``close()``.

    ``add`` turns the records into their JSON form (the contract in design.md) once, here;
    each format writes that form (``write``).
    """

    def add(self, article: Article | None, quotes: Iterable[Quote]) -> None:
        """One article's quotes (``article`` None: quotes whose article is not at hand)."""
        self.write(
            article.to_dict() if article is not None else None, [q.to_dict() for q in quotes]
        )

    def write(self, article: dict | None, quotes: list[dict]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class JsonWriter(Writer):
    """One JSON array of every quote (collected: a valid document only at the end)."""

    def __init__(self, out: IO[str]):
        self.out = out
        self.quotes: list[dict] = []

    def write(self, article: dict | None, quotes: list[dict]) -> None:
        self.quotes.extend(quotes)

    def close(self) -> None:
        json.dump(self.quotes, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
        self.out.flush()


class JsonlWriter(Writer):
    """One quote a line, written as each article finishes."""

    def __init__(self, out: IO[str]):
        self.out = out

    def write(self, article: dict | None, quotes: list[dict]) -> None:
        for quote in quotes:
            self.out.write(json.dumps(quote, ensure_ascii=False) + "\n")
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


class CsvWriter(Writer):
    """Flattened columns (CSV_COLUMNS), header first, rows as articles finish.

    Cells a spreadsheet would run as a formula get a leading ``'`` unless ``raw``.
    """

    def __init__(self, out: IO[str], *, raw: bool = False):
        self.out, self.raw = out, raw
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, article: dict | None, quotes: list[dict]) -> None:
        for quote in quotes:
            row = flatten(quote)
            self.writer.writerow(row if self.raw else {k: escape_cell(v) for k, v in row.items()})
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut between words with an ellipsis (a first
    word longer than ``width`` is cut where it must be)."""
    text = " ".join(text.split())
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    cut = text[: max(width - 1, 0)]
    if text[len(cut)] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]  # never mid-word: "Riverton Port Authori…"
    return cut.rstrip() + "…"


class TableWriter(Writer):
    """A readable terminal table: speaker, kind, text; widths follow the terminal."""

    def __init__(self, out: IO[str], *, columns: int | None = None):
        self.out = out
        width = columns or shutil.get_terminal_size(fallback=(100, 24)).columns
        width = max(width, 40)
        self.speaker_w = max(10, min(28, width // 4))
        self.kind_w = 8
        self.text_w = width - self.speaker_w - self.kind_w - 4
        self.count = 0
        self._line("speaker", "kind", "text")
        self._line("-" * self.speaker_w, "-" * self.kind_w, "-" * self.text_w)

    def _line(self, speaker: str, kind: str, text: str) -> None:
        self.out.write(
            f"{speaker:<{self.speaker_w}}  {kind:<{self.kind_w}}  {text}".rstrip() + "\n"
        )

    def write(self, article: dict | None, quotes: list[dict]) -> None:
        quotes = list(quotes)
        doc = (article or {}).get("id") or (quotes[0]["doc"] if quotes else None)
        if doc is not None:
            self.out.write(
                f"[{shorten(str(doc), self.speaker_w + self.kind_w + self.text_w)}] "
                f"{len(quotes)} quote{'s' if len(quotes) != 1 else ''}\n"
            )
        for quote in quotes:
            speaker = (quote.get("speaker") or {}).get("name") or "-"
            self._line(
                shorten(speaker, self.speaker_w),
                quote.get("kind") or "",
                shorten(quote.get("text") or "", self.text_w),
            )
        self.count += len(quotes)
        self.out.flush()

    def close(self) -> None:
        self.out.flush()
