"""The ``attribution`` command: a thin Click layer over the library.

Each command group lives in its own module and is registered here. Library
errors become ``click.ClickException`` in one place: :class:`AttributionGroup`.
"""

from __future__ import annotations

import click

from ..errors import AttributionError


class AttributionGroup(click.Group):
    """A group that reports library errors as one clean line, exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AttributionError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=AttributionGroup)
@click.version_option(package_name="attribution")
def main() -> None:
    """Find reported speech in news, attribute it, match it against known claims."""


# Each command module registers its commands on ``main`` when imported.
from . import claims, evaluate, extract, speakers  # noqa: E402,F401
