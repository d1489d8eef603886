"""Speech acts whose content is their object: "Trump called Machado “disgusting”", "Clinton
criticized the plan", "accused him of lying", "Sanders talked about bullying".

The content runs from the object over the complements that follow it ("as ...", "of ...",
a quoted xcomp); without an object, an "about/of/on ..." phrase is the content.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..detection import Detection
from ..sentences import SentenceView, base_rel, word_end, word_start
from .context import Context, passive_question, set_off_gerund, speaker_head
from .indirect import after_participle
from .text import blank, last_index

_VERBAL = frozenset({"VERB"})
_TOPIC_CASES = frozenset({"about", "of", "on", "as", "for", "to"})
_GAP = " ,“‘\"'"  # "called his plan “a disaster”": the mark hangs on the verb, not the name
_NOMINAL_OBJ = frozenset({"NOUN", "PROPN", "PRON", "NUM", "ADJ", "X", "DET"})
_TOPICS = frozenset(
    {"about", "of"}
)  # "talked about bullying", "spoke of the attacks"; more per verb in the lexicon


def find(ctx: Context, view: SentenceView) -> Iterator[Detection]:
    for cue in view.words:
        lemma = (cue.lemma or "").lower()
        if cue.upos not in _VERBAL or cue.deprel in ("amod", "compound", "nmod"):
            continue  # "pledged delegates", "talking animals": participles as adjectives
        if _attributive(view, cue):
            continue  # "384 pledged delegates" with "delegates" parsed as the object
        if not (
            lemma in ctx.evaluative_verbs
            or lemma in ctx.commissive_verbs
            or (lemma in ctx.speech_verbs and _passive_subject(view, cue) is not None)
        ):
            continue
        if ctx.quote_at(word_start(cue)) is not None:
            continue  # inside a quotation: the quote is the report
        if (
            _infinitive(ctx, view, cue)
            or cue.deprel == "xcomp"
            and not set_off_gerund(ctx, view, cue)
        ):
            continue  # "agreed to discuss ...", "to meet Li to discuss ...": intentions
        # "The mayor was asked about the budget": content as asked, the asker unnamed or in "by X"
        unnamed = passive_question(ctx, view, cue) and _passive_subject(view, cue) is None
        span = _asked(view, cue) if unnamed else _content(ctx, view, cue)
        if span is None:
            continue
        # "called Cruz the “ultimate hypocrite,” linking to a story": the participle is no content
        span = (span[0], after_participle(ctx, view, span[0], span[1]))
        if lemma not in ctx.naming_verbs:
            span = (span[0], _without_description(ctx, view, *span))
        snapped = ctx.content(*span)
        if snapped is None:
            continue
        s, e, kind = snapped
        if s <= word_start(cue) < e:
            continue
        speaker = speaker_head(ctx, view, cue)
        if speaker is None and not unnamed:
            continue  # "the plan was criticized", "it threatens the work": no speaker
        yield Detection(
            kind=kind,
            start_char=s,
            end_char=e,
            sentence=view.index,
            cue_start=word_start(cue),
            cue_end=word_end(cue),
            cue_lemma=(cue.lemma or cue.text).lower(),
            speaker_head=speaker,
            confidence=(0.6 if kind == "indirect" else 0.75) - (0.2 if unnamed else 0),
            rule="evaluative-asked" if unnamed else "evaluative-object",
        )


def _attributive(view: SentenceView, cue) -> bool:
    """A bare past participle between a noun's premodifiers and the noun modifies it.

    "There are 384 pledged delegates at stake", "the state's 20 pledged delegates": the parser
    made "delegates" the object of "pledged", but a past participle with no auxiliary and no
    subject takes no object; after a number, determiner, adjective, possessive or preposition it
    is an adjective of the noun right after it.
    """
    feats = cue.feats or ""
    if "VerbForm=Part" not in feats or "Tense=Past" not in feats:
        return False
    if view.kids(cue, "aux", "aux:pass", "nsubj", "nsubj:pass", "csubj", "mark"):
        return False
    k = view.position(cue)
    obj = view.kid(cue, "obj")
    if not k or k + 1 >= len(view.words) or obj is None:
        return False
    before, after = view.words[k - 1], view.words[k + 1]
    possessive = "Poss=Yes" in (before.feats or "") or (before.text or "") in ("'s", "’s")
    return view.left[obj.id] == word_start(after) and (
        before.upos in ("NUM", "DET", "ADJ", "ADP") or possessive
    )


def _without_description(ctx: Context, view: SentenceView, start: int, end: int) -> int:
    """Where the content ends before the writer's description of its last noun.

    "praised Tom Hale, the father of a slain soldier", "thanked the fund, which supports schools":
    an apposition or a relative clause set off by a comma (or dash) that closes an unquoted object
    content only says who or what that is. A naming verb's second object is its name ("called him
    a liar, a cheat") and stays.
    """
    for w in view.words_between(start + 1, end):
        if base_rel(w) not in ("appos", "acl") or ctx.quote_at(word_start(w)) is not None:
            continue
        if base_rel(w) == "appos" and w.upos != "NOUN":
            continue  # "criticized his wife, Heidi": the name says who, and is content
        if base_rel(w) == "appos" and view.kids(w, "conj"):
            continue  # "cited low growth, unemployment and inequality": a list, not a description
        left = view.left[w.id]
        mark = last_index(ctx.text, left)
        if (
            mark <= start
            or ctx.text[mark] not in ",—–"
            or not blank(ctx.text, view.right[w.id], end, " ,.;:!?—–-\"'“”‘’")
            or ctx.quotes_overlapping(left, end)
        ):
            continue
        return last_index(ctx.text, mark) + 1
    return end


def _asked(view: SentenceView, cue) -> tuple[int, int] | None:
    """What the unnamed asker asked: a question clause, a to-infinitive, an about-phrase or an
    object."""
    for f in sorted(
        view.kids(cue, "ccomp", "xcomp", "advcl", "obj", "obl", "dep"),
        key=lambda w: view.left[w.id],
    ):
        if view.left[f.id] < word_end(cue):
            continue
        cases = [c for c in view.kids(f, "case") if (c.lemma or "").lower() in ("about", "for")]
        if base_rel(f) == "obl":
            if cases and (cases[0].lemma or "").lower() != "by":
                return word_end(cases[0]), view.right[f.id]
            continue
        opener = view.words_between(view.left[f.id], view.left[f.id] + 1)
        question = opener and (
            (opener[0].lemma or "").lower() in ("if", "whether", "to")
            or (opener[0].xpos or "").startswith("W")
        )
        if base_rel(f) in ("advcl", "dep") and not question:
            continue
        return view.span(f)
    return None


def _infinitive(ctx: Context, view: SentenceView, cue) -> bool:
    # "agreed to (publicly) discuss the plan": a "to" right before the verb; "led to what the aide
    # called “...”" has its preposition parsed as the verb's marker, with words between.
    return any(
        (m.lemma or "").lower() == "to"
        and all(w.upos in ("ADV", "PART") for w in view.words_between(word_end(m), word_start(cue)))
        for m in view.kids(cue, "mark")
    )


def _content(ctx: Context, view: SentenceView, cue) -> tuple[int, int] | None:
    cs = word_start(cue)
    lemma = (cue.lemma or "").lower()
    naming = lemma in ctx.naming_verbs
    passive = _passive_subject(view, cue)
    if passive is not None:
        # "O’Malley’s move was first reported by MSNBC": the passive subject is what the agent
        # reported
        return view.span(passive)
    if lemma in ctx.commissive_verbs:
        # "vowed to harshly punish “those who violate classification rules.”"
        for x in view.kids(cue, "xcomp"):
            if word_start(x) > cs and any(
                (m.lemma or "").lower() == "to" for m in view.kids(x, "mark")
            ):
                return view.span(x)
    # "calling the governor a coward" (iobj + obj) / "called her son her hero" (dep + obj): the
    # name's bearer opens it. An "object" tagged as a verb is a clause the parser misread, no phrase
    # of content.
    rels = ("obj", "iobj", "dep") if naming else ("obj",)
    obj = min(
        (o for o in view.kids(cue, *rels) if word_start(o) > cs and o.upos in _NOMINAL_OBJ),
        key=lambda o: view.left[o.id],
        default=None,
    )
    if obj is not None and lemma in ctx.hearer_verbs:
        # "asked the mayor about the budget": after the hearer, an "about" phrase is what was asked
        topic = _topic(ctx, view, cue, lemma, after=view.right[obj.id])
        return topic  # "told reporters": otherwise the object is only who heard it
    if obj is not None:
        start, end = view.span(obj)
        # "called Machado “disgusting”", "accused him of lying", "described the ground as ''Swiss
        # cheese''"
        end = _extend(ctx, view, cue, end, naming)
        if naming and not _names(ctx, view, cue, obj, start, end):
            return None  # "called Machado on Friday", "called a rally for Thursday": no name given
        if end == view.right[obj.id] and _mentions_speech(ctx, view, obj):
            return None  # "Brandt rejected the complaint": it names earlier words, it reports none
        if lemma in ctx.response_verbs and not _statement(ctx, view, cue, obj, start, end):
            return None  # "The mayor dismissed those concerns": no statement of the mayor's
        # the content runs on over the phrases the parser hung on the verb instead of the object,
        # as a naming verb's: "cited his role as marshal of a parade in New York" ("in New York"
        # on "cited")
        return start, _extend(ctx, view, cue, end, True)
    # "called for the complete repeal of Obamacare", "talked about bullying": the phrase without its
    # preposition
    topic = _topic(ctx, view, cue, lemma, after=cs)
    # "called climate change a hoax": a small clause the parser made a complement
    # "called the ruling “absurd”" with the small clause left as a dep (its subject inside)
    for f in view.kids(cue, "xcomp", "ccomp") + [
        d for d in view.kids(cue, "dep") if naming and view.kids(d, "nsubj")
    ]:
        if word_start(f) > cs and not any(
            (m.lemma or "").lower() == "to" for m in view.kids(f, "mark")
        ):
            if topic is not None and topic[0] < view.left[f.id]:
                break  # "called for her ouster, believing ...": the topic comes first
            if set_off_gerund(ctx, view, f):
                continue  # "..., believing she was biased": what the speaker thought, no name
            return view.span(f)
    return topic


def _topic(
    ctx: Context, view: SentenceView, cue, lemma: str, *, after: int
) -> tuple[int, int] | None:
    """The first topic phrase after ``after``, without its preposition ("talked about bullying")."""
    naming = lemma in ctx.naming_verbs
    # "talked about moving on", "spoke of how she won": a clause after the preposition (advcl +
    # mark)
    for f in sorted(view.kids(cue, "obl", "advcl"), key=lambda w: view.left[w.id]):
        topics = _TOPICS | ctx.topic_prepositions.get(lemma, frozenset())
        cases = [
            c
            for c in view.kids(f, "case", "mark")
            if (c.lemma or "").lower() in topics and view.left[f.id] == word_start(c)
        ]
        if word_start(f) > after and cases:
            # "called for female contestants to wear shorter dresses": the complement goes with it
            return word_end(cases[0]), _extend(ctx, view, cue, view.right[f.id], naming)
    return None


def _names(ctx: Context, view: SentenceView, cue, obj, start: int, end: int) -> bool:
    """A naming verb names its object: a quote, or a second complement (xcomp, "as ...")."""
    if ctx.quotes_overlapping(start, end):
        return True
    for f in view.kids(cue):
        if view.left[f.id] > view.left[obj.id] and (
            f.deprel == "xcomp"
            or base_rel(f) in ("obj", "dep")
            or any((c.lemma or "").lower() == "as" for c in view.kids(f, "case", "mark"))
        ):
            return True
    return False


def _statement(ctx: Context, view: SentenceView, cue, obj, start: int, end: int) -> bool:
    """The object of a response verb reports a statement: quoted words, a that-clause, "as ...",
    or "what X called ...".

    "rejected the notion that taxes would rise", "dismissed him as a lightweight", "rejected what
    the union called “a final insult”" report one; "dismissed those concerns" does not.
    """
    if ctx.quotes_overlapping(start, end):
        return True
    for f in view.kids(cue):
        if view.left[f.id] >= view.right[obj.id] and f.deprel != "punct":
            # "dismissed him as a lightweight": the "as" phrase says what he is
            if any((c.lemma or "").lower() == "as" for c in view.kids(f, "case", "mark")):
                return True
            # "rejected the idea that ...": the parser hung the noun's that-clause on the verb
            if base_rel(f) == "ccomp" and _that(view, f):
                return True
    for f in view.kids(obj, "acl", "ccomp", "acl:relcl"):
        if f.deprel != "acl:relcl" and _that(view, f):
            return True  # "rejected the notion that taxes would rise"
        if (obj.lemma or "").lower() == "what" and (
            (f.lemma or "").lower() in ctx.naming_verbs or ctx.is_cue_verb(f)
        ):
            return True  # "rejected what the union called a final insult"
    return False


def _that(view: SentenceView, clause) -> bool:
    return any((m.lemma or "").lower() == "that" for m in view.kids(clause, "mark"))


def _mentions_speech(ctx: Context, view: SentenceView, obj) -> bool:
    # "the complaint", "his remarks", "it": the object only points at words reported elsewhere
    if obj.upos == "PRON" and (obj.lemma or "").lower() in ("it", "this", "that", "these", "those"):
        return True
    return (
        obj.upos == "NOUN" and ctx.is_cue_noun(obj) and not view.kids(obj, "acl", "ccomp", "nmod")
    )


def _passive_subject(view: SentenceView, cue):
    subj = view.kid(cue, "nsubj:pass")
    if subj is None or word_start(subj) > word_start(cue) or (subj.lemma or "").lower() == "it":
        return None  # "It was announced by the ministry that ...": "it" only anticipates the clause
    for f in view.kids(cue, "obl", "obl:agent"):
        if f.deprel == "obl:agent" or any(
            (c.lemma or "").lower() == "by" for c in view.kids(f, "case")
        ):
            return subj
    return None


def _extend(ctx: Context, view: SentenceView, cue, end: int, naming: bool) -> int:
    """Widen the content over the complements that follow it ("accused him of lying")."""
    for f in sorted(view.kids(cue), key=lambda w: view.left[w.id]):
        fs, fe = view.span(f)
        if fs < end or ctx.text[end:fs].strip(_GAP):
            continue  # a comma or an opening quote mark the parser left outside may sit between
        # naming verbs take their name in any relation the parser found ("called the decision a
        # “huge win”")
        if _complement(view, f) or (
            naming and f.upos != "PUNCT" and f.deprel not in ("conj", "cc", "parataxis", "advcl")
        ):
            end = fe
    return end


def _complement(view: SentenceView, word) -> bool:
    if word.deprel == "xcomp":
        return True
    cases = {(c.lemma or "").lower() for c in view.kids(word, "case", "mark")}
    # "rejected the notion that he was part of it": the noun's that-clause, which the parser hung on
    # the verb
    return bool(cases & _TOPIC_CASES) or base_rel(word) == "ccomp" and "that" in cases
