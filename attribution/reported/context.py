"""What every rule shares: the document view (text, sentences, paragraphs), the quote spans, the
lexicons.

Built once per document by :func:`attribution.reported.detect`. Also the two
steps every rule ends with: choosing the source's head word for a cue, and turning a raw
content span into (start, end, kind) by snapping it to the quotation marks it touches.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache

from .. import lexicon
from ..quotes import QuoteSpan
from ..sentences import DocumentView, SentenceView, base_rel, is_gerund, word_end, word_start
from .text import blank, trim
from .times import is_time, named, ner

# Source relations of a cue verb: the subject, or the "by X" agent of a passive.
_SUBJECTS = ("nsubj", "nsubj:pass")
_CLIMB = frozenset({"xcomp", "conj", "advcl", "acl", "acl:relcl", "ccomp", "parataxis", "dep"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X", "SYM"})
_POSSESSORS = ("nmod:poss", "nmod", "obl")
_ISSUER_CASES = frozenset({"from", "by", "of", "with", "'s", "’s", "'"})


@dataclass(slots=True)
class Context:
    document: DocumentView
    quotes: list[QuoteSpan]
    speech_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    belief_verbs: frozenset[str]
    include_beliefs: bool = False
    evaluative_verbs: frozenset[str] = frozenset()
    topic_prepositions: dict[str, frozenset[str]] = field(
        default_factory=dict
    )  # "point to", "call for"
    naming_verbs: frozenset[str] = frozenset()
    hearer_verbs: frozenset[str] = frozenset()
    commissive_verbs: frozenset[str] = frozenset()
    object_speech_verbs: frozenset[str] = frozenset()  # "said no", "repeated the charge"
    response_verbs: frozenset[str] = frozenset()  # "dismissed those concerns": no quote alone
    quote_starts: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.quote_starts = [q.start for q in self.quotes]

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def views(self) -> list[SentenceView]:
        return self.document.sentences

    @property
    def paragraph_starts(self) -> list[int]:
        return self.document.paragraph_starts

    def paragraph_of(self, offset: int) -> int:
        return self.document.paragraph_of(offset)

    def is_cue_verb(self, word) -> bool:
        lemma = (word.lemma or word.text or "").lower()
        if lemma in self.speech_verbs:
            return True
        return self.include_beliefs and lemma in self.belief_verbs

    def is_belief(self, word) -> bool:
        lemma = (word.lemma or word.text or "").lower()
        return lemma not in self.speech_verbs and lemma in self.belief_verbs

    def is_cue_noun(self, word) -> bool:
        return (word.lemma or word.text or "").lower() in self.speech_nouns or (
            word.text or ""
        ).lower() in self.speech_nouns

    def quotes_overlapping(self, start: int, end: int) -> list[QuoteSpan]:
        """Quote spans that share characters with [start, end) (the list is sorted by start)."""
        i = bisect_left(self.quote_starts, start)
        out = []
        if i > 0 and self.quotes[i - 1].end > start:
            out.append(self.quotes[i - 1])
        while i < len(self.quotes) and self.quotes[i].start < end:
            out.append(self.quotes[i])
            i += 1
        return out

    def quote_at(self, offset: int) -> QuoteSpan | None:
        i = bisect_right(self.quote_starts, offset) - 1
        if i >= 0 and self.quotes[i].start <= offset < self.quotes[i].end:
            return self.quotes[i]
        return None

    def content(self, start: int, end: int) -> tuple[int, int, str] | None:
        """Trim a raw content span and snap it to the quotes it touches: (start, end, kind).

        Inside one quote, or covering it: the quote with its marks ("direct"). Partly quoted:
        widened to whole quotes ("mixed"). No marks: "indirect". None when nothing is left.
        """
        start, end = trim(self.text, start, end)
        if end <= start:
            return None
        touched = self.quotes_overlapping(start, end)
        # A mark the sentence splitter left at an edge belongs to the quote beside the span: "...
        # of golf. ''" ends on the opening mark of the next paragraph's quote.
        if touched and not _has_words(self.text, max(start, touched[-1].start), end):
            end = touched.pop().start
        if touched and not _has_words(self.text, start, min(end, touched[0].end)):
            start = touched.pop(0).end
        start, end = trim(self.text, start, end)
        if end <= start:
            return None
        if not touched:
            return start, end, "indirect"
        first, last = touched[0], touched[-1]
        new_start, new_end = min(start, first.start), max(end, last.end)
        if len(touched) == 1:
            q = first
            outside = max(0, q.start - start) + max(0, end - q.end)
            if (
                outside <= 2
                or not self.text[start : q.start].strip(" ,.:;—–-")
                and not self.text[q.end : end].strip(" ,.:;—–-")
            ):
                return q.start, q.end, "direct"
        return new_start, new_end, "mixed"

    def pieces(self, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], str] | None:
        """Snap each piece of a content in pieces (:meth:`content`); the kind of the whole:
        direct when every piece is a quote, indirect when none is quoted, else mixed. None when
        fewer than two pieces are left."""
        snapped = [c for c in (self.content(s, e) for s, e in spans) if c is not None]
        if len(snapped) < 2:
            return None
        kinds = {k for _, _, k in snapped}
        kind = kinds.pop() if len(kinds) == 1 else "mixed"
        return [(s, e) for s, e, _ in snapped], kind


def speaker_head(ctx: Context, view: SentenceView, cue, depth: int = 0):
    """The head word of the source of a cue verb or noun, or None.

    "Lavrov said" -> Lavrov; "..., said Lavrov" -> Lavrov; "it was announced by the Kremlin"
    -> Kremlin; "X attacked Y, saying ..." -> X (climbing xcomp/conj/advcl); "a statement
    from the campaign said" -> campaign (the issuer of a cue noun).
    """
    if depth == 0 and passive_question(ctx, view, cue):
        agent = agent_of(view, cue)  # "Asked by reporters whether ..., Lee smiled": not Lee
        return issuer(ctx, view, agent) if agent is not None else None
    perfect = _contracted_perfect(ctx, view, cue)
    if perfect is not None:
        return issuer(ctx, view, perfect)
    passive = any(
        c.deprel == "aux:pass" or c.deprel == "nsubj:pass" for c in view.children[cue.id]
    ) or _bare_participle(view, cue)
    if passive:
        agent = agent_of(view, cue)
        if agent is not None:
            return issuer(ctx, view, agent)
    for c in _subjects(ctx, view, cue):
        if c.deprel == "nsubj:pass" and ctx.is_cue_verb(cue) and depth == 0:
            continue  # "X was told that ..." - X is the hearer; "it was said that ..."
        if (c.lemma or "").lower() == "it" and c.upos == "PRON" and depth == 0 and passive:
            continue  # "it was announced by ... that ..." with "it" as a plain subject (CoreNLP)
        return issuer(ctx, view, c)
    host = _clause_above_subject(view, cue) if depth == 0 else None
    if host is not None:
        found = speaker_head(ctx, view, host, depth + 1)
        if found is not None:
            return found
    # a fragment the sentence splitter cut from its subject: the cue, or the verb a gerund cue
    # hangs on ("... (R-Pa.)" / "refused to ..., responding that ...")
    fragment = _split_subject(ctx, view, cue)
    if fragment is None and depth == 0:
        fragment = _upside_down(ctx, view, cue)
    if fragment is not None:
        return fragment
    first = view.head_of(cue) if base_rel(cue) == "conj" and is_gerund(cue) else None
    if (
        first is not None
        and is_gerund(first)
        and set_off_gerund(ctx, view, first)
        and not set_off_gerund(ctx, view, cue)
    ):
        # "..., holding signs and chanting ...", "..., saying X but suggesting Y": a gerund joined
        # to one set off by a comma has that one's subject, found as for a cue of its own (the
        # participle's host); else the climb below
        found = speaker_head(ctx, view, first, depth)
        if found is not None:
            return found
    if depth == 0 and base_rel(cue) in _CLIMB:
        host = _participle_host(ctx, view, cue)
        found = speaker_head(ctx, view, host, depth + 1) if host is not None else None
        if found is not None:
            return found
    # only the cue's own infinitive: a gerund hung under one ("pressured them to stop by
    # threatening ...") is the parser's misattachment, done by the main subject
    controller = (
        _object_controller(ctx, view, cue)
        if depth == 0 and base_rel(cue) in ("xcomp", "advcl")
        else None
    )
    if controller is not None:
        return issuer(ctx, view, controller)
    if depth == 0 and base_rel(cue) in ("conj", "advcl"):
        outer = _outer_cue(ctx, view, cue) or _above_unshared(view, cue)
        if outer is not None:
            return speaker_head(ctx, view, outer, depth + 1)
    host = _verb_beyond(view, cue) if depth < 3 else None
    if host is not None:
        return speaker_head(ctx, view, host, depth + 1)
    if depth < 3 and base_rel(cue) in _CLIMB and cue.deprel not in ("ccomp",):
        head = view.head_of(cue)
        if head is not None:
            if base_rel(cue) == "acl" and head.upos in _NOMINAL:
                found = _infinitive_host(ctx, view, cue, head, depth)
                if found is not None:
                    return found
                return issuer(
                    ctx, view, head
                )  # "the campaign, which said ...", "a statement saying ..."
            return speaker_head(ctx, view, head, depth + 1)
    return None


# Verbs that get someone else to act: "led her to declare", "pressed him to admit" (not "wants
# voters to recall", a wish of the subject's own).
_CAUSERS = frozenset(
    {
        "lead",
        "prompt",
        "cause",
        "get",
        "force",
        "push",
        "press",
        "pressure",
        "send",
        "allow",
        "enable",
        "inspire",
        "spur",
        "drive",
        "compel",
        "provoke",
        "invite",
        "persuade",
        "convince",
        "challenge",
        "dare",
        "ask",
        "tell",
        "move",
    }
)


def _object_controller(ctx: Context, view: SentenceView, cue):
    """The person an infinitive cue's verb acts on, who does the cue: "The delay led some voters
    to say ...", "The paper sent a reporter to ask ..." (object control: the object, not the
    subject, of the verb the infinitive completes, also where the parser hung the infinitive as
    an ``advcl``); None for a thing ("used the question to demand ...", where the subject does
    it)."""
    if not any((m.lemma or "").lower() == "to" for m in view.kids(cue, "mark")):
        return None
    head = view.head_of(cue)
    if head is None or head.upos != "VERB" or (head.lemma or "").lower() not in _CAUSERS:
        return None
    for obj in view.kids(head, "obj", "iobj"):
        lemma = (obj.lemma or "").lower()
        if word_start(obj) < word_start(cue) and (
            obj.upos in ("PRON", "PROPN")
            or named(obj)
            or lemma in people()
            or obj.upos == "DET"
            and lemma in _SOME_PEOPLE
        ):
            return obj
    return None


# Determiners standing for people as a causer's object: "led some to speculate"
_SOME_PEOPLE = frozenset({"some", "many", "others", "several", "most", "few", "both"})


_CONTRACTED = frozenset({"'s", "’s"})
_PERSONAL = frozenset({"he", "she", "they", "i", "we", "you"})


def _contracted_perfect(ctx: Context, view: SentenceView, cue):
    """The subject of "He's said he ...", "She’s argued that ...": the parser read the
    contracted "has" as a passive "is"; a person's pronoun or name before it and a clause of
    its own (or an object) after it make it the perfect ("It's said that ..." and "he's said to
    be" stay passive; "asked" may be either, and stays a question)."""
    if cue.upos != "VERB" or (cue.lemma or "").lower() in ctx.hearer_verbs:
        return None
    if not any(a.text in _CONTRACTED for a in view.kids(cue, "aux:pass")):
        return None
    # a passive has no object or clause with a subject of its own ("told" and "asked", which
    # may have both, are hearer verbs, left out above)
    if not view.kids(cue, "obj") and not any(
        view.kids(clause, "nsubj") for clause in view.kids(cue, "ccomp")
    ):
        return None
    subjects = view.kids(cue, "nsubj:pass")
    if len(subjects) != 1:
        return None
    subject = subjects[0]
    person = (subject.lemma or subject.text or "").lower() in _PERSONAL and subject.upos == "PRON"
    return subject if person or ner(subject) in ("PERSON", "PER") else None


def _verb_beyond(view: SentenceView, cue):
    """The verb a subjectless infinitive or gerund cue completes through an adverb, or as an
    oblique the parser made of it: "went so far as to say", "was back to implying", "went on to
    explain" (``explain`` an ``obl`` of "went"); and the emphatic "do" the parser made the main
    verb ("he did say ..."). That verb's subject does the cue."""
    feats = cue.feats or ""
    if cue.upos != "VERB" or not ("VerbForm=Inf" in feats or is_gerund(cue)):
        return None
    head = view.head_of(cue)
    if head is None or view.kids(cue, "nsubj"):
        return None
    marks = {(m.lemma or "").lower() for m in view.kids(cue, "mark")}
    if (head.lemma or "").lower() == "do" and base_rel(cue) in ("ccomp", "xcomp") and not marks:
        return head if _adverbs_between(view, head, cue) else None
    if not marks & {"to", "by"}:
        return None
    if base_rel(cue) in ("advcl", "xcomp") and head.upos == "ADV" and base_rel(head) == "advmod":
        head = view.head_of(head)
    elif base_rel(cue) != "obl":
        return None
    return head if head is not None and head.upos in ("VERB", "AUX") else None


def _adverbs_between(view: SentenceView, first, second) -> bool:
    # "did not say", "did indeed say": only adverbs between the auxiliary and its verb
    between = view.words_between(word_end(first), word_start(second))
    return all(w.upos in ("ADV", "PART") for w in between)


def _bare_participle(view: SentenceView, cue) -> bool:
    # "As reported by Western Journalism, ...", "..., as noted by the agency": a past participle
    # with no subject or auxiliary of its own is passive, and its "by" phrase is the agent
    feats = cue.feats or ""
    return (
        cue.upos == "VERB"
        and "VerbForm=Part" in feats
        and "Tense=Past" in feats
        and not view.kids(cue, "nsubj", "aux", "nsubj:pass", "aux:pass")
    )


def passive_question(ctx: Context, view: SentenceView, cue) -> bool:
    """ "She was asked about the loans" / "Asked whether he would run, Lee smiled" / "when asked
    about it": a hearer verb whose subject is the hearer; the asker is named only in a "by" phrase,
    if at all."""
    if cue.upos != "VERB" or (cue.lemma or "").lower() not in ctx.hearer_verbs:
        return False
    if any(c.deprel in ("aux:pass", "nsubj:pass") for c in view.children[cue.id]):
        return True
    return "VerbForm=Part" in (cue.feats or "") and not view.kids(cue, "nsubj", "aux")


def agent_of(view: SentenceView, cue):
    """The X of "asked by X", or None."""
    for f in view.kids(cue, "obl", "obl:agent", "nmod:agent"):
        if f.deprel.endswith("agent") or any(
            (c.lemma or "").lower() == "by" for c in view.kids(f, "case")
        ):
            return f
    return None


def _participle_host(ctx: Context, view: SentenceView, cue):
    """The clause whose subject a gerund set off by a comma shares, when the parser hung it
    elsewhere.

    "Trump argued that a database would help, saying ..." (saying -> help): the speech verb whose
    content took it; "Fallon responded on Twitter, calling the charge “pathetic”" (calling ->
    Twitter): the clause of the noun. A speech noun keeps its gerund ("a statement, calling for
    talks").
    """
    if not set_off_gerund(ctx, view, cue) or ctx.quote_at(word_start(cue)) is not None:
        return None
    cs = word_start(cue)
    head = view.head_of(cue)
    if head is None:
        return None
    speech = next(
        (
            w
            for w in reversed(view.words_between(view.start, cs))
            if w.upos == "VERB"
            and ctx.is_cue_verb(w)
            and ctx.quote_at(word_start(w)) is None
            and view.kids(w, "nsubj")
        ),
        None,
    )
    if speech is not None and speech is not head and view.in_subtree(head, speech):
        return speech  # also past a speech noun in the content: "said ... Burma's appeal, citing"
    if head.upos == "NOUN" and ctx.is_cue_noun(head):
        return None
    # "Bradley apologized for the columns after they came out, saying ...", "The president left no
    # doubt of his commitment to helping Clinton succeed him, saying ...": a participle set off
    # by a comma says what the subject of the main clause before it says, not a subject of the
    # clauses the parser hung it on inside
    word, seen, outermost = head, 0, None
    while word is not None and seen <= len(view.words):
        if (
            word_start(word) < cs
            and view.kids(word, "nsubj")
            and ctx.quote_at(word_start(word)) is None
        ):
            outermost = word
            if base_rel(word) in ("conj", "acl"):
                break  # "..., but Wallace brought him back, asking ...": its own clause's subject
        word, seen = view.head_of(word), seen + 1
    if outermost is not None:
        return outermost
    if head.upos in _NOMINAL:
        word, seen = head, 0
        while (
            word is not None
            and word.upos not in ("VERB", "AUX")
            and not view.kids(word, "nsubj")
            and seen < 8
        ):
            word, seen = view.head_of(word), seen + 1
        return word
    return None


_GERUND_MARKS = frozenset({"of", "in"})


@cache
def people() -> frozenset[str]:
    """Nouns for people and bodies, who speak for themselves: "voters saying", "a group of
    critics saying"."""
    return (
        lexicon.load("person_nouns")
        | frozenset(lexicon.load_fields("roles"))
        | lexicon.load("spokespeople")
    )


def _infinitive_host(ctx: Context, view: SentenceView, cue, noun, depth: int):
    # "Trump never missed an opportunity to remind voters he ...": an infinitive on a plain noun
    # ("opportunity", "effort") is done by the subject of the clause that noun is in.
    if noun.upos != "NOUN" or ctx.is_cue_noun(noun):
        return None
    marks = {(m.lemma or "").lower() for m in view.kids(cue, "mark", "case")}
    # "has a long history of blaming others", "took the unusual step of criticizing": a gerund
    # after "of" or "in" on a plain noun, likewise; never on a noun for people ("voters saying")
    gerund = (
        is_gerund(cue)
        and marks & _GERUND_MARKS
        and not named(noun)
        and (noun.lemma or "").lower() not in people()
    )
    if "to" not in marks and not gerund:
        return None
    owners = view.kids(noun, "nmod:poss")
    if gerund and owners:
        return owners[0]  # "abandoned their strategy of attacking him": theirs
    verb = view.head_of(noun)
    if (
        verb is None
        or verb.upos not in ("VERB", "AUX")
        or base_rel(noun) not in ("obj", "nsubj:pass", "obl")
    ):
        return None
    return speaker_head(ctx, view, verb, depth + 1)


def _subjects(ctx: Context, view: SentenceView, cue) -> list:
    """The cue's subjects, the likeliest first.

    "Wednesday on Fox News, Gingrich said ...", "“Too much hate,” she said": a parser may give a
    verb two subjects; a phrase inside a quotation the cue is not in, a time word, or one farther
    from the cue, is the stray one, so the nearest subject outside quotes comes first.
    """
    subjects = [w for w in view.kids(cue, "nsubj") if not stray_adverb(w)] or [
        # "Cook declined to say ..." with "Cook" tagged a verb and made a clausal subject: a name
        # the tagger got wrong is still the subject
        w
        for w in view.kids(cue, "csubj")
        if ner(w) in ("PERSON", "PER", "ORG")
        and all(base_rel(k) in ("compound", "flat", "punct") for k in view.kids(w))
    ]
    if subjects and set_off_gerund(ctx, view, cue) and ctx.quote_at(word_start(cue)) is None:
        # "Fiorina was upfront about her distaste for Donald Trump, the front-runner, saying ...":
        # a gerund set off by a comma has no subject of its own; the parser's is a stray noun
        subjects = [w for w in subjects if word_start(w) > word_start(cue)]
    if len(subjects) < 2:
        return subjects
    inside = ctx.quote_at(word_start(cue))
    cs = word_start(cue)

    def rank(w):
        # "“...,” Trump said Monday" with "Monday" a second subject: a time word is the stray one
        q = ctx.quote_at(word_start(w))
        quoted = q is not None and q is not inside
        return quoted, is_time(w), abs(word_start(w) - cs)

    return sorted(subjects, key=rank)


def stray_adverb(word) -> bool:
    """An adverb the parser made a subject ("Kasich offered him a job, then says ...", "said
    Lee, a supporter here"): no speaker; a quantifier ("most said") is one."""
    return word.upos == "ADV" and (word.lemma or word.text or "").lower() not in _QUANTIFIERS


_QUANTIFIERS = frozenset({"most", "more", "many", "much", "few", "fewer", "less", "least"})


def set_off_gerund(ctx: Context, view: SentenceView, cue) -> bool:
    """A gerund cue right after a comma (or a comma and closing quotation marks): "She left the
    stage, calling the plan “a disgrace”", "“...,” said Mr. Burr, adding that ...". Its subject
    is the clause's before it (the parser hangs it anywhere), unlike "kept attacking" or "began
    discussing"; adverbs may come between: "..., even suggesting he was sabotaged")."""
    if not is_gerund(cue):
        return False
    # "..., even suggesting", "..., not even suggesting": the comma before the adverbs
    start = word_start(cue)
    at = view.position(cue)
    while at is not None and at > 0 and _adverb(view.words[at - 1]):
        at -= 1
        start = word_start(view.words[at])
    # the comma may sit inside the closing marks: "said it was “over,” adding ...", "''over,''"
    before = ctx.text[view.start : start].rstrip().rstrip("”’'\"").rstrip()
    return before.endswith(",")


def _adverb(word) -> bool:
    return word.upos == "ADV" or (word.upos == "PART" and (word.lemma or "").lower() == "not")


def _outer_cue(ctx: Context, view: SentenceView, cue):
    # "She said the plan works and praised its author": the parser hangs the second, subjectless cue
    # on the reported clause; its speaker is the first cue's, not the clause's subject ("plan").
    head = view.head_of(cue)
    if head is None or base_rel(head) != "ccomp":
        return None
    outer = view.head_of(head)
    if outer is None or outer.upos != "VERB" or not ctx.is_cue_verb(outer) or outer.id > head.id:
        return None
    return outer


def _clause_above_subject(view: SentenceView, cue):
    """The clause a subjectless gerund cue says what of when the parser made it the clausal subject
    of the verb after it: "He dismissed the plan while saying they will vote for it" ("saying" the
    subject of "vote"), "..., saying the deal goes too far": the nearest verb above that one with
    a subject of its own."""
    if base_rel(cue) != "csubj" or not is_gerund(cue) or view.kids(cue, "nsubj", "nsubj:pass"):
        return None
    head = view.head_of(cue)
    above = view.head_of(head) if head is not None else None
    return next(
        (w for w in view.ancestors(above, limit=8) if view.kids(w, "nsubj", "nsubj:pass")), None
    )


def _above_unshared(view: SentenceView, cue):
    """The verb above the clause a finite cue was hung in as a conjunct it cannot be: "Aides
    believe Lee has won and admit ...", "Officials fear the storm will hit and warn ..." (a finite
    verb does not share the auxiliary of the verb the parser coordinated it with); the cue goes
    on from the verb that clause completes."""
    if base_rel(cue) != "conj" or "VerbForm=Fin" not in (cue.feats or ""):
        return None
    if view.kids(cue, "nsubj", "nsubj:pass", "aux", "aux:pass", "expl"):
        return None
    head = view.head_of(cue)
    if head is None or head.upos != "VERB" or base_rel(head) not in ("ccomp", "xcomp", "advcl"):
        return None
    return view.head_of(head) if view.kids(head, "aux") else None


def _split_subject(ctx: Context, view: SentenceView, cue):
    # "Rep. Stephen Lynch (D-Mass.) said the law ...", split by the tokenizer after "(D-Mass.)":
    # a subjectless cue opening its sentence takes the name that the verbless sentence before ends
    # on.
    if view.index == 0:
        return None
    prev = ctx.views[view.index - 1]
    if not prev.words:
        return None
    first = next((w for w in view.words if w.upos != "PUNCT"), None)
    if first is cue and not any(w.upos in ("VERB", "AUX") for w in prev.words):
        return _last_name(prev)
    # "... Sen. Roy Blunt (R-Mo.)" / ", facing a stiff challenge, noted that ...", "... Sen. Mitch
    # McConnell (R-Ky.)" / "last week said ...": a sentence that opens on a comma or a lower-case
    # word is the rest of the one before, whatever verbs that has, and its first verb's subject
    # is the name the sentence before ends on
    if not _cut_off(ctx, view) or not _first_verb(ctx, view, cue):
        return None
    name = _last_name(prev)
    if name is None or not _SPLIT_TAIL.fullmatch(
        ctx.text[word_end(name) : word_end(prev.words[-1])]
    ):
        return None
    return name


# What may follow the name a split sentence ends on: "(R-Ky.)", closing marks.
_SPLIT_TAIL = re.compile(r"\s*(\([^()]{1,20}\)?)?[\s.,;:\"'”’]*")


def _last_name(prev: SentenceView):
    # "On Saturday, Sen. Bernie Sanders (I-Vt.)": the name, not the time it was said; "Shortly
    # after the announcement of Scalia's death, Senate Majority Leader Mitch McConnell (R-Ky.)":
    # the name the sentence ends on, not a possessor
    names = [w for w in prev.words if w.upos == "PROPN" and not is_time(w)]
    heads = [
        w
        for w in names
        if base_rel(w) not in ("compound", "flat")
        and w.deprel != "nmod:poss"
        and (prev.head_of(w) is None or prev.head_of(w).upos != "PROPN" or is_time(prev.head_of(w)))
    ]
    return heads[-1] if heads else None


def _cut_off(ctx: Context, view: SentenceView) -> bool:
    """Whether a sentence opens as no sentence does: on a comma or a lower-case letter."""
    start = word_start(view.words[0])
    opening = ctx.text[start : start + 1]
    return opening == "," or opening.islower()


def _first_verb(ctx: Context, view: SentenceView, cue) -> bool:
    """Whether ``cue`` is the first verb of its sentence and nothing before it is a subject; a
    stretch set off by commas after an opening comma (", who ..., said") does not count."""
    before = [w for w in view.words if word_start(w) < word_start(cue)]
    if before and before[0].text == ",":
        commas = [i for i, w in enumerate(before) if w.text == ","]
        before = before[: commas[0]] + before[commas[-1] + 1 :] if len(commas) > 1 else before
        if len(commas) < 2:
            return False
    return not any(w.upos == "VERB" or base_rel(w) in ("nsubj", "csubj", "expl") for w in before)


def _upside_down(ctx: Context, view: SentenceView, cue):
    # "Graham said, “How many of you ...”" parsed with the cue as a dep of "Graham": a subjectless
    # cue hung on the name right before it is said by that name.
    head = view.head_of(cue)
    if (
        head is None
        or head.upos not in ("PROPN", "PRON", "NOUN")
        or base_rel(cue) not in ("dep", "parataxis", "appos")
        or word_start(head) > word_start(cue)
        or not blank(ctx.text, word_end(head), word_start(cue))
    ):
        return None
    return issuer(ctx, view, head)


def issuer(ctx: Context, view: SentenceView, word):
    """For a cue noun ("a note from the Kremlin", "Lavrov's statement") the one who issued it."""
    if word is None or word.upos != "NOUN" or not ctx.is_cue_noun(word):
        return word  # names are never cue nouns: "The New York Post reports"
    for c in view.kids(word, *_POSSESSORS):
        if c.upos in ("PROPN", "NOUN", "PRON") and not ctx.is_cue_noun(c) and _issued_by(view, c):
            return c
    return word


def _issued_by(view: SentenceView, word) -> bool:
    # "the Kremlin's note", "a note from/by/of the Kremlin", "interviews with officials"; not "a
    # report at the time", "a report Tuesday"
    if word.deprel == "nmod:poss":
        return True
    if word.deprel.endswith(":tmod") or is_time(word):
        return False
    cases = {(k.lemma or k.text or "").lower() for k in view.kids(word, "case")}
    return not cases or bool(cases & _ISSUER_CASES)


def _has_words(text: str, start: int, end: int) -> bool:
    return any(ch.isalnum() for ch in text[start:end])
