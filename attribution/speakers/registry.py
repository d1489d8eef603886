"""The cross-document speaker registry: one canonical name per person or organisation.

A registry starts from a file (``--speakers FILE``, JSON, YAML or CSV) and/or from what a
corpus run learns: every article's entities with a full name ("Sergei Lavrov",
"the Kremlin") are observed, so a later "Lavrov" or "Sergey Lavrov" gets the same name.

File formats (``name`` required; ``aliases``/``titles`` lists, or "|"-separated in CSV):

- JSON: ``[{"name": "Sergei Lavrov", "aliases": ["Sergey Lavrov"], "titles": ["foreign minister"],
"type": "PERSON"}]``
  (or ``{"speakers": [...]}``, or ``{"Sergei Lavrov": {"aliases": [...]}}``);
- YAML (``*.yaml``/``*.yml``, needs PyYAML: the ``yaml`` extra): the same structures as JSON;
- CSV: header ``name,aliases,titles,type``.

Lookup order: an exact normalised name or alias; a partial name that fits exactly one
entry ("Lavrov", "PRESIDENT OBAMA", "E. Warren"); then rapidfuzz over full names for
spellings ("Sergey Lavrov"). Ambiguous partial names ("Clinton" with two Clintons)
find nothing rather than a guess.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from ..errors import InputError
from .names import _SUFFIXES, fold_translit, is_variant, normalise_name, same_ends

TYPES = ("PERSON", "ORG", "GPE", "NORP", "UNKNOWN")
_FUZZY_CUTOFF = 90
# A partial name that fits several entries goes to one seen this many times more often than the
# next.
_DOMINANT = 5


@dataclass(slots=True)
class Entry:
    """One speaker of the registry."""

    name: str
    type: str = "UNKNOWN"
    aliases: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    learned: bool = False
    seen: int = 0
    gender: str | None = None  # "m"/"f" when articles said so (honorific, first name, pronouns)

    def to_dict(self) -> dict:
        d = {
            "name": self.name,
            "type": self.type,
            "aliases": sorted(self.aliases),
            "titles": sorted(self.titles),
            "learned": self.learned,
        }
        if self.gender:
            d["gender"] = self.gender
        return d


def _type_ok(a: str, b: str | None) -> bool:
    return not b or a == b or "UNKNOWN" in (a, b)


def _gender_ok(entry: Entry, gender: str | None) -> bool:
    return not gender or not entry.gender or entry.gender == gender


class Registry:
    """Canonical speakers with their aliases; lookups by any spelling of a name."""

    def __init__(self, entries: Iterable[Entry] = ()):
        self.entries: list[Entry] = []
        self._exact: dict[str, list[Entry]] = {}
        self._by_word: dict[str, list[Entry]] = {}
        self._folded: dict[str, Entry] = {}
        for entry in entries:
            self.add(entry)

    def __len__(self) -> int:
        return len(self.entries)

    # -- building ----------------------------------------------------------------------------------

    def add(self, entry: Entry) -> Entry:
        self.entries.append(entry)
        for alias in {entry.name} | entry.aliases:
            self._index(entry, alias)
        return entry

    def _index(self, entry: Entry, alias: str) -> None:
        key = normalise_name(alias)
        if not key:
            return
        group = self._exact.setdefault(key, [])
        if entry not in group:
            group.append(entry)
        for word in key.split():
            group = self._by_word.setdefault(fold_translit(word), [])
            if entry not in group:
                group.append(entry)
        if len(key.split()) > 1:
            self._folded.setdefault(" ".join(fold_translit(w) for w in key.split()), entry)

    def add_alias(self, entry: Entry, alias: str) -> None:
        if (
            alias
            and alias != entry.name
            and normalise_name(alias) not in {normalise_name(a) for a in entry.aliases}
        ):
            entry.aliases.add(alias)
            self._index(entry, alias)

    def observe(
        self,
        name: str,
        *,
        kind: str = "UNKNOWN",
        aliases: Iterable[str] = (),
        titles: Iterable[str] = (),
        count: int = 1,
        gender: str | None = None,
    ) -> Entry | None:
        """Learn a name seen in a document: join its entry, or start one for a full name."""
        key = normalise_name(name)
        if not key:
            return None
        entry = self.lookup(name, kind=kind, gender=gender) or self._shorter(key, kind)
        if entry is None:
            # A lone word ("Lavrov") names nobody new; organisations and places may be one word.
            if len(key.split()) < 2 and kind not in ("ORG", "GPE", "NORP"):
                return None
            entry = self.add(Entry(name=name, type=kind, learned=True))
        elif (
            entry.learned
            and len(key.split()) > len(normalise_name(entry.name).split())
            and is_variant(normalise_name(entry.name), key)
            and same_ends(normalise_name(entry.name).split(), key.split())
        ):
            self.add_alias(entry, entry.name)  # a fuller name seen later becomes the canonical one
            entry.name = name
            self._index(entry, name)
        if entry.type == "UNKNOWN" and kind != "UNKNOWN":
            entry.type = kind
        entry.seen += count
        if gender and len(key.split()) > 1:
            entry.gender = entry.gender or gender
        for alias in aliases:
            self.add_alias(entry, alias)
        entry.titles.update(t for t in titles if t)
        return entry

    def observe_entities(self, entities) -> None:
        """Learn a document's entities (from :mod:`attribution.speakers.entities`)."""
        for e in entities:
            named = [m for m in e.mentions if not m.headline]
            if not named or (e.type == "UNKNOWN" and len(e.words) < 2):
                continue
            # Only full names make aliases: a lone "Trump" would make every Trump ambiguous.
            variants = {m.name for m in named if len(normalise_name(m.name).split()) > 1}
            self.observe(e.canonical, kind=e.type, aliases=variants, gender=e.gender)

    def _shorter(self, key: str, kind: str) -> Entry | None:
        """The one learned entry whose name is a shorter form of ``key`` ("Sergei Lavrov" for a
        longer name)."""
        words = key.split()
        pool = {id(e): e for w in words for e in self._by_word.get(fold_translit(w), ())}.values()
        fits = [
            e
            for e in pool
            if e.learned
            and _type_ok(e.type, kind)
            and is_variant(normalise_name(e.name).split(), words)
            and len(normalise_name(e.name).split()) > 1
            and same_ends(normalise_name(e.name).split(), words)
        ]
        return fits[0] if len(fits) == 1 else None

    # -- lookup ------------------------------------------------------------------------------------

    def lookup(
        self, name: str | None, *, kind: str | None = None, gender: str | None = None
    ) -> Entry | None:
        """The entry a name stands for, or None when there is none or several fit.

        ``kind`` and ``gender`` (what the article says about the speaker) rule out
        entries that contradict them: "Obama" said by "she" is not Barack Obama.
        """
        key = normalise_name(name)
        if not key:
            return None
        exact = [
            e for e in self._exact.get(key, ()) if _type_ok(e.type, kind) and _gender_ok(e, gender)
        ]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            return None
        words = key.split()
        if len(words) == 1 and (len(words[0]) < 2 or words[0] in _SUFFIXES):
            return None
        pool = {id(e): e for w in words for e in self._by_word.get(fold_translit(w), ())}.values()
        fits = []
        for e in pool:
            if not _type_ok(e.type, kind) or not _gender_ok(e, gender):
                continue
            if any(is_variant(words, normalise_name(a).split()) for a in {e.name} | e.aliases):
                fits.append(e)
        if len(fits) == 1:
            return fits[0]
        if len(fits) > 1:
            # Several fit: a full-name fit beats partial ones ("Sergey Lavrov" vs two Lavrovs) ...
            same_len = [e for e in fits if len(normalise_name(e.name).split()) == len(words)]
            if len(same_len) == 1:
                return same_len[0]
            # ... and a referent seen far more often than the others is the one meant ("Trump").
            fits.sort(key=lambda e: -e.seen)
            if fits[0].seen >= _DOMINANT * max(fits[1].seen, 1):
                return fits[0]
            return None
        if len(words) < 2 or not self._folded:
            return None
        folded = " ".join(fold_translit(w) for w in words)
        hit = process.extractOne(
            folded, self._folded.keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
        )
        if hit is None:
            return None
        entry = self._folded[hit[0]]
        # Spelling may differ in the surname only: "Ivanka Trump" is not "Ivana Trump".
        found = hit[0].split()
        if (
            found[0] != folded.split()[0]
            or fuzz.ratio(found[-1], folded.split()[-1]) < _FUZZY_CUTOFF
        ):
            return None
        return entry if _type_ok(entry.type, kind) and _gender_ok(entry, gender) else None

    def canonical(self, name: str | None, *, kind: str | None = None) -> str | None:
        """The canonical name for ``name``, or ``name`` itself when the registry has no entry."""
        entry = self.lookup(name, kind=kind)
        return entry.name if entry else name

    # -- files -------------------------------------------------------------------------------------

    def to_list(self) -> list[dict]:
        return [e.to_dict() for e in self.entries]

    def save(self, path: str | Path) -> None:
        Path(path).write_text(
            json.dumps({"speakers": self.to_list()}, ensure_ascii=False, indent=1) + "\n", "utf-8"
        )


def _split(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split("|") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    raise TypeError(f"expected a list or a '|'-separated string, got {type(value).__name__}")


def _entry(record: dict, where: str) -> Entry:
    if not isinstance(record, dict):
        raise InputError(f"{where}: a speaker must be an object with a name, got {record!r}")
    name = str(record.get("name") or "").strip()
    if not name:
        raise InputError(f"{where}: a speaker without a 'name'; give each entry a canonical name")
    kind = str(record.get("type") or "UNKNOWN").strip().upper()
    if kind not in TYPES:
        raise InputError(
            f"{where}: unknown type {kind!r} for {name!r}; use one of {', '.join(TYPES)}"
        )
    try:
        aliases, titles = _split(record.get("aliases")), _split(record.get("titles"))
    except TypeError as exc:
        raise InputError(f"{where}: {name!r}: {exc}") from None
    return Entry(name=name, type=kind, aliases=set(aliases), titles={t.lower() for t in titles})


def parse_registry(data: str, *, source: str = "<speakers>") -> Registry:
    """Read a registry from JSON, YAML (a source named ``*.yaml``/``*.yml``) or CSV text.

    JSON when the text starts with ``[`` or ``{``; YAML holds the same structures as JSON.
    """
    if source.lower().endswith((".yaml", ".yml")):
        return _from_object(_load_yaml(data, source), source)
    if data.lstrip().startswith(("[", "{")):
        try:
            obj = json.loads(data)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
        return _from_object(obj, source)
    reader = csv.DictReader(io.StringIO(data))
    if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
        raise InputError(
            f"{source}: line 1: a CSV registry needs a header with a 'name' column "
            "(name,aliases,titles,type)"
        )
    rows = ({(k or "").strip().lower(): v for k, v in row.items()} for row in reader)
    return Registry(_entry(r, f"{source}: line {n + 2}") for n, r in enumerate(rows))


def _load_yaml(data: str, source: str):
    try:
        import yaml
    except ImportError:
        raise InputError(
            f"{source}: reading a YAML registry needs PyYAML: pip install 'attribution[yaml]' "
            "(or give the registry as JSON or CSV)"
        ) from None
    try:
        return yaml.safe_load(data)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise InputError(
            f"{source}: {where}not valid YAML ({getattr(exc, 'problem', None) or exc})"
        ) from None


def _from_object(obj, source: str) -> Registry:
    """Entries from parsed JSON/YAML: a list, ``{"speakers": [...]}`` or ``{name: {...} |
    [aliases]}``."""
    if isinstance(obj, dict) and isinstance(obj.get("speakers"), list):
        obj = obj["speakers"]
    if isinstance(obj, dict):
        obj = [dict(v if isinstance(v, dict) else {"aliases": v}, name=k) for k, v in obj.items()]
    if not isinstance(obj, list):
        raise InputError(
            f"{source}: a registry is a list of speakers or an object of them, "
            f"got {type(obj).__name__}"
        )
    return Registry(_entry(r, f"{source}: speaker {n + 1}") for n, r in enumerate(obj))


def load_registry(path: str | Path | None) -> Registry:
    """A registry from a JSON, YAML or CSV file; an empty one for None."""
    if path is None:
        return Registry()
    try:
        data = Path(path).read_text("utf-8")
    except OSError as exc:
        raise InputError(
            f"{path}: cannot read the speaker registry ({exc.strerror}); check the --speakers path"
        ) from None
    return parse_registry(data, source=str(path))
