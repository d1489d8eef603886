"""Remembering quotes: attributed quotes become claims in the store, with their origin."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..claims.io import content_id
from ..claims.store import ClaimStore
from ..dates import normalise_date
from ..models import Claim, speaker_name


def meta(article, key: str):
    """An Article's or an article dict's field ``key`` (None without an article)."""
    if article is None:
        return None
    return article.get(key) if isinstance(article, dict) else getattr(article, key, None)


def quote_claims(quote_dicts: Iterable[dict], *, article) -> Iterator[Claim]:
    """Attributed quotes as claims: speaker, article date and url, origin "doc:quote-id"."""
    doc_id = meta(article, "id")
    date, url = normalise_date(meta(article, "date")), meta(article, "url")
    title, outlet = (
        meta(article, "title") or (meta(article, "meta") or {}).get("title"),
        meta(article, "outlet"),
    )
    for quote in quote_dicts:
        speaker, text = speaker_name(quote), (quote.get("text") or "").strip()
        if not speaker or not text:
            continue  # an unattributed quote is no claim of anyone's
        yield Claim(
            id=content_id(text, speaker, date, url),
            text=text,
            speaker=speaker,
            date=date,
            url=url,
            title=title,
            source=outlet,
            origin=quote_origin(quote, doc_id),
        )


def quote_origin(quote: dict, doc_id: str | None = None) -> str:
    """Where a remembered quote came from: "doc:quote-id" (its ``doc``, else ``doc_id``)."""
    quote_id = str(quote.get("id") or "")
    doc = str(quote.get("doc") or doc_id or "")
    return quote_id if doc and quote_id.startswith(doc + ":") else f"{doc}:{quote_id}"


def remember_quotes(store: ClaimStore, quote_dicts: Iterable[dict], *, article) -> int:
    """Store the attributed quotes of one article as claims; returns how many were new."""
    return store.add_many(quote_claims(quote_dicts, article=article)).added


__all__ = ["meta", "quote_claims", "quote_origin", "remember_quotes"]
