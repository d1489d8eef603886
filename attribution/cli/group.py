"""The ``attribution`` command group, where library errors become one clean line.

Each command module imports :data:`main` from here and registers its commands on it;
the package (``attribution.cli``) imports them all, so nothing imports the package back.
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
