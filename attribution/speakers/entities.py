"""Entity mentions of one document, from its NER tags and parse, grouped into entities.

Built once per article (:func:`analyse`): the name mentions (NER spans, or proper-noun
phrases where NER says nothing), the titles tied to each name (inside the phrase,
by apposition, by copula), and the entities they form: "Lavrov" joins "Sergei Lavrov",
"The Post" joins "The New York Post". Each entity keeps its fullest name, type,
titles, gender and affiliation for the resolver.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..sentences import DocumentView, SentenceView, base_rel
from . import lexicons
from .mentions import Mention, mention_word_ids, ner_type, offsets
from .names import (
    fold_accents,
    gender_of_words,
    institutions,
    is_variant,
    name_words,
    normalise_name,
    same_ends,
    strip_titles,
)

_PRONOUNS = lexicons.pronouns_of("m", "f", "n", "group", "first", "second")
_DETS = {"the", "a", "an", "this", "that", "these", "those"}


@dataclass(slots=True)
class Entity:
    """One entity of the document: its mentions and what they say about it."""

    id: int
    words: list[str]  # folded words of the fullest name ("sergei", "lavrov")
    name: str  # the fullest name as written ("Sergei Lavrov")
    type: str = "UNKNOWN"
    mentions: list[Mention] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    det: bool = False  # some mention says "the X" ("the Kremlin")
    affiliation: str | None = None
    gender_votes: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)

    @property
    def canonical(self) -> str:
        """Canonical name: titles stripped; a place standing for an institution as listed ("the
        Kremlin")."""
        if self.type in ("ORG", "GPE", "UNKNOWN"):
            known = institutions().get(" ".join(self.words))
            if known:
                return known
        if self.type == "PERSON" and self.name.isupper():
            return self.name.title()  # a transcript label ("WALLACE") named like a name
        return self.name

    @property
    def gender(self) -> str | None:
        if not self.gender_votes:
            return None
        (g, n), *rest = self.gender_votes.most_common()
        return g if not rest or rest[0][1] < n else None

    def add_type(self, kind: str) -> None:
        if kind != "UNKNOWN":
            self.types[kind] += 1
            self.type = self.types.most_common(1)[0][0]
        # A known first name makes a person whatever NER said ("Donald Trump" tagged NORP once).
        if (
            self.type in ("UNKNOWN", "NORP")
            and len(self.words) > 1
            and self.words[0] in lexicons.gender_words()
            and self.words[0] not in lexicons.titles()
        ):
            self.type = "PERSON"


@dataclass(slots=True)
class Analysis:
    """Everything the resolver needs about one document."""

    views: list[SentenceView]  # the document's sentences, as detection sees them
    mentions: list[Mention]  # name mentions in text order
    by_word: dict[tuple[int, int], Mention]  # (sentence, word id) -> the name mention it is in
    entity_of: dict[tuple[int, int], Entity]  # (sentence, head id) -> entity
    entities: list[Entity]
    heads: set[tuple[int, int]]  # (sentence, word id) heads of names


def _ner_spans(sentence) -> list[tuple[str, list]]:
    """(type, words) for each BIOES entity of the sentence."""
    spans: list[tuple[str, list]] = []
    current: list = []
    kind = None
    for token in sentence.tokens:
        tag = token.ner or "O"
        t = ner_type(tag)
        prefix = tag.split("-", 1)[0] if t else "O"
        if prefix in ("B", "S") or t is None or t != kind:
            if current and kind:
                spans.append((kind, current))
            current, kind = [], t
        if t:
            current.extend(token.words)
        if prefix in ("E", "S"):
            if current and kind:
                spans.append((kind, current))
            current, kind = [], None
    if current and kind:
        spans.append((kind, current))
    return spans


_NOT_IN_NAMES = {"VERB", "AUX", "PRON", "SCONJ"}


def _split_span(words: list) -> list[list]:
    """An NER span cut to the noun phrases it covers: NER and parse disagree on headlines and
    run-ons.

    "The Republican National Committee is filing a" stops before "is"; "the Washington Post
    Trump said" splits where the parse has two phrases ("Washington" | "Post Trump").
    """
    for i, w in enumerate(words):
        if w.upos in _NOT_IN_NAMES:
            words = words[:i]
            break
    if not words:
        return []
    ids = {w.id for w in words}
    tops = [w for w in words if w.head not in ids]
    if len(tops) == 1:
        return [words]
    by_id = {w.id: w for w in words}

    def group_of(w):
        while w.head in ids:
            w = by_id[w.head]
        # Proper nouns modifying one word outside stay together ("John Roberts" of "John Roberts
        # Jr.").
        return ("outside", w.head) if w.upos == "PROPN" else ("top", w.id)

    groups: dict[tuple, list] = {}
    for w in words:
        groups.setdefault(group_of(w), []).append(w)
    pieces = []
    for group in groups.values():
        if group[-1].id - group[0].id + 1 == len(group):  # only contiguous pieces are names
            pieces.append(group)
    return sorted(pieces, key=lambda g: g[0].id)


def _propn_spans(index: SentenceView, taken: set[int]) -> list[list]:
    """Proper-noun phrases NER left out: a PROPN head with its compound/flat PROPN words."""
    spans = []
    for word in index.words:
        if word.upos != "PROPN" or word.id in taken:
            continue
        parent = index.word(word.head) if word.head else None
        if parent is not None and parent.upos == "PROPN" and base_rel(word) in ("compound", "flat"):
            continue
        if any(k.id in taken and base_rel(k) in ("compound", "flat") for k in index.kids(word)):
            continue  # "John Roberts Jr.": the head NER left out belongs to the name it heads
        ids = {word.id}
        todo = [word]
        while todo:
            w = todo.pop()
            for kid in index.kids(w):
                if (
                    kid.upos == "PROPN"
                    and base_rel(kid) in ("compound", "flat")
                    and kid.id not in taken
                ):
                    ids.add(kid.id)
                    todo.append(kid)
        words = [index.word(i) for i in sorted(ids)]
        # Only a contiguous run is a name.
        if words[-1].id - words[0].id + 1 == len(words):
            spans.append(words)
    return spans


def _propn_run(words: list) -> list:
    """The span from the first proper noun of the run that leads to its head ("Meanwhile Trump" ->
    "Trump")."""
    head = _span_head(words)
    if head.upos != "PROPN":
        return words
    a = words.index(head)
    while a > 0 and words[a - 1].upos == "PROPN":
        a -= 1
    return words[a:]


_FUNCTION = {"ADP", "DET", "CCONJ", "SCONJ", "PART", "PUNCT", "PRON", "AUX", "NUM", "SYM"}


def _title_case(index: SentenceView) -> bool:
    """A headline written in title case ("Washington Post Hit Piece Exploits Trump"): NER is
    unreliable there."""
    content = [w.text for w in index.words if w.upos not in _FUNCTION and w.text[:1].isalpha()]
    if len(content) < 4:
        return False
    return sum(t[:1].isupper() for t in content) >= 0.85 * len(content)


def _span_head(words: list):
    ids = {w.id for w in words}
    for w in words:
        if w.head not in ids:
            return w
    return words[-1]


def _title_words(index: SentenceView, word, skip: set[int]) -> list[str]:
    """Lower-case words of a title phrase ("the Russian president", "President of Russia")."""
    out = []
    for wid in sorted(mention_word_ids(index, word)):
        if wid in skip:
            continue
        w = index.word(wid)
        if w.upos in ("DET", "PUNCT", "ADP", "PART", "PRON") or w.deprel == "case":
            continue
        word = fold_accents(w.lemma if w.upos in ("NOUN", "ADJ") and w.lemma else w.text).strip(".")
        out.append(word)
        full = lexicons.abbreviations().get(word)
        if full:
            out.append(full)  # "Sen." is also "senator" for a later "the senator"
    return out


def analyse(document: DocumentView) -> Analysis:
    """Find the document's name mentions and group them into entities."""
    text = document.text
    places = institutions()
    titles_lex = lexicons.titles()
    modifiers = lexicons.words("title_modifiers")
    mentions: list[Mention] = []
    by_word: dict[tuple[int, int], Mention] = {}
    heads: set[tuple[int, int]] = set()
    extra_titles: dict[tuple[int, int], list[str]] = {}
    for s, index in enumerate(document.sentences):
        sentence = index.sentence
        headline = _title_case(index)
        spans = [(k, piece) for k, ws in _ner_spans(sentence) for piece in _split_span(ws)]
        taken = {w.id for _, ws in spans for w in ws}
        spans += [("UNKNOWN", ws) for ws in _propn_spans(index, taken)]
        local: list[tuple[Mention, list]] = []
        person_starts = {ws[0].id for k, ws in spans if k == "PERSON"}
        titles_before: dict[int, list[str]] = {}  # first word of a name -> its title's words
        for kind, words in spans:
            # Determiners and titles inside the NER span are not the name ("The Post", "President
            # Obama").
            det = ""
            while (
                len(words) > 1
                and words[0].upos in ("DET", "PUNCT")
                or (len(words) > 1 and words[0].deprel == "case")
            ):
                det = det or (words[0].text.lower() if words[0].upos == "DET" else "")
                words = words[1:]
            folded = [fold_accents(w.text).strip(".") for w in words]
            kept = strip_titles(folded)
            span_titles = folded[: len(folded) - len(kept)]
            words = words[len(folded) - len(kept) :]
            while len(words) > 1 and words[-1].upos in ("PUNCT", "PART"):
                words = words[:-1]
            if not words or all(w.upos in ("PUNCT", "PART", "DET") for w in words):
                continue
            if not span_titles and all(f in titles_lex or f in modifiers for f in kept):
                continue  # a bare title ("President" as PROPN) names nobody; "Mr. King" does
            if (
                kind == "UNKNOWN"
                and folded[-1].lower() in titles_lex
                and words[-1].id + 1 in person_starts
            ):
                # "Transport Minister David Hale" with the title parsed as the name's head: the
                # capitalised words before a person's name are that person's title, not a name
                titles_before[words[-1].id + 1] = [f.lower() for f in folded]
                continue
            if kind == "PERSON":
                words = _propn_run(
                    words
                )  # "Meanwhile Trump" tagged as one person: the proper nouns only
            head = _span_head(words)
            start, end = offsets(words[0])[0], offsets(words[-1])[1]
            name = text[start:end]
            if kind != "PERSON" and normalise_name(name) in places:
                kind = "ORG"
            ids = {w.id for w in words}
            phrase = mention_word_ids(index, head)
            titles = (
                span_titles
                + [
                    lexicons.abbreviations()[t]
                    for t in span_titles
                    if t in lexicons.abbreviations()
                ]
                + _title_words(index, head, ids)
            )
            for kid in index.kids(head):
                if kid.upos == "DET" and kid.id in phrase:
                    det = det or kid.text.lower()
            if kind == "UNKNOWN" and any(
                t in lexicons.gender_words() and t in titles_lex for t in titles
            ):
                kind = "PERSON"  # "Mr. Smith"
            m = Mention(
                text=name,
                start_char=start,
                end_char=end,
                sentence=s,
                head=head.id,
                kind="name",
                type=kind,
                name=name,
                titles=tuple(titles),
                det=det,
                subject=(head.deprel or "").startswith("nsubj"),
                headline=headline,
                main_subject=(head.deprel or "").startswith("nsubj") and index.on_main_verb(head),
            )
            local.append((m, words))
        for m, words in local:
            if words[0].id in titles_before:
                extra_titles.setdefault((s, m.head), []).extend(titles_before[words[0].id])
            mentions.append(m)
            heads.add((s, m.head))
            for w in words:
                by_word[(s, w.id)] = m
        # Titles tied by apposition or copula: "Putin, the Russian president"; "The President of
        # Russia, Vladimir Putin"; "Putin is the Russian president".
        for m, _ in local:
            head = index.word(m.head)
            for kid in index.kids(head):
                if kid.deprel == "appos" and (s, kid.id) not in by_word:
                    extra_titles.setdefault((s, m.head), []).extend(_title_words(index, kid, set()))
            if head.deprel == "appos" and head.head:
                parent = index.word(head.head)
                if (s, parent.id) not in by_word and parent.upos in ("NOUN", "PROPN"):
                    extra_titles.setdefault((s, m.head), []).extend(
                        _title_words(index, parent, set())
                    )
            if (head.deprel or "").startswith("nsubj") and head.head:
                pred = index.word(head.head)
                if pred.upos == "NOUN" and any(k.deprel == "cop" for k in index.kids(pred)):
                    extra_titles.setdefault((s, m.head), []).extend(
                        _title_words(index, pred, set())
                    )
    entities, entity_of = _cluster(mentions, extra_titles, by_word)
    analysis = Analysis(document.sentences, mentions, by_word, entity_of, entities, heads)
    _affiliations(analysis)
    _learn_genders(analysis)
    return analysis


def _variant(short: list[str], long: list[str], kind: str) -> bool:
    """A name variant; an organisation's partial name keeps its last word ("the Post", not "Trump"
    of "Trump University")."""
    if not is_variant(short, long):
        return False
    return kind != "ORG" or short[-1] == long[-1]


def _type_ok(a: str, b: str) -> bool:
    return a == b or "UNKNOWN" in (a, b)


def _cluster(mentions: list[Mention], extra_titles: dict, by_word: dict):
    """Group name mentions: a name joins the latest entity it is a variant of (or that is a variant
    of it)."""
    entities: list[Entity] = []
    by_word_key: dict[str, list[Entity]] = {}
    entity_of: dict[tuple[int, int], Entity] = {}
    last_seen: dict[int, int] = {}
    order = [m for m in mentions if not m.headline] + [m for m in mentions if m.headline]
    for n, m in enumerate(order):
        words = strip_titles(name_words(m.name)) or name_words(m.name)
        if not words:
            continue
        candidates = {id(e): e for w in words for e in by_word_key.get(w[:1], ())}.values()
        best = None
        # "Mrs. Clinton" is not "Bill Clinton": honorifics and first names keep genders apart.
        gender = gender_of_words([t for t in m.titles]) or (
            gender_of_words(words[:1]) if len(words) > 1 else None
        )
        surname_only = False
        for e in candidates:
            # NER often calls a surname an organisation ("Lynch", "Trump"): a person's surname stays
            # the person.
            surname = (
                len(words) == 1
                and e.type == "PERSON"
                and len(e.words) > 1
                and words[0] == e.words[-1]
            )
            if not _type_ok(e.type, m.type) and not surname:
                continue
            if gender and e.gender and gender != e.gender:
                continue
            if not (
                words == e.words
                or _variant(words, e.words, e.type)
                or _variant(e.words, words, m.type)
            ):
                continue
            # Of two fitting entities the one mentioned more often so far, then the latest.
            if best is None or (len(best.mentions), last_seen[best.id]) < (
                len(e.mentions),
                last_seen[e.id],
            ):
                best, surname_only = e, surname and m.type != "PERSON"
        if best is None:
            best = Entity(id=len(entities), words=words, name=_display(m.name))
            entities.append(best)
        elif (
            len(words) > len(best.words)
            and is_variant(best.words, words)
            and not m.headline
            and (len(best.words) == 1 or same_ends(best.words, words))
        ):
            best.words, best.name = (
                words,
                _display(m.name),
            )  # a fuller name: "Lavrov" then "Sergei Lavrov"
        for w in words:
            group = by_word_key.setdefault(w[:1], [])
            if best not in group:
                group.append(best)
        last_seen[best.id] = n
        best.mentions.append(m)
        if not surname_only:
            best.add_type(m.type)
        best.titles.update(m.titles)
        best.titles.update(extra_titles.get((m.sentence, m.head), ()))
        best.det = best.det or m.det == "the"
        entity_of[(m.sentence, m.head)] = best
        if gender:
            best.gender_votes[gender] += 3 if gender_of_words(list(m.titles)) else 2
    # Without NER (another parser, a pipeline without it), a person's title makes a person:
    # "President Xi".
    person_titles = lexicons.titles() | {
        w for w, (k, _) in lexicons.roles().items() if k == "PERSON"
    }
    for e in entities:
        if e.type == "UNKNOWN" and e.titles & person_titles:
            e.type = "PERSON"
    return entities, entity_of


def _affiliations(analysis: Analysis) -> None:
    """An organisation or place inside a spokesperson's phrase: "Kremlin spokesman Dmitry
    Peskov"."""
    speaking = lexicons.spokes_nouns() | {"press", "secretary"}
    for m in analysis.mentions:
        e = analysis.entity_of.get((m.sentence, m.head))
        if e is None or e.type != "PERSON" or e.affiliation:
            continue
        if not set(m.titles) & speaking:
            # only people who speak for an organisation ("White House press secretary Josh Earnest")
            continue
        index = analysis.views[m.sentence]
        for wid in mention_word_ids(index, index.word(m.head)):
            other = analysis.by_word.get((m.sentence, wid))
            if other is not None and other is not m and other.type in ("ORG", "GPE"):
                org = analysis.entity_of.get((m.sentence, other.head))
                if org is not None:
                    e.affiliation = org.canonical
                    break


def _display(name: str) -> str:
    """A name as written, cut to one line and stripped of a trailing possessive."""
    name = " ".join(name.split())
    for suffix in ("’s", "'s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def _learn_genders(analysis: Analysis) -> None:
    """Pronoun history: "he"/"she" with exactly one person in reach votes for that person's
    gender."""
    lexical = {
        e.id for e in analysis.entities if e.gender_votes
    }  # names, honorifics and titles outweigh pronouns
    persons_by_sentence: dict[int, set[int]] = {}
    for m in analysis.mentions:
        e = analysis.entity_of.get((m.sentence, m.head))
        if e is not None and e.type == "PERSON":
            persons_by_sentence.setdefault(m.sentence, set()).add(e.id)
    for s, index in enumerate(analysis.views):
        for word in index.words:
            if word.upos != "PRON":
                continue
            lemma = (word.lemma or word.text).lower()
            g = lexicons.pronouns().get(lemma)
            if g not in ("m", "f"):
                continue
            reach = persons_by_sentence.get(s, set()) | persons_by_sentence.get(s - 1, set())
            if len(reach) == 1 and next(iter(reach)) not in lexical:
                analysis.entities[next(iter(reach))].gender_votes[g] += 1
