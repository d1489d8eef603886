"""Bad input never ends a run with a traceback: each bad input is named, the rest processed, exit
1."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import DATA

from attribution.cli import main
from attribution.documents import Article, load_inputs

INPUTS = DATA / "inputs"
CONLLU = INPUTS / "two-docs.conllu"

# Sentences as (form, lemma, upos, head, deprel) rows, hand-checked UD.
QUOTED_YES = [
    ("“", '"', "PUNCT", 2, "punct"),
    ("Yes", "yes", "INTJ", 6, "ccomp"),
    (",", ",", "PUNCT", 2, "punct"),
    ("”", '"', "PUNCT", 2, "punct"),
    ("she", "she", "PRON", 6, "nsubj"),
    ("said", "say", "VERB", 0, "root"),
    (".", ".", "PUNCT", 6, "punct"),
]
SAID_THAT = [
    ("Lavrov", "Lavrov", "PROPN", 2, "nsubj"),
    ("said", "say", "VERB", 0, "root"),
    ("that", "that", "SCONJ", 6, "mark"),
    ("the", "the", "DET", 5, "det"),
    ("talks", "talk", "NOUN", 6, "nsubj"),
    ("failed", "fail", "VERB", 2, "ccomp"),
    (".", ".", "PUNCT", 2, "punct"),
]
NO_SPACE_BEFORE, NO_SPACE_AFTER = {",", ".", "”"}, {"“"}


def conllu_doc(doc_id: str, paragraphs: list[list[list[tuple]]]) -> str:
    """Stanza-style CoNLL-U (offsets in MISC) for paragraphs of sentences; text spacing as in
    print."""
    out, pos = [], 0
    for p, paragraph in enumerate(paragraphs):
        if p:
            pos += 2  # the blank line between paragraphs
        for s, sentence in enumerate(paragraph):
            lines = [f"# newdoc id = {doc_id}"] if not out else []
            if s == 0:
                lines.append("# newpar")
            elif pos:
                pos += 1
            for i, (form, lemma, upos, head, deprel) in enumerate(sentence, start=1):
                if (
                    i > 1
                    and form not in NO_SPACE_BEFORE
                    and sentence[i - 2][0] not in NO_SPACE_AFTER
                ):
                    pos += 1
                lines.append(
                    f"{i}\t{form}\t{lemma}\t{upos}\t_\t_\t{head}\t{deprel}\t_\t"
                    f"start_char={pos}|end_char={pos + len(form)}|ner=O"
                )
                pos += len(form)
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n\n"


def run(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input)


def assert_clean_failure(result):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def docs_of(result):
    return {json.loads(line)["doc"] for line in result.stdout.splitlines()}


def test_every_kind_of_bad_path_is_named_and_the_good_input_still_processed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    blank = tmp_path / "blank.conllu"
    blank.write_text("\n  \n\n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    folder = tmp_path / "folder"
    folder.mkdir()
    missing = tmp_path / "missing.conllu"
    result = run("extract", empty, binary, CONLLU, folder, missing, blank)
    assert_clean_failure(result)
    assert docs_of(result) == {"lavrov-talks"}  # the good file, although it came among bad ones
    err = result.stderr
    assert f"error: {empty}: empty file" in err
    assert f"error: {blank}: empty file" in err
    assert f"error: {binary}: not UTF-8 text (it looks like a binary file)" in err
    assert f"error: {folder}: is a directory" in err
    assert f"error: {missing}: no such file" in err
    assert "5 failed" in err


def test_latin1_text_is_read_with_a_warning(tmp_path):
    # Decision: bytes that look like text but are not UTF-8 are decoded as Windows-1252, with a
    # warning.
    conllu = conllu_doc("cafe", [[SAID_THAT]]).replace("Lavrov", "Müller").encode("cp1252")
    path = tmp_path / "cafe.conllu"
    path.write_bytes(conllu)
    result = run("extract", path)
    assert result.exit_code == 0, result.output
    assert f"warning: {path}: not UTF-8 text (first bad byte on line 3)" in result.stderr
    [quote] = [json.loads(line) for line in result.stdout.splitlines()]
    assert quote["speaker"]["mention"] == "Müller"
    quiet = run("extract", path, "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_malformed_conllu_names_file_and_line_and_keeps_the_other_documents(tmp_path):
    lines = CONLLU.read_text(encoding="utf-8").split("\n")
    bad = next(n for n, line in enumerate(lines, start=1) if line.startswith("5\taccept"))
    lines[bad - 1] = lines[bad - 1].replace("\t10\tccomp", "\tten\tccomp")
    path = tmp_path / "broken.conllu"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run("extract", path)
    assert_clean_failure(result)
    assert (
        f"error: {path}, line {bad}: malformed CoNLL-U: the HEAD column must be a number"
        in result.stderr
    )
    assert docs_of(result) == set()  # the broken document is skipped ...
    result = run("extract", path, CONLLU, "-q")
    assert_clean_failure(result)
    assert docs_of(result) == {"lavrov-talks"}  # ... the other inputs are not


def test_malformed_second_document_in_one_file(tmp_path):
    first = conllu_doc("good", [[SAID_THAT]])
    second = conllu_doc("bad", [[SAID_THAT]]).replace("\tthe\tDET\t", "\tthe\tDET ")
    path = tmp_path / "two.conllu"
    path.write_text(first + second, encoding="utf-8")
    bad_line = (first + second).split("\n").index(
        next(line for line in second.split("\n") if "DET " in line)
    ) + 1
    result = run("extract", path)
    assert_clean_failure(result)
    assert (
        f"{path}, line {bad_line}: malformed CoNLL-U: expected 10 tab-separated columns"
        in result.stderr
    )
    assert docs_of(result) == {"good"}


def test_unreadable_jsonl_lines_are_named(tmp_path):
    result = run(
        "extract", INPUTS / "articles.jsonl", CONLLU, "--models", tmp_path / "no-models", "-q"
    )
    assert_clean_failure(result)
    for line in (2, 4, 5):
        assert f"{INPUTS / 'articles.jsonl'}, line {line}:" in result.stderr
    assert docs_of(result) == {"lavrov-talks"}


def test_a_five_megabyte_conllu_article(tmp_path):
    paragraphs = [[SAID_THAT, QUOTED_YES, SAID_THAT] for _ in range(3500)]
    data = conllu_doc("huge", paragraphs)
    assert len(data.encode("utf-8")) > 5_000_000
    path = tmp_path / "huge.conllu"
    path.write_text(data, encoding="utf-8")
    result = run("extract", path, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    quotes = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(quotes) >= 3500


def test_a_five_megabyte_raw_text_is_loaded_whole(tmp_path):
    text = (
        "Lavrov said that the talks failed. “We will not accept this,” he told reporters.\n\n"
        * 62_000
    )
    assert len(text) > 5_000_000
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    [article] = load_inputs([path])
    assert isinstance(article, Article) and article.text == text and article.doc is None
    # Without models it stops at the clear model error, not earlier.
    result = run("extract", path, "--models", tmp_path / "none")
    assert_clean_failure(result)
    assert "attribution download" in result.stderr


def test_ten_thousand_quotation_marks_in_one_paragraph(tmp_path):
    sentences = [QUOTED_YES] * 5000  # 10,000 typographic marks, one paragraph
    path = tmp_path / "marks.conllu"
    data = conllu_doc("marks", [sentences])
    assert data.count("“") + data.count("”") == 10_000
    path.write_text(data, encoding="utf-8")
    result = run("extract", path, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    quotes = [json.loads(line) for line in result.stdout.splitlines()]
    [article] = load_inputs([path])
    assert all(q["text"] == article.text[q["start_char"] : q["end_char"]] for q in quotes)
    assert sum("Yes" in q["text"] for q in quotes) >= 4000


def test_unbalanced_marks_are_best_effort(tmp_path):
    lonely = [("“", '"', "PUNCT", 2, "punct")] + [
        (f, lemma, u, h + 1 if h else 0, d) for f, lemma, u, h, d in SAID_THAT
    ]
    path = tmp_path / "lonely.conllu"
    path.write_text(conllu_doc("lonely", [[lonely] * 3, [SAID_THAT]]), encoding="utf-8")
    result = run("extract", path)
    assert result.exit_code == 0, result.output
    assert docs_of(result) == {"lonely"}
