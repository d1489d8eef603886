"""Constructions added to widen the PolNeAR margin, each on a hand-written parse with a near miss.

Every sentence is written here as CoNLL-U columns (form, lemma, UPOS, head, deprel, feats);
:func:`conllu` adds the character offsets stanza would give, so each test reads like a parse.
Where the tests give the parser's own mistake (two subjects on one verb, a gerund hung on a
noun), the comment says so: the rule exists to survive that shape of parse.
"""

from __future__ import annotations

from handparse import conllu as hand_parsed

from attribution.documents import read_conllu
from attribution.reported import detect


def conllu(doc_id: str, *sentences: tuple[str, list[str]]) -> str:
    """CoNLL-U for sentences of one paragraph: rows "form lemma UPOS head deprel [feats]"."""
    return hand_parsed(doc_id, [sentences])


def found(data: str) -> list[tuple]:
    """(content, cue text, speaker head text, rule) for each candidate, in text order."""
    (art,) = read_conllu(data)
    out = []
    for c in detect(art.doc, art.text):
        cue = art.text[c.cue_start : c.cue_end] if c.cue_start is not None else None
        head = c.speaker_head.text if c.speaker_head is not None else None
        out.append((art.text[c.start_char : c.end_char], cue, head, c.rule))
    return out


GER = "VerbForm=Ger"

# --- a gerund set off by a comma is a speech act of the clause's subject --------------------------

CALLING = conllu(
    "calling",
    (
        "The senator left the stage, calling the plan “a disgrace.”",
        [
            "The the DET 2 det",
            "senator senator NOUN 3 nsubj",
            "left leave VERB 0 root",
            "the the DET 5 det",
            "stage stage NOUN 3 obj",
            ", , PUNCT 7 punct",
            f"calling call VERB 3 xcomp {GER}",
            "the the DET 9 det",
            "plan plan NOUN 7 obj",
            "“ “ PUNCT 13 punct",
            "a a DET 12 det",
            "disgrace disgrace NOUN 7 xcomp",
            ". . PUNCT 3 punct",
            "” ” PUNCT 3 punct",
        ],
    ),
)

BEGAN = conllu(
    "began",
    (
        "The senator began discussing the budget.",
        [
            "The the DET 2 det",
            "senator senator NOUN 3 nsubj",
            "began begin VERB 0 root",
            f"discussing discuss VERB 3 xcomp {GER}",
            "the the DET 6 det",
            "budget budget NOUN 4 obj",
            ". . PUNCT 3 punct",
        ],
    ),
)


def test_set_off_gerund_parsed_as_xcomp_reports_its_object():
    # The senator left the stage, calling the plan “a disgrace.”
    assert found(CALLING) == [("the plan “a disgrace.”", "calling", "senator", "evaluative-object")]


def test_gerund_complement_of_an_aspect_verb_is_no_report():
    # The senator began discussing the budget.  (no comma: "began" takes the gerund as its
    # complement)
    assert found(BEGAN) == []


# --- two subjects on one verb (a parser's mistake): the nearest one outside quotes speaks ---------

TWO_SUBJECTS = conllu(
    "two-subjects",
    (
        "Tuesday on the radio, the mayor said the tax will rise.",
        [
            "Tuesday Tuesday PROPN 8 nsubj",
            "on on ADP 4 case",
            "the the DET 4 det",
            "radio radio NOUN 1 nmod",
            ", , PUNCT 8 punct",
            "the the DET 7 det",
            "mayor mayor NOUN 8 nsubj",
            "said say VERB 0 root",
            "the the DET 10 det",
            "tax tax NOUN 12 nsubj",
            "will will AUX 12 aux",
            "rise rise VERB 8 ccomp",
            ". . PUNCT 8 punct",
        ],
    ),
)

QUOTED_SUBJECT = conllu(
    "quoted-subject",
    (
        "“Too much noise,” she said.",
        [
            "“ “ PUNCT 8 punct",
            "Too too ADV 3 advmod",
            "much much ADJ 4 amod",
            "noise noise NOUN 8 nsubj",
            ", , PUNCT 8 punct",
            "” ” PUNCT 8 punct",
            "she she PRON 8 nsubj",
            "said say VERB 0 root",
            ". . PUNCT 8 punct",
        ],
    ),
)

LONE_QUOTED_SUBJECT = conllu(
    "lone-quoted-subject",
    (
        "Yet the “experts” denied that prices rose.",
        [
            "Yet yet CCONJ 6 cc",
            "the the DET 4 det",
            "“ “ PUNCT 4 punct",
            "experts expert NOUN 6 nsubj",
            "” ” PUNCT 4 punct",
            "denied deny VERB 0 root",
            "that that SCONJ 9 mark",
            "prices price NOUN 9 nsubj",
            "rose rise VERB 6 ccomp",
            ". . PUNCT 6 punct",
        ],
    ),
)


def test_of_two_subjects_the_nearest_speaks():
    # Tuesday on the radio, the mayor said the tax will rise.  ("Tuesday" made a second subject)
    assert found(TWO_SUBJECTS) == [("the tax will rise", "said", "mayor", "verb-complement")]


def test_of_two_subjects_one_inside_the_quote_is_the_stray_one():
    # “Too much noise,” she said.  ("noise" made a second subject of "said")
    assert [f[:3] for f in found(QUOTED_SUBJECT)] == [("“Too much noise,”", "said", "she")]


def test_a_lone_subject_in_scare_quotes_still_speaks():
    # Yet the “experts” denied that prices rose.
    assert [f[:3] for f in found(LONE_QUOTED_SUBJECT)] == [("prices rose", "denied", "experts")]


NESTED_REPORT = conllu(
    "nested-report",
    (
        "He said the experts denied that prices rose.",
        [
            "He he PRON 2 nsubj",
            "said say VERB 0 root",
            "the the DET 4 det",
            "experts expert NOUN 5 nsubj",
            "denied deny VERB 2 ccomp",
            "that that SCONJ 8 mark",
            "prices price NOUN 8 nsubj",
            "rose rise VERB 5 ccomp",
            ". . PUNCT 2 punct",
        ],
    ),
)


def test_a_report_inside_a_report_is_part_of_it():
    # He said the experts denied that prices rose: quotes never overlap, and what the experts
    # said is part of what he said.
    assert [f[:3] for f in found(NESTED_REPORT)] == [
        ("the experts denied that prices rose", "said", "He")
    ]


# --- a gerund set off by a comma shares the subject of its clause, wherever the parser hung it ----

ON_TWITTER = conllu(
    "on-twitter",
    (
        "The spokesman responded on Twitter, calling the charge “pathetic.”",
        [
            "The the DET 2 det",
            "spokesman spokesman NOUN 3 nsubj",
            "responded respond VERB 0 root",
            "on on ADP 5 case",
            "Twitter Twitter PROPN 3 obl",
            ", , PUNCT 7 punct",
            f"calling call VERB 5 acl {GER}",
            "the the DET 9 det",
            "charge charge NOUN 7 obj",
            "“ “ PUNCT 11 punct",
            "pathetic pathetic ADJ 7 xcomp",
            ". . PUNCT 3 punct",
            "” ” PUNCT 3 punct",
        ],
    ),
)

IN_THE_CONTENT = conllu(
    "in-the-content",
    (
        "Lee argued that the wall would help farmers who lost land, saying it is “about control.”",
        [
            "Lee Lee PROPN 2 nsubj",
            "argued argue VERB 0 root",
            "that that SCONJ 7 mark",
            "the the DET 5 det",
            "wall wall NOUN 7 nsubj",
            "would would AUX 7 aux",
            "help help VERB 2 ccomp",
            "farmers farmer NOUN 7 obj",
            "who who PRON 10 nsubj",
            "lost lose VERB 8 acl:relcl",
            "land land NOUN 10 obj",
            ", , PUNCT 13 punct",
            f"saying say VERB 10 advcl {GER}",
            "it it PRON 18 nsubj",
            "is be AUX 18 cop",
            "“ “ PUNCT 18 punct",
            "about about ADP 18 case",
            "control control NOUN 13 ccomp",
            ". . PUNCT 2 punct",
            "” ” PUNCT 2 punct",
        ],
    ),
)

A_STATEMENT = conllu(
    "a-statement",
    (
        "The campaign issued a statement, calling the charge “pathetic.”",
        [
            "The the DET 2 det",
            "campaign campaign NOUN 3 nsubj",
            "issued issue VERB 0 root",
            "a a DET 5 det",
            "statement statement NOUN 3 obj",
            ", , PUNCT 7 punct",
            f"calling call VERB 5 acl {GER}",
            "the the DET 9 det",
            "charge charge NOUN 7 obj",
            "“ “ PUNCT 11 punct",
            "pathetic pathetic ADJ 7 xcomp",
            ". . PUNCT 3 punct",
            "” ” PUNCT 3 punct",
        ],
    ),
)


def test_set_off_gerund_hung_on_a_noun_takes_the_clause_subject():
    # The spokesman responded on Twitter, calling the charge “pathetic.”  (calling -acl-> Twitter)
    assert found(ON_TWITTER) == [
        ("the charge “pathetic.”", "calling", "spokesman", "evaluative-object")
    ]


def test_set_off_gerund_hung_inside_reported_content_takes_the_speech_verb_subject():
    # Lee argued that the wall would help farmers who lost land, saying it is “about control.”
    # (saying -advcl-> lost, inside the relative clause inside what Lee argued)
    assert [f[:3] for f in found(IN_THE_CONTENT)][-1] == ("it is “about control.”", "saying", "Lee")


def test_set_off_gerund_of_a_speech_noun_stays_with_the_noun():
    # The campaign issued a statement, calling the charge “pathetic.”  (the statement calls it so,
    # and a statement someone issued speaks for its publisher: the campaign, as PolNeAR marks it)
    assert [f[:3] for f in found(A_STATEMENT)] == [
        ("the charge “pathetic.”", "calling", "campaign")
    ]


# --- naming verbs: the bearer of the name may be parsed as iobj or dep ----------------------------

DOUBLE_OBJECT = conllu(
    "double-object",
    (
        "The governor called the senator a coward.",
        [
            "The the DET 2 det",
            "governor governor NOUN 3 nsubj",
            "called call VERB 0 root",
            "the the DET 5 det",
            "senator senator NOUN 3 iobj",
            "a a DET 7 det",
            "coward coward NOUN 3 obj",
            ". . PUNCT 3 punct",
        ],
    ),
)

SMALL_CLAUSE_DEP = conllu(
    "small-clause-dep",
    (
        "The governor called the senator “unhinged.”",
        [
            "The the DET 2 det",
            "governor governor NOUN 3 nsubj",
            "called call VERB 0 root",
            "the the DET 5 det",
            "senator senator NOUN 7 nsubj",
            "“ “ PUNCT 7 punct",
            "unhinged unhinge VERB 3 dep",
            ". . PUNCT 3 punct",
            "” ” PUNCT 3 punct",
        ],
    ),
)

PHONE_CALL = conllu(
    "phone-call",
    (
        "The governor called the senator on Friday.",
        [
            "The the DET 2 det",
            "governor governor NOUN 3 nsubj",
            "called call VERB 0 root",
            "the the DET 5 det",
            "senator senator NOUN 3 iobj",
            "on on ADP 7 case",
            "Friday Friday PROPN 3 obl",
            ". . PUNCT 3 punct",
        ],
    ),
)


def test_naming_verb_with_two_objects_names_the_first():
    # The governor called the senator a coward.  (senator -iobj-> called, coward -obj-> called)
    assert found(DOUBLE_OBJECT) == [
        ("the senator a coward", "called", "governor", "evaluative-object")
    ]


def test_naming_verb_with_its_small_clause_left_as_dep():
    # The governor called the senator “unhinged.”  (unhinged -dep-> called, senator its subject)
    assert found(SMALL_CLAUSE_DEP) == [
        ("the senator “unhinged.”", "called", "governor", "evaluative-object")
    ]


def test_naming_verb_with_one_object_and_no_name_is_a_phone_call():
    # The governor called the senator on Friday.
    assert found(PHONE_CALL) == []


# --- "to" marks an infinitive only right before its verb ------------------------------------------

LED_TO_WHAT = conllu(
    "led-to-what",
    (
        "The vote led to what the aide called “a new era.”",
        [
            "The the DET 2 det",
            "vote vote NOUN 3 nsubj",
            "led lead VERB 0 root",
            "to to PART 8 mark",
            "what what PRON 8 obj",
            "the the DET 7 det",
            "aide aide NOUN 8 nsubj",
            "called call VERB 3 advcl",
            "“ “ PUNCT 12 punct",
            "a a DET 12 det",
            "new new ADJ 12 amod",
            "era era NOUN 8 xcomp",
            ". . PUNCT 3 punct",
            "” ” PUNCT 3 punct",
        ],
    ),
)

TO_CRITICIZE = conllu(
    "to-criticize",
    (
        "The senator agreed to publicly criticize the plan.",
        [
            "The the DET 2 det",
            "senator senator NOUN 3 nsubj",
            "agreed agree VERB 0 root",
            "to to PART 6 mark",
            "publicly publicly ADV 6 advmod",
            "criticize criticize VERB 3 xcomp",
            "the the DET 8 det",
            "plan plan NOUN 6 obj",
            ". . PUNCT 3 punct",
        ],
    ),
)


def test_a_preposition_parsed_as_marker_far_from_the_verb_is_no_infinitive():
    # The vote led to what the aide called “a new era.”  ("to" -mark-> called, "what the aide"
    # between)
    assert found(LED_TO_WHAT) == [("“a new era.”", "called", "aide", "evaluative-object")]


def test_an_infinitive_with_an_adverb_before_its_verb_is_an_intention():
    # The senator agreed to publicly criticize the plan.
    assert found(TO_CRITICIZE) == []


# --- a quote closed by ?, ! or a comma, and the attribution split off as its own sentence ---------

WHY = (
    "“Why not?”",
    [
        "“ “ PUNCT 2 punct",
        "Why why ADV 0 root",
        "not not PART 2 advmod",
        "? ? PUNCT 2 punct",
        "” ” PUNCT 2 punct",
    ],
)

SPLIT_ASKED = conllu(
    "split-asked",
    WHY,
    ("she asked.", ["she she PRON 2 nsubj", "asked ask VERB 0 root", ". . PUNCT 2 punct"]),
)

SPLIT_INVERTED = conllu(
    "split-inverted",
    (
        "“Go, team!”",
        [
            "“ “ PUNCT 2 punct",
            "Go go VERB 0 root",
            ", , PUNCT 2 punct",
            "team team NOUN 2 vocative",
            "! ! PUNCT 2 punct",
            "” ” PUNCT 2 punct",
        ],
    ),
    ("wrote Lee.", ["wrote write VERB 0 root", "Lee Lee PROPN 1 obj", ". . PUNCT 1 punct"]),
)

SPLIT_OWN_CONTENT = conllu(
    "split-own-content",
    WHY,
    (
        "She said the plan works.",
        [
            "She she PRON 2 nsubj",
            "said say VERB 0 root",
            "the the DET 4 det",
            "plan plan NOUN 5 nsubj",
            "works work VERB 2 ccomp",
            ". . PUNCT 2 punct",
        ],
    ),
)


def test_attribution_split_off_after_a_question_mark():
    # “Why not?” she asked.  (the sentence splitter ends the first sentence after ?”)
    assert found(SPLIT_ASKED) == [("“Why not?”", "asked", "she", "quote-split-cue")]


def test_split_off_inverted_attribution_with_the_speaker_parsed_as_object():
    # “Go, team!” wrote Lee.  (Lee -obj-> wrote)
    assert found(SPLIT_INVERTED) == [("“Go, team!”", "wrote", "Lee", "quote-split-cue")]


def test_a_following_sentence_with_its_own_content_attributes_no_quote():
    # “Why not?” She said the plan works.
    assert found(SPLIT_OWN_CONTENT) == [("the plan works", "said", "She", "verb-complement")]


# --- the object of a verb of saying is what was said ----------------------------------------------

SAID_THE_SAME = conllu(
    "said-the-same",
    (
        "Most voters said the same.",
        [
            "Most most ADJ 2 amod",
            "voters voter NOUN 3 nsubj",
            "said say VERB 0 root",
            "the the DET 5 det",
            "same same ADJ 3 obj",
            ". . PUNCT 3 punct",
        ],
    ),
)

BROKEN_CLAUSE = conllu(
    "broken-clause",
    (
        "She said the plan's costs “dwarf its benefits.”",
        [
            "She she PRON 2 nsubj",
            "said say VERB 0 root",
            "the the DET 4 det",
            "plan plan NOUN 6 nmod:poss",
            "'s 's PART 4 case",
            "costs cost NOUN 2 obj",
            "“ “ PUNCT 8 punct",
            "dwarf dwarf VERB 6 acl:relcl",
            "its its PRON 10 nmod:poss",
            "benefits benefit NOUN 8 obj",
            ". . PUNCT 2 punct",
            "” ” PUNCT 2 punct",
        ],
    ),
)

ADDED_STAFF = conllu(
    "added-staff",
    (
        "The governor added staff.",
        [
            "The the DET 2 det",
            "governor governor NOUN 3 nsubj",
            "added add VERB 0 root",
            "staff staff NOUN 3 obj",
            ". . PUNCT 3 punct",
        ],
    ),
)


def test_object_of_say_is_the_content():
    # Most voters said the same.
    assert found(SAID_THE_SAME) == [("the same", "said", "voters", "verb-object")]


def test_object_of_say_followed_by_a_verb_is_a_broken_clause_running_on():
    # She said the plan's costs “dwarf its benefits.”  (costs -obj-> said, dwarf hung on costs)
    assert found(BROKEN_CLAUSE) == [
        ("the plan's costs “dwarf its benefits.”", "said", "She", "verb-object")
    ]


def test_object_of_a_speech_verb_that_takes_other_objects_is_no_content():
    # The governor added staff.  ("add" reports speech only with a clause or a quote)
    assert found(ADDED_STAFF) == []


# --- a passive question: the hearer is the subject, the asker unnamed or in a "by" phrase ---------

WAS_ASKED = conllu(
    "was-asked",
    (
        "The mayor was asked about the budget.",
        [
            "The the DET 2 det",
            "mayor mayor NOUN 4 nsubj:pass",
            "was be AUX 4 aux:pass",
            "asked ask VERB 0 root",
            "about about ADP 7 case",
            "the the DET 7 det",
            "budget budget NOUN 4 obl",
            ". . PUNCT 4 punct",
        ],
    ),
)

ASKED_BY = conllu(
    "asked-by",
    (
        "Asked by reporters whether he would run, Lee smiled.",
        [
            "Asked ask VERB 10 advcl VerbForm=Part",
            "by by ADP 3 case",
            "reporters reporter NOUN 1 obl",
            "whether whether SCONJ 7 mark",
            "he he PRON 7 nsubj",
            "would would AUX 7 aux",
            "run run VERB 1 ccomp",
            ", , PUNCT 10 punct",
            "Lee Lee PROPN 10 nsubj",
            "smiled smile VERB 0 root",
            ". . PUNCT 10 punct",
        ],
    ),
)

ASKED_ACTIVE = conllu(
    "asked-active",
    (
        "The mayor asked about the budget.",
        [
            "The the DET 2 det",
            "mayor mayor NOUN 3 nsubj",
            "asked ask VERB 0 root",
            "about about ADP 6 case",
            "the the DET 6 det",
            "budget budget NOUN 3 obl",
            ". . PUNCT 3 punct",
        ],
    ),
)

ASKED_NOTHING = conllu(
    "asked-nothing",
    (
        "The mayor was asked.",
        [
            "The the DET 2 det",
            "mayor mayor NOUN 4 nsubj:pass",
            "was be AUX 4 aux:pass",
            "asked ask VERB 0 root",
            ". . PUNCT 4 punct",
        ],
    ),
)


def test_passive_question_reports_what_was_asked_without_a_speaker():
    # The mayor was asked about the budget.  (the mayor heard the question)
    assert found(WAS_ASKED) == [("the budget", "asked", None, "evaluative-asked")]


def test_participle_question_takes_its_asker_from_the_by_phrase():
    # Asked by reporters whether he would run, Lee smiled.  (Lee heard the question: not the
    # speaker)
    assert [f[:3] for f in found(ASKED_BY)] == [("whether he would run", "Asked", "reporters")]


def test_active_question_keeps_its_subject_as_the_asker():
    # The mayor asked about the budget.
    assert found(ASKED_ACTIVE) == [("the budget", "asked", "mayor", "evaluative-object")]


def test_passive_question_without_content_reports_nothing():
    # The mayor was asked.
    assert found(ASKED_NOTHING) == []


# --- a reported clause the parser cut mid-phrase runs on ------------------------------------------

CUT_AT_QUOTE = conllu(
    "cut-at-quote",
    (
        "He said the union had “won real concessions” in recent weeks.",
        [
            "He he PRON 2 nsubj",
            "said say VERB 0 root",
            "the the DET 4 det",
            "union union NOUN 5 nsubj",
            "had have VERB 2 ccomp",
            "“ “ PUNCT 7 punct",
            "won win VERB 2 dep",
            "real real ADJ 9 amod",
            "concessions concession NOUN 7 obj",
            "” ” PUNCT 7 punct",
            "in in ADP 13 case",
            "recent recent ADJ 13 amod",
            "weeks week NOUN 7 obl",
            ". . PUNCT 2 punct",
        ],
    ),
)

SAID_ON_MONDAY = conllu(
    "said-on-monday",
    (
        "He said the plan works on Monday.",
        [
            "He he PRON 2 nsubj",
            "said say VERB 0 root",
            "the the DET 4 det",
            "plan plan NOUN 5 nsubj",
            "works work VERB 2 ccomp",
            "on on ADP 7 case",
            "Monday Monday PROPN 2 obl",
            ". . PUNCT 2 punct",
        ],
    ),
)


def test_clause_cut_before_a_quote_runs_to_the_end_of_the_sentence():
    # He said the union had “won real concessions” in recent weeks.  ("won" hung on "said" as dep)
    assert found(CUT_AT_QUOTE) == [
        ("the union had “won real concessions” in recent weeks", "said", "He", "verb-complement")
    ]


def test_phrase_of_the_cue_after_the_clause_stays_out():
    # He said the plan works on Monday.  (on Monday: when he said it)
    assert found(SAID_ON_MONDAY) == [("the plan works", "said", "He", "verb-complement")]


# --- a topic clause after the preposition: "talked about moving on" -------------------------------

TALKED_ABOUT = conllu(
    "talked-about",
    (
        "The senator talked about moving on.",
        [
            "The the DET 2 det",
            "senator senator NOUN 3 nsubj",
            "talked talk VERB 0 root",
            "about about SCONJ 5 mark",
            f"moving move VERB 3 advcl {GER}",
            "on on ADP 5 compound:prt",
            ". . PUNCT 3 punct",
        ],
    ),
)

TALKED_BEFORE = conllu(
    "talked-before",
    (
        "The senator talked before leaving.",
        [
            "The the DET 2 det",
            "senator senator NOUN 3 nsubj",
            "talked talk VERB 0 root",
            "before before SCONJ 5 mark",
            f"leaving leave VERB 3 advcl {GER}",
            ". . PUNCT 3 punct",
        ],
    ),
)


def test_topic_clause_after_about_is_the_content():
    # The senator talked about moving on.  (moving -advcl-> talked, about -mark-> moving)
    assert found(TALKED_ABOUT) == [("moving on", "talked", "senator", "evaluative-object")]


def test_adverbial_clause_of_time_is_no_topic():
    # The senator talked before leaving.
    assert found(TALKED_BEFORE) == []


# --- "told X he would ...": the clause parsed as a relative clause of the hearer ------------------

TOLD_CLAUSE = conllu(
    "told-clause",
    (
        "Lee told reporters he would stay neutral.",
        [
            "Lee Lee PROPN 2 nsubj",
            "told tell VERB 0 root",
            "reporters reporter NOUN 2 obj",
            "he he PRON 6 nsubj",
            "would would AUX 6 aux",
            "stay stay VERB 3 acl:relcl",
            "neutral neutral ADJ 6 xcomp",
            ". . PUNCT 2 punct",
        ],
    ),
)

TOLD_WHO = conllu(
    "told-who",
    (
        "Lee thanked reporters who stayed late.",
        [
            "Lee Lee PROPN 2 nsubj",
            "thanked thank VERB 0 root",
            "reporters reporter NOUN 2 obj",
            "who who PRON 5 nsubj",
            "stayed stay VERB 3 acl:relcl",
            "late late ADV 5 advmod",
            ". . PUNCT 2 punct",
        ],
    ),
)


def test_clause_after_the_hearer_parsed_as_relative_clause_is_what_was_told():
    # Lee told reporters he would stay neutral.  (stay -acl:relcl-> reporters)
    assert found(TOLD_CLAUSE) == [("he would stay neutral", "told", "Lee", "verb-complement")]


def test_a_real_relative_clause_on_the_hearer_is_no_content():
    # Lee thanked reporters who stayed late.
    assert found(TOLD_WHO) == []


# --- an infinitive on a plain noun is done by its clause's subject --------------------------------

OPPORTUNITY = conllu(
    "opportunity",
    (
        "The mayor took the opportunity to remind voters that taxes fell.",
        [
            "The the DET 2 det",
            "mayor mayor NOUN 3 nsubj",
            "took take VERB 0 root",
            "the the DET 5 det",
            "opportunity opportunity NOUN 3 obj",
            "to to PART 7 mark",
            "remind remind VERB 5 acl",
            "voters voter NOUN 7 obj",
            "that that SCONJ 11 mark",
            "taxes tax NOUN 11 nsubj",
            "fell fall VERB 7 ccomp",
            ". . PUNCT 3 punct",
        ],
    ),
)

STATEMENT_TO = conllu(
    "statement-to",
    (
        "The campaign issued a statement to remind voters that taxes fell.",
        [
            "The the DET 2 det",
            "campaign campaign NOUN 3 nsubj",
            "issued issue VERB 0 root",
            "a a DET 5 det",
            "statement statement NOUN 3 obj",
            "to to PART 7 mark",
            "remind remind VERB 5 acl",
            "voters voter NOUN 7 obj",
            "that that SCONJ 11 mark",
            "taxes tax NOUN 11 nsubj",
            "fell fall VERB 7 ccomp",
            ". . PUNCT 3 punct",
        ],
    ),
)


def test_infinitive_on_a_plain_noun_takes_the_clause_subject():
    # The mayor took the opportunity to remind voters that taxes fell.
    assert [f[:3] for f in found(OPPORTUNITY)] == [("taxes fell", "remind", "mayor")]


def test_infinitive_on_a_speech_noun_stays_with_the_noun():
    # The campaign issued a statement to remind voters that taxes fell.  (the statement's publisher,
    # the campaign, speaks through it)
    assert [f[:3] for f in found(STATEMENT_TO)] == [("taxes fell", "remind", "campaign")]


# --- the object's that-clause, hung on the verb ---------------------------------------------------

NOTION_THAT = conllu(
    "notion-that",
    (
        "The governor rejected the notion that taxes rose.",
        [
            "The the DET 2 det",
            "governor governor NOUN 3 nsubj",
            "rejected reject VERB 0 root",
            "the the DET 5 det",
            "notion notion NOUN 3 obj",
            "that that SCONJ 8 mark",
            "taxes tax NOUN 8 nsubj",
            "rose rise VERB 3 ccomp",
            ". . PUNCT 3 punct",
        ],
    ),
)

PLAN_BECAUSE = conllu(
    "plan-because",
    (
        "The governor criticized the plan because taxes rose.",
        [
            "The the DET 2 det",
            "governor governor NOUN 3 nsubj",
            "criticized criticize VERB 0 root",
            "the the DET 5 det",
            "plan plan NOUN 3 obj",
            "because because SCONJ 8 mark",
            "taxes tax NOUN 8 nsubj",
            "rose rise VERB 3 advcl",
            ". . PUNCT 3 punct",
        ],
    ),
)


def test_that_clause_after_the_object_belongs_to_the_object():
    # The governor rejected the notion that taxes rose.  (rose -ccomp-> rejected)
    assert found(NOTION_THAT) == [
        ("the notion that taxes rose", "rejected", "governor", "evaluative-object")
    ]


def test_a_reason_clause_after_the_object_stays_out():
    # The governor criticized the plan because taxes rose.
    assert found(PLAN_BECAUSE) == [("the plan", "criticized", "governor", "evaluative-object")]


# --- verbs stating a fact take it as their object -------------------------------------------------

NOTED_IRONY = conllu(
    "noted-irony",
    (
        "The senator noted the irony.",
        [
            "The the DET 2 det",
            "senator senator NOUN 3 nsubj",
            "noted note VERB 0 root",
            "the the DET 5 det",
            "irony irony NOUN 3 obj",
            ". . PUNCT 3 punct",
        ],
    ),
)

CONFIRMED_NOMINEE = conllu(
    "confirmed-nominee",
    (
        "The Senate confirmed the nominee.",
        [
            "The the DET 2 det",
            "Senate Senate PROPN 3 nsubj",
            "confirmed confirm VERB 0 root",
            "the the DET 5 det",
            "nominee nominee NOUN 3 obj",
            ". . PUNCT 3 punct",
        ],
    ),
)


def test_object_of_a_stating_verb_is_the_content():
    # The senator noted the irony.
    assert found(NOTED_IRONY) == [("the irony", "noted", "senator", "verb-object")]


def test_object_of_confirm_is_no_content():
    # The Senate confirmed the nominee.  ("confirm" takes objects that are no statements)
    assert found(CONFIRMED_NOMINEE) == []


# --- a response verb's object is a quote only when it reports a statement ------------------------

DISMISSED_CONCERNS = conllu(
    "dismissed-concerns",
    (
        "The mayor dismissed those concerns.",
        [
            "The the DET 2 det",
            "mayor mayor NOUN 3 nsubj",
            "dismissed dismiss VERB 0 root",
            "those that DET 5 det",
            "concerns concern NOUN 3 obj",
            ". . PUNCT 3 punct",
        ],
    ),
)

DISMISSED_IDEA = conllu(
    "dismissed-idea",
    (
        "The mayor dismissed the idea that fares would rise.",
        [
            "The the DET 2 det",
            "mayor mayor NOUN 3 nsubj",
            "dismissed dismiss VERB 0 root",
            "the the DET 5 det",
            "idea idea NOUN 3 obj",
            "that that SCONJ 9 mark",
            "fares fare NOUN 9 nsubj",
            "would would AUX 9 aux",
            "rise rise VERB 5 acl",
            ". . PUNCT 3 punct",
        ],
    ),
)

DISMISSED_AS = conllu(
    "dismissed-as",
    (
        "The mayor dismissed the report as gossip.",
        [
            "The the DET 2 det",
            "mayor mayor NOUN 3 nsubj",
            "dismissed dismiss VERB 0 root",
            "the the DET 5 det",
            "report report NOUN 3 obj",
            "as as ADP 7 case",
            "gossip gossip NOUN 3 obl",
            ". . PUNCT 3 punct",
        ],
    ),
)


def test_a_dismissed_noun_phrase_is_no_quote():
    # The mayor dismissed those concerns: they are someone else's words, the mayor states nothing.
    assert found(DISMISSED_CONCERNS) == []


def test_a_dismissed_that_clause_or_as_phrase_is_a_statement():
    assert found(DISMISSED_IDEA) == [
        ("the idea that fares would rise", "dismissed", "mayor", "evaluative-object")
    ]
    assert found(DISMISSED_AS) == [
        ("the report as gossip", "dismissed", "mayor", "evaluative-object")
    ]


# --- parser errors a rule can absorb in general ---------------------------------------------------

STATEMENT_THAT = conllu(
    "statement-that",
    (
        "The union said in a statement that the strike would go on.",
        [
            "The the DET 2 det",
            "union union NOUN 3 nsubj",
            "said say VERB 0 root",
            "in in ADP 6 case",
            "a a DET 6 det",
            "statement statement NOUN 3 obl",
            "that that SCONJ 11 mark",
            "the the DET 9 det",
            "strike strike NOUN 11 nsubj",
            "would would AUX 11 aux",
            "go go VERB 6 acl",
            "on on ADV 11 advmod",
            ". . PUNCT 3 punct",
        ],
    ),
)

UNLEMMATIZED = conllu(
    "unlemmatized",
    (
        "The mayor insisted that fares would not rise.",
        [
            "The the DET 2 det",
            "mayor mayor NOUN 3 nsubj",
            "insisted insisted VERB 0 root",
            "that that SCONJ 8 mark",
            "fares fare NOUN 8 nsubj",
            "would would AUX 8 aux",
            "not not PART 8 advmod",
            "rise rise VERB 3 ccomp",
            ". . PUNCT 3 punct",
        ],
    ),
)


def test_a_that_clause_hung_on_said_in_a_statement_is_the_content():
    # the parser made "that the strike would go on" a clause of "statement"
    assert found(STATEMENT_THAT) == [("the strike would go on", "said", "union", "verb-complement")]


def test_a_cue_the_lemmatizer_left_inflected_is_recognised():
    # "insisted" with the lemma "insisted"
    assert found(UNLEMMATIZED) == [("fares would not rise", "insisted", "mayor", "verb-complement")]


def test_detection_gives_the_callers_document_back_with_its_own_lemmas():
    # the recovered "insist" is detection's own: a caller reading the Document afterwards (the
    # evaluation preparing its gold, say) still sees the parser's "insisted"
    (art,) = read_conllu(UNLEMMATIZED)
    before = [w.lemma for s in art.doc.sentences for w in s.words]
    assert [c.cue_lemma for c in detect(art.doc, art.text)] == ["insist"]
    assert [w.lemma for s in art.doc.sentences for w in s.words] == before


def test_extraction_gives_the_callers_document_back_with_its_own_lemmas():
    from attribution.extract import extract_quotes

    (art,) = read_conllu(UNLEMMATIZED)
    before = [w.lemma for s in art.doc.sentences for w in s.words]
    quotes = list(extract_quotes(art))
    assert [(q.cue.lemma, q.speaker.mention) for q in quotes if q.cue and q.speaker] == [
        ("insist", "The mayor")
    ]
    assert [w.lemma for s in art.doc.sentences for w in s.words] == before
    assert "insisted" in before


def test_base_forms_of_inflected_cues():
    from attribution.reported.lemmas import base_forms

    assert "insist" in base_forms("insisted")
    assert "admit" in base_forms("admitted")
    assert "deny" in base_forms("denied")
    assert "argue" in base_forms("argued")
    assert "say" in base_forms("says")
