"""Compare two plans — directly, or three-way through the guideline both implement.

`compare` aligns the tasks (`align.align`), gives each pair a `Status`, and lists the agency
changes per pair and role. The result is a frozen `Comparison` that renders as the JSON
contract ``diffkit.comparison/1``, CSV, a terminal table, DataFrames and HTML.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from .agencies import resolution as _agencies
from .align import assign as _align
from .errors import DiffkitError
from .model import Plan, load
from .normalize import fold

FORMAT = "diffkit.comparison/1"
ROLES = ("lead", "participants")
CHANGES = ("added", "removed", "renamed")


class Status(StrEnum):
    """What happened to a task between A and B."""

    UNCHANGED = "unchanged"
    REWORDED = "reworded"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    REMOVED = "removed"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class AgencyChange:
    """One agency change in one role of a pair: ``a`` is the name in A (None if added),
    ``b`` the name in B (None if removed); both are set for a rename."""

    role: str
    change: str
    a: str | None
    b: str | None

    @property
    def names(self) -> str | list[str]:
        if self.change == "renamed":
            return [str(self.a), str(self.b)]
        return str(self.a if self.change == "removed" else self.b)


@dataclass(frozen=True)
class Pair:
    """Corresponding tasks of A and B (either side empty for added/removed tasks)."""

    a: tuple[str, ...]
    b: tuple[str, ...]
    status: Status
    moved: bool = False
    similarity: float | None = None
    guideline: str | None = None
    agency_changes: tuple[AgencyChange, ...] = ()
    why: str = ""
    a_text: str = ""
    b_text: str = ""

    @property
    def changed(self) -> bool:
        """True when the text, the place or any agency differs."""
        return self.status is not Status.UNCHANGED or self.moved or bool(self.agency_changes)

    def role_changes(self, role: str) -> dict[str, list]:
        out: dict[str, list] = {c: [] for c in CHANGES}
        for ch in self.agency_changes:
            if ch.role == role:
                out[ch.change].append(ch.names)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"a": list(self.a), "b": list(self.b), "guideline": self.guideline,
                "status": self.status.value, "moved": self.moved,
                "similarity": self.similarity,
                "lead": self.role_changes("lead"),
                "participants": self.role_changes("participants")}


@dataclass(frozen=True)
class Comparison:
    """The result of `compare`: pairs in A's document order, and a summary."""

    a: Plan = field(repr=False)
    b: Plan = field(repr=False)
    pairs: tuple[Pair, ...]
    guideline: Plan | None = field(default=None, repr=False)
    fidelity: Mapping[str, Mapping[str, float]] | None = None
    #: how it was computed (score_cutoff, as_of, overrides, registry), for reports
    options: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def summary(self) -> dict[str, Any]:
        counts = {s.value: 0 for s in Status}
        for p in self.pairs:
            counts[p.status.value] += 1
        out: dict[str, Any] = {"tasks_a": len(self.a.refs), "tasks_b": len(self.b.refs)}
        out.update(counts)
        out["agency_changes"] = sum(len(p.agency_changes) for p in self.pairs)
        out["moved"] = sum(p.moved for p in self.pairs)
        if self.fidelity is not None:
            out["fidelity"] = {k: dict(v) for k, v in self.fidelity.items()}
        return out

    @property
    def changed(self) -> bool:
        """True when anything differs (what ``--exit-code`` reports)."""
        return any(p.changed for p in self.pairs)

    @property
    def agency_changes(self) -> list[tuple[Pair, AgencyChange]]:
        return [(p, c) for p in self.pairs for c in p.agency_changes]

    def to_dict(self) -> dict[str, Any]:
        g = self.guideline
        return {"format": FORMAT, "a": _ident(self.a), "b": _ident(self.b),
                "guideline": _ident(g) if g is not None else None,
                "summary": self.summary, "pairs": [p.to_dict() for p in self.pairs]}

    def to_json(self) -> str:
        from .report.render import json_text
        return json_text(self.to_dict())

    def pairs_frame(self):
        """One row per pair (pandas DataFrame)."""
        from .report.frame import comparison_pairs_frame
        return comparison_pairs_frame(self)

    def agency_changes_frame(self):
        """One row per agency change (pandas DataFrame)."""
        from .report.frame import comparison_agency_frame
        return comparison_agency_frame(self)

    def to_excel(self, path: str | os.PathLike) -> Path:
        """Write the Excel report (Summary, Tasks, Redline, Agencies, Changes, Coverage)."""
        from .report.excel import write_comparison_workbook
        return write_comparison_workbook(self, path)

    def __repr__(self) -> str:
        s = self.summary
        counts = ", ".join(f"{s[k.value]} {k.value}" for k in Status if s[k.value])
        return (f"<Comparison {self.a.id!r} → {self.b.id!r}: {counts}; "
                f"{s['agency_changes']} agency changes>")

    def _repr_html_(self) -> str:
        from .report.comparison import comparison_html
        return comparison_html(self)


def comparison_schema() -> dict[str, Any]:
    """The JSON Schema of ``diffkit.comparison/1`` (validate with `model.schema_problems`)."""
    import json
    from importlib import resources

    return json.loads(resources.files("diffkit").joinpath("schemas/comparison.schema.json")
                      .read_text("utf-8"))


def _ident(plan: Plan) -> dict[str, str]:
    return {"id": plan.id, "title": plan.title}


# -- inputs ------------------------------------------------------------------------------------
def read_plan(source: str | os.PathLike | Mapping[str, Any] | Plan, *,
              argument: str = "plan") -> Plan:
    """A plan from a `Plan`, a mapping, a plan JSON file or a raw text file (parsed with
    `diffkit.read.parse.parse_file`, imported only then). Errors name ``argument``."""
    try:
        if isinstance(source, (Plan, Mapping)) or _is_json(source):
            return load(source)
        from .read.parse import parse_file
        return parse_file(source)
    except DiffkitError as exc:
        exc.file = f"{argument} {exc.file}" if exc.file else argument
        exc.args = (exc.line(),)
        raise


def _is_json(source: str | os.PathLike) -> bool:
    p = Path(source)
    if p.suffix.lower() == ".json" or not p.is_file():
        return True  # missing files get read_json's clear error
    with open(p, "rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[")


def load_agencies(path: str | os.PathLike) -> Any:
    """The shipped agency registry extended by the rows of a user CSV (``--agencies``)."""
    try:
        return _agencies.load_registry(extend=path)
    except DiffkitError as exc:
        exc.file = f"--agencies {exc.file}" if exc.file else "--agencies"
        exc.args = (exc.line(),)
        raise


# -- comparison --------------------------------------------------------------------------------
def compare(a, b, guideline=None, *, score_cutoff: float = _align.SCORE_CUTOFF,
            as_of: str | _dt.date | None = None, registry=None, overrides=None) -> Comparison:
    """Compare plan ``a`` with plan ``b`` (each a `Plan`, a mapping, or a path to plan JSON
    or raw text), optionally through the ``guideline`` both implement.

    ``score_cutoff`` (0–100) is the combined similarity a one-to-one pair needs; ``as_of``
    maps agency names to their reform successors at that date before comparing them;
    ``registry`` is an agency registry (default: the shipped one); ``overrides`` are reviewer
    verdicts (a reviewed workbook or CSV path, or `overrides.Override`s) that keep, forbid or
    force pairings."""
    pa, pb = read_plan(a, argument="A"), read_plan(b, argument="B")
    pg = None if guideline is None else read_plan(guideline, argument="guideline")
    when = _agencies.parse_as_of(as_of)
    if registry is None:
        registry = _agencies.default_registry()
    reviewed, fixed, forbidden = (), [], frozenset()
    if overrides is not None:  # the overrides module is loaded only when there are some
        from .overrides import constraints

        reviewed, fixed, forbidden = constraints(overrides, pa, pb)
    groups = _align.align(pa, pb, score_cutoff=score_cutoff, fixed=fixed, forbidden=forbidden)
    g_of: dict[tuple[str, str], str] = {}
    fidelity = None
    if pg is not None:
        fidelity = {}
        for side, plan in (("a", pa), ("b", pb)):
            to_g = _align.align(pg, plan, score_cutoff=score_cutoff)
            fidelity[side] = _fidelity(pg, to_g)
            g_of.update({(side, t): c.a[0] for c in to_g if c.a for t in c.b})
    ctx = _Ctx(pa, pb, when, registry)
    pairs = tuple(_pair(c, ctx, g_of) for c in groups)
    options = {"score_cutoff": score_cutoff, "as_of": when, "registry": registry,
               "overrides": reviewed}
    return Comparison(pa, pb, pairs, pg, fidelity, options)


@dataclass
class _Ctx:
    a: Plan
    b: Plan
    as_of: _dt.date | None
    registry: Any


def _pair(c: _align.Correspondence, ctx: _Ctx, g_of) -> Pair:
    ta = [ctx.a.ref(t).task for t in c.a]
    tb = [ctx.b.ref(t).task for t in c.b]
    status = _status(c, ta, tb)
    gid = next((g_of[("a", t)] for t in c.a if ("a", t) in g_of),
               next((g_of[("b", t)] for t in c.b if ("b", t) in g_of), None))
    changes: list[AgencyChange] = []
    if ta and tb:
        for role in ROLES:
            changes += agency_changes([n for t in ta for n in getattr(t, role)],
                                      [n for t in tb for n in getattr(t, role)],
                                      role=role, a_plan=ctx.a, b_plan=ctx.b,
                                      as_of=ctx.as_of, registry=ctx.registry,
                                      a_all=[n for t in ta for n in t.agencies],
                                      b_all=[n for t in tb for n in t.agencies])
    return Pair(c.a, c.b, status, c.moved, c.similarity, gid, tuple(changes), c.why,
                "\n".join(t.text for t in ta), "\n".join(t.text for t in tb))


def _status(c: _align.Correspondence, ta, tb) -> Status:
    if c.kind == "one":
        same = fold(ta[0].text) == fold(tb[0].text)
        return Status.UNCHANGED if same else Status.REWORDED
    return {"split": Status.SPLIT, "merged": Status.MERGED, "added": Status.ADDED,
            "removed": Status.REMOVED}[c.kind]


def agency_changes(a_names: Sequence[str], b_names: Sequence[str], *, role: str = "lead",
                   a_plan: Plan | None = None, b_plan: Plan | None = None, as_of=None,
                   registry=None, a_all: Sequence[str] = (),
                   b_all: Sequence[str] = ()) -> list[AgencyChange]:
    """Agencies added, removed and renamed between two lists of names as written.

    Names are compared as canonical agencies (`agencies.canonical_names`), so two spellings
    of one agency are no change; a removed agency and an added one on the same line of
    responsibility (`agencies.same_line`, e.g. a reform successor) are a rename — every
    predecessor of a merged successor, and a split agency to each of its parts. ``a_all`` and
    ``b_all`` are every name of the pair's tasks in any role: an agency still named on the
    other side under its own name changed role, it was not renamed."""
    ka = _canon(a_names, a_plan, as_of, registry)
    kb = _canon(b_names, b_plan, as_of, registry)
    still_b = set(_canon(b_all, b_plan, as_of, registry))
    still_a = set(_canon(a_all, a_plan, as_of, registry))
    removed = [k for k in ka if k not in kb]
    added = [k for k in kb if k not in ka]
    out: list[AgencyChange] = []
    claimed: set[str] = set()
    for k in removed:
        succs = [] if k in still_b else [
            x for x in added
            if x not in still_a and _agencies.same_line(k, x, registry=registry)]
        if not succs:
            out.append(AgencyChange(role, "removed", ka[k], None))
        for x in succs:
            claimed.add(x)
            out.append(AgencyChange(role, "renamed", ka[k], kb[x]))
    out += [AgencyChange(role, "added", None, kb[k]) for k in added if k not in claimed]
    return out


def _canon(names: Sequence[str], plan, as_of, registry) -> dict[str, str]:
    """Canonical agency → the name as first written, in document order. A written name
    that stands for several agencies shows the canonical name instead."""
    out: dict[str, str] = {}
    # the plan's abbreviations key the cache (not id(plan), which a new plan may reuse)
    abbreviations = tuple(sorted(plan.abbreviations.items())) if plan is not None else ()
    for name in names:
        keys = _canonical(name, plan, as_of, registry, abbreviations)
        for key in keys:
            out.setdefault(key, name if len(keys) == 1 else key)
    return out


_CANONICAL: dict = {}


def _canonical(name: str, plan, as_of, registry, abbreviations: tuple) -> tuple[str, ...]:
    """`agencies.canonical_names` of one name, remembered for the plan (``abbreviations``:
    its sorted abbreviation items) and registry at hand."""
    # keyed by the registry itself (hashed by identity; the key keeps it alive)
    key = (name, abbreviations, str(as_of), registry)
    if key not in _CANONICAL:
        if len(_CANONICAL) > 65536:
            _CANONICAL.clear()
        _CANONICAL[key] = _agencies.canonical_names([name], plan=plan, as_of=as_of,
                                                    registry=registry)
    return _CANONICAL[key]


def _fidelity(g: Plan, to_g: list[_align.Correspondence]) -> dict[str, float]:
    """How faithfully a plan follows the guideline: share of guideline tasks covered, share
    of guideline text retained (clause coverage, weighted by length), local additions."""
    lengths = {r.task.id: len(fold(r.task.text)) for r in g.refs}
    total = sum(lengths.values()) or 1
    covered = sum(len(c.a) for c in to_g if c.a and c.b)
    retained = sum(c.cover_a * sum(lengths[t] for t in c.a) for c in to_g if c.a and c.b)
    local = sum(len(c.b) for c in to_g if not c.a)
    return {"covered": round(covered / (len(g.refs) or 1), 4),
            "retained": round(retained / 100 / total, 4), "local": local}


__all__ = ["FORMAT", "Status", "AgencyChange", "Pair", "Comparison", "compare",
           "agency_changes", "read_plan", "load_agencies", "comparison_schema"]
