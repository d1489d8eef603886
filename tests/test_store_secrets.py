"""Errors never show a store password, neither in the URL's user part nor in its query."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from attribution.claims import open_store
from attribution.claims.urls import encode_userinfo, redact_url, scrub
from attribution.cli import main
from attribution.errors import StoreError


def _closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    "url, shown",
    [
        ("postgresql://u:pw@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u@h:5999/db?password=SECRET", "postgresql://u@h:5999/db?password=***"),
        ("postgresql://u:se@cret@h/db", "postgresql://u:***@h/db"),
        (
            "postgresql://h/db?sslmode=require&sslpassword=K&PASSWORD=S",
            "postgresql://h/db?sslmode=require&sslpassword=***&PASSWORD=***",
        ),
        ("postgresql://h/db", "postgresql://h/db"),
    ],
)
def test_redact_url_hides_every_password(url, shown):
    assert redact_url(url) == shown


def test_scrub_removes_raw_and_decoded_secrets():
    url = "postgresql://u:p%40ss@h/db?password=two"
    assert scrub("failed for p@ss and p%40ss and two", url) == "failed for *** and *** and ***"


def test_an_unencoded_at_in_the_password_is_encoded_for_libpq():
    assert encode_userinfo("postgresql://u:se@cret@h:5/db") == "postgresql://u:se%40cret@h:5/db"
    assert encode_userinfo("postgresql://u:pw@h/db") == "postgresql://u:pw@h/db"


@pytest.mark.parametrize(
    "template",
    [
        "postgresql://u@127.0.0.1:{port}/db?password=SECRETVALUE",
        "postgresql://u:SECRET@VALUE@127.0.0.1:{port}/db",
        "postgresql://u:SECRETVALUE@127.0.0.1:{port}/db",
    ],
)
def test_connection_errors_show_no_password(template):
    url = template.format(port=_closed_port())
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert "SECRET" not in str(caught.value) and "VALUE" not in str(caught.value)
    result = CliRunner().invoke(main, ["claims", "list", "--db", url])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "SECRET" not in result.output and "VALUE" not in result.output


def test_unsupported_url_errors_show_no_password():
    result = CliRunner().invoke(main, ["claims", "list", "--db", "mysql://u:SECRET@h/db"])
    assert result.exit_code == 1 and "SECRET" not in result.output
