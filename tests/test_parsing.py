"""The stanza pipeline: model checks without network, CoNLL-U output that reads back."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from conftest import DATA

from attribution.documents import Article, read_conllu
from attribution.errors import ModelError
from attribution.parsing import (
    build_pipeline,
    doc_to_conllu,
    download_models,
    missing_model_files,
    models_dir_for,
    parse_article,
)
from attribution.pipeline import Parser, parsed

TEXT = (
    "Sergei Lavrov said on Thursday that the West seeks hegemony.\n\n"
    "“We will not accept this,” he told reporters in Beijing. The ministry declined to comment.\n\n"
    "Talks resume next week."
)


def test_missing_model_dir_names_the_command(tmp_path):
    with pytest.raises(ModelError) as err:
        build_pipeline(models_dir=tmp_path / "nowhere")
    message = str(err.value)
    assert "attribution download --lang en" in message and "--models" in message
    assert str(tmp_path / "nowhere") in message


def test_missing_processor_file_is_named(tmp_path, small_models):
    shutil.copy(small_models / "resources.json", tmp_path / "resources.json")
    shutil.copytree(small_models / "en" / "tokenize", tmp_path / "en" / "tokenize")
    missing = missing_model_files("en", tmp_path)
    names = {p.relative_to(tmp_path).parts[1] for p in missing}
    assert names == {"mwt", "pos", "lemma", "depparse", "ner"}
    with pytest.raises(ModelError, match=r"model files missing in .*en/mwt/ewt\.pt"):
        build_pipeline(models_dir=tmp_path)


def test_unknown_language_is_a_model_error(tmp_path):
    (tmp_path / "resources.json").write_text(
        json.dumps({"fr": {"lang_name": "French"}}), encoding="utf-8"
    )
    with pytest.raises(ModelError, match="no stanza models for language 'en'"):
        build_pipeline(models_dir=tmp_path)
    (tmp_path / "resources.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(ModelError, match="unreadable"):
        build_pipeline(models_dir=tmp_path)


def test_models_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "env"))
    assert models_dir_for(None) == tmp_path / "env"
    assert models_dir_for(tmp_path / "opt") == tmp_path / "opt"
    monkeypatch.delenv("STANZA_RESOURCES_DIR")
    from stanza.resources.common import DEFAULT_MODEL_DIR

    assert models_dir_for(None) == Path(DEFAULT_MODEL_DIR).expanduser()  # stanza's own default


def test_download_without_network_fails_quickly_and_clearly(tmp_path):
    # A closed local port stands in for an unreachable server: no traffic leaves the machine.
    started = time.monotonic()
    with pytest.raises(ModelError, match="could not download the stanza 'en' models") as err:
        download_models("en", tmp_path / "models", resources_url="http://127.0.0.1:9")
    assert "internet" in str(err.value)
    assert time.monotonic() - started < 30


def test_doc_to_conllu_needs_a_parse():
    with pytest.raises(ModelError, match="has not been parsed"):
        doc_to_conllu(Article(id="x", text="Hello."))


def test_conllu_from_conllu_keeps_paragraphs():
    [first, _] = read_conllu((DATA / "inputs" / "two-docs.conllu").read_text(encoding="utf-8"))
    out = doc_to_conllu(first)
    assert out.startswith("# newdoc id = lavrov-talks\n")
    assert out.count("# newpar") == 2
    [again] = read_conllu(out)
    assert again.text == first.text


@pytest.mark.models
def test_parse_and_write_conllu_round_trip(small_models):
    pipeline = build_pipeline(models_dir=small_models, use_gpu=False)
    article = parse_article(pipeline, Article(id="lavrov-beijing", text=TEXT))
    assert article.text == TEXT
    tokens = [t for s in article.doc.sentences for t in s.tokens]
    assert all(TEXT[t.start_char : t.end_char] == t.text for t in tokens)

    out = doc_to_conllu(article)
    assert out.startswith("# newdoc id = lavrov-beijing\n")
    assert out.count("# newpar") == 3  # three blank-line separated paragraphs
    assert "ner=" in out and "start_char=" in out

    [back] = read_conllu(out)
    assert back.id == "lavrov-beijing"
    assert back.text == TEXT  # only single spaces and blank lines here: whitespace allows exactness
    assert [(t.start_char, t.end_char, t.text) for s in back.doc.sentences for t in s.tokens] == [
        (t.start_char, t.end_char, t.text) for t in tokens
    ]
    assert [w.deprel for s in back.doc.sentences for w in s.words] == [
        w.deprel for s in article.doc.sentences for w in s.words
    ]

    # Batched parsing (one stanza call for several articles) gives the same parse, in order.
    parser = Parser()
    parser.pipeline = pipeline  # the one built above
    batch = list(
        parsed([Article(id="a", text=TEXT), Article(id="b", text="He said no."), back], parser)
    )
    assert [a.id for a in batch] == ["a", "b", "lavrov-beijing"]
    assert batch[2] is back
    assert doc_to_conllu(batch[0]).replace("# newdoc id = a\n", "") == out.replace(
        "# newdoc id = lavrov-beijing\n", ""
    ).replace("# sent_id = lavrov-beijing-", "# sent_id = a-")
    assert [t.text for s in batch[1].doc.sentences for t in s.tokens][:2] == ["He", "said"]
    # each article numbers its sentences from 0, as parsed alone (stanza's batch counts on)
    for article in batch[:2]:
        numbers = [(s.index, s.sent_id) for s in article.doc.sentences]
        assert numbers == [(i, str(i)) for i in range(len(numbers))]
