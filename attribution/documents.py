"""Loading articles: plain text, HTML, JSONL and CoNLL-U (one or many documents).

An :class:`Article` pairs the original text with its stanza Document (or none yet,
for raw text that still has to be parsed). Offsets everywhere index ``Article.text``.
:func:`load_inputs` reads whatever the user names and yields an :class:`InputFailure`
instead of raising for an input that cannot be read, so one bad file never stops a run.
"""

from __future__ import annotations

import gc
import gzip
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import InputError

if (
    TYPE_CHECKING
):  # stanza (and torch behind it) loads only where a parse is read: `claims` and `match` start fast
    from stanza.models.common.doc import Document

BOM = "\ufeff"
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

    def to_dict(self) -> dict:
        """The article as writers and reports see it (no parse)."""
        return {
            "id": self.id,
            "text": self.text,
            "url": self.url,
            "date": self.date,
            "outlet": self.outlet,
        }


# Article metadata in CoNLL-U, as GUM and other UD corpora write it: "# meta::url = ...".
META_KEYS = ("url", "date", "outlet", "title")
_META = re.compile(r"^# meta::(\w+) = (.*)$")


def metadata_comments(article: Article) -> list[str]:
    """The article's url, date, outlet and title as ``# meta::KEY = VALUE`` comment lines."""
    values = {"url": article.url, "date": article.date, "outlet": article.outlet}
    values["title"] = article.meta.get("title")
    return [
        f"# meta::{key} = {' '.join(str(value).split())}"
        for key, value in values.items()
        if value not in (None, "")
    ]


def _metadata(doc: Document) -> dict[str, str]:
    """``# meta::KEY = VALUE`` comments of a document's first sentence (see metadata_comments)."""
    found = {}
    for comment in doc.sentences[0].comments if doc.sentences else ():
        m = _META.match(comment)
        if m and m.group(1) in META_KEYS:
            found[m.group(1)] = m.group(2).strip()
    return found


def split_conllu(data: str, first_line: int = 1) -> Iterator[tuple[str | None, str, int]]:
    """Yield (doc id, CoNLL-U block, first line number) for each ``# newdoc id``.

    ``first_line``: the line number of ``data``'s first line in its file (a part of a file).
    """
    starts = [m.start() for m in NEWDOC.finditer(data)]
    if not starts or starts[0] != 0 and data[: starts[0]].strip():
        starts = [0] + starts
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(data)
        block = data[start:end]
        m = NEWDOC.match(block)
        yield (m.group(1).strip() if m else None), block, data.count("\n", 0, start) + first_line


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


FORMATS = ("txt", "html", "jsonl", "conllu")
_SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".conllu": "conllu",
    ".conll": "conllu",
}
_CONLLU_LINE = re.compile(r"^\d+(?:[-.]\d+)?\t[^\t\n]*(?:\t[^\t\n]*){8}$")
_ID = re.compile(r"^\d+(?:[-.]\d+)?$")
_CONTROL = frozenset(b for b in range(32) if b not in (9, 10, 12, 13))


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input (file, line, document) that could not be read; the run goes on."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "message": self.message}


class _Located(Exception):
    """Internal: a message with the line it belongs to."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line, self.message = line, message


# --- CoNLL-U -------------------------------------------------------------------------


def _check_conllu_line(line: str) -> str | None:
    """Why one token line is not CoNLL-U, or None (the checks stanza's reader trips on)."""
    fields = line.split("\t")
    if len(fields) != 10:
        return f"expected 10 tab-separated columns, found {len(fields)}"
    if not _ID.match(fields[0]):
        return f"the ID column must be a number or a range like 3-4, not {fields[0]!r}"
    if fields[6] != "_" and not fields[6].isdigit():
        return f"the HEAD column must be a number or _, not {fields[6]!r}"
    for item in fields[9].split("|"):
        key, _, value = item.partition("=")
        if key in ("start_char", "end_char") and not value.isdigit():
            return f"{key} in MISC must be a number, not {value!r}"
    return None


def locate_conllu_error(block: str, first_line: int = 1) -> tuple[int, str] | None:
    """Find the first line of ``block`` that is not valid CoNLL-U: (line number, why)."""
    words: list[tuple[int, int]] = []  # (line number, head) of the current sentence
    ids: set[int] = set()
    lines = block.split("\n")
    for n, raw in enumerate(lines + [""], start=first_line):
        line = raw.lstrip().rstrip(" \n\r\t")
        if not line:
            for line_no, head in words:  # a sentence ends: every HEAD must point inside it
                if head and head not in ids:
                    return line_no, f"HEAD {head} points to no word of its sentence"
            words, ids = [], set()
            continue
        if line.startswith("#"):
            continue
        problem = _check_conllu_line(line)
        if problem:
            return n, problem
        fields = line.split("\t")
        if fields[0].isdigit():
            ids.add(int(fields[0]))
            words.append((n, int(fields[6]) if fields[6].isdigit() else 0))
    return None


@contextmanager
def _gc_paused():
    """Pause the cyclic GC while stanza builds a Document.

    Building one allocates several objects per word, all kept; with the collector on,
    its full passes rescan them again and again (3-6x slower on a long document).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _conllu_articles(
    data: str, source: str, default_id: str | None, first_line: int = 1
) -> Iterator[Article | _Located]:
    """Read each ``# newdoc`` block; a bad block becomes a located error, the rest go on."""
    from stanza.utils.conll import CoNLL  # here, not at the top: see TYPE_CHECKING above

    documents = 0
    for n, (doc_id, block, line) in enumerate(split_conllu(data, first_line)):
        ident = doc_id or (default_id if n == 0 else f"{default_id}-{n}") or Path(source).stem
        if not any(row.strip() and not row.lstrip().startswith("#") for row in block.split("\n")):
            if doc_id:  # a named document without tokens; a comment preamble is fine
                documents += 1
                yield _Located(line, f"document {ident!r} has no token lines")
            continue
        documents += 1
        # Offsets from another UD parser's CoNLL-U are rebuilt from SpaceAfter / # text.
        rebuild = "start_char=" not in block
        try:
            with _gc_paused():
                doc = CoNLL.conll2doc(input_str=block, reconstruct_text=rebuild)
            if not doc.sentences:
                raise ValueError("no sentences")
            text = doc.text if rebuild else text_from_offsets(doc)
        except Exception as exc:  # stanza raises bare ValueErrors/IndexErrors/KeyErrors
            found = locate_conllu_error(block, line)
            if found:
                yield _Located(found[0], f"malformed CoNLL-U: {found[1]}")
            else:
                detail = (
                    str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                )
                yield _Located(
                    line, f"malformed CoNLL-U in document {ident!r} starting here: {detail}"
                )
            continue
        meta = _metadata(doc)
        yield Article(
            id=ident,
            text=text,
            doc=doc,
            source=source,
            url=meta.get("url"),
            date=meta.get("date"),
            outlet=meta.get("outlet"),
            meta={"title": meta["title"]} if "title" in meta else {},
        )
    if not documents:
        yield _Located(None, "no CoNLL-U token lines (only comments)")


def read_conllu(
    data: str, *, source: str = "<conllu>", default_id: str | None = None
) -> Iterator[Article]:
    """Yield one Article per ``# newdoc id`` block of a stanza-style CoNLL-U string.

    Raises InputError (naming the source and line) at the first malformed block.
    CoNLL-U without start_char/end_char in MISC gets its text rebuilt from the tokens.
    """
    for item in _conllu_articles(data, source, default_id):
        if isinstance(item, _Located):
            raise InputError(f"{source}, line {item.line}: {item.message}")
        yield item


# --- bytes to text -------------------------------------------------------------------


def _looks_binary(sample: bytes) -> bool:
    """NUL bytes or more than 1% control bytes: no news text looks like that."""
    return b"\x00" in sample or sum(b in _CONTROL for b in sample) > len(sample) // 100


def decode_bytes(data: bytes, source: str) -> tuple[str, str | None]:
    """Text of a file and a warning, or InputError for binary data.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as they are. Other
    bytes that still look like text (old news archives: Windows-1252 / Latin-1) are
    decoded as Windows-1252 with a warning, rather than refused.
    """
    binary = InputError(
        f"{source}: not UTF-8 text (it looks like a binary file); "
        "give .txt, .html, .jsonl or .conllu files"
    )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise binary from None
        if _looks_binary(text[:32768].encode("utf-8", "replace")):
            raise binary
        return text, None
    if _looks_binary(data[:65536]):
        raise binary
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        return text, (
            f"{source}: not UTF-8 text (first bad byte on line {line}); read it as "
            "Windows-1252/Latin-1. Convert it to UTF-8 (iconv -f cp1252 -t utf-8) if characters "
            "look wrong"
        )


def sniff_format(text: str) -> str:
    """Guess the format of unnamed input (stdin, unknown suffix): conllu, jsonl, html or txt."""
    head = text.lstrip("\ufeff \t\r\n")[:8192]
    if head[:15].lower().startswith(("<!doctype html", "<html")):
        return "html"
    for line in head.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(("# newdoc", "# sent_id", "# text =")):
            return "conllu"
        if stripped.startswith("#"):
            continue
        if _CONLLU_LINE.match(line.rstrip("\r")):
            return "conllu"
        if stripped.startswith("{"):
            try:
                if isinstance(json.loads(stripped), dict):
                    return "jsonl"
            except (ValueError, RecursionError):
                pass
        break
    return "txt"


# --- the other formats ---------------------------------------------------------------

_META_FIELDS = ("url", "date", "outlet")
_JSON_TYPE = {dict: "object", list: "array", bool: "boolean"}


def _jsonl_articles(
    text: str, source: str, stem: str, first_line: int = 1
) -> Iterator[Article | _Located]:
    """One article a line: id, text, optional url/date/outlet; other keys go to meta."""
    seen = 0
    for n, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        seen += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _Located(n, f"not a JSON object: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:  # found by benchmarks/fuzz.py: [[[[... thousands deep
            yield _Located(n, "not a JSON object: nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield _Located(
                n, f'expected a JSON object with "id" and "text", found a {type(obj).__name__}'
            )
            continue
        body = obj.get("text")
        if isinstance(body, str):  # a byte-order mark is no character of the text: offsets skip it
            body = body.removeprefix(BOM)
        if not isinstance(body, str) or not body.strip():
            yield _Located(n, 'the "text" field is missing, empty or not a string')
            continue
        ident = obj.get("id")
        meta = {k: v for k, v in obj.items() if k not in ("id", "text", *_META_FIELDS)}
        fields = {k: (None if obj.get(k) is None else str(obj[k])) for k in _META_FIELDS}
        if isinstance(ident, str):
            ident = ident.strip() or None
        elif ident is not None and (isinstance(ident, bool) or not isinstance(ident, int | float)):
            # An object or a list would become its Python repr ("{'a': 1}:q1").
            meta["warnings"] = [
                f'{source}, line {n}: the "id" is a JSON {_JSON_TYPE.get(type(ident), "value")}, '
                f"not a string or a number; the article is called {stem}-{n}"
            ]
            ident = None
        yield Article(
            id=str(ident) if ident is not None else f"{stem}-{n}",
            text=body,
            source=f"{source}, line {n}",
            meta=meta,
            **fields,
        )
    if not seen:
        yield _Located(None, "no articles (every line is blank)")


# A page whose every line is shorter than this holds link labels, not an article's sentences.
MIN_SENTENCE_WORDS = 6


def _plain_id(value) -> bool:
    """A JSONL id we can name an article by: a non-blank string or a number (not a bool)."""
    if isinstance(value, str):
        return bool(value.strip()) or value == ""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _html_article(html: str, source: str, stem: str) -> Article | _Located:
    """The article body via trafilatura: no menus, comments or "Leave a Reply" boxes."""
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml without lxml_html_clean
        return _Located(None, f"cannot read HTML: trafilatura is not usable ({exc})")
    from .webpage import page_tree

    tree, warning = page_tree(html)  # None: an ordinary page, read as it is
    result = trafilatura.bare_extraction(
        html if tree is None else tree,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
    )
    body = getattr(result, "text", None) if result is not None else None
    if not body or not body.strip():
        return _Located(None, "no article text found in this HTML page")
    # trafilatura puts one paragraph a line; blank lines keep paragraphs apart for the rules.
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    text = "\n\n".join(lines)
    title = getattr(result, "title", None)
    meta: dict = {"title": title} if title else {}
    warnings = [f"{source}: {warning}"] if warning else []
    if max(len(line.split()) for line in lines) < MIN_SENTENCE_WORDS:
        shown = " / ".join(lines[:4]) + (" ..." if len(lines) > 4 else "")
        warnings.append(
            f"{source}: no sentence in this page's text, only short lines ({shown!r}): "
            "a menu or an index page, not an article?"
        )
    if warnings:
        meta["warnings"] = warnings
    return Article(
        id=stem,
        text=text,
        url=getattr(result, "url", None),
        date=getattr(result, "date", None),
        outlet=getattr(result, "sitename", None),
        source=source,
        meta=meta,
    )


def _format_of(path: Path, forced: str | None) -> tuple[str | None, bool]:
    """(format from the suffix or forced, gzipped?); None format means sniff."""
    gz = path.suffix.lower() == ".gz"
    suffix = Path(path.stem).suffix.lower() if gz else path.suffix.lower()
    return forced or _SUFFIXES.get(suffix), gz


def _stem(name: str) -> str:
    for suffix in (".gz", *_SUFFIXES):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return Path(name).name or name


def _articles_from_text(
    text: str, fmt: str, source: str, stem: str, first_line: int = 1
) -> Iterator[Article | _Located]:
    if fmt == "conllu":
        yield from _conllu_articles(text, source, stem, first_line)
    elif fmt == "jsonl":
        yield from _jsonl_articles(text, source, stem, first_line)
    elif fmt == "html":
        yield _html_article(text, source, stem)
    else:
        yield Article(id=stem, text=text, source=source)


# Documents longer than this are refused by name (--max-chars): parsing is done in pieces,
# but the parse of a whole document is kept for speaker resolution, and its memory
# follows the document (benchmarks/big_article.py measures it).
MAX_CHARS = 10_000_000


def load_inputs(
    paths: Iterable[str | Path],
    *,
    stdin: BinaryIO | None = None,
    text_format: str | None = None,
    max_chars: int | None = MAX_CHARS,
) -> Iterator[Article | InputFailure]:
    """Yield an Article for each document the inputs hold, an InputFailure for each bad one.

    ``paths``: ``.txt``, ``.html``/``.htm``, ``.jsonl``, ``.conllu`` (each maybe ``.gz``),
    or ``-`` for ``stdin`` (default: the process's stdin), whose format is sniffed, as
    is that of unknown suffixes. ``text_format`` (one of FORMATS) overrides both.
    Raw-text Articles have ``doc=None``; a decoding warning goes to ``meta["warnings"]``.
    A document whose text is longer than ``max_chars`` (None: no limit) is an InputFailure.
    """
    if text_format is not None and text_format not in FORMATS:
        raise InputError(f"unknown input format {text_format!r}; use one of {', '.join(FORMATS)}")
    names = [str(raw) for raw in paths]
    stems = distinct_stems(names)
    for name in names:
        note = None
        if name == "-":
            source, stem, fmt = "<stdin>", "stdin", text_format
            stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
            try:
                data = stream.read()
            except OSError as exc:
                yield InputFailure(source, None, f"cannot read: {exc.strerror or exc}")
                continue
        else:
            path = Path(name)
            source, stem = name, stems[name]
            note = namesake_note(name, stem)
            fmt, gz = _format_of(path, text_format)
            try:
                data = path.read_bytes()
                if gz:
                    data = gzip.decompress(data)
            except FileNotFoundError:
                yield InputFailure(source, None, "no such file")
                continue
            except IsADirectoryError:
                yield InputFailure(
                    source,
                    None,
                    f"is a directory; name the files in it (e.g. {name.rstrip('/')}/*.txt)",
                )
                continue
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                if path.is_dir():
                    yield InputFailure(
                        source,
                        None,
                        f"is a directory; name the files in it (e.g. {name.rstrip('/')}/*.txt)",
                    )
                else:
                    yield InputFailure(
                        source, None, f"cannot read: {getattr(exc, 'strerror', None) or exc}"
                    )
                continue
        yield from _within(_decode_and_read(data, fmt, source, stem, note=note), max_chars)


def distinct_stems(names: list[str]) -> dict[str, str]:
    """The document id each file name gives: its stem, qualified by as many of its folders as
    make it distinct when other inputs share the stem (``site1/index``, ``site2/index``), or by
    its suffix when they sit in one folder (``notes.txt``, ``notes.html``).

    The same file named twice keeps one id (its documents are warned about as repeats).
    """

    def choices(path: Path) -> list[str]:
        folders = path.parent.parts[1:]  # no root: ids never start with "/"
        out = []
        for last in (_stem(path.name), path.name):
            out += ["/".join([*folders[len(folders) - k :], last]) for k in range(len(folders) + 1)]
        return out

    paths = {name: Path(os.path.abspath(name)) for name in names if name != "-"}
    taken: dict[str, set[Path]] = {}
    for path in set(paths.values()):
        for choice in choices(path):
            taken.setdefault(choice, set()).add(path)
    return {
        name: next((c for c in choices(path) if taken[c] == {path}), str(path))
        for name, path in paths.items()
    }


def namesake_note(name: str, stem: str) -> str | None:
    """The note for an input whose documents are named after its folder too (or None)."""
    own = _stem(Path(name).name)
    if stem == own:
        return None
    return (
        f"{name}: another input is also named {own!r}; "
        f"its documents are named after its folder too: {stem!r}"
    )


def read_part(
    data: bytes,
    fmt: str | None,
    *,
    source: str,
    stem: str,
    first_line: int = 1,
    note: str | None = None,
    max_chars: int | None = MAX_CHARS,
) -> Iterator[Article | InputFailure]:
    """The documents of one part of an input file, as :func:`load_inputs` reads the whole.

    ``data``: the file's bytes (decompressed) from a document boundary (a line of JSONL, a
    ``# newdoc id`` of CoNLL-U) to another; ``first_line``: the file's line number of its
    first line, so ids and messages are those of the whole file; ``note``: the file's
    :func:`namesake_note`, for its first part; ``max_chars`` as for :func:`load_inputs`.
    Used to spread one big file over several workers (``attribution.distributed``).
    """
    return _within(_decode_and_read(data, fmt, source, stem, first_line, note=note), max_chars)


def _within(
    items: Iterator[Article | InputFailure], max_chars: int | None
) -> Iterator[Article | InputFailure]:
    """The items, with each Article longer than ``max_chars`` refused by name."""
    for item in items:
        if isinstance(item, Article) and max_chars is not None and len(item.text) > max_chars:
            yield InputFailure(
                item.source or "<input>",
                None,
                f"document {item.id!r} has {len(item.text):,} characters, over the limit of "
                f"{max_chars:,}: split it, or raise the limit with --max-chars",
            )
            continue
        yield item


def _decode_and_read(
    data: bytes | str,
    fmt: str | None,
    source: str,
    stem: str,
    first_line: int = 1,
    note: str | None = None,
    max_chars: int | None = MAX_CHARS,
) -> Iterator[Article | InputFailure]:
    warnings = [note] if note else []
    if isinstance(data, bytes):
        try:
            data, warning = decode_bytes(data, source)
        except InputError as exc:
            yield InputFailure(source, None, str(exc).removeprefix(f"{source}: "))
            return
        if warning:
            warnings.append(warning)
    data = data.removeprefix(BOM)  # offsets count characters of the text after it
    if not data.strip():
        yield InputFailure(source, None, "empty file: there is no text to read")
        return
    for item in _articles_from_text(data, fmt or sniff_format(data), source, stem, first_line):
        if isinstance(item, _Located):
            yield InputFailure(source, item.line, item.message)
            continue
        if note and not (item.id == stem or item.id.startswith(f"{stem}-")):
            warnings.remove(note)  # its documents have ids of their own (# newdoc id, "id")
        note = None
        if warnings:  # once per input, on its first article
            item.meta.setdefault("warnings", []).extend(warnings)
            warnings = []
        yield item
