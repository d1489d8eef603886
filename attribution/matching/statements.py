"""``match``'s input lines: one JSON statement a line (or, asked for, one statement's text a
line), read the same way everywhere.

The ``match`` command and its distributed form (``match --workers N``) read lines with
:func:`parse_statement` and write results with :func:`result_record`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from ..models import Match


def utf8_line(raw: bytes) -> str:
    """One input line as text; ValueError naming the byte when it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
            "convert the input to UTF-8"
        ) from None


def parse_statement(raw: bytes, *, lines: bool = False) -> dict:
    """One input line as a statement record (a JSON object with a "text" string).

    Args:
        raw: the line, as bytes.
        lines: the line is the statement's text itself (a post, a sentence), not JSON.

    Raises ValueError saying why the line is no statement.
    """
    if lines:
        return {"text": utf8_line(raw).strip()}
    try:
        record = json.loads(utf8_line(raw))
    except RecursionError:
        raise ValueError("not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise ValueError('expected a JSON object with a "text" string')
    return record


def iter_statements(
    stream: Iterable[bytes], *, lines: bool = False
) -> Iterator[tuple[int, dict | ValueError]]:
    """``(line, statement)`` for each non-blank line of a binary stream, or ``(line,
    ValueError)`` saying why the line is no statement; a bad line never stops the others.

    Args:
        stream: the input's lines as bytes (a file opened "rb", stdin's buffer).
        lines: each line is a statement's text, not JSON (:func:`parse_statement`).

    Yields:
        The line number (from 1) and the statement record or the error.
    """
    for number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            yield number, parse_statement(raw, lines=lines)
        except ValueError as why:
            yield number, why


def query_id(record: dict, line: int) -> str:
    """The id a result names its statement by: its own, else ``line-N``."""
    return str(record.get("id") or f"line-{line}")


def result_record(query: str, rank: int, match: Match) -> dict:
    """One output line of ``match -f jsonl``: the query, the rank, the claim and its reasons."""
    return {"query_id": query, "rank": rank, **match.to_dict()}
