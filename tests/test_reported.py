"""One test per construction, on hand-checked UD v2 parses in tests/data/constructions/."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.documents import read_conllu
from attribution.reported import detect

DATA = Path(__file__).resolve().parent / "data" / "constructions"


def article(name: str):
    path = DATA / f"{name}.conllu"
    (art,) = read_conllu(path.read_text(encoding="utf-8"), source=str(path))
    return art


def found(name: str, **options) -> list[tuple]:
    """(content, kind, cue text, speaker head text, rule) for each candidate, in text order."""
    art = article(name)
    out = []
    for c in detect(art.doc, art.text, **options):
        cue = art.text[c.cue_start : c.cue_end] if c.cue_start is not None else None
        head = c.speaker_head.text if c.speaker_head is not None else None
        out.append((art.text[c.start_char : c.end_char], c.kind, cue, head, c.rule))
    return out


def test_direct_quote_with_inverted_cue():
    # “We will not give in,” Lavrov said.
    assert [f[:4] for f in found("direct-inverted")] == [
        ("“We will not give in,”", "direct", "said", "Lavrov")
    ]


def test_inverted_said_before_the_name():
    # The talks were useful, said Sergei Lavrov.
    assert [f[:4] for f in found("inverted-said-name")] == [
        ("The talks were useful", "indirect", "said", "Sergei")
    ]


def test_indirect_speech_content_starts_after_that():
    # Russian Foreign Minister Sergei Lavrov said in early April that Moscow and China agreed ...
    # "agreed to discuss" is no second report: "agree" has no clausal content there.
    assert [f[:4] for f in found("indirect-that")] == [
        ("Moscow and China agreed to discuss security cooperation", "indirect", "said", "Sergei")
    ]


def test_compound_names_as_corenlp_joins_them():
    # Chinese President Xi Jinping said the negative factors have grown.  (Xi -compound-> Jinping)
    assert [f[:4] for f in found("indirect-compound-name")] == [
        ("the negative factors have grown", "indirect", "said", "Jinping")
    ]


def test_mixed_quote():
    # Lavrov declared in February that “the realities of a multipolar world” are causing an
    # “aggressive reaction” ...
    ((content, kind, cue, head, _),) = found("mixed")
    assert kind == "mixed" and cue == "declared" and head == "Lavrov"
    assert content.startswith("“the realities") and content.endswith("in the USA")


def test_according_to_at_the_start_and_in_the_middle():
    # According to the Kremlin, Putin will meet Xi Jinping. / The trip, according to a note from the
    # Kremlin, is to “...”.
    first, second = found("according-to")
    assert first[:4] == ("Putin will meet Xi Jinping", "indirect", "According to", "Kremlin")
    # the source of a cue noun is its issuer: "a note from the Kremlin" -> Kremlin
    assert second[:4] == ("is to “outline priorities”", "mixed", "according to", "Kremlin")


def test_colon_at_the_end_of_a_paragraph_introduces_the_next_one():
    # Peskov told reporters:  /  “The visit will take place in May.”
    assert [f[:4] for f in found("colon-next-paragraph")] == [
        ("“The visit will take place in May.”", "direct", "told", "Peskov")
    ]


def test_colon_in_the_same_sentence():
    # Peskov said: “The visit will take place.”
    assert [f[:4] for f in found("colon-same-sentence")] == [
        ("“The visit will take place.”", "direct", "said", "Peskov")
    ]


def test_passive_with_agent():
    # It was announced by the Kremlin that the visit will take place.
    assert [f[:4] for f in found("passive-agent")] == [
        ("the visit will take place", "indirect", "announced", "Kremlin")
    ]


def test_bare_quote_paragraph_takes_the_previous_paragraphs_speaker():
    # Peskov said the visit was important.  /  “We expect agreements on trade.”
    first, second = found("bare-quote-paragraph")
    assert first[:4] == ("the visit was important", "indirect", "said", "Peskov")
    assert second[:4] == ("“We expect agreements on trade.”", "direct", None, "Peskov")
    assert second[4] == "quote-paragraph-previous-speaker"


def test_bare_quote_paragraph_survives_a_belief_verb_inside_the_quote():
    kinds = [(f[0], f[3]) for f in found("bare-quote-paragraph", include_beliefs=True)]
    assert ("“We expect agreements on trade.”", "Peskov") in kinds


def test_quote_continued_over_paragraphs():
    # “We will meet the president.  /  “We will sign agreements,” Peskov said.
    ((content, kind, cue, head, _),) = found("paragraph-continuation")
    assert (kind, cue, head) == ("direct", "said", "Peskov")
    assert content == "“We will meet the president.\n\n“We will sign agreements,”"


def test_quote_continued_after_the_attribution_is_one_quote():
    # “This works for him,” said Kevin Madden, a strategist. “He is the only one.”
    ((content, kind, cue, head, rule),) = found("quote-continued-after-cue")
    assert content.startswith("“This works for him,”") and content.endswith("“He is the only one.”")
    assert (kind, cue, head) == ("direct", "said", "Kevin") and rule.endswith("+continued")


def test_cue_noun_with_content_clause():
    # Lavrov's statement that the West is hostile surprised no one.
    assert [f[:4] for f in found("cue-noun")] == [
        ("the West is hostile", "indirect", "statement", "Lavrov")
    ]


def test_beliefs_are_off_by_default():
    # Peskov believes that the visit will succeed.
    assert found("belief") == []
    ((content, kind, cue, head, rule),) = found("belief", include_beliefs=True)
    assert (content, cue, head) == ("the visit will succeed", "believes", "Peskov")
    assert rule.startswith("belief-")


def test_quote_in_a_speech_frame_with_any_verb():
    # “We will not give in,” Lavrov said.  with "say" unknown to the lexicon: the frame decides
    art = article("direct-inverted")
    (c,) = detect(art.doc, art.text, speech_verbs=set())
    assert (c.rule, c.speaker_head.text) == ("quote-speech-frame", "Lavrov") and c.confidence < 0.7


def test_scare_quotes_without_a_cue_are_no_quotes():
    # The so-called “reset” of relations failed.
    assert found("scare-quotes") == []


def test_evaluative_verb_with_object_content():
    # Critics called the plan a “reset” of relations.  (object + quoted complement = a mixed quote)
    assert found("evaluative-call") == [
        ("the plan a “reset” of relations", "mixed", "called", "Critics", "evaluative-object")
    ]
    assert found("evaluative-call", evaluative_verbs=set()) == []


def test_hearer_verb_reports_its_about_phrase():
    # The reporter asked the mayor about the new budget.  (the object is the hearer; "about ..." is
    # the content)
    assert found("evaluative-ask-about") == [
        ("the new budget", "indirect", "asked", "reporter", "evaluative-object")
    ]
    assert found("evaluative-ask-about", evaluative_verbs={"call"}) == []


def test_naming_verb_spans_an_opening_quote_mark_left_on_the_verb():
    # The senator called the deal “a historic mistake” on Monday.  (“ attached to "called", not to
    # the name)
    assert found("evaluative-call-quote-mark") == [
        ("the deal “a historic mistake”", "mixed", "called", "senator", "evaluative-object")
    ]


def test_expressed_attitude_is_reported():
    # The governor expressed support for the plan.  ("express" is in the evaluative lexicon)
    assert found("evaluative-express") == [
        ("support for the plan", "indirect", "expressed", "governor", "evaluative-object")
    ]


def test_as_clause_reports_the_clause_it_modifies():
    # As the agency noted in May, exports fell sharply.  (the as-clause has a gap where its content
    # would be)
    assert found("as-clause") == [
        ("exports fell sharply", "indirect", "noted", "agency", "verb-as-clause")
    ]


def test_second_speech_act_ends_the_content_and_keeps_the_speaker():
    # She said the plan works and praised its author.  ("praised" hangs on "works" in the parse)
    assert found("second-report") == [
        ("the plan works", "indirect", "said", "She", "verb-complement"),
        ("its author", "indirect", "praised", "She", "evaluative-object"),
    ]


def test_question_clause_parsed_as_adverbial():
    # The reporter asked whether the talks had failed.  (the whether-clause is an advcl of "asked")
    assert found("question-clause") == [
        ("whether the talks had failed", "indirect", "asked", "reporter", "verb-complement")
    ]


def test_lexicons_can_be_given_explicitly():
    # indirect speech needs a cue from the lexicon ...
    assert found("indirect-that", speech_verbs={"declare"}) == []
    # ... a verbatim quote in a speech frame ("“...,” Lavrov said.") is still found, with less
    # confidence
    assert [f[4] for f in found("direct-inverted", speech_verbs={"declare"})] == [
        "quote-speech-frame"
    ]


@pytest.mark.parametrize("path", sorted(DATA.glob("*.conllu")), ids=lambda p: p.stem)
def test_candidates_point_into_the_text(path):
    (art,) = read_conllu(path.read_text(encoding="utf-8"), source=str(path))
    for c in detect(art.doc, art.text, include_beliefs=True):
        assert 0 <= c.start_char < c.end_char <= len(art.text)
        assert art.text[c.start_char : c.end_char] == art.text[c.start_char : c.end_char].strip()
        assert 0 < c.confidence <= 1


def test_dash_byline_names_the_speaker():
    # “Trump scares me.” ― Sonya Herridge
    assert found("dash-byline") == [
        ("“Trump scares me.”", "direct", "―", "Sonya", "quote-dash-byline")
    ]


def test_transcript_turns_run_to_the_end_of_their_paragraph():
    # "WALLACE: Will she attend?  /  "PENCE: She will not attend. That is final.
    # (straight marks open every turn and never close: the label, not the marks, delimits the turn)
    assert [f[:4] for f in found("transcript-turns")] == [
        ("Will she attend?", "direct", ":", "WALLACE"),
        ("She will not attend. That is final", "direct", ":", "PENCE"),
    ]


def test_headline_colon_after_a_name():
    # Pence: Flowers Will Skip Debate
    assert [f[:4] for f in found("colon-headline")] == [
        ("Flowers Will Skip Debate", "indirect", ":", "Pence")
    ]


def test_headline_colon_after_a_title_is_no_attribution():
    # Stealth Over Health: Clinton Was Headed to ER
    assert found("colon-headline-no-speaker") == []


def test_commissive_verb_with_an_infinitive():
    # Trump vowed to punish “those who violate the rules.”
    assert found("commissive") == [
        ("to punish “those who violate the rules.”", "mixed", "vowed", "Trump", "evaluative-object")
    ]


def test_passive_subject_reported_by_an_agent():
    # The meeting was first reported by Politico.
    assert [f[:4] for f in found("passive-subject")] == [
        ("The meeting", "indirect", "reported", "Politico")
    ]


def test_unclosed_quote_is_best_effort_with_lower_confidence():
    # Peskov said: “The visit will take place.   (no closing mark)
    art = article("unclosed-quote")
    (c,) = detect(art.doc, art.text)
    assert art.text[c.start_char : c.end_char] == "“The visit will take place."
    assert c.kind == "direct" and c.speaker_head.text == "Peskov"
    closed = article("colon-same-sentence")
    (d,) = detect(closed.doc, closed.text)
    assert c.confidence < d.confidence


def test_ten_thousand_quote_marks_in_one_paragraph_do_not_break_detection():
    # the same parse, its text padded with a paragraph of 10,000 marks: still one report, found
    # quickly
    art = article("direct-inverted")
    text = art.text + "\n" + '"' * 10000
    assert [art.text[c.start_char : c.end_char] for c in detect(art.doc, text)] == [
        "“We will not give in,”"
    ]


def test_according_to_at_the_end_covers_the_whole_sentence_before_it():
    # Trump invested in firms that he attacks, according to new documents.  (parser hung it on
    # "attacks")
    assert [f[:4] for f in found("according-to-final")] == [
        ("Trump invested in firms that he attacks", "indirect", "according to", "documents")
    ]


def test_subject_left_in_the_sentence_before_a_wrong_split():
    # "Rep. Stephen Lynch (D-Mass." | ") said the law does not apply."  (split after the
    # abbreviation)
    assert [f[:4] for f in found("split-sentence-speaker")] == [
        ("the law does not apply", "indirect", "said", "Stephen")
    ]
