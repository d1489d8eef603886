"""Loading inputs: text, HTML, JSONL, CoNLL-U (with and without offsets), stdin, gzip."""

from __future__ import annotations

import gzip
import io
import re

import pytest
from conftest import DATA

from attribution.documents import (
    Article,
    InputFailure,
    load_inputs,
    locate_conllu_error,
    read_conllu,
    sniff_format,
    split_conllu,
)
from attribution.errors import InputError

INPUTS = DATA / "inputs"
CONLLU = INPUTS / "two-docs.conllu"
LAVROV = (INPUTS / "lavrov-talks.txt").read_text(encoding="utf-8")


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def failures(items):
    return [i for i in items if isinstance(i, InputFailure)]


def test_text_file_is_one_unparsed_article(tmp_path):
    [article] = load_inputs([INPUTS / "lavrov-talks.txt"])
    assert article.id == "lavrov-talks"
    assert article.text == LAVROV
    assert article.doc is None
    assert article.to_dict() == {
        "id": "lavrov-talks",
        "text": LAVROV,
        "url": None,
        "date": None,
        "outlet": None,
    }


def test_conllu_documents_keep_the_original_text_and_offsets():
    items = list(load_inputs([CONLLU]))
    assert [a.id for a in items] == ["lavrov-talks", "minister-declined"]
    first = items[0]
    # Paragraph gaps come back as newlines; the text matches the raw file up to the final newline.
    assert first.text == LAVROV.rstrip("\n")
    for sentence in first.doc.sentences:
        for token in sentence.tokens:
            assert first.text[token.start_char : token.end_char] == token.text
    assert items[1].text == "The minister declined to comment."


def test_conllu_without_offsets_gets_its_text_rebuilt():
    # Another UD parser's output: no start_char/end_char, only SpaceAfter=No.
    data = re.sub(r"\|?(start_char|end_char)=\d+", "", CONLLU.read_text(encoding="utf-8"))
    data = data.replace("\t|", "\t")
    assert "start_char" not in data
    [first, second] = read_conllu(data, source="udpipe.conllu")
    assert first.text.startswith("Lavrov said that the talks failed.")
    assert "“We will not accept this,” he told reporters." in first.text
    for sentence in first.doc.sentences:
        for token in sentence.tokens:
            assert first.text[token.start_char : token.end_char] == token.text
    assert second.id == "minister-declined"


def test_html_gives_the_article_body_without_boilerplate():
    [article] = load_inputs([INPUTS / "article.html"])
    assert "Sergei Lavrov said on Thursday" in article.text
    assert "“We will not accept attempts to dictate to us,” Lavrov told reporters" in article.text
    for junk in (
        "Leave a Reply",
        "email address",
        "Subscribe now",
        "Most read",
        "All rights reserved",
        "Totally agree",
    ):
        assert junk not in article.text
    # Paragraphs are separated by blank lines, as the paragraph rules expect.
    assert "\n\n“We will not accept" in article.text
    assert article.id == "article"
    assert article.outlet == "Daily Example"
    assert article.date == "2024-05-16"
    assert article.url == "https://news.example.org/world/lavrov-hegemony"


def test_jsonl_bad_lines_are_named_and_the_good_ones_kept():
    items = list(load_inputs([INPUTS / "articles.jsonl"]))
    good = articles(items)
    assert [a.id for a in good] == ["kremlin-1", "articles-3", "beijing-2"]
    assert good[0].url == "https://news.example.org/k1" and good[0].outlet == "Daily Example"
    assert good[0].meta == {"title": "No comment"}
    assert good[2].date == "2024"
    bad = failures(items)
    assert [(f.path, f.line) for f in bad] == [
        (str(INPUTS / "articles.jsonl"), n) for n in (2, 4, 5)
    ]
    assert "not a JSON object" in bad[0].message
    assert "text" in bad[2].message
    assert str(bad[0]).startswith(f"{INPUTS / 'articles.jsonl'}, line 2: ")


@pytest.mark.parametrize(
    "payload, kind",
    [
        (CONLLU.read_bytes(), "conllu"),
        (b'{"id": "s1", "text": "He said so."}\n', "jsonl"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"# A heading in markdown\n\nHe said so.\n", "txt"),
        (b"{not json at all} he said\n", "txt"),
    ],
)
def test_sniff_format(payload, kind):
    assert sniff_format(payload.decode("utf-8")) == kind


def test_stdin_is_sniffed():
    [a, b] = load_inputs(["-"], stdin=io.BytesIO(CONLLU.read_bytes()))
    assert a.doc is not None and b.id == "minister-declined"
    [c] = load_inputs(["-"], stdin=io.BytesIO(b'{"id": "s1", "text": "He said so."}\n'))
    assert c.id == "s1" and c.doc is None
    [d] = load_inputs(["-"], stdin=io.BytesIO(LAVROV.encode("utf-8")))
    assert d.id == "stdin" and d.text == LAVROV


def test_forced_format_overrides_the_suffix(tmp_path):
    path = tmp_path / "parsed.data"
    path.write_bytes(CONLLU.read_bytes())
    assert [a.id for a in load_inputs([path])] == ["lavrov-talks", "minister-declined"]  # sniffed
    [raw] = load_inputs([path], text_format="txt")
    assert raw.doc is None and raw.text.startswith("# newdoc id")
    with pytest.raises(InputError, match="unknown input format"):
        list(load_inputs([path], text_format="docx"))


def test_gzipped_inputs(tmp_path):
    path = tmp_path / "corpus.conllu.gz"
    path.write_bytes(gzip.compress(CONLLU.read_bytes()))
    assert [a.id for a in load_inputs([path])] == ["lavrov-talks", "minister-declined"]
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(b"not gzip")
    [failure] = load_inputs([broken])
    assert failure.path == str(broken) and "cannot read" in failure.message


def test_read_conllu_names_the_bad_line():
    lines = CONLLU.read_text(encoding="utf-8").split("\n")
    bad_line = next(i for i, line in enumerate(lines, start=1) if line.startswith("3\tthat"))
    lines[bad_line - 1] = lines[bad_line - 1].replace("\tmark\t", "\tmark ")  # 9 columns
    with pytest.raises(
        InputError, match=rf"x\.conllu, line {bad_line}: malformed CoNLL-U: expected 10"
    ):
        list(read_conllu("\n".join(lines), source="x.conllu"))


def test_locate_conllu_error_checks_ids_heads_and_offsets():
    good = (
        "1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\tstart_char=0|end_char=2\n"
        "2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\tstart_char=3|end_char=7\n"
    )
    assert locate_conllu_error(good) is None
    assert locate_conllu_error(good.replace("\t2\tnsubj", "\t9\tnsubj"), 10) == (
        10,
        "HEAD 9 points to no word of its sentence",
    )
    assert "HEAD column" in locate_conllu_error(good.replace("\t0\troot", "\tx\troot"))[1]
    assert "ID column" in locate_conllu_error(good.replace("2\tsaid", "two\tsaid"))[1]
    assert locate_conllu_error(good.replace("end_char=7", "end_char=seven"))[0] == 2


def test_split_conllu_line_numbers():
    data = CONLLU.read_text(encoding="utf-8")
    blocks = list(split_conllu(data))
    assert [b[0] for b in blocks] == ["lavrov-talks", "minister-declined"]
    assert data.split("\n")[blocks[1][2] - 1] == "# newdoc id = minister-declined"


def test_html_without_article_text_is_a_failure(tmp_path):
    page = tmp_path / "gallery.html"
    page.write_text(
        "<html><head><title>Gallery</title></head><body><img src='a.jpg'><script>var x = "
        "1;</script></body></html>",
        encoding="utf-8",
    )
    [failure] = load_inputs([page])
    assert (
        isinstance(failure, InputFailure)
        and failure.message == "no article text found in this HTML page"
    )


def test_a_non_utf8_jsonl_warns_once(tmp_path):
    path = tmp_path / "old.jsonl"
    path.write_bytes(
        '{"id": "a", "text": "Café said so."}\n{"id": "b", "text": "Müller said so."}\n'.encode(
            "cp1252"
        )
    )
    a, b = load_inputs([path])
    assert (a.text, b.text) == ("Café said so.", "Müller said so.")
    assert len(a.meta["warnings"]) == 1 and "not UTF-8" in a.meta["warnings"][0]
    assert "warnings" not in b.meta


def test_windows_line_ends_and_a_bom_are_fine():
    data = b"\xef\xbb\xbf" + CONLLU.read_bytes().replace(b"\n", b"\r\n")
    first, second = load_inputs(["-"], stdin=io.BytesIO(data))
    assert (first.id, second.id) == ("lavrov-talks", "minister-declined")
    assert first.text == LAVROV.rstrip("\n")


def test_conllu_preamble_comments_and_empty_documents(tmp_path):
    data = (
        "# global.columns = ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC\n"
        + CONLLU.read_text(encoding="utf-8")
    )
    assert [a.id for a in read_conllu(data)] == ["lavrov-talks", "minister-declined"]
    path = tmp_path / "hollow.conllu"
    path.write_text(
        "# newdoc id = hollow\n# newpar\n\n" + CONLLU.read_text(encoding="utf-8"), encoding="utf-8"
    )
    items = list(load_inputs([path]))
    assert [(f.line, f.message) for f in failures(items)] == [
        (1, "document 'hollow' has no token lines")
    ]
    assert [a.id for a in articles(items)] == ["lavrov-talks", "minister-declined"]
    comments = tmp_path / "comments.conllu"
    comments.write_text("# just a comment\n", encoding="utf-8")
    [failure] = load_inputs([comments])
    assert failure.message == "no CoNLL-U token lines (only comments)"
