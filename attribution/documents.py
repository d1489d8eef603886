"""Loading articles: CoNLL-U (one or many documents), later text, HTML and JSONL.

An :class:`Article` pairs the original text with its stanza Document (or none yet,
for raw text that still has to be parsed). Offsets everywhere index ``Article.text``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from stanza.models.common.doc import Document
from stanza.utils.conll import CoNLL

from .errors import InputError

NEWDOC = re.compile(r"^# newdoc id = (.*)$", re.MULTILINE)


@dataclass(slots=True)
class Article:
    """One news article: id, original text, optional metadata and its parse."""

    id: str
    text: str
    doc: Document | None = None
    url: str | None = None
    date: str | None = None
    outlet: str | None = None
    source: str | None = None  # the file it came from, for messages
    meta: dict = field(default_factory=dict)


def split_conllu(data: str) -> Iterator[tuple[str | None, str, int]]:
    """Yield (doc id, CoNLL-U block, first line number) for each ``# newdoc id``."""
    starts = [m.start() for m in NEWDOC.finditer(data)]
    if not starts or starts[0] != 0 and data[: starts[0]].strip():
        starts = [0] + starts
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(data)
        block = data[start:end]
        m = NEWDOC.match(block)
        yield (m.group(1).strip() if m else None), block, data.count("\n", 0, start) + 1


def text_from_offsets(doc: Document) -> str:
    """Rebuild the original text from token offsets (MISC start_char/end_char).

    Token characters land exactly where they were; gaps become spaces, or newlines
    where a new paragraph (``# newpar``) starts, so paragraph logic still works.
    """
    chars: list[str] = []
    pos = 0
    for sentence in doc.sentences:
        newpar = any(c.startswith("# newpar") for c in sentence.comments)
        for j, token in enumerate(sentence.tokens):
            start = token.start_char
            if start is None:
                raise InputError("CoNLL-U without start_char/end_char offsets in MISC")
            if start > pos:
                fill = "\n" if newpar and j == 0 and pos > 0 else " "
                chars.append(fill * (start - pos))
            elif start < pos:  # overlapping offsets: keep going, text stays best effort
                continue
            chars.append(token.text)
            pos = start + len(token.text)
    return "".join(chars)


def read_conllu(data: str, *, source: str = "<conllu>", default_id: str | None = None) -> Iterator[Article]:
    """Yield one Article per ``# newdoc id`` block of a stanza-style CoNLL-U string."""
    for n, (doc_id, block, line) in enumerate(split_conllu(data)):
        try:
            doc = CoNLL.conll2doc(input_str=block)
        except Exception as exc:  # stanza raises bare ValueErrors/IndexErrors
            raise InputError(f"{source}: malformed CoNLL-U in the document starting at line {line}: {exc}") from exc
        ident = doc_id or (default_id if n == 0 else f"{default_id}-{n}") or Path(source).stem
        yield Article(id=ident, text=text_from_offsets(doc), doc=doc, source=source)
