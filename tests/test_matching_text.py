"""A statement's words: posts (links, handles, hashtags, signatures), figures and stems."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from attribution.claims import Claim, open_store
from attribution.matching import match_records, match_text
from attribution.matching.text import read_post

TWEET = (
    "Illinois bill would deny birth certificates to children of single mothers "
    "https://t.co/wDGczl94dF pic.twitter.com/Xy12Ab — Jane Q. Public (@janeqp) January 28, 2021"
)


def test_a_posts_signature_and_links_are_metadata():
    post = read_post(TWEET)
    assert post.text == "Illinois bill would deny birth certificates to children of single mothers"
    assert (post.author, post.handle, post.date) == ("Jane Q. Public", "janeqp", "2021-01-28")
    assert post.links == ("https://t.co/wDGczl94dF", "pic.twitter.com/Xy12Ab")


def test_hashtags_and_handles_count_as_their_words():
    post = read_post("RT @NewsDesk: Happy #RepublicDay from @RepAdamSchiff! #covid19 #MAGA")
    assert post.text == "Happy Republic Day from Rep Adam Schiff! covid 19 MAGA"
    assert post.handles == ("NewsDesk", "RepAdamSchiff") and post.author is None


def test_a_statement_that_is_no_post_is_left_as_it_is():
    text = "The minister said - in Paris, on 3 May 2019 - that taxes would fall by 5%."
    post = read_post(text)
    assert post.text == text and post.author is None and post.date is None and post.links == ()


def _store(tmp_path):
    store = open_store(tmp_path / "posts.sqlite")
    store.add_many(
        [
            Claim(
                id="https",
                text="Article explains the difference between http and https protocols co",
            ),
            Claim(
                id="january",
                text="In January 2021 the state closed every public swimming pool.",
            ),
            Claim(
                id="birth",
                text="An Illinois bill would deny birth certificates to the children of single "
                "mothers unless the father is named.",
                reviewed="2021-02-03",
            ),
        ]
    )
    return store


def test_a_tweet_finds_its_fact_check_not_its_link_or_its_date(tmp_path):
    with _store(tmp_path) as store:
        ranked = match_text(store, TWEET)
        assert ranked[0].claim_id == "birth"
        others = {m.claim_id: m.score for m in ranked[1:]}
        assert all(score < ranked[0].score / 2 for score in others.values())
        link_only = match_text(store, "https://t.co/wDGczl94dF — Jane (@jane) January 28, 2021")
        assert link_only == [] or all(m.claim_id != "https" for m in link_only)


def test_a_posts_signature_dates_it_and_names_its_author(tmp_path):
    with open_store(tmp_path / "dated.sqlite") as store:
        store.add_many(
            [
                Claim(
                    id="made-before", text="Taxes on gasoline doubled this year.", date="2021-01-02"
                ),
                Claim(
                    id="made-after", text="Taxes on gasoline doubled this year.", date="2021-06-01"
                ),
            ]
        )
        ((_, _, matches),) = match_records(
            store,
            [
                {
                    "id": "t1",
                    "text": "taxes on gasoline have doubled this year, drivers say "
                    "— Ann Lee (@annlee) January 10, 2021",
                }
            ],
        )
        reasons = {m.claim_id: m.reasons.get("date") for m in matches}
        assert reasons == {"made-before": "earlier", "made-after": "later"}
        assert matches[0].claim_id == "made-before"


def test_a_words_weight_is_wordfreqs_zipf_whichever_way_it_is_looked_up():
    from wordfreq import zipf_frequency

    from attribution.matching.text import RAREST_ZIPF, word_weight

    # plain lower-case words take the direct lookup; the others go through wordfreq's tokenizer
    for word in ("said", "pipeline", "the", "hydroxychloroquine", "zzqxv", "café", "naïve", "i"):
        assert word_weight(word) == max(0.0, RAREST_ZIPF - zipf_frequency(word, "en")), word
    assert word_weight("covid19") == RAREST_ZIPF


def test_a_common_number_weighs_less_than_a_telling_figure():
    from attribution.matching.text import RAREST_ZIPF, word_weight

    # "1" and "7" of "$1.7 billion" are everywhere; "306" electoral votes is not
    assert word_weight("1") < word_weight("2016") < word_weight("306") < RAREST_ZIPF
    assert word_weight("1") <= word_weight("said") + 0.5


def test_a_claims_kept_signals_are_those_computed_afresh():
    from attribution.matching import text

    claim = (
        "Don't believe it: the 30,000 jobs promised on June 2, 2015 were 12,500 in twenty towns"
        " — O'Brien’s words"
    )
    content, weighted, figures = text.claim_words(claim)
    assert content == text.content(claim)
    assert weighted == text.weighted_stems(claim) == text.cached_weighted_stems(claim)
    assert figures == text.figures(claim) == {"30000", "12500", "20"}
    assert text.cached_stems(claim) == text.stems(claim)
    assert text.figures("no figure here") == frozenset()


# Text built from what the tokeniser and the date pattern turn on: month names in any case,
# digits, number words, hyphens, both apostrophes, stopwords, and the non-ASCII letters a case-blind
# pattern takes for ASCII ones ("ſept" with a long s is Sept to it; the Kelvin sign, the
# dotted and dotless i).
_PIECES = st.sampled_from(
    ["June", "jun", "SEPT.", "Dec", "may", "2015", "2015-06-02", "30,000", "1.5", "-", "’", "'",
     " ", ", ", "the", "it's", "O’Brien", "a", "x", "\u017fept", "\u212a", "\u0130", "\u0131", "é",
     "ten", "Forty"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
@example("300 on \u017fept 2015")
def test_a_texts_figures_are_those_with_every_date_blanked(text):
    from attribution.dates import WRITTEN_DATE
    from attribution.matching.text import _FIGURE, figures, numerals

    # figures skips the date pattern where it cannot match: the same figures as always running it
    plain = numerals(text)  # a figure in words is its digits
    blanked = WRITTEN_DATE.sub(" ", plain)
    expected = frozenset(m.group().replace(",", "") for m in _FIGURE.finditer(blanked))
    assert figures(text) == (expected if any(c.isdigit() for c in plain) else frozenset())


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join), st.integers(1, 6))
def test_query_terms_are_the_content_words_in_order_up_to_the_limit(text, limit):
    from attribution.terms import _WORD, content_words, query_terms

    # content_words, which query_terms inlines, word by word: the limit is checked after a word
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text.lower()):
        for part in content_words(match.group()):
            seen.setdefault(part, None)
        if len(seen) >= limit:
            break
    assert query_terms(text, limit=limit) == list(seen)


def test_a_figure_written_in_words_is_its_digits():
    from attribution.matching import text

    assert text.figures("Forty-three million Americans are on food stamps.") == {"43"}
    assert text.figures("fortythree million Americans") == text.figures("43 million") == {"43"}
    assert text.figures("Twenty  twenty suicides a day, 8 million kids") == {"20", "8"}
    # "one" is mostly a pronoun, and words that merely contain a number word stay words
    assert text.figures("I remain one of the poorer members, tenacious and often") == frozenset()
    assert text.numerals("Seventy-five, NINETY, sixteen") == "75, 90, 16"
    assert text.numerals("it'sİx") == "it'sİx"  # "İ" is "i" only to Unicode case folding
    assert "20" in text.terms("Twenty suicides a day.")


def test_a_statement_scores_the_same_with_its_figures_in_words_or_digits(tmp_path):
    claim = Claim(id="vets", text="A shocking 20 veterans are committing suicide each day.")
    with open_store(tmp_path / "figures.sqlite") as store:
        store.add_many([claim, Claim(id="other", text="Veterans wait months for care.")])
        worded = match_text(store, "Twenty veterans a day commit suicide.")
        digits = match_text(store, "20 veterans a day commit suicide.")
    assert worded[0].claim_id == digits[0].claim_id == "vets"
    assert worded[0].score == digits[0].score
    assert worded[0].reasons["numbers"] == 1.0


def test_an_initialism_in_capitals_meets_the_capitalised_words_it_abbreviates():
    from attribution.matching import text

    assert text.initialisms(
        "The Environmental Protection Agency and the Department of Homeland Security back the "
        "Trans-Pacific Partnership, Hillary Clinton said."
    ) == ["epa", "dhs", "tpp", "hc"]
    claim = "Says Hillary Clinton called the Trans-Pacific Partnership the gold standard."
    weighted = text.claim_words(claim)[1]
    for statement in ("And now she wants to sign TPP.", "And now she wants to sign tpp."):
        assert not text.stems(statement) & text.stems(claim)
    tpp = text.abbreviated(text.capitals("And now she wants to sign TPP."), claim)
    assert tpp == text.word_weight("tpp") > 0
    assert text.overlap(text.weighted_stems("sign TPP"), weighted, also=tpp) > 0
    # written in lower case it is a word, not an initialism ("us", mostly the pronoun)
    assert text.capitals("They do not pay us, the U.S. and the EU.") == {"us", "eu"}
    assert text.abbreviated(text.capitals("sign tpp"), claim) == 0.0
    # a claim's word is matched as a word, not twice
    assert text.abbreviated(text.capitals("TPP"), "TPP: the Trans-Pacific Partnership") == 0.0


def test_a_statement_saying_an_initialism_ranks_the_claim_spelling_it_out_first(tmp_path):
    from attribution.claims import Claim, open_store
    from attribution.matching import match_text

    # two claims alike but for the agency; the statement names it by its initials only
    with open_store(tmp_path / "claims.sqlite") as store:
        store.add_many(
            [
                Claim(
                    id="epa", text="The Environmental Protection Agency bans racecar conversions."
                ),
                Claim(
                    id="fhwa", text="The Federal Highway Administration bans racecar conversions."
                ),
            ]
        )
        said = match_text(store, "The EPA bans converting your car into a racecar", top=2)
        assert [m.claim_id for m in said] == ["epa", "fhwa"]
        assert said[0].reasons["lexical"] > said[1].reasons["lexical"]
        # in lower case, no initialism: the words alike count alike
        plain = match_text(store, "The epa bans converting your car into a racecar", top=2)
        assert plain[0].reasons["lexical"] == plain[1].reasons["lexical"]


def test_a_figure_said_rounded_counts_half_a_figure_said_exactly():
    from attribution.matching.text import figures, figures_said

    claim = figures("Under Obama, families have lost over $4,000 a year in income.")
    assert figures_said(claim, figures("incomes now down $4,000")) == 1.0
    assert figures_said(claim, figures("incomes now down $4,300 during your term")) == 0.5
    assert figures_said(claim, figures("incomes now down $5,000")) == 0.0  # a quarter apart
    assert figures_said(figures("an 80 percent approval rating"), figures("82 percent")) == 0.5
    # a year is only itself; a figure said exactly is not also another one rounded
    assert figures_said(figures("since 2015"), figures("since 2016")) == 0.0
    assert figures_said(figures("500 of 550"), figures("a 550 increase")) == 0.5


def test_a_statement_rounding_a_figure_ranks_the_claim_with_it_first(tmp_path):
    from attribution.claims import Claim, open_store
    from attribution.matching import match_text

    with open_store(tmp_path / "claims.sqlite") as store:
        store.add_many(
            [
                Claim(id="near", text="Families have lost over $4,000 a year in income."),
                Claim(id="far", text="Families have lost over $9,000 a year in income."),
            ]
        )
        found = match_text(store, "Incomes are down $4,300 a year for families.", top=2)
    assert [m.claim_id for m in found] == ["near", "far"]
    assert [m.reasons["numbers"] for m in found] == [0.5, 0.0]


def test_a_claims_quoted_words_are_what_it_checks():
    from attribution.matching.text import content, quoted

    claim = "On the Iraq war, \"I said it loud and clear, 'You'll destabilize the Middle East.'\""
    assert quoted(claim) == content("I said it loud and clear, You'll destabilize the Middle East")
    assert quoted('Says Romney said "we should ask Pakistan for permission" to act.') == (
        "ask pakistan permission"
    )
    assert quoted('Says the plan is a "disaster."') == ""  # a word or two is a term
    assert quoted("“Taxes went up 20 percent under the governor.”") == ""  # the whole claim
    assert quoted("Taxes went up under the governor.") == ""


def test_a_line_repeating_a_claims_quoted_words_agrees_with_it_more():
    from attribution.claims.store import Candidate
    from attribution.matching.scoring import score_candidate

    line = "I said it loud and clear, you will destabilize the Middle East."
    framed = Claim(
        id="q",
        text='On the war in Iraq, as early as 2003, "I said it loud and clear, '
        "'You will destabilize the Middle East.'\"",
    )
    unquoted = Claim(id="u", text=framed.text.replace('"', "").replace("'", ""))
    with_quote = score_candidate(line, Candidate(framed, 0.0))
    without = score_candidate(line, Candidate(unquoted, 0.0))
    assert with_quote.reasons["fuzzy"] > without.reasons["fuzzy"]
    assert with_quote.score > without.score


def test_a_claims_sentences_are_those_of_four_content_words_or_more():
    from attribution.matching.text import content, sentences

    claim = (
        "\"Even our nuclear arsenal doesn't work. It came out recently they have equipment "
        'that is 30 years old."'
    )
    assert sentences(claim) == (
        content("Even our nuclear arsenal doesn't work."),
        content("It came out recently they have equipment that is 30 years old."),
    )
    # one sentence, the other too short, or an abbreviation's full stop: nothing to split
    assert sentences("Even our nuclear arsenal doesn't work, it came out recently.") == ()
    assert sentences('"Our real unemployment is 18 to 20 percent. Don\'t believe it."') == ()
    assert sentences("Says the U.S. Senate voted to cut taxes for the rich.") == ()


def test_a_line_repeating_one_sentence_of_a_claim_ranks_it_first(tmp_path):
    # The same words as one sentence and as three: only the three let the line meet one.
    said = (
        "Even our nuclear arsenal doesn't work. It came out recently they have equipment "
        "that is 30 years old. They don't know if it worked."
    )
    with open_store(tmp_path / "claims.sqlite") as store:
        store.add_many(
            [
                Claim(id="a-one-sentence", text=said.replace(". ", "; ")),
                Claim(id="b-sentences", text=said),
            ]
        )
        found = match_text(store, "And our nuclear arsenal, it doesn't work.", top=2)
    assert [m.claim_id for m in found] == ["b-sentences", "a-one-sentence"]
    assert found[0].score > found[1].score
