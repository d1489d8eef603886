"""Claims seen before: the store (SQLite or PostgreSQL) and claim files (JSONL, CSV, JSON-LD)."""

from __future__ import annotations

from ..models import Claim
from ..terms import query_terms
from .factory import default_db_path, open_store
from .io import (
    ImportReport,
    claim_from_record,
    content_id,
    import_claims,
    read_claims,
    write_claims,
)
from .store import AddResult, Candidate, ClaimStore

__all__ = [
    "AddResult",
    "Candidate",
    "Claim",
    "ClaimStore",
    "ImportReport",
    "claim_from_record",
    "content_id",
    "default_db_path",
    "import_claims",
    "open_store",
    "query_terms",
    "read_claims",
    "write_claims",
]
