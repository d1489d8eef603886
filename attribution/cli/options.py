"""The options several commands share, one decorator per group, so each is stated once."""

from __future__ import annotations

from collections.abc import Sequence

import click

from ..documents import FORMATS as INPUT_FORMATS
from ..documents import MAX_CHARS

# FILE... of the commands that read articles: extract, parse, speakers.
files_argument = click.argument("files", nargs=-1, required=True, metavar="FILE...")


def format_option(formats: Sequence[str], *, default: str | None, help: str | None = None):
    """``-f/--format``: one of ``formats`` (the value reaches the command as ``fmt``)."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(formats),
        default=default,
        show_default=default is not None,
        help=help,
    )


def output_option(help: str = "Write the records here instead of stdout."):
    """``-o/--output``: a text file written as UTF-8, stdout by default."""
    return click.option(
        "-o",
        "--output",
        type=click.File("w", encoding="utf-8"),
        default="-",
        show_default=True,
        help=help,
    )


def models_option(help: str):
    """``--models DIR``: the stanza model directory (the value reaches the command as
    ``models_dir``)."""
    return click.option(
        "--models",
        "models_dir",
        type=click.Path(file_okay=False),
        default=None,
        metavar="DIR",
        help=help,
    )


def raw_csv_option(func):
    """``--raw-csv``: CSV cells as they are, without the guard against spreadsheet formulas."""
    return click.option(
        "--raw-csv",
        is_flag=True,
        help="CSV: write cells that start with = + - @ as they are. By default they get a "
        "leading ' so that a spreadsheet shows them instead of running them as formulas.",
    )(func)


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
    """How articles are read and parsed: --input-format, --models, --lang, --max-chars,
    --gpu/--cpu, and -q."""
    func = click.option(
        "--input-format",
        type=click.Choice(("auto",) + INPUT_FORMATS),
        default="auto",
        show_default=True,
        # "auto" reaches the library as None: go by each file's suffix.
        callback=lambda _ctx, _param, value: None if value == "auto" else value,
        help="Read every FILE as this format instead of going by its suffix.",
    )(func)
    func = models_option(
        "stanza model directory for raw text [default: $STANZA_RESOURCES_DIR, else stanza's]."
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
