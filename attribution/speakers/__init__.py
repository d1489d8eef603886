"""Speaker mentions and their resolution to canonical entities, within a document and across a
corpus.

Interface used by :mod:`attribution.extract`:
``SpeakerResolver(article, *, registry=None, document=None).resolve(candidate) -> Speaker | None``
(``document``: the :class:`~attribution.sentences.DocumentView` detection built, shared).

Names: :func:`normalise_name` (whole name, titles stripped) and :func:`speaker_key`
(surname level), shared with the claim matcher. Registry: :class:`Registry`,
:func:`load_registry` (``--speakers FILE``, JSON, YAML or CSV). Corpus listing:
:class:`SpeakerTable` (``attribution speakers``).
"""

from __future__ import annotations

from .corpus import SpeakerRow, SpeakerTable
from .names import is_variant, normalise_name, speaker_key
from .registry import Entry, Registry, load_registry, parse_registry
from .resolve import SpeakerResolver

__all__ = [
    "SpeakerResolver",
    "normalise_name",
    "speaker_key",
    "is_variant",
    "Registry",
    "Entry",
    "load_registry",
    "parse_registry",
    "SpeakerTable",
    "SpeakerRow",
]
