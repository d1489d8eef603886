"""Splitting the inputs into shards of whole documents, the same way on every run.

A :class:`Plan` lists the shards of a run: each is a few byte ranges of the inputs
(:class:`Part`) holding about ``shard_docs`` documents. One large JSONL or CoNLL-U file is
cut at document boundaries (a line, a ``# newdoc id``), so its documents spread over the
workers too; small files are grouped. The plan depends only on the inputs and the shard
size, never on the number of workers, and is saved beside the shards (``plan.json``) so
that a rerun resumes the same shards.

Inputs are local paths or fsspec URLs (``s3://...``, ``gs://...``, ``file://...``) where the
matching fsspec backend is installed; gzipped inputs are cut in their decompressed bytes.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ..documents import (
    FORMATS,
    MAX_CHARS,
    Article,
    InputFailure,
    _format_of,
    _looks_binary,
    _stem,
    distinct_stems,
    namesake_note,
    read_part,
    sniff_format,
)
from ..errors import AttributionError

PLAN_FILE = "plan.json"
PLAN_VERSION = 1
SHARD_DOCS = 100  # documents per shard: about a minute of raw-text parsing on one core
SHARD_BYTES = 4_000_000  # and at most this much input (a CoNLL-U shard: a few seconds' work)
_NEWDOC = re.compile(rb"^# newdoc id = ", re.MULTILINE)
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class Part:
    """Bytes ``start:end`` of one input (decompressed), starting at a document boundary."""

    url: str  # the input as the user named it: records and messages name it so
    location: str  # where the workers read it: an absolute path or the URL
    fmt: str | None  # None: sniffed from the bytes, as load_inputs does
    gz: bool
    start: int
    end: int
    first_line: int  # the input's line number of the part's first line
    stem: str  # the input's name without suffixes: the id of an article without one

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Shard:
    """One unit of work and of output: its parts and how many documents they hold."""

    index: int
    parts: tuple[Part, ...]
    docs: int

    def to_dict(self) -> dict:
        return {"index": self.index, "docs": self.docs, "parts": [p.to_dict() for p in self.parts]}


@dataclass(frozen=True, slots=True)
class Plan:
    """The shards of a run, the inputs' sizes and the options that shape the records."""

    command: str
    inputs: tuple[tuple[str, int], ...]  # (input, size in bytes)
    options: dict
    shards: tuple[Shard, ...]
    failures: tuple[InputFailure, ...]  # inputs that cannot be read at all

    @property
    def docs(self) -> int:
        return sum(s.docs for s in self.shards)

    def to_dict(self) -> dict:
        return {
            "version": PLAN_VERSION,
            "command": self.command,
            "inputs": [list(i) for i in self.inputs],
            "options": self.options,
            "shards": [s.to_dict() for s in self.shards],
            "failures": [f.to_dict() for f in self.failures],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Plan:
        return cls(
            command=data["command"],
            inputs=tuple((i, int(n)) for i, n in data["inputs"]),
            options=data["options"],
            shards=tuple(
                Shard(s["index"], tuple(Part(**p) for p in s["parts"]), s["docs"])
                for s in data["shards"]
            ),
            failures=tuple(InputFailure(**f) for f in data["failures"]),
        )


def is_url(name: str) -> bool:
    return bool(_URL.match(name))


def read_bytes(url: str, start: int = 0, end: int | None = None) -> bytes:
    """Bytes ``start:end`` of a local path or an fsspec URL (raises OSError)."""
    if not is_url(url):
        with open(url, "rb") as handle:
            handle.seek(start)
            return handle.read() if end is None else handle.read(end - start)
    import fsspec  # only for URLs: local paths need no fsspec

    try:
        fs, path = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # no backend for the protocol
        raise OSError(f"cannot open {url}: {exc}") from exc
    return fs.cat_file(path, start=start, end=end)


def part_documents(
    part: Part, data: bytes, max_chars: int | None = MAX_CHARS
) -> Iterator[Article | InputFailure]:
    """The documents of ``part``, read from its bytes as load_inputs reads the whole input
    (the input's namesake note goes with its first part only)."""
    note = namesake_note(part.url, part.stem) if part.start == 0 else None
    return read_part(
        data,
        part.fmt,
        source=part.url,
        stem=part.stem,
        first_line=part.first_line,
        note=note,
        max_chars=max_chars,
    )


def input_bytes(url: str, gz: bool) -> bytes:
    """A whole input, decompressed when it is gzipped (raises OSError, EOFError, BadGzipFile)."""
    data = read_bytes(url)
    return gzip.decompress(data) if gz else data


def expand(inputs: Iterable[str]) -> list[str]:
    """The inputs with fsspec URL globs (``s3://bucket/news/*.jsonl.gz``) expanded, sorted.

    Local globs are the shell's; a URL glob that matches nothing stays, to fail as missing.
    """
    out: list[str] = []
    for name in inputs:
        if is_url(name) and any(c in name for c in "*?["):
            import fsspec

            fs, pattern = fsspec.core.url_to_fs(name)
            found = sorted(fs.glob(pattern))
            protocol = name.split("://", 1)[0]
            out += [f"{protocol}://{p.removeprefix(protocol + '://')}" for p in found] or [name]
        else:
            out.append(name)
    return out


def input_size(url: str) -> int:
    """An input's size in bytes as stored (-1 when it cannot be read): a rerun's check."""
    try:
        if not is_url(url):
            return Path(url).stat().st_size if Path(url).is_file() else -1
        import fsspec

        fs, path = fsspec.core.url_to_fs(url)
        return int(fs.size(path))
    except (OSError, ImportError, ValueError):
        return -1


def _boundaries(data: bytes, fmt: str) -> list[int]:
    """Offsets where the documents of one input start (one document: ``[0]``)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [0]  # UTF-16: a newline byte is no line boundary; read the file whole
    if fmt == "conllu":
        starts = [m.start() for m in _NEWDOC.finditer(data)]
        if starts and data[: starts[0]].strip():
            starts[0] = 0  # tokens before the first # newdoc belong to the first part
        return [0, *starts[1:]] if starts else [0]
    if fmt == "jsonl":
        starts, pos = [], 0
        for line in data.split(b"\n"):
            if line.strip():
                starts.append(pos)
            pos += len(line) + 1
        return [0, *starts[1:]] if starts else [0]
    return [0]


def _input_parts(name: str, stem: str, text_format: str | None) -> list[Part] | InputFailure:
    """The input cut at its document boundaries; or why it cannot be read."""
    fmt, gz = _format_of(Path(name), text_format)
    try:
        data = input_bytes(name, gz)
    except FileNotFoundError:
        return InputFailure(name, None, "no such file")
    except IsADirectoryError:
        return InputFailure(
            name, None, f"is a directory; name the files in it (e.g. {name.rstrip('/')}/*.txt)"
        )
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return InputFailure(name, None, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
    where = name if is_url(name) else str(Path(name).resolve())
    whole = [Part(name, where, fmt, gz, 0, len(data), 1, stem)]
    if not data.strip() or _looks_binary(data[:65536]):
        return whole  # the worker reads it and names the problem as load_inputs does
    kind = fmt or sniff_format(data[:8192].decode("utf-8", "replace"))
    starts = _boundaries(data, kind)
    if len(starts) < 2:
        return whole
    parts, line = [], 1
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(data)
        parts.append(Part(name, where, fmt, gz, start, end, line, stem))
        line += data.count(b"\n", start, end)
    return parts


def _shards(parts: Iterable[Part], shard_docs: int, shard_bytes: int) -> Iterator[Shard]:
    """Consecutive single-document parts grouped into shards; neighbours in one file merged."""
    group: list[Part] = []
    size = 0

    def flush(index: int) -> Shard:
        merged: list[Part] = []
        for part in group:
            last = merged[-1] if merged else None
            if last and last.url == part.url and last.end == part.start:
                merged[-1] = replace(last, end=part.end)
            else:
                merged.append(part)
        return Shard(index, tuple(merged), len(group))

    index = 0
    for part in parts:
        if group and (len(group) >= shard_docs or size + (part.end - part.start) > shard_bytes):
            yield flush(index)
            index, group, size = index + 1, [], 0
        group.append(part)
        size += part.end - part.start
    if group:
        yield flush(index)


def make_plan(
    command: str,
    inputs: Iterable[str],
    *,
    options: dict,
    text_format: str | None = None,
    shard_docs: int = SHARD_DOCS,
    shard_bytes: int = SHARD_BYTES,
) -> Plan:
    """Read the inputs once to find their documents and cut them into shards.

    Args:
        command: "extract" or "parse": what the shards hold.
        inputs: local paths or fsspec URLs, expanded (:func:`expand`) by the caller;
            ``-`` (stdin) cannot be spread over workers.
        options: what shapes the records (saved with the plan; a rerun must match).
        text_format: one of FORMATS, else each input's suffix (or its sniffed bytes).
        shard_docs, shard_bytes: at most this many documents or input bytes per shard.
    """
    if text_format is not None and text_format not in FORMATS:
        raise AttributionError(f"unknown input format {text_format!r}; use one of {FORMATS}")
    sizes: list[tuple[str, int]] = []
    failures: list[InputFailure] = []
    parts: list[Part] = []
    inputs = list(inputs)
    # The ids load_inputs gives: folders are added where two inputs share a name.
    stems = distinct_stems([n for n in inputs if n != "-"])
    for name in inputs:
        if name == "-":
            raise AttributionError("- (stdin) cannot be spread over workers; name the files")
        found = _input_parts(name, stems[name], text_format)
        if isinstance(found, InputFailure):
            failures.append(found)
            sizes.append((name, -1))
            continue
        parts += found
        sizes.append((name, input_size(name)))
    shards = tuple(_shards(parts, max(1, shard_docs), max(1, shard_bytes)))
    options = plan_options(options, text_format=text_format, shard_docs=shard_docs)
    return Plan(command, tuple(sizes), options, shards, tuple(failures))


def _statement_parts(
    name: str, shard_docs: int, *, lines: bool = False
) -> list[tuple[Part, int]] | InputFailure:
    """``match``'s input cut into parts of about ``shard_docs`` statements.

    A cut falls only where the matcher starts a new document run
    (:func:`attribution.matching.context.documents`), so that neighbouring statements of
    a speaker still vote for each other's claims, exactly as in one process.
    """
    from ..matching.context import _MAX_GROUP, place
    from ..matching.statements import parse_statement

    fmt, gz = _format_of(Path(name), "jsonl")
    try:
        data = input_bytes(name, gz)
    except FileNotFoundError:
        return InputFailure(name, None, "no such file")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return InputFailure(name, None, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
    where = name if is_url(name) else str(Path(name).resolve())
    stem = _stem(name.rstrip("/").rsplit("/", 1)[-1])
    parts: list[tuple[Part, int]] = []
    start = count = index = run = 0
    first = 1
    run_doc: str | None = None
    pos = 0
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        at, pos = pos, pos + len(raw) + 1
        try:
            doc = place(parse_statement(raw, lines=lines), index).doc if raw.strip() else ""
        except ValueError:
            continue  # a bad line is named by the worker whose part holds it
        if doc == "":
            continue
        index += 1
        new_run = doc is None or run == 0 or doc != run_doc or run >= _MAX_GROUP
        if new_run and count >= shard_docs:
            parts.append((Part(name, where, fmt, gz, start, at, first, stem), count))
            start, first, count = at, line_no, 0
        run = 0 if doc is None else (1 if new_run else run + 1)
        run_doc = doc
        count += 1
    parts.append((Part(name, where, fmt, gz, start, len(data), first, stem), count))
    return parts


def make_match_plan(source: str, *, options: dict, shard_docs: int = SHARD_DOCS * 10) -> Plan:
    """``match``'s plan: one shard per part of about ``shard_docs`` statements of ``source``."""
    found = _statement_parts(source, max(1, shard_docs), lines=bool(options.get("lines")))
    options = plan_options(options, text_format="jsonl", shard_docs=shard_docs)
    inputs = ((source, input_size(source)),)
    if isinstance(found, InputFailure):
        return Plan("match", inputs, options, (), (found,))
    shards = tuple(Shard(i, (part,), count) for i, (part, count) in enumerate(found))
    return Plan("match", inputs, options, shards, ())


def saved_plan(directory: Path) -> Plan | None:
    """The plan saved in ``directory`` by an earlier run, or None."""
    path = directory / PLAN_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != PLAN_VERSION:
            raise ValueError(f"plan version {data.get('version')}, expected {PLAN_VERSION}")
        return Plan.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AttributionError(
            f"{path}: unreadable ({exc}); remove {directory} or give another -o DIR"
        ) from exc


def save_plan(directory: Path, plan: Plan) -> None:
    """Write ``plan.json`` atomically (a temporary name, then a rename)."""
    from .shards import write_atomic

    write_atomic(directory / PLAN_FILE, json.dumps(plan.to_dict(), ensure_ascii=False).encode())


def plan_options(options: dict, *, text_format: str | None, shard_docs: int) -> dict:
    """The options a plan records: the caller's and the two that shape the shards."""
    return {**options, "input_format": text_format, "shard_docs": shard_docs}


def differs(saved: Plan, command: str, inputs: Iterable[str], options: dict) -> str | None:
    """Why a run of ``command`` on ``inputs`` cannot resume ``saved``, or None if it can.

    Inputs are compared by name and size (no second read of a big corpus).
    """
    if saved.command != command:
        return f"it holds the output of `{saved.command}`, not `{command}`"
    if saved.inputs != tuple((name, input_size(name)) for name in inputs):
        return "its inputs (or their sizes) differ from these"
    if saved.options != options:
        changed = sorted(
            k
            for k in saved.options.keys() | options.keys()
            if saved.options.get(k) != options.get(k)
        )
        return f"it was made with other options ({', '.join(changed)})"
    return None
