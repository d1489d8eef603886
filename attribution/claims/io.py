"""Reading and writing claim files: JSONL (optionally gzipped), CSV and ClaimReview JSON-LD.

Readers yield ``(line, record-or-error)`` so an import can stop at the first bad line
(naming file and line) or skip it and go on; :func:`import_claims` does either in one
store transaction.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..dates import normalise_date
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
    claim_id = _text(record.get("id")) or content_id(
        text, values["speaker"], values["date"], values["url"]
    )
    return Claim(id=claim_id, text=text, origin=_text(record.get("origin")) or origin, **values)


def _from_claimreview(record: dict, *, origin: str | None) -> Claim:
    # schema.org ClaimReview: author is the fact-checker; itemReviewed.author is who made the claim.
    text = _text(record.get("claimReviewed"))
    if not text:
        raise BadRecord("the ClaimReview has no 'claimReviewed'")
    item = record.get("itemReviewed") if isinstance(record.get("itemReviewed"), dict) else {}
    speaker = _text(item.get("author"))
    date = normalise_date(_text(item.get("datePublished")) or _text(record.get("datePublished")))
    rating = record.get("reviewRating") if isinstance(record.get("reviewRating"), dict) else {}
    verdict = _text(rating.get("alternateName"))
    url = _text(record.get("url"))
    claim_id = (
        _text(record.get("identifier"))
        or _text(record.get("@id"))
        or content_id(text, speaker, date, url)
    )
    return Claim(
        id=claim_id,
        text=text,
        speaker=speaker,
        date=date,
        verdict=verdict,
        url=url,
        title=_text(record.get("name")) or _text(record.get("headline")),
        source=_text(record.get("author")),
        origin=origin,
    )


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
    if claim.date:
        item["datePublished"] = claim.date
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


def _open_text(path: Path) -> tuple[IO[str], Callable[[], int]]:
    """The file as text, and a function giving how many (compressed) bytes were read so far."""
    raw = open(path, "rb")
    if path.suffix == ".gz":
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw)
    else:
        stream = raw
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""), raw.tell


def iter_records(
    path: str | Path, fmt: str | None = None, position: Callable[[int], None] | None = None
) -> Iterator[tuple[int, dict | BadRecord]]:
    """``(line, record)`` for each record of the file, or ``(line, BadRecord)`` for a bad one.

    ``position`` is called now and then with the bytes read so far (for progress bars).
    """
    path = Path(path)
    fmt = fmt or detect_format(path)
    try:
        handle, tell = _open_text(path)
    except OSError as exc:
        raise InputError(f"cannot read claim file {path}: {exc.strerror or exc}") from exc
    try:
        with handle:
            if fmt == "jsonl":
                yield from _jsonl(handle, tell, position)
            elif fmt == "csv":
                yield from _csv(handle, tell, position)
            elif fmt == "claimreview":
                yield from _claimreview(handle)
            else:
                raise InputError(
                    f"unknown claim file format {fmt!r}: use one of {', '.join(FORMATS)}"
                )
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it as {fmt}: {exc}") from exc


def _jsonl(handle, tell, position) -> Iterator[tuple[int, dict | BadRecord]]:
    for number, line in enumerate(handle, 1):
        if position and number % 2000 == 0:
            position(tell())
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, BadRecord(f"not valid JSON ({exc.msg}, column {exc.colno})")


def _csv(handle, tell, position) -> Iterator[tuple[int, dict | BadRecord]]:
    reader = csv.DictReader(handle)
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield (
            1,
            BadRecord(f"the CSV header needs a 'text' column (columns: {', '.join(CLAIM_FIELDS)})"),
        )
        return
    for number, row in enumerate(reader, 1):
        if position and number % 2000 == 0:
            position(tell())
        if None in row:
            yield (
                reader.line_num,
                BadRecord(f"more cells than the {len(reader.fieldnames)} header columns"),
            )
            continue
        yield reader.line_num, {k: (v if v != "" else None) for k, v in row.items()}


def _claimreview(handle) -> Iterator[tuple[int, dict | BadRecord]]:
    text = handle.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield exc.lineno, BadRecord(f"not valid JSON ({exc.msg}, column {exc.colno})")
        return
    if isinstance(data, dict) and "@graph" in data:
        data = data["@graph"]
    for index, item in enumerate(data if isinstance(data, list) else [data], 1):
        # Records of a JSON document have no lines of their own: report their position.
        yield index, item


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
def write_claims(claims: Iterable[Claim], out: IO[str], fmt: str = "jsonl") -> int:
    """Write claims as JSONL, CSV or a ClaimReview JSON-LD document; returns how many."""
    count = 0
    if fmt == "jsonl":
        for count, claim in enumerate(claims, 1):
            out.write(json.dumps(claim.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CLAIM_FIELDS, lineterminator="\n")
        writer.writeheader()
        for count, claim in enumerate(claims, 1):
            writer.writerow(claim.to_dict())
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
