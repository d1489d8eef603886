"""Property-based tests (hypothesis): the readers take any bytes without crashing.

The input readers (text, HTML, JSONL, CoNLL-U), the claim importers (JSONL, CSV,
ClaimReview) and ``match``'s statement reader either read a record or name it as bad;
no input raises anything else. CI runs a bounded budget (``ci`` profile, a few seconds);
``python benchmarks/fuzz.py`` runs the same properties for as long as asked.
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from attribution.claims.io import BadRecord, iter_records, read_claims
from attribution.documents import Article, InputFailure, load_inputs
from attribution.errors import InputError
from attribution.matching.statements import iter_statements
from attribution.models import Claim

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("ATTRIBUTION_PROPERTY_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same inputs on every CI run: a failure is reproducible
    database=None,
)
settings.load_profile("ci")

TRIED: Counter[str] = Counter()  # inputs tried per property (benchmarks/fuzz.py prints them)

# -- strategies: bytes near the formats, so that the readers' deeper paths are reached ----

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_KEYS = st.sampled_from(["id", "text", "speaker", "date", "url", "claimReviewed", "@type"])
_RECORDS = st.dictionaries(_KEYS | st.text(max_size=6), _JSON_VALUES, max_size=6)


def _json_lines(records: list, raw: list[bytes]) -> bytes:
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass") for r in records]
    return b"\n".join(lines + raw)


_NOISE = st.binary(max_size=60) | st.sampled_from(
    [b"\xff\xfe", b"\x00", b"\xe9", b'"', b"\r\n", b"{", b"[" * 2000, b"\t", b"\n\n"]
)
JSONL_BYTES = st.builds(_json_lines, st.lists(_RECORDS, max_size=6), st.lists(_NOISE, max_size=4))

_CELL = st.text(max_size=20) | st.sampled_from(['"', '""', '"unclosed', "=1+1", "\x00", ","])
CSV_BYTES = st.builds(
    lambda header, rows, noise: (
        (",".join(header) + "\n" + "\n".join(",".join(r) for r in rows)).encode(
            "utf-8", "surrogatepass"
        )
        + b"".join(noise)
    ),
    st.lists(st.sampled_from(["id", "text", "speaker", "date", "x"]), min_size=1, max_size=5),
    st.lists(st.lists(_CELL, max_size=6), max_size=6),
    st.lists(_NOISE, max_size=3),
)

_CONLLU_LINE = st.builds(
    lambda cols: "\t".join(cols),
    st.lists(
        st.sampled_from(["1", "2", "3", "1-2", "0", "_", "x", "start_char=0|end_char=3", "nsubj"])
        | st.text(max_size=5),
        min_size=8,
        max_size=11,
    ),
)
CONLLU_TEXT = st.lists(
    st.sampled_from(["", "# newdoc id = d", "# text = Hi.", "# newpar"]) | _CONLLU_LINE,
    max_size=12,
).map("\n".join)

HTML_TEXT = st.lists(
    st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<font>", "<div>", "<br>", "<nav>", "<!--"])
    | st.text(max_size=30),
    max_size=40,
).map("".join)


def _load(tmp_path_factory, name: str, data: bytes) -> list:
    path = tmp_path_factory.mktemp("in") / name
    path.write_bytes(data)
    return list(load_inputs([path]))


def _well_formed(items: list) -> None:
    for item in items:
        assert isinstance(item, Article | InputFailure)
        if isinstance(item, Article):
            assert isinstance(item.id, str) and item.id and isinstance(item.text, str)


# -- the input readers --------------------------------------------------------------------


@given(data=st.binary(max_size=400) | JSONL_BYTES, suffix=st.sampled_from([".txt", ".jsonl", ""]))
@example(data=b"[" * 5000 + b"\n", suffix=".jsonl")  # found by benchmarks/fuzz.py
@example(data=b"{" + b"[" * 5000 + b"\n", suffix="")
def test_input_readers_take_any_bytes(tmp_path_factory, data, suffix):
    TRIED["input readers: bytes"] += 1
    _well_formed(_load(tmp_path_factory, "input" + suffix, data))


@given(text=CONLLU_TEXT)
def test_conllu_reader_reads_or_names_the_line(tmp_path_factory, text):
    TRIED["input readers: CoNLL-U"] += 1
    items = _load(tmp_path_factory, "doc.conllu", text.encode("utf-8", "surrogatepass"))
    _well_formed(items)
    for item in items:
        if isinstance(item, Article):  # offsets index the text the rules will read
            for sentence in item.doc.sentences:
                for token in sentence.tokens:
                    assert 0 <= token.start_char <= token.end_char <= len(item.text) + 1


@given(text=HTML_TEXT)
def test_html_reader_reads_or_says_why(tmp_path_factory, text):
    TRIED["input readers: HTML"] += 1
    _well_formed(_load(tmp_path_factory, "page.html", text.encode("utf-8", "surrogatepass")))


# -- the claim importers ------------------------------------------------------------------


def _claims_of(tmp_path_factory, name: str, data: bytes) -> None:
    path = tmp_path_factory.mktemp("claims") / name
    path.write_bytes(data)
    for number, record in iter_records(path):
        assert isinstance(number, int) and number >= 0
        assert isinstance(record, BadRecord) or record is not None
    for claim in read_claims(path, skip_bad=True):
        assert isinstance(claim, Claim) and claim.text and "\x00" not in claim.text


@given(data=JSONL_BYTES | st.binary(max_size=300))
def test_jsonl_claim_importer_takes_any_bytes(tmp_path_factory, data):
    TRIED["claim importers: JSONL"] += 1
    _claims_of(tmp_path_factory, "c.jsonl", data)


@given(data=CSV_BYTES | st.binary(max_size=300))
def test_csv_claim_importer_takes_any_bytes(tmp_path_factory, data):
    TRIED["claim importers: CSV"] += 1
    _claims_of(tmp_path_factory, "c.csv", data)


@given(data=st.builds(lambda r: json.dumps(r).encode(), st.lists(_RECORDS, max_size=4) | _RECORDS)
       | st.binary(max_size=300))  # fmt: skip
def test_claimreview_importer_takes_any_bytes(tmp_path_factory, data):
    TRIED["claim importers: ClaimReview"] += 1
    try:
        _claims_of(tmp_path_factory, "c.json", data)
    except InputError as exc:  # a document that is not JSON stops only when not skipping
        raise AssertionError(f"skip_bad raised {exc}") from exc


# -- match's reader -----------------------------------------------------------------------


@given(data=JSONL_BYTES | st.binary(max_size=300))
def test_match_reader_answers_or_names_every_line(data):
    TRIED["match reader"] += 1
    lines = data.split(b"\n")
    seen = []
    for number, record in iter_statements(io.BytesIO(data)):
        seen.append(number)
        if not isinstance(record, ValueError):
            assert isinstance(record, dict) and isinstance(record["text"], str)
    assert seen == sorted(set(seen)) and all(1 <= n <= len(lines) for n in seen)
    assert len(seen) == sum(1 for line in lines if line.strip())


@given(data=JSONL_BYTES | st.binary(max_size=300))
def test_match_reader_with_lines_takes_every_utf8_line_as_text(data):
    TRIED["match reader --lines"] += 1
    for number, record in iter_statements(io.BytesIO(data), lines=True):
        raw = data.split(b"\n")[number - 1]
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            assert isinstance(record, ValueError) and "UTF-8" in str(record)
            continue
        assert record == {"text": text.strip()}
