"""What the paper figures show, as plain data: agency labels (Chinese or English), kinds to
leave out, the shared agency order of an A-vs-B workload chart, statuses per section, and the
coverage grid with its section bands and per-plan margin. No matplotlib here:
`diffkit.plot` draws these, and tests check the numbers without drawing.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..agencies import canonical_names, default_registry
from ..model import Plan, load

STATUS_ORDER = ("unchanged", "reworded", "split", "merged", "added", "removed")


# -- agency labels and kinds --------------------------------------------------------------------
@lru_cache(maxsize=1)
def english_names() -> dict[str, str]:
    """Canonical agency → English name, from the shipped ``english.csv`` (Sichuan's agencies;
    each row has its source)."""
    text = resources.files("diffkit.agencies").joinpath("data/english.csv").read_text("utf-8")
    return {r["canonical"]: r["english"] for r in csv.DictReader(io.StringIO(text))
            if r.get("english")}


def labeller(*, english: bool = False, registry: Any = None) -> Callable[[str], str]:
    """``label(canonical)``: the name itself, or with ``english`` its English name — the
    registry's ``english`` column when it has one, else the shipped English names — and the
    Chinese name where neither knows it."""
    if not english:
        return str
    registry = registry or default_registry()
    shipped = english_names()

    def label(name: str) -> str:
        record = registry.agencies.get(name)
        return (getattr(record, "english", "") or shipped.get(name) or name)
    return label


def kind_filter(exclude_kinds: Iterable[str] = (), *, registry: Any = None
                ) -> Callable[[str], bool]:
    """``keep(canonical)``: False for agencies of the excluded kinds (``collective`` for
    各市(州)人民政府 and the like); names the registry does not know are kept."""
    excluded = frozenset(exclude_kinds)
    if not excluded:
        return lambda name: True
    registry = registry or default_registry()
    return lambda name: registry.kind(name) not in excluded


# -- workload of two plans on one agency order --------------------------------------------------
@dataclass(frozen=True)
class AgencyLoad:
    agency: str
    a_lead: int
    a_participants: int
    b_lead: int
    b_participants: int

    @property
    def total(self) -> int:
        return self.a_lead + self.a_participants + self.b_lead + self.b_participants


def loads(plan: Plan, *, as_of: Any = None, registry: Any = None) -> dict[str, tuple[int, int]]:
    """Canonical agency → (tasks it leads, tasks it joins without leading), document order."""
    out: dict[str, list[int]] = {}
    for task in plan.tasks:
        lead = canonical_names(task.lead, plan=plan, as_of=as_of, registry=registry)
        part = canonical_names(task.participants, plan=plan, as_of=as_of, registry=registry)
        for name in lead:
            out.setdefault(name, [0, 0])[0] += 1
        for name in dict.fromkeys(n for n in part if n not in lead):
            out.setdefault(name, [0, 0])[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def workload_pairs(a: Plan, b: Plan, *, as_of: Any = None, registry: Any = None,
                   exclude_kinds: Iterable[str] = (), top: int | None = 20
                   ) -> list[AgencyLoad]:
    """One row per canonical agency of A or B, busiest (A + B tasks) first, ties in order of
    first appearance (A before B); at most ``top``."""
    keep = kind_filter(exclude_kinds, registry=registry)
    la = loads(load(a), as_of=as_of, registry=registry)
    lb = loads(load(b), as_of=as_of, registry=registry)
    order = {n: k for k, n in enumerate(dict.fromkeys([*la, *lb]))}
    rows = [AgencyLoad(n, *la.get(n, (0, 0)), *lb.get(n, (0, 0))) for n in order if keep(n)]
    rows.sort(key=lambda r: (-r.total, -(r.a_lead + r.b_lead), order[r.agency]))
    return rows[:top] if top else rows


# -- statuses per section -----------------------------------------------------------------------
def status_by_section(comparison: Any) -> list[tuple[str, Counter[str]]]:
    """``(section label, status counts)`` in A's section order, then sections only B has: a
    pair counts in the section of its first A task, an added pair in that of its first B task."""
    a, b = comparison.a, comparison.b
    out: dict[str, Counter[str]] = {}
    for s in a.sections:
        out.setdefault(_section_label(s), Counter())
    for p in comparison.pairs:
        ref = a.ref(p.a[0]) if p.a else b.ref(p.b[0])
        out.setdefault(_section_label(ref.section), Counter())[str(p.status)] += 1
    return [(k, v) for k, v in out.items() if sum(v.values())]


def _section_label(section) -> str:
    return f"{section.number or section.id} {section.title}".strip()


# -- coverage grid ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CoverageGrid:
    plans: tuple[str, ...]
    tasks: tuple[str, ...]
    scores: tuple[tuple[float, ...], ...]      # NaN where dropped
    dropped: tuple[tuple[bool, ...], ...]
    bands: tuple[tuple[str, int, int], ...]    # (section label, first column, last column)
    margin: tuple[float, ...]                  # share of guideline tasks each plan covers


def coverage_grid(rows: Sequence[Mapping[str, Any]], guideline: Plan | None = None
                  ) -> CoverageGrid:
    """Plans × guideline tasks from coverage rows (plan, guideline, tasks, score, status);
    with the guideline plan, columns follow its order and carry its sections as bands."""
    plans = tuple(dict.fromkeys(str(r["plan"]) for r in rows))
    seen = tuple(dict.fromkeys(str(r["guideline"]) for r in rows))
    tasks, bands = seen, ()
    if guideline is not None:
        ids = [t.id for t in guideline.tasks]
        tasks = tuple(ids) + tuple(t for t in seen if t not in set(ids))
        bands = _bands(guideline, tasks)
    pi = {p: i for i, p in enumerate(plans)}
    gi = {g: j for j, g in enumerate(tasks)}
    nan = float("nan")
    scores = [[nan] * len(tasks) for _ in plans]
    dropped = [[False] * len(tasks) for _ in plans]
    for r in rows:
        i, j = pi[str(r["plan"])], gi[str(r["guideline"])]
        score = _number(r.get("score"))
        if covered(r) and score is not None:
            scores[i][j] = score
        else:
            dropped[i][j] = True
    margin = tuple(1 - sum(line) / (len(line) or 1) for line in dropped)
    return CoverageGrid(plans, tasks, tuple(map(tuple, scores)), tuple(map(tuple, dropped)),
                        bands, margin)


def _bands(guideline: Plan, tasks: Sequence[str]) -> tuple[tuple[str, int, int], ...]:
    col = {t: j for j, t in enumerate(tasks)}
    out = []
    for s in guideline.sections:
        cols = [col[t.id] for i in s.items for t in i.tasks if t.id in col]
        if cols:
            out.append((_section_label(s), min(cols), max(cols)))
    return tuple(out)


def covered(row: Mapping[str, Any]) -> bool:
    tasks = row.get("tasks")
    if tasks is not None and not isinstance(tasks, float):
        return len(tasks) > 0
    return row.get("status") not in (None, "removed")


def _number(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out
