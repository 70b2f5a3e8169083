"""Workload per canonical agency (`workload`, twin of ``diffkit agencies``) and successor
rewriting of a plan (`migrate`, twin of ``diffkit migrate``).

An agency is counted once per task: an agency named by an abbreviation and by its full name
is one agency, and with ``as_of`` two merged predecessors named in one task count once as
their successor. An agency that leads a task is not counted again as a participant of it.
"""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..model import Plan, Section, Task, load
from .resolution import (
    Registry,
    canonical_names,
    compound_parts,
    default_registry,
    parse_as_of,
    resolve,
    steps,
    unknown_key,
)

FORMAT = "diffkit.agencies/1"
HEADERS = ("agency", "kind", "lead", "participants", "tasks")


@dataclass(frozen=True)
class AgencyLoad:
    """One canonical agency's share of a plan: tasks it leads, tasks it joins, task ids."""

    agency: str
    kind: str | None
    lead: int
    participants: int
    tasks: tuple[str, ...]
    responsible: int = 0  # tasks naming it with no lead/participant distinction
    function: str | None = None  # its function key (standard organs, vertical agencies)

    def to_dict(self) -> dict[str, Any]:
        out = {"agency": self.agency, "kind": self.kind, "lead": self.lead,
               "participants": self.participants, "tasks": list(self.tasks)}
        if self.responsible:
            out["responsible"] = self.responsible
        if self.function:
            out["function"] = self.function
        return out


@dataclass(frozen=True)
class Unresolved:
    """A name the registry does not know, where it occurs, and look-alikes (not applied)."""

    name: str
    tasks: tuple[str, ...]
    suggestions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "tasks": list(self.tasks),
                "suggestions": list(self.suggestions)}


@dataclass(frozen=True)
class Workload:
    """The agencies of a plan, most tasks first, and the names left unresolved."""

    plan: str
    as_of: str | None
    agencies: tuple[AgencyLoad, ...]
    unresolved: tuple[Unresolved, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "plan": self.plan, "as_of": self.as_of,
                "agencies": [a.to_dict() for a in self.agencies],
                "unresolved": [u.to_dict() for u in self.unresolved]}

    def to_json(self) -> str:
        from ..report.render import json_text
        return json_text(self.to_dict())

    def rows(self) -> list[tuple[Any, ...]]:
        return [(a.agency, a.kind or "", a.lead, a.participants, list(a.tasks))
                for a in self.agencies]

    def to_frame(self):
        """One row per agency (pandas DataFrame)."""
        from ..report.frame import workload_frame
        return workload_frame(self)

    def render(self, *, format: str = "table") -> str:
        """The workload as a terminal table, JSON or CSV."""
        from ..report.render import csv_text, table
        if format == "json":
            return self.to_json()
        if format == "csv":
            return csv_text(HEADERS, self.rows())
        when = f" as of {self.as_of}" if self.as_of else ""
        out = (f"{self.plan}{when}: {len(self.agencies)} agencies, "
               f"{len(self.unresolved)} unresolved names\n\n"
               + table(HEADERS, self.rows(), max_widths=(24, 22, 4, 12, 60)))
        for u in self.unresolved:
            hint = f" (did you mean {'、'.join(u.suggestions)}?)" if u.suggestions else ""
            out += f"unresolved: {u.name} in task {', '.join(u.tasks)}{hint}\n"
        return out

    def __repr__(self) -> str:
        return (f"<Workload {self.plan!r}: {len(self.agencies)} agencies, "
                f"{len(self.unresolved)} unresolved>")

    def _repr_html_(self) -> str:
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in
                                        (a.agency, a.kind or "", a.lead, a.participants,
                                         "、".join(a.tasks))) + "</tr>" for a in self.agencies)
        head = "".join(f"<th>{h}</th>" for h in HEADERS)
        return f"<p><b>{html.escape(repr(self))}</b></p><table><tr>{head}</tr>{rows}</table>"


def workload(plan: Plan | Any, *, as_of: str | _dt.date | None = None,
             registry: Registry | None = None, region: str | None = None) -> Workload:
    """Lead and participant counts per canonical agency of ``plan`` (a `Plan` or a path),
    with successors as of ``as_of`` when given, names read in the plan's region and level
    (``region`` for a plan that names none). The rule is compare's (`agencies.roles`): an
    agency counts once per task, in its strongest role (a lead is not counted again as a
    participant; a unit named ``responsible`` counts under responsible unless it also leads or
    joins that task, as before). Unknown names are listed
    under ``unresolved`` and still counted, under their folded spelling."""
    from .roles import Reader  # the shared rule of compare and workload

    plan = load(plan)
    registry = registry or default_registry()
    day = parse_as_of(as_of)
    reader = Reader(plan, day, registry, region)
    counts: dict[str, list[Any]] = {}
    kinds: dict[str, tuple[str | None, str | None]] = {}
    missing: dict[str, tuple[list[str], tuple[str, ...]]] = {}
    for task in plan.tasks:
        for role in ("lead", "responsible", "participants"):
            _names(getattr(task, role, ()) or (), task.id, plan, day, registry, missing,
                   reader.where)
        for h in reader.holders([task]):
            name = reader.canonical.get(h.key, h.key)
            kinds[name] = reader.kinds.get(h.key, (None, None))
            entry = counts.setdefault(name, [0, 0, [], 0])
            entry[{"lead": 0, "participants": 1, "responsible": 3}[h.role]] += 1
            entry[2].append(task.id)
    order = {name: i for i, name in enumerate(counts)}
    loads = sorted((AgencyLoad(n, registry.kind(n) or kinds[n][0], c[0], c[1], tuple(c[2]),
                               c[3], kinds[n][1]) for n, c in counts.items()),
                   key=lambda a: (-len(a.tasks), -a.lead, order[a.agency]))
    unresolved = tuple(Unresolved(n, tuple(dict.fromkeys(t)), s) for n, (t, s) in missing.items())
    return Workload(plan.id, day.isoformat() if day else None, tuple(loads), unresolved)


def _names(written: Sequence[str], task_id: str, plan: Plan, day: _dt.date | None,
           registry: Registry, missing: dict[str, tuple[list[str], tuple[str, ...]]],
           at: Any = None) -> list[str]:
    out: dict[str, None] = {}
    for name in written:
        res = resolve(name, plan=plan, as_of=day, registry=registry,
                      region=getattr(at, "region", None), level=getattr(at, "level", None))
        out.update(dict.fromkeys(res.agencies))
        for part in res.unknown:
            missing.setdefault(part, ([], res.suggestions))[0].append(task_id)
    return list(out)


# -- migrate ------------------------------------------------------------------------------------
NOTE = "derived, not an official document"


def migrate(plan: Plan | Any, *, as_of: str | _dt.date, registry: Registry | None = None,
            id: str | None = None) -> Plan:
    """A copy of ``plan`` with agency names rewritten to their successors as of ``as_of``.

    A name that no reform touched stays as written; a merge leaves one name per task (an
    agency named twice in a task, e.g. as lead and as participant, keeps its first mention);
    a split names every part; a compound keeps its group (``X等Y成员单位`` → ``X'等Y成员单位``).
    ``meta.derived`` records the source plan, the day, the tool and every successor row
    applied with its confidence; the id defaults to ``<plan id>_reformed``."""
    plan = load(plan)
    registry = registry or default_registry()
    day = parse_as_of(as_of)
    if day is None:
        raise ValueError("migrate needs as_of")
    changes = 0

    def rewrite(task: Task) -> Task:
        nonlocal changes
        seen: set[str] = set()
        lead = _rewrite(task.lead, plan, day, registry, seen)
        participants = _rewrite(task.participants, plan, day, registry, seen)
        if (tuple(lead), tuple(participants)) != (task.lead, task.participants):
            changes += 1
        return replace(task, lead=tuple(lead), participants=tuple(participants))

    sections = tuple(Section(s.id, s.title, tuple(replace(i, tasks=tuple(map(rewrite, i.tasks)))
                                                  for i in s.items), s.number)
                     for s in plan.sections)
    meta = dict(plan.meta)
    source = plan.id + (f" ({meta['doc_number']})" if meta.get("doc_number") else "")
    meta["derived"] = {"from": source, "as_of": day.isoformat(), "by": "diffkit migrate",
                       "tasks_changed": changes, "applied": _applied(plan, day, registry),
                       "note": NOTE}
    return replace(plan, id=id or f"{plan.id}_reformed", sections=sections, meta=meta)


def _rewrite(names: Sequence[str], plan: Plan, day: _dt.date, registry: Registry,
             seen: set[str]) -> list[str]:
    """Names as written, each replaced by its successors when a reform applies; a name whose
    agencies are all in ``seen`` (named earlier in the task) is dropped."""
    out: list[str] = []
    for name in names:
        before = resolve(name, plan=plan, registry=registry, suggest_names=False).agencies
        after = resolve(name, plan=plan, as_of=day, registry=registry,
                        suggest_names=False).agencies
        parts = compound_parts(name, plan=plan, registry=registry)
        if before == after:
            written = [(name, after)]
        elif parts:
            members = canonical_names(parts[0], plan=plan, as_of=day, registry=registry)
            group = set(canonical_names([parts[1]], plan=plan, registry=registry))
            text = "、".join(_spell(c, registry) for c in members if c not in group)
            written = [(f"{text}等{parts[1]}", after)]
        else:
            written = [(_spell(c, registry), (c,)) for c in after]
        for text, keys in written:
            if not set(keys) <= seen:
                out.append(text)
            seen.update(keys)
    return out


def _applied(plan: Plan, day: _dt.date, registry: Registry) -> list[dict[str, str]]:
    """The successor rows the rewrite used, in the order first needed, with their grades."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for task in plan.tasks:
        for name in task.lead + task.participants:
            for canonical in resolve(name, plan=plan, registry=registry,
                                     suggest_names=False).agencies:
                for s in steps(canonical, as_of=day, registry=registry):
                    rows.setdefault((s.old, s.new), {
                        "old": s.old, "new": s.new, "relation": s.relation, "date": s.date,
                        "confidence": s.confidence})
    return list(rows.values())


def _spell(canonical: str, registry: Registry) -> str:
    """How a successor is written: its canonical short form (or an unknown name's key)."""
    return canonical if canonical in registry.agencies else unknown_key(canonical)


__all__ = ["FORMAT", "AgencyLoad", "Unresolved", "Workload", "workload", "migrate"]
