"""attribution.pipeline: the one path from inputs to records, from the library and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, SEED

from attribution.claims import open_store
from attribution.cli import main
from attribution.documents import load_inputs, read_conllu
from attribution.extract import extract_quotes
from attribution.models import Match, Quote
from attribution.parsing import doc_to_conllu
from attribution.pipeline import (
    ClaimStep,
    DocumentResult,
    InputFailure,
    Parser,
    load_articles,
    process_batch,
    run,
)

INPUTS = DATA / "inputs"
SEED_CONLLU = SEED / "putin-china-2024.conllu"
LATER = DATA / "remember" / "lavrov-repeats-2024.conllu"


class Notes:
    """A reporter that keeps what it is told."""

    def __init__(self):
        self.notes: list[str] = []
        self.warnings: list[str] = []

    def note(self, message: str) -> None:
        self.notes.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def cli(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input)


def test_library_run_yields_results_and_failures_in_input_order(tmp_path):
    missing = tmp_path / "missing.conllu"
    out = list(run([SEED_CONLLU, missing, INPUTS / "two-docs.conllu"]))
    assert [type(x) for x in out] == [DocumentResult, InputFailure, DocumentResult, DocumentResult]
    assert out[1] == InputFailure(str(missing), None, "no such file")
    (article,) = read_conllu(SEED_CONLLU.read_text(encoding="utf-8"))
    # The pipeline gives what the extractor gives, as Quote records.
    assert out[0].quotes == tuple(extract_quotes(article))
    assert all(isinstance(q, Quote) for q in out[0].quotes)
    assert out[0].to_dict()["quotes"] == [q.to_dict() for q in out[0].quotes]


def test_raw_text_without_models_is_a_failure_value_named_once(tmp_path):
    texts = []
    for name in ("a", "b", "c"):
        texts.append(tmp_path / f"{name}.txt")
        texts[-1].write_text(f'Article {name}. "We will see," she said.\n', encoding="utf-8")
    notes = Notes()
    out = list(run([*texts, SEED_CONLLU], models_dir=tmp_path / "none", reporter=notes))
    failures = [x for x in out if isinstance(x, InputFailure)]
    assert [f.path for f in failures] == [str(t) for t in texts]
    # The full message (what to run) once; the other documents point to it.
    assert sum("attribution download" in f.message for f in failures) == 1
    assert "see the first error" in failures[1].message
    assert notes.notes == [f"loading stanza models from {tmp_path / 'none'}"]
    assert isinstance(out[-1], DocumentResult) and out[-1].quotes

    result = cli("extract", *texts, "--models", tmp_path / "none")
    assert result.exit_code == 1 and result.stderr.count("attribution download") == 1


def test_progress_on_stderr_and_a_summary_unless_quiet(tmp_path):
    raw = INPUTS / "lavrov-talks.txt"
    result = cli("extract", raw, SEED_CONLLU, "--models", tmp_path / "none")
    lines = result.stderr.splitlines()
    assert lines[0] == f"loading stanza models from {tmp_path / 'none'}"  # before any slow step
    assert lines[-1].startswith("1 document, 6 quotes, 1 failed (")
    single = cli("extract", SEED_CONLLU)
    assert single.exit_code == 0 and single.stderr.startswith("1 document, 6 quotes, 0 failed")
    quiet = cli("extract", raw, "--models", tmp_path / "none", "-q")
    assert quiet.stderr.count("\n") == 1 and quiet.stderr.startswith("error: ")


def test_parse_writes_the_metadata_and_extract_reads_it_back():
    (article,) = read_conllu(SEED_CONLLU.read_text(encoding="utf-8"))
    article.url, article.date, article.outlet = "https://example.org/a?b=1", "2024-05-15", "Wire"
    article.meta["title"] = "Putin\nin Beijing"  # one comment line: the newline becomes a space
    conllu = doc_to_conllu(article)
    assert conllu.startswith(
        "# newdoc id = putin-china-2024\n# meta::url = https://example.org/a?b=1\n"
        "# meta::date = 2024-05-15\n# meta::outlet = Wire\n# meta::title = Putin in Beijing\n"
    )
    (back,) = read_conllu(conllu)
    assert (back.url, back.date, back.outlet, back.meta) == (
        article.url,
        article.date,
        article.outlet,
        {"title": "Putin in Beijing"},
    )
    assert back.text == article.text
    assert doc_to_conllu(back) == conllu  # the comments are not written twice


@pytest.mark.models
def test_raw_text_and_its_parse_remember_the_same_claims(tmp_path, small_models):
    feed = tmp_path / "feed.jsonl"
    body = (INPUTS / "lavrov-talks.txt").read_text(encoding="utf-8")
    line = {"id": "lavrov", "text": body, "url": "https://example.org/l", "date": "May 3, 2024"}
    feed.write_text(json.dumps({**line, "outlet": "Wire", "title": "Talks"}) + "\n", "utf-8")
    conllu = tmp_path / "feed.conllu"
    assert cli("parse", feed, "--models", small_models, "--cpu", "-o", conllu).exit_code == 0
    claims = []
    for source in (feed, conllu):
        db = tmp_path / f"{source.suffix[1:]}.sqlite"
        result = cli("extract", source, "--models", small_models, "--cpu", "--db", db, "--remember")
        assert result.exit_code == 0, result.output
        with open_store(str(db)) as store:
            claims.append(sorted(c.to_dict().items() for c in store.iter_claims()))
    assert claims[0] and claims[0] == claims[1]
    assert all(dict(c)["date"] == "2024-05-03" for c in claims[0])


def test_same_file_names_in_different_folders_get_distinct_ids(tmp_path):
    # CoNLL-U without "# newdoc id" is named after its file, as raw text is.
    body = "\n".join(
        line
        for line in SEED_CONLLU.read_text(encoding="utf-8").split("\n")
        if not line.startswith("# newdoc")
    )
    paths = []
    for site in ("site1", "site2"):
        (tmp_path / site).mkdir()
        paths.append(tmp_path / site / "index.conllu")
        paths[-1].write_text(body, encoding="utf-8")
    result = cli("extract", *paths)
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert len(ids) == len(set(ids)) == 12
    assert {i.split(":")[0] for i in ids} == {"site1/index", "site2/index"}
    assert "another input is also named 'index'" in result.stderr
    assert "was seen before" not in result.stderr
    # Deterministic: the same inputs give the same ids, whatever their order.
    again = cli("extract", *reversed(paths), "-q")
    assert sorted(json.loads(line)["id"] for line in again.stdout.splitlines()) == sorted(ids)


def test_a_byte_order_mark_is_dropped_before_offsets_are_counted(tmp_path):
    text = 'Lavrov spoke. "We will not accept this," he said.\n'
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x", "text": "\ufeff" + text}) + "\n", encoding="utf-8")
    assert [a.text for a in load_inputs([bom, feed])] == [text, text]


def test_claim_step_fills_matches_before_remembering(tmp_path):
    db = str(tmp_path / "claims.sqlite")
    with open_store(db) as store:
        step = ClaimStep(store, match=True, remember=True, top=3, min_score=0)
        (first,) = run([SEED_CONLLU], claims=step)
        # Nothing stored before: no quote matches itself.
        assert first.quotes and all(q.matches == () for q in first.quotes)
        (later,) = run([LATER], claims=step)
    matched = [q for q in later.quotes if q.matches]
    assert matched and all(isinstance(m, Match) for q in matched for m in q.matches)
    origins = {q.id for q in first.quotes}
    assert any(m.claim_id for q in matched for m in q.matches)
    with open_store(db) as store:
        stored = {c.id: c.origin for c in store.iter_claims()}
    assert {stored[m.claim_id] for q in matched for m in q.matches} <= origins | {
        q.id for q in later.quotes
    }


def test_a_worker_processes_its_batch_with_its_own_parser(tmp_path):
    notes = Notes()
    items = list(load_articles([SEED_CONLLU, tmp_path / "gone.txt", LATER], reporter=notes))
    out = process_batch(items, Parser(reporter=notes))
    assert [type(x).__name__ for x in out] == ["DocumentResult", "InputFailure", "DocumentResult"]
    assert notes.notes == []  # CoNLL-U only: stanza is never loaded
    assert [len(x.quotes) for x in out if isinstance(x, DocumentResult)] == [
        len(list(extract_quotes(a))) for a in items if not isinstance(a, InputFailure)
    ]


def test_the_pipeline_module_imports_no_stanza():
    import subprocess
    import sys

    code = "import attribution.pipeline, sys; print('stanza' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert out.stdout.strip() == "False", out.stderr
