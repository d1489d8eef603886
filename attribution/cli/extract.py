"""``attribution extract``, ``parse`` and ``download``: thin commands over the library.

Inputs that cannot be read are named on stderr as they happen, the others are
still processed, and the exit status is 1 at the end when any failed.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click

from ..output import FORMATS as OUTPUT_FORMATS
from ..output import open_writer
from .cluster import cluster_options, on_cluster
from .common import Run, parsed_articles, results
from .group import main
from .options import (
    files_argument,
    format_option,
    input_options,
    models_option,
    output_option,
    raw_csv_option,
    speakers_option,
)


def _load_registry(path: str | None):
    if not path:
        return None
    from ..speakers import load_registry

    return load_registry(path)


@contextmanager
def claims_step(
    *,
    db: str | None,
    match: bool,
    remember: bool,
    top: int,
    min_score: float | None,
    run: Run,
    embedding_model: str | None = None,
):
    """The claim step for --match/--remember, its store open for the run; None without them.

    A store that cannot be written is named on ``run`` once and the records are still
    written (only --match needs the store to work); a --match-only run opens it read-only.
    """
    if not (match or remember):
        yield None
        return
    from ..claims import ClaimStore, open_store
    from ..errors import StoreError
    from ..pipeline import ClaimStep

    store: ClaimStore | None
    try:
        store = open_store(db, read_only=not remember)
    except StoreError as exc:
        if not remember:
            raise
        run.fail("--remember", f"nothing is remembered (the records are still written): {exc}")
        remember = False
        store = open_store(db, read_only=True) if match else None
    if remember and store is not None:  # remembered quotes get their vectors as stored
        from ..embeddings import attach_encoder

        attach_encoder(store, embedding_model, warn=lambda m: run.warn(f"note: {m}"))
    if store is None:
        yield None
        return
    with store:
        yield ClaimStep(store, match=match, remember=remember, top=top, min_score=min_score)


@main.command("extract")
@files_argument
@format_option(OUTPUT_FORMATS, default="jsonl", help="Output format.")
@output_option()
@speakers_option()
@click.option(
    "--include-beliefs", is_flag=True, help='Also report beliefs and intentions ("backs", "wants").'
)
@click.option(
    "--db",
    "db",
    envvar="ATTRIBUTION_DB",
    default=None,
    metavar="PATH|URL",
    help="Claim store for --match/--remember (SQLite file or postgresql:// URL).",
)
@click.option(
    "--match", "match", is_flag=True, help="Fill each quote's matches from the claim store."
)
@click.option("--remember", is_flag=True, help="Add the attributed quotes to the claim store.")
@click.option(
    "--top",
    default=3,
    show_default=True,
    type=click.IntRange(1),
    help="Matches kept per quote (--match).",
)
@click.option(
    "--min-score",
    default=None,
    type=click.FloatRange(0, 100),
    help="Lowest match score kept (--match) [default: 50 where the store has vectors, 60 where "
    "it has none: three in four shown are right (README: What a score means)].",
)
@click.option(
    "--embedding-model",
    "embedding_model",
    envvar="ATTRIBUTION_EMBEDDING_MODEL",
    default=None,
    metavar="PATH|NAME",
    help="--remember: sentence-embedding model for the quotes' vectors [default: the "
    "store's, if it has vectors]. --match always uses the store's model.",
)
@raw_csv_option
@cluster_options
@click.option(
    "--shard-format",
    type=click.Choice(("jsonl", "parquet")),
    default="jsonl",
    show_default=True,
    help="Shards with --workers/--scheduler: gzipped JSONL or Parquet (the record schema).",
)
@input_options
def extract(
    files,
    fmt,
    output,
    raw_csv,
    speakers,
    include_beliefs,
    db,
    match,
    remember,
    top,
    min_score,
    workers,
    scheduler,
    shard_docs,
    shard_format,
    embedding_model,
    input_format,
    models_dir,
    lang,
    max_chars,
    use_gpu,
    quiet,
):
    """Find the quotes in FILE... (.txt, .html, .jsonl, .conllu; - for stdin) and attribute them.

    Raw text is parsed with stanza (see --models); CoNLL-U from `attribution parse`
    or another UD parser is read as it is. Records go to stdout (or -o), progress
    and errors to stderr. Exit status 1 when some inputs failed.

    With --workers N (a local Dask cluster) or --scheduler ADDRESS, -o names a directory
    of shards; a rerun into the same directory finishes what an interrupted run left.
    """
    if workers or scheduler:
        if fmt != "jsonl":
            raise click.UsageError("with --workers/--scheduler use --shard-format, not -f")
        on_cluster(
            "extract",
            files,
            output,
            dict(
                shard_format=shard_format,
                include_beliefs=include_beliefs,
                speakers=speakers,
                lang=lang,
                max_chars=max_chars,
                db=db,
                match=match,
                remember=remember,
                top=top,
                min_score=min_score,
            ),
            models_dir=models_dir,
            use_gpu=use_gpu,
            text_format=input_format,
            workers=workers,
            scheduler=scheduler,
            shard_docs=shard_docs,
            quiet=quiet,
        )
        return
    registry = _load_registry(speakers)
    run = Run(quiet=quiet)
    writer = open_writer(fmt, output, raw_csv=raw_csv)
    with claims_step(
        db=db,
        match=match,
        remember=remember,
        top=top,
        min_score=min_score,
        run=run,
        embedding_model=embedding_model,
    ) as step:
        for result in results(
            files,
            input_format,
            run,
            lang=lang,
            models_dir=models_dir,
            use_gpu=use_gpu,
            max_chars=max_chars,
            include_beliefs=include_beliefs,
            registry=registry,
            claims=step,
        ):
            writer.add(result.article, result.quotes)
            run.done(len(result.quotes))
    writer.close()
    run.summary()
    if run.failed:
        sys.exit(1)


@main.command("parse")
@files_argument
@output_option("CoNLL-U file to write (all documents in one, `# newdoc id` each).")
@cluster_options
@input_options
def parse(
    files,
    output,
    workers,
    scheduler,
    shard_docs,
    input_format,
    models_dir,
    lang,
    max_chars,
    use_gpu,
    quiet,
):
    """Parse raw text once into stanza-style CoNLL-U, for `extract` to read many times.

    CoNLL-U inputs are copied through without parsing them again. With --workers N or
    --scheduler ADDRESS, -o names a directory of CoNLL-U shards (part-NNNNN.conllu.gz).
    """
    if workers or scheduler:
        on_cluster(
            "parse",
            files,
            output,
            dict(lang=lang, max_chars=max_chars),
            models_dir=models_dir,
            use_gpu=use_gpu,
            text_format=input_format,
            workers=workers,
            scheduler=scheduler,
            shard_docs=shard_docs,
            quiet=quiet,
        )
        return
    from ..parsing import doc_to_conllu

    run = Run(quiet=quiet)
    articles = parsed_articles(
        files,
        input_format,
        run,
        lang=lang,
        models_dir=models_dir,
        use_gpu=use_gpu,
        max_chars=max_chars,
    )
    for item in articles:
        output.write(doc_to_conllu(item))
        output.flush()
        run.done()
    run.summary(noun="")
    if run.failed:
        sys.exit(1)


@main.command("download")
@click.option("--lang", default="en", show_default=True, help="Language whose models to fetch.")
@models_option("Where to put them [default: $STANZA_RESOURCES_DIR, else stanza's default].")
@click.option(
    "--embeddings",
    "embeddings",
    default=None,
    metavar="NAME",
    help="Instead: fetch this sentence-embedding model from the Hugging Face hub "
    "(e.g. sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2) into $ATTRIBUTION_MODELS "
    "or the user data directory; --embedding-model NAME then finds it.",
)
@click.option(
    "--resources-url",
    default=None,
    metavar="URL",
    help="A mirror of stanza's resources [default: stanza's; $STANZA_RESOURCES_URL].",
)
def download(lang, models_dir, embeddings, resources_url):
    """Fetch stanza's models (tokenize, mwt, pos, lemma, depparse, ner); needs the internet.

    With --embeddings NAME, fetch that sentence-embedding model instead (nothing else ever
    downloads one).
    """
    if embeddings:
        from ..embeddings import download as download_embeddings

        where = download_embeddings(embeddings)
        click.echo(f"embedding model {embeddings} is in {where}", err=True)
        return
    from ..parsing import download_models

    where = download_models(lang, models_dir, resources_url=resources_url)
    click.echo(
        f"stanza {lang} models are in {where}; use --models {where} if that is not the default",
        err=True,
    )
