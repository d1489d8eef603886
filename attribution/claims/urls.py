"""Store URLs in messages: never a password, neither in the user part nor in the query.

``postgresql://u:pw@host/db?password=pw`` is shown as ``postgresql://u:***@host/db?password=***``.
A password holding an unencoded ``@`` (``u:se@cret@host``) is read as browsers read it (the
host follows the last ``@``) and encoded before libpq sees it, so libpq never echoes its tail
as a host name.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit

# Query keys whose values are secrets (libpq: password, sslpassword; others by their name).
_SECRET_WORDS = ("pass", "secret", "token")
HIDDEN = "***"


def _split_netloc(netloc: str) -> tuple[str | None, str | None, str]:
    """(user, password, host:port); the host follows the last ``@``."""
    userinfo, at, host = netloc.rpartition("@")
    if not at:
        return None, None, netloc
    user, colon, password = userinfo.partition(":")
    return user, (password if colon else None), host


def _secret_key(key: str) -> bool:
    return any(word in unquote(key).lower() for word in _SECRET_WORDS)


def redact_url(url: str) -> str:
    """``url`` with its password and secret query values replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:  # unparseable (a broken IPv6 bracket): show only the scheme
        return url.partition("://")[0] + "://" + HIDDEN
    user, password, host = _split_netloc(parts.netloc)
    netloc = host
    if user is not None:
        netloc = user + ("" if password is None else ":" + HIDDEN) + "@" + host
    query = "&".join(
        (key + "=" + HIDDEN) if _secret_key(key) else piece
        for piece in parts.query.split("&")
        if piece
        for key in [piece.partition("=")[0]]
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def url_secrets(url: str) -> list[str]:
    """Every secret ``url`` holds, as written and decoded, longest first (to scrub messages)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return [url]
    found = []
    _, password, _ = _split_netloc(parts.netloc)
    if password:
        found.append(password)
    for piece in parts.query.split("&"):
        key, _, value = piece.partition("=")
        if value and _secret_key(key):
            found.append(value)
    found += [unquote(s) for s in found]
    return sorted({s for s in found if s}, key=len, reverse=True)


def scrub(message: str, url: str) -> str:
    """``message`` (a driver's error, say) with any secret of ``url`` replaced by ``***``."""
    for secret in url_secrets(url):
        message = message.replace(secret, HIDDEN)
    return message


def encode_userinfo(url: str) -> str:
    """``url`` with an unencoded ``@`` or ``:`` in its user or password percent-encoded."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.netloc.count("@") < 2:
        return url
    user, password, host = _split_netloc(parts.netloc)
    userinfo = quote(unquote(user or ""), safe="")
    if password is not None:
        userinfo += ":" + quote(unquote(password), safe="")
    return urlunsplit(
        (parts.scheme, userinfo + "@" + host, parts.path, parts.query, parts.fragment)
    )
