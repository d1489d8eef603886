"""``attribution extract``, ``parse`` and ``download``: thin commands over the library.

Inputs that cannot be read are named on stderr as they happen, the others are
still processed, and the exit status is 1 at the end when any failed.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
import sys
import time
from typing import Iterator

import click

from . import main
from ..documents import FORMATS as INPUT_FORMATS
from ..documents import Article, InputFailure, load_inputs
from ..errors import AttributionError, ModelError
from ..output import FORMATS as OUTPUT_FORMATS
from ..output import open_writer


class Run:
    """Progress on stderr (a counter line on a terminal, a summary at the end) and failures."""

    def __init__(self, *, quiet: bool):
        self.quiet = quiet
        self.live = not quiet and sys.stderr.isatty()
        self.docs = self.quotes = self.failed = 0
        self.started = time.monotonic()

    def _clear(self) -> None:
        if self.live:
            click.echo("\r\033[K", nl=False, err=True)

    def fail(self, where: object, message: str | None = None) -> None:
        """Name a failed input (file, line) on stderr; always shown, even with -q."""
        self.failed += 1
        self._clear()
        click.echo(f"error: {where}: {message}" if message else f"error: {where}", err=True)

    def warn(self, message: str) -> None:
        if not self.quiet:
            self._clear()
            click.echo(f"warning: {message}", err=True)

    def done(self, quotes: int = 0) -> None:
        self.docs += 1
        self.quotes += quotes
        if self.live:
            click.echo(f"\r{self.docs} documents, {self.quotes} quotes, {self.failed} failed", nl=False, err=True)

    def summary(self, noun: str = "quotes") -> None:
        self._clear()
        if not self.quiet and (self.docs + self.failed > 1 or self.failed):
            took = time.monotonic() - self.started
            count = f", {self.quotes} {noun}" if noun else ""
            click.echo(f"{self.docs} documents{count}, {self.failed} failed ({took:.1f}s)", err=True)


def _debug() -> bool:
    return bool(os.environ.get("ATTRIBUTION_DEBUG"))


class LazyParser:
    """Builds the stanza Pipeline at the first raw-text article, once; CoNLL-U needs none."""

    def __init__(self, *, lang: str, models_dir: str | None, use_gpu: bool | None):
        self.lang, self.models_dir, self.use_gpu = lang, models_dir, use_gpu
        self.pipeline = None
        self.error: ModelError | None = None

    def _pipeline(self):
        from ..parsing import build_pipeline
        if self.error is not None:
            raise ModelError("not parsed: no usable stanza models (see the first error)")
        if self.pipeline is None:
            try:
                self.pipeline = build_pipeline(lang=self.lang, models_dir=self.models_dir, use_gpu=self.use_gpu)
            except ModelError as exc:
                self.error = exc
                raise
        return self.pipeline

    def parse(self, article: Article) -> Article:
        """One article parsed in place; ModelError when there are no usable models."""
        from ..parsing import parse_article
        return parse_article(self._pipeline(), article)

    def parse_batch(self, batch: list[Article], run: Run) -> list[Article]:
        """The batch parsed (one stanza call); articles that fail are reported and left out."""
        from ..parsing import parse_article, parse_many
        if not batch:
            return []
        try:
            return parse_many(self._pipeline(), batch)
        except ModelError as exc:
            for article in batch:
                run.fail(article.source or article.id, f"document {article.id!r}: {exc}")
            return []
        except Exception as exc:
            if _debug():
                raise
            if self.pipeline is None:  # the models exist but stanza cannot load them
                self.error = ModelError(f"cannot load the stanza models: {type(exc).__name__}: {exc}")
                for article in batch:
                    run.fail(article.source or article.id, f"document {article.id!r}: {self.error}")
                return []
        parsed = []  # the batch failed as a whole: one by one, to name the culprit
        for article in batch:
            try:
                parsed.append(parse_article(self.pipeline, article))
            except Exception as exc:
                if _debug():
                    raise
                run.fail(article.source or article.id, f"document {article.id!r}: stanza could not parse it "
                         f"({type(exc).__name__}: {exc})")
        return parsed


BATCH_DOCS, BATCH_CHARS = 16, 60_000  # raw articles parsed per stanza call


def _inputs(files, input_format: str):
    """load_inputs over FILE... with the --input-format choice (stdin read when a FILE is -)."""
    return load_inputs(files, text_format=None if input_format == "auto" else input_format)


def parsed_documents(files, input_format: str, parser: LazyParser, run: Run) -> Iterator[Article]:
    """Every readable document of the inputs, parsed in batches, in input order.

    Failures and warnings are reported on ``run`` as they are met. For commands that
    read articles: ``for article in parsed_documents(files, input_format, parser, run)``.
    """
    items = _inputs(files, input_format)
    seen: dict[str, str | None] = {}
    batch: list[Article] = []
    for item in items:
        if isinstance(item, InputFailure):
            run.fail(item)
            continue
        for warning in item.meta.get("warnings", ()):
            run.warn(warning)
        if item.id in seen:
            run.warn(f"{item.source}: document id {item.id!r} was seen before ({seen[item.id]}); its quote ids repeat")
        seen.setdefault(item.id, item.source)
        if item.doc is not None:
            yield from parser.parse_batch(batch, run)
            batch = []
            yield item
            continue
        batch.append(item)
        if len(batch) >= BATCH_DOCS or sum(len(a.text) for a in batch) >= BATCH_CHARS:
            yield from parser.parse_batch(batch, run)
            batch = []
    yield from parser.parse_batch(batch, run)


def _load_registry(path: str | None):
    if not path:
        return None
    from .. import speakers
    load_registry = getattr(speakers, "load_registry", None)
    if load_registry is None:
        raise click.UsageError("--speakers is not supported by this version (no speaker registry loader)")
    return load_registry(path)


@contextmanager
def claims_step(*, db: str | None, match: bool, remember: bool, top: int, min_score: float):
    """The claim-store step between extraction and output: ``(article, quote dicts) -> quote dicts``.

    Yields None when neither --match nor --remember asks for the store. Matching runs
    before remembering, so a quote is never its own match.
    """
    if not (match or remember):
        yield None
        return
    from ..claims import open_store
    from ..matching import match_quotes, remember_quotes

    with open_store(db) as store:
        def step(article: Article, quotes: list[dict]) -> list[dict]:
            if match:
                match_quotes(store, quotes, top=top, min_score=min_score, article=article)
            if remember:
                remember_quotes(store, quotes, article=article)
            return quotes
        yield step


def input_options(func):
    func = click.option("--input-format", type=click.Choice(("auto",) + INPUT_FORMATS), default="auto",
                        show_default=True, help="Read every FILE as this format instead of going by its suffix.")(func)
    func = click.option("--models", "models_dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
                        help="stanza model directory for raw text [default: $STANZA_RESOURCES_DIR, else stanza's].")(func)
    func = click.option("--lang", default="en", show_default=True, help="Language of the articles.")(func)
    func = click.option("--gpu/--cpu", "use_gpu", default=None, help="Parse on the GPU or the CPU [default: GPU if there is one].")(func)
    func = click.option("-q", "--quiet", is_flag=True, help="No progress, warnings or summary on stderr (errors still).")(func)
    return func


@main.command("extract")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="jsonl", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", show_default=True,
              help="Write the records here instead of stdout.")
@click.option("--speakers", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Speaker registry (known names, titles, aliases) to resolve speakers with.")
@click.option("--include-beliefs", is_flag=True, help="Also report beliefs and intentions (\"backs\", \"wants\").")
@click.option("--db", "db", envvar="ATTRIBUTION_DB", default=None, metavar="PATH|URL",
              help="Claim store for --match/--remember (SQLite file or postgresql:// URL).")
@click.option("--match", "match", is_flag=True, help="Fill each quote's matches from the claim store.")
@click.option("--remember", is_flag=True, help="Add the attributed quotes to the claim store.")
@click.option("--top", default=3, show_default=True, type=click.IntRange(1), help="Matches kept per quote (--match).")
@click.option("--min-score", default=50.0, show_default=True, type=click.FloatRange(0, 100),
              help="Lowest match score kept (--match).")
@input_options
def extract(files, fmt, output, speakers, include_beliefs, db, match, remember, top, min_score, input_format,
            models_dir, lang, use_gpu, quiet):
    """Find the quotes in FILE... (.txt, .html, .jsonl, .conllu; - for stdin) and attribute them.

    Raw text is parsed with stanza (see --models); CoNLL-U from `attribution parse`
    or another UD parser is read as it is. Records go to stdout (or -o), progress
    and errors to stderr. Exit status 1 when some inputs failed.
    """
    from ..extract import extract_quotes

    registry = _load_registry(speakers)
    run = Run(quiet=quiet)
    parser = LazyParser(lang=lang, models_dir=models_dir, use_gpu=use_gpu)
    writer = open_writer(fmt, output)
    with claims_step(db=db, match=match, remember=remember, top=top, min_score=min_score) as step:
        for item in parsed_documents(files, input_format, parser, run):
            try:
                quotes = [q.to_dict() for q in extract_quotes(item, include_beliefs=include_beliefs,
                                                               registry=registry, lang=lang)]
            except AttributionError as exc:
                run.fail(item.source or item.id, f"document {item.id!r}: {exc}")
                continue
            except Exception as exc:  # a bug on one document must not lose the others' results
                if _debug():
                    raise
                run.fail(item.source or item.id, f"document {item.id!r}: internal error {type(exc).__name__}: {exc} "
                         "(please report it; ATTRIBUTION_DEBUG=1 shows the traceback)")
                continue
            if step is not None:
                quotes = step(item, quotes)
            writer.add(item.to_dict(), quotes)
            run.done(len(quotes))
    writer.close()
    run.summary()
    if run.failed:
        sys.exit(1)


@main.command("parse")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", show_default=True,
              help="CoNLL-U file to write (all documents in one, `# newdoc id` each).")
@input_options
def parse(files, output, input_format, models_dir, lang, use_gpu, quiet):
    """Parse raw text once into stanza-style CoNLL-U, for `extract` to read many times.

    CoNLL-U inputs are copied through without parsing them again.
    """
    from ..parsing import doc_to_conllu

    run = Run(quiet=quiet)
    parser = LazyParser(lang=lang, models_dir=models_dir, use_gpu=use_gpu)
    for item in parsed_documents(files, input_format, parser, run):
        output.write(doc_to_conllu(item))
        output.flush()
        run.done()
    run.summary(noun="")
    if run.failed:
        sys.exit(1)


@main.command("download")
@click.option("--lang", default="en", show_default=True, help="Language whose models to fetch.")
@click.option("--models", "models_dir", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="Where to put them [default: $STANZA_RESOURCES_DIR, else stanza's default].")
@click.option("--resources-url", default=None, metavar="URL",
              help="A mirror of stanza's resources [default: stanza's; $STANZA_RESOURCES_URL].")
def download(lang, models_dir, resources_url):
    """Fetch stanza's models (tokenize, mwt, pos, lemma, depparse, ner); needs the internet."""
    from ..parsing import download_models

    where = download_models(lang, models_dir, resources_url=resources_url)
    click.echo(f"stanza {lang} models are in {where}; use --models {where} if that is not the default", err=True)
