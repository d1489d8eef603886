"""Corpus-scale runs on a Dask cluster: ``extract``/``parse`` with ``--workers N`` or
``--scheduler ADDRESS`` and ``-o DIR`` (the optional ``dask`` extra).

- :mod:`.plan`: the inputs cut into shards of whole documents, saved for a resume;
- :mod:`.shards`: each shard written atomically (JSONL.gz, Parquet or CoNLL-U), with
  its failures; reading a directory of shards back;
- :mod:`.schema`: the quote record as an Arrow schema (Parquet);
- :mod:`.worker`: the models once per worker (a worker plugin) and one shard's work;
- :mod:`.cluster`: the client: plan, resume, submit, progress, summary.
"""

from .shards import read_conllu_shards, read_failures, read_records

__all__ = ["read_conllu_shards", "read_failures", "read_records", "run_on_cluster"]


def __getattr__(name: str):
    if name == "run_on_cluster":  # imports distributed: only when a run asks for it
        from .cluster import run_on_cluster

        return run_on_cluster
    raise AttributeError(f"module 'attribution.distributed' has no attribute {name!r}")
