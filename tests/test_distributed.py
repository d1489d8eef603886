"""Corpus-scale runs on a real Dask cluster (``attribution.distributed``, the ``dask`` extra).

The plan and the shard files are tested on their own; the runs go through the real CLI on
a real LocalCluster of 2 worker processes: one the command starts itself (``--workers 2``),
one shared by the tests (``--scheduler ADDRESS``), so that only two clusters start.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, ROOT

pytest.importorskip("distributed", reason="the dask extra is not installed")
pytest.importorskip("pyarrow", reason="the dask extra is not installed")

from attribution.cli import main  # noqa: E402
from attribution.distributed import read_conllu_shards, read_failures, read_records  # noqa: E402
from attribution.distributed.plan import (  # noqa: E402
    expand,
    make_plan,
    part_documents,
    read_bytes,
)
from attribution.distributed.schema import from_parquet, record_schema, to_parquet  # noqa: E402
from attribution.distributed.shards import (  # noqa: E402
    commit_shard,
    encode_records,
    finished,
    remove_leftovers,
    shard_name,
)
from attribution.documents import (
    MAX_CHARS,
    InputFailure,
    load_inputs,
)  # noqa: E402

INPUTS = DATA / "inputs"
SEED = ROOT / "corpora" / "seed" / "putin-china-2024.conllu"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def errors(stderr: str) -> list[str]:
    return sorted(
        line.removeprefix("error: ") for line in stderr.splitlines() if line.startswith("error: ")
    )


def recorded_errors(directory: Path) -> list[str]:
    return sorted(str(InputFailure(**f)) for f in read_failures(directory))


def first_docs(path: Path, count: int, out: Path) -> Path:
    """The first ``count`` documents of a CoNLL-U file (the suite runs on 2 shared cores)."""
    data = path.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"^# newdoc id = ", data, re.MULTILINE)]
    out.write_text(data[: starts[count]] if count < len(starts) else data, encoding="utf-8")
    return out


def cli(*args, **kwargs):
    """The real command in its own process (it can be killed)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "from attribution.cli import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], env=env, **kwargs)


# -- the plan: documents spread over shards ----------------------------------------------


def _documents_of(plan, max_chars: int | None = MAX_CHARS) -> list:
    """Every document and failure the plan's parts hold, read part by part as workers do."""
    out = []
    for shard in plan.shards:
        for part in shard.parts:
            data = read_bytes(part.location, part.start, part.end)
            out += list(part_documents(part, data, max_chars))
    return out


def _same(items) -> list:
    return [
        (i.id, i.text, i.source, i.url, i.date, i.meta) if not isinstance(i, InputFailure) else i
        for i in items
    ]


def test_one_file_is_spread_over_shards_with_the_ids_and_lines_of_the_whole(tmp_path):
    big = tmp_path / "big.conllu"
    big.write_text(
        SEED.read_text(encoding="utf-8") + (INPUTS / "two-docs.conllu").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    namesake = tmp_path / "other" / "lavrov-talks.txt"  # its id gets its folder: other/...
    namesake.parent.mkdir()
    namesake.write_bytes((INPUTS / "lavrov-talks.txt").read_bytes())
    inputs = [str(INPUTS / "articles.jsonl"), str(big), str(INPUTS / "lavrov-talks.txt")]
    inputs.append(str(namesake))
    plan = make_plan("extract", inputs, options={}, shard_docs=2)
    # articles.jsonl: 6 non-blank lines (3 articles, 3 bad lines); big.conllu: 3 documents.
    assert [s.docs for s in plan.shards] == [2, 2, 2, 2, 2, 1]
    assert sum(len(s.parts) for s in plan.shards) > len(plan.shards)  # shards cross files
    whole = list(load_inputs(inputs))
    assert _same(_documents_of(plan)) == _same(whole)
    # The same documents whatever the shard size: the plan never depends on the workers.
    assert _same(_documents_of(make_plan("extract", inputs, options={}, shard_docs=5))) == _same(
        whole
    )


def test_documents_over_the_length_limit_are_refused_as_in_one_process():
    inputs = [str(INPUTS / "articles.jsonl"), str(INPUTS / "lavrov-talks.txt")]
    plan = make_plan("extract", inputs, options={}, shard_docs=2)
    spread = _same(_documents_of(plan, max_chars=50))
    assert spread == _same(load_inputs(inputs, max_chars=50))
    assert any(isinstance(i, InputFailure) and "over the limit" in i.message for i in spread)


def test_gzipped_and_unreadable_inputs(tmp_path):
    packed = tmp_path / "articles.jsonl.gz"
    packed.write_bytes(gzip.compress((INPUTS / "articles.jsonl").read_bytes()))
    plan = make_plan("extract", [str(packed), str(tmp_path / "missing.txt")], options={})
    assert [f.message for f in plan.failures] == ["no such file"]
    parts = [p for s in plan.shards for p in s.parts]
    assert parts and all(p.gz for p in parts)


def test_fsspec_urls_are_inputs(tmp_path):
    pattern = INPUTS.resolve().as_uri() + "/*.jsonl"  # file:// through fsspec, a glob
    (url,) = expand([pattern])
    assert url == (INPUTS / "articles.jsonl").resolve().as_uri()
    plan = make_plan("extract", [url], options={}, shard_docs=3)
    docs = [i.id for i in _documents_of(plan) if not isinstance(i, InputFailure)]
    assert docs == [
        a.id for a in load_inputs([INPUTS / "articles.jsonl"]) if not isinstance(a, InputFailure)
    ]


# -- shards: written whole, read back ----------------------------------------------------


def _seed_records() -> list[dict]:
    result = run("extract", SEED, "-q")
    assert result.exit_code == 0, result.output
    return jsonl(result.stdout)


def test_shards_are_committed_whole_and_failures_go_with_them(tmp_path):
    records = _seed_records()
    failure = {"path": "x.jsonl, line 2", "line": None, "message": "bad"}
    commit_shard(tmp_path, 3, "jsonl", encode_records(records, "jsonl"), [failure])
    assert finished(tmp_path, "jsonl") == {3}
    assert list(read_records(tmp_path)) == records
    assert read_failures(tmp_path) == [failure]
    # A redo without failures leaves no stale failures file behind.
    commit_shard(tmp_path, 3, "jsonl", encode_records(records, "jsonl"), [])
    assert read_failures(tmp_path) == []
    (tmp_path / f".tmp-0123-{shard_name(4, 'jsonl')}").write_bytes(b"half a shard")
    assert finished(tmp_path, "jsonl") == {3} and remove_leftovers(tmp_path) == 1


def test_parquet_shards_keep_the_record_and_its_schema(tmp_path):
    records = _seed_records()
    assert set(record_schema().names) == set(records[0])  # the schema is the whole record
    records[0]["matches"] = [
        {
            "claim_id": "c1",
            "score": 81.5,
            "text": "t",
            "speaker": None,
            "date": "2024-05-16",
            "reviewed": None,
            "verdict": None,
            "url": None,
            "reasons": {"text": 0.8},
        }
    ]
    assert from_parquet(to_parquet(records)) == records
    commit_shard(tmp_path, 0, "parquet", encode_records(records, "parquet"), [])
    assert list(read_records(tmp_path)) == records


# -- runs on a real cluster --------------------------------------------------------------


@pytest.fixture(scope="module")
def scheduler():
    """A LocalCluster of 2 worker processes shared by the tests below: its address."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield cluster.scheduler_address, client


@pytest.mark.corpora
def test_polnear_dev_on_two_local_workers_equals_the_single_process_run(tmp_path, corpora_dir):
    # 24 of the 83 dev documents: the whole set takes minutes on this suite's 2 shared cores.
    subset = first_docs(corpora_dir / "polnear" / "dev.conllu", 24, tmp_path / "dev24.conllu")
    single = run("extract", subset, "-q")
    out = tmp_path / "shards"
    result = run("extract", subset, "--workers", 2, "-o", out, "--shard-docs", 5)
    assert result.exit_code == 0, result.output
    assert list(read_records(out)) == jsonl(single.stdout)
    assert len(finished(out, "jsonl")) == 5
    assert "24 documents" in result.stderr and "words/s on 2 workers" in result.stderr
    assert result.stdout == ""  # records go to the shards only


@pytest.mark.models
def test_raw_text_through_the_small_models_equals_the_single_process_run(
    tmp_path, small_models, scheduler
):
    address, client = scheduler
    inputs = [INPUTS / "articles.jsonl", INPUTS / "lavrov-talks.txt", INPUTS / "article.html"]
    single = run("extract", *inputs, "--models", small_models, "--cpu")
    out = tmp_path / "shards"
    spread = run(
        "extract", *inputs, "--models", small_models, "--cpu",
        "--scheduler", address, "-o", out, "--shard-docs", 2,
    )  # fmt: skip
    assert single.exit_code == spread.exit_code == 1  # articles.jsonl has bad lines
    records = jsonl(single.stdout)
    assert records and list(read_records(out)) == records
    assert recorded_errors(out) == errors(single.stderr)
    # The models were loaded once per worker, and torch shares the 2 cores between them;
    # glibc's heap is back to its default for large blocks (Dask's nanny sets a trim threshold).
    loaded = client.run(
        lambda dask_worker: (
            dask_worker.plugins["attribution-models"].parser.pipeline is not None,
            __import__("torch").get_num_threads(),
            dask_worker.plugins["attribution-models"].heap,
        )
    )
    threads = max(1, len(os.sched_getaffinity(0)) // 2)
    glibc = platform.libc_ver()[0] == "glibc"
    assert sorted(loaded.values()) == [(True, threads, glibc)] * 2

    parsed = tmp_path / "parsed"
    on_cluster = run(
        "parse", INPUTS / "lavrov-talks.txt", INPUTS / "article.html", "--models", small_models,
        "--cpu", "--scheduler", address, "-o", parsed, "--shard-docs", 1,
    )  # fmt: skip
    assert on_cluster.exit_code == 0, on_cluster.output
    local = run(
        "parse", INPUTS / "lavrov-talks.txt", INPUTS / "article.html", "--models", small_models,
        "--cpu", "-q",
    )  # fmt: skip
    assert read_conllu_shards(parsed) == local.stdout


def _wait_for_shards(out: Path, count: int, proc, timeout: float = 180) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        done = len(finished(out, "jsonl")) if out.is_dir() else 0
        if done >= count:
            return done
        time.sleep(0.05)
    raise AssertionError(f"no {count} shards in {timeout}s (exit {proc.poll()})")


@pytest.mark.corpora
def test_a_worker_killed_mid_run_loses_nothing(tmp_path, corpora_dir, scheduler):
    address, client = scheduler
    subset = first_docs(corpora_dir / "polnear" / "dev.conllu", 16, tmp_path / "dev16.conllu")
    out = tmp_path / "shards"
    proc = cli("extract", subset, "--scheduler", address, "-o", out, "--shard-docs", 1, "-q",
               stderr=subprocess.PIPE, text=True)  # fmt: skip
    _wait_for_shards(out, 1, proc)
    victim = sorted(client.run(os.getpid).values())[0]
    os.kill(victim, signal.SIGKILL)
    done = len(finished(out, "jsonl"))
    assert done < 16 and proc.poll() is None, "the run finished before the worker was killed"
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert list(read_records(out)) == jsonl(run("extract", subset, "-q").stdout)


@pytest.mark.corpora
def test_the_client_killed_mid_run_then_rerun_completes_without_duplicates(
    tmp_path, corpora_dir, scheduler
):
    address, _ = scheduler
    subset = first_docs(corpora_dir / "polnear" / "dev.conllu", 16, tmp_path / "dev16.conllu")
    out = tmp_path / "shards"
    args = ["extract", subset, "-o", out, "--shard-docs", 1, "-q"]
    proc = cli(*args, "--workers", 2, stderr=subprocess.DEVNULL)
    _wait_for_shards(out, 2, proc)
    proc.kill()  # the client only, as an OOM killer or a lost ssh session would
    proc.wait()
    done = len(finished(out, "jsonl"))
    assert done < 16, "the run finished before the client was killed"
    rerun = run(*args, "--scheduler", address)
    assert rerun.exit_code == 0, rerun.output
    assert list(read_records(out)) == jsonl(run("extract", subset, "-q").stdout)
    assert not [p for p in out.iterdir() if p.name.startswith(".tmp-")]
    # Another run's options cannot resume these shards.
    other = run("extract", subset, "-o", out, "--shard-docs", 2, "--scheduler", address)
    assert other.exit_code == 1 and "holds another run's shards" in other.stderr


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def test_repeated_ids_and_namesakes_are_warned_of_as_in_one_process(tmp_path, scheduler):
    address, _ = scheduler
    # Two copies of one document (one id, in two folders); two inputs named alike whose
    # documents take their folder's name; and a repeat inside one file. One shard each.
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "seed.conllu").write_bytes(SEED.read_bytes())
        unnamed = re.sub(r"^# newdoc id = .*\n", "", SEED.read_text(encoding="utf-8"), flags=re.M)
        (tmp_path / folder / "plain.conllu").write_text(unnamed, encoding="utf-8")
    twice = tmp_path / "twice.conllu"
    twice.write_text((INPUTS / "two-docs.conllu").read_text(encoding="utf-8") * 2, "utf-8")
    inputs = [tmp_path / "a/seed.conllu", tmp_path / "a/plain.conllu", twice]
    inputs += [tmp_path / "b/plain.conllu", tmp_path / "b/seed.conllu"]
    single = run("extract", *inputs)
    expected = warnings_of(single.stderr)
    assert len(expected) == 5 and sum("was seen before" in w for w in expected) == 3
    out = tmp_path / "shards"
    args = ["extract", *inputs, "--scheduler", address, "-o", out, "--shard-docs", 1]
    spread = run(*args)
    assert spread.exit_code == single.exit_code == 0, spread.output
    assert warnings_of(spread.stderr) == expected
    assert warnings_of(run(*args).stderr) == expected  # a rerun (all shards done) says the same
    assert not warnings_of(run(*args, "-q").stderr)


def test_usage_errors():
    assert run("extract", SEED, "--workers", 2).exit_code == 2  # no -o DIR
    assert run("extract", SEED, "--workers", 2, "-o", "x", "-f", "csv").exit_code == 2
    assert run("extract", "-", "--workers", 2, "-o", "x").exit_code == 2


# -- matching on the cluster -------------------------------------------------------------

LATER = DATA / "remember" / "lavrov-repeats-2024.conllu"


def _claims(db: str) -> list[dict]:
    from attribution.claims import open_store

    with open_store(db) as store:
        return sorted((c.to_dict() for c in store.iter_claims()), key=lambda c: c["id"])


def _remember_then_match(address: str, spread_db: str, local_db: str, tmp_path: Path) -> None:
    """--remember then --match on the cluster give the store and records of a local run."""
    inputs = [SEED, INPUTS / "two-docs.conllu"]
    out = tmp_path / "remembered"
    spread = run(*["extract", *inputs, "--db", spread_db, "--remember"],
                 "--scheduler", address, "-o", out, "--shard-docs", 1, "-q")  # fmt: skip
    assert spread.exit_code == 0, spread.output
    assert run("extract", *inputs, "--db", local_db, "--remember", "-q").exit_code == 0
    assert _claims(spread_db) == _claims(local_db) and _claims(local_db)
    matched = tmp_path / "matched"
    spread = run("extract", LATER, "--db", spread_db, "--match", "--scheduler", address,
                 "-o", matched, "--shard-format", "parquet", "-q")  # fmt: skip
    assert spread.exit_code == 0, spread.output
    assert finished(matched, "parquet")  # Parquet shards, matches and their reasons kept
    found = list(read_records(matched))
    assert found == jsonl(run("extract", LATER, "--db", local_db, "--match", "-q").stdout)
    assert found[0]["matches"] and found[0]["matches"][0]["speaker"] == "Sergei Lavrov"
    # A rerun into the same directory adds no claim twice.
    again = run(*["extract", *inputs, "--db", spread_db, "--remember"],
                "--scheduler", address, "-o", out, "--shard-docs", 1, "-q")  # fmt: skip
    assert again.exit_code == 0 and _claims(spread_db) == _claims(local_db)


def _match_and_remember_in_one_run(address: str, dbs: list[str], tmp_path: Path) -> None:
    """--match --remember in one run: every quote meets the store as it was when the run
    began (the run's own quotes are added at its end), whatever the shards' timing."""
    spread, before, local = dbs
    for db in dbs:  # three stores alike: the claims of two-docs
        assert (
            run("extract", INPUTS / "two-docs.conllu", "--db", db, "--remember", "-q").exit_code
            == 0
        )
    inputs = [SEED, LATER]  # LATER repeats what SEED's Lavrov said
    out = tmp_path / "both"
    result = run("extract", *inputs, "--db", spread, "--match", "--remember",
                 "--scheduler", address, "-o", out, "--shard-docs", 1, "-q")  # fmt: skip
    assert result.exit_code == 0, result.output
    records = list(read_records(out))
    assert records == jsonl(run("extract", *inputs, "--db", before, "--match", "-q").stdout)
    one = run("extract", *inputs, "--db", local, "--match", "--remember", "-q")
    # One process also matches LATER's quotes with SEED's, remembered a document earlier.
    assert records != jsonl(one.stdout)
    assert _claims(spread) == _claims(local) != _claims(before)


def test_sqlite_store_read_by_every_worker_written_by_the_client(tmp_path, scheduler):
    address, _ = scheduler
    _remember_then_match(
        address, str(tmp_path / "spread.sqlite"), str(tmp_path / "local.sqlite"), tmp_path
    )
    dbs = [str(tmp_path / f"{name}.sqlite") for name in ("both", "before", "one")]
    _match_and_remember_in_one_run(address, dbs, tmp_path)


@pytest.mark.postgres
def test_postgres_store_shared_by_the_workers(tmp_path, scheduler, pg_url):
    import uuid

    import psycopg

    address, _ = scheduler
    schemas = [f"test_{uuid.uuid4().hex[:12]}" for _ in range(5)]
    with psycopg.connect(pg_url, autocommit=True) as db:
        for schema in schemas:
            db.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in pg_url else "?"
    spread, local, *others = (f"{pg_url}{sep}options=-csearch_path%3D{s}" for s in schemas)
    try:
        _remember_then_match(address, spread, local, tmp_path)
        with psycopg.connect(pg_url) as db:  # two stores indeed, one in each schema
            counts = [
                db.execute(f'SELECT count(*) FROM "{s}".claims').fetchone() for s in schemas[:2]
            ]
        assert counts[0] == counts[1] and counts[0][0] > 0
        _match_and_remember_in_one_run(address, others, tmp_path)
    finally:
        with psycopg.connect(pg_url, autocommit=True) as db:
            for schema in schemas:
                db.execute(f'DROP SCHEMA "{schema}" CASCADE')


def test_match_on_the_cluster_cuts_between_documents_and_equals_the_local_run(tmp_path, scheduler):
    address, _ = scheduler
    db = str(tmp_path / "claims.sqlite")
    assert run("extract", SEED, "--db", db, "--remember", "-q").exit_code == 0
    quotes = run("extract", SEED, INPUTS / "two-docs.conllu", LATER, "-q").stdout
    statements = tmp_path / "statements.jsonl"
    extra = '{"text": "Moscow and China agreed to discuss ways to deepen security"}\nnot json\n'
    statements.write_text(quotes + extra, encoding="utf-8")
    local = run("match", statements, "--db", db, "-q")
    out = tmp_path / "matched"
    spread = run("match", statements, "--db", db, "--scheduler", address, "-o", out,
                 "--shard-docs", 2, "-q")  # fmt: skip
    assert local.exit_code == spread.exit_code == 1  # the line that is not JSON
    results = list(read_records(out))
    assert results == jsonl(local.stdout) and len(finished(out, "jsonl")) > 2
    assert any(r["query_id"].startswith("line-") for r in results)
    (failure,) = read_failures(out)
    assert failure["line"] == len(statements.read_text(encoding="utf-8").splitlines())
    # Each shard holds whole documents: a quote's neighbours stay with it.
    docs_by_shard = [
        {r["query_id"].split(":")[0] for r in jsonl(gzip.decompress(p.read_bytes()).decode())}
        for p in sorted(out.glob("part-*.jsonl.gz"))
    ]
    assert all(not (a & b) for i, a in enumerate(docs_by_shard) for b in docs_by_shard[i + 1 :])


def test_match_lines_on_the_cluster_equals_the_local_run(tmp_path, scheduler):
    address, _ = scheduler
    db = str(tmp_path / "claims.sqlite")
    assert run("extract", SEED, "--db", db, "--remember", "-q").exit_code == 0
    quotes = jsonl(run("extract", SEED, "-q").stdout)
    posts = tmp_path / "posts.txt"  # each quote's text as a plain line, a blank line among them
    posts.write_text("\n".join(q["text"] for q in quotes) + "\n\n{not json}\n", encoding="utf-8")
    local = run("match", posts, "--db", db, "--lines", "-q")
    out = tmp_path / "matched"
    spread = run("match", posts, "--db", db, "--lines", "--scheduler", address, "-o", out,
                 "--shard-docs", 2, "-q")  # fmt: skip
    assert local.exit_code == spread.exit_code == 0
    results = list(read_records(out))
    assert results == jsonl(local.stdout) and len(finished(out, "jsonl")) > 1
    assert {r["query_id"] for r in results} >= {f"line-{i}" for i in range(1, len(quotes) + 1)}
