"""Matching predicted quotes to gold attributions, and the metrics.

Conventions (README, "Evaluating"):
- content overlap = shared characters / length of the longer span (pieces united);
- loose match: overlap >= 0.3, strict: >= 0.8; one-to-one, greedy by best overlap;
- precision over ALL gold attributions (overlapping a belief attribution is no false
  alarm), recall over SPEECH attributions only;
- speaker accuracy: among loose pairs whose gold has a Source, the share whose
  predicted speaker mention overlaps that Source at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import InputError
from .brat import Pieces, merge
from .gold import GoldItem

LOOSE = 0.3
STRICT = 0.8


@dataclass(frozen=True, slots=True)
class Prediction:
    """A predicted quote, reduced to what the scorer needs."""

    doc: str
    id: str
    start_char: int
    end_char: int
    kind: str
    cue_lemma: str | None = None
    speaker: tuple[int, int] | None = None
    speaker_text: str | None = None
    content: Pieces = ()  # the content's pieces when it has several ("“A,” said X, “B.”")

    @property
    def pieces(self) -> Pieces:
        return self.content or ((self.start_char, self.end_char),)

    @classmethod
    def from_record(cls, record: dict, *, where: str = "<record>") -> Prediction:
        """From a quote record as the JSON contract writes it (design.md)."""
        try:
            doc, start, end = str(record["doc"]), int(record["start_char"]), int(record["end_char"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"{where}: a quote record needs doc, start_char and end_char ({exc!r})"
            ) from None
        cue = record.get("cue") or {}
        speaker = record.get("speaker") or {}
        span = None
        if speaker.get("start_char") is not None and speaker.get("end_char") is not None:
            span = (int(speaker["start_char"]), int(speaker["end_char"]))
        lemma = cue.get("lemma") or (cue.get("text") or "").lower() or None
        pieces = record.get("pieces") or []
        try:
            content = tuple((int(p["start_char"]), int(p["end_char"])) for p in pieces)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"{where}: each of a quote record's pieces needs start_char and end_char ({exc!r})"
            ) from None
        return cls(
            doc,
            str(record.get("id") or f"{doc}:{start}"),
            start,
            end,
            record.get("kind") or "unknown",
            lemma,
            span,
            speaker.get("mention"),
            content if len(content) > 1 else (),
        )

    @classmethod
    def from_quote(cls, quote) -> Prediction:
        """From an :class:`attribution.models.Quote`."""
        sp = quote.speaker
        return cls(
            quote.doc,
            quote.id,
            quote.start_char,
            quote.end_char,
            quote.kind,
            quote.cue.lemma.lower() if quote.cue else None,
            (sp.start_char, sp.end_char) if sp else None,
            sp.mention if sp else None,
            tuple((p.start_char, p.end_char) for p in quote.pieces)
            if len(quote.pieces) > 1
            else (),
        )


def length(pieces: Pieces) -> int:
    return sum(e - s for s, e in merge(pieces))


def shared(a: Pieces, b: Pieces) -> int:
    a, b = merge(a), merge(b)
    return sum(max(0, min(ae, be) - max(as_, bs)) for as_, ae in a for bs, be in b)


def overlap(a: Pieces, b: Pieces) -> float:
    """Shared characters / length of the longer span (0 when either is empty)."""
    longest = max(length(a), length(b))
    return shared(a, b) / longest if longest else 0.0


def match(
    gold: list[GoldItem], predicted: list[Prediction], threshold: float
) -> list[tuple[int, int, float]]:
    """One-to-one pairs (gold index, prediction index, overlap), greedy by best overlap.

    Ties go to speech gold first, then text order, so the result is deterministic.
    """
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if p.doc == g.doc:
                score = overlap(g.attribution.content, p.pieces)
                if score >= threshold:
                    pairs.append((-score, not g.speech, gi, pi))
    used_g, used_p, out = set(), set(), []
    for neg, _, gi, pi in sorted(pairs):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi, -neg))
    return out


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "correct_predicted": tp_pred,
        "predicted": n_pred,
        "found_gold": tp_gold,
        "gold": n_gold,
    }


@dataclass(slots=True)
class Scores:
    """Everything one evaluation run measured; ``to_dict()`` is the ``--json`` output."""

    docs: int = 0
    gold: list[GoldItem] = field(default_factory=list)
    predicted: list[Prediction] = field(default_factory=list)
    loose: list[tuple[int, int, float]] = field(default_factory=list)
    strict: list[tuple[int, int, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, gold: list[GoldItem], predicted: list[Prediction]) -> None:
        """Score one document and keep its pairs (indices shift to the corpus lists)."""
        g0, p0 = len(self.gold), len(self.predicted)
        self.docs += 1
        self.gold.extend(gold)
        self.predicted.extend(predicted)
        for target, threshold in ((self.loose, LOOSE), (self.strict, STRICT)):
            target.extend((g0 + gi, p0 + pi, s) for gi, pi, s in match(gold, predicted, threshold))

    def _metrics(self, pairs) -> dict:
        speech = [g for g in self.gold if g.speech]
        return prf(
            len(pairs),
            len(self.predicted),
            sum(self.gold[gi].speech for gi, _, _ in pairs),
            len(speech),
        )

    def speaker(self) -> dict:
        with_source = [
            (self.gold[gi], self.predicted[pi])
            for gi, pi, _ in self.loose
            if self.gold[gi].attribution.source
        ]
        right = sum(
            1
            for g, p in with_source
            if p.speaker and shared(g.attribution.source, (p.speaker,)) > 0
        )
        return {
            "accuracy": round(right / len(with_source), 4) if with_source else 0.0,
            "correct": right,
            "pairs_with_gold_source": len(with_source),
            "predicted_without_speaker": sum(1 for _, p in with_source if not p.speaker),
        }

    def _breakdown(self, gold_key, pred_key) -> dict[str, dict]:
        gold_n = Counter(gold_key(g) for g in self.gold if g.speech)
        gold_hit = Counter(
            gold_key(self.gold[gi]) for gi, _, _ in self.loose if self.gold[gi].speech
        )
        pred_n = Counter(pred_key(p) for p in self.predicted)
        pred_hit = Counter(pred_key(self.predicted[pi]) for _, pi, _ in self.loose)
        keys = sorted(set(gold_n) | set(pred_n), key=lambda k: (-(gold_n[k] + pred_n[k]), str(k)))
        return {str(k): prf(pred_hit[k], pred_n[k], gold_hit[k], gold_n[k]) for k in keys}

    def by_kind(self) -> dict[str, dict]:
        return self._breakdown(lambda g: g.kind, lambda p: p.kind)

    def by_cue(self) -> dict[str, dict]:
        return self._breakdown(lambda g: g.cue_lemma, lambda p: p.cue_lemma or "(none)")

    def misses(self) -> list[GoldItem]:
        found = {gi for gi, _, _ in self.loose}
        return [g for i, g in enumerate(self.gold) if g.speech and i not in found]

    def false_alarms(self) -> list[Prediction]:
        found = {pi for _, pi, _ in self.loose}
        return [p for i, p in enumerate(self.predicted) if i not in found]

    def to_dict(self) -> dict:
        speech = sum(g.speech for g in self.gold)
        return {
            "counts": {
                "docs": self.docs,
                "gold": len(self.gold),
                "gold_speech": speech,
                "gold_other": len(self.gold) - speech,
                "predicted": len(self.predicted),
                "predicted_on_other_gold": sum(
                    1 for gi, _, _ in self.loose if not self.gold[gi].speech
                ),
            },
            "loose": {"threshold": LOOSE, **self._metrics(self.loose)},
            "strict": {"threshold": STRICT, **self._metrics(self.strict)},
            "speaker": self.speaker(),
            "by_kind": self.by_kind(),
            "by_cue": self.by_cue(),
            "notes": list(self.notes),
        }


def score(documents: Iterable[tuple[list[GoldItem], list[Prediction]]]) -> Scores:
    """Score (gold, predictions) per document; predictions of other documents never match."""
    scores = Scores()
    for gold, predicted in documents:
        scores.add(gold, predicted)
    return scores
