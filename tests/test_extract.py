"""extract_quotes: the Quote contract, speaker resolution hand-over, the seed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution.documents import Article, read_conllu
from attribution.errors import AttributionError
from attribution.evaluation import scoring
from attribution.extract import extract_quotes

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed"
CONSTRUCTIONS = Path(__file__).resolve().parent / "data" / "constructions"


def seed_article() -> Article:
    (art,) = read_conllu(
        (SEED / "putin-china-2024.conllu").read_text(encoding="utf-8"), source="seed"
    )
    return art


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters / the longer span, as the evaluation measures it."""
    return scoring.overlap([a], [b])


def test_quote_records_keep_the_contract():
    art = seed_article()
    quotes = list(extract_quotes(art))
    assert quotes, "the seed article has quotes"
    assert [q.id for q in quotes] == [f"{art.id}:q{n}" for n in range(1, len(quotes) + 1)]
    assert [q.start_char for q in quotes] == sorted(q.start_char for q in quotes)
    for q in quotes:
        assert q.text == art.text[q.start_char : q.end_char]
        assert q.kind in ("direct", "indirect", "mixed")
        assert q.cue is None or q.cue.text == art.text[q.cue.start_char : q.cue.end_char]
        assert 0 < q.confidence <= 1
        record = q.to_dict()
        assert json.loads(json.dumps(record, ensure_ascii=False)) == record


def test_seed_article_finds_the_six_hand_annotated_quotes():
    # Expected: the Kremlin x3 (according to), Lavrov x2 (indirect, mixed), Xi Jinping x1; nothing
    # for Biden.
    # Spans follow the PolNeAR convention (a leading "that" is content), so compare by overlap >=
    # 0.8.
    art = seed_article()
    quotes = list(extract_quotes(art))
    expected = [
        json.loads(line)
        for line in (SEED / "putin-china-2024.expected.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    for exp in expected:
        hits = [
            q
            for q in quotes
            if overlap((q.start_char, q.end_char), (exp["start_char"], exp["end_char"])) >= 0.8
        ]
        assert hits, f"missed: {exp['text']}"
        q = hits[0]
        assert q.kind == exp["kind"]
        assert q.speaker is not None
        assert (
            overlap(
                (q.speaker.start_char, q.speaker.end_char),
                (exp["speaker"]["start_char"], exp["speaker"]["end_char"]),
            )
            > 0
        )
    assert len(quotes) == len(expected)
    assert not any(q.speaker and "Biden" in q.speaker.mention for q in quotes)


def test_mixed_quote_on_the_seed():
    q = next(q for q in extract_quotes(seed_article()) if q.cue and q.cue.lemma == "declare")
    assert q.kind == "mixed" and q.speaker.mention == "Lavrov"
    assert q.text.startswith("“the realities of a multipolar world”") and q.text.endswith(
        "“hegemony”"
    )


def test_beliefs_only_on_request():
    (art,) = read_conllu((CONSTRUCTIONS / "belief.conllu").read_text("utf-8"))
    assert list(extract_quotes(art)) == []
    (q,) = extract_quotes(art, include_beliefs=True)
    assert q.speaker is not None and q.speaker.mention == "Peskov" and q.cue.lemma == "believe"


def test_bare_quote_paragraph_gets_a_speaker_but_no_cue():
    (art,) = read_conllu((CONSTRUCTIONS / "bare-quote-paragraph.conllu").read_text("utf-8"))
    last = list(extract_quotes(art))[-1]
    assert last.cue is None and last.kind == "direct" and last.speaker.mention == "Peskov"


def test_an_unparsed_article_is_a_clear_error():
    with pytest.raises(AttributionError, match="not been parsed"):
        list(extract_quotes(Article(id="raw", text="He said “hi”.")))


@pytest.mark.parametrize(
    "name, mention",
    [
        ("direct-inverted", "Lavrov"),
        ("indirect-that", "Sergei Lavrov"),
        ("indirect-compound-name", "Xi Jinping"),
        ("according-to", "Kremlin"),
        ("passive-agent", "Kremlin"),
        ("colon-next-paragraph", "Peskov"),
        ("cue-noun", "Lavrov"),
        ("dash-byline", "Sonya Herridge"),
    ],
)
def test_speaker_mentions_from_the_chosen_heads(name, mention):
    # the head word chosen by detection, expanded by the speaker resolver into the source mention
    (art,) = read_conllu((CONSTRUCTIONS / f"{name}.conllu").read_text("utf-8"))
    quotes = list(extract_quotes(art))
    assert quotes
    for q in quotes:
        assert q.speaker is not None and mention in q.speaker.mention
        assert q.speaker.mention == art.text[q.speaker.start_char : q.speaker.end_char]


def test_seed_mixed_quote_is_the_record_of_the_design_contract():
    # The example quote record in design.md, offsets into corpora/seed/putin-china-2024.txt.
    q = next(
        q for q in extract_quotes(seed_article()) if q.cue and q.cue.lemma == "declare"
    ).to_dict()
    assert (q["doc"], q["kind"], q["start_char"], q["end_char"]) == (
        "putin-china-2024",
        "mixed",
        1579,
        1751,
    )
    assert q["cue"] == {
        "text": "declared",
        "lemma": "declare",
        "start_char": 1553,
        "end_char": 1561,
    }
    speaker = {
        k: q["speaker"][k]
        for k in ("mention", "start_char", "end_char", "name", "type", "resolution")
    }
    assert speaker == {
        "mention": "Lavrov",
        "start_char": 1546,
        "end_char": 1552,
        "name": "Sergei Lavrov",
        "type": "PERSON",
        "resolution": "name-variant",
    }


def test_the_package_exports_the_library_entry_points():
    import attribution

    (article,) = attribution.load_inputs([str(SEED / "putin-china-2024.conllu")])
    speakers = {q.speaker.name for q in attribution.extract_quotes(article)}
    assert "Sergei Lavrov" in speakers
    with pytest.raises(AttributeError):
        _ = attribution.no_such_thing
