"""Speech cue lexicons, kept as data: one lemma a line, ``#`` starts a comment.

``attribution/lexicon/<lang>/<name>.txt``; names in use: ``speech_verbs`` (say, tell),
``speech_nouns`` (statement, note), ``belief_verbs`` (believe, want: only with
include_beliefs), ``evaluative_verbs`` (speech acts with object content: call, criticize),
``naming_verbs`` (evaluative verbs that need a second complement), ``hearer_verbs`` (whose
object is the hearer: tell, ask), ``commissive_verbs`` (promise, vow + to-infinitive),
``object_speech_verbs`` (speech verbs whose object can be the content: "said the same",
"noted the rise").
``cue_evidence.tsv`` is the table they were curated from (PolNeAR train cue counts).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..errors import AttributionError


@cache
def load(name: str, lang: str = "en") -> frozenset[str]:
    """Return the lemmas of one lexicon file as a frozenset (lower case)."""
    try:
        text = resources.files(__package__).joinpath(lang, f"{name}.txt").read_text("utf-8")
    except FileNotFoundError:
        raise AttributionError(
            f"no lexicon {name!r} for language {lang!r} (attribution/lexicon/{lang}/{name}.txt)"
        ) from None
    lemmas = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(lemma for lemma in lemmas if lemma)


@cache
def load_table(name: str, lang: str = "en") -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated lexicon table (``#`` comment lines, then a header line)."""
    try:
        text = resources.files(__package__).joinpath(lang, f"{name}.tsv").read_text("utf-8")
    except FileNotFoundError:
        raise AttributionError(
            f"no lexicon table {name!r} for language {lang!r} "
            f"(attribution/lexicon/{lang}/{name}.tsv)"
        ) from None
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return tuple(dict(zip(header, line.split("\t"))) for line in lines[1:])
