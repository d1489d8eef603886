"""Remembering quotes: attributed quotes become claims in the store, with their origin."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from ..claims.io import content_id
from ..claims.store import ClaimStore
from ..dates import normalise_date
from ..models import Claim, Quote

if TYPE_CHECKING:
    from ..documents import Article


def quote_claims(quotes: Iterable[Quote], *, article: Article) -> Iterator[Claim]:
    """Attributed quotes as claims: speaker, the article's date, url, title and outlet, origin
    "doc:quote-id"."""
    date = normalise_date(article.date)
    for quote in quotes:
        speaker = (quote.speaker.name or quote.speaker.mention).strip() if quote.speaker else ""
        text = quote.content.strip()  # a quote in pieces: without its cue and speaker
        if not speaker or not text:
            continue  # an unattributed quote is no claim of anyone's
        yield Claim(
            id=content_id(text, speaker, date, article.url),
            text=text,
            speaker=speaker,
            date=date,
            url=article.url,
            title=article.meta.get("title"),
            source=article.outlet,
            origin=origin(quote.doc or article.id, quote.id),
        )


def quote_origin(quote: Mapping, doc_id: str | None = None) -> str:
    """Where a remembered quote record came from: "doc:quote-id" (its ``doc``, else ``doc_id``)."""
    return origin(str(quote.get("doc") or doc_id or ""), str(quote.get("id") or ""))


def origin(doc: str, quote_id: str) -> str:
    """ "doc:quote-id" (a quote id names its document already: "doc:q3")."""
    return quote_id if doc and quote_id.startswith(doc + ":") else f"{doc}:{quote_id}"


def remember_quotes(store: ClaimStore, quotes: Iterable[Quote], *, article: Article) -> int:
    """Store the attributed quotes of one article as claims; returns how many were new."""
    return store.add_many(quote_claims(quotes, article=article)).added


__all__ = ["origin", "quote_claims", "quote_origin", "remember_quotes"]
