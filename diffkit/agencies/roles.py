"""Who holds which role in a task, under one rule for compare, workload and the per-agency view.

A `Reader` reads the agency names of one plan in its region and level (`resolution.where`, or
a ``region`` for a plan that names none) and turns the tasks' ``lead``, ``responsible`` (units
named with no lead/participant distinction, read with ``getattr`` so older `Task`s work) and
``participants`` lists into `changes.Holder`s: one per agency, with its strongest role.
Matching ``by="identity"`` keys agencies by canonical name and their reform successors;
``by="function"`` by function key (counterparts of other regions and levels) and the functions
that succeeded it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .changes import ROLES, Holder, strongest
from .registry import Registry, default_registry
from .resolution import AgencyRef, Where, later_refs, resolve, where


def plan_where(plan: Any, region: str | None = None) -> Where:
    """The plan's own region and level; ``region`` only when the plan names neither."""
    own = where(plan)
    if region is not None and own.region is None and own.level is None:
        return where(plan, region=region)
    return own


@dataclass(eq=False)
class Reader:
    """Reads the agency names of ``plan`` (see the module docstring)."""

    plan: Any
    as_of: _dt.date | None = None
    registry: Registry | None = None
    region: str | None = None
    by: str = "identity"
    _cache: dict[str, tuple[tuple[AgencyRef, ...], tuple[frozenset[str], ...]]] = \
        field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.registry = self.registry or default_registry()
        self.where = plan_where(self.plan, self.region)
        #: key → canonical name, kind and function, for what a key shows (workload rows)
        self.canonical: dict[str, str] = {}
        self.kinds: dict[str, tuple[str | None, str | None]] = {}

    def refs(self, name: str) -> tuple[AgencyRef, ...]:
        """The agencies ``name`` stands for in this plan."""
        return self._read(name)[0]

    def _read(self, name: str) -> tuple[tuple[AgencyRef, ...], tuple[frozenset[str], ...]]:
        found = self._cache.get(name)
        if found is None:
            res = resolve(name, plan=self.plan, as_of=self.as_of, registry=self.registry,
                          region=self.where.region, level=self.where.level,
                          suggest_names=False)
            later = tuple(frozenset(self.key(x) for x in later_refs(r, registry=self.registry))
                          for r in res.refs)
            found = self._cache[name] = (res.refs, later)
        return found

    def key(self, ref: AgencyRef) -> str:
        """What is compared: the canonical agency (a standard organ qualified by its region:
        Guangdong's 省发展改革委 is not Sichuan's), or its function key."""
        if self.by == "function" and ref.function is not None:
            return ref.function
        if ref.source == "standard" and ref.region:
            return f"{ref.canonical}@{ref.region}"
        return ref.canonical

    def entries(self, tasks: Iterable[Any]) -> list[tuple[str, str, str, str | None,
                                                            frozenset[str]]]:
        """(key, name as written, role, function, later keys) for every agency named in
        ``tasks`` in document order, role by role."""
        out = []
        tasks = list(tasks)
        for role in ROLES:
            for task in tasks:
                for name in getattr(task, role, ()) or ():
                    refs, later = self._read(name)
                    for ref, after in zip(refs, later, strict=True):
                        shown = name if len(refs) == 1 else ref.canonical
                        key = self.key(ref)
                        self.canonical.setdefault(key, ref.canonical)
                        self.kinds.setdefault(key, (ref.kind, ref.function))
                        out.append((key, shown, role, ref.function, after))
        return out

    def holders(self, tasks: Sequence[Any]) -> list[Holder]:
        """One `Holder` per agency of ``tasks`` (the union for a split or merged pair), with
        its strongest role."""
        return strongest(self.entries(tasks))


def matching(a: Where, b: Where) -> str:
    """``function`` for plans of different regions or levels, else ``identity``; a plan that
    names no region (or level) differs from none."""
    for x, y in ((a.region, b.region), (a.level, b.level)):
        if x is not None and y is not None and x != y:
            return "function"
    return "identity"


__all__ = ["Reader", "plan_where", "matching"]
