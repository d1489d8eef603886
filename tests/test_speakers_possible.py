"""Only possible speakers: never inside the quote's own content, a titled name resolves to the
person, a spokesperson is the organisation's, and labels are never cut mid-word.

The parses below keep the shapes a weak parser gives (the small stanza models gave these for
the sentences in corpora/articles/dock-talks.txt): the rules exist to survive them.
"""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import ROOT

from attribution.cli import main
from attribution.documents import read_conllu
from attribution.extract import extract_quotes
from attribution.output.records import shorten


def conllu(doc_id: str, sentence: str, rows: list[str]) -> str:
    """One sentence as stanza-style CoNLL-U: rows "form lemma UPOS head deprel [ner]"."""
    lines = [f"# newdoc id = {doc_id}", "# newpar", f"# text = {sentence}"]
    pos = 0
    for i, row in enumerate(rows, start=1):
        form, lemma, upos, head, deprel, *ner = row.split()
        k = sentence.index(form, pos)
        pos = k + len(form)
        lines.append(
            f"{i}\t{form}\t{lemma}\t{upos}\t_\t_\t{head}\t{deprel}\t_\t"
            f"start_char={k}|end_char={pos}|ner={ner[0] if ner else 'O'}"
        )
    return "\n".join(lines) + "\n\n"


def quotes(data: str):
    (article,) = read_conllu(data)
    return list(extract_quotes(article))


# The quote's subject taken for the speaker: "said" hung on the quote (parataxis), so climbing
# from the cue reaches "numbers"; the inverted subject is parsed as an object, its name as a
# conjunct.
FANTASY = conllu(
    "fantasy",
    "“These numbers are a fantasy,” said the finance director, Tom Reyes.",
    [
        "“ “ PUNCT 5 punct",
        "These this DET 3 det",
        "numbers number NOUN 5 nsubj",
        "are be AUX 5 cop",
        "a a DET 5 det",
        "fantasy fantasy NOUN 0 root",
        ", , PUNCT 9 punct",
        "” ” PUNCT 9 punct",
        "said say VERB 5 parataxis",
        "the the DET 12 det",
        "finance finance NOUN 12 compound",
        "director director NOUN 9 obj",
        ", , PUNCT 15 punct",
        "Tom Tom PROPN 15 compound B-PERSON",
        "Reyes Reyes PROPN 12 conj E-PERSON",
        ". . PUNCT 5 punct",
    ],
)
# the rows above use 1-based heads of a 16-word sentence; "fantasy" is word 6
FANTASY = FANTASY.replace("\t5\t", "\t6\t")


def test_a_speaker_is_never_inside_its_own_quote():
    (q,) = quotes(FANTASY)
    assert q.text == "“These numbers are a fantasy,”"
    assert q.speaker is not None
    assert q.speaker.end_char <= q.start_char or q.speaker.start_char >= q.end_char
    assert (q.speaker.name, q.speaker.type) == ("Tom Reyes", "PERSON")


# The title parsed as the head of the name: Transport <- Minister <- David <- Hale (flat).
TITLED = conllu(
    "titled",
    "Transport Minister David Hale said the government would stay out.",
    [
        "Transport Transport PROPN 5 nsubj",
        "Minister Minister PROPN 1 flat",
        "David David PROPN 2 flat B-PERSON",
        "Hale Hale PROPN 3 flat E-PERSON",
        "said say VERB 0 root",
        "the the DET 7 det",
        "government government NOUN 9 nsubj",
        "would would AUX 9 aux",
        "stay stay VERB 5 ccomp",
        "out out ADV 9 advmod",
        ". . PUNCT 5 punct",
    ],
)


def test_a_title_with_a_name_resolves_to_the_person_and_keeps_the_title_as_role():
    (q,) = quotes(TITLED)
    sp = q.speaker
    assert sp is not None
    assert (sp.name, sp.type, sp.role) == ("David Hale", "PERSON", "Transport Minister")
    assert sp.to_dict()["role"] == "Transport Minister"


def speakers(*args: str):
    articles = ROOT / "corpora" / "articles"
    paths = [str(articles / "ferry-fares.conllu"), str(articles / "channel-dredging.conllu")]
    result = CliRunner().invoke(main, ["speakers", *paths, "-q", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_spokespeople_of_two_organisations_stay_apart():
    # "a spokesman for the authority" (Riverton) and "a spokesman for the board" (Halden)
    rows = [r for r in json.loads(speakers("-f", "json")) if "spokesman" in r["name"]]
    assert sorted((r["name"], r["documents"], r["count"]) for r in rows) == [
        ("Halden Harbour Board spokesman", 1, 2),
        ("Riverton Port Authority spokesman", 1, 2),
    ]


def test_speaker_labels_are_never_cut_mid_word():
    lines = speakers().splitlines()
    assert any("Riverton Port Authority spokesman" in line for line in lines)
    assert any("Halden Harbour Board spokesman" in line for line in lines)


def test_a_long_label_is_shortened_between_words():
    assert shorten("Riverton Port Authority spokesman", 26) == "Riverton Port Authority…"
    assert shorten("Riverton Port Authority spokesman", 40) == "Riverton Port Authority spokesman"
