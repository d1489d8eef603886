"""Opening a claim store: a backend from a SQLite path or a ``postgresql://`` URL."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError
from .store import ClaimStore

ENV_DB = "ATTRIBUTION_DB"


def default_db_path() -> Path:
    """``$ATTRIBUTION_DB`` or ``claims.sqlite`` in the user data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("attribution")) / "claims.sqlite"


def open_store(url_or_path: str | os.PathLike | None = None, **options) -> ClaimStore:
    """Open (creating and migrating as needed) the store at a SQLite path or ``postgresql://`` URL.

    ``None`` opens ``$ATTRIBUTION_DB`` or the default file in the user data directory.

    Args:
        url_or_path: a SQLite file path, ``sqlite://PATH`` or a ``postgresql://`` URL.
        **options: backend options (``schema=`` for PostgreSQL, ``timeout_ms=`` for SQLite).
    """
    target = os.environ.get(ENV_DB) if url_or_path is None else url_or_path
    if target is None or str(target) == "":
        target = default_db_path()
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        return PostgresStore(text, **options)
    if "://" in text and not text.startswith("sqlite://"):
        from .urls import redact_url

        raise StoreError(
            f"unsupported claim store URL {redact_url(text)!r}: "
            "give a SQLite file path or a postgresql:// URL"
        )
    from .sqlite import SQLiteStore

    return SQLiteStore(text.removeprefix("sqlite://"), **options)


__all__ = ["ENV_DB", "default_db_path", "open_store"]
