"""The agency registry: two CSV files a researcher can edit, loaded and checked.

``agencies.csv`` has one row per agency (canonical short name, full official name, aliases,
kind); ``successors.csv`` one row per reform change (old → new, relation, date, source,
confidence). The shipped copy is ``diffkit/agencies/data/`` (byte-identical to ``datasets/agencies/``,
kept equal by a test) and is read from the package directory (``Path(__file__).parent``, which
an editable and a regular install both have; `importlib.resources` would cost the command line
several milliseconds of imports). Every problem in a registry file is a `RegistryError` naming the
file, line and column.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DiffkitError, InputError
from ..files import read_bytes
from ..normalize import fold_name

AGENCY_COLUMNS = ("canonical", "full_name", "aliases", "kind", "note", "source")
SUCCESSOR_COLUMNS = ("old", "new", "relation", "date", "source", "confidence", "note")
KINDS = ("provincial_department", "party_department", "central_agency",
         "state_owned_enterprise", "research_institute", "collective", "group")
RELATIONS = ("renamed", "merged_into", "split_into", "managed_by")
#: relations that hand a line of responsibility to another agency (``managed_by`` does not)
SUCCESSION = ("renamed", "merged_into", "split_into")
CONFIDENCES = ("low", "medium", "high")
DATE_FORMATS = "YYYY-MM-DD, YYYY-MM or YYYY"
#: The region of the shipped regional record (``agencies.csv``, ``successors.csv``): its rows
#: are never used for another region. A row of a researcher's CSV names its region in the
#: optional ``region`` column (blank: any region).
HOME = "四川省"


class RegistryError(InputError):
    """A registry CSV that cannot be used; names the file, line and column."""


# -- records ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Agency:
    """One agency: its canonical short name, full official name, other written forms, kind."""

    canonical: str
    full_name: str = ""
    aliases: tuple[str, ...] = ()
    kind: str = "provincial_department"
    note: str = ""
    source: str = ""
    region: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every written form: canonical, full name, aliases."""
        return tuple(dict.fromkeys(n for n in (self.canonical, self.full_name, *self.aliases) if n))


@dataclass(frozen=True)
class Succession:
    """``old`` handed its line of responsibility to ``new`` (or, for ``managed_by``, is managed
    by it) on ``date``; ``effective`` is the last day of the period the date names."""

    old: str
    new: str
    relation: str
    date: str
    source: str = ""
    confidence: str = "high"
    note: str = ""
    file: str = ""
    line: int = 0

    @functools.cached_property
    def effective(self) -> _dt.date:
        return parse_period(self.date)


# -- the registry ---------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Registry:
    """Agencies by canonical name and the successions between them."""

    agencies: Mapping[str, Agency] = field(default_factory=dict)
    successions: tuple[Succession, ...] = ()
    files: tuple[str, ...] = ()

    @functools.cached_property
    def regions(self) -> frozenset[str]:
        """The regions that have agencies of their own here (a row's ``region``)."""
        return frozenset(a.region for a in self.agencies.values() if a.region)

    @functools.cached_property
    def _exact(self) -> dict[str, str]:
        return {fold_name(n): a.canonical for a in self.agencies.values() for n in a.names}

    @functools.cached_property
    def _stripped(self) -> dict[str, str]:
        found: dict[str, set[str]] = {}
        for key, canonical in self._exact.items():
            found.setdefault(strip_prefix(key), set()).add(canonical)
        return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}

    def lookup(self, name: str, *, region: str | None = None) -> str | None:
        """The canonical name for one written form, or None when unknown; with ``region``,
        only an agency of that region (or of any region) counts."""
        key = fold_name(name)
        found = self._exact.get(key) or self._stripped.get(strip_prefix(key))
        if found is None or region is None:
            return found
        own = self.agencies[found].region
        return found if not own or own == region else None

    def region(self, canonical: str) -> str | None:
        """The region of a registry agency ('' = any region), None when not in it."""
        agency = self.agencies.get(canonical)
        return agency.region if agency else None

    @functools.cached_property
    def _choices(self) -> dict[str, str]:
        """Prefix-free folded written forms → canonical, for suggestions."""
        return {strip_prefix(fold_name(n)): a.canonical
                for a in self.agencies.values() for n in a.names}

    def kind(self, canonical: str) -> str | None:
        agency = self.agencies.get(canonical)
        return agency.kind if agency else None

    @functools.cached_property
    def _forward(self) -> dict[str, tuple[Succession, ...]]:
        out: dict[str, list[Succession]] = {}
        for s in self.successions:
            if s.relation in SUCCESSION:
                out.setdefault(s.old, []).append(s)
        return {k: tuple(v) for k, v in out.items()}

    def next_of(self, canonical: str, *, as_of: _dt.date | None = None,
                main: bool = False) -> tuple[Succession, ...]:
        """Direct successions of ``canonical`` in effect on ``as_of`` (all when None). With
        ``main``, only the continuing body (renamed/merged_into) when there is one."""
        rows = tuple(s for s in self._forward.get(canonical, ())
                     if as_of is None or s.effective <= as_of)
        if main:
            whole = tuple(s for s in rows if s.relation != "split_into")
            return whole or rows
        return rows

    def at_least(self, confidence: str) -> Registry:
        """A copy without successions graded below ``confidence`` (low < medium < high)."""
        floor = _choice(confidence, CONFIDENCES, "confidence")
        keep = tuple(s for s in self.successions
                     if CONFIDENCES.index(s.confidence) >= CONFIDENCES.index(floor))
        return Registry(self.agencies, keep, self.files)

    @property
    def aliases(self) -> int:
        """How many written forms besides the canonical names the registry knows."""
        return sum(len(a.names) - 1 for a in self.agencies.values())

    def __repr__(self) -> str:
        return (f"<Registry: {len(self.agencies)} agencies, {self.aliases} full names and aliases, "
                f"{len(self.successions)} successions>")


# -- loading ---------------------------------------------------------------------------------------
def load_registry(path: str | os.PathLike | None = None, *,
                  extend: str | os.PathLike | Sequence[str | os.PathLike] | None = None
                  ) -> Registry:
    """Load a registry: ``path`` None = the shipped one; a directory holds ``agencies.csv`` and
    optionally ``successors.csv``; a file is either kind, told by its header. ``extend`` adds
    or overrides rows: an agency row replaces the row with the same canonical name (its aliases
    win over the shipped ones), a successor row replaces the row with the same old and new."""
    sources = _shipped_sources() if path is None else _sources(path)
    if extend is not None:
        for ext in [extend] if isinstance(extend, str | os.PathLike) else list(extend):
            sources.extend(_sources(ext))
    agencies: dict[str, Agency] = {}
    alias_owner: dict[str, tuple[str, str]] = {}
    raw_successions: list[tuple[str, int, dict[str, str]]] = []
    headers: dict[str, list[str]] = {}
    for name, text in sources:
        header, rows = _read_csv(name, text)
        headers[name] = header
        if "canonical" in header:
            home = HOME if name.startswith("diffkit/agencies/data/") else ""
            _add_agencies(name, header, rows, agencies, alias_owner, home)
        else:
            raw_successions.extend((name, line, row) for line, row in rows)
    registry = Registry(agencies, (), tuple(n for n, _ in sources))
    successions = _successions(registry, raw_successions, headers)
    registry = Registry(agencies, successions, registry.files)
    _check_cycles(registry, headers)
    return registry


@functools.cache
def default_registry() -> Registry:
    """The shipped registry (cached; kept on disk between processes by `index`)."""
    from .index import shipped_registry  # lazily: index imports this module
    return shipped_registry()


def _shipped_sources() -> list[tuple[str, str]]:
    data = Path(__file__).parent / "data"
    return [(f"diffkit/agencies/data/{fname}", (data / fname).read_text("utf-8"))
            for fname in ("agencies.csv", "successors.csv")]


def _sources(path: str | os.PathLike) -> list[tuple[str, str]]:
    p = Path(path)
    if p.is_dir():
        files = [p / "agencies.csv"] + ([p / "successors.csv"]
                                        if (p / "successors.csv").exists() else [])
    else:
        files = [p]
    out = []
    for f in files:
        data = read_bytes(f, what="agency registry CSV")
        try:
            out.append((str(f), data.decode("utf-8-sig")))
        except UnicodeDecodeError as exc:
            raise RegistryError(f"not UTF-8 (byte {exc.start})", file=f,
                                fix="save the CSV as UTF-8") from exc
    return out


def _read_csv(name: str, text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise RegistryError("no header row", file=name, place="line 1",
                            fix=f"start with {','.join(AGENCY_COLUMNS)}") from None
    if "canonical" in header:
        expected = AGENCY_COLUMNS
    elif "old" in header:
        expected = SUCCESSOR_COLUMNS
    else:
        raise RegistryError("header names neither an agencies nor a successors file",
                            file=name, place="line 1",
                            fix=f"use {','.join(AGENCY_COLUMNS)} or {','.join(SUCCESSOR_COLUMNS)}")
    for col in expected:
        if col not in header:
            raise RegistryError(f"missing column {col!r}", file=name,
                                place=f"line 1, column {len(header) + 1}",
                                fix=f"the header must have: {','.join(expected)}")
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise RegistryError(f"{len(values)} cells but {len(header)} columns", file=name,
                                place=f"line {reader.line_num}, column {len(header) + 1}",
                                fix="quote cells that contain commas")
        values = values + [""] * (len(header) - len(values))
        rows.append((reader.line_num, {h: v.strip() for h, v in zip(header, values, strict=True)}))
    return header, rows


def _place(header_cols: Sequence[str], line: int, column: str) -> str:
    return f"line {line}, column {list(header_cols).index(column) + 1} ({column})"


def _add_agencies(name: str, header: list[str], rows: list[tuple[int, dict[str, str]]],
                  agencies: dict[str, Agency], alias_owner: dict[str, tuple[str, str]],
                  home: str = "") -> None:
    """Add one agencies file; a duplicate written form within the file is an error, a form
    that an earlier file gave to another agency moves to this file's agency."""
    seen_here: dict[str, tuple[str, int]] = {}
    rows_here: dict[str, int] = {}
    for line, row in rows:
        canonical = row["canonical"]
        if not canonical:
            raise RegistryError("empty canonical name", file=name,
                                place=_place(header, line, "canonical"),
                                fix="give the short form documents use")
        if canonical in rows_here:
            raise RegistryError(f"{canonical!r} has a row already (line {rows_here[canonical]})",
                                file=name, place=_place(header, line, "canonical"),
                                fix="keep one row per agency")
        rows_here[canonical] = line
        kind = _choice(row["kind"] or "", KINDS, "kind", file=name,
                       place=_place(header, line, "kind"))
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        agency = Agency(canonical, row["full_name"], aliases, kind, row["note"], row["source"],
                        row.get("region") or home)
        old = agencies.pop(canonical, None)
        if old is not None:
            for n in old.names:
                alias_owner.pop(fold_name(n), None)
        for n in agency.names:
            column = ("canonical" if n == canonical else
                      "full_name" if n == agency.full_name else "aliases")
            place = _place(header, line, column)
            other = seen_here.get(fold_name(n))
            if other and other[0] != canonical:
                raise RegistryError(f"{n!r} already names {other[0]!r} (line {other[1]})",
                                    file=name, place=place,
                                    fix="a written form may name only one agency")
            seen_here[fold_name(n)] = (canonical, line)
            _take_form(n, canonical, agencies, alias_owner, file=name, place=place)
        agencies[canonical] = agency


def _take_form(form: str, canonical: str, agencies: dict[str, Agency],
               alias_owner: dict[str, tuple[str, str]], *, file: str, place: str) -> None:
    """Give ``form`` to ``canonical``, taking it from an agency of an earlier file; another
    agency's canonical name cannot be taken."""
    key = fold_name(form)
    owner = alias_owner.get(key)
    if owner and owner[0] != canonical and owner[0] in agencies:
        prev = agencies[owner[0]]
        if fold_name(prev.canonical) == key:
            raise RegistryError(f"{form!r} is the canonical name of another agency ({owner[1]})",
                                file=file, place=place,
                                fix="use that agency's canonical name in the canonical column "
                                    "to override its row")
        agencies[owner[0]] = Agency(prev.canonical,
                                    "" if fold_name(prev.full_name) == key else prev.full_name,
                                    tuple(a for a in prev.aliases if fold_name(a) != key),
                                    prev.kind, prev.note, prev.source)
    alias_owner[key] = (canonical, file)


def _successions(registry: Registry, raw: list[tuple[str, int, dict[str, str]]],
                 headers: Mapping[str, list[str]]
                 ) -> tuple[Succession, ...]:
    by_pair: dict[tuple[str, str], Succession] = {}
    for name, line, row in raw:
        header = headers[name]
        ends = []
        for col in ("old", "new"):
            canonical = registry.lookup(row[col]) if row[col] else None
            if canonical is None:
                raise RegistryError(f"{row[col]!r} is not in the agencies file", file=name,
                                    place=_place(header, line, col),
                                    fix="add a row for it to agencies.csv first")
            ends.append(canonical)
        old, new = ends
        if old == new:
            raise RegistryError(f"{old!r} succeeds itself", file=name,
                                place=_place(header, line, "new"), fix="name another agency")
        relation = _choice(row["relation"], RELATIONS, "relation", file=name,
                           place=_place(header, line, "relation"))
        confidence = _choice(row["confidence"] or "", CONFIDENCES, "confidence", file=name,
                             place=_place(header, line, "confidence"))
        try:
            parse_period(row["date"])
        except ValueError:
            raise RegistryError(f"unparseable date {row['date']!r}", file=name,
                                place=_place(header, line, "date"),
                                fix=f"use {DATE_FORMATS}") from None
        by_pair[(old, new)] = Succession(old, new, relation, row["date"], row["source"],
                                         confidence, row["note"], name, line)
    return tuple(by_pair.values())


def _check_cycles(registry: Registry, headers: Mapping[str, list[str]]) -> None:
    """A successor chain that comes back to where it started is an error."""
    state: dict[str, int] = {}

    def visit(node: str, path: list[Succession]) -> None:
        state[node] = 1
        for s in registry.next_of(node):
            if state.get(s.new) == 1:
                start = next((i for i, p in enumerate(path) if p.old == s.new), 0)
                chain = " → ".join([p.old for p in path[start:]] + [s.old, s.new])
                raise RegistryError(f"successor cycle {chain}", file=s.file,
                                    place=_place(headers[s.file], s.line, "new"),
                                    fix="a reform cannot lead back to an earlier agency")
            if state.get(s.new) is None:
                visit(s.new, [*path, s])
        state[node] = 2

    for canonical in registry._forward:
        if state.get(canonical) is None:
            visit(canonical, [])


def _choice(value: str, choices: Sequence[str], what: str, *, file: object = None,
            place: object = None) -> str:
    if value in choices:
        return value
    raise RegistryError(f"unknown {what} {value!r}", file=file, place=place,
                        fix=f"use one of: {', '.join(choices)}")


# -- dates ------------------------------------------------------------------------------------------
def parse_period(text: str) -> _dt.date:
    """The last day of ``YYYY``, ``YYYY-MM`` or the day ``YYYY-MM-DD``; ValueError otherwise.
    A change dated only by year or month counts from the end of that period."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    if not m:
        raise ValueError(text)
    year, month, day = m.groups()
    if day:
        return _dt.date(int(year), int(month), int(day))
    if month:
        first = _dt.date(int(year), int(month), 1)
        first_next = _dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first_next - _dt.timedelta(days=1)
    return _dt.date(int(year), 12, 31)


def parse_as_of(value: str | _dt.date | None, *, option: str = "as_of") -> _dt.date | None:
    """An ``as_of`` day: a `datetime.date` or ``YYYY-MM-DD`` text; None stays None."""
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value).strip()):
            raise ValueError(value)
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DiffkitError(f"{value!r} is not a date", place=option,
                           fix="use YYYY-MM-DD, e.g. 2019-06-01") from None


def strip_prefix(key: str) -> str:
    """A folded name without its province-level prefix (四川省, 广东, 广西壮族自治区 …, or a
    bare 省/自治区; the name itself if nothing is left)."""
    found = _region_prefix()(key, rest=2)
    if found is not None:
        return key[len(found[0]):]
    for prefix in ("自治区", "省"):
        if key.startswith(prefix) and len(key) > len(prefix) + 1:
            return key[len(prefix):]
    return key


@functools.cache
def _region_prefix():
    """`standard.Standard.region_prefix` of the shipped standard organs (imported on first
    use: standard imports this module; a per-call import cost ~20 µs, ~5 ms a compare)."""
    from .standard import standard
    return standard().region_prefix


__all__ = ["AGENCY_COLUMNS", "SUCCESSOR_COLUMNS", "KINDS", "RELATIONS", "SUCCESSION",
           "CONFIDENCES", "Agency", "Succession", "Registry", "RegistryError", "load_registry",
           "default_registry", "parse_period", "parse_as_of", "strip_prefix"]
