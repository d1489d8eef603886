"""The evaluation: BRAT reading, overlap and matching, speech split, the evaluate command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from attribution.cli import main
from attribution.documents import read_conllu
from attribution.errors import InputError
from attribution.evaluation import Prediction, gold_files, match, overlap, prepare, read_ann, score
from attribution.evaluation.baseline import quoted_strings
from attribution.evaluation.corpus import evaluate, read_articles, speech_lemmas
from attribution.evaluation.gold import cue_lemma
from attribution.evaluation.quoting import kind_of, quoted_spans
from attribution.sentences import DocumentView

DATA = Path(__file__).resolve().parent / "data" / "evaluation"
GOLD = DATA / "gold"
DOCS = DATA / "docs.conllu"
SPEECH = frozenset({"say", "tell"})


def articles():
    return {a.id: a for a in read_conllu(DOCS.read_text("utf-8"), source=str(DOCS))}


# --- BRAT -------------------------------------------------------------------


def test_read_ann_links_spans_and_discontinuous_content():
    two = read_ann(GOLD / "doc-two_a1.ann")
    assert [g.id for g in two] == ["E1", "E2"]  # the Discuss span belongs to no event
    assert two[0].doc == "doc-two"
    assert two[0].content == ((0, 21), (32, 55))
    assert two[0].cue == ((26, 30),) and two[0].source == ((22, 25),)
    assert two[0].label == "Attribution"


def test_read_ann_without_source_and_content2(tmp_path):
    path = tmp_path / "x_ann1.ann"
    path.write_text(
        "T1\tContent 10 20\ta\nT2\tCue 0 4\tsaid\nT3\tAttribution-no-source 0 4\tsaid\n"
        "T4\tContent 30 40;5 8\tb\nE1\tAttribution-no-source:T3 Content:T1 Cue:T2 Content2:T4\n"
        "E2\tAttribution-no-source:T3\n",
        "utf-8",
    )
    (att,) = read_ann(path)  # E2 has neither content nor cue: not scorable
    assert att.doc == "x" and att.label == "Attribution-no-source"
    assert att.content == ((5, 8), (10, 20), (30, 40)) and att.source == ()


def test_read_ann_span_text_with_a_line_break(tmp_path):
    # PolNeAR has span texts running over a line break; the next line is no T line
    path = tmp_path / "y_a.ann"
    path.write_text(
        "T1\tContent 0 9;12 20\tThe one.\n\nThe two\nT2\tCue 9 11\tsaid\n"
        "E1\tAttribution:T2 Content:T1 Cue:T2\n",
        "utf-8",
    )
    (att,) = read_ann(path)
    assert att.content == ((0, 9), (12, 20))


def test_read_ann_reports_file_and_line(tmp_path):
    path = tmp_path / "bad_a.ann"
    path.write_text("T1\tContent 10 x\ttext\n", "utf-8")
    with pytest.raises(InputError, match=r"bad_a.ann, line 1"):
        read_ann(path)
    path.write_text("E1\tAttribution:T9 Content:T1\n", "utf-8")
    with pytest.raises(InputError, match="T9"):
        read_ann(path)


def test_several_annotators_first_by_sorted_name():
    files = gold_files(GOLD)
    assert files["doc-one"].annotator == "a1" and files["doc-one"].others == ("b2",)
    assert files["doc-two"].others == ()


def test_missing_gold_dir_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        gold_files(tmp_path / "nowhere")
    with pytest.raises(InputError, match="no .ann files"):
        gold_files(tmp_path)


# --- overlap, matching, speech split -----------------------------------------


def test_overlap_is_shared_over_longer_with_pieces_united():
    assert overlap(((0, 10),), ((0, 10),)) == 1.0
    assert overlap(((0, 10),), ((5, 25),)) == 5 / 20
    assert overlap(((0, 10), (20, 30)), ((0, 30),)) == 20 / 30
    assert overlap(((0, 10), (5, 15)), ((0, 15),)) == 1.0  # overlapping pieces count once
    assert overlap(((0, 10),), ((10, 20),)) == 0.0


def _gold(doc, start, end, *, speech=True, ident="E1"):
    from attribution.evaluation.brat import GoldAttribution
    from attribution.evaluation.gold import GoldItem

    att = GoldAttribution(doc, ident, "Attribution", ((start, end),), ((0, 1),), (), "", "", "")
    return GoldItem(att, "say", speech, "indirect")


def _pred(doc, start, end, ident="p"):
    return Prediction(doc, ident, start, end, "indirect")


def test_matching_is_one_to_one_and_greedy_by_best_overlap():
    gold = [_gold("d", 0, 100, ident="E1"), _gold("d", 0, 60, ident="E2")]
    preds = [_pred("d", 0, 60, "p1"), _pred("d", 0, 100, "p2"), _pred("d", 0, 99, "p3")]
    pairs = {(gi, pi) for gi, pi, _ in match(gold, preds, 0.3)}
    # p2 takes E1 (1.0), p1 takes E2 (1.0); p3 is left over even though it overlaps both
    assert pairs == {(0, 1), (1, 0)}
    assert match(gold, [_pred("other", 0, 100)], 0.3) == []  # other documents never match


def test_speech_split_recall_and_precision():
    gold = [
        _gold("d", 0, 50, ident="E1"),
        _gold("d", 100, 150, speech=False, ident="E2"),
        _gold("d", 200, 250, ident="E3"),
    ]
    preds = [_pred("d", 0, 50), _pred("d", 100, 150), _pred("d", 300, 350)]
    result = score([(gold, preds)]).to_dict()
    # the belief match is not a false alarm, but not a found speech attribution either
    assert result["loose"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["loose"]["recall"] == 0.5
    assert result["counts"]["gold_speech"] == 2 and result["counts"]["predicted_on_other_gold"] == 1


def test_thresholds_loose_and_strict():
    gold = [_gold("d", 0, 100)]
    result = score([(gold, [_pred("d", 0, 50)])]).to_dict()  # overlap 0.5
    assert result["loose"]["f1"] == 1.0 and result["strict"]["f1"] == 0.0


def test_prepare_takes_cue_lemmas_from_the_parse_and_splits_speech():
    arts = articles()
    one = prepare(read_ann(GOLD / "doc-one_a1.ann"), arts["doc-one"], speech_lemmas=SPEECH)
    assert [(g.cue_lemma, g.speech, g.kind) for g in one] == [
        ("say", True, "direct"),
        ("believe", False, "indirect"),
        ("according to", True, "indirect"),
    ]
    two = prepare(read_ann(GOLD / "doc-two_a1.ann"), arts["doc-two"], speech_lemmas=frozenset())
    # no speech lexicon at all: the quotation marks alone make E1 speech
    assert [(g.cue_lemma, g.speech, g.kind) for g in two] == [
        ("say", True, "direct"),
        ("tell", False, "indirect"),
    ]


def test_prepare_swaps_back_a_source_and_cue_the_annotator_swapped(tmp_path):
    # "Source: said, Cue: Smith" (as a few PolNeAR annotations have it) is read as Source Smith,
    # Cue said; a Source that names someone is kept as annotated.
    path = tmp_path / "doc-one_x.ann"
    path.write_text(
        "T1\tContent 0 14\t“We will win,”\nT2\tCue 15 20\tSmith\nT3\tSource 21 25\tsaid\n"
        "T4\tAttribution 21 25\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n"
        "T5\tSource 27 32\tJones\nT6\tCue 33 41\tbelieves\n"
        "T7\tContent 42 62\tthat taxes will fall\n"
        "T8\tAttribution 33 41\tbelieves\nE2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n",
        encoding="utf-8",
    )
    items = prepare(read_ann(path), articles()["doc-one"], speech_lemmas=SPEECH)
    got = [(g.attribution.source, g.attribution.source_text, g.cue_lemma, g.speech) for g in items]
    assert got == [
        (((15, 20),), "Smith", "say", True),
        (((27, 32),), "Jones", "believe", False),
    ]
    said_by_smith = Prediction("doc-one", "p", 0, 14, "direct", "say", (15, 20), "Smith")
    scores = score([(items, [said_by_smith])])
    assert scores.speaker()["correct"] == 1


def test_cue_lemma_keeps_head_and_particles():
    arts = articles()
    document = DocumentView(arts["doc-one"].doc, arts["doc-one"].text)
    assert cue_lemma(document.words_within(((64, 76),)), "According to") == "according to"
    assert (
        cue_lemma(document.words_within(((21, 26),)), "said.") == "say"
    )  # punctuation inside the span is ignored
    assert cue_lemma([], "Has Learned:") == "has learned"  # no parse: the surface text


def test_gold_kind_from_quotation_marks():
    text = "“All of it.” Some “of it” here. None of it."
    assert kind_of(text, ((0, 12),)) == "direct"
    assert kind_of(text, ((13, 31),)) == "mixed"
    assert kind_of(text, ((32, 43),)) == "indirect"


def test_quoted_spans_pair_marks_and_close_at_paragraph_end():
    text = 'He said “yes” and "no".\n“Open quote runs on\n“Next'
    assert [text[s:e] for s, e in quoted_spans(text)] == [
        "“yes”",
        '"no"',
        "“Open quote runs on",
        "“Next",
    ]


# --- the command -------------------------------------------------------------


def run(*args):
    return CliRunner().invoke(main, ["evaluate", "--gold", str(GOLD), str(DOCS), *args])


def test_cli_scores_predictions_against_hand_computed_figures():
    result = run(
        "--predictions",
        str(DATA / "predictions.jsonl"),
        "--speech-lexicon",
        str(DATA / "speech.txt"),
        "--json",
        "-q",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # doc-one q1 = E1 exactly; q2 = the belief E2 exactly; doc-two q1 covers 21 of E1's 44
    # characters
    assert (
        data["loose"]["precision"] == 0.75
        and data["loose"]["recall"] == 0.5
        and data["loose"]["f1"] == 0.6
    )
    assert data["strict"]["precision"] == 0.5 and data["strict"]["recall"] == 0.25
    assert data["speaker"]["correct"] == 1 and data["speaker"]["pairs_with_gold_source"] == 3
    assert data["by_cue"]["tell"]["gold"] == 1 and data["by_cue"]["tell"]["found_gold"] == 0
    assert any("several annotators" in n and "doc-one (a1)" in n for n in data["notes"])


def test_cli_table_and_errors_list():
    result = run(
        "--predictions",
        str(DATA / "predictions.jsonl"),
        "--speech-lexicon",
        str(DATA / "speech.txt"),
        "--errors",
        "-q",
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "loose" in out and "strict" in out and "speaker accuracy" in out
    assert (
        "doc-one E3" in out and "According to Brown, the deal is dead." in out
    )  # a miss with its sentence
    assert "doc-two doc-two:q2 [22-30]" in out  # the false alarm
    assert result.stderr == ""


def test_cli_quoted_strings_baseline_on_the_small_corpus():
    result = run(
        "--baseline",
        "quoted-strings",
        "--speech-lexicon",
        str(DATA / "speech.txt"),
        "-f",
        "json",
        "-q",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # three quoted strings: E1 of doc-one exactly, and the two halves of doc-two's E1 (one of them
    # matches)
    assert data["counts"]["predicted"] == 3
    assert data["loose"]["correct_predicted"] == 2 and data["loose"]["found_gold"] == 2
    assert data["speaker"]["correct"] == 0


def test_cli_runs_the_extractor_by_default():
    result = run("-q", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["docs"] == 2


def test_cli_clear_errors(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "none"), str(DOCS)])
    assert result.exit_code == 1 and "does not exist" in result.output
    other = tmp_path / "gold"
    other.mkdir()
    (other / "doc-one_a.ann").write_text((GOLD / "doc-one_a1.ann").read_text("utf-8"), "utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(other), str(DOCS)])
    assert result.exit_code == 1 and "'doc-two' has no gold file" in result.output
    result = run("--predictions", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 1 and "cannot read the predictions" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "doc-one"}\n', "utf-8")
    result = run("--predictions", str(bad))
    assert result.exit_code == 1 and "line 1" in result.output
    text = tmp_path / "a.txt"
    text.write_text("hello", "utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(GOLD), str(text)])
    assert result.exit_code == 1 and "'a' has no gold file" in result.output
    (other / "a_x.ann").write_text("", "utf-8")
    result = CliRunner().invoke(
        main, ["evaluate", "--gold", str(other), "--models", str(tmp_path), str(text)]
    )
    assert (
        result.exit_code == 1
        and str(tmp_path) in result.output
        and "Traceback" not in result.output
    )


def test_cli_parses_raw_text_with_stanza(tmp_path, small_models):
    arts = articles()
    text = tmp_path / "doc-one.txt"
    text.write_text(arts["doc-one"].text, "utf-8")
    result = CliRunner().invoke(
        main,
        [
            "evaluate",
            "--gold",
            str(GOLD),
            "--models",
            str(small_models),
            "--cpu",
            "--baseline",
            "quoted-strings",
            "--json",
            "-q",
            str(text),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["docs"] == 1 and data["counts"]["gold"] == 3
    assert (
        data["loose"]["correct_predicted"] == 1
    )  # “We will win,” whatever the small parser makes of it


# --- the real dev corpus -----------------------------------------------------


def test_quoted_strings_baseline_on_polnear_dev(corpora_dir):
    polnear = corpora_dir / "polnear"
    scores, _ = evaluate(
        read_articles([polnear / "dev.conllu"]),
        polnear / "dev" / "attributions",
        predict=quoted_strings,
        speech=speech_lemmas(),
    )
    result = scores.to_dict()
    assert result["counts"]["docs"] == 83
    assert 0.35 <= result["loose"]["f1"] <= 0.55  # the reference: about 0.45
    assert result["by_kind"]["direct"]["recall"] > 0.9  # every direct gold quote is a quoted string
    assert result["speaker"]["correct"] == 0
