"""Running an evaluation over a corpus: documents in, gold from a BRAT directory, Scores out."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .. import lexicon
from ..documents import Article, InputFailure, load_inputs
from ..errors import InputError
from .brat import gold_files, read_ann
from .gold import prepare
from .scoring import Prediction, Scores


def speech_lemmas(lang: str = "en", *, path: str | Path | None = None) -> frozenset[str]:
    """The cue lemmas that make a gold attribution count for recall.

    By default the lemmas judged "speech" in the train split's cue evidence
    (``lexicon/<lang>/cue_evidence.tsv``), not the extractor's own lexicons: the
    recall denominator must not move when the extractor's lexicon changes.
    """
    if path is None:
        return evidence_speech_lemmas(lang)
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the speech lexicon ({exc})") from exc
    return frozenset(w for w in (line.split("#", 1)[0].strip().lower() for line in lines) if w)


def evidence_speech_lemmas(lang: str = "en") -> frozenset[str]:
    """Lemmas whose hand-judged class in the cue evidence table is speech."""
    rows = lexicon.load_table("cue_evidence", lang)
    return frozenset(row["lemma"].lower() for row in rows if row.get("class") == "speech")


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article]:
    """Articles from the inputs ``attribution extract`` reads (CoNLL-U, text, HTML, JSONL).

    CoNLL-U holds several documents split by ``# newdoc id``; raw text comes unparsed
    (``doc=None``). The evaluation needs every document, so an unreadable input is an
    error here, not a skipped file.
    """
    for item in load_inputs(list(paths)):
        if isinstance(item, InputFailure):
            raise InputError(f"{item}; the evaluation needs every document it is given")
        yield item


def read_predictions(path: str | Path) -> dict[str, list[Prediction]]:
    """Quote records from a JSONL file (the extract command's ``-f jsonl``), by document."""
    out: dict[str, list[Prediction]] = {}
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the predictions ({exc})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}, line {n}: not JSON ({exc.msg}); expected one quote record a line"
            ) from None
        if not isinstance(record, dict):
            raise InputError(f"{path}, line {n}: expected a JSON object (a quote record)")
        p = Prediction.from_record(record, where=f"{path}, line {n}")
        out.setdefault(p.doc, []).append(p)
    return out


def evaluate(
    articles: Iterable[Article],
    gold_dir: str | Path,
    *,
    predict: Callable[[Article], Iterable[Prediction]],
    speech: frozenset[str],
    parse: Callable[[Article], Article] | None = None,
    keep_articles: bool = False,
) -> tuple[Scores, dict[str, Article]]:
    """Score ``predict`` on every article against ``gold_dir``; every article needs a gold file.

    Raw-text articles go through ``parse`` (after their gold file is found, so a
    wrong input fails before the slow part).
    """
    files = gold_files(gold_dir)
    scores = Scores()
    kept: dict[str, Article] = {}
    seen = set()
    for article in articles:
        gold_file = files.get(article.id)
        if gold_file is None:
            raise InputError(
                f"{article.source}: document {article.id!r} has no gold file "
                f"{article.id}_ANNOTATOR.ann in {gold_dir}; pass the matching --gold directory"
            )
        if article.id in seen:
            raise InputError(f"{article.source}: document {article.id!r} appears twice")
        seen.add(article.id)
        if article.doc is None:
            if parse is None:
                raise InputError(
                    f"{article.source}: document {article.id!r} is raw text and no parser was "
                    "given; give CoNLL-U (`attribution parse`) or stanza models (--models)"
                )
            article = parse(article)
        gold = prepare(read_ann(gold_file.path, doc=article.id), article, speech_lemmas=speech)
        scores.add(gold, list(predict(article)))
        if keep_articles:
            kept[article.id] = article
    if not seen:
        raise InputError("no documents to evaluate")
    several = sorted(d for d in seen if files[d].others)
    if several:
        scores.notes.append(
            f"{len(several)} document(s) have several annotators; used the first by sorted "
            f"name: " + ", ".join(f"{d} ({files[d].annotator})" for d in several)
        )
    unused = len(set(files) - seen)
    if unused:
        scores.notes.append(
            f"{unused} gold file(s) have no document among the inputs and were not scored"
        )
    return scores, kept
