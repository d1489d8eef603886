"""What the commands that read articles share: progress on stderr, failures.

``extract``, ``parse``, ``speakers`` and ``evaluate`` run :mod:`attribution.pipeline`;
this module turns its failures into lines on stderr (and exit status 1) and its
progress notes into a live line on a terminal, lines elsewhere.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

import click

from ..documents import MAX_CHARS, Article, InputFailure
from ..pipeline import DocumentResult, Parser, load_articles, parsed


class Run:
    """A :class:`attribution.pipeline.Reporter` on stderr, counting documents and failures.

    Notes and warnings as they come, a counter line on a terminal, a summary at the
    end; ``-q`` silences all but the errors.
    """

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

    def note(self, message: str) -> None:
        if not self.quiet:
            self._clear()
            click.echo(message, err=True)

    def done(self, quotes: int = 0) -> None:
        self.docs += 1
        self.quotes += quotes
        if self.live:
            click.echo(
                f"\r{_count(self.docs, 'document')}, {self.quotes} quotes, {self.failed} failed",
                nl=False,
                err=True,
            )

    def summary(self, noun: str = "quotes") -> None:
        self._clear()
        if not self.quiet:
            took = time.monotonic() - self.started
            count = f", {self.quotes} {noun}" if noun else ""
            click.echo(
                f"{_count(self.docs, 'document')}{count}, {self.failed} failed ({took:.1f}s)",
                err=True,
            )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def parsed_articles(
    files,
    input_format: str | None,
    run: Run,
    *,
    lang: str,
    models_dir,
    use_gpu,
    max_chars=MAX_CHARS,
) -> Iterator[Article]:
    """Every readable document of FILE..., parsed in batches (``parse``); failures on ``run``."""
    reporter = run
    parser = Parser(lang=lang, models_dir=models_dir, use_gpu=use_gpu, reporter=reporter)
    items = load_articles(
        files,
        input_format=input_format,
        reporter=reporter,
        max_chars=max_chars,
    )
    for item in parsed(items, parser):
        if isinstance(item, InputFailure):
            run.fail(item)
            continue
        yield item


def results(files, input_format: str | None, run: Run, **options) -> Iterator[DocumentResult]:
    """``pipeline.run`` over FILE... with progress on ``run``; failures are named and counted.

    For the commands that read articles: ``for result in results(files, fmt, run, lang=...)``.
    """
    from ..pipeline import run as pipeline_run

    for item in pipeline_run(
        files,
        input_format=input_format,
        reporter=run,
        **options,
    ):
        if isinstance(item, InputFailure):
            run.fail(item)
            continue
        for failure in item.failures:  # its records stand: the claim store failed
            run.fail(failure)
        yield item
