"""``attribution speakers``: who is quoted across a corpus, under which names, with which quotes.

A thin command over :class:`attribution.speakers.corpus.SpeakerTable`; input
handling, progress and failures work as in ``attribution extract``.
"""

from __future__ import annotations

import csv
import json
import sys

import click

from ..output.records import shorten
from .common import Run, results
from .group import main
from .options import files_argument, format_option, input_options, output_option, speakers_option

FORMATS = ("table", "json", "jsonl", "csv", "html")
CSV_COLUMNS = ("name", "type", "count", "documents", "aliases", "affiliations", "quote_ids")


def label(row) -> str:
    """A speaker's name with the organisations they speak for, unless the name says them
    ("Riverton Port Authority spokesman")."""
    extra = [a for a in row.affiliations if a.lower() not in row.name.lower()]
    return row.name + (f" ({', '.join(extra)})" if extra else "")


def write_table(rows, out, *, quotes: bool) -> None:
    labels = [label(r) for r in rows]
    # the name column fits the labels (up to 48 characters); longer ones are cut between words
    width = min(48, max([32, *(len(x) for x in labels)]))
    out.write(f"{'QUOTES':>6} {'DOCS':>4}  {'TYPE':<7} {'NAME':<{width}} ALIASES\n")
    for r, name in zip(rows, labels):
        aliases = shorten("; ".join(a for a in r.aliases if a != r.name), 70)
        out.write(
            f"{len(r.quotes):>6} {len(r.docs):>4}  {r.type:<7} {shorten(name, width):<{width}} "
            f"{aliases}".rstrip()
            + "\n"
        )
        if quotes:
            for q in r.quotes:
                out.write(f"{'':>13}{q['id']}: {shorten(q['text'], 100)}\n")


def write_csv(rows, out) -> None:
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    w.writeheader()
    for r in rows:
        w.writerow(
            {
                "name": r.name,
                "type": r.type,
                "count": len(r.quotes),
                "documents": len(r.docs),
                "aliases": "|".join(r.aliases),
                "affiliations": "|".join(r.affiliations),
                "quote_ids": "|".join(q["id"] for q in r.quotes),
            }
        )


def write_html(rows, out, *, title: str | None) -> None:
    from ..output.html import render_speakers_report

    out.write(render_speakers_report([r.to_dict() for r in rows], title=title))


@main.command("speakers")
@files_argument
@format_option(FORMATS, default="table", help="Output format: one row (or record) per speaker.")
@output_option("Write the listing here instead of stdout.")
@speakers_option("registry_path")
@click.option(
    "--save-speakers",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write the registry, with what this run learned, to this JSON file.",
)
@click.option(
    "--quotes/--no-quotes",
    "show_quotes",
    default=None,
    help="List each speaker's quotes [default: in json/jsonl/csv yes, in the table no].",
)
@click.option(
    "--unresolved/--no-unresolved",
    default=True,
    show_default=True,
    help='Include speakers that could not be resolved ("officials", an unknown "he").',
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only speakers with at least this many quotes.",
)
@click.option(
    "--include-beliefs", is_flag=True, help='Also count beliefs and intentions ("backs", "wants").'
)
@input_options
def speakers(
    files,
    fmt,
    output,
    registry_path,
    save_speakers,
    show_quotes,
    unresolved,
    min_count,
    include_beliefs,
    input_format,
    models_dir,
    lang,
    max_chars,
    use_gpu,
    quiet,
):
    """List the speakers quoted in FILE... (as for `extract`) with counts, aliases and quotes.

    The same person gets one name across articles: names from --speakers, and
    full names learned from every article ("Lavrov" -> "Sergei Lavrov").
    """
    from ..speakers import Registry, load_registry
    from ..speakers.corpus import SpeakerTable

    registry = load_registry(registry_path) if registry_path else Registry()
    table = SpeakerTable(registry=registry, include_unresolved=unresolved)
    run = Run(quiet=quiet)
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
    ):
        table.add(result.quotes)
        run.done(len(result.quotes))
    rows = [r for r in table.rows() if len(r.quotes) >= min_count]
    with_quotes = show_quotes if show_quotes is not None else fmt != "table"
    if fmt == "table":
        write_table(rows, output, quotes=with_quotes)
    elif fmt == "json":
        json.dump(
            [r.to_dict(with_quotes=with_quotes) for r in rows], output, ensure_ascii=False, indent=2
        )
        output.write("\n")
    elif fmt == "jsonl":
        for r in rows:
            output.write(json.dumps(r.to_dict(with_quotes=with_quotes), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        write_csv(rows, output)
    else:
        write_html(rows, output, title=None)
    output.flush()
    if save_speakers:
        registry.save(save_speakers)
    run.summary()
    if run.failed:
        sys.exit(1)
