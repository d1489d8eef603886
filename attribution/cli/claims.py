"""``attribution claims import|export|list|add`` and ``attribution match``."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import click

from ..claims import import_claims, open_store, write_claims
from ..claims.io import FORMATS, claim_from_record, export_format
from ..errors import AttributionError, InputError
from ..matching import REVIEW_MIN_SCORE, match_records
from ..matching.statements import iter_statements, query_id, result_record
from .cluster import cluster_options, on_cluster
from .group import main
from .options import format_option, output_option, raw_csv_option

_PROGRESS_BYTES = 1 << 20  # files larger than this get a progress bar
_MATCH_PROGRESS_BYTES = (
    1 << 16
)  # matching takes ~40 ms a statement: a few hundred lines deserve a bar


def db_option(func):
    return click.option(
        "--db",
        "db",
        envvar="ATTRIBUTION_DB",
        default=None,
        metavar="PATH|URL",
        help="SQLite file or postgresql:// URL [default: $ATTRIBUTION_DB, else a file "
        "in the user data directory]",
    )(func)


def embedding_option(func):
    """``--embedding-model``: the sentence-embedding model vectors are made with."""
    return click.option(
        "--embedding-model",
        "embedding_model",
        envvar="ATTRIBUTION_EMBEDDING_MODEL",
        default=None,
        metavar="PATH|NAME",
        help="Sentence-embedding model (a directory, or a name fetched with `attribution "
        "download --embeddings NAME`) to compute claim vectors with [default: the store's, "
        "if it has vectors; $ATTRIBUTION_EMBEDDING_MODEL]. Needs the semantic extra.",
    )(func)


def attach_encoder(store, model: str | None, *, quiet: bool) -> None:
    """Let ``store`` embed new claims (see :func:`attribution.embeddings.attach_encoder`)."""
    from ..embeddings import attach_encoder as attach

    attach(store, model, warn=lambda message: _say(quiet, f"note: {message}"))


def quiet_option(func):
    return click.option("-q", "--quiet", is_flag=True, help="No progress or summaries on stderr.")(
        func
    )


def _say(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(message, err=True)


@main.group()
def claims() -> None:
    """The claim store: claims seen before (fact-checks, earlier quotes)."""


@claims.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="File format [default: from the extension: .jsonl(.gz), .csv, .json/.jsonld]",
)
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Import the good records of a file with bad ones, listing those skipped.",
)
@embedding_option
@quiet_option
def import_(files, db, fmt, skip_bad, embedding_model, quiet) -> None:
    """Import claim files; claims already stored (same id) are left alone.

    Each file is one transaction: a bad record stops that file (nothing of it is
    stored) unless --skip-bad is given.
    """
    failed = 0
    with open_store(db) as store:
        attach_encoder(store, embedding_model, quiet=quiet)
        for path in files:
            try:
                report = _import_one(store, path, fmt=fmt, skip_bad=skip_bad, quiet=quiet)
            except AttributionError as exc:
                failed += 1
                click.echo(f"Error: {exc}", err=True)
                continue
            for message in report.skipped:
                click.echo(f"skipped {message}", err=True)
            _say(
                quiet,
                f"{path}: {report.added} added, {report.existing} already stored, "
                f"{len(report.skipped)} skipped ({store.url})",
            )
    if failed:
        sys.exit(1)


def _counted(stream, advance):
    """The stream's lines, telling ``advance`` how many bytes each one was (progress)."""
    for raw in stream:
        advance(len(raw))
        yield raw


def _name(stream) -> str:
    name = getattr(stream, "name", "-")
    return "<stdin>" if name in ("-", "<stdin>") else str(name)


def _typed_in(stream) -> bool:
    """Whether ``stream`` is a terminal: someone is to type the input."""
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def _file_size(stream) -> int:
    """The size of the file behind ``stream``; 0 for stdin, a pipe or a terminal."""
    if _typed_in(stream):
        return 0
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return 0


def _import_one(store, path: Path, *, fmt, skip_bad, quiet):
    size = path.stat().st_size if path.exists() else 0
    if quiet or size < _PROGRESS_BYTES:
        return import_claims(store, path, fmt=fmt, skip_bad=skip_bad)
    with click.progressbar(length=size, label=f"importing {path.name}", file=sys.stderr) as bar:
        done = [0]

        def position(at: int) -> None:
            bar.update(at - done[0])
            done[0] = at

        report = import_claims(store, path, fmt=fmt, skip_bad=skip_bad, position=position)
        bar.update(size - done[0])
    return report


@claims.command("export")
@click.argument(
    "output", required=False, default="-", type=click.Path(dir_okay=False, allow_dash=True)
)
@db_option
@format_option(
    FORMATS,
    default=None,
    help="jsonl, csv or claimreview (JSON-LD) [default: from OUTPUT's extension, else jsonl]",
)
@click.option(
    "--speaker", default=None, help="Only claims by this speaker (any of its name's words)."
)
@raw_csv_option
@quiet_option
def export(output, db, fmt, speaker, raw_csv, quiet) -> None:
    """Write the stored claims to OUTPUT (default: stdout).

    A file is written whole or not at all: into a temporary file beside it, renamed
    when every claim is written, so a failure never leaves a partial export behind.
    """
    fmt = export_format(output, fmt)
    with open_store(db, read_only=True) as store:
        claims_ = _speaker_filtered(store, speaker)
        if output == "-":
            count = write_claims(claims_, sys.stdout, fmt, raw_csv=raw_csv)
        else:
            with _replacing(output) as out:
                count = write_claims(claims_, out, fmt, raw_csv=raw_csv)
    _say(quiet, f"exported {count} claims")


@contextlib.contextmanager
def _replacing(path: str):
    """A text stream to a temporary file beside ``path`` (gzipped for .gz), renamed to
    ``path`` when the block ends without an error and removed when it fails."""
    import gzip
    import tempfile

    target = Path(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        if path.endswith(".gz"):
            with open(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8", newline="") as out:
                yield out
        else:
            with open(fd, "w", encoding="utf-8", newline="") as out:
                yield out
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _speaker_filtered(store, speaker: str | None, limit: int | None = None):
    if not speaker:
        return store.iter_claims(limit=limit)
    from ..speakers import normalise_name

    wanted = normalise_name(speaker)
    found = (
        c
        for c in store.iter_claims(speaker=" ".join(wanted.split()[-1:]) or speaker)
        if normalise_name(c.speaker) == wanted or normalise_name(c.speaker).endswith(" " + wanted)
    )
    if limit is None:
        return found
    from itertools import islice

    return islice(found, limit)


@claims.command("list")
@db_option
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="How many claims (0: all).",
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many first.")
@click.option("--speaker", default=None, help="Only claims by this speaker.")
@format_option(("table", "jsonl"), default="table")
def list_(db, limit, offset, speaker, fmt) -> None:
    """Show stored claims, oldest first."""
    with open_store(db, read_only=True) as store:
        if speaker:
            from itertools import islice

            rows = islice(
                _speaker_filtered(store, speaker), offset, offset + limit if limit else None
            )
        else:
            rows = store.iter_claims(limit=limit or None, offset=offset)
        for claim in rows:
            if fmt == "jsonl":
                click.echo(json.dumps(claim.to_dict(), ensure_ascii=False))
            else:
                text = claim.text if len(claim.text) <= 80 else claim.text[:79] + "…"
                click.echo(
                    "\t".join(
                        [
                            claim.id,
                            claim.speaker or "-",
                            claim.date or "-",
                            claim.verdict or "-",
                            text,
                        ]
                    )
                )


@claims.command("add")
@click.argument("text")
@db_option
@click.option("--id", "claim_id", default=None, help="Claim id [default: a hash of its content].")
@click.option("--speaker", default=None, help="Who made the claim.")
@click.option("--date", default=None, help="When the claim was made; ISO 8601 when possible.")
@click.option("--reviewed", default=None, help="When it was fact-checked; ISO 8601 when possible.")
@click.option(
    "--verdict", default=None, help="The fact-checker's rating (e.g. False, Mostly true)."
)
@click.option("--url", default=None, help="Link to the fact-check.")
@click.option("--title", default=None, help="The fact-check's headline.")
@click.option("--source", default=None, help="Who checked it (the fact-checker).")
@embedding_option
@quiet_option
def add(
    text, db, claim_id, speaker, date, reviewed, verdict, url, title, source, embedding_model, quiet
) -> None:
    """Add one claim; prints its id."""
    record = {
        "id": claim_id,
        "text": text,
        "speaker": speaker,
        "date": date,
        "reviewed": reviewed,
        "verdict": verdict,
        "url": url,
        "title": title,
        "source": source,
    }
    try:
        claim = claim_from_record(record, origin="cli")
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    with open_store(db) as store:
        attach_encoder(store, embedding_model, quiet=quiet)
        added = store.add(claim)
    click.echo(claim.id)
    if not added:
        _say(quiet, f"claim {claim.id} was already stored; left as it was")


class _MatchTable:
    """``match -f table``: one line per (query, claim) under a header, the link in full."""

    def __init__(self, out):
        import shutil

        self.out = out
        self.width = max(shutil.get_terminal_size(fallback=(120, 24)).columns, 80)
        self.out.write(self._line("query", "#", "score", "verdict", "speaker", "claim", "link"))

    def _line(self, query, rank, score, verdict, speaker, claim, url) -> str:
        from ..output.records import shorten

        text_w = max(self.width - 18 - 3 - 6 - 14 - 18 - 10, 20)
        return (
            f"{shorten(str(query), 18):<18} {rank:>2} {score:>5}  {shorten(verdict, 12):<12}  "
            f"{shorten(speaker, 16):<16}  {shorten(claim, text_w):<{text_w}}  {url}"
        ).rstrip() + "\n"

    def row(self, query_id: str, rank: int, m) -> None:
        self.out.write(
            self._line(
                query_id,
                rank,
                f"{m.score:.1f}",
                m.verdict or "-",
                m.speaker or "-",
                m.text,
                m.url or "",
            )
        )


@claims.command("embed")
@db_option
@embedding_option
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    help="Claims embedded and committed together (an interrupted run resumes after the last).",
)
@click.option(
    "--rebuild-index",
    is_flag=True,
    help="Rebuild the approximate vector index file now (it is otherwise rebuilt when stale).",
)
@quiet_option
def embed(db, embedding_model, batch, rebuild_index, quiet) -> None:
    """Compute the vectors of the stored claims that have none (resumable).

    The store records the model: a store with vectors only takes more from the same one.
    """
    open_store(db, read_only=True).close()  # a store that is not there is an error, not made
    with open_store(db) as store:
        if not embedding_model and store.embedding_model() is None:
            raise click.UsageError(
                "the store has no vectors yet: say which model with --embedding-model PATH|NAME"
            )
        attach_encoder(store, embedding_model, quiet=quiet)
        if store.encoder is None:
            raise click.ClickException("cannot embed without the semantic extra")
        todo = store.count() - store.vector_stats()[0]
        bar = (
            click.progressbar(length=todo, label="embedding claims", file=sys.stderr)
            if todo and not quiet
            else contextlib.nullcontext()
        )
        with bar as progress:
            done = store.embed_missing(
                batch=batch, progress=progress.update if progress is not None else None
            )
        if rebuild_index and store.index_path() is not None:
            from ..claims.vectors import VectorIndex

            name, dim = store.embedding_model() or ("", 0)
            VectorIndex(store, path=store.index_path(), model=name, dim=dim).build()
        _say(quiet, f"embedded {done} claims with {store.encoder.name} ({store.url})")


@claims.command("distill")
@click.option(
    "--embedding-model",
    "embedding_model",
    envvar="ATTRIBUTION_EMBEDDING_MODEL",
    required=True,
    metavar="PATH|NAME",
    help="The sentence-transformers model to distil [default: $ATTRIBUTION_EMBEDDING_MODEL].",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the static model to (then: --embedding-model DIR).",
)
@click.option(
    "--corpus",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Text file (UTF-8, one document a line; repeatable) to weigh tokens by how rare they "
    "are in it: news text of your own ranks far better than the default, the vocabulary's "
    "order (see the README's encoder table).",
)
@click.option(
    "--tokens",
    type=click.IntRange(min=1),
    default=None,
    help="Distil only this many of the most frequent words (a quick, coarser model; the "
    "other tokens count for nothing) [default: the whole vocabulary].",
)
@quiet_option
def distill(embedding_model, output, corpus, tokens, quiet) -> None:
    """Distil a static model from a sentence-embedding model, to embed claims fast.

    The full model embeds each token of its vocabulary once (a few CPU minutes); a
    claim's vector is then the weighted sum of its tokens' vectors: tens of thousands of
    claims a second instead of tens, ranking somewhat less well (see the README's
    encoder table). Nothing is downloaded.
    """
    from ..static import distill as run_distill

    if not output.parent.is_dir():
        raise click.ClickException(
            f"{output.parent} does not exist: create it first, or choose another --output"
        )
    if not quiet:
        click.echo(f"distilling {embedding_model} (every vocabulary token once)", err=True)
    bar = (
        click.progressbar(
            length=tokens or _vocabulary_size(embedding_model), label="tokens", file=sys.stderr
        )
        if not quiet
        else contextlib.nullcontext()
    )
    with bar as progress:
        run_distill(
            embedding_model,
            output,
            corpus=_lines(corpus) if corpus else None,
            limit=tokens,
            progress=progress.update if progress is not None else None,
        )
    _say(quiet, f"wrote {output}: use --embedding-model {output}")


def _lines(paths):
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as lines:
            yield from lines


def _vocabulary_size(model: str) -> int:
    from ..embeddings import locate

    try:
        vocab = json.loads((locate(model) / "tokenizer.json").read_text(encoding="utf-8"))
        return len(vocab["model"]["vocab"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


@main.command("match")
@click.argument("source", required=False, default="-", type=click.File("rb"))
@db_option
@click.option(
    "-k",
    "--top",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Claims per query.",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    default=REVIEW_MIN_SCORE,
    show_default=True,
    help="Leave out matches scoring below this (0-100); 30 keeps 97% of the right ones "
    "(README: What a score means).",
)
@click.option(
    "--date",
    "default_date",
    default=None,
    help="Date of the statements whose lines give none (e.g. the article's), ISO 8601.",
)
@click.option(
    "--context/--no-context",
    default=True,
    show_default=True,
    help="Let a speaker's neighbouring statements in one document vote for their claims.",
)
@click.option(
    "--semantic/--no-semantic",
    default=True,
    show_default=True,
    help="Use the store's sentence vectors, where it has them (its model is loaded).",
)
@click.option(
    "--rescore",
    "rescore_top",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Where the store's vectors come from a static model (`claims distill`), the full "
    "model it was distilled from recomputes the similarity of each statement's N best "
    "claims (0: never; the full model costs N+1 encodings a statement).",
)
@click.option(
    "--name-dates/--no-name-dates",
    default=True,
    show_default=True,
    help="Date the statements that have no date from a date in their document's name "
    "(20170822_debate_0017, rally-2018-07-31:q3), when --date is not given.",
)
@click.option(
    "--lines",
    is_flag=True,
    help="Each input line is one statement's text (a post, a sentence), not JSON; results "
    "name it line-N.",
)
@format_option(("jsonl", "table"), default="jsonl")
@output_option("Write the results here instead of stdout (a directory of shards with --workers).")
@cluster_options
@quiet_option
def match(
    source,
    db,
    top,
    min_score,
    default_date,
    context,
    semantic,
    rescore_top,
    name_dates,
    lines,
    fmt,
    output,
    workers,
    scheduler,
    shard_docs,
    quiet,
) -> None:
    """Match statements against the claim store.

    SOURCE (default: stdin) holds JSON lines: quote records from `extract -f jsonl`, or
    {"id", "text", "speaker", "date"} (speaker a string or an object with "name"; date
    optional). With --lines each line is a statement's text alone (`echo "..." |
    attribution match --lines`). One output line per (query, claim): query_id, rank,
    claim_id, score, the claim's fields and the reasons for the score.

    Lines of one document (the same "doc", or ids that differ only in a trailing number,
    such as transcript lines "debate_0132", "debate_0133") by the same speaker, up to 5
    apart, are context for each other: "A couple of months?" finds what the line before
    it matches. --no-context matches each line alone.

    With --workers N or --scheduler ADDRESS the statements are matched on a Dask cluster
    (cut only between documents) and -o DIR gets the results as shards.

    A statement is dated by its own "date", else by --date, else by a date in its
    document's name (transcripts and archives are named so: "20170822_debate"); claims
    stated shortly before it then count more, and those stated over three days after it
    less.
    """
    if workers or scheduler:
        if fmt != "jsonl":
            raise click.UsageError("with --workers/--scheduler the shards are JSONL: drop -f")
        on_cluster(
            "match",
            [_name(source)],
            output,
            dict(
                db=db, match=True, top=top, min_score=min_score, date=default_date,
                context=context, name_dates=name_dates, lines=lines,
            ),
            workers=workers,
            scheduler=scheduler,
            shard_docs=shard_docs,
            quiet=quiet,
        )  # fmt: skip
        return
    if _typed_in(source):  # `attribution match --db X` alone would wait in silence
        form = "plain text" if lines else 'JSON, {"text": ...}; --lines reads plain text'
        _say(quiet, f"reading statements from the terminal, one a line ({form}); end with Ctrl-D")
    failed = given = 0  # bad lines, and statements handed to the matcher
    line_numbers: dict[int, int] = {}  # input index -> line, for records without an id
    size = _file_size(source)
    show = size >= _MATCH_PROGRESS_BYTES and not quiet
    bar = (
        click.progressbar(length=size, label="matching", file=sys.stderr)
        if show
        else contextlib.nullcontext()
    )

    def statements(advance):
        nonlocal failed, given
        for number, record in iter_statements(_counted(source, advance), lines=lines):
            if isinstance(record, ValueError):
                failed += 1
                click.echo(f"Error: {_name(source)}: line {number}: {record}", err=True)
                continue
            line_numbers[given] = number
            given += 1
            yield record

    table = _MatchTable(output) if fmt == "table" else None
    with open_store(db, read_only=True) as store, bar as progress:
        given_statements = statements(progress.update if progress is not None else lambda n: None)
        for index, record, matches in match_records(
            store,
            given_statements,
            top=top,
            min_score=min_score,
            date=default_date,
            context=context,
            name_dates=name_dates,
            semantic=semantic,
            rescore_top=rescore_top,
        ):
            query = query_id(record, line_numbers.pop(index))
            for rank, m in enumerate(matches, 1):
                if fmt == "jsonl":
                    click.echo(
                        json.dumps(result_record(query, rank, m), ensure_ascii=False), file=output
                    )
                elif table is not None:
                    table.row(query, rank, m)
    _say(quiet, f"matched {given} queries" + (f"; {failed} bad lines" if failed else ""))
    if failed and not given:
        # Nothing read as JSON: most likely plain text, which --lines reads.
        _say(quiet, "(one statement's text a line, not JSON? pass --lines)")
    if failed:
        sys.exit(1)
