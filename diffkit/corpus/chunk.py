"""One chunk of a corpus, start to end, where it is computed (this process, a local worker
process or a Dask worker): read and check its plans (`sources.read_unit`), route each to
its guideline(s) (`route`), score it (`pairing.cover_chunk`, agency counts), then either
return plain tuples (for JSON, tables and workbooks) or write its Parquet rows
(`parquet.write_chunk`) and return only counts.

Routing, with several guidelines: a plan goes to every guideline whose doc number its
``meta.implements`` cites (``routed_by="citation"``; numbers compared after NFKC and with
〔〕[]()【】 brackets folded); a plan that cites none of them is aligned with each guideline
and may go to one that retains at least ``route_cutoff`` (0–100) of its text in the plan,
or carries at least `PLAN_SHARE` (or ``route_cutoff``, when higher) of the plan's tasks
with a score of `STRONG_PAIR` or more (``"similarity"``), else nowhere (``"unrouted"``).
The second rule routes small plans: a county plan keeping five tasks of a 34-task guideline
retains a seventh of its text, and the guideline carries all of its tasks. Only strong
pairs count there: a plan on another subject shares generic tasks with many guidelines
(organisation, supervision, publicity), which pair more weakly. Of the guidelines a plan
may go to, it goes to the one whose strong pairs score most, summed over the plan's tasks
(each task counted once, at its best score): the guideline it follows most closely (then
the one carrying most of its tasks, then the one whose text it retains most). Summed
scores, not a count, tell a guideline from its revision: both carry a plan's tasks, the one
it copies word for word at 100, the other at 70–90; and the share of text retained favours
the shorter guideline, which a revision often is. With one guideline every plan is
compared with it, as before (``"citation"`` when it cites it, else ``"given"``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from ..model import Plan, section_kind
from ..normalize import nfkc

ROUTE_CUTOFF = 20.0      # share of a guideline's text (0–100) a plan must retain to be routed
PLAN_SHARE = 0.5         # … or share (0–1) of the plan's own tasks the guideline carries
STRONG_PAIR = 70.0       # … each with at least this score (generic tasks pair more weakly)
_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "［": "[", "］": "]", "【": "[", "】": "]",
                           "(": "[", ")": "]", "（": "[", "）": "]", "﹝": "[", "﹞": "]"})
_SPACE = re.compile(r"\s+")


def doc_key(number: str) -> str:
    """A doc number folded for comparison: 国发〔2016〕18号 = 国发[2016]18号 = 国发(2016)18号."""
    return _SPACE.sub("", nfkc(number).translate(_BRACKETS))


class Memo(dict):
    """Answers that depend only on the guideline and a few task texts (a split or merge
    group's score, which parts of it only borrow a clause), kept across the chunks a process
    scores: plans implementing one guideline repeat its groups. At most `MEMO_MAX` entries
    (`pairing.cover_chunk` starts again beyond); it travels empty (pickled without its
    entries, with its `coverage.GuidelineIndex`)."""

    def __reduce__(self):
        return (Memo, ())


MEMO_MAX = 200_000


@dataclass(frozen=True)
class Guide:
    """A guideline as the workers need it: id, title, its doc-number key, its index."""

    id: str
    title: str
    doc_number: str | None
    index: Any                      # coverage.GuidelineIndex

    @property
    def key(self) -> str | None:
        return doc_key(self.doc_number) if self.doc_number else None


@dataclass(frozen=True)
class Job:
    """What every chunk of a run shares (sent once to each worker)."""

    guides: tuple[Guide, ...]
    score_cutoff: float
    route_cutoff: float = ROUTE_CUTOFF
    skip_invalid: bool = False
    output: str | None = None       # the run's (temporary) Parquet directory
    agencies: tuple[Any, str | None] | None = None   # (registry, region), as corpus takes


@dataclass
class ChunkResult:
    """What a chunk sends back: its number; per plan read, in input order, (id, file label,
    None) or (None, label, error) — a chunk stops at its first bad plan unless skipping —;
    and either ``rows`` (per guideline position: plan tuples) and ``unrouted`` plans, or
    (with ``--output``, rows written) ``counts``."""

    k: int
    order: list[tuple[str | None, str | None, Any]] = field(default_factory=list)
    rows: dict[int, list[tuple]] = field(default_factory=dict)
    unrouted: list[tuple[str, str, str | None]] = field(default_factory=list)
    counts: dict[int, list[tuple]] = field(default_factory=dict)


def run_chunk(k: int, unit, job: Job, *, threads: int = 1, own: bool = True
              ) -> ChunkResult:
    """Read, check, route, score (and write, when ``job.output``) chunk ``k``. ``own``: this
    is a worker process, whose garbage collector is paused meanwhile and restored only once
    the chunk's objects are gone (restored earlier, its first collection would walk every
    object of the chunk still alive: ≈ 50 ms a 500-plan chunk)."""
    from ..files import collector_paused

    with collector_paused() if own else nullcontext():
        return _run_chunk(k, unit, job, threads)


def _run_chunk(k: int, unit, job: Job, threads: int) -> ChunkResult:
    from .counts import CANONICAL, agency_counts
    from .run import _duplicate
    from .sources import read_unit

    out = ChunkResult(k)
    plans: list[tuple[Any, str | None]] = []
    first: dict[str, str] = {}
    for plan, label, error in read_unit(unit):
        if error is None and plan.id in first:  # repeated within the chunk
            line = _duplicate(plan.id, label, first).line()
            error = (line, (line,))
        out.order.append((None if error else plan.id, label, error))
        if error is not None:
            if not job.skip_invalid:
                return out
            continue
        first[plan.id] = label or "another plan"
        plans.append((plan, label))
    if not plans:
        return out
    routed = route([p for p, _ in plans], job, threads)
    if sum(map(len, CANONICAL.values())) > 200_000:
        CANONICAL.clear()
    agencies = [agency_counts(p, CANONICAL, _light(p), job.agencies) for p, _ in plans]
    for g, entries in routed.items():
        out.rows[g] = [_plan_tuple(plans[pos], cover, agencies[pos], how)
                       for pos, how, cover in entries]
    out.unrouted = [(plans[pos][0].id, plans[pos][0].title, plans[pos][1])
                    for pos in _unrouted(len(plans), routed)]
    if job.output is not None:
        from .parquet import write_chunk

        out.counts = write_chunk(job, k, out.rows, out.unrouted)
        out.rows, out.unrouted = {}, [(u[0], "", None) for u in out.unrouted]
    return out


def _light(plan) -> Plan:
    """What agency resolution reads of a plan (id, meta, abbreviations), as a `Plan`."""
    if isinstance(plan, Plan):
        return plan
    return Plan(id=plan.id, meta=plan.meta, abbreviations=plan.abbreviations)


def _plan_tuple(entry, cover, agencies, how: str) -> tuple:
    plan, label = entry
    ntasks = sum(len(i.tasks) for s in plan.sections for i in s.items)
    return (plan.id, plan.title, label, ntasks, cover.rows, cover.covered, cover.retained,
            cover.local, agencies, how)


def _unrouted(n: int, routed: dict[int, list]) -> list[int]:
    seen = {pos for entries in routed.values() for pos, _, _ in entries}
    return [pos for pos in range(n) if pos not in seen]


def route(plans: Sequence[Any], job: Job, threads: int = 1) -> dict[int, list]:
    """Per guideline position: (plan position, routed_by, `pairing.PlanCover`), plans in
    input order."""
    from .pairing import cover_chunk

    guides = job.guides
    cited: dict[int, list[tuple[int, str]]] = {g: [] for g in range(len(guides))}
    keys = {g.key: k for k, g in enumerate(guides) if g.key}
    loose: list[int] = []
    for pos, plan in enumerate(plans):
        hits = sorted({keys[c] for c in map(doc_key, _implements(plan)) if c in keys})
        if len(guides) == 1:
            cited[0].append((pos, "citation" if hits else "given"))
        elif hits:
            for g in hits:
                cited[g].append((pos, "citation"))
        else:
            loose.append(pos)
    out: dict[int, list] = {}
    best: dict[int, tuple[tuple[float, float, float], int, Any]] = {}
    plan_share = max(PLAN_SHARE, job.route_cutoff / 100)
    folds: dict = {}   # the chunk's texts folded once, for every guideline
    for g, guide in enumerate(guides):
        todo = [pos for pos, _ in cited[g]] + loose
        if not todo:
            continue
        covers = cover_chunk([plans[p] for p in todo], guide.index,
                             score_cutoff=job.score_cutoff, workers=threads, folds=folds)
        entries = [(pos, how, cover) for (pos, how), cover in zip(cited[g], covers[:len(cited[g])],
                                                           strict=True)]
        out[g] = entries
        for pos, cover in zip(loose, covers[len(cited[g]):], strict=True):
            closeness, carried = _carried(plans[pos], cover)
            rank = (closeness, carried, cover.retained)
            if (100 * cover.retained >= job.route_cutoff or carried >= plan_share) and (
                    pos not in best or rank > best[pos][0]):
                best[pos] = (rank, g, cover)
    for pos in loose:
        if pos in best:
            _, g, cover = best[pos]
            out.setdefault(g, []).append((pos, "similarity", cover))
    for entries in out.values():
        entries.sort(key=lambda e: e[0])
    return {g: e for g, e in out.items() if e}


def _carried(plan, cover) -> tuple[float, float]:
    """The plan's tasks (of task sections) that carry a guideline task with a score of at
    least `STRONG_PAIR`: their best scores summed (over 100 × the plan's tasks: 0–1), and
    their share of the plan's tasks (0–1)."""
    n = sum(len(i.tasks) for s in plan.sections if section_kind(s) == "tasks"
            for i in s.items)
    if not n:
        return 0.0, 0.0
    strong: dict[str, float] = {}
    for tasks, score, _ in cover.rows:
        if score is not None and score >= STRONG_PAIR:
            for t in tasks:
                if score > strong.get(t, 0.0):
                    strong[t] = score
    return sum(strong.values()) / 100 / n, len(strong) / n


def _implements(plan) -> list[str]:
    found = plan.meta.get("implements") if plan.meta else None
    return [x for x in found if isinstance(x, str)] if isinstance(found, list) else []


__all__ = ["MEMO_MAX", "PLAN_SHARE", "ROUTE_CUTOFF", "STRONG_PAIR", "Guide", "Job", "ChunkResult",
           "Memo", "doc_key", "route", "run_chunk"]
