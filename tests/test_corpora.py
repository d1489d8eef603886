"""Validation of the project's own hand-checked corpora (corpora/**/*.conllu + .txt +
.expected.jsonl).

These files are the ground truth the other tests and the evaluation use, so every
parse must be a well-formed UD v2 tree whose offsets index the original text, and
every expected quote must point at exactly the text it claims.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from attribution.documents import read_conllu

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
CONLLU = sorted(CORPORA.rglob("*.conllu"))
EXPECTED = sorted(CORPORA.rglob("*.expected.jsonl"))

UPOS = set(
    """
    ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X
    """.split()
)
UD_RELATIONS = set(
    """
    acl advcl advmod amod appos aux case cc ccomp clf compound conj cop csubj dep det discourse
    dislocated expl fixed flat goeswith iobj list mark nmod nsubj nummod obj obl orphan parataxis
    punct reparandum root vocative xcomp
    """.split()
)
# Subtypes used by UD English (EWT/GUM), old and new names (tmod/npmod became unmarked in v2.15).
ENGLISH_SUBTYPES = set(
    """
    acl:relcl advcl:relcl aux:pass cc:preconj compound:prt csubj:outer csubj:pass det:predet
    flat:foreign nmod:poss nmod:tmod nmod:npmod nmod:unmarked nmod:desc nsubj:outer nsubj:pass
    obl:agent obl:tmod obl:npmod obl:unmarked
    """.split()
)
NER = re.compile(r"^(O|[BIES]-(PERSON|ORG|GPE|NORP|LOC))$")
KINDS = {"direct", "indirect", "mixed"}
SPEAKER_TYPES = {"PERSON", "ORG", "GPE", "NORP", "UNKNOWN"}


def _articles(path: Path):
    return list(read_conllu(path.read_text(encoding="utf-8"), source=str(path)))


def _text_for(path: Path) -> str:
    return path.with_name(
        path.name.removesuffix(".conllu").removesuffix(".expected.jsonl") + ".txt"
    ).read_text(encoding="utf-8")


def _id(path: Path) -> str:
    return str(path.relative_to(CORPORA))


def test_corpora_are_present():
    assert CONLLU, "no .conllu files under corpora/"
    assert CORPORA / "seed" / "putin-china-2024.conllu" in CONLLU
    assert len(CONLLU) >= 3, "the seed article and at least two written articles"


@pytest.mark.parametrize("path", CONLLU, ids=_id)
def test_every_parse_has_its_text_and_expected_quotes(path):
    stem = path.name.removesuffix(".conllu")
    assert path.with_name(stem + ".txt").exists()
    assert path.with_name(stem + ".expected.jsonl").exists()


@pytest.mark.parametrize("path", CONLLU, ids=_id)
def test_loads_as_one_article_with_the_original_text(path):
    articles = _articles(path)
    assert len(articles) == 1
    article = articles[0]
    assert article.id == path.name.removesuffix(".conllu")
    # gaps are spaces inside paragraphs and newlines between them, so the rebuilt text is the
    # original (up to the final newline, which no token records)
    assert article.text == _text_for(path).rstrip("\n")


@pytest.mark.parametrize("path", CONLLU, ids=_id)
def test_tokens_index_the_original_text(path):
    text = _text_for(path)
    doc = _articles(path)[0].doc
    previous_end = 0
    for sentence in doc.sentences:
        for token in sentence.tokens:
            assert text[token.start_char : token.end_char] == token.text, (
                sentence.sent_id,
                token.text,
            )
            assert token.start_char >= previous_end, (sentence.sent_id, token.text)
            assert len(token.words) == 1 and token.words[0].text == token.text
            previous_end = token.end_char
        first, last = sentence.tokens[0], sentence.tokens[-1]
        assert sentence.text == text[first.start_char : last.end_char]
        assert "\n" not in sentence.text, f"sentence {sentence.sent_id} crosses a paragraph break"


@pytest.mark.parametrize("path", CONLLU, ids=_id)
def test_every_sentence_is_a_tree_with_one_root(path):
    for sentence in _articles(path)[0].doc.sentences:
        heads = {word.id: word.head for word in sentence.words}
        roots = [word for word in sentence.words if word.head == 0]
        assert len(roots) == 1, f"sentence {sentence.sent_id}: {len(roots)} roots"
        assert roots[0].deprel == "root"
        for word in sentence.words:
            assert (word.deprel == "root") == (word.head == 0), (sentence.sent_id, word.id)
            assert 0 <= word.head <= len(sentence.words) and word.head != word.id
            seen, node = set(), word.id
            while node != 0:  # climbing the heads must reach the root without a cycle
                assert node not in seen, f"sentence {sentence.sent_id}: cycle through word {node}"
                seen.add(node)
                node = heads[node]


@pytest.mark.parametrize("path", CONLLU, ids=_id)
def test_labels_are_ud_v2(path):
    for sentence in _articles(path)[0].doc.sentences:
        for word in sentence.words:
            where = (sentence.sent_id, word.id, word.text)
            assert word.upos in UPOS, where
            base = word.deprel.split(":")[0]
            assert base in UD_RELATIONS, where
            assert ":" not in word.deprel or word.deprel in ENGLISH_SUBTYPES, where
            assert word.lemma and word.xpos, where
            if word.upos == "PUNCT":
                assert word.deprel in {"punct", "root"}, where
            if word.feats:
                names = [item.split("=")[0] for item in word.feats.split("|")]
                assert names == sorted(names, key=str.lower), where


@pytest.mark.parametrize("path", CONLLU, ids=_id)
def test_ner_tags_are_well_formed_bioes(path):
    for sentence in _articles(path)[0].doc.sentences:
        open_type = None
        for token in sentence.tokens:
            tag = token.ner
            where = (sentence.sent_id, token.text, tag)
            assert NER.match(tag), where
            prefix, _, kind = tag.partition("-")
            if prefix in ("I", "E"):
                assert open_type == kind, where
            else:
                assert open_type is None, where
            open_type = kind if prefix in ("B", "I") else None
        assert open_type is None, f"sentence {sentence.sent_id}: entity left open"


def _records(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("path", EXPECTED, ids=_id)
def test_expected_quotes_point_at_their_text(path):
    text = _text_for(path)
    doc_id = path.name.removesuffix(".expected.jsonl")
    records = _records(path)
    assert records
    for n, rec in enumerate(records, 1):
        assert rec["doc"] == doc_id, n
        assert rec["kind"] in KINDS, n
        assert text[rec["start_char"] : rec["end_char"]] == rec["text"], n
        assert rec["text"] == rec["text"].strip(), n
        pieces = _pieces(rec)
        assert pieces[0]["start_char"] == rec["start_char"], n
        assert pieces[-1]["end_char"] == rec["end_char"], n
        for a, b in zip(pieces, pieces[1:]):
            assert a["end_char"] < b["start_char"], n  # in text order, apart
        for piece in pieces:
            assert text[piece["start_char"] : piece["end_char"]] == piece["text"], n
            assert piece["text"] == piece["text"].strip(), n
        cue = rec["cue"]  # null for a bare quote paragraph (the speaker is named before it)
        if cue is not None:
            assert text[cue["start_char"] : cue["end_char"]] == cue["text"], n
        speaker = rec["speaker"]
        assert text[speaker["start_char"] : speaker["end_char"]] == speaker["mention"], n
        assert speaker["type"] in SPEAKER_TYPES and speaker["name"], n
        # the cue and the speaker mention are never inside the content (they may sit between
        # its pieces: "“A,” said X. “B.”")
        for span in filter(None, (cue, speaker)):
            for piece in pieces:
                assert (
                    span["end_char"] <= piece["start_char"]
                    or span["start_char"] >= piece["end_char"]
                ), n


def _pieces(rec: dict) -> list[dict]:
    """The content's pieces: ``pieces`` when it has several, else the record's own span."""
    return rec.get("pieces") or [rec]


QUOTE_MARKS = set('"“”‘’«»„')
UNAMBIGUOUS_MARKS = QUOTE_MARKS - {"’"}  # ’ is also the apostrophe ("country’s")


@pytest.mark.parametrize("path", EXPECTED, ids=_id)
def test_expected_kind_agrees_with_the_quotation_marks(path):
    for n, rec in enumerate(_records(path), 1):
        text = " ".join(p["text"] for p in _pieces(rec))
        if rec["kind"] == "direct":  # quoted spans only: a mark opens every piece
            assert all(p["text"][0] in QUOTE_MARKS for p in _pieces(rec)), n
        elif rec["kind"] == "mixed":  # the reporter's words plus quoted fragments
            assert (
                text[0] not in QUOTE_MARKS or text[-1] not in QUOTE_MARKS or text.count(text[0]) > 1
            ), n
            assert any(c in UNAMBIGUOUS_MARKS for c in text), n
        else:
            assert not any(c in UNAMBIGUOUS_MARKS for c in text), n


@pytest.mark.parametrize("path", EXPECTED, ids=_id)
def test_expected_spans_fall_on_token_boundaries(path):
    doc = _articles(path.with_name(path.name.removesuffix(".expected.jsonl") + ".conllu"))[0].doc
    starts = {t.start_char for s in doc.sentences for t in s.tokens}
    ends = {t.end_char for s in doc.sentences for t in s.tokens}
    for n, rec in enumerate(_records(path), 1):
        for span in filter(None, (*_pieces(rec), rec["cue"], rec["speaker"])):
            assert span["start_char"] in starts and span["end_char"] in ends, (n, span.get("text"))


def test_seed_expected_quotes_are_the_six_hand_annotated_ones():
    records = _records(CORPORA / "seed" / "putin-china-2024.expected.jsonl")
    speakers = [r["speaker"]["name"] for r in records]
    assert speakers.count("the Kremlin") == 3
    assert speakers.count("Sergei Lavrov") == 2
    assert speakers.count("Xi Jinping") == 1
    assert not any("Biden" in r["speaker"]["name"] for r in records)


def _builder():
    spec = importlib.util.spec_from_file_location(
        "build_conllu", CORPORA / "tools" / "build_conllu.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", CONLLU, ids=_id)
def test_conllu_is_built_from_its_hand_annotation(path):
    # the .conllu is generated from corpora/src/NAME.ud; an edit to one without the other is a
    # mistake
    stem = path.name.removesuffix(".conllu")
    source = CORPORA / "src" / f"{stem}.ud"
    built = _builder().build(str(source), str(path.with_name(stem + ".txt")), stem)
    assert built == path.read_text(encoding="utf-8")
