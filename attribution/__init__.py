"""attribution: quote and claim attribution for fact-checkers.

The main entry points, importable from the package itself::

    from attribution import load_inputs, extract_quotes, open_store, match_quotes

The one path from inputs to records, which the CLI runs too, is
:func:`attribution.pipeline.run`.

They are loaded on first use, so that ``import attribution`` (and the claim commands)
do not pay for importing stanza and torch.
"""

from importlib import import_module

from .errors import AttributionError
from .models import Claim, Cue, Match, Quote, Speaker

__version__ = "0.1.0"

_LAZY = {
    "Article": "documents",
    "InputFailure": "documents",
    "load_inputs": "documents",
    "read_conllu": "documents",
    "build_pipeline": "parsing",
    "parse_article": "parsing",
    "extract_quotes": "extract",
    "ClaimStep": "pipeline",
    "DocumentResult": "pipeline",
    "SpeakerResolver": "speakers",
    "load_registry": "speakers",
    "normalise_name": "speakers",
    "speaker_key": "speakers",
    "open_store": "claims",
    "import_claims": "claims",
    "match_text": "matching",
    "match_records": "matching",
    "match_quotes": "matching",
    "remember_quotes": "matching",
    "write_records": "output",
}

__all__ = ["AttributionError", "Claim", "Cue", "Match", "Quote", "Speaker", *_LAZY]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'attribution' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
