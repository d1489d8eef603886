"""benchmarks/checkthat.py's query-by-query comparison of two runs (--save-queries, --against)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "checkthat.py"


@pytest.fixture(scope="module")
def checkthat():
    spec = importlib.util.spec_from_file_location("checkthat_benchmark", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_paired_counts_queries_up_down_and_the_same(checkthat):
    before = {"q1": 1.0, "q2": 0.5, "q3": 0.0, "q4": 1.0}
    after = {"q1": 1.0, "q2": 1.0, "q3": 0.0, "q4": 0.5, "q5": 1.0}  # q5: not in both
    d = checkthat.paired(before, after)
    assert (d["queries"], d["up"], d["down"], d["same"]) == (4, 1, 1, 2)
    assert d["difference"] == pytest.approx(0.0)
    assert d["low"] < 0 < d["high"]  # one up, one down: no evidence either way


def test_paired_interval_excludes_zero_when_every_change_is_up(checkthat):
    before = {f"q{i}": 0.5 for i in range(30)}
    after = {q: (1.0 if i % 3 == 0 else ap) for i, (q, ap) in enumerate(before.items())}
    d = checkthat.paired(before, after)
    assert (d["up"], d["down"]) == (10, 0)
    assert 0 < d["low"] <= d["difference"] <= d["high"]


def test_paired_refuses_runs_without_a_shared_query(checkthat):
    with pytest.raises(ValueError, match="no query"):
        checkthat.paired({"a": 1.0}, {"b": 1.0})


def _tiny_corpora(root: Path) -> Path:
    """A 2B-shaped task: three claims, two queries of one debate, their relevant claims."""
    import gzip

    task = root / "checkthat-2021-2b"
    task.mkdir(parents=True)
    claims = [
        {"id": "c1", "text": "The pipeline would create 30,000 jobs in the state.",
         "speaker": "Jane Roe", "date": "stated on March 1, 2020 in a speech:"},
        {"id": "c2", "text": "Crime fell by 10 percent in the city last year.",
         "speaker": "John Doe", "date": "stated on February 1, 2020 in an ad:"},
        {"id": "c3", "text": "The state has the lowest unemployment rate in 17 years.",
         "speaker": "Jane Roe", "date": "stated on January 5, 2020 in a tweet:"},
    ]  # fmt: skip
    with gzip.open(task / "claims.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(c) + "\n" for c in claims)
    queries = [
        {"id": "20200310_debate_0001", "text": "This pipeline will create 30,000 jobs.",
         "speaker": "Jane Roe"},
        {"id": "20200310_debate_0002", "text": "Unemployment is the lowest in 17 years.",
         "speaker": "Jane Roe"},
    ]  # fmt: skip
    (task / "dev.queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in queries))
    (task / "dev.qrels").write_text(
        "20200310_debate_0001\t0\tc1\t1\n20200310_debate_0002\t0\tc3\t1\n"
    )
    return root


def _checkthat(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--task", "2b", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_a_run_saved_and_compared_with_itself_changes_no_query(tmp_path):
    corpora = _tiny_corpora(tmp_path / "corpora")
    saved = tmp_path / "saved"
    first = _checkthat(
        "--corpora", str(corpora), "--db", str(tmp_path / "a"), "--save-queries", str(saved)
    )
    assert first.returncode == 0, first.stderr
    assert json.loads((saved / "2b-dev.json").read_text()) == {
        "20200310_debate_0001": 1.0,
        "20200310_debate_0002": 1.0,
    }
    again = _checkthat(
        "--corpora", str(corpora), "--db", str(tmp_path / "b"), "--against", str(saved)
    )
    assert again.returncode == 0, again.stderr
    assert f"against {saved}: MAP@5 +0.0000" in again.stdout
    assert "0 queries up, 0 down, 2 the same" in again.stdout
    # then slice by slice: the debate's year (from its name) and its kind
    assert "      2020 (2 queries): MAP@5 +0.0000" in again.stdout
    assert "      one speaker (2 queries): MAP@5 +0.0000" in again.stdout


def test_query_groups_slice_by_year_and_by_kind_of_document(checkthat):
    queries = [
        {"id": "20160926_1pres_0001", "text": "a", "speaker": "Ann"},
        {"id": "20160926_1pres_0002", "text": "b", "speaker": "Bob"},
        {"id": "20180731_rally_0001", "text": "c", "speaker": "Ann"},
        {"id": "20180731_rally_0002", "text": "d", "speaker": "Ann"},  # no relevant claim
    ]
    ids = ["20160926_1pres_0001", "20160926_1pres_0002", "20180731_rally_0001"]
    assert checkthat.query_groups(queries, ids) == {
        "2016": ["20160926_1pres_0001", "20160926_1pres_0002"],
        "2018": ["20180731_rally_0001"],
        "one speaker": ["20180731_rally_0001"],
        "several speakers": ["20160926_1pres_0001", "20160926_1pres_0002"],
    }


def test_against_a_missing_run_is_one_clear_error(tmp_path):
    corpora = _tiny_corpora(tmp_path / "corpora")
    done = _checkthat(
        "--corpora", str(corpora), "--db", str(tmp_path / "a"), "--against", str(tmp_path / "none")
    )
    assert done.returncode == 2  # argparse's usage error, before any store is built
    assert (
        f"--against: no {tmp_path / 'none' / '2b-dev.json'} (write it with --save-queries)"
        in done.stderr
    )
