"""``--workers N`` / ``--scheduler ADDRESS`` with ``-o DIR``: extract and parse on a Dask cluster.

The options and the hand-over to :mod:`attribution.distributed`; the commands call
:func:`on_cluster` when either option is given.
"""

from __future__ import annotations

import sys

import click

from ..errors import AttributionError


def cluster_options(func):
    """``--workers``, ``--scheduler`` and ``--shard-docs`` for extract, parse and match."""
    func = click.option(
        "--shard-docs",
        type=click.IntRange(1),
        default=100,
        show_default=True,
        help="Documents (match: statements) per shard with --workers/--scheduler: the unit "
        "of work and of resume.",
    )(func)
    func = click.option(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Run on an existing Dask cluster (tcp://host:8786); -o DIR gets the shards.",
    )(func)
    func = click.option(
        "--workers",
        type=click.IntRange(1),
        default=None,
        metavar="N",
        help="Run on a local Dask cluster of N worker processes; -o DIR gets the shards.",
    )(func)
    return func


def on_cluster(command: str, files, output, job_options: dict, **options) -> None:
    """Run ``command`` on the cluster the options name; the summary on stderr, exit 1 on failures.

    Args:
        command: "extract", "parse" or "match".
        files: the FILE... arguments (paths or fsspec URLs).
        output: the -o value (a lazily opened click file: only its name is used).
        job_options: :class:`attribution.distributed.worker.Job` fields besides command.
        options: ``run_on_cluster``'s keyword arguments (workers, scheduler, models_dir ...).
    """
    name = getattr(output, "name", "-")
    if name in ("-", "<stdout>"):
        raise click.UsageError("--workers/--scheduler write shards: give -o DIR")
    if "-" in files or "<stdin>" in files:
        raise click.UsageError("- (stdin) cannot be spread over workers; name the files")
    try:
        from ..distributed.cluster import run_on_cluster
        from ..distributed.worker import Job
    except ModuleNotFoundError as exc:
        if (exc.name or "").startswith("attribution"):
            raise
        raise AttributionError(
            f"--workers/--scheduler need Dask ({exc.name} is not installed): "
            "pip install 'attribution[dask]'"
        ) from exc
    quiet = options.get("quiet", False)
    summary = run_on_cluster(
        command,
        list(files),
        name,
        Job(command=command, directory=name, **job_options),
        echo=lambda line: click.echo(line, err=True),
        **options,
    )
    if not quiet:
        noun = {"extract": "quotes", "parse": "", "match": "matches"}[command]
        unit = "statements" if command == "match" else "documents"
        click.echo(summary.line(noun, unit), err=True)
    if summary.failures:
        sys.exit(1)
