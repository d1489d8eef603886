"""Within-document speaker resolution: from the head word of a source mention to a Speaker.

:class:`SpeakerResolver` analyses the article once, lazily, on the first call
(:func:`attribution.speakers.entities.analyse`); each :meth:`resolve` then looks up
or walks a few words. The paths, named in ``Speaker.resolution``:

- "mention": the mention is the entity's fullest name ("Sergei Lavrov");
- "name-variant": a partial name or other spelling of it ("Lavrov");
- "apposition": a title with the name beside it ("The President of Russia, Vladimir Putin");
- "pronoun": he/she/it/they/we, to the closest compatible entity before it;
- "description": a definite description tied to a name by its titles ("the Russian president");
- "spokesperson": someone speaking for an organisation ("a Kremlin spokesman");
- "registry": the cross-document registry supplied the name;
- "unresolved": kept as written, type UNKNOWN, low confidence.
"""

from __future__ import annotations

import bisect

from ..detection import Detection
from ..documents import Article
from ..errors import AttributionError
from ..models import Speaker
from ..sentences import DocumentView, SentenceView, base_rel
from . import lexicons
from .entities import Analysis, Entity, analyse
from .mentions import Mention, mention_word_ids, ner_type, offsets, span_of, word_ner
from .names import fold_accents, is_variant, normalise_name

_MALE = lexicons.pronouns_of("m")
_FEMALE = lexicons.pronouns_of("f")
_NEUTER = lexicons.pronouns_of("n")
_GROUP = lexicons.pronouns_of("group")
_RELATIVE = {"who", "which", "that", "whom"}
# How far back a pronoun looks for its antecedent, in sentences.
_PRONOUN_REACH = 6
_IGNORED_MODIFIERS = {
    "former",
    "new",
    "then",
    "current",
    "top",
    "senior",
    "outgoing",
    "incoming",
    "acting",
}

CONFIDENCE = {
    "mention": 0.95,
    "name-variant": 0.9,
    "apposition": 0.9,
    "registry": 0.85,
    "pronoun": 0.75,
    "description": 0.7,
    "spokesperson": 0.6,
    "unresolved": 0.3,
}


def _stem(word: str) -> str:
    """Nationality and country share a stem: "russian" ~ "russia", "chinese" ~ "china"."""
    return word[:4]


class SpeakerResolver:
    """Resolves the source mentions of one article; build one per article."""

    def __init__(self, article: Article, *, registry=None, document: DocumentView | None = None):
        self.article = article
        self.registry = registry
        self._document = document  # the view detection built, shared; else built on first use
        self._analysis: Analysis | None = None
        self._keys: list[int] | None = None
        self._by_canonical: dict[str, Entity] = {}
        self._distance = 0
        self._nominals: dict[int, list] = {}

    @property
    def analysis(self) -> Analysis:
        if self._analysis is None:
            doc = self.article.doc
            if doc is None:
                raise AttributionError(
                    f"article {self.article.id!r} has not been parsed: speakers need its parse"
                )
            self._analysis = analyse(self._document or DocumentView(doc, self.article.text))
            self._by_canonical = {e.canonical: e for e in self._analysis.entities}
            if self.registry is not None:
                self.registry.observe_entities(self._analysis.entities)
        return self._analysis

    # -- public ------------------------------------------------------------------------------------

    def resolve(self, candidate: Detection) -> Speaker | None:
        """The speaker of a candidate quote, or None when detection found no source mention."""
        if candidate.source is None:
            return None
        s, wid = candidate.source
        analysis = self.analysis
        if not 0 <= s < len(analysis.views):
            return None
        index = analysis.views[s]
        head = index.word(wid)
        if head is None:
            return None
        head = self._follow_cue_noun(index, s, head)
        speaker = self._resolve_word(index, s, head)
        return self._registry(speaker)

    def entities(self) -> list[Entity]:
        """The document's entities (for listings and tests)."""
        return self.analysis.entities

    # -- paths -------------------------------------------------------------------------------------

    def _follow_cue_noun(self, index: SentenceView, s: int, head):
        """A cue noun stands for its author: "a note from the Kremlin", "the Kremlin's
        statement"."""
        if head.upos != "NOUN" or (s, head.id) in self.analysis.by_word:
            return head
        lemma = (head.lemma or head.text).lower()
        cue = lemma in _cue_nouns()
        # "Hillary Clinton's team said": the team, not Clinton; but "Clinton's proposal" is hers.
        if not cue and (
            lemma in lexicons.roles()
            or lemma in lexicons.spokes_nouns()
            or lemma in lexicons.titles()
            or self._person_noun(lemma)
        ):
            return head
        kids = index.kids(head)
        for rel in ("nmod:poss", "nmod", "nmod:agent") if cue else ("nmod:poss",):
            for kid in kids:
                if kid.deprel == rel and kid.upos in ("PROPN", "NOUN", "PRON"):
                    if rel == "nmod":
                        cases = {
                            (k.lemma or "").lower() for k in index.kids(kid) if k.deprel == "case"
                        }
                        if not cases & {"from", "by", "of"}:
                            continue
                    return kid
        return head

    def _resolve_word(self, index: SentenceView, s: int, head) -> Speaker:
        analysis = self.analysis
        name_mention = analysis.by_word.get((s, head.id))
        if name_mention is not None:
            return self._named(index, s, head, name_mention)
        lemma = (head.lemma or head.text).lower()
        # A relative pronoun speaks for the noun its clause modifies: "countries, which seek ...".
        if lemma in _RELATIVE and head.head:
            verb = index.word(head.head)
            if verb.deprel == "acl:relcl" and verb.head:
                found = self._resolve_word(index, s, index.word(verb.head))
                start, end = self._span(index, head)  # the mention stays where the text says it
                return self._speaker(
                    start,
                    end,
                    found.name,
                    found.type,
                    "pronoun" if found.resolution != "unresolved" else "unresolved",
                    confidence=found.confidence * 0.9,
                    affiliation=found.affiliation,
                )
        if head.upos == "PRON" or lemma in _MALE | _FEMALE | _NEUTER | _GROUP:
            return self._pronoun(index, s, head)
        # A name headed by a word NER left out: "John G. Roberts Jr." with "Jr." as the head;
        # "Transport Minister David Hale" parsed as a chain from "Transport".
        if head.upos == "PROPN":
            todo = [head]
            while todo:
                for kid in index.kids(todo.pop()):
                    if base_rel(kid) not in ("compound", "flat"):
                        continue
                    if (s, kid.id) in analysis.by_word:
                        return self._named(
                            index, s, head, analysis.by_word[(s, kid.id)], span_word=head
                        )
                    todo.append(kid)
        # A title with the name beside it: "The President of Russia, Vladimir Putin, said".
        titled = (
            lemma in lexicons.titles()
            or lemma in lexicons.roles()
            or lemma in lexicons.spokes_nouns()
        )
        for kid in index.kids(head):
            # "the finance director, Tom Reyes" (an apposition, sometimes parsed as a conjunct)
            if titled and (s, kid.id) in analysis.by_word and _apposed(index, kid):
                m = analysis.by_word[(s, kid.id)]
                entity = analysis.entity_of.get((s, m.head))
                if entity is not None:
                    start, end = self._span(index, head, names_in=s)
                    return self._speaker(
                        start,
                        end,
                        entity.canonical,
                        entity.type,
                        "apposition",
                        affiliation=entity.affiliation,
                        role=_title_text(self.article.text[start : min(m.start_char, end)]),
                    )
        # A name the NER missed, as in transcripts ("PENCE: Well, ..."): a variant of a name used
        # before.
        if head.upos == "PROPN" or (
            len(head.text) > 1 and head.text.isupper() and head.text.isalpha()
        ):
            entity = self._entity_named(head.text, head.start_char)
            if entity is not None:
                start, end = self._span(index, head)
                return self._speaker(
                    start,
                    end,
                    entity.canonical,
                    entity.type,
                    "name-variant",
                    confidence=0.7,
                    affiliation=entity.affiliation,
                )
        if lemma in lexicons.spokes_nouns():
            return self._spokesperson(index, s, head)
        if lemma in lexicons.roles():
            return self._description(index, s, head, lemma)
        # "the union" for "the Port Workers Union": a definite noun that is a word of an
        # organisation's name.
        if head.upos == "NOUN" and any((k.lemma or "").lower() == "the" for k in index.kids(head)):
            return self._description(index, s, head, lemma)
        return self._unresolved(index, head)

    def _named(self, index: SentenceView, s: int, head, m: Mention, *, span_word=None) -> Speaker:
        entity = self.analysis.entity_of.get((s, m.head))
        start, end = self._span(index, span_word or index.word(m.head))
        start, end = (
            min(start, m.start_char),
            max(end, m.end_char),
        )  # the whole name, whatever the parse
        # "Transport Minister David Hale": the title before the name is the person's role
        role = (
            _title_text(self.article.text[start : m.start_char]) if start < m.start_char else None
        )
        if entity is None:
            return self._speaker(start, end, m.name, m.type, "mention", role=role)
        words = fold_accents(m.name).split()
        path = (
            "mention"
            if entity.name == m.name or " ".join(entity.words) == " ".join(words)
            else "name-variant"
        )
        return self._speaker(
            start,
            end,
            entity.canonical,
            entity.type,
            path,
            affiliation=entity.affiliation,
            role=role,
        )

    def _entity_named(self, text: str, before: int) -> Entity | None:
        """The latest entity mentioned before ``before`` that ``text`` is a partial name of."""
        words = normalise_name(text).split()
        if not words:
            return None
        best, best_at = None, -1
        for m in self.analysis.mentions:
            if m.start_char >= before:
                break
            entity = self.analysis.entity_of.get((m.sentence, m.head))
            if (
                entity is not None
                and entity.type in ("PERSON", "ORG")
                and is_variant(words, entity.words)
                and m.start_char > best_at
            ):
                best, best_at = entity, m.start_char
        return best

    def _pronoun(self, index: SentenceView, s: int, head) -> Speaker:
        start, end = self._span(index, head)
        lemma = (head.lemma or head.text).lower()
        found = self._antecedent(s, head, lemma)
        if found is None:
            return self._unresolved(index, head)
        # Farther antecedents are less sure: 0.75 up to the previous sentence, then less.
        confidence = max(0.5, CONFIDENCE["pronoun"] - 0.05 * max(0, self._distance - 1))
        if isinstance(found, Entity):
            return self._speaker(
                start,
                end,
                found.canonical,
                found.type,
                "pronoun",
                confidence=confidence,
                affiliation=found.affiliation,
            )
        # An unnamed antecedent: "The newspaper said ... It added", "Officials said ... They added".
        t, noun = found
        nindex = self.analysis.views[t]
        nlemma = (noun.lemma or noun.text).lower()
        via = None
        if nlemma in lexicons.spokes_nouns():
            via = self._spokesperson(nindex, t, noun)
        elif nlemma in lexicons.roles():
            via = self._description(nindex, t, noun, nlemma)
        if via is not None and via.resolution != "unresolved":
            return self._speaker(
                start,
                end,
                via.name,
                via.type,
                "pronoun",
                confidence=min(confidence, via.confidence),
                affiliation=via.affiliation,
            )
        a, b = span_of(nindex, mention_word_ids(nindex, noun))
        kind = "PERSON" if self._person_noun(nlemma) else "UNKNOWN"
        return self._speaker(
            start, end, _without_det(self.article.text[a:b]), kind, "pronoun", confidence=0.4
        )

    def antecedent(self, s: int, pronoun, lemma: str | None = None) -> Entity | None:
        """The closest compatible entity before a pronoun (None also when an unnamed one is
        closer)."""
        found = self._antecedent(s, pronoun, lemma)
        return found if isinstance(found, Entity) else None

    def _antecedent(self, s: int, pronoun, lemma: str | None = None):
        """The closest compatible antecedent before a pronoun, sentence by sentence back.

        An :class:`Entity`, or ``(sentence, noun)`` for an unnamed one ("the officials"),
        or None. Within a sentence the main clause's subject comes first, then other
        subjects, then left to right (as Hobbs' search does); in the pronoun's own
        sentence only mentions before it and outside its clause count ("In a call with
        Biden, he said": "he" is not Biden). Unnamed subjects count too, so that "they"
        never jumps over "Officials said" to a named organisation further back.
        """
        analysis = self.analysis
        lemma = lemma or (pronoun.lemma or pronoun.text).lower()
        if lemma not in _MALE | _FEMALE | _NEUTER | _GROUP:
            return None
        index = analysis.views[s]
        clause = index.word(pronoun.head) if pronoun.head else None
        pstart = pronoun.start_char if pronoun.start_char is not None else 0
        by_sentence: dict[int, list[Mention]] = {}
        for m in self._mentions_between(max(0, s - _PRONOUN_REACH), s):
            by_sentence.setdefault(m.sentence, []).append(m)
        for t in range(s, max(-1, s - _PRONOUN_REACH - 1), -1):
            tindex = analysis.views[t]
            found = [
                ((not m.main_subject, not m.subject, m.start_char), m.head, m)
                for m in by_sentence.get(t, [])
            ]
            found += [
                ((not main, False, w.start_char or 0), w.id, w)
                for w, main in self._nominal_subjects(t)
            ]
            if t == s:
                found = [
                    f
                    for f in found
                    if f[0][2] < pstart
                    and not (clause is not None and index.in_subtree(index.word(f[1]), clause))
                ]
            for _, _wid, item in sorted(found, key=lambda f: f[0]):
                if isinstance(item, Mention):
                    entity = analysis.entity_of.get((item.sentence, item.head))
                    if (
                        lemma in _GROUP
                        and entity is not None
                        and entity.type == "PERSON"
                        and item.subject
                        and self._coordinated(tindex, item.head)
                    ):
                        return None  # "Grassley and Leahy say ... they": a group, no single speaker
                    if entity is not None and self._agrees(entity, lemma):
                        self._distance = s - t
                        return entity
                elif self._nominal_agrees(item, tindex, lemma):
                    nlemma = (item.lemma or item.text).lower()
                    if nlemma in lexicons.roles() and nlemma not in lexicons.spokes_nouns():
                        # "The Republican nominee ... He said": the description's entity, if it has
                        # one.
                        via = self._description(tindex, t, item, nlemma)
                        entity = (
                            self._by_canonical.get(via.name)
                            if via.resolution != "unresolved"
                            else None
                        )
                        if entity is None:
                            continue
                        self._distance = s - t
                        return entity
                    self._distance = s - t
                    return (t, item)
        return None

    def _nominal_subjects(self, t: int) -> list:
        """(noun, is it the main clause's subject) for the unnamed subjects of sentence ``t``."""
        cached = self._nominals.get(t)
        if cached is None:
            index = self.analysis.views[t]
            cached = [
                (w, index.on_main_verb(w))
                for w in index.words
                if w.upos == "NOUN"
                and (w.deprel or "").startswith("nsubj")
                and (t, w.id) not in self.analysis.by_word
            ]
            self._nominals[t] = cached
        return cached

    @staticmethod
    def _coordinated(index: SentenceView, wid: int) -> bool:
        word = index.word(wid)
        return word.deprel == "conj" or any(k.deprel == "conj" for k in index.kids(word))

    @staticmethod
    def _person_noun(lemma: str) -> bool:
        kind = lexicons.roles().get(lemma, ("", None))[0]
        return (
            kind == "PERSON"
            or lemma in lexicons.spokes_nouns()
            or lemma in lexicons.words("person_nouns")
        )

    def _nominal_agrees(self, noun, index: SentenceView, lemma: str) -> bool:
        nlemma = (noun.lemma or noun.text).lower()
        plural = "Number=Plur" in (noun.feats or "") or noun.xpos in ("NNS", "NNPS")
        person = self._person_noun(nlemma)
        main = index.on_main_verb(noun)
        if lemma in _MALE or lemma in _FEMALE:
            if plural or not person:
                return False
            g = lexicons.gender_words().get(nlemma)
            return not g or g == ("m" if lemma in _MALE else "f")
        if (
            lemma in _NEUTER
        ):  # only the main subject, and only a thing: "The report said ... It added"
            return main and not plural and not person
        return plural and (main or person)

    def _mentions_between(self, first: int, last: int) -> list[Mention]:
        mentions = self.analysis.mentions
        if self._keys is None:
            self._keys = [m.sentence for m in mentions]
        lo, hi = bisect.bisect_left(self._keys, first), bisect.bisect_right(self._keys, last)
        return mentions[lo:hi]

    @staticmethod
    def _agrees(entity: Entity, lemma: str) -> bool:
        # An untyped name counts as a person only with some gender evidence ("Mr. Smith"), not
        # "Thursday".
        if lemma in _MALE:
            return entity.gender == "m" or entity.type == "PERSON" and entity.gender != "f"
        if lemma in _FEMALE:
            return entity.gender == "f" or entity.type == "PERSON" and entity.gender != "m"
        if lemma in _NEUTER:
            return entity.type in ("ORG", "GPE")
        return entity.type in ("ORG", "GPE", "NORP")

    def _spokesperson(self, index: SentenceView, s: int, head) -> Speaker:
        """Someone speaking for an organisation: "a Kremlin spokesman", "a spokeswoman for the State
        Department", "a spokesman for the authority"; "the spokesman" is the one named before.

        The name includes the organisation ("Riverton Port Authority spokesman"): the spokesman
        of one organisation is not the spokesman of another.
        """
        start, end = self._span(index, head)
        found = self._spokes_org(index, s, head)
        definite = any(
            k.deprel == "det" and (k.lemma or "").lower() == "the" for k in index.kids(head)
        )
        if found is None and definite:
            found = self._earlier_spokesperson(
                s, head
            )  # "A spokesman for X said ... the spokesman"
        if found is None:
            # "officials said", "a spokesman said": nobody in particular
            return self._speaker(
                start, end, _without_det(self.article.text[start:end]), "UNKNOWN", "unresolved"
            )
        affiliation, noun, confidence = found
        name = _spokes_name(affiliation, noun)
        return self._speaker(
            start,
            end,
            name,
            "PERSON",
            "spokesperson",
            confidence=confidence,
            affiliation=affiliation,
        )

    def _spokes_org(
        self, index: SentenceView, s: int, head
    ) -> tuple[str, str, float | None] | None:
        """(organisation, spokes-noun, confidence) of a spokesperson phrase, or None."""
        noun = (head.text or "").lower()
        modifiers = []
        for kid in index.kids(head):
            if base_rel(kid) not in ("compound", "amod", "nmod"):
                continue
            m = self.analysis.by_word.get((s, kid.id))
            entity = self.analysis.entity_of.get((s, m.head)) if m else None
            if entity is None and kid.upos == "PRON":
                entity = self.antecedent(s, kid)  # "its spokesman"
            if entity is not None and entity.type in ("ORG", "GPE", "NORP", "PERSON"):
                return entity.canonical, noun, None
            if (
                entity is None
                and kid.upos == "NOUN"
                and any(
                    k.deprel == "det" and (k.lemma or "").lower() == "the" for k in index.kids(kid)
                )
            ):
                # "a spokesman for the authority": the organisation named before
                org = self._description(index, s, kid, (kid.lemma or kid.text).lower())
                if org.resolution == "description" and org.type in ("ORG", "GPE"):
                    return org.name, noun, 0.55
            if base_rel(kid) == "compound" and kid.upos in ("NOUN", "PROPN"):
                modifiers.append(kid)
        if modifiers:  # "a transport ministry spokeswoman": the unnamed organisation as written
            first = min(mention_word_ids(index, modifiers[0]))
            last = max(mention_word_ids(index, modifiers[-1]))
            affiliation = self.article.text[
                offsets(index.word(first))[0] : offsets(index.word(last))[1]
            ]
            return affiliation, noun, 0.5
        return None

    def _earlier_spokesperson(self, s: int, head) -> tuple[str, str, float | None] | None:
        """The organisation of the latest spokesperson phrase before ``head`` that names one."""
        spokes = lexicons.spokes_nouns()
        for t in range(s, max(-1, s - 2 * _PRONOUN_REACH), -1):
            index = self.analysis.views[t]
            for w in reversed(index.words):
                if t == s and w.id >= head.id:
                    continue
                if (w.lemma or w.text or "").lower() in spokes:
                    found = self._spokes_org(index, t, w)
                    if found is not None:
                        return found[0], found[1], 0.55
        return None

    def _description(self, index: SentenceView, s: int, head, lemma: str) -> Speaker:
        """A definite description tied to a named entity by its titles: "the Russian president",
        "the newspaper"."""
        kind, broader = lexicons.roles().get(lemma, ("ORG", frozenset()))
        wanted = {lemma} | broader
        modifiers = []
        for wid in sorted(mention_word_ids(index, head)):
            w = index.word(wid)
            if w.id != head.id and w.upos in ("ADJ", "PROPN", "NOUN") and w.deprel != "nmod:poss":
                mod = fold_accents(w.lemma or w.text)
                if mod not in _IGNORED_MODIFIERS:
                    modifiers.append(mod)
        start, end = self._span(index, head)
        det = next((k.text.lower() for k in index.kids(head) if k.upos == "DET"), "")
        if det in ("a", "an", "another", "some"):
            return self._unresolved(index, head)
        hints = lexicons.org_hints()
        synonyms = lexicons.modifier_synonyms()
        after = None
        last = {}
        for m in self.analysis.mentions:
            entity = self.analysis.entity_of.get((m.sentence, m.head))
            if entity is None:
                continue
            if kind == "ORG":
                if entity.type not in ("ORG", "UNKNOWN") and not (
                    entity.type == "GPE" and lemma in entity.words
                ):
                    continue
                keys = set(entity.titles) | set(entity.words)
                for w in entity.words:
                    keys |= hints.get(w, frozenset())
            else:
                if entity.type != kind:
                    continue
                keys = set(entity.titles)
            if not wanted & keys:
                continue
            stems = {_stem(w) for w in entity.titles | set(entity.words)}
            if any(
                _stem(mod) not in stems and not {_stem(x) for x in synonyms.get(mod, ())} & stems
                for mod in modifiers
            ):
                continue
            if m.start_char < start:
                last[entity.id] = m.start_char
            elif after is None:
                after = entity
        if last:
            best = self.analysis.entities[max(last, key=last.__getitem__)]
            return self._speaker(
                start, end, best.canonical, best.type, "description", affiliation=best.affiliation
            )
        if after is not None:
            return self._speaker(
                start,
                end,
                after.canonical,
                after.type,
                "description",
                confidence=0.6,
                affiliation=after.affiliation,
            )
        if kind == "ORG" and lemma in lexicons.roles():
            # An unnamed organisation: the fullest earlier phrase with the same head ("the harbour
            # authority").
            name = self._fullest_nominal(s, head, lemma) or _without_det(
                self.article.text[start:end]
            )
            owner = self._possessor(index, s, head)  # "Hillary Clinton's campaign"
            return self._speaker(
                start,
                end,
                name,
                "ORG",
                "description",
                confidence=0.55,
                affiliation=owner.canonical if owner else None,
            )
        return self._unresolved(index, head)

    def _possessor(self, index: SentenceView, s: int, head) -> Entity | None:
        for kid in index.kids(head):
            if kid.deprel == "nmod:poss":
                m = self.analysis.by_word.get((s, kid.id))
                if m is not None:
                    return self.analysis.entity_of.get((s, m.head))
                if kid.upos == "PRON":
                    return self.antecedent(s, kid)
        return None

    def _fullest_nominal(self, s: int, head, lemma: str) -> str | None:
        """The longest "the/a X Y lemma" phrase up to this one, without its determiner."""
        best, best_len = None, 0
        for t in range(0, s + 1):
            index = self.analysis.views[t]
            for w in index.words:
                if (
                    w.upos != "NOUN"
                    or (w.lemma or "").lower() != lemma
                    or (t == s and w.id > head.id)
                ):
                    continue
                owners = set()
                for kid in index.kids(w):
                    if kid.deprel == "nmod:poss":
                        owners |= index.subtree_ids(kid)
                ids = {
                    i
                    for i in mention_word_ids(index, w)
                    if index.word(i).upos not in ("DET", "PRON") and i not in owners
                }
                ids = {i for i in ids if i <= w.id}  # the modifiers before the noun
                if len(ids) > best_len:
                    a, b = span_of(index, ids)
                    best, best_len = self.article.text[a:b], len(ids)
        return best

    def _unresolved(self, index: SentenceView, head) -> Speaker:
        start, end = self._span(index, head)
        mention = self.article.text[start:end]
        kind = ner_type(word_ner(head)) or "UNKNOWN"
        return self._speaker(start, end, _without_det(mention), kind, "unresolved")

    # -- helpers -----------------------------------------------------------------------------------

    def _span(self, index: SentenceView, head, *, names_in: int | None = None) -> tuple[int, int]:
        """The mention's span; with the name heads of sentence ``names_in`` as appositions."""
        names = None
        if names_in is not None:
            names = {wid for (t, wid) in self.analysis.heads if t == names_in}
        return span_of(index, mention_word_ids(index, head, names=names))

    def _speaker(
        self,
        start: int,
        end: int,
        name: str,
        kind: str,
        path: str,
        *,
        confidence: float | None = None,
        affiliation: str | None = None,
        role: str | None = None,
    ) -> Speaker:
        mention = self.article.text[start:end]
        return Speaker(
            mention=mention,
            start_char=start,
            end_char=end,
            name=" ".join(name.split()),
            type=kind,
            resolution=path,
            confidence=CONFIDENCE[path] if confidence is None else confidence,
            affiliation=affiliation,
            role=" ".join(role.split()) if role and role.strip() else None,
        )

    def _registry(self, speaker: Speaker) -> Speaker:
        if self.registry is None or speaker.resolution in ("unresolved", "spokesperson"):
            return speaker
        if speaker.type == "UNKNOWN" and len(speaker.name.split()) < 2:
            return speaker  # an untyped single word ("II", "Monday") is no name to look up
        entity = self._by_canonical.get(speaker.name)
        entry = self.registry.lookup(
            speaker.name, kind=speaker.type, gender=entity.gender if entity else None
        )
        if entry is None or entry.name == speaker.name:
            return speaker
        path = (
            "registry" if speaker.resolution in ("mention", "name-variant") else speaker.resolution
        )
        kind = speaker.type if speaker.type != "UNKNOWN" else entry.type
        return Speaker(
            mention=speaker.mention,
            start_char=speaker.start_char,
            end_char=speaker.end_char,
            name=entry.name,
            type=kind,
            resolution=path,
            confidence=min(speaker.confidence, CONFIDENCE["registry"])
            if path == "registry"
            else speaker.confidence,
            affiliation=speaker.affiliation,
            role=speaker.role,
        )


def _apposed(index: SentenceView, kid) -> bool:
    """An apposition, or a conjunct with no conjunction that a comma sets off (a parser's
    apposition: "the finance director, Tom Reyes")."""
    if kid.deprel == "appos":
        return True
    if base_rel(kid) != "conj" or any(base_rel(k) == "cc" for k in index.kids(kid)):
        return False
    first = min([kid.id] + [k.id for k in index.kids(kid) if k.id < kid.id and k.upos != "PUNCT"])
    prev = index.word(first - 1)
    return prev is not None and prev.text == ","


def _title_text(text: str) -> str | None:
    """The title words before a name, without an article or a trailing comma ("the former
    Transport Minister " -> "former Transport Minister")."""
    words = text.replace(",", " ").split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) or None


def _cue_nouns() -> frozenset[str]:
    """Nouns for things said ("statement", "note"), from the detection lexicon."""
    from .. import lexicon

    try:
        return lexicon.load("speech_nouns")
    except AttributionError:
        return frozenset()


def _spokes_name(affiliation: str, noun: str) -> str:
    """ "Kremlin spokesman", "transport ministry spokeswoman": the organisation, then the noun."""
    org = _without_det(affiliation)
    return org if org.lower().endswith(noun.lower()) else f"{org} {noun}"


def _without_det(mention: str) -> str:
    words = mention.split()
    if len(words) > 1 and words[0].lower() in ("a", "an", "the", "one"):
        words = words[1:]
    return " ".join(words)
