"""Cue verbs with content: indirect speech, and direct/mixed quotes that the parse links to the
verb.

The content is what the verb governs; :meth:`Context.content` then decides from the
quotation marks whether it is direct, indirect or mixed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from ..detection import Detection
from ..sentences import (
    SentenceView,
    base_rel,
    is_finite,
    is_gerund,
    is_modal,
    word_end,
    word_start,
)
from .context import Context, speaker_head
from .text import blank, first_index, last_index
from .times import is_time

# Relations that carry what was said: "said that ..." (ccomp), "..., he said" (parataxis).
_CONTENT_RELS = ("ccomp", "parataxis", "csubj")  # csubj: "It was announced that ..."
# Other relations count only when that part is quoted: "said: “...”" (often dep), "said “no”" (obj).
_QUOTED_ONLY_RELS = ("dep", "obj", "xcomp", "advcl", "discourse", "conj")
_VERBAL = frozenset({"VERB", "AUX"})
_EDGE = " ,.;:!?—–-\"'“”‘’"
# Words that cannot open reported content right after a cue ("said in a statement", "said, ...").
_NOT_CONTENT_START = frozenset({"ADP", "PUNCT", "CCONJ", "PART", "ADV", "SYM"})


def find(ctx: Context, view: SentenceView) -> Iterator[Detection]:
    for word in view.words:
        if word.upos not in _VERBAL and (word.text or "").lower() in _VERB_ONLY_FORMS:
            if ctx.is_cue_verb(word) and (found := _misread_verb(ctx, view, word)) is not None:
                yield found
            continue
        if word.upos not in _VERBAL or not ctx.is_cue_verb(word):
            continue
        cand = (
            _from_children(ctx, view, word)
            or _request(ctx, view, word)
            or _inverted(ctx, view, word)
            or _as_clause(ctx, view, word)
            or _parenthetical(ctx, view, word)
            or _set_off_block(ctx, view, word)
            or _comma_quote(ctx, view, word)
            or _that_after(ctx, view, word)
            or _rest_of_sentence(ctx, view, word)
            or _object(ctx, view, word)
        )
        if cand is not None:
            yield cand


def _from_children(ctx: Context, view: SentenceView, cue) -> Detection | None:
    # "Lavrov said in early April that Moscow and China agreed ..." / "“We agree,” Xi said."
    cs = word_start(cue)
    kids = view.kids(cue, *_CONTENT_RELS)
    spans = [
        view.span(c)
        for c in kids
        if not (
            c.deprel == "parataxis"
            and (_after_semicolon(ctx, view, c) or _next_act(ctx, view, cue, c, kids))
        )
    ]
    spans += [view.span(c) for c in _question_clauses(ctx, view, cue)]
    if not spans:
        # CoreNLP's "dep" for a clause it could not attach: "said the panel itself might be
        # damaged".
        spans = [view.span(c) for c in view.kids(cue, "dep") if c.upos in _VERBAL]
        first = min((s for s, _ in spans), default=0)
        for o in view.kids(cue, "obj") if spans else ():
            # the object the parser split off belongs to the clause there
            if cs < view.left[o.id] < first and ctx.text[view.right[o.id] : first].strip() == "":
                spans.append(view.span(o))
    if not spans and (cue.lemma or "").lower() in ctx.hearer_verbs:
        spans = _told_clause(ctx, view, cue)
    if not spans:
        spans = _clause_on_noun(ctx, view, cue)
    # "He said: “We will win.”" / "He said “no”"
    for c in view.kids(cue, *_QUOTED_ONLY_RELS):
        s, e = view.span(c)
        snapped = ctx.content(s, e) if ctx.quotes_overlapping(s, e) else None
        if snapped is not None and snapped[2] == "direct":  # "maintain their “domain”" is no quote
            spans.append((s, e))
    if not spans:
        return None
    left = [sp for sp in spans if sp[1] <= cs]
    right = [sp for sp in spans if sp[1] > cs]
    if left and right and not (_quoted(ctx, left) and _quoted(ctx, right)):
        # "“He loves us,” Melanie said, and soon the balloons were dropping": only "“A,” he said,
        # “B.”" joins both sides; otherwise a quote on the left wins, else the right side.
        spans = left if _quoted(ctx, left) else right
    if left and not right and (rest := _rest_after_block(ctx, view, cue, left)) is not None:
        right = [rest]
        spans = left + right
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    if start > cs:
        end = _cut_clause(ctx, view, cue, end)
    end = _second_report(ctx, view, cue, start, end)
    if start > cs and not left:
        end = _shared_subject(ctx, view, cue, end)
    if end > cs:
        end = after_participle(ctx, view, max(start, cs), end)
    if left and right:
        # "“A,” he said, “B.”": one quote in two pieces, the cue and the speaker between them
        gap = (max(e for _, e in left), min(s for s, _ in right))
        return _candidate(ctx, view, cue, start, end, "verb-complement", gap=gap)
    return _candidate(ctx, view, cue, start, end, "verb-complement")


# Words that open the writer's addition after a set-off cue, not the rest of what was said:
# "..., he said, as the crowd cheered", "..., she said, and left".
_NOT_REST = frozenset({"as", "while", "before", "after", "when", "according", "and", "but", "or"})
# What may stand between the cue and the comma closing its block: "he said in an interview,".
_BLOCK_RELS = ("obl", "advmod", "nmod", "compound")


def _rest_after_block(ctx: Context, view: SentenceView, cue, left: list) -> tuple[int, int] | None:
    """The rest of an unquoted clause that a "subject + cue" block set off by commas interrupts.

    "It was, he said, one of the bitterest failures" / "The outlets stood in the way, he said, by
    spreading doubt": the parser hangs the words after the block on the cue; up to the sentence end
    they are the clause's second half. Not a participle ("..., he said, adding ..."), a time ("...,
    he said Monday, two days after ..."), another cue or a quote, or words hung elsewhere.
    """
    left_end = max(e for _, e in left)
    subjects = view.kids(cue, "nsubj", "nsubj:pass")
    if (
        _quoted(ctx, left)
        or not ctx.text[left_end : word_start(cue)].lstrip().startswith(",")
        or not subjects
        or any(word_start(w) > word_start(cue) for w in subjects)
    ):
        return None
    after = [w for w in view.words if word_start(w) >= word_end(cue)]
    comma = next((k for k, w in enumerate(after) if w.text == ","), None)
    if comma is None:
        return None
    hearer = (cue.lemma or "").lower() in ctx.hearer_verbs
    for w in after[:comma]:
        top = _child_of(view, w, cue)
        if (
            top is None
            or w.upos == "PUNCT"
            or not (base_rel(top) in _BLOCK_RELS or hearer and base_rel(top) in ("obj", "iobj"))
        ):
            return None
    rest = after[comma + 1 :]
    while rest and rest[-1].upos == "PUNCT":
        rest = rest[:-1]
    if (
        not rest
        or (rest[0].lemma or rest[0].text).lower() in _NOT_REST
        or rest[0].upos == "VERB"
        and is_gerund(rest[0])
        or any(_child_of(view, w, cue) is None for w in rest)
        or any(is_time(w) for w in rest if w.head == cue.id)
        or any(w.upos in _VERBAL and ctx.is_cue_verb(w) for w in rest)
        or ctx.quotes_overlapping(word_start(rest[0]), word_end(rest[-1]))
    ):
        return None
    return word_start(rest[0]), word_end(rest[-1])


def _child_of(view: SentenceView, word, cue):
    """The child of ``cue`` whose subtree holds ``word``, None when ``word`` is not under it."""
    for w in view.ancestors(word):
        head = view.head_of(w)
        if head is not None and head.id == cue.id:
            return w
    return None


def _cut_clause(ctx: Context, view: SentenceView, cue, end: int) -> int:
    """Where the parser cut the reported clause mid-phrase, it runs on to the next cue or the
    sentence end.

    "He said the union had ''won real concessions''", "said his country would help nations build
    ...": right after the clause, with no punctuation between, comes a quote or a verb that the
    parser hung elsewhere. "said the plan works on Monday" ends on a phrase of the cue: no cut.
    """
    nxt = view.words_between(end, view.end)
    if not nxt or not blank(ctx.text, end, word_start(nxt[0])):
        return end
    w = nxt[0]
    opens_quote = (q := ctx.quote_at(word_start(w))) is not None and q.start == word_start(w)
    if not opens_quote and (
        w.upos not in ("VERB", "AUX") or view.head_of(w) is cue or ctx.is_cue_verb(w)
    ):
        return end
    host = view.head_of(w) if w.upos == "AUX" else w
    if host is not None and any(view.in_subtree(cue, c) for c in view.kids(host, "nsubj", "csubj")):
        return end  # "[what experts say it would do] has endured": the cue sits in its subject
    new_end = view.end
    for x in view.words_between(end, view.end):
        if x.upos in _VERBAL and ctx.is_cue_verb(x) and ctx.quote_at(word_start(x)) is None:
            new_end = view.left[x.id]
            break
    return max(end, new_end)


def _clause_on_noun(ctx: Context, view: SentenceView, cue) -> list[tuple[int, int]]:
    # "said in a statement that the plan failed", "told reporters in an interview that ...": the
    # parser hung the that-clause on the noun after the cue; a that-clause of a noun the cue
    # governs (obl/obj), with no other verb between, is what the cue reports.
    out = []
    for noun in view.kids(cue, "obl", "obj", "iobj"):
        if word_start(noun) < word_end(cue) or noun.upos not in ("NOUN", "PROPN", "PRON"):
            continue
        for c in view.kids(noun, "acl", "ccomp", "dep"):
            if c.upos in _VERBAL and any(
                (m.lemma or "").lower() == "that" and word_start(m) == view.left[c.id]
                for m in view.kids(c, "mark")
            ):
                out.append(view.span(c))
    return out


def _told_clause(ctx: Context, view: SentenceView, cue) -> list[tuple[int, int]]:
    # "Lee told reporters he would stay neutral": the parser made the clause a relative clause of
    # the hearer; one with no relative word ("reporters who asked") right after the hearer is what
    # was told.
    out = []
    for hearer in view.kids(cue, "obj", "iobj"):
        if word_start(hearer) < word_end(cue):
            continue
        for c in view.kids(hearer, "acl:relcl"):
            first = view.words_between(view.left[c.id], view.left[c.id] + 1)
            if (
                not first
                or word_start(first[0]) < word_end(hearer)
                or _relative(view, c)
                or (first[0].lemma or "").lower()
                in ("who", "which", "whom", "whose", "where", "when")
            ):
                continue
            if not ctx.text[word_end(hearer) : view.left[c.id]].strip():
                out.append(view.span(c))
    return out


def _second_report(ctx: Context, view: SentenceView, cue, start: int, end: int) -> int:
    """Where a second speech act of the same speaker starts inside the content, the content ends.

    "She said the plan works and praised its author" / "He said the plan works, insisting that ...":
    the parser hangs the subjectless second cue on the reported clause, but it is what the speaker
    did next, not what was said. So is a verb of saying with a subject of its own coordinated after
    the content ("said the plan works, and she reiterated that ...") or a gerund one after "before",
    "after" or "while" ("said the plan works before claiming that ..."): a new report, not a part of
    the first (a coordinated "that"-clause, "said that A and that B claimed C", stays).
    """
    for w in view.words_between(start + 1, end):
        if w.upos != "VERB" or ctx.quote_at(word_start(w)) is not None:
            continue
        lemma = (w.lemma or "").lower()
        if not (ctx.is_cue_verb(w) or lemma in ctx.evaluative_verbs):
            continue
        rel = base_rel(w)
        left = view.left[w.id]
        cc = _cc_before(view, cue, w) if rel == "conj" and not view.kids(w, "cc") else None
        if cc is not None:
            left = word_start(cc)  # the "but" goes with the second act, out of the content
        subject = view.kids(w, "nsubj", "nsubj:pass")
        marks = {(m.lemma or "").lower() for m in view.kids(w, "mark")}
        speech = ctx.is_cue_verb(w)
        # with a subject of its own, only an active speech act is a new report, not a passive or a
        # coordinated question of what was said ("asked why A or why it was mentioned by B")
        new_act = (
            speech
            and not marks
            and not view.kids(w, "nsubj:pass", "aux:pass")
            and not any((c.lemma or "").lower() in _WH_OPENERS for c in view.kids(w))
        )
        second = (
            rel == "conj"
            and (view.kids(w, "cc") or cc is not None)
            and (not subject or new_act)
            or rel == "advcl"
            and is_gerund(w)
            and not subject
            and (not marks or speech and marks <= _AFTER)
        )
        if second and left > start and ctx.text[start:left].strip():
            return left
    return end


# Subordinators of a second act done after or beside the first: "said X before claiming Y"
_AFTER = frozenset({"before", "after", "while"})


# "... and then purged them": what the speaker did next
_SEQUENCE = frozenset({"then", "later", "subsequently", "afterward", "afterwards"})


def _shared_subject(ctx: Context, view: SentenceView, cue, end: int) -> int:
    """A predicate coordinated with the cue after its content, with no subject of its own, goes on
    with what was said.

    "The chair said the vote was fair, but required every member to attend": the parser hangs the
    subjectless "required ..." on the cue; it is the rest of the reported clause. Another speech act
    or belief ("... and praised its author", "... but believes ...") is the speaker's next act, and
    a conjunct with a subject of its own ("... and he feels ...") a new statement.
    """
    for w in sorted(view.kids(cue, "conj"), key=lambda w: view.left[w.id]):
        if view.left[w.id] < end or w.upos not in _VERBAL | {"ADJ"}:
            continue
        lemma = (w.lemma or "").lower()
        if (
            ctx.is_cue_verb(w)
            or lemma in ctx.evaluative_verbs
            or lemma in ctx.belief_verbs
            or view.kids(w, "nsubj", "nsubj:pass", "expl", "csubj")
            or ctx.text[end : view.left[w.id]].strip(" ,").lower() not in ("and", "but", "or")
            # one opening inside a quote is that quote's; "and will “stay open”" goes on
            or ctx.quote_at(view.left[w.id]) is not None
            or any((a.lemma or "").lower() in _SEQUENCE for a in view.kids(w, "advmod"))
        ):
            return end
        return view.right[w.id]
    return end


def after_participle(ctx: Context, view: SentenceView, start: int, end: int) -> int:
    """Where a subjectless participle set off by a comma closes the content, the content ends.

    "Trump called Cruz the “ultimate hypocrite,” linking to a story ..." / "He said that is a
    “distortion,” describing the team as ...": the parser hangs what the speaker (or the writer)
    adds on a word of the content; it is no part of what was said. A participle inside a quote
    stays.
    """
    for w in view.words_between(start + 1, end):
        if (
            w.upos != "VERB"
            or not is_gerund(w)
            or (w.lemma or "").lower() in ("include", "regard")  # "..., including X": a list
            or base_rel(w) not in ("acl", "advcl", "xcomp", "dep", "conj")
            or view.kids(w, "nsubj", "nsubj:pass", "mark")
            or ctx.quote_at(word_start(w)) is not None
            or view.left[w.id] != word_start(w)
        ):
            continue
        comma = last_index(ctx.text, word_start(w), " \t\n\"'”’")
        if comma > start and ctx.text[comma] == "," and ctx.text[start:comma].strip():
            return last_index(ctx.text, word_start(w)) + 1
    return end


def _cc_before(view: SentenceView, cue, w):
    """The "but" right before a conjunct of the reported clause's head, where CoreNLP hangs it on
    the first conjunct: "says people may not like it, but insists ..."; None elsewhere ("told them
    what to say or not say" coordinates inside the clause)."""
    head = view.head_of(w)
    if head is None or view.head_of(head) is not cue:
        return None
    before = [x for x in view.words_between(view.start, view.left[w.id]) if x.upos != "PUNCT"]
    return before[-1] if before and before[-1].upos == "CCONJ" else None


def _question_clauses(ctx: Context, view: SentenceView, cue) -> list:
    # "Asked whether the talks failed, she said ...": an if/whether clause the parser made an
    # adverbial of the cue, right after it (or after its hearer), is the question asked; so is a
    # clause with a subject of its own opening on "why" or "how" ("explained why he backs the
    # plan", "questioned how the money was spent").
    out = []
    ce = word_end(cue)
    hearer = next((o for o in view.kids(cue, "obj", "iobj") if word_start(o) > ce), None)
    after = (
        view.right[hearer.id]
        if hearer is not None and not ctx.text[ce : view.left[hearer.id]].strip()
        else ce
    )
    for c in view.kids(cue, "advcl"):
        if view.left[c.id] <= ce or ctx.text[after : view.left[c.id]].strip():
            continue
        marks = [m for m in view.kids(c, "mark") if (m.lemma or "").lower() in ("if", "whether")]
        wh = [
            a
            for a in view.kids(c, "advmod")
            if (a.lemma or "").lower() in _WH_ADVERBS and view.kids(c, "nsubj", "nsubj:pass")
        ]
        if view.kids(cue, "obj", "ccomp"):
            wh = []  # with an object or a clause of its own, the cue says what there
        if any(view.left[c.id] == word_start(m) for m in marks + wh):
            out.append(c)
    return out


# Adverbs opening an indirect question ("explained why ..."); "when" and "where" mostly open
# a time or place clause ("added when the host laughed")
_WH_ADVERBS = frozenset({"why", "how"})


def _quoted(ctx: Context, spans) -> bool:
    return all(ctx.quotes_overlapping(s, e) for s, e in spans)


def _request(ctx: Context, view: SentenceView, cue) -> Detection | None:
    # "Trump urged supporters to monitor polling places": hearer + to-infinitive is the content.
    hearer = view.kid(cue, "obj", "iobj")
    xcomp = view.kid(cue, "xcomp")
    if (
        hearer is None
        or xcomp is None
        or word_start(hearer) < word_start(cue)
        or word_start(xcomp) < word_start(hearer)
    ):
        return None
    if not any((m.lemma or "").lower() == "to" for m in view.kids(xcomp, "mark")):
        return None
    return _candidate(ctx, view, cue, view.left[hearer.id], view.right[xcomp.id], "verb-request")


def _inverted(ctx: Context, view: SentenceView, cue) -> Detection | None:
    # "Moscow will act, Lavrov said." / "Climate change, Mr. Obama often says, is the greatest
    # threat": the parse hangs the cue on the reported clause (parataxis, ccomp, dep).
    if (
        base_rel(cue) not in ("parataxis", "ccomp", "dep")
        or not view.kid(cue, "nsubj")
        or view.kids(cue, "cc")
    ):
        return None  # "..., yet Trump brags about ..." is a coordinated clause
    if ctx.quote_at(word_start(cue)) is not None:
        return None
    head = view.head_of(cue)
    if head is None or head.upos not in _VERBAL | {"NOUN", "ADJ", "PROPN", "PRON"}:
        return None
    cs, ce = _block(ctx, view, cue)
    if not _set_off(ctx, cs):
        return None  # "..., Lavrov said" / "“...,” he said": a comma or quote right before
    if base_rel(cue) != "parataxis" and (view.kids(cue, "mark") or ctx.is_cue_verb(head)):
        return None  # "X said that Y agreed ...": a plain complement, not an inverted cue
    s, e = view.span(head)
    left_quote = ctx.quote_at(last_index(ctx.text, cs, " ,—–")) if cs > 0 else None
    if left_quote is not None and left_quote.end <= cs:
        # "“A,” she said several months later, and ...": the quote before the cue is the content;
        # a quote right after the cue continues it ("“A,” he said, “B.”") unless another cue
        # intervenes.
        start, end = min(s, left_quote.start), left_quote.end
        right_quote = ctx.quote_at(first_index(ctx.text, ce, " ,—–"))
        if right_quote is not None and not _has_other_cue(ctx, view, cue):
            # one quote in two pieces, the cue and the speaker between them
            return _candidate(ctx, view, cue, start, right_quote.end, "verb-inverted", gap=(cs, ce))
        return _candidate(ctx, view, cue, start, end, "verb-inverted")
    if blank(ctx.text, s, cs, _EDGE) or blank(ctx.text, ce, e, _EDGE):
        s, e = view.span_without(head, cue)  # cue at an edge: cut it off
    else:
        after = ctx.quote_at(first_index(ctx.text, ce, " ,:—–"))
        if after is not None and after.start < ce + 4:
            # "The club's investment, Ms. Tanzer said, “is a perfect example”": the clause's
            # subject before the cue is content too, one quote in two pieces
            subject = any(
                word_start(k) < cs for k in view.kids(head, "nsubj", "nsubj:pass", "csubj")
            )
            split = (
                _candidate(ctx, view, cue, s, e, "verb-inverted", gap=(cs, ce)) if subject else None
            )
            # "On the subject of Israel, Trump added, “Sheldon knows ...”": the quote after the cue
            return split or _candidate(ctx, view, cue, after.start, after.end, "verb-inverted")
    return _candidate(ctx, view, cue, s, e, "verb-inverted")


def _as_clause(ctx: Context, view: SentenceView, cue) -> Detection | None:
    # "As the agency noted in May, exports fell sharply." / "Exports fell, as reported by the
    # agency.": an "as"-clause with a gap where the content would be reports the clause it modifies.
    mark = next((m for m in view.kids(cue, "mark") if (m.lemma or "").lower() == "as"), None)
    if mark is None or view.left[cue.id] != word_start(mark) or base_rel(cue) != "advcl":
        return None  # "as soon as she said ..." / "such as": not a comment clause
    if view.kids(cue, "ccomp", "xcomp", "obj", "csubj"):
        return None  # "He resigned, as he said he would": the as-clause has content of its own
    agent = any(
        f.deprel == "obl:agent"
        or any((c.lemma or "").lower() == "by" for c in view.kids(f, "case"))
        for f in view.kids(cue, "obl", "obl:agent")
    )
    if not view.kids(cue, "nsubj") and not agent:
        return None  # "as expected": nobody reports anything
    head = view.head_of(cue)
    if head is None or head.upos not in _VERBAL | {"NOUN", "ADJ", "PROPN", "PRON"}:
        return None
    hs, he = view.span(head)
    cs, ce = view.span(cue)
    if word_start(head) > ce:  # the block before the clause's verb: the content follows it
        start = min(
            (word_start(w) for w in view.words if ce <= word_start(w) < he and w.upos != "PUNCT"),
            default=he,
        )
        return _candidate(ctx, view, cue, start, he, "verb-as-clause")
    return _candidate(ctx, view, cue, hs, cs, "verb-as-clause")


def _block(ctx: Context, view: SentenceView, cue) -> tuple[int, int]:
    """The cue's subtree without the punctuation at its edges (", ” she said ," -> "she said")."""
    cs, ce = view.span(cue)
    while cs < ce and (ctx.text[cs].isspace() or ctx.text[cs] in _EDGE):
        cs += 1
    while ce > cs and (ctx.text[ce - 1].isspace() or ctx.text[ce - 1] in _EDGE):
        ce -= 1
    return cs, ce


def _has_other_cue(ctx: Context, view: SentenceView, cue) -> bool:
    # "“A,” Trump said, adding later, “B.”": B is reported by "adding", not by "said"
    cs, ce = view.span(cue)
    return any(
        w is not cue and cs <= word_start(w) < ce and w.upos in _VERBAL and ctx.is_cue_verb(w)
        for w in view.words
    )


def _set_off(ctx: Context, start: int) -> bool:
    before = ctx.text[max(0, start - 4) : start].rstrip()
    return before[-1:] in (",", "—", "–") or (
        before[-1:] in ("”", '"', "'") and before[-2:-1] in (",", "?", "!")
    )


def _next_act(ctx: Context, view: SentenceView, cue, part, kids: list) -> bool:
    # "She says he could not tell them apart - noting that he saw ...": after the cue's clause, a
    # participle or another cue verb the parser hung on the cue is what the speaker did next
    if part.upos not in _VERBAL or not any(
        k is not part
        and base_rel(k) == "ccomp"
        and word_start(cue) < view.right[k.id] <= view.left[part.id]
        for k in kids
    ):
        return False
    return is_gerund(part) or ctx.is_cue_verb(part) or not view.kids(part, "nsubj")


def _after_semicolon(ctx: Context, view: SentenceView, part) -> bool:
    # "Republicans said X; they only learned on Friday ...": after a semicolon comes a new
    # statement.
    return ctx.text[max(0, view.left[part.id] - 3) : view.left[part.id]].strip().endswith(";")


def _parenthetical(ctx: Context, view: SentenceView, cue) -> Detection | None:
    # "The plan is tilted toward the rich, the Tax Foundation said." / "The test, North Korea said,
    # was its biggest" with the cue misattached: a comma-bounded "subject + cue" block reports the
    # rest.
    subj = view.kid(cue, "nsubj")
    if subj is None or view.kids(cue, *_CONTENT_RELS) or view.kids(cue, "obj", "mark"):
        return None
    if subj.upos not in ("PRON", "PROPN", "NOUN") or (subj.lemma or "").lower() in (
        "my",
        "its",
        "his",
        "her",
        "their",
    ):
        return None
    if (
        base_rel(cue) == "acl"
        or "PronType=Rel" in (subj.feats or "")
        or (subj.lemma or "").lower() in ("who", "which", "that")
    ):
        return None  # "a ceremony featuring Lewis, who joked ..." is a relative clause
    # The block is the cue word, its subject and adjacent modifiers ("the agency said in a June
    # report").
    bs, be = min(word_start(cue), view.left[subj.id]), max(word_end(cue), view.right[subj.id])
    mods = sorted(view.kids(cue, "advmod", "obl", "obl:tmod", "aux"), key=lambda w: view.left[w.id])
    for m in mods:
        ms, me = view.span(m)
        if ms >= be and not ctx.text[be:ms].strip():
            be = me
        elif me <= bs and not ctx.text[me:bs].strip():
            bs = ms
    before = ctx.text[view.start : bs].rstrip()
    after = ctx.text[be : view.end].strip()
    if (
        before
        and before[-1] not in ",—–"
        and not (len(before) > 1 and before[-1] in "”\"'" and before[-2] in ",?!")
    ):
        return None
    if not before:
        return None  # "He said, ..." is the colon/verb rules' business
    if after and after[0] not in ",—–" and after not in (".", "?", "!", ".”", '."'):
        return None
    nxt = next((w for w in view.words if word_start(w) >= be and w.upos != "PUNCT"), None)
    middle = after and after[0] in ",—–" and not (nxt is not None and ctx.is_cue_verb(nxt))
    start, end = (view.start, view.end) if middle else (view.start, bs)
    quoted = ctx.quote_at(first_index(ctx.text, be, " ,:—–")) if middle else None
    if quoted is not None and quoted.start < be + 4:
        start, end = quoted.start, quoted.end  # "But in a call, Col. Warren said, ''I mean ...''"
    if not any(
        w.upos in _VERBAL and start <= word_start(w) < end and not bs <= word_start(w) < be
        for w in view.words
    ):
        return None  # "On Thursday, X admitted": nothing reported before the cue
    cand = _candidate(ctx, view, cue, start, end, "verb-parenthetical")
    if cand is not None:
        cand.confidence -= 0.1
    return cand


# Words of a "subject + cue" block set off by commas, whatever the parser made of them: "the Tax
# Foundation said", "Xi later said", "experts say".
_BLOCK_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
_BLOCK_WORDS = _BLOCK_NOMINAL | {"DET", "NUM", "ADJ", "ADV", "AUX", "PART"}
# What may follow the cue inside the block: "said in a statement", "told reporters on Tuesday".
_AFTER_CUE = _BLOCK_WORDS | {"ADP", "CCONJ"}
_BLOCK_SIZE = 7


def _set_off_block(ctx: Context, view: SentenceView, cue) -> Detection | None:
    """A "subject + cue" block set off by commas reports the rest of its sentence, read from the
    words when the parse lost it.

    "The plan favours the rich, the Tax Foundation said." with the block parsed as a relative clause
    of "rich", "If costs rise, Lee said, fares must rise." with "Lee" an apposition, "... from any
    other country, she said." with the parser's "that" far back marking the cue: the block is a few
    nominal words and the cue, a comma or dash before it and a comma, dash or the sentence end after
    it, with no verb of its own content. Before the sentence end the content is what precedes the
    block; in the middle, the sentence around it in two pieces.
    """
    feats = cue.feats or ""
    if ctx.quote_at(word_start(cue)) is not None or is_gerund(cue) or "=Inf" in feats:
        return None  # "..., saying ...", "..., to say ...": no subject of its own
    if view.kids(cue, *_CONTENT_RELS, "aux:pass", "nsubj:pass"):
        return None  # content of its own, or a passive ("people were charged fees")
    words = view.words
    i = view.position(cue)
    if i is None:
        return None
    k = i
    while k > 0 and i - k < _BLOCK_SIZE and _block_word(words[k - 1], _BLOCK_WORDS):
        k -= 1
    block = words[k:i]
    if (
        k == 0
        or not any(w.upos in _BLOCK_NOMINAL for w in block)
        or words[k - 1].text not in (",", "—", "–", "--")
        or any(
            "PronType=Rel" in (w.feats or "") or (w.lemma or "").lower() in ("who", "which")
            for w in block
        )
        # "a fact he often mentions": a noun and a pronoun, a relative clause without its "that"
        or {"PRON", "NOUN"} <= {w.upos for w in block}
        or {"PRON", "PROPN"} <= {w.upos for w in block}
    ):
        return None
    j = i + 1
    while j < len(words) and j - i <= _BLOCK_SIZE and _block_word(words[j], _AFTER_CUE):
        j += 1
    if j > i + 1 and (
        words[i + 1].upos not in ("ADP", "ADV")
        and (cue.lemma or "").lower() not in ctx.hearer_verbs
    ):
        return None  # "Clinton noted the clot's existence.": an object, no set-off block
    after = words[j].text if j < len(words) else ""
    if after not in ("", ",", "—", "–", "--", ".", "!", "?") or any(
        (w.lemma or "").lower() in ("about", "of", "whether", "if") for w in words[i + 1 : j]
    ):
        return None  # "asked the mayor about the budget": the topic asked about follows
    if after in (",", "—", "–", "--") and any(ctx.is_cue_verb(w) for w in words[j + 1 : j + 2]):
        return None  # "..., Lee said, adding ...": the next act, not the content
    before = words[k - 1]
    end_of_sentence = after in ("", ".", "!", "?")
    reported = words[: k - 1] if end_of_sentence else words[: k - 1] + words[j + 1 :]
    if not any(w.upos in _VERBAL for w in reported):
        return None  # "On Thursday, the mayor said.": nothing reported around the block
    subject = next(
        (
            s
            for s in view.kids(cue, "nsubj")
            if word_start(words[k]) <= word_start(s) < word_start(cue)
        ),
        None,
    ) or max((w for w in block if w.upos in _BLOCK_NOMINAL), key=word_start)
    if end_of_sentence:
        cand = _candidate(ctx, view, cue, view.start, word_start(before), "verb-set-off")
    elif (q := ctx.quote_at(first_index(ctx.text, word_end(words[j])))) is not None:
        # "When the man was led away, Mr. Lee yelled, “Out!”": the quote after the block
        cand = _candidate(ctx, view, cue, q.start, q.end, "verb-set-off")
    else:
        gap = (word_start(before), word_end(words[j]))
        cand = _candidate(ctx, view, cue, view.start, view.end, "verb-set-off", gap=gap)
    if cand is not None:
        cand.speaker_head = subject
        cand.confidence -= 0.1
    return cand


# Verb forms that are no nouns, whatever the tagger says: "Trump says voter fraud ..." with "says"
# tagged a plural noun.
_VERB_ONLY_FORMS = frozenset({"says", "said", "tells", "told"})


def _misread_verb(ctx: Context, view: SentenceView, cue) -> Detection | None:
    """A speech verb the tagger made a noun, read from the words: a subject block from the sentence
    start (or a comma) up to it, the clause after it up to the next cue.

    "Senator from Texas says he cannot allow it" with "says" tagged a noun, "Senator" its subject
    and "allow" the root: the parse has no cue verb, the words have one.
    """
    words = view.words
    i = view.position(cue)
    if i is None or i + 1 >= len(words) or ctx.quote_at(word_start(cue)) is not None:
        return None
    k = i
    while k > 0 and i - k < _BLOCK_SIZE and _block_word(words[k - 1], _BLOCK_WORDS | {"ADP"}):
        k -= 1
    block = words[k:i]
    if (
        not block
        or block[0].upos == "ADP"
        or k > 0
        and words[k - 1].text not in (",", ":", ";", "—", "–", "--")
        or not any(w.upos in _BLOCK_NOMINAL for w in block)
    ):
        return None
    rest = words[i + 1 :]
    opener = (rest[0].lemma or "").lower() in ("that", "if", "whether")
    if rest[0].upos in _NOT_CONTENT_START and not opener:
        return None
    end = view.end
    for w in rest:
        if w.upos in _VERBAL and ctx.is_cue_verb(w):
            end = word_start(w)
            break
    if not any(w.upos in _VERBAL and word_start(w) < end for w in rest):
        return None  # "Trump says: ...", "the says and does": no clause reported
    head = next((w for w in block if w.upos == "ADP"), None)
    nominal = [w for w in block if w.upos in _BLOCK_NOMINAL]
    before = [w for w in nominal if head is None or word_start(w) < word_start(head)]
    cand = _candidate(ctx, view, cue, word_start(rest[0]), end, "verb-misread")
    if cand is not None:
        cand.speaker_head = (before or nominal)[-1]
        cand.confidence -= 0.2
    return cand


def _block_word(word, upos: frozenset[str]) -> bool:
    # a quote mark the parser tagged as a number ("’”" NUM) ends the block
    return word.upos in upos and any(ch.isalnum() for ch in word.text or "")


def _comma_quote(ctx: Context, view: SentenceView, cue) -> Detection | None:
    # "Trump attacked Clinton, saying, “She's trigger-happy.”" / "He told reporters, “We will
    # win.”": a comma after the cue (and its hearer) opens a quotation the parse did not attach.
    ce = word_end(cue)
    i = bisect_left(ctx.quote_starts, ce)
    if i >= len(ctx.quotes) or ctx.quotes[i].start > ce + 40:
        return None
    q = ctx.quotes[i]
    between = ctx.text[ce : q.start].rstrip()
    if not between.endswith((",", ":")):
        return None
    if any(ce <= word_start(w) < q.start and w.upos in _VERBAL for w in view.words):
        return None
    return _candidate(ctx, view, cue, q.start, q.end, "verb-comma-quote")


# Words that may stand between a cue and the "that" opening its clause: a hearer, a time, a
# medium ("told Fox that", "said on Tuesday that", "wrote in a memo that").
_BEFORE_THAT = frozenset({"NOUN", "PROPN", "PRON", "ADP", "DET", "ADJ", "NUM", "ADV"})


# A question's clause after its cue's hearer, time or medium: "asked Lee on Monday whether ...".
_QUESTION_VERBS = frozenset({"ask", "question"})
_WH_OPENERS = frozenset({"whether", "if", "why", "how", "who", "what", "when", "where"})


def _that_after(ctx: Context, view: SentenceView, cue) -> Detection | None:
    """A "that" opening a clause right after the cue (or after its hearer, time or medium) opens
    what was said, up to the next cue or the sentence end, wherever the parser hung the clause.

    "Anderson told Fox that Clinton's loss “accelerated”" parsed with "that" a case marker of
    "loss" and the clause a modifier of "Fox": the words say it, the parse does not. A "that"
    tagged as a determiner or pronoun ("noted that plan", "told reporters that asked") is no
    opener. A question verb's wh-word opens the question asked the same way ("Asked during a
    debate why he trailed ..., Sanders said" with the clause hung on "debate"); it ends before
    the report the cue's clause hangs in.
    """
    words = view.words
    i = view.position(cue)
    if i is None or ctx.quote_at(word_start(cue)) is not None:
        return None
    asks = (cue.lemma or "").lower() in _QUESTION_VERBS
    for k in range(i + 1, min(i + 7, len(words) - 1)):
        w = words[k]
        text = (w.text or "").lower()
        if text == "that":
            if w.upos not in ("SCONJ", "ADP"):
                return None
            break
        if asks and text in _WH_OPENERS and k > i + 1:
            break  # "Asked during a debate why he trailed ...": the question asked
        if w.upos not in _BEFORE_THAT:
            return None
    else:
        return None
    rest = words[k + 1 :] if text == "that" else words[k:]
    end = view.end
    for w in rest:
        if w.upos in _VERBAL and ctx.is_cue_verb(w):
            end = view.left[w.id]
            if view.in_subtree(cue, w):  # "Asked ... why ..., Lee said": up to Lee
                subject = view.kid(w, "nsubj")
                end = word_start(w) if subject is None else view.left[subject.id]
            break
    if not any(w.upos in _VERBAL and word_start(w) < end for w in rest):
        return None
    cand = _candidate(ctx, view, cue, word_start(rest[0]), end, "verb-that-words")
    if cand is not None:
        cand.confidence -= 0.2
    return cand


def _rest_of_sentence(ctx: Context, view: SentenceView, cue) -> Detection | None:
    # "Clinton says Trump’s “latest twitter meltdown is unhinged.”" misparsed (no ccomp): a cue with
    # a subject before it and a clause right after it reports that clause, up to the sentence end.
    if not view.kid(cue, "nsubj") or word_start(view.kid(cue, "nsubj")) > word_start(cue):
        return None
    words = view.words
    i = view.position(cue)
    if i is None or i + 1 >= len(words):
        return None
    opener = (words[i + 1].lemma or "").lower() in ("that", "if", "whether")
    if words[i + 1].upos in _NOT_CONTENT_START and not opener:
        return None
    rest = words[i + 1 :]
    if opener:
        pass
    else:
        finite = next(
            (w for w in rest if w.upos in _VERBAL and _reported_clause(view, cue, w)), None
        )
        if finite is None:
            return None  # "mentions policies she supported": the only verb is in a relative clause
    end = view.end
    for w in rest:
        if w.upos in _VERBAL and ctx.is_cue_verb(w):
            end = view.left[
                w.id
            ]  # "said X, though she noted Y": stop where the next cue's clause starts
            break
    cand = _candidate(ctx, view, cue, word_start(rest[0]), end, "verb-rest-of-sentence")
    if cand is not None:
        cand.confidence -= 0.2
    return cand


def _object(ctx: Context, view: SentenceView, cue) -> Detection | None:
    # "a third of voters said the same", "he said no": the object of a verb of saying is what was
    # said; "Lee said the mayor's words “amount to a threat”" (words -obj-> said, its verb hung
    # elsewhere): with a verb after the object the parser broke a clause, which runs to the next cue
    # or the end.
    if (cue.lemma or "").lower() not in ctx.object_speech_verbs or ctx.quote_at(
        word_start(cue)
    ) is not None:
        return None
    subj = view.kid(cue, "nsubj")
    if subj is not None and word_start(subj) > word_start(cue):
        return None  # "..., said Lee": the object is no content
    obj = next((o for o in view.kids(cue, "obj") if word_start(o) > word_end(cue)), None)
    if obj is None or subj is None and not _split_clause(view, cue, obj):
        return None  # "said Tom Lee, a strategist": an inverted subject parsed as the object
    start, end = view.span(obj)
    later = [w for w in view.words if word_start(w) >= end and w.upos in _VERBAL]
    if later:
        end = view.end
        for w in view.words_between(start + 1, view.end):
            if w.upos in _VERBAL and ctx.is_cue_verb(w):
                end = view.left[w.id]
                break
    cand = _candidate(ctx, view, cue, start, end, "verb-object")
    if cand is not None:
        cand.confidence -= 0.2
    return cand


def _split_clause(view: SentenceView, cue, obj) -> bool:
    """Whether a subjectless cue's object is the subject of a clause the parser split from it.

    "Lee attacked the plan, saying the cost would double", "blasted Congress and said the state
    allocated $26 million": a gerund or a cue coordinated with the verb before it (whose subject
    speaks) with a finite verb right after its object's head; a finite cue without a subject
    ("..., said Tom Lee, a strategist") has its speaker there instead.
    """
    if not (is_gerund(cue) or base_rel(cue) == "conj"):
        return False
    verb = next((w for w in view.words if w.id > obj.id and w.upos in _VERBAL), None)
    return verb is not None and is_finite(verb)


def _reported_clause(view: SentenceView, cue, verb) -> bool:
    """Whether the finite ``verb`` after the cue can head what was said: not a modifier, a
    conjunct or a relative clause. A modal speaks for its verb ("said legalizing it could put
    ..."), which must not be the clause the cue hangs in ("If she could not continue ..., she would
    have to")."""
    if not is_finite(verb):
        return False
    if is_modal(verb):
        verb = view.head_of(verb)
        if verb is None or view.in_subtree(cue, verb):
            return False
    return base_rel(verb) not in ("acl", "advcl", "conj") and not _relative(view, verb)


def _relative(view: SentenceView, verb) -> bool:
    return any(
        (c.lemma or "").lower() in ("who", "which", "that", "whom")
        and base_rel(c) in ("nsubj", "obj")
        for c in view.children[verb.id]
    )


# Words opening a clause the writer adds after a comma: "..., who is 70", "..., while nine in ten
# said ...". "which" and "where" are left out: on PolNeAR train their clauses were about as often
# part of what was said ("the military, which retains ...") as not (21 strict pairs gained, 18
# lost).
_ASIDE_OPENERS = frozenset({"who", "while", "whereas", "though", "although"})


def _without_aside(ctx: Context, view: SentenceView, start: int, end: int) -> int:
    """Where the content ends before an aside of the writer's that closes it.

    "He said the union had backed Lee, who is 70" / "She said sales rose, although ..." / "said
    she had met Ann Lee, the head of the port authority": a relative clause on a person, a contrast
    clause or a common-noun apposition set off by a comma at the end of an unquoted content is the
    writer's addition, not what was said. An aside holding a quote stays, and so does a name ("his
    wife, Melania").
    """
    for w in view.words_between(start + 1, end):
        if (
            base_rel(w) == "appos"
            and w.upos == "NOUN"
            and ctx.quote_at(word_start(w)) is None
            and any(x.upos in _VERBAL for x in view.words_between(start, view.left[w.id]))
        ):
            # "said he met Ann Lee, the founder of the group": the writer's description
            mark = last_index(ctx.text, view.left[w.id])
            if (
                mark > start
                and ctx.text[mark] == ","
                and blank(ctx.text, view.right[w.id], end, _EDGE)
                and not ctx.quotes_overlapping(view.left[w.id], end)
            ):
                return mark
        if (w.lemma or w.text).lower() not in _ASIDE_OPENERS or ctx.quote_at(word_start(w)):
            continue
        clause = w if base_rel(w) in ("advcl", "acl") else view.head_of(w)
        while clause is not None and base_rel(clause) not in ("acl", "advcl"):
            clause = view.head_of(clause) if base_rel(clause) in ("nsubj", "obj", "obl") else None
        if clause is None or view.left[clause.id] != word_start(w):
            continue  # "said which plan works": the clause does not open with the word
        comma = last_index(ctx.text, word_start(w))
        if (
            comma <= start
            or ctx.text[comma] != ","
            or not blank(ctx.text, view.right[clause.id], end, _EDGE)
        ):
            continue
        if ctx.quotes_overlapping(word_start(w), end):
            continue
        return comma
    return end


def _candidate(
    ctx: Context,
    view: SentenceView,
    cue,
    start: int,
    end: int,
    rule: str,
    *,
    gap: tuple[int, int] | None = None,
) -> Detection | None:
    """The content start..end of ``cue``; ``gap`` (the cue and its speaker, inside the span)
    splits it into two pieces."""
    if gap is not None and start < gap[0] and gap[1] < end:
        pieces = ctx.pieces([(start, gap[0]), (gap[1], end)])
        if pieces is not None:
            spans, kind = pieces
            cand = _candidate(ctx, view, cue, spans[0][0], spans[-1][1], rule)
            if cand is not None:
                cand.set_pieces(spans, kind)
            return cand
    snapped = ctx.content(start, _without_aside(ctx, view, start, end))
    if snapped is None:
        return None
    s, e, kind = snapped
    if e - s < 3:
        return None
    inside = ctx.quote_at(word_start(cue))
    if inside is not None and (
        kind == "direct" and s <= word_start(cue) < e or not inside.start <= s < e <= inside.end
    ):
        # a cue inside a quote reports only within that quote ("“He told me that ...,” she said");
        # "“We expect ...”" is no report of "expect", and "“Tell that to the janitor,” Biden said"
        # none of "tell"
        return None
    speaker = speaker_head(ctx, view, cue)
    confidence = {"direct": 0.9, "mixed": 0.85, "indirect": 0.8}[kind]
    if speaker is None:
        confidence -= 0.2
    if ctx.is_belief(cue):
        rule = "belief-" + rule
        confidence -= 0.1
    return Detection(
        kind=kind,
        start_char=s,
        end_char=e,
        sentence=view.index,
        cue_start=word_start(cue),
        cue_end=word_end(cue),
        cue_lemma=(cue.lemma or cue.text).lower(),
        speaker_head=speaker,
        confidence=confidence,
        rule=rule,
    )
