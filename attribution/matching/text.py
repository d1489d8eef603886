"""Text normalisation for matching: a statement's content words, stems and figures."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from ..dates import MONTHS, WRITTEN_DATE, find_date
from ..terms import STOPWORDS, query_terms

_MOST_TERMS = 200  # content words the signals read of a text


def terms(text: str) -> list[str]:
    """The distinct content words of ``text`` the signals below read (200 at most), a number
    written in words as its digits (:func:`numerals`)."""
    return query_terms(numerals(text), limit=_MOST_TERMS)


# A figure in words is the same figure: "Twenty suicides a day" / "20 veterans ... every day",
# "forty-three million" / "43 million". "one" alone stays a word: mostly a pronoun ("one of").
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_VALUES = {
    **{word: n for n, word in enumerate(_UNITS, 1)},
    **{word: n for n, word in enumerate(_TEENS, 10)},
    **{word: 10 * n for n, word in enumerate(_TENS, 2)},
}
# Factored, and only tried where a number word can start: 16 µs a claim on 2B's claims (35 busy),
# against 320 for a flat alternation of every spelling.
_NUMBER_WORD = re.compile(
    r"\b(?=[tfsen])(?:(?P<tens>{})(?:[-‑]?(?P<unit>{}))?|(?P<word>{}|{}))\b".format(
        "|".join(_TENS), "|".join(_UNITS), "|".join(_TEENS), "|".join(_UNITS[1:])
    ),
    re.IGNORECASE,
)


def _digits(match: re.Match) -> str:
    try:
        if match["word"]:
            return str(_VALUES[match["word"].lower()])
        unit = match["unit"]
        return str(_VALUES[match["tens"].lower()] + (_VALUES[unit.lower()] if unit else 0))
    except KeyError:  # matched only by Unicode case folding ("sİx" lowers to "si̇x"): no numeral
        return match.group()


def numerals(text: str) -> str:
    """``text`` with the numbers two to ninety-nine written in words as digits.

    Args:
        text: any text ("Twenty suicides a day" -> "20 suicides a day").
    """
    return _NUMBER_WORD.sub(_digits, text)


def content(text: str) -> str:
    """The content words of ``text``, lower-cased and space-joined (what fuzzy scorers compare)."""
    return " ".join(terms(text))


# A number standing alone: not the digits of a URL, a handle or a word ("t.co/x9F2", "MS13", "5G").
_FIGURE = re.compile(r"(?<![\w/.#@-])\d[\d,]*(?:\.\d+)?(?![\w/@])")
_DIGIT = re.compile(r"\d")


def figures(text: str) -> frozenset[str]:
    """The numbers in ``text`` outside dates, thousands separators dropped: "30,000" -> "30000",
    and those written in words (:func:`numerals`): "forty-three" -> "43"."""
    return _digit_figures(numerals(text))


def _digit_figures(text: str) -> frozenset[str]:
    """:func:`figures` of a text whose numbers are all digits already."""
    if not _DIGIT.search(text):  # no figure can be there: skip the costly date pattern
        return frozenset()
    if _may_hold_date(text):
        # Dates are when something was said, not what: "— Jane (@jane) June 2, 2015" under a tweet.
        text = WRITTEN_DATE.sub(" ", text)
    return frozenset(m.group().replace(",", "") for m in _FIGURE.finditer(text))


# A figure said rounded is the figure: "$4,300" / "over $4,000", "82 percent" / "an 80 percent
# approval rating", "550%" / "500 percent". Within a tenth of the larger of the two; a year is
# only itself ("2015" / "2016" are two years, not one figure rounded). On CheckThat! 2B train
# MAP@5 0.6676 -> 0.6690, the same from a tenth to a fifth and for a whole figure; 0.08: none.
ROUNDED = 0.1  # how far apart two figures may be, as a share of the larger
ROUNDED_SHARE = 0.5  # how much of an exact match a rounded one counts


def figures_said(claim: frozenset[str], statement: frozenset[str]) -> float:
    """The share of the claim's figures (:func:`figures`) that the statement says: exactly, or
    rounded (within ROUNDED of each other) for ROUNDED_SHARE of one.

    Args:
        claim: the claim's figures (not empty).
        statement: the statement's.
    """
    exact = claim & statement
    said = float(len(exact))
    if len(exact) < len(claim) and len(exact) < len(statement):
        others = [v for v in map(_value, statement - exact) if v is not None]
        for figure in claim - exact:
            value = _value(figure)
            if value is not None and any(
                abs(value - other) <= ROUNDED * max(value, other) for other in others
            ):
                said += ROUNDED_SHARE
    return said / len(claim)


@lru_cache(maxsize=4096)
def _value(figure: str) -> float | None:
    # A figure's value, None for a year (a whole number 1900-2100) or zero
    value = float(figure)
    if value == 0 or (value.is_integer() and 1900 <= value <= 2100):
        return None
    return value


_MONTH_STARTS = tuple(month[:3] for month in MONTHS)  # "sept" and "sep." start so too


def _may_hold_date(text: str) -> bool:
    """Whether WRITTEN_DATE may match: each of its forms holds a hyphen or a month's name.
    Four times cheaper than the pattern on a claim without. Only ASCII text is tested this
    way: the pattern ignores case as Unicode does ("ſept", with a long s, is Sept to it)."""
    if not text.isascii():
        return True
    lowered = text.lower()
    return "-" in text or any(start in lowered for start in _MONTH_STARTS)


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """The Porter2 (Snowball English) stem: "charges"/"charge"/"charging" -> "charg",
    "raped"/"rape" -> "rape" (the full-text index stems with Porter too)."""
    return _stemmer().stemWord(word)


def stems(text: str) -> frozenset[str]:
    """The distinct stems of the content words of ``text``."""
    return frozenset(stem(word) for word in terms(text))


# -- word weights ------------------------------------------------------------------------
# How telling a shared word is comes from its frequency in general English (wordfreq's Zipf
# scale: log10 of its occurrences per billion words, from Wikipedia, news, books, subtitles,
# web text and social media), never from the store: a store's own statistics make a pair's
# score depend on what else the store holds (in a two-claim store every word is equally
# common, so bm25 over it says nothing).
RAREST_ZIPF = 8.0  # a word wordfreq has never seen (a rare name) weighs this much
K1, B = 1.2, 0.75  # bm25's term saturation and length normalisation, as full-text indexes use
AVERAGE_WORDS = 11.0  # distinct content words of a typical fact-checked claim


@lru_cache(maxsize=131072)
def word_weight(word: str) -> float:
    """How telling ``word`` is in any text: RAREST_ZIPF less its Zipf frequency in English.

    "said" weighs 2.0, "pipeline" 4.0, "hydroxychloroquine" 6.2, an unknown name 8.0.
    Numbers too: "1" weighs 2.0, "2016" 3.3, "306" 4.7 (wordfreq 3 estimates a number's
    frequency from its digits; when every number weighed 8, "1" and "7" of "$1.7 billion"
    outweighed the rest of a sentence: CheckThat! 2B train MAP@5 0.641 against 0.646).
    """
    if word.isascii() and word.isalpha() and word.islower():
        # wordfreq's own lookup, without its tokenizer (a third of a new claim's cost): a
        # plain lower-case word is its own one token
        zipf = _zipf(_english().get(word, 0.0))
    else:
        from wordfreq import zipf_frequency

        zipf = zipf_frequency(word, "en")
    return max(0.0, RAREST_ZIPF - zipf)


@lru_cache(maxsize=1)
def _english() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "best")


@lru_cache(maxsize=4096)  # wordfreq's English list holds under 600 distinct frequencies
def _zipf(freq: float) -> float:
    """wordfreq.zipf_frequency's arithmetic on a looked-up frequency (minimum 0 Zipf)."""
    from wordfreq import freq_to_zipf, zipf_to_freq

    unrounded = max(freq, zipf_to_freq(0.0))  # word_frequency's floor
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(freq_to_zipf(round(unrounded, leading_zeroes + 3)), 2)


def weighted_stems(text: str) -> dict[str, float]:
    """The distinct stems of the content words of ``text``, each with its :func:`word_weight`."""
    return _weighted(terms(text))


def _weighted(words: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for word in words:
        key, weight = _stem_weight(word)
        if weight > out.get(key, -1.0):  # weights are never negative
            out[key] = weight
    return out


@lru_cache(maxsize=131072)
def _stem_weight(word: str) -> tuple[str, float]:
    # One look-up a word instead of two (stem's and word_weight's own caches left alone)
    return stem.__wrapped__(word), word_weight.__wrapped__(word)


def overlap(statement: dict[str, float], claim: dict[str, float], *, also: float = 0.0) -> float:
    """bm25 of the claim's words for the statement's, with fixed word weights: the same value
    for the same pair in any store (0 when they share no word).

    Args:
        statement: the statement's :func:`weighted_stems`.
        claim: the claim's (a fact-check's text, or its title).
        also: the weight of what else the two share, outside the claim's words (the
            claim's capitalised words the statement abbreviates: :func:`abbreviated`).
    """
    shared = also + sum(claim[key] for key in statement.keys() & claim.keys())
    if not shared:
        return 0.0
    return shared * (K1 + 1) / (1 + K1 * (1 - B + B * len(claim) / AVERAGE_WORDS))


# An initialism stands for the capitalised words it abbreviates: "TPP" / "the Trans-Pacific
# Partnership", "EPA" / "the Environmental Protection Agency". A run of two or more capitalised
# words gives its initials (hyphenated parts each count; "of", "and", "for", "the", "on" do
# not), and a statement's word in capitals meets them: only the statement's, written as
# initialisms are (a lower-case "us" is mostly the pronoun), and only against the claim's runs
# (a claim's "TPP" against a statement's "Trans-Pacific Partnership" gained nothing on
# CheckThat! 2B train or 2A dev).
_CAPITALISED_RUN = re.compile(
    r"\b[A-Z][a-z]+(?:(?:\s+|-)(?:(?:of|and|for|the|on)\s+)?[A-Z][a-z]+)+"
)
_NOT_INITIAL = frozenset(("of", "and", "for", "the", "on"))
_PARTS = re.compile(r"[\s-]+")
_CAPITALS = re.compile(r"\b[A-Z](?:\.?[A-Z]){1,5}\b")  # "TPP", "U.S", "NAFTA"


def initialisms(text: str) -> list[str]:
    """The lower-case initials of each run of capitalised words in ``text``, in order.

    Args:
        text: any text ("the Trans-Pacific Partnership" -> ["tpp"]; a leading "The" is no
            initial).
    """
    return [
        "".join(part[0] for part in _PARTS.split(run.group().lower()) if part not in _NOT_INITIAL)
        for run in _CAPITALISED_RUN.finditer(text)
    ]


@lru_cache(maxsize=4096)
def capitals(text: str) -> frozenset[str]:
    """The stems of the words of two to six letters ``text`` writes in capitals, stopwords and
    dots left out ("TPP", "U.S." -> "tpp", "us"): the initialisms it may use."""
    words = (m.group().replace(".", "").lower() for m in _CAPITALS.finditer(text))
    return frozenset(stem(word) for word in words if word not in STOPWORDS)


@lru_cache(maxsize=32768)
def _claim_initialisms(text: str) -> dict[str, float]:
    # Read only for a statement with capitals, which most statements lack: no cost to the rest.
    words = claim_words(text)[1]
    found: dict[str, float] = {}
    for short in initialisms(text):
        key, weight = _stem_weight(short)
        if key not in words:
            found[key] = weight
    return found


def abbreviated(capitalised: frozenset[str], claim: str) -> float:
    """The weight of the statement's initialisms that abbreviate capitalised words of the claim
    and are no word of the claim's (0 when none).

    Args:
        capitalised: the statement's :func:`capitals`.
        claim: the claim's text.
    """
    if not capitalised:
        return 0.0
    found = _claim_initialisms(claim)
    return sum(found[key] for key in capitalised & found.keys())


# A claim's words, stems and figures, kept: a batch of queries meets the same popular claims
# again and again. A query's are computed once per statement instead.
# The signals of a claim met for the first time are most of a query's time where 150
# candidates are new to the process: its words are read once for all of them.
@lru_cache(maxsize=32768)
def claim_words(text: str) -> tuple[str, dict[str, float], frozenset[str]]:
    """A claim text's :func:`content`, :func:`weighted_stems` and :func:`figures`, kept (the
    caller must not change them): one look-up a candidate instead of three."""
    plain = numerals(text)  # once for both
    words = query_terms(plain, limit=_MOST_TERMS)
    return " ".join(words), _weighted(words), _digit_figures(plain)


# The words a fact-check quotes are the words it checks: 'Says Romney said "we should ask
# Pakistan for permission" to take a shot at Osama bin Laden', 'On the Iraq war, "I said it
# loud and clear, 'You'll destabilize the Middle East.'"'. Straight or curly double quotes.
_QUOTED = re.compile(r'["“]([^"”]+)["”]')
_FEWEST_QUOTED = 3  # content words: a quoted word or two is a term, not what was said


@lru_cache(maxsize=32768)
def quoted(text: str) -> str:
    """The content words (:func:`content`) of what a claim quotes, "" when it quotes fewer
    than three or nothing but its whole text.

    Args:
        text: a claim's text ('On the Iraq war, "I said it loud and clear, 'You'll
            destabilize the Middle East.'"' -> "loud clear destabilize middle east").
    """
    said = " ".join(words for words in map(content, _QUOTED.findall(text)) if words)
    if len(said.split()) < _FEWEST_QUOTED or said == claim_words(text)[0]:
        return ""
    return said


# A fact-check may quote several sentences, and a line repeat one of them: 'Trump: "Even our
# nuclear arsenal doesn't work. It came out recently they have equipment that is 30 years
# old."' for "But our nuclear program has fallen way behind". A sentence ends at ".", "!" or
# "?" (and a closing quote) before a capital or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“A-Z])")
_FEWEST_IN_SENTENCE = 4  # content words: "Very few children." or "the U.S." is no sentence


@lru_cache(maxsize=32768)
def sentences(text: str) -> tuple[str, ...]:
    """The content words (:func:`content`) of each sentence of a claim that has two or more of
    four content words or more, () otherwise.

    Args:
        text: a claim's text ('"Even our nuclear arsenal doesn't work. It came out recently
            they have equipment that is 30 years old."' -> ("even nuclear arsenal work",
            "came recently equipment 30 years old"); '"Our real unemployment is 18 to 20
            percent. Don't believe the 5.6."' -> (): its second sentence is too short).
    """
    if not _SENTENCE_END.search(text):  # most claims: one sentence, nothing to split
        return ()
    parts = [
        words
        for words in map(content, _SENTENCE_END.split(text))
        if len(words.split()) >= _FEWEST_IN_SENTENCE
    ]
    return tuple(parts) if len(parts) > 1 else ()


_cached_terms = lru_cache(maxsize=32768)(terms)


@lru_cache(maxsize=32768)
def cached_stems(text: str) -> frozenset[str]:
    """:func:`stems`, kept (a fact-check's title)."""
    return frozenset(stem(word) for word in _cached_terms(text))


@lru_cache(maxsize=32768)
def cached_weighted_stems(text: str) -> dict[str, float]:
    """:func:`weighted_stems`, kept (a fact-check's title; the caller must not change the dict)."""
    return _weighted(_cached_terms(text))


# -- posts -------------------------------------------------------------------------------
# A social post carries text that is no content: links, picture links, @handles and the
# signature an embedded tweet ends with. They are matched as words otherwise: a link's
# "https" finds a claim about http and https, a signature's "January 2021" claims about
# January 2021.
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:pic\.twitter\.com|t\.co|bit\.ly|youtu\.be)/\S+", re.IGNORECASE
)
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,30})")
_RETWEET = re.compile(r"^\s*RT\s+@\w{1,30}:?\s*")
_MONTH_NAME = "|".join(MONTHS + [m[:3] for m in MONTHS] + ["sept"])
# "— Morgan Fairchild (@morgfair) February 25, 2016" ending an embedded tweet.
_SIGNATURE = re.compile(
    r"\s*(?:[—–]|--)\s*(?P<author>[^\n()—–]{0,80}?)\s*\(@(?P<handle>\w{1,30})\)"
    rf"\s*(?P<date>(?:{_MONTH_NAME})\.? \d{{1,2}},? \d{{4}})?\s*$",
    re.IGNORECASE,
)
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])|_")


@dataclass(frozen=True, slots=True)
class Post:
    """A statement's content with a post's metadata taken out of it.

    ``text`` is what was said; ``author``, ``handle`` and ``date`` come from a trailing
    signature ("— Name (@handle) January 28, 2021"), ``handles`` and ``links`` from the
    text. A statement that is no post comes back with its text as given and no metadata.
    """

    text: str
    author: str | None = None
    handle: str | None = None
    date: str | None = None  # ISO 8601, from the signature
    handles: tuple[str, ...] = ()
    links: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return asdict(self)

    def words(self) -> str:
        """What to match: the text and the author's name (a fact-check names who posted it)."""
        return f"{self.text} {self.author}" if self.author else self.text


def _tag_words(match: re.Match) -> str:
    # "#RepublicDay" -> "Republic Day", "#covid19" -> "covid 19", "@RepSchiff" -> "Rep Schiff".
    return " ".join(part for part in _CAMEL.split(match.group(1)) if part)


def read_post(text: str) -> Post:
    """``text`` as a statement: links and a trailing signature out, hashtags and handles as words.

    A handle names someone a fact-check names in words ("@RepAdamSchiff"): measured on
    CheckThat! 2A dev, its words lift MAP@5 where dropping it lowers it.

    Args:
        text: a post, a quote or any statement.
    """
    author = handle = date = None
    signature = _SIGNATURE.search(text)
    if signature:
        author = " ".join(signature["author"].split()) or None
        handle = signature["handle"]
        found = find_date(signature["date"]) if signature["date"] else None
        date = found.isoformat() if found else None
        text = text[: signature.start()]
    links = tuple(m.group() for m in _LINK.finditer(text))
    text = _LINK.sub(" ", text)
    handles = tuple(_HANDLE.findall(text))
    text = _RETWEET.sub("", text)
    text = _HASHTAG.sub(_tag_words, _HANDLE.sub(_tag_words, text))
    text = " ".join(text.split())
    return Post(text=text, author=author, handle=handle, date=date, handles=handles, links=links)


__all__ = [
    "Post",
    "read_post",
    "claim_words",
    "abbreviated",
    "cached_stems",
    "cached_weighted_stems",
    "capitals",
    "content",
    "figures",
    "figures_said",
    "initialisms",
    "numerals",
    "overlap",
    "quoted",
    "sentences",
    "stems",
    "weighted_stems",
    "word_weight",
]
