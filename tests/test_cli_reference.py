"""The generated CLI reference in docs/cli.md stays true to the commands."""

from __future__ import annotations

from pathlib import Path

import click

from attribution.cli import main
from attribution.cli.reference import commands, reference, undocumented

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def test_every_command_and_option_has_help():
    assert undocumented() == []


def test_an_option_without_help_is_reported():
    @click.command()
    @click.option("--bare")
    def bare(bare):
        """A command with one undocumented option."""

    main.add_command(bare, "bare-for-test")
    try:
        assert undocumented() == ["attribution bare-for-test --bare"]
    finally:
        main.commands.pop("bare-for-test")


def test_the_reference_lists_every_command():
    text = REFERENCE.read_text(encoding="utf-8")
    for name, _ in commands():
        assert f"## {name}\n" in text, f"{name} is missing from docs/cli.md"


def test_docs_cli_md_is_up_to_date():
    assert REFERENCE.read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is out of date: python -m attribution.cli.reference > docs/cli.md"
    )
