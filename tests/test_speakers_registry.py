"""The cross-document registry: files, alias matching, what a corpus run learns."""

from __future__ import annotations

import json

import pytest
from conftest import DATA

from attribution.detection import Detection
from attribution.documents import read_conllu
from attribution.errors import InputError
from attribution.speakers import Registry, SpeakerResolver, load_registry, parse_registry

SPEAKERS = DATA / "speakers"

REGISTRY_JSON = [
    {"name": "Barack Obama", "aliases": ["Obama"], "titles": ["president"], "type": "PERSON"},
    {"name": "Donald Trump", "type": "PERSON"},
    {"name": "Eric Trump", "type": "PERSON"},
    {"name": "Sergei Lavrov", "aliases": ["Sergey Lavrov"], "type": "PERSON"},
    {"name": "the Kremlin", "type": "ORG"},
]


def article(name: str):
    path = SPEAKERS / f"{name}.conllu"
    return next(read_conllu(path.read_text("utf-8"), source=str(path)))


def subject_speaker(art, registry):
    """The speaker of the first "said" of the article, its nsubj as the head."""
    for i, s in enumerate(art.doc.sentences):
        for w in s.words:
            if w.deprel == "nsubj" and s.words[w.head - 1].lemma == "say":
                return SpeakerResolver(art, registry=registry).resolve(
                    Detection(
                        kind="indirect", start_char=0, end_char=1, sentence=i, source=(i, w.id)
                    )
                )
    raise AssertionError("no 'said' in the article")


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "speakers.json"
    path.write_text(json.dumps(REGISTRY_JSON), "utf-8")
    return load_registry(path)


@pytest.mark.parametrize(
    "label, name",
    [
        ("PRESIDENT OBAMA", "Barack Obama"),
        ("obama", "Barack Obama"),
        ("Mr. Obama", "Barack Obama"),
        ("B. Obama", "Barack Obama"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("LAVROV", "Sergei Lavrov"),
        ("Sergej Lavrow", "Sergei Lavrov"),  # another transliteration, by rapidfuzz
        ("the kremlin", "the Kremlin"),
        ("DONALD TRUMP", "Donald Trump"),
    ],
)
def test_lookup_tolerates_case_titles_initials_transliteration(registry, label, name):
    entry = registry.lookup(label)
    assert entry is not None and entry.name == name


def test_ambiguous_surname_finds_nothing(registry):
    # Two Trumps, neither seen more often: no guess.
    assert registry.lookup("TRUMP") is None
    assert registry.canonical("TRUMP") == "TRUMP"


def test_a_dominant_referent_wins_an_ambiguous_surname():
    reg = Registry()
    reg.observe("Donald Trump", kind="PERSON", count=40)
    reg.observe("Eric Trump", kind="PERSON", count=2)
    assert reg.lookup("TRUMP").name == "Donald Trump"


def test_unknown_names_and_types(registry):
    assert registry.lookup("Angela Merkel") is None
    assert registry.lookup("Obama", kind="ORG") is None


def test_csv_registry(tmp_path):
    path = tmp_path / "speakers.csv"
    path.write_text(
        "name,aliases,titles,type\nSergei Lavrov,Sergey Lavrov|Lavrov,foreign minister,PERSON\n"
        "the State Department,Foggy Bottom,,ORG\n",
        "utf-8",
    )
    reg = load_registry(path)
    assert len(reg) == 2
    assert reg.lookup("Foggy Bottom").name == "the State Department"
    assert reg.entries[0].titles == {"foreign minister"}


def test_json_mapping_form():
    reg = parse_registry(
        '{"Xi Jinping": {"aliases": ["Xi"], "type": "PERSON"}, "Joe Biden": ["Biden"]}'
    )
    assert reg.lookup("President Xi").name == "Xi Jinping"
    assert reg.lookup("BIDEN").name == "Joe Biden"


@pytest.mark.parametrize(
    "text, where",
    [
        ('[{"aliases": ["x"]}]', "speaker 1"),
        ('[{"name": "X", "type": "ALIEN"}]', "unknown type"),
        ('{"speakers": [', "not valid JSON"),
        ("alias,type\nX,PERSON\n", "line 1"),
        ("name,type\nX,PERSON\n,ORG\n", "line 3"),
    ],
)
def test_bad_registry_files_say_where(text, where):
    with pytest.raises(InputError, match=where):
        parse_registry(text, source="speakers.txt")


def test_missing_registry_file(tmp_path):
    with pytest.raises(InputError, match="--speakers"):
        load_registry(tmp_path / "nope.json")


def test_registry_file_names_a_speaker_in_an_article(registry):
    sp = subject_speaker(article("sergey"), registry)  # "Sergey Lavrov said ..."
    assert (sp.mention, sp.name, sp.resolution) == ("Sergey Lavrov", "Sergei Lavrov", "registry")


def test_corpus_run_learns_full_names_for_later_articles():
    reg = Registry()
    titles = article("titles")  # "Russian Foreign Minister Sergei Lavrov"
    # the resolver observes the article's entities
    _ = SpeakerResolver(titles, registry=reg).analysis
    sp = subject_speaker(article("lavrov"), reg)  # "Lavrov said ..."
    assert (sp.mention, sp.name, sp.type) == ("Lavrov", "Sergei Lavrov", "PERSON")
    sp = subject_speaker(article("sergey"), reg)  # "Sergey Lavrov said ..."
    assert sp.name == "Sergei Lavrov"


def test_a_lone_surname_starts_no_entry_but_a_type_keeps_entries_apart():
    reg = Registry()
    reg.observe("Lavrov", kind="PERSON")
    assert len(reg) == 0
    reg.observe("Peskov", kind="ORG")  # organisations may be one word
    reg.observe("Dmitry Peskov", kind="PERSON")
    assert reg.lookup("Peskov", kind="PERSON").name == "Dmitry Peskov"
    assert reg.lookup("Peskov", kind="ORG").name == "Peskov"


def test_learning_upgrades_to_a_fuller_name_seen_later():
    reg = Registry()
    reg.observe("Sergei Lavrov", kind="PERSON")
    reg.observe("Sergei Viktorovich Lavrov", kind="PERSON")
    assert len(reg) == 1
    assert reg.lookup("Sergei Lavrov").name == "Sergei Viktorovich Lavrov"


def test_save_and_reload(tmp_path, registry):
    path = tmp_path / "out.json"
    registry.observe("Xi Jinping", kind="PERSON", aliases=["Xi"])
    registry.save(path)
    again = load_registry(path)
    assert again.lookup("Xi").name == "Xi Jinping"
    assert len(again) == len(registry)


def test_yaml_registry_names_like_json(tmp_path):
    path = tmp_path / "known.yaml"
    path.write_text(
        "- name: Sergei Lavrov\n  aliases: [Sergey Lavrov]\n  titles: [foreign minister]\n  type: "
        "PERSON\n"
        "- name: the Kremlin\n  type: ORG\n",
        encoding="utf-8",
    )
    reg = load_registry(path)
    assert (
        reg.canonical("SERGEY LAVROV") == "Sergei Lavrov"
        and reg.canonical("Kremlin") == "the Kremlin"
    )
    mapping = tmp_path / "short.yml"
    mapping.write_text(
        "Xi Jinping:\n  aliases: [Xi]\n  type: PERSON\nJoe Biden: [Biden]\n", encoding="utf-8"
    )
    assert load_registry(mapping).canonical("Biden") == "Joe Biden"


@pytest.mark.parametrize(
    "text, where",
    [
        ("- name: Lavrov\n  type: [unclosed\n", "line"),
        ("just a sentence\n", "a registry is a list of speakers"),
        ("- name: X\n  type: ALIEN\n", "unknown type"),
    ],
)
def test_bad_yaml_registries_say_what_and_where(tmp_path, text, where):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=where):
        load_registry(path)
