"""No silent loss in the input readers: deeply nested pages, odd JSONL ids, menu-only pages."""

from __future__ import annotations

import re

import pytest
from conftest import DATA

from attribution.documents import Article, load_inputs
from attribution.webpage import SAFE_DEPTH, depth, page_tree


def one_article(tmp_path, name: str, content: str) -> Article:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [article] = load_inputs([path])
    assert isinstance(article, Article), article
    return article


def numbered(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"P(\d+)\. The spokesman said", text)]


@pytest.mark.parametrize(
    "paragraphs, opener",
    [
        (300, "<font>"),  # libxml2's 256 levels (the issue's page)
        (3000, "<font size=2>"),  # beyond even huge_tree's 2,048 levels
        (400, "<div>"),  # block elements: flattened below SAFE_DEPTH
    ],
)
def test_deeply_nested_page_keeps_every_paragraph(tmp_path, paragraphs, opener):
    page = "<html><body>" + "".join(
        f"{opener}P{i}. The spokesman said that item {i} will ship.<br>" for i in range(paragraphs)
    )
    article = one_article(tmp_path, "old.html", page)
    assert numbered(article.text) == list(range(paragraphs))
    assert not article.meta.get("warnings")
    # Sentences stay apart: the rules see one paragraph a line, never two run together.
    assert all(line.count("spokesman") == 1 for line in article.text.split("\n") if line)


def test_ordinary_pages_are_read_as_they_are():
    html = (DATA / "inputs" / "article.html").read_text(encoding="utf-8")
    tree, warning = page_tree(html)
    assert tree is None and warning is None


def test_depth_counts_levels():
    tree, _ = page_tree("<html><body>" + "<div>" * (SAFE_DEPTH + 5) + "x")
    assert tree is not None and depth(tree) <= SAFE_DEPTH + 1


def test_menu_only_page_is_read_with_a_warning(tmp_path):
    page = (
        "<html><head><title>Site</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/news'>News</a></li><li><a href='/about'>About us</a></li></ul></nav>"
        "</body></html>"
    )
    article = one_article(tmp_path, "menu.html", page)
    [warning] = article.meta["warnings"]
    assert "menu.html" in warning and "no sentence" in warning and "Home" in warning


def test_an_article_page_has_no_menu_warning():
    [article] = load_inputs([DATA / "inputs" / "article.html"])
    assert not article.meta.get("warnings")


def test_jsonl_ids(tmp_path):
    lines = [
        '{"id": 7, "text": "A number id."}',
        '{"id": {"a": 1}, "text": "An object id."}',
        '{"id": ["x"], "text": "An array id."}',
        '{"id": "  spaced  ", "text": "A string id."}',
        '{"id": false, "text": "A boolean id."}',
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = list(load_inputs([path]))
    assert [a.id for a in found] == ["7", "feed-2", "feed-3", "spaced", "feed-5"]
    warned = [a.meta.get("warnings", [""])[0] for a in found]
    assert "line 2" in warned[1] and "JSON object" in warned[1] and "feed-2" in warned[1]
    assert "JSON array" in warned[2] and "JSON boolean" in warned[4]
    assert warned[0] == warned[3] == ""
