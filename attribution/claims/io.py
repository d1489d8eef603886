"""Reading and writing claim files: JSONL (optionally gzipped), CSV and ClaimReview JSON-LD.

Readers yield ``(line, record-or-error)`` so an import can stop at the first bad line
(naming file and line) or skip it and go on; :func:`import_claims` does either in one
store transaction.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

from ..csvcells import escape_cell, unescape_cell
from ..dates import find_date, normalise_date
from ..errors import InputError
from ..models import Claim
from .store import CLAIM_FIELDS, ClaimStore

FORMATS = ("jsonl", "csv", "claimreview")


class BadRecord(ValueError):
    """One line or record of a claim file that cannot become a claim."""


def content_id(
    text: str, speaker: str | None = None, date: str | None = None, url: str | None = None
) -> str:
    """A stable id for a claim that came without one: a hash of what identifies it."""
    key = "\x1f".join(" ".join((part or "").split()) for part in (text, speaker, date, url))
    return "c-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def _text(value) -> str | None:
    """A field's string value: names inside schema.org objects, first of a list, None if empty."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName") or value.get("@id")
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def claim_from_record(record: dict, *, origin: str | None = None) -> Claim:
    """A Claim from a contract record (id, text, speaker, ...) or a schema.org ClaimReview."""
    if not isinstance(record, dict):
        raise BadRecord(f"expected a JSON object, got {type(record).__name__}")
    if "claimReviewed" in record or record.get("@type") == "ClaimReview":
        return _from_claimreview(record, origin=origin)
    text = _text(record.get("text"))
    if not text:
        raise BadRecord("the claim has no 'text'")
    values = {f: _text(record.get(f)) for f in CLAIM_FIELDS if f not in ("id", "text", "origin")}
    values["date"] = normalise_date(values["date"])
    values["reviewed"] = normalise_date(values["reviewed"])
    claim_id = _text(record.get("id")) or content_id(
        text, values["speaker"], values["date"], values["url"]
    )
    return _storable(
        Claim(id=claim_id, text=text, origin=_text(record.get("origin")) or origin, **values)
    )


def _storable(claim: Claim) -> Claim:
    """The claim, or BadRecord when a field holds U+0000 (PostgreSQL text cannot hold it)."""
    for name in CLAIM_FIELDS:  # not to_dict(): its deep copy was a fifth of an import's time
        value = getattr(claim, name)
        if isinstance(value, str) and "\x00" in value:
            raise BadRecord(
                f"the claim's {name!r} holds a NUL character (U+0000), which a claim store "
                "cannot keep; remove it"
            )
    return claim


def _object(value) -> dict:
    """A JSON object field, or an empty one where the field is missing or not an object."""
    return value if isinstance(value, dict) else {}


def _from_claimreview(record: dict, *, origin: str | None) -> Claim:
    # schema.org ClaimReview: author is the fact-checker; itemReviewed.author is who made the claim.
    text = _text(record.get("claimReviewed"))
    if not text:
        raise BadRecord("the ClaimReview has no 'claimReviewed'")
    item = _object(record.get("itemReviewed"))
    speaker = _text(item.get("author"))
    # Two dates: when the claim was made (the item's) and when it was checked (the review's).
    # A review's date is never the claim's: a fact-check can come years after the claim spread.
    date = normalise_date(_text(item.get("datePublished")))
    phrase = _text(item.get("description"))
    found = find_date(phrase)
    if phrase and found and date in (None, found.isoformat()):
        date = phrase  # "stated on October 28, 2019 in a speech:", as the claim came
    reviewed = normalise_date(_text(record.get("datePublished")))
    rating = _object(record.get("reviewRating"))
    verdict = _text(rating.get("alternateName"))
    url = _text(record.get("url"))
    claim_id = (
        _text(record.get("identifier"))
        or _text(record.get("@id"))
        or content_id(text, speaker, date, url)
    )
    return _storable(
        Claim(
            id=claim_id,
            text=text,
            speaker=speaker,
            date=date,
            reviewed=reviewed,
            verdict=verdict,
            url=url,
            title=_text(record.get("name")) or _text(record.get("headline")),
            source=_text(record.get("author")),
            origin=origin,
        )
    )


def _schema_date(value: str | None) -> str | None:
    """An ISO 8601 date for schema.org: the field when it is one, else a date written in it.

    PolitiFact's "stated on October 28, 2019 in a speech:" becomes "2019-10-28"; a field
    with no date in it is left out rather than written where a date belongs.
    """
    if not value:
        return None
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value  # already ISO 8601 (a date, or a date and time)
    except ValueError:
        found = find_date(value)
    return found.isoformat() if found else None


def to_claimreview(claim: Claim) -> dict:
    """The claim as a schema.org ClaimReview object (the inverse of the reader above)."""
    review: dict = {"@type": "ClaimReview", "identifier": claim.id, "claimReviewed": claim.text}
    if claim.url:
        review["url"] = claim.url
    if claim.title:
        review["name"] = claim.title
    if claim.source:
        review["author"] = {"@type": "Organization", "name": claim.source}
    item: dict = {"@type": "Claim"}
    if claim.speaker:
        item["author"] = {"@type": "Person", "name": claim.speaker}
    made = _schema_date(claim.date)
    if made:
        item["datePublished"] = made
    if claim.date and claim.date != made:
        item["description"] = claim.date  # the phrase it came as: read back as the date
    checked = _schema_date(claim.reviewed)
    if checked:
        review["datePublished"] = checked
    review["itemReviewed"] = item
    if claim.verdict:
        review["reviewRating"] = {"@type": "Rating", "alternateName": claim.verdict}
    return review


# -- reading ---------------------------------------------------------------------------
def detect_format(path: str | Path) -> str:
    name = str(path).lower().removesuffix(".gz")
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".json", ".jsonld")):
        return "claimreview"
    return "jsonl"


@contextmanager
def _open_binary(path: Path) -> Iterator[tuple[Iterable[bytes], Callable[[], int]]]:
    """The file's bytes (gunzipped), and a function giving how many raw bytes were read so far."""
    with open(path, "rb") as raw:
        if path.suffix != ".gz":
            yield raw, raw.tell
            return
        with gzip.GzipFile(fileobj=raw) as stream:
            yield stream, raw.tell


# A claim is a sentence or a paragraph; a longer CSV field is a broken file (an unclosed
# quote swallowing the lines after it), refused by line rather than read into memory.
MAX_FIELD_CHARS = 1_000_000


class _Lines:
    """Text lines of a binary stream, decoded one by one: a line that is not UTF-8 is
    noted in ``bad`` (line number -> why) and read with U+FFFD in its place, so it can
    be refused alone while the lines after it are still read."""

    def __init__(self, stream: Iterable[bytes], tell: Callable[[], int], position):
        self.stream, self.tell, self.position = stream, tell, position
        self.number = 0
        self.bad: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        for raw in self.stream:
            self.number += 1
            if self.number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark
            if self.position and self.number % 2000 == 0:
                self.position(self.tell())
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.bad[self.number] = (
                    f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
                    "convert the file to UTF-8"
                )
                yield raw.decode("utf-8", "replace")


def iter_records(
    path: str | Path, fmt: str | None = None, position: Callable[[int], None] | None = None
) -> Iterator[tuple[int, dict | BadRecord]]:
    """``(line, record)`` for each record of the file, or ``(line, BadRecord)`` for a bad one.

    A bad record (not JSON, not UTF-8, an over-long CSV field) never stops the reading:
    the records after it still come. ``position`` is called now and then with the bytes
    read so far (for progress bars).
    """
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise InputError(f"unknown claim file format {fmt!r}: use one of {', '.join(FORMATS)}")
    with ExitStack() as stack:
        try:
            stream, tell = stack.enter_context(_open_binary(path))
        except OSError as exc:
            raise InputError(f"cannot read claim file {path}: {exc.strerror or exc}") from exc
        lines = _Lines(stream, tell, position)
        try:
            if fmt == "jsonl":
                yield from _jsonl(lines)
            elif fmt == "csv":
                yield from _csv(lines)
            else:
                yield from _claimreview(lines)
        except (OSError, EOFError) as exc:  # a truncated or corrupt gzip stream
            raise InputError(f"{path}: cannot read it as {fmt}: {exc}") from exc


def _jsonl(lines: _Lines) -> Iterator[tuple[int, dict | BadRecord]]:
    for line in lines:
        number = lines.number
        if number in lines.bad:
            yield number, BadRecord(lines.bad[number])
            continue
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, BadRecord(f"not valid JSON ({exc.msg}, column {exc.colno})")
        except RecursionError:
            yield number, BadRecord("not valid JSON (nested too deeply)")


def _csv(lines: _Lines) -> Iterator[tuple[int, dict | BadRecord]]:
    if csv.field_size_limit() < MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as exc:
        header = []
        yield 1, BadRecord(f"the CSV header cannot be read ({exc})")
        return
    if "text" not in header:
        yield (
            1,
            BadRecord(f"the CSV header needs a 'text' column (columns: {', '.join(CLAIM_FIELDS)})"),
        )
        return
    first = lines.number + 1  # the line the next record starts on
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The reader starts afresh on the next line: a bad field loses only its record.
            yield lines.number, BadRecord(_csv_problem(exc))
            first = lines.number + 1
            continue
        last, span, first = lines.number, range(first, lines.number + 1), lines.number + 1
        bad = next((lines.bad[n] for n in span if n in lines.bad), None)
        if bad:
            yield last, BadRecord(bad)
        elif not row:
            continue  # a blank line
        elif len(row) > len(header):
            yield last, BadRecord(f"more cells than the {len(header)} header columns")
        else:
            values = dict(zip(header, row))
            yield last, {k: (unescape_cell(values.get(k) or "") or None) for k in header}


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (
            f"a field longer than {MAX_FIELD_CHARS:,} characters (an unclosed quote "
            "swallowing the lines after it?)"
        )
    return f"not valid CSV ({exc})"


def _claimreview(lines: _Lines) -> Iterator[tuple[int, dict | BadRecord]]:
    text = "".join(lines)
    if lines.bad:
        number = min(lines.bad)
        yield number, BadRecord(f"line {number}: {lines.bad[number]}")
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield exc.lineno, BadRecord(f"not valid JSON ({exc.msg}, column {exc.colno})")
        return
    except RecursionError:
        yield 1, BadRecord("not valid JSON (nested too deeply)")
        return
    if isinstance(data, dict) and "@graph" in data:
        data = data["@graph"]
    # Records of a JSON document have no lines of their own: report their position.
    yield from enumerate(data if isinstance(data, list) else [data], 1)


# -- import ----------------------------------------------------------------------------
@dataclass
class ImportReport:
    """What an import did; ``skipped`` lists "file:line: reason" for each bad record skipped."""

    path: str
    read: int = 0
    added: int = 0
    existing: int = 0
    skipped: list[str] = field(default_factory=list)


def read_claims(
    path: str | Path,
    *,
    fmt: str | None = None,
    skip_bad: bool = False,
    origin: str | None = None,
    report: ImportReport | None = None,
    position: Callable[[int], None] | None = None,
) -> Iterator[Claim]:
    """Claims of a file; a bad record raises :class:`InputError` naming file and line,
    or (``skip_bad``) is noted in ``report.skipped`` and passed over."""
    path = Path(path)
    origin = origin or path.name
    unit = "record" if (fmt or detect_format(path)) == "claimreview" else "line"
    for number, record in iter_records(path, fmt, position):
        try:
            if isinstance(record, BadRecord):
                raise record
            claim = claim_from_record(record, origin=origin)
        except BadRecord as exc:
            message = f"{path}: {unit} {number}: {exc}"
            if not skip_bad:
                raise InputError(
                    message + " (fix it, or pass --skip-bad to import the other records)"
                ) from exc
            if report is not None:
                report.skipped.append(message)
            continue
        if report is not None:
            report.read += 1
        yield claim


def import_claims(
    store: ClaimStore,
    path: str | Path,
    *,
    fmt: str | None = None,
    skip_bad: bool = False,
    origin: str | None = None,
    position: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a claim file in one transaction: all of it (less skipped records) or nothing.

    Claims whose id is already stored are left alone, so importing a file twice adds nothing.
    """
    report = ImportReport(path=str(path))
    claims = read_claims(
        path, fmt=fmt, skip_bad=skip_bad, origin=origin, report=report, position=position
    )
    result = store.add_many(claims)
    report.added, report.existing = result.added, result.existing
    return report


# -- export ----------------------------------------------------------------------------
def write_claims(
    claims: Iterable[Claim], out: IO[str], fmt: str = "jsonl", *, raw_csv: bool = False
) -> int:
    """Write claims as JSONL, CSV or a ClaimReview JSON-LD document; returns how many.

    Args:
        claims: the claims to write.
        out: a text stream.
        fmt: jsonl, csv or claimreview.
        raw_csv: write CSV cells that a spreadsheet would run as a formula as they are
            (by default they get a leading ``'``, see :mod:`attribution.csvcells`).
    """
    count = 0
    if fmt == "jsonl":
        for count, claim in enumerate(claims, 1):  # noqa: B007 (count is the result)
            out.write(json.dumps(claim.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CLAIM_FIELDS, lineterminator="\n")
        writer.writeheader()
        for count, claim in enumerate(claims, 1):  # noqa: B007 (count is the result)
            row = claim.to_dict()
            writer.writerow(row if raw_csv else {k: escape_cell(v) for k, v in row.items()})
    elif fmt == "claimreview":
        out.write('{"@context": "https://schema.org", "@graph": [')
        for count, claim in enumerate(claims, 1):
            out.write(
                ("\n" if count == 1 else ",\n")
                + json.dumps(to_claimreview(claim), ensure_ascii=False)
            )
        out.write("\n]}\n")
    else:
        raise InputError(f"unknown claim export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return count


def export_format(path: str | Path | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    return detect_format(path) if path and str(path) != "-" else "jsonl"
