"""A pair's score is the pair's: the same in a two-claim store and in a 19k-claim archive."""

from __future__ import annotations

import gzip
import json
from itertools import islice

import pytest

from attribution.claims import Claim, import_claims, open_store
from attribution.matching import match_text

PIPELINE = Claim(
    id="pipeline",
    text="The pipeline would create 30,000 jobs in the state.",
    speaker="Jane Roe",
    date="2021-03-01",
)
OTHER = Claim(id="other", text="Crime in the city went down by ten percent.", speaker="John Doe")


def _score(store, claim_id: str, text: str, **kw) -> float:
    found = {m.claim_id: m.score for m in match_text(store, text, top=1000, **kw)}
    return found[claim_id]


def _found(store, claim_id: str, query: dict) -> float | None:
    found = match_text(store, query["text"], speaker=query.get("speaker"), top=1000)
    return {m.claim_id: m.score for m in found}.get(claim_id)


@pytest.fixture(scope="module")
def archive(corpora_dir, tmp_path_factory):
    """The 19,250 PolitiFact claims of CheckThat! 2B, the pipeline claim among them."""
    path = tmp_path_factory.mktemp("archive") / "politifact.sqlite"
    with open_store(path) as store:
        import_claims(store, corpora_dir / "checkthat-2021-2b" / "claims.jsonl.gz")
        store.add(PIPELINE)
    with open_store(path, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def dev_pairs(corpora_dir):
    """(query, its relevant claim) pairs of 2B dev, the claims read from the collection."""
    task = corpora_dir / "checkthat-2021-2b"
    gold = dict(line.split()[::2] for line in (task / "dev.qrels").read_text().splitlines())
    queries = [json.loads(line) for line in (task / "dev.queries.jsonl").read_text().splitlines()]
    wanted = {gold[q["id"]] for q in queries if q["id"] in gold}
    with gzip.open(task / "claims.jsonl.gz", "rt", encoding="utf-8") as f:
        claims = {r["id"]: r for r in map(json.loads, f) if r["id"] in wanted}
    return [(q, Claim(**claims[gold[q["id"]]])) for q in queries if gold.get(q["id"]) in claims]


@pytest.mark.corpora
def test_a_paraphrase_by_its_speaker_scores_the_same_in_any_store(tmp_path, archive):
    with open_store(tmp_path / "two.sqlite") as two:
        two.add_many([PIPELINE, OTHER])
        for kw in ({"speaker": "Jane Roe"}, {"speaker": "Jane Roe", "date": "2021-03-04"}, {}):
            query = "this pipeline will create 30,000 jobs"
            small = _score(two, "pipeline", query, **kw)
            large = _score(archive, "pipeline", query, **kw)
            assert abs(small - large) <= 5, (kw, small, large)
            assert small >= 50, (kw, small)  # what extract --match shows by default


@pytest.mark.corpora
def test_relevant_pairs_of_the_dev_split_score_the_same_in_any_store(tmp_path, archive, dev_pairs):
    compared = 0
    for query, claim in islice(dev_pairs, 40):
        with open_store(tmp_path / f"{compared}.sqlite") as two:
            two.add_many([claim, OTHER])
            small = _found(two, claim.id, query)
        large = _found(archive, claim.id, query)
        if small is None or large is None:
            continue  # said in other words: full text alone does not retrieve it
        assert abs(small - large) <= 5, (query["id"], small, large)
        compared += 1
    assert compared >= 20


@pytest.mark.corpora
def test_a_verbatim_repeat_scores_90_or_more_in_any_store(tmp_path, archive, dev_pairs):
    for _, claim in dev_pairs[:10]:
        with open_store(tmp_path / f"{claim.id}.sqlite") as two:
            two.add_many([claim, OTHER])
            for store in (two, archive):
                assert _score(store, claim.id, claim.text, speaker=claim.speaker) >= 90
