"""Compare two plans — directly, or three-way through the guideline both implement.

`compare` aligns the tasks (`align.align`), gives each pair a `Status`, and lists the agency
changes per pair and role. The result is a frozen `Comparison` that renders as the JSON
contract ``diffkit.comparison/1``, CSV, a terminal table, DataFrames and HTML.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from .agencies import changes as _changes
from .agencies import resolution as _agencies
from .agencies import roles as _roles
from .agencies.view import AGENCY_VIEW, agency_view
from .align import assign as _align
from .align import chain as _chain
from .errors import DiffkitError
from .model import Plan, load, sections_of_kind
from .normalize import fold

FORMAT = "diffkit.comparison/1"
#: Roles every pair reports; ``responsible`` is added to a pair whose tasks name such units.
ROLES = ("lead", "participants")
CHANGES = _changes.CHANGES
#: Changes whose JSON value is an [A name, B name] pair.
PAIRED = ("renamed", "promoted", "demoted", "absorbed")
FOLLOWS = _chain.FOLLOWS


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
    """One agency change of a pair (`agencies.changes`): ``role`` is the role it is listed
    under, ``a`` the name in A (None if added), ``b`` the name in B (None if removed);
    ``role_a``/``role_b`` its roles on each side, ``function`` its function key."""

    role: str
    change: str
    a: str | None
    b: str | None
    role_a: str | None = None
    role_b: str | None = None
    function: str | None = None
    a_key: str | None = field(default=None, repr=False, compare=False)
    b_key: str | None = field(default=None, repr=False, compare=False)

    @property
    def names(self) -> str | list[str]:
        if self.change in PAIRED:
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
    #: a task of the pair names units with no lead/participant distinction (``responsible``)
    responsible: bool = field(default=False, repr=False, compare=False)
    #: an added (removed) pair: the A (B) tasks one of whose clauses its task shares — a
    #: borrowed clause of a task that corresponds elsewhere (JSON key ``borrows``, only when set)
    borrows: tuple[str, ...] = ()
    #: in a chain (B implements A and the guideline): what B's tasks follow most closely —
    #: "guideline" (its text), "a" (A's rewording) or "local" (neither); JSON key only when set
    follows: str | None = None

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
        out = {"a": list(self.a), "b": list(self.b), "guideline": self.guideline,
                "status": self.status.value, "moved": self.moved,
                "similarity": self.similarity,
                "lead": self.role_changes("lead"),
                "participants": self.role_changes("participants")}
        if self.responsible:
            out["responsible"] = self.role_changes("responsible")
        if self.borrows:
            out["borrows"] = list(self.borrows)
        if self.follows is not None:
            out["follows"] = self.follows
        return out


@dataclass(frozen=True)
class Comparison:
    """The result of `compare`: pairs in A's document order, and a summary."""

    a: Plan = field(repr=False)
    b: Plan = field(repr=False)
    pairs: tuple[Pair, ...]
    guideline: Plan | None = field(default=None, repr=False)
    fidelity: Mapping[str, Mapping[str, float]] | None = None
    #: how it was computed (score_cutoff, as_of, overrides, registry, region), for reports
    options: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: ``identity`` (one region and level) or ``function`` (counterparts across regions/levels)
    agencies_matched_by: str = "identity"

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
        if any(p.follows for p in self.pairs):
            out["follows"] = {k: sum(len(p.b) for p in self.pairs if p.follows == k)
                              for k in FOLLOWS}
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
                "agencies_matched_by": self.agencies_matched_by,
                "summary": self.summary, "pairs": [p.to_dict() for p in self.pairs]}

    def to_json(self) -> str:
        from .report.render import json_text
        return json_text(self.to_dict())

    def pairs_frame(self):
        """One row per pair (pandas DataFrame; ids and names joined by ``;``)."""
        from .report.frame import comparison_pairs_frame
        return comparison_pairs_frame(self)

    def pairs_long_frame(self):
        """One row per pair × task, with section and item titles, text, lead, participants,
        status and similarity (pandas DataFrame; ids and names joined by ``;``)."""
        from .report.frame import comparison_long_frame
        return comparison_long_frame(self)

    def agency_changes_frame(self):
        """One row per agency change (pandas DataFrame)."""
        from .report.frame import comparison_agency_frame
        return comparison_agency_frame(self)

    def agency_rows(self) -> list[tuple[Any, ...]]:
        """One row per line of responsibility (`AGENCY_VIEW`): tasks led and joined in A and
        B, gained, lost, task ids (see `agency_view`)."""
        return agency_view(self)

    def agencies_frame(self):
        """One row per line of responsibility (pandas DataFrame of `agency_rows`)."""
        from .report.frame import comparison_agencies_frame
        return comparison_agencies_frame(self)

    def to_excel(self, path: str | os.PathLike) -> Path:
        """Write the Excel report (Summary, Tasks, Redline, Agencies, Changes, Coverage)."""
        from .report.excel import write_comparison_workbook
        return write_comparison_workbook(self, path)

    def to_html(self, path: str | os.PathLike | None = None) -> Path | str:
        """The HTML report: one self-contained page (no network) with both plans side by
        side, character-level redlines, filters, the agency summary and, with a guideline,
        its coverage. Written to ``path`` (parent folders created) and its path returned;
        without ``path``, the page's text."""
        from .report.html import comparison_page, write_page
        text = comparison_page(self)
        return text if path is None else write_page(path, text)

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


_CONTAINERS = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # PDF, .docx, old Office


def _is_json(source: str | os.PathLike) -> bool:
    """Plan JSON, not a document to parse: by content (a PDF or Word file is parsed whatever
    its name), then by the .json suffix."""
    p = Path(source)
    if not p.is_file():
        return True  # missing files get read_json's clear error
    with open(p, "rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(_CONTAINERS):
        return False
    return p.suffix.lower() == ".json" or head[:1] in (b"{", b"[")


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
            as_of: str | _dt.date | None = None, registry=None, overrides=None,
            region: str | None = None, agencies_by: str = "auto",
            chain: bool | None = None) -> Comparison:
    """Compare plan ``a`` with plan ``b`` (each a `Plan`, a mapping, or a path to plan JSON
    or raw text), optionally through the ``guideline`` both implement.

    ``score_cutoff`` (0–100) is the combined similarity a one-to-one pair needs; ``as_of``
    maps agency names to their reform successors at that date before comparing them;
    ``registry`` is an agency registry (default: the shipped one); ``overrides`` are reviewer
    verdicts (a reviewed workbook or CSV path, or `overrides.Override`s) that keep, forbid or
    force pairings. Agencies are read in each plan's region and level (its ``meta``; ``region``
    for a plan that names none) and matched by ``identity`` when both are of one region and
    level, else by ``function`` (``agencies_by`` forces either). ``chain``: B implements A as
    well as the guideline (a city implementing its province), so each pair says what B
    follows most closely (`follows`); None decides from the plans' metadata (`implements`)."""
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
            fidelity[side] = _follow(pg, plan, side, g_of, score_cutoff)
    by = _matched_by(pa, pb, region, agencies_by)
    ctx = _Ctx(pa, pb, _roles.Reader(pa, when, registry, region, by),
               _roles.Reader(pb, when, registry, region, by))
    pairs = tuple(_pair(c, ctx, g_of) for c in groups)
    if pg is not None and (_chain.implements(pb, pa) if chain is None else chain):
        pairs = tuple(replace(p, follows=_follows(p, pg, g_of)) for p in pairs)
    options = {"score_cutoff": score_cutoff, "as_of": when, "registry": registry,
               "overrides": reviewed, "region": region, "readers": (ctx.ra, ctx.rb)}
    return Comparison(pa, pb, pairs, pg, fidelity, options, by)


def _matched_by(pa: Plan, pb: Plan, region: str | None, agencies_by: str) -> str:
    if agencies_by in _changes.MATCHINGS:
        return agencies_by
    if agencies_by != "auto":
        raise DiffkitError(f"unknown agency matching {agencies_by!r}", place="agencies_by",
                           fix="use auto, identity or function")
    return _roles.matching(_roles.plan_where(pa, region), _roles.plan_where(pb, region))


@dataclass
class _Ctx:
    a: Plan
    b: Plan
    ra: _roles.Reader
    rb: _roles.Reader


def _pair(c: _align.Correspondence, ctx: _Ctx, g_of) -> Pair:
    ta = [ctx.a.ref(t).task for t in c.a]
    tb = [ctx.b.ref(t).task for t in c.b]
    status = _status(c, ta, tb)
    gid = next((g_of[("a", t)] for t in c.a if ("a", t) in g_of),
               next((g_of[("b", t)] for t in c.b if ("b", t) in g_of), None))
    changes: tuple[AgencyChange, ...] = ()
    if ta and tb:
        changes = tuple(_change(x) for x in _changes.role_changes(ctx.ra.holders(ta),
                                                                   ctx.rb.holders(tb)))
    responsible = any(getattr(t, "responsible", ()) for t in (*ta, *tb))
    return Pair(c.a, c.b, status, c.moved, c.similarity, gid, changes, c.why,
                "\n".join(t.text for t in ta), "\n".join(t.text for t in tb), responsible,
                c.borrows)


def _change(x: _changes.RoleChange) -> AgencyChange:
    return AgencyChange(x.role, x.change, x.a, x.b, x.role_a, x.role_b, x.function, x.a_key,
                        x.b_key)


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
    """The changes (`agencies.changes`) of the agencies named in ``role`` between two lists of
    names as written; ``a_all`` and ``b_all`` name the other agencies of the pair's tasks (as
    participants, below ``role`` when it is the lead), so an agency still named on the other
    side in another role changed role, it was not removed."""
    by = "identity" if a_plan is None or b_plan is None else _roles.matching(
        _roles.plan_where(a_plan), _roles.plan_where(b_plan))
    day = _agencies.parse_as_of(as_of)
    ra = _roles.Reader(a_plan, day, registry, None, by)
    rb = _roles.Reader(b_plan, day, registry, None, by)
    other = "participants" if role == "lead" else "lead"
    ha = _changes.strongest([*_entries(ra, a_names, role),
                             *_entries(ra, [n for n in a_all if n not in a_names], other)])
    hb = _changes.strongest([*_entries(rb, b_names, role),
                             *_entries(rb, [n for n in b_all if n not in b_names], other)])
    return [_change(x) for x in _changes.role_changes(ha, hb)
            if role in (x.role_a, x.role_b)]


def _entries(reader: _roles.Reader, names: Sequence[str], role: str) -> list:
    from types import SimpleNamespace
    return reader.entries([SimpleNamespace(**{role: tuple(names)})])


def _follow(g: Plan, plan: Plan, side: str, g_of: dict, score_cutoff: float
            ) -> dict[str, float]:
    """How ``plan`` follows guideline ``g``: `_fidelity` over task sections only, and, when
    the guideline has principles sections (`model.section_kind`), ``principles``: the share
    of their text found anywhere in the plan. Fills ``g_of`` (side, task) → guideline task."""
    g_tasks = sections_of_kind(g, "tasks")
    to_g = _align.align(g_tasks, sections_of_kind(plan, "tasks"), score_cutoff=score_cutoff)
    out = _fidelity(g_tasks, to_g)
    g_of.update({(side, t): c.a[0] for c in to_g if c.a for t in c.b})
    g_principles = sections_of_kind(g, "principles")
    if g_principles.refs:
        to_p = _align.align(g_principles, plan, score_cutoff=score_cutoff)
        out["principles"] = _fidelity(g_principles, to_p)["retained"]
        own = {r.task.id for r in sections_of_kind(plan, "principles").refs}
        g_of.update({(side, t): c.a[0] for c in to_p if c.a for t in c.b if t in own})
    return out


def _follows(p: Pair, g: Plan, g_of) -> str | None:
    """`chain.follows` for a pair's (joined) B tasks; None without B tasks."""
    if not p.b:
        return None
    g_ids = list(dict.fromkeys(g_of[("b", t)] for t in p.b if ("b", t) in g_of))
    g_text = "".join(g.ref(t).task.text for t in g_ids) if g_ids else None
    return _chain.follows(p.b_text, p.a_text if p.a else None, g_text)


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
           "agency_changes", "agency_view", "AGENCY_VIEW", "read_plan", "load_agencies",
           "comparison_schema"]
