"""The one path from inputs to quote records, for the library and the CLI alike.

    load -> parse in batches -> detect -> resolve speakers -> match / remember -> records

In a few lines::

    from attribution.pipeline import InputFailure, run

    for result in run(["corpus.conllu", "article.txt"], models_dir="~/models/stanza"):
        if isinstance(result, InputFailure):
            print("skipped:", result)            # path, line, message
            continue
        for quote in result.quotes:              # attribution.models.Quote
            print(quote.speaker.name if quote.speaker else "-", quote.text)

Every stage is a generator and a document that fails (unreadable, unparseable, a bug in
a rule) is an :class:`InputFailure` value in the stream, in input order; the others go on.

The stages are separate so that a distributed runner (``--workers``/``--scheduler``)
shares every step but the scheduling:

- :func:`load_articles` reads the inputs into a stream of ``Article | InputFailure`` on
  the driver (cheap: reading files, distinct document ids, decoding warnings);
- :class:`Parser` is built once per process (a worker builds its own) and parses a batch
  of raw articles with one stanza call, failures as values;
- :func:`process_document` is everything after parsing for one article (detect, resolve,
  match, remember), returning a :class:`DocumentResult` or an :class:`InputFailure`;
  :func:`process_batch` is parse + process for one batch, what a worker runs with its own
  parser, registry and :class:`ClaimStep` (its own store connection);
- :func:`run` chains them locally, in input order.

Progress (model loading, batches being parsed, warnings) goes to a :class:`Reporter`;
the library's default says nothing, the CLI's writes to stderr.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .documents import MAX_CHARS, Article, InputFailure, load_inputs
from .errors import AttributionError, ModelError
from .models import Quote

if TYPE_CHECKING:
    from .claims.store import ClaimStore
    from .speakers.registry import Registry

__all__ = [
    "BATCH_CHARS",
    "BATCH_DOCS",
    "ClaimStep",
    "DocumentResult",
    "InputFailure",
    "Parser",
    "Reporter",
    "Silent",
    "run",
    "document_warnings",
    "load_articles",
    "parsed",
    "process_batch",
    "process_document",
]


class Reporter(Protocol):
    """Where the pipeline says what it is doing; failures are values, not reports."""

    def note(self, message: str) -> None:
        """Progress: "loading stanza models from DIR", "parsing 16 articles"."""

    def warn(self, message: str) -> None:
        """Something the user should know that did not stop a document."""


class Silent:
    """The library's default reporter: says nothing."""

    def note(self, message: str) -> None:
        pass

    def warn(self, message: str) -> None:
        pass


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One article and its quote records (matches filled when a store was used).

    ``failures``: what went wrong after the records were made (the claim store could not
    remember them); the records stand.
    """

    article: Article
    quotes: tuple[Quote, ...]
    failures: tuple[InputFailure, ...] = ()

    def to_dict(self) -> dict:
        return {
            "article": self.article.to_dict(),
            "quotes": [q.to_dict() for q in self.quotes],
            "failures": [f.to_dict() for f in self.failures],
        }


def _debug() -> bool:
    # ATTRIBUTION_DEBUG=1: let internal errors raise, with their traceback.
    return bool(os.environ.get("ATTRIBUTION_DEBUG"))


def _failed(article: Article, message: str) -> InputFailure:
    return InputFailure(article.source or article.id, None, f"document {article.id!r}: {message}")


# -- load ---------------------------------------------------------------------------------


def load_articles(
    paths: Iterable[str],
    *,
    input_format: str | None = None,
    reporter: Reporter | None = None,
    stdin=None,
    max_chars: int | None = MAX_CHARS,
) -> Iterator[Article | InputFailure]:
    """The documents of the inputs (``-`` is stdin), each an Article or an InputFailure.

    Args:
        paths: files as ``attribution extract`` takes them (.txt, .html, .jsonl, .conllu, .gz).
        input_format: read every input as this format (``documents.FORMATS``), else by suffix.
        reporter: gets the decoding warnings and repeated document ids.
        stdin: a binary stream for ``-`` (default: the process's stdin).
        max_chars: a document with a longer text is an InputFailure (None: no limit).

    Yields:
        Articles in input order (raw text with ``doc=None``), and an InputFailure for each
        input or document that cannot be read.
    """
    reporter = reporter or Silent()
    seen: dict[str, str | None] = {}
    for item in load_inputs(paths, text_format=input_format, stdin=stdin, max_chars=max_chars):
        if isinstance(item, InputFailure):
            yield item
            continue
        for warning in document_warnings(item.id, item.source, item.meta.get("warnings", ()), seen):
            reporter.warn(warning)
        yield item


def document_warnings(
    doc_id: str, source: str | None, read: Iterable[str], seen: dict[str, str | None]
) -> list[str]:
    """What the user is warned of about one document read: ``read`` (its input's decoding
    and namesake notes), then its id if an earlier document had it.

    Shared by :func:`load_articles` and the distributed client, which replays its shards'
    documents in input order, so both runs give the same warnings.

    Args:
        doc_id, source: the document's id and the input it came from.
        read: the warnings its reading left (``Article.meta["warnings"]``).
        seen: the ids of the documents before it, with their inputs; learns this one.
    """
    out = list(read)
    if doc_id in seen:
        out.append(
            f"{source}: document id {doc_id!r} was seen before ({seen[doc_id]}); "
            "its quote ids repeat"
        )
    seen.setdefault(doc_id, source)
    return out


# -- parse --------------------------------------------------------------------------------

BATCH_DOCS, BATCH_CHARS = 16, 60_000  # raw articles parsed per stanza call


class Parser:
    """stanza, built at the first raw-text article and kept; CoNLL-U needs none.

    Models that are missing or unloadable make one full error (on the first document
    that needed them) and a short one for every later document: one message per run.
    """

    def __init__(
        self,
        *,
        lang: str = "en",
        models_dir: str | None = None,
        use_gpu: bool | None = None,
        reporter: Reporter | None = None,
    ):
        self.lang, self.models_dir, self.use_gpu = lang, models_dir, use_gpu
        self.reporter = reporter or Silent()
        self.pipeline = None
        self.error: ModelError | None = None
        self._reported = False

    def load(self):
        """The stanza Pipeline, built now if it is not yet; ModelError without usable models."""
        return self._pipeline()

    def _pipeline(self):
        from .parsing import build_pipeline, models_dir_for

        if self.error is not None:
            raise self.error
        if self.pipeline is None:
            self.reporter.note(f"loading stanza models from {models_dir_for(self.models_dir)}")
            try:
                self.pipeline = build_pipeline(
                    lang=self.lang, models_dir=self.models_dir, use_gpu=self.use_gpu
                )
            except ModelError as exc:
                self.error = exc
                raise
            except Exception as exc:  # the files exist but stanza cannot load them
                if _debug():
                    raise
                self.error = ModelError(
                    f"cannot load the stanza models: {type(exc).__name__}: {exc}"
                )
                raise self.error from exc
        return self.pipeline

    def _model_failure(self, article: Article) -> InputFailure:
        if self._reported:
            return _failed(article, "not parsed: no usable stanza models (see the first error)")
        self._reported = True
        return _failed(article, str(self.error))

    def parse(self, article: Article) -> Article:
        """One article parsed in place; raises ModelError when there are no usable models."""
        from .parsing import parse_article

        return parse_article(self._pipeline(), article)

    def parse_batch(self, batch: list[Article]) -> list[Article | InputFailure]:
        """The batch parsed with one stanza call, in order; an article that fails is a value."""
        from .parsing import parse_article, parse_many

        try:
            pipeline = self._pipeline()
        except ModelError:
            return [self._model_failure(article) for article in batch]
        chars = sum(len(a.text) for a in batch)
        self.reporter.note(
            f"parsing {len(batch)} article{'s' if len(batch) > 1 else ''} ({chars:,} characters)"
            + (f": {batch[0].id}" if len(batch) == 1 else f": {batch[0].id} … {batch[-1].id}")
        )
        try:
            return list(parse_many(pipeline, batch))
        except Exception:
            if _debug():
                raise
        out: list[Article | InputFailure] = []  # the batch failed as a whole: one by one
        for article in batch:
            try:
                out.append(parse_article(pipeline, article))
            except Exception as exc:
                if _debug():
                    raise
                out.append(
                    _failed(article, f"stanza could not parse it ({type(exc).__name__}: {exc})")
                )
        return out


def parsed(
    items: Iterable[Article | InputFailure],
    parser: Parser,
    *,
    batch_size: int = BATCH_DOCS,
    batch_chars: int = BATCH_CHARS,
) -> Iterator[Article | InputFailure]:
    """Every item in input order, raw articles parsed in batches (CoNLL-U ones are already).

    Args:
        items: what :func:`load_articles` yields.
        parser: builds stanza at the first raw article.
        batch_size: raw articles parsed per stanza call, at most.
        batch_chars: characters per stanza call, about (a batch closes once it has them).

    Yields:
        Parsed articles and InputFailures (those read, and those of parsing).
    """
    pending: list[Article] = []
    for item in items:
        if isinstance(item, Article) and item.doc is None:
            pending.append(item)
            if len(pending) >= batch_size or sum(len(a.text) for a in pending) >= batch_chars:
                yield from parser.parse_batch(pending)
                pending = []
            continue
        if pending:  # keep input order: what waits is parsed before what follows it
            yield from parser.parse_batch(pending)
            pending = []
        yield item
    if pending:
        yield from parser.parse_batch(pending)


# -- detect, resolve, match, remember ------------------------------------------------------


class ClaimStep:
    """The claim-store step after extraction: match each quote, then remember them.

    Matching runs before remembering, so a quote is never its own match. A store that
    fails to take a document's claims is a failure of that step, not of the document:
    the document keeps its records, and the step stops remembering for the rest of the run.
    """

    __slots__ = ("store", "match", "remember", "top", "min_score")

    def __init__(
        self,
        store: ClaimStore,
        *,
        match: bool = False,
        remember: bool = False,
        top: int = 3,
        min_score: float | None = None,
    ):
        if min_score is None:  # the calibrated default for this store's scores
            from .matching import quote_min_score

            min_score = quote_min_score(store)
        self.store, self.match, self.remember = store, match, remember
        self.top, self.min_score = top, min_score

    def apply(
        self, article: Article, quotes: tuple[Quote, ...]
    ) -> tuple[tuple[Quote, ...], InputFailure | None]:
        """The quotes with their ``matches`` filled (``match``), stored as claims (``remember``).

        Returns:
            The quotes, and an InputFailure when the store could not remember them.
        """
        from .errors import StoreError
        from .matching import match_quotes, remember_quotes

        if not quotes:
            return quotes, None
        if self.match:
            quotes = match_quotes(
                self.store, quotes, top=self.top, min_score=self.min_score, article=article
            )
        if self.remember:
            try:
                remember_quotes(self.store, quotes, article=article)
            except StoreError as exc:
                self.remember = False
                return quotes, InputFailure(
                    "--remember",
                    None,
                    f"document {article.id!r} and those after it are not remembered "
                    f"(their records are still written): {exc}",
                )
        return quotes, None


def process_document(
    article: Article,
    *,
    include_beliefs: bool = False,
    registry: Registry | None = None,
    lang: str = "en",
    claims: ClaimStep | None = None,
) -> DocumentResult | InputFailure:
    """Everything after parsing for one article: detect, resolve speakers, match, remember.

    Args:
        article: a parsed article (``article.doc`` set).
        include_beliefs: also report beliefs and intentions ("backs", "wants").
        registry: known speakers; it learns the full names the article gives.
        lang: the lexicons' language.
        claims: the claim-store step, if any.

    Returns:
        The article's result, or an InputFailure naming it when its extraction failed.
    """
    from .extract import extract_quotes

    try:
        quotes = tuple(
            extract_quotes(article, include_beliefs=include_beliefs, registry=registry, lang=lang)
        )
        failures: tuple[InputFailure, ...] = ()
        if claims is not None:
            quotes, failure = claims.apply(article, quotes)
            failures = (failure,) if failure else ()
    except AttributionError as exc:
        return _failed(article, str(exc))
    except Exception as exc:  # a bug on one document must not lose the others' results
        if _debug():
            raise
        return _failed(
            article,
            f"internal error {type(exc).__name__}: {exc} "
            "(please report it; ATTRIBUTION_DEBUG=1 shows the traceback)",
        )
    return DocumentResult(article, quotes, failures)


def process_batch(
    items: Iterable[Article | InputFailure],
    parser: Parser,
    *,
    include_beliefs: bool = False,
    registry: Registry | None = None,
    lang: str = "en",
    claims: ClaimStep | None = None,
) -> list[DocumentResult | InputFailure]:
    """Parse (one stanza call for the raw articles) and process one batch, in order.

    What a distributed worker runs on its share of the input, with its own parser,
    registry and claim step. Failures pass through as values.
    """
    out: list[DocumentResult | InputFailure] = []
    for item in parsed(items, parser, batch_size=1 << 30, batch_chars=1 << 62):
        if isinstance(item, InputFailure):
            out.append(item)
        else:
            out.append(
                process_document(
                    item,
                    include_beliefs=include_beliefs,
                    registry=registry,
                    lang=lang,
                    claims=claims,
                )
            )
    return out


def run(
    paths: Iterable[str],
    *,
    input_format: str | None = None,
    lang: str = "en",
    models_dir: str | None = None,
    use_gpu: bool | None = None,
    include_beliefs: bool = False,
    registry: Registry | None = None,
    claims: ClaimStep | None = None,
    reporter: Reporter | None = None,
    parser: Parser | None = None,
    stdin=None,
    max_chars: int | None = MAX_CHARS,
) -> Iterator[DocumentResult | InputFailure]:
    """The whole pipeline over the inputs, locally, in input order.

    Args:
        paths: input files (see :func:`load_articles`); ``-`` is stdin.
        input_format: read every input as this format instead of going by its suffix.
        lang: language of the articles (stanza models and lexicons).
        models_dir: stanza model directory for raw text (default: $STANZA_RESOURCES_DIR,
            else stanza's); nothing is downloaded.
        use_gpu: parse on the GPU (True), the CPU (False) or a GPU if there is one (None).
        include_beliefs: also report beliefs and intentions.
        registry: known speakers (``speakers.load_registry``); it learns as it goes.
        claims: match and/or remember in a claim store (:class:`ClaimStep`).
        reporter: where progress and warnings go (default: nowhere).
        parser: a :class:`Parser` to reuse (default: one built from lang/models_dir/use_gpu).
        stdin: a binary stream for ``-``.
        max_chars: a document with a longer text is refused as an InputFailure.

    Yields:
        A :class:`DocumentResult` per document, an :class:`InputFailure` per input or
        document that failed.
    """
    reporter = reporter or Silent()
    parser = parser or Parser(lang=lang, models_dir=models_dir, use_gpu=use_gpu, reporter=reporter)
    items = load_articles(
        paths, input_format=input_format, reporter=reporter, stdin=stdin, max_chars=max_chars
    )
    for item in parsed(items, parser):
        if isinstance(item, InputFailure):
            yield item
            continue
        yield process_document(
            item, include_beliefs=include_beliefs, registry=registry, lang=lang, claims=claims
        )
