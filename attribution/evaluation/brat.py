"""Reading gold attributions from BRAT standoff (``ID_ANNOTATOR.ann``), as in PolNeAR.

``T`` lines are spans (``T3<TAB>Content 22 51<TAB>text``; discontinuous ``22 30;35 51``),
``E`` lines link them (``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

SPAN_LINE = re.compile(r"^T\d+\t")
EVENT_LINE = re.compile(r"^E\d+\t")
Pieces = tuple[tuple[int, int], ...]  # sorted, non-overlapping (start, end) character ranges


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution: content, cue and (optional) source spans."""

    doc: str
    id: str  # the E line's id ("E3")
    label: str  # "Attribution" or "Attribution-no-source"
    content: Pieces
    cue: Pieces
    source: Pieces  # empty when the annotation has no source
    content_text: str  # the annotated text of the content pieces, joined by a space
    cue_text: str
    source_text: str

    def to_dict(self) -> dict:
        return {
            "doc": self.doc,
            "id": self.id,
            "label": self.label,
            "content": [list(p) for p in self.content],
            "content_text": self.content_text,
            "cue": [list(p) for p in self.cue],
            "cue_text": self.cue_text,
            "source": [list(p) for p in self.source],
            "source_text": self.source_text,
        }


def merge(pieces) -> Pieces:
    """Sort character ranges and merge overlapping or touching ones."""
    out: list[list[int]] = []
    for start, end in sorted(p for p in pieces if p[1] > p[0]):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((s, e) for s, e in out)


def _parse_offsets(text: str, where: str) -> Pieces:
    pieces = []
    for part in text.split(";"):
        bits = part.split()
        if len(bits) != 2 or not all(b.isdigit() for b in bits):
            raise InputError(
                f"{where}: bad BRAT offsets {part!r}; expected 'START END' pairs separated by ';'"
            )
        pieces.append((int(bits[0]), int(bits[1])))
    return merge(pieces)


def split_name(path: Path) -> tuple[str, str]:
    """``nyt_2016-10-02_x_4e07.ann`` -> (``nyt_2016-10-02_x``, ``4e07``): the annotator follows the
    last underscore."""
    stem = path.stem
    doc, sep, annotator = stem.rpartition("_")
    return (doc, annotator) if sep and doc else (stem, "")


def read_ann(path: str | Path, *, doc: str | None = None) -> list[GoldAttribution]:
    """Parse one ``.ann`` file into its attributions (events), in file order."""
    path = Path(path)
    doc = doc or split_name(path)[0]
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the BRAT file ({exc})") from exc
    spans: dict[str, tuple[str, Pieces, str]] = {}
    events: list[tuple[int, str, list[str]]] = []
    for n, line in enumerate(lines, 1):
        where = f"{path}, line {n}"
        if SPAN_LINE.match(line):
            fields = line.split("\t")
            if len(fields) < 2 or " " not in fields[1]:
                raise InputError(
                    f"{where}: malformed span line; expected 'T<n><TAB>Type START END<TAB>text'"
                )
            kind, offsets = fields[1].split(" ", 1)
            spans[fields[0]] = (
                kind,
                _parse_offsets(offsets, where),
                fields[2] if len(fields) > 2 else "",
            )
        elif EVENT_LINE.match(line):
            fields = line.split("\t")
            events.append((n, fields[0], fields[1].split() if len(fields) > 1 else []))
        # A (attributes), R (relations), # (notes), and the rest of a span text that holds
        # a line break (it happens in PolNeAR) carry nothing we score.
    out = []
    for n, ident, args in events:
        roles: dict[str, list[str]] = {}
        label = ""
        for arg in args:
            role, _, ref = arg.partition(":")
            if ref not in spans:
                raise InputError(
                    f"{path}, line {n}: {ident} refers to {ref!r}, which no T line defines"
                )
            if not label:  # the trigger comes first: "Attribution:T4"
                label = role
                continue
            roles.setdefault(role.rstrip("0123456789"), []).append(ref)  # Content2 joins Content
        if not roles.get("Content") or not roles.get("Cue"):
            # an event without content or cue cannot be scored (one such line in PolNeAR dev)
            continue

        # roles is bound as a default: each closure keeps this event's roles, not the loop's last.
        def pieces(role: str, roles: dict[str, list[str]] = roles) -> Pieces:
            return merge(p for ref in roles.get(role, ()) for p in spans[ref][1])

        def text(role: str, roles: dict[str, list[str]] = roles) -> str:
            return " ".join(spans[ref][2] for ref in roles.get(role, ()))

        out.append(
            GoldAttribution(
                doc=doc,
                id=ident,
                label=label or "Attribution",
                content=pieces("Content"),
                cue=pieces("Cue"),
                source=pieces("Source"),
                content_text=text("Content"),
                cue_text=text("Cue"),
                source_text=text("Source"),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class GoldFile:
    doc: str
    path: Path
    annotator: str
    others: tuple[str, ...]  # annotators not used for this document


def gold_files(directory: str | Path) -> dict[str, GoldFile]:
    """Map each document id to one ``.ann`` file: the first annotator by sorted name.

    Several annotators per document happen (PolNeAR's agreement set); using the first
    keeps the evaluation deterministic.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(
            f"gold directory {directory} does not exist or is not a directory; pass --gold DIR "
            "with the .ann files"
        )
    by_doc: dict[str, list[tuple[str, Path]]] = {}
    for path in sorted(directory.glob("*.ann")):
        doc, annotator = split_name(path)
        by_doc.setdefault(doc, []).append((annotator, path))
    if not by_doc:
        raise InputError(
            f"gold directory {directory} holds no .ann files (expected ID_ANNOTATOR.ann)"
        )
    out = {}
    for doc, found in by_doc.items():
        found.sort()
        out[doc] = GoldFile(doc, found[0][1], found[0][0], tuple(a for a, _ in found[1:]))
    return out
