"""What the commands that read articles share: progress, failures, batched parsing, extraction.

``extract``, ``speakers`` and ``evaluate`` read their inputs the same way: every
readable document parsed (in batches) or read from CoNLL-U, failures named on stderr
as they are met, the rest still processed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator

import click

from ..documents import FORMATS as INPUT_FORMATS
from ..documents import MAX_CHARS, Article, InputFailure, load_inputs
from ..errors import AttributionError, ModelError
from ..models import Quote


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
            click.echo(
                f"\r{self.docs} documents, {self.quotes} quotes, {self.failed} failed",
                nl=False,
                err=True,
            )

    def summary(self, noun: str = "quotes") -> None:
        self._clear()
        if not self.quiet and (self.docs + self.failed > 1 or self.failed):
            took = time.monotonic() - self.started
            count = f", {self.quotes} {noun}" if noun else ""
            click.echo(
                f"{self.docs} documents{count}, {self.failed} failed ({took:.1f}s)", err=True
            )


def debug() -> bool:
    return bool(os.environ.get("ATTRIBUTION_DEBUG"))


class LazyParser:
    """Builds the stanza Pipeline at the first raw-text article, once; CoNLL-U needs none."""

    def __init__(
        self,
        *,
        lang: str,
        models_dir: str | None,
        use_gpu: bool | None,
        max_chars: int | None = MAX_CHARS,
    ):
        self.lang, self.models_dir, self.use_gpu = lang, models_dir, use_gpu
        self.max_chars = max_chars  # longer documents are refused before parsing
        self.pipeline = None
        self.error: ModelError | None = None

    def _pipeline(self):
        from ..parsing import build_pipeline

        if self.error is not None:
            raise ModelError("not parsed: no usable stanza models (see the first error)")
        if self.pipeline is None:
            try:
                self.pipeline = build_pipeline(
                    lang=self.lang, models_dir=self.models_dir, use_gpu=self.use_gpu
                )
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

        try:
            return parse_many(self._pipeline(), batch)
        except ModelError as exc:
            for article in batch:
                run.fail(article.source or article.id, f"document {article.id!r}: {exc}")
            return []
        except Exception as exc:
            if debug():
                raise
            if self.pipeline is None:  # the models exist but stanza cannot load them
                self.error = ModelError(
                    f"cannot load the stanza models: {type(exc).__name__}: {exc}"
                )
                for article in batch:
                    run.fail(article.source or article.id, f"document {article.id!r}: {self.error}")
                return []
        parsed = []  # the batch failed as a whole: one by one, to name the culprit
        for article in batch:
            try:
                parsed.append(parse_article(self.pipeline, article))
            except Exception as exc:
                if debug():
                    raise
                run.fail(
                    article.source or article.id,
                    f"document {article.id!r}: stanza could not parse it "
                    f"({type(exc).__name__}: {exc})",
                )
        return parsed


def parsed_documents(files, input_format: str, parser: LazyParser, run: Run) -> Iterator[Article]:
    """Every readable document of the inputs, parsed in batches, in input order.

    Failures and warnings are reported on ``run`` as they are met. For commands that
    read articles: ``for article in parsed_documents(files, input_format, parser, run)``.
    """
    from ..parsing import parse_batches

    for batch in parse_batches(_readable(files, input_format, run, parser.max_chars)):
        yield from batch if batch[0].doc is not None else parser.parse_batch(batch, run)


def _readable(
    files, input_format: str, run: Run, max_chars: int | None = MAX_CHARS
) -> Iterator[Article]:
    """The documents of FILE... (stdin for -), with failures and warnings reported on ``run``."""
    seen: dict[str, str | None] = {}
    fmt = None if input_format == "auto" else input_format
    for item in load_inputs(files, text_format=fmt, max_chars=max_chars):
        if isinstance(item, InputFailure):
            run.fail(item)
            continue
        for warning in item.meta.get("warnings", ()):
            run.warn(warning)
        if item.id in seen:
            run.warn(
                f"{item.source}: document id {item.id!r} was seen before ({seen[item.id]}); its "
                "quote ids repeat"
            )
        seen.setdefault(item.id, item.source)
        yield item


def extracted(
    articles: Iterator[Article], run: Run, *, include_beliefs: bool, registry, lang: str
) -> Iterator[tuple[Article, list[Quote]]]:
    """Each article with its quotes; an article whose extraction fails is named on ``run`` and
    skipped."""
    from ..extract import extract_quotes

    for article in articles:
        try:
            quotes = list(
                extract_quotes(
                    article, include_beliefs=include_beliefs, registry=registry, lang=lang
                )
            )
        except AttributionError as exc:
            run.fail(article.source or article.id, f"document {article.id!r}: {exc}")
            continue
        except Exception as exc:  # a bug on one document must not lose the others' results
            if debug():
                raise
            run.fail(
                article.source or article.id,
                f"document {article.id!r}: internal error {type(exc).__name__}: "
                f"{exc} (please report it; ATTRIBUTION_DEBUG=1 shows the traceback)",
            )
            continue
        yield article, quotes


def speakers_option(dest: str = "speakers"):
    """``--speakers FILE``: the registry of known names that ``extract`` and ``speakers`` resolve
    with."""
    return click.option(
        "--speakers",
        dest,
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="Speaker registry (JSON, YAML or CSV: name, aliases, titles, type) "
        "to name speakers with.",
    )


def input_options(func):
    func = click.option(
        "--input-format",
        type=click.Choice(("auto",) + INPUT_FORMATS),
        default="auto",
        show_default=True,
        help="Read every FILE as this format instead of going by its suffix.",
    )(func)
    func = click.option(
        "--models",
        "models_dir",
        type=click.Path(file_okay=False),
        default=None,
        metavar="DIR",
        help="stanza model directory for raw text [default: $STANZA_RESOURCES_DIR, else stanza's].",
    )(func)
    func = click.option(
        "--lang", default="en", show_default=True, help="Language of the articles."
    )(func)
    func = click.option(
        "--max-chars",
        type=click.IntRange(min=1),
        default=MAX_CHARS,
        show_default=True,
        help="Refuse (by name, exit status 1) a document longer than this many characters.",
    )(func)
    func = click.option(
        "--gpu/--cpu",
        "use_gpu",
        default=None,
        help="Parse on the GPU or the CPU [default: GPU if there is one].",
    )(func)
    func = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        help="No progress, warnings or summary on stderr (errors still).",
    )(func)
    return func
