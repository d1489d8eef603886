"""Spreadsheet-safe CSV cells: OWASP's advice against CSV (formula) injection.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula; quoted news text and claims come from anyone.
Such cells are written with a leading ``'``, which spreadsheets show as text and
:func:`unescape_cell` takes off again when a claim CSV is read back.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """``value`` with a ``'`` before it when a spreadsheet would run it; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """The inverse of :func:`escape_cell` for a cell read from CSV."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value
