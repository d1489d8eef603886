"""Every word list of the project, kept as data and loaded here, per language.

``attribution/lexicon/<lang>/<name>.txt``: one entry a line, ``#`` starts a comment
(:func:`load` for words, :func:`load_fields` for ``WORD<TAB>FIELD...`` lines,
:func:`load_lines` for entries as written). Detection's cues: ``speech_verbs`` (say, tell),
``speech_nouns`` (statement, note), ``belief_verbs`` (believe, want: only with
include_beliefs), ``evaluative_verbs`` (speech acts with object content: call, criticize),
``naming_verbs`` (evaluative verbs that need a second complement), ``hearer_verbs`` (whose
object is the hearer: tell, ask), ``commissive_verbs`` (promise, vow + to-infinitive),
``object_speech_verbs`` (speech verbs whose object can be the content: "said the same",
"noted the rise").
``cue_evidence.tsv`` is the table they were curated from (PolNeAR train cue counts).
The speakers' lists (views in :mod:`attribution.speakers.lexicons`): ``titles``,
``title_modifiers``, ``title_abbreviations``, ``name_prefixes``, ``roles``, ``spokespeople``,
``person_nouns``, ``institutions``, ``org_hints``, ``modifier_synonyms``, ``first_names``,
``gendered_titles`` and ``pronouns`` (with their class: m, f, n, group, first, second).
The claim store's and the matcher's tokeniser (:mod:`attribution.terms`): ``stopwords``, with
the ``pronouns``. The matcher's referents (:mod:`attribution.matching.references`):
``generic_you``, the turns of speech where "you" addresses nobody, and ``speech_verbs_past``,
the irregular past forms of ``speech_verbs`` ("said", "told") for text without a parse.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..errors import AttributionError


def _read(name: str, lang: str, suffix: str = "txt") -> str:
    try:
        return resources.files(__package__).joinpath(lang, f"{name}.{suffix}").read_text("utf-8")
    except FileNotFoundError:
        raise AttributionError(
            f"no lexicon {name!r} for language {lang!r} "
            f"(attribution/lexicon/{lang}/{name}.{suffix}); reinstall the package"
        ) from None


@cache
def load_lines(name: str, lang: str = "en") -> tuple[str, ...]:
    """The entries of one lexicon file as written (case kept; comments and blank lines out)."""
    lines = (line.split("#", 1)[0].rstrip() for line in _read(name, lang).splitlines())
    return tuple(line for line in lines if line.strip())


@cache
def load(name: str, lang: str = "en") -> frozenset[str]:
    """The lemmas of a one-word-a-line lexicon file, lower case."""
    return frozenset(line.strip().lower() for line in load_lines(name, lang))


@cache
def load_fields(name: str, lang: str = "en") -> dict[str, tuple[str, ...]]:
    """A ``WORD<TAB>FIELD<TAB>...`` lexicon file: word (lower case) -> the other fields."""
    out: dict[str, tuple[str, ...]] = {}
    for line in load_lines(name, lang):
        fields = [f.strip() for f in line.split("\t")]
        out[fields[0].lower()] = tuple(fields[1:])
    return out


@cache
def load_table(name: str, lang: str = "en") -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated lexicon table (``#`` comment lines, then a header line)."""
    text = _read(name, lang, "tsv")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return tuple(dict(zip(header, line.split("\t"))) for line in lines[1:])
