"""The ``attribution`` command: a thin Click layer over the library.

Each command group lives in its own module and is registered here. Library
errors become ``click.ClickException`` in one place: :class:`AttributionGroup`.
"""

from __future__ import annotations

# Each command module registers its commands on ``main`` when imported.
from . import claims, evaluate, extract, speakers  # noqa: E402,F401
from .group import AttributionGroup, main

__all__ = ["AttributionGroup", "main"]
