"""The quote record (design.md's contract) as an Arrow schema, for Parquet shards.

Nested fields stay nested (``cue``, ``speaker`` structs, ``pieces`` and ``matches`` lists of
structs),
so ``pyarrow``, DuckDB, Spark or pandas read the records as they are. A match's
``reasons`` (free-form evidence) is kept as a JSON string. Reading a shard back gives the
dicts ``extract -f jsonl`` writes.
"""

from __future__ import annotations

import io
import json

from ..errors import AttributionError


def record_schema():
    """The pyarrow schema of a quote record."""
    import pyarrow as pa

    cue = pa.struct(
        [
            ("text", pa.string()),
            ("lemma", pa.string()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
        ]
    )
    speaker = pa.struct(
        [
            ("mention", pa.string()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("name", pa.string()),
            ("type", pa.string()),
            ("resolution", pa.string()),
            ("confidence", pa.float64()),
            ("affiliation", pa.string()),
            ("role", pa.string()),
        ]
    )
    match = pa.struct(
        [
            ("claim_id", pa.string()),
            ("score", pa.float64()),
            ("text", pa.string()),
            ("speaker", pa.string()),
            ("date", pa.string()),
            ("verdict", pa.string()),
            ("url", pa.string()),
            ("reasons", pa.string()),  # JSON
        ]
    )
    piece = pa.struct(
        [
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("text", pa.string()),
        ]
    )
    return pa.schema(
        [
            ("doc", pa.string()),
            ("id", pa.string()),
            ("kind", pa.string()),
            ("text", pa.string()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("pieces", pa.list_(piece)),
            ("cue", cue),
            ("speaker", speaker),
            ("confidence", pa.float64()),
            ("sentence", pa.int64()),
            ("matches", pa.list_(match)),
            ("rule", pa.string()),
        ]
    )


def _flat(record: dict, names: set[str]) -> dict:
    unknown = set(record) - names
    if unknown:
        raise AttributionError(
            f"quote record field(s) {', '.join(sorted(unknown))} are not in the Parquet schema "
            "(attribution/distributed/schema.py): extend it with the record"
        )
    matches = [{**m, "reasons": json.dumps(m.get("reasons") or {})} for m in record["matches"]]
    return {**record, "matches": matches}


def to_parquet(records: list[dict]) -> bytes:
    """The records as the bytes of one Parquet file with :func:`record_schema`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = record_schema()
    names = set(schema.names)
    table = pa.Table.from_pylist([_flat(r, names) for r in records], schema=schema)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def from_parquet(data: bytes) -> list[dict]:
    """Records back from :func:`to_parquet`'s bytes, as ``extract -f jsonl`` writes them."""
    import pyarrow.parquet as pq

    records = pq.read_table(io.BytesIO(data)).to_pylist()
    for record in records:
        speaker = record.get("speaker")
        for key in ("affiliation", "role"):
            if speaker is not None and speaker.get(key) is None:
                del speaker[key]  # Speaker.to_dict leaves out an empty affiliation or role
        for match in record["matches"]:
            match["reasons"] = json.loads(match["reasons"])
    return records
