"""Raw text to stanza Documents: the Pipeline, its models, and CoNLL-U output.

Parsing is the expensive step, so it is kept separable: ``attribution parse`` writes
stanza-style CoNLL-U once and every command reads it back (``documents.read_conllu``).
The Pipeline never fetches anything unless asked (``download=True`` or
``attribution download``); a missing model is a :class:`ModelError` naming the fix.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .documents import Article, metadata_comments
from .errors import ModelError

PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def models_dir_for(models_dir: str | os.PathLike | None = None) -> Path:
    """``--models DIR``, else ``STANZA_RESOURCES_DIR``, else stanza's own default."""
    if models_dir:
        return Path(models_dir).expanduser()
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser()
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return Path(DEFAULT_MODEL_DIR).expanduser()


def _fix(lang: str, where: Path) -> str:
    return (
        f"run `attribution download --lang {lang} --models {where}` on a machine with internet "
        "access, or point --models DIR (or STANZA_RESOURCES_DIR) at a directory holding "
        f"stanza's {lang} models"
    )


def missing_model_files(lang: str, where: Path, processors: str = PROCESSORS) -> list[Path]:
    """Model files the Pipeline would load that are absent (stanza's own resolution of
    resources.json).

    Raises ModelError when resources.json itself is missing, unreadable or lacks ``lang``.
    """
    from stanza.resources.common import (
        add_dependencies,
        flatten_processor_list,
        maintain_processor_list,
    )

    resources_file = where / "resources.json"
    if not resources_file.is_file():
        raise ModelError(
            f"no stanza models in {where} (resources.json is missing); {_fix(lang, where)}"
        )
    try:
        resources = json.loads(resources_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{resources_file} is unreadable ({exc}); {_fix(lang, where)}") from exc
    if lang not in resources:
        raise ModelError(f"no stanza models for language {lang!r} in {where}; {_fix(lang, where)}")
    lang = resources[lang].get("alias", lang)
    wanted = {p: "default" for p in processors.split(",")}  # the default package of each
    try:
        load_list = maintain_processor_list(resources, lang, "default", wanted)
        load_list = add_dependencies(resources, lang, load_list)
    except Exception as exc:  # stanza raises ValueError/KeyError for processors it cannot place
        raise ModelError(
            f"the stanza models in {where} lack what {processors} needs ({exc}); "
            f"{_fix(lang, where)}"
        ) from exc
    found = {proc for proc, _ in load_list}
    missing = [where / lang / proc for proc in wanted if proc not in found and proc != "mwt"]
    for proc, package in flatten_processor_list(load_list):
        path = where / lang / proc / f"{package}.pt"
        if not path.is_file():
            missing.append(path)
    return missing


def build_pipeline(
    *,
    lang: str = "en",
    models_dir: str | os.PathLike | None = None,
    download: bool = False,
    use_gpu: bool | None = None,
):
    """A stanza Pipeline with tokenize,mwt,pos,lemma,depparse,ner from ``models_dir``.

    Without ``download`` nothing is fetched: missing files are reported up front as
    one ModelError saying which files and what to run.
    """
    where = models_dir_for(models_dir)
    if download:
        download_models(lang, where)
    missing = missing_model_files(lang, where)
    if missing:
        shown = ", ".join(str(p) for p in missing[:3]) + (" ..." if len(missing) > 3 else "")
        raise ModelError(f"stanza model files missing in {where}: {shown}; {_fix(lang, where)}")
    import stanza

    try:
        return stanza.Pipeline(
            lang,
            dir=str(where),
            processors=PROCESSORS,
            download_method=None,
            use_gpu=use_gpu,
            logging_level="WARN",
        )
    except (
        OSError,
        ValueError,
        RuntimeError,
        KeyError,
    ) as exc:  # corrupt or incompatible model files
        raise ModelError(
            f"cannot load the stanza models in {where}: {exc}; {_fix(lang, where)}"
        ) from exc


# stanza is given at most this many characters at once: its memory follows the piece,
# and its tokenizer, slow on a very long paragraph, never sees one longer than this.
CHUNK_CHARS = 20_000


def parse_text(pipeline, text: str, *, chunk_chars: int = CHUNK_CHARS):
    """One stanza Document for ``text``, parsed in paragraph- or sentence-aligned pieces.

    A text of at most ``chunk_chars`` characters is parsed in one call, as stanza would;
    a longer one piece by piece (:func:`attribution.chunks.pieces`), and the pieces'
    sentences are joined into one Document whose offsets index ``text``. Pieces end at
    blank lines where the text has them, and stanza never lets a sentence cross a blank
    line, so an ordinary article parses as it would whole.

    Args:
        pipeline: a stanza Pipeline (see :func:`build_pipeline`).
        text: the article's original text.
        chunk_chars: the most characters stanza is given at once.
    """
    if len(text) <= chunk_chars:
        return pipeline(text)
    from stanza.models.common.doc import Document

    from .chunks import pieces

    sentences: list[list[dict]] = []
    for start, end in pieces(text, chunk_chars):
        if not text[start:end].strip():
            continue
        for sentence in pipeline(text[start:end]).to_dict():
            for entry in sentence:
                for key in ("start_char", "end_char"):
                    if entry.get(key) is not None:
                        entry[key] += start
            sentences.append(sentence)
    return _numbered(Document(sentences, text=text))


def parse_article(pipeline, article: Article) -> Article:
    """Parse ``article.text`` in place (the original text is kept: stanza's offsets index it)."""
    article.doc = parse_text(pipeline, article.text)
    return article


def parse_many(pipeline, articles: list[Article]) -> list[Article]:
    """Parse several articles in one stanza call (batches across documents: faster than one by
    one); an article longer than CHUNK_CHARS is parsed alone, in pieces."""
    from stanza.models.common.doc import Document

    short = [a for a in articles if len(a.text) <= CHUNK_CHARS]
    for article in articles:
        if len(article.text) > CHUNK_CHARS or len(short) == 1:
            parse_article(pipeline, article)
    if len(short) > 1:
        docs = pipeline.bulk_process([Document([], text=a.text) for a in short])
        for article, doc in zip(short, docs, strict=True):
            article.doc = _numbered(doc)
    return articles


def _numbered(doc):
    """``doc`` with its sentences numbered from 0 (``index`` and ``sent_id``), as a parse of its
    text alone numbers them: a Document joined from pieces, or one of a batch, whose sentence
    numbers stanza's bulk_process counts on across the batch's documents."""
    for index, sentence in enumerate(doc.sentences):
        sentence.index = index
        sentence.sent_id = str(index)
    return doc


def download_models(
    lang: str = "en",
    models_dir: str | os.PathLike | None = None,
    *,
    resources_url: str | None = None,
) -> Path:
    """Fetch stanza's default models for ``lang`` into ``models_dir`` with progress on stderr.

    Needs the internet; any network or server failure becomes one ModelError.
    """
    import stanza
    from stanza.resources.common import DEFAULT_RESOURCES_URL

    where = models_dir_for(models_dir)
    try:
        # INFO makes stanza log each file and show its tqdm bars, both on stderr.
        stanza.download(
            lang,
            model_dir=str(where),
            processors=PROCESSORS,
            resources_url=resources_url or DEFAULT_RESOURCES_URL,
            logging_level="INFO",
        )
    except Exception as exc:  # requests/HF errors, bad language, disk full: one clear line
        raise ModelError(
            f"could not download the stanza {lang!r} models into {where}: "
            f"{type(exc).__name__}: {exc}. Check the internet connection (or proxy), "
            f"or copy a downloaded model directory and use --models DIR"
        ) from exc
    return where


# --- CoNLL-U output ------------------------------------------------------------------

_OWN_COMMENTS = ("# newdoc", "# newpar", "# sent_id", "# meta::")


def _starts_paragraph(article: Article, sentence, prev_end: int | None) -> bool:
    if prev_end is None or any(c.startswith("# newpar") for c in sentence.comments):
        return True
    start = sentence.tokens[0].start_char
    return start is not None and bool(_BLANK_LINE.search(article.text, prev_end, start))


def doc_to_conllu(article: Article) -> str:
    """Stanza-style CoNLL-U for one parsed article: ``# newdoc id`` first, then its metadata
    (``# meta::url = ...``, see :func:`documents.metadata_comments`), ``# newpar``
    where a paragraph starts (text separated by a blank line), offsets and NER in MISC.

    ``documents.read_conllu`` reads it back with the same offsets.
    """
    if article.doc is None:
        raise ModelError(
            f"article {article.id!r} has not been parsed (use parsing.parse_article first)"
        )
    blocks: list[str] = []
    prev_end = None
    for i, sentence in enumerate(article.doc.sentences):
        if not sentence.tokens:
            continue
        header = [f"# newdoc id = {article.id}", *metadata_comments(article)] if not blocks else []
        if _starts_paragraph(article, sentence, prev_end):
            header.append("# newpar")
        header.append(f"# sent_id = {article.id}-{i + 1}")
        body = f"{sentence:C}".split("\n")
        body = [row for row in body if not (row.startswith("#") and row.startswith(_OWN_COMMENTS))]
        blocks.append("\n".join(header + body))
        prev_end = sentence.tokens[-1].end_char
    return "\n\n".join(blocks) + "\n\n"
