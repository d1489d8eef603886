"""The one view of a parsed document that detection, speakers and evaluation share."""

from __future__ import annotations

from pathlib import Path

from attribution.documents import read_conllu
from attribution.sentences import DocumentView, paragraph_starts

DATA = Path(__file__).parent / "data" / "constructions"


def _view(name: str) -> DocumentView:
    path = DATA / f"{name}.conllu"
    (art,) = read_conllu(path.read_text(encoding="utf-8"), source=str(path))
    return DocumentView(art.doc, art.text)


def test_paragraphs_are_lines_of_the_text():
    assert paragraph_starts("a\n\nb\nc") == [0, 2, 3, 5]
    view = _view("colon-next-paragraph")  # "Peskov told reporters:", blank line, the quote
    assert [s.paragraph for s in view.sentences] == [0, 2]
    assert view.paragraph_of(view.sentences[1].start) == 2
    assert view.paragraph_starts[view.sentences[1].paragraph] == view.sentences[1].start


def test_sentence_view_walks_the_tree():
    view = _view("colon-next-paragraph")
    second = view.sentences[1]
    take = second.word(5)
    assert take.text == "take" and second.word(0) is None and second.word(11) is None
    assert [w.text for w in second.kids(take, "nsubj", "obj")] == ["visit", "place"]
    assert second.subtree_ids(second.word(8)) == {7, 8}  # "in May"
    assert second.span(take) == (24, 59)  # the whole sentence, marks included
    assert second.in_subtree(second.word(2), take) and not second.in_subtree(take, second.word(3))
    assert second.on_main_verb(second.word(3)) and not second.on_main_verb(second.word(2))


def test_source_is_sentence_position_and_word_id():
    view = _view("colon-next-paragraph")
    other = _view("according-to")
    peskov = view.sentences[0].word(1)
    assert view.source(peskov) == (0, 1)
    assert view.source(view.sentences[1].word(3)) == (1, 3)
    assert view.source(other.sentences[0].word(1)) is None  # a word of another document


def test_words_by_offset():
    view = _view("colon-next-paragraph")
    assert [w.text for w in view.words_within([(7, 11), (54, 58)])] == ["told", "May", "."]
    assert view.sentence_at(30) is view.sentences[1].sentence
    assert view.sentence_at(23) is view.sentences[0].sentence  # the blank line: the one before
