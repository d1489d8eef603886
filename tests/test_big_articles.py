"""Bounded memory: long texts parsed in aligned pieces, documents over --max-chars refused.

The figures (peak memory and time against size) come from benchmarks/big_article.py.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import DATA, SEED

from attribution.chunks import pieces
from attribution.cli import main
from attribution.documents import Article, InputFailure, load_inputs
from attribution.extract import extract_quotes

SEED_TEXT = (SEED / "putin-china-2024.txt").read_text(encoding="utf-8")
# Its first paragraphs: enough for several pieces, little for the slow small models.
OPENING = SEED_TEXT[: SEED_TEXT.index("\n\n", 700) + 2]


@pytest.mark.parametrize("size", [1, 7, 60, 500, 5000])
def test_pieces_cover_the_text_in_order_within_the_size(size):
    text = SEED_TEXT * 3
    spans = list(pieces(text, size))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(0 < end - start <= size for start, end in spans)


def test_pieces_end_at_blank_lines_then_sentence_ends_then_spaces():
    text = "First para. Still first.\n\nSecond para here.\n\nThird."
    assert [text[s:e] for s, e in pieces(text, 30)] == [
        "First para. Still first.\n\n",
        "Second para here.\n\nThird.",
    ]
    line = "The mayor said so. The bridge will reopen. " * 3
    cut = [line[s:e] for s, e in pieces(line, 50)]
    assert all(part.endswith(". ") for part in cut[:-1])
    word = "abcdefgh"
    assert [word[s:e] for s, e in pieces(word, 3)] == ["abc", "def", "gh"]


def test_short_text_is_one_piece():
    assert list(pieces("A short article.", 100)) == [(0, 16)]
    assert list(pieces("", 100)) == [(0, 0)]


@pytest.fixture(scope="module")
def pipeline(small_models):
    import torch

    from attribution.parsing import build_pipeline

    # One thread: on a busy shared machine torch's threads wait on each other (8x slower).
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield build_pipeline(models_dir=small_models, use_gpu=False)
    torch.set_num_threads(threads)


def _tokens(doc):
    return [
        (t.text, t.start_char, t.end_char, w.head, w.deprel, w.upos, t.ner)
        for s in doc.sentences
        for t in s.tokens
        for w in t.words
    ]


def test_an_article_parsed_in_pieces_equals_the_whole_parse(pipeline):
    from attribution.parsing import parse_text

    whole = pipeline(OPENING)
    pieced = parse_text(pipeline, OPENING, chunk_chars=250)
    assert len(list(pieces(OPENING, 250))) > 2  # really in pieces
    assert _tokens(pieced) == _tokens(whole)
    assert [s.index for s in pieced.sentences] == list(range(len(whole.sentences)))
    assert [s.sent_id for s in pieced.sentences] == [s.sent_id for s in whole.sentences]
    # detection hands speakers (sentence index, word id): the joined parse names the same ones
    records = [
        [q.to_dict() for q in extract_quotes(Article(id="opening", text=OPENING, doc=doc))]
        for doc in (pieced, whole)
    ]
    assert records[0] == records[1] and any(r["speaker"] for r in records[0])


def test_one_long_line_parsed_in_pieces_keeps_its_offsets(pipeline):
    from attribution.parsing import parse_text

    text = " ".join(OPENING.split())  # no paragraph break at all
    doc = parse_text(pipeline, text, chunk_chars=300)
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert all(text[t.start_char : t.end_char] == t.text for t in tokens)
    assert tokens[-1].end_char >= len(text.rstrip()) - 1 and doc.text == text


def test_documents_over_max_chars_are_refused_by_name(tmp_path):
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("The mayor said the bridge will reopen.", encoding="utf-8")
    big.write_text(SEED_TEXT, encoding="utf-8")
    items = list(load_inputs([big, small], max_chars=1000))
    assert isinstance(items[0], InputFailure) and "2,078 characters" in items[0].message
    assert "--max-chars" in items[0].message and isinstance(items[1], Article)
    assert all(isinstance(i, Article) for i in load_inputs([big], max_chars=None))


def test_cli_max_chars_refuses_one_document_and_runs_the_others():
    two_docs = DATA / "inputs" / "two-docs.conllu"
    seed = SEED / "putin-china-2024.conllu"
    result = CliRunner().invoke(main, ["extract", str(seed), str(two_docs), "--max-chars", "1500"])
    assert result.exit_code == 1
    assert "putin-china-2024" in result.stderr and "over the limit of 1,500" in result.stderr
    assert result.stdout.strip() and '"doc": "putin-china-2024"' not in result.stdout
