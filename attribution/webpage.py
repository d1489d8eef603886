"""An HTML page's element tree for trafilatura, with nothing lost to deep nesting.

libxml2 stops parsing at 256 levels of nesting (2,048 with ``huge_tree``) and trafilatura
drops what lies deeper than about 254, both silently. Old pages reach that depth by
opening a ``<font>`` per paragraph and never closing it: 300 such paragraphs lost 46.
A page that nests deeper than :data:`SAFE_DEPTH` is parsed with ``huge_tree`` and its
formatting tags (font, b, span, ...) are taken out, keeping their text; then, if still too
deep, its containers (div, section, ...); what still nests too deeply is flattened.
Ordinary pages are left to trafilatura as they are.
"""

from __future__ import annotations

import re

SAFE_DEPTH = 200
# Tags that only format text: removing them keeps every word and every paragraph break.
FORMATTING = (
    "font", "b", "i", "u", "em", "strong", "span", "small", "big", "center", "s", "strike",
    "tt", "sub", "sup", "a", "abbr", "cite", "code", "q", "mark", "ins", "del", "blink",
    "nobr", "var", "kbd", "samp", "dfn", "bdi", "bdo", "time",
)  # fmt: skip
_FORMATTING_TAG = re.compile(r"</?(?:" + "|".join(FORMATTING) + r")(?=[\s/>])[^>]*>", re.I)
# Containers that only group blocks: removed (a line break in their place) when a page
# still nests too deeply without its formatting tags.
CONTAINERS = ("div", "section", "article", "main", "aside", "header", "footer", "blockquote")
_BREAKS = ("br", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", *CONTAINERS)


def _parse(html: str):
    """(tree, whether libxml2 gave up on the depth); tree None when lxml cannot parse it."""
    import lxml.html

    parser = lxml.html.HTMLParser(
        huge_tree=True,
        collect_ids=False,
        default_doctype=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        tree = lxml.html.fromstring(html, parser=parser)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None, False
    return tree, any("Excessive depth" in entry.message for entry in parser.error_log)


def depth(tree) -> int:
    """How many levels deep the tree's elements nest."""
    from lxml import etree

    level = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        level += 1 if event == "start" else -1
        deepest = max(deepest, level)
    return deepest


def _unwrap(tree, tags: tuple[str, ...]) -> None:
    """Remove ``tags`` keeping their content, with a line break where each began and ended."""
    from lxml import etree

    for element in tree.iter(*tags):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    etree.strip_tags(tree, *tags)


def _flatten_below(tree, limit: int) -> None:
    """Strip the tags under every element ``limit`` levels deep, keeping text and line breaks."""
    from lxml import etree

    level, tops = 0, []
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        level += 1 if event == "start" else -1
        if event == "start" and level == limit:
            tops.append(element)
    for top in tops:
        for element in top.iterdescendants():
            if isinstance(element.tag, str) and element.tag.lower() in _BREAKS:
                element.tail = "\n" + (element.tail or "")
        etree.strip_tags(top, "*")


def page_tree(html: str):
    """(tree, warning): a tree to give trafilatura instead of ``html``, or None when the
    page nests shallowly enough to be read as it is; a warning when text is still lost."""
    tree, gave_up = _parse(html)
    if tree is None or not gave_up and depth(tree) <= SAFE_DEPTH:
        return None, None
    from lxml import etree

    warning = None
    if gave_up:  # deeper than even huge_tree parses: take the formatting tags out first
        tree, gave_up = _parse(_FORMATTING_TAG.sub("", html))
        if tree is None:
            return None, None
        if gave_up:
            warning = (
                "the page nests its elements more than 2,048 levels deep: text past that "
                "point could not be read"
            )
    etree.strip_tags(tree, *FORMATTING)
    if depth(tree) > SAFE_DEPTH:
        _unwrap(tree, CONTAINERS)
    if depth(tree) > SAFE_DEPTH:
        _flatten_below(tree, SAFE_DEPTH)
    return tree, warning
