"""The one exception family of the library.

Messages say what was wrong, where (file, line) and what to do; the CLI turns
them into ``click.ClickException`` in one place (``attribution.cli``).
"""


class AttributionError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(AttributionError):
    """A user's input (file, line, record) cannot be read."""


class ModelError(AttributionError):
    """The stanza models needed for raw text are missing or unusable."""


class StoreError(AttributionError):
    """The claim store cannot be opened, migrated or written."""
