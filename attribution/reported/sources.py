"""The source word when the parse gives none, or gives one that cannot speak.

Runs after every rule has chosen its source (:func:`attribution.reported.detect`), on what
they left: a time expression as the subject ("Saturday, Sen. Sanders said"), a cue without a
subject whose speaker the parser tagged as something else ("Jolly said" with "Jolly" an
adjective), a gerund that shares the speaker of the cue before it ("said Burr, adding that").
"""

from __future__ import annotations

import re

from .. import lexicon
from ..detection import Detection
from ..sentences import SentenceView, base_rel, word_end, word_start
from .context import Context, people, set_off_gerund, speaker_head, stray_adverb
from .text import blank
from .times import is_time, named, ner

# Relations inside one name or title phrase: climbing them reaches the phrase's head.
_IN_PHRASE = frozenset({"compound", "flat", "amod", "det", "nmod:poss", "name", "goeswith"})
_RELATIVE = frozenset({"that", "which", "who"})
_GERUND_CUE_RELS = frozenset({"advcl", "xcomp", "conj", "dep", "parataxis", "ccomp"})


def repair(ctx: Context, c: Detection) -> None:
    """Replace a source that cannot speak, and find one for a subjectless cue from the words
    beside it.

    Args:
        ctx: the document's detection context.
        c: a detection whose ``speaker_head`` the rules have set (or left None).
    """
    if c.cue_start is None or not 0 <= c.sentence < len(ctx.views):
        return
    view = ctx.views[c.sentence]
    cue = next(iter(view.words_between(c.cue_start, c.cue_start + 1)), None)
    head = c.speaker_head
    if head is not None and (is_time(head) or _dateline(ctx, head)):
        # "11 a.m. Former Gov. Jeb Bush says" with "Bush" hung on "11", "WASHINGTON — Sen. Chuck
        # Grassley on Wednesday downplayed ..." with "Grassley" hung on the dateline: the name
        # under it
        home = _view_of(ctx, head)
        c.speaker_head = _name_under(ctx, home, head, c) if home is not None else None
        if c.speaker_head is not None:
            c.confidence -= 0.05
    if c.speaker_head is not None:
        named_by = _apposed_name(ctx, c.speaker_head, c) or _name_closing_subject(
            ctx, c.speaker_head, c
        )
        if named_by is not None:
            c.speaker_head = named_by
        publisher = _publisher(ctx, c.speaker_head)
        if publisher is not None:
            c.speaker_head = publisher
    if c.speaker_head is None and cue is not None:
        c.speaker_head = _beside(ctx, view, cue, c)
        if c.speaker_head is not None:
            c.confidence -= 0.1
    if c.speaker_head is not None and cue is not None:
        bound = _bound_subject(view, cue, c.speaker_head, c)
        if bound is not None:
            c.speaker_head = bound
    if c.speaker_head is not None and cue is not None and _share(c.speaker_head):
        poll = _poll_beside(ctx, view, cue, c.speaker_head, c)
        if poll is not None:
            c.speaker_head = poll


# A share of people as a cue's subject ("72 percent said", "a majority say"), and the nouns of
# what measured it.
_SHARES = frozenset(
    {"percent", "%", "percentage", "majority", "minority", "plurality", "half", "third", "quarter"}
)
_POLLS = frozenset({"poll", "survey"})


def _share(word) -> bool:
    lemma = (word.lemma or word.text or "").lower()
    return lemma in _SHARES or word.upos == "NUM"


def _poll_beside(ctx: Context, view: SentenceView, cue, share, c: Detection):
    """The poll that a share of respondents speaks through: "A Quinn poll found 72 percent said
    ...", "In a Post poll, 60 percent said ...", "... 55 percent say, according to a Gallup
    survey" (the poll reports what they said; its respondents are no one in particular). Not a
    poll inside the share's own phrase ("20 percent of people in a recent poll said") or in the
    content."""
    inner = view.subtree_ids(share)
    for w in view.words:
        if (
            (w.lemma or w.text or "").lower() in _POLLS
            and w.upos == "NOUN"
            and base_rel(w) != "compound"
            and w.id not in inner
            and not c.covers(word_start(w))
            and _measures(view, w, cue)
        ):
            return w
    return None


def _measures(view: SentenceView, poll, cue) -> bool:
    """Whether the poll is the cue's own ("In a poll, ... said", "said, according to a poll":
    hung on the cue with no verb between) or the subject of a clause the cue is inside ("A poll
    found ... said"); not one of another clause ("While 40 percent in a poll liked her, 43
    said ...")."""
    if base_rel(poll) == "nsubj":
        verb = view.head_of(poll)
        return verb is not None and verb.id != cue.id and view.in_subtree(cue, verb)
    for word in view.ancestors(view.head_of(poll), limit=8):
        if word.id == cue.id:
            return True
        if word.upos in ("VERB", "AUX"):
            return False
    return False


def share_with_gerunds(ctx: Context, found: list[Detection]) -> None:
    """A gerund cue set off by a comma with no speaker of its own (or one inside a quotation)
    shares the speaker of the cue before it in its sentence: "“...,” said Mr. Burr, adding that
    he ..." (the parser hung "adding" on a word of the content).

    Args:
        ctx: the document's detection context.
        found: every detection of the document; changed in place.
    """
    by_sentence: dict[int, list[Detection]] = {}
    for c in found:
        if c.cue_start is not None:
            by_sentence.setdefault(c.sentence, []).append(c)
    for c in found:
        if c.cue_start is None or ctx.quote_at(c.cue_start) is not None:
            continue
        # "“We met today,” Ms. Conway added, referring to ...", with "referring" hung on "met": a
        # speaker inside a quotation the cue is not in is no better than none
        head = c.speaker_head
        if head is not None and ctx.quote_at(word_start(head)) is None:
            continue
        if not 0 <= c.sentence < len(ctx.views):
            continue
        view = ctx.views[c.sentence]
        cue = next(iter(view.words_between(c.cue_start, c.cue_start + 1)), None)
        if (
            cue is None
            or not set_off_gerund(ctx, view, cue)
            or base_rel(cue) not in _GERUND_CUE_RELS
            or view.kids(cue, "nsubj")
        ):
            continue
        before = [
            d
            for d in by_sentence.get(c.sentence, [])
            if d is not c
            and d.speaker_head is not None
            and ctx.quote_at(word_start(d.speaker_head)) is None
            and d.cue_start is not None
            and d.cue_start < c.cue_start
        ]
        if before:
            c.speaker_head = max(before, key=lambda d: d.cue_start or 0).speaker_head
            c.confidence -= 0.1


# Relations from a relative clause's noun up to the verb whose object or oblique it is.
_NOUN_UP = frozenset({"obj", "obl", "nmod", "iobj"})
# Pronoun lemma -> the grammatical number its antecedent must have.
_BOUND_PRONOUNS = {"he": "Sing", "she": "Sing", "it": "Sing", "they": "Plur"}


def _bound_subject(view: SentenceView, cue, head, c: Detection):
    """The subject of the outer verb that a pronoun speaker of a free relative stands for: "The
    mayor attacked what he calls a “sham audit”", "The union focused on what they said was the
    cost". The pronoun is bound to the outer subject, and the report is the outer speaker's (the
    annotators mark the outer subject as its source)."""
    lemma = (head.lemma or head.text or "").lower()
    number = _BOUND_PRONOUNS.get(lemma)
    if number is None or head.upos != "PRON" or head.head != cue.id or base_rel(head) != "nsubj":
        return None
    host = _relative_host(view, cue)
    steps = 0
    while host is not None and host.upos not in ("VERB", "AUX") and steps < 4:
        if base_rel(host) not in _NOUN_UP:
            return None
        host, steps = view.head_of(host), steps + 1
    if host is None or host.upos not in ("VERB", "AUX"):
        return None
    subjects = view.kids(host, "nsubj")
    if len(subjects) != 1:
        return None
    subject = subjects[0]
    if subject.start_char is None or subject.start_char >= word_start(head):
        return None
    if c.covers(word_start(subject)) or (subject.lemma or "").lower() in _RELATIVE | {"what"}:
        return None
    if subject.upos == "PRON":
        return subject if (subject.lemma or "").lower() == lemma else None
    if subject.upos not in ("PROPN", "NOUN") or f"Number={number}" not in (subject.feats or ""):
        return None
    person = ner(subject) in ("PERSON", "PER")
    if lemma in ("he", "she") and not (person or subject.upos == "PROPN" and not named(subject)):
        return None
    if lemma == "it" and person:
        return None
    return subject


def _relative_host(view: SentenceView, cue):
    """The verb a free relative headed by ``cue`` hangs on: "attacked what he calls ..."
    (CoreNLP hangs "calls" on "attacked" with "what" as its object). A relative clause on a noun
    ("the plan, which they said ...", "in which he said") is left alone: annotators mark its
    own report there more often than the outer one (tried on train: 3 pairs gained, 12 lost)."""
    if base_rel(cue) not in ("advcl", "ccomp", "obj", "obl"):
        return None
    wh = [
        k
        for k in view.kids(cue)
        if (k.lemma or k.text or "").lower() == "what"
        and k.start_char is not None
        and k.start_char < word_start(cue)
    ]
    return view.head_of(cue) if wh else None


def _dateline(ctx: Context, word) -> bool:
    """A word of the dateline that opens a paragraph: "WASHINGTON —", "NEW YORK, Nov. 19 (UPI) —",
    "LA CROSSE, Wisc. —", "EXCLUSIVE –"."""
    text, start, end = ctx.text, word_start(word), word_end(word)
    opening = ctx.paragraph_starts[ctx.paragraph_of(start)]
    lead = text[opening:end]
    if len(lead) > 40 or not any(ch.isalpha() for ch in lead):
        return False
    if any(ch.islower() for ch in lead):
        return _in_placed_dateline(ctx, word)  # a state or a date after the place
    after = text[end : end + 40]
    return any(dash in after for dash in ("—", "–", " - ", "--"))


def _in_placed_dateline(ctx: Context, word) -> bool:
    """A word of a dateline with a state or a date after the place, which runs to its dash."""
    opening = ctx.paragraph_starts[ctx.paragraph_of(word_start(word))]
    found = _DATELINE.match(ctx.text, opening)
    return found is not None and found.end() >= word_end(word)


# "LA CROSSE, Wisc. —", "NEW YORK, Nov. 19 (UPI) —", "RENO, Nev. (AP) —": the place in capitals,
# a state or a date, an agency.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]*[A-Z.],\s*[A-Z][A-Za-z.]{0,5}(\s+\d{1,2})?(\s*\([A-Z]{2,5}\))?\s*(—|–| - |--)"
)


def _apposed_name(ctx: Context, word, c: Detection):
    """The name set off just before the cue, beside a description: "The head of the Super PAC
    backing Bush, Mike Murphy, praised ...", "One pastor supporting Mr. Cruz, Darran Whiting of
    Liberty Baptist Church, said ..." (the parser may hang the name on the nearest noun): the
    name speaks."""
    view = _view_of(ctx, word)
    if view is None or word.upos not in _DESCRIPTIONS or named(word) or c.cue_start is None:
        return None
    # the verb the description is the subject of: the cue, or the clause a gerund cue hangs on
    # ("The other candidate, Ann Lee, drew a contrast, saying ...")
    verb = view.head_of(word) if base_rel(word) == "nsubj" else None
    stop = word_start(verb) if verb is not None and verb.id > word.id else c.cue_start
    if word_start(word) > stop:
        return None
    for kid in view.words_between(word_start(word), stop):
        if base_rel(kid) != "appos" or ner(kid) not in ("PERSON", "PER"):
            continue
        if not view.in_subtree(kid, word) or c.covers(word_start(kid)):
            continue
        if _asides_only(view, view.span(kid)[1], stop):
            return kid
    return None


# Heads of a description a name may be set off beside: "the other candidate", "one of the men",
# "a third".
_DESCRIPTIONS = frozenset({"NOUN", "NUM", "ADJ"})


# Cases that make a phrase part of the subject's own description: "a spokesman for the mayor",
# "the campaign of Ann Lee".
_OWN_CASES = frozenset({"of", "for", "at", "from", "with", "by"})


def _name_closing_subject(ctx: Context, word, c: Detection):
    """The name that closes a subject phrase the parser headed by another noun: "During a town
    hall meeting in Ames, Lee told ..." (Lee hung on "meeting"), "Years after Ann Lee falsely
    claimed ...", "The crowd cheers, and then Lee continues:": the name right before the verb
    speaks (not the person or body a description is of: "a spokesman for Lee said")."""
    view = _view_of(ctx, word)
    if view is None or word.upos != "NOUN" or named(word) or base_rel(word) != "nsubj":
        return None
    verb = view.head_of(word)
    if verb is None or verb.upos not in ("VERB", "AUX") or verb.id < word.id:
        return None
    person = (word.lemma or "").lower() in people()
    for kid in view.words_between(word_end(word), word_start(verb)):
        rel = base_rel(kid)
        if kid.upos != "PROPN" or is_time(kid) or rel not in ("conj", "dep", "nmod", "appos"):
            continue
        if rel == "nmod" and (person or _cases(view, kid) & _OWN_CASES):
            continue
        if not _within_phrase(view, kid, word) or c.covers(word_start(kid)):
            continue
        start, end = view.span(kid)
        if ctx.quote_at(start) is not None or ctx.text[:start].rstrip().endswith("("):
            continue
        if _asides_only(view, end, word_start(verb)):
            return kid
    return None


def _within_phrase(view: SentenceView, word, root) -> bool:
    # under ``root`` through nouns alone: not a name in a clause on it ("The complaint, which was
    # filed in Boston, alleged")
    for w in view.ancestors(word, limit=8):
        if w.id == root.id:
            return True
        if w.upos in ("VERB", "AUX") or base_rel(w) == "acl":
            return False
    return False


def _cases(view: SentenceView, word) -> set[str]:
    return {(k.lemma or k.text or "").lower() for k in view.kids(word, "case")}


def _asides_only(view: SentenceView, start: int, end: int) -> bool:
    # only commas, adverbs, auxiliaries and a parenthesis between a subject and its verb: "Sen.
    # Ann Lee (D-Ore.) said", "Lee falsely claimed", "Lee, 70, had said"
    depth = 0
    for w in view.words_between(start, end):
        if w.text in ("(", "-LRB-", "-lrb-"):
            depth += 1
        elif w.text in (")", "-RRB-", "-rrb-"):
            depth -= 1
        elif depth <= 0 and w.upos not in ("ADV", "AUX", "PART", "PUNCT"):
            return False
    return True


def _publisher(ctx: Context, word):
    """Who put out the statement, video or ad that speaks: "Trump and Ryan issued a statement
    saying ...", "Sen. Paul has released a Web video that accuses ...": the subject of the verb
    that has the document as its object (a document with its own author keeps it)."""
    view = _view_of(ctx, word)
    if view is None:
        return None
    noun = word
    if (word.lemma or "").lower() in _RELATIVE and word.upos in ("PRON", "DET"):
        clause = view.head_of(word)
        if clause is None or clause.deprel != "acl:relcl":
            return None
        noun = view.head_of(clause)
    # a person sent to ask is no document: "The paper sent a reporter to ask ..."
    if noun is None or noun.upos != "NOUN" or named(noun) or (noun.lemma or "").lower() in people():
        return None
    if view.kids(noun, "nmod:poss") or any(
        (k.lemma or "").lower() in ("from", "by")
        for n in view.kids(noun, "nmod")
        for k in view.kids(n, "case")
    ):
        return None
    verb = view.head_of(noun)
    if (
        verb is None
        or base_rel(noun) != "obj"
        or verb.upos != "VERB"
        or (verb.lemma or "").lower() not in lexicon.load("publishing_verbs")
    ):
        return None
    return speaker_head(ctx, view, verb)


def _view_of(ctx: Context, word) -> SentenceView | None:
    found = ctx.document.source(word)
    return ctx.views[found[0]] if found is not None else None


def _phrase_head(view: SentenceView, word):
    """Climb from a word of a name or title phrase to the phrase's head: "Mr." -> "Burr"."""
    seen = 0
    while seen < 8 and base_rel(word) in {r.split(":")[0] for r in _IN_PHRASE}:
        up = view.head_of(word)
        if up is None or up.upos not in ("PROPN", "NOUN") and not named(up):
            break
        word, seen = up, seen + 1
    return word


def _name_under(ctx: Context, view: SentenceView, time, c: Detection):
    # The name nearest the time word in the tree, then nearest the cue: "Friday on CNN's “New
    # Day,” Sen. Kristen Gillibrand, a supporter of Hillary Clinton's bid, told ...": Gillibrand.
    best, todo = None, [(time, 0)]
    while todo:
        word, depth = todo.pop()
        for kid in view.kids(word):
            if base_rel(kid) == "punct":
                continue
            todo.append((kid, depth + 1))
            if kid.upos not in ("PROPN", "NOUN") and not named(kid):
                continue
            if not named(kid) and kid.upos != "PROPN" or is_time(kid):
                continue
            if c.covers(word_start(kid)) or _in_placed_dateline(ctx, kid):
                continue  # "LA CROSSE, Wisc. — Gov. Mike Pence ...": Pence, not the state
            key = (depth, abs(word_start(kid) - (c.cue_start or 0)))
            if best is None or key < best[0]:
                best = (key, kid)
    return best[1] if best is not None else None


def _beside(ctx: Context, view: SentenceView, cue, c: Detection):
    """The name right against a subjectless cue verb: "“...,” said Devine" (Devine parsed as an
    adjective), "Jolly said he would ..." (Jolly a ``dep``), "“...,” said Mr. Burr, adding"
    (Burr made the subject of a later verb)."""
    # a subject inside the content is the parser's mistake ("“... than him,” said Devine" with
    # "him" as the subject), not a subject
    subjects = [
        w
        for w in view.kids(cue, "nsubj", "nsubj:pass")
        if not c.covers(word_start(w)) and not stray_adverb(w)
    ]
    if cue.upos not in ("VERB", "AUX") or subjects:
        return None
    hearer = (cue.lemma or "").lower() in ctx.hearer_verbs
    content_before = any(e <= word_start(cue) for _, e in c.spans())
    ids = [w.id for w in view.words]
    at = ids.index(cue.id) if cue.id in ids else -1
    if at < 0:
        return None
    options = []
    if content_before and not hearer and at + 1 < len(view.words):
        options.append(view.words[at + 1])  # "“...,” said Devine"
    if at > 0:
        options.append(view.words[at - 1])  # "Jolly said", "“...,” Mr. Allen said"
    for word in options:
        if not (named(word) or word.upos == "PROPN" or word.upos == "NOUN"):
            continue
        if is_time(word) or c.covers(word_start(word)):
            continue
        if ctx.quote_at(word_start(word)) is not None:
            continue
        first, second = (word, cue) if word_start(word) < word_start(cue) else (cue, word)
        if not blank(ctx.text, word_end(first), word_start(second)):
            continue
        return _phrase_head(view, word)
    return _set_off_subject(ctx, view, cue, c) if content_before else None


def _set_off_subject(ctx: Context, view: SentenceView, cue, c: Detection):
    # "“...,” Mr. Mahaney, of RBC Capital Markets, said." with the name left unattached: a name
    # opening the verbless stretch between the quote and its subjectless cue is the speaker
    end = max(e for _, e in c.spans() if e <= word_start(cue))
    stretch = view.words_between(end, word_start(cue))
    words = [w for w in stretch if w.upos != "PUNCT"]
    if not words or any(w.upos in ("VERB", "AUX") for w in words):
        return None
    first = words[0]
    if not named(first) and first.upos != "PROPN" or is_time(first):
        return None
    if ctx.quote_at(word_start(first)) is not None:
        return None
    # the whole name: "Mr." leads to "Mahaney" by its compound relation
    return _phrase_head(view, first)
