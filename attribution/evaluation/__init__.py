"""Scoring quote extraction against gold attributions (BRAT standoff, e.g. PolNeAR).

``read_ann``/``gold_files`` read the gold, ``prepare`` adds cue lemmas, speech flags and
kinds from the parse, ``score``/``Scores`` match and measure, ``corpus.evaluate`` runs
it all over CoNLL-U documents. The conventions are in ``scoring``'s docstring.
"""

from .brat import GoldAttribution, gold_files, read_ann
from .gold import GoldItem, prepare
from .scoring import LOOSE, STRICT, Prediction, Scores, match, overlap, score

__all__ = [
    "GoldAttribution",
    "GoldItem",
    "LOOSE",
    "STRICT",
    "Prediction",
    "Scores",
    "gold_files",
    "match",
    "overlap",
    "prepare",
    "read_ann",
    "score",
]
