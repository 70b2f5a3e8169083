"""Many plans against one guideline: which guideline tasks each plan keeps, how faithfully,
and which agencies carry them — in-process, or on a Dask cluster when one machine is not
enough.

`corpus(plans, guideline)` reads and checks every plan first (one bad plan stops the run
before any work, unless ``skip_invalid``), then cuts the plans into chunks. Each chunk is
aligned with the guideline as a whole (`pairing.cover_chunk`: `rapidfuzz` ``cdist`` over
all the chunk's distinct task texts, clause coverage with NumPy), with the same decisions as
``diffkit compare A B --guideline G``. The ``local`` engine (corpus_local.py) scores the
chunks in this process and in forked ones, one per core (the plans are inherited, not sent;
plain tuples come back and the result objects are built here); the ``dask`` engine
(corpus_dask.py) sends them to a Dask distributed scheduler (or to a
`distributed.LocalCluster` it starts). Both give identical results, and so do all chunk
sizes and numbers of workers. Dask is imported only for the ``dask`` engine:
``pip install -e '.[dask]'``.

The result is a `Corpus` that renders as the JSON contract ``diffkit.corpus/1``, a terminal
table, CSV (one coverage row per plan and guideline task), DataFrames and a workbook.
"""

from __future__ import annotations

import gc
import glob
import operator
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..agencies import resolution as _agencies
from ..align import assign as _align
from ..compare import Status, read_plan
from ..errors import DiffkitError, InputError
from ..model import Plan, sections_of_kind
from ..normalize import nfkc, to_simplified

if TYPE_CHECKING:  # coverage.py needs NumPy: imported when a corpus is run, not with diffkit
    from .coverage import GuidelineIndex
    from .pairing import PlanCover


FORMAT = "diffkit.corpus/1"
ENGINES = ("local", "dask")
CHUNK_SIZE = 200            # plans per chunk: bounds memory (a few MB of matrices per chunk)
CONNECT_TIMEOUT = 3         # seconds to wait for a Dask scheduler
STATUSES = ("unchanged", "reworded", "split", "merged", "removed")


# -- results ---------------------------------------------------------------------------------
class CoverageRow(NamedTuple):
    """How one plan carries one guideline task: the plan's task ids (empty when it does not
    cover it), the similarity (0–100, None when uncovered) and the status. (A named tuple:
    a corpus holds one per plan and guideline task, and tuples are made fast.)"""

    plan: str
    guideline: str
    tasks: tuple[str, ...]
    score: float | None
    status: Status

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "guideline": self.guideline, "tasks": list(self.tasks),
                "score": self.score, "status": self.status.value}


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """One plan's fidelity to the guideline. ``coverage`` is the share of guideline tasks it
    covers and ``retained`` the share of guideline text found in it (0–1, as `compare`'s
    fidelity); ``added`` counts its local additions; ``lead``/``participants`` count
    assignments and ``agencies`` distinct canonical agencies."""

    id: str
    title: str
    file: str | None
    tasks: int
    covered: int
    coverage: float
    retained: float
    added: int
    statuses: tuple[int, ...]     # guideline tasks per status, in the order of STATUSES
    lead: int
    participants: int
    agencies: int

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "tasks": self.tasks, "coverage": self.coverage,
               "added": self.added, "title": self.title, "file": self.file,
               "covered": self.covered, "retained": self.retained}
        out.update(zip(STATUSES, self.statuses, strict=True))
        out.update(lead=self.lead, participants=self.participants, agencies=self.agencies)
        return out


class AgencyCount(NamedTuple):
    """How many tasks of one plan a canonical agency leads and takes part in."""

    agency: str
    plan: str
    lead: int
    participants: int

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "plan": self.plan, "lead": self.lead,
                "participants": self.participants}


@dataclass(frozen=True, slots=True)
class Skipped:
    """A plan left out with ``skip_invalid``, and why."""

    file: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """The result of `corpus`: per-plan fidelity, one coverage row per plan and guideline
    task (plans in input order, guideline tasks in document order), agency counts."""

    guideline: Plan = field(repr=False)
    plans: tuple[PlanSummary, ...] = field(repr=False)
    coverage: tuple[CoverageRow, ...] = field(repr=False)
    agencies: tuple[AgencyCount, ...] = field(repr=False)
    skipped: tuple[Skipped, ...] = ()
    score_cutoff: float = _align.SCORE_CUTOFF

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract ``diffkit.corpus/1`` (extra keys after the contract's own)."""
        g = self.guideline
        return {"format": FORMAT,
                "guideline": {"id": g.id, "title": g.title, "tasks": len(g.refs)},
                "plans": [p.to_dict() for p in self.plans],
                "coverage": [r.to_dict() for r in self.coverage],
                "score_cutoff": self.score_cutoff,
                "agencies": [a.to_dict() for a in self.agencies],
                "skipped": [{"file": s.file, "reason": s.reason} for s in self.skipped]}

    def to_json(self) -> str:
        """``to_dict()`` as deterministic JSON text (`render.json_text`'s)."""
        from .report import corpus_json
        return corpus_json(self)

    def coverage_frame(self):
        """One row per plan and guideline task (pandas DataFrame)."""
        from ..report.frame import corpus_coverage_frame
        return corpus_coverage_frame(self)

    def plans_frame(self):
        """One row per plan with its fidelity figures (pandas DataFrame)."""
        from ..report.frame import corpus_plans_frame
        return corpus_plans_frame(self)

    def agencies_frame(self):
        """One row per canonical agency and plan: lead and participant counts."""
        from ..report.frame import corpus_agencies_frame
        return corpus_agencies_frame(self)

    def to_html(self, path: str | os.PathLike | None = None) -> Path | str:
        """The corpus as one self-contained web page (no network), with filters; written
        to ``path`` (parent folders created) and its path returned, else its text."""
        from ..report.html import write_page
        from .report import corpus_page
        text = corpus_page(self)
        return text if path is None else write_page(path, text)

    def __repr__(self) -> str:
        mean = sum(p.coverage for p in self.plans) / (len(self.plans) or 1)
        return (f"<Corpus {len(self.plans)} plans against {self.guideline.id!r} "
                f"({len(self.guideline.refs)} tasks): mean coverage {mean:.1%}>")

    def _repr_html_(self) -> str:
        from .report import corpus_html
        return corpus_html(self)


# -- inputs ----------------------------------------------------------------------------------
def plan_files(patterns: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand files, directories (their ``*.json``) and glob patterns into plan paths, in
    the order given (sorted within a directory or pattern), without repeats. A pattern or
    directory that matches nothing is an error."""
    out: dict[Path, None] = {}
    for raw in patterns:
        text = os.fspath(raw)
        p = Path(text)
        if p.is_dir():
            found = sorted(q for q in p.glob("*.json") if q.is_file())
            if not found:
                raise InputError("no *.json plan files in this directory", file=p,
                                 fix="give plan JSON files, or run `diffkit parse` first")
        elif not p.exists() and glob.has_magic(text):
            found = []
            for m in sorted(glob.glob(text, recursive=True)):
                q = Path(m)
                found += sorted(q.glob("*.json")) if q.is_dir() else [q]
            if not found:
                raise InputError("no files match this pattern", file=text,
                                 fix="check the pattern (quote it to let diffkit expand it)")
        else:
            found = [p]
        out.update(dict.fromkeys(found))
    return list(out)


Source = Plan | Mapping[str, Any] | str | os.PathLike


def read_plans(plans: Iterable[Source], *, skip_invalid: bool = False
               ) -> tuple[list[tuple[Plan, str | None]], list[Skipped]]:
    """Every plan with the file it came from, before any work: paths are expanded
    (`plan_files`) and read and checked. A bad plan or a repeated plan id raises, naming
    the file; with ``skip_invalid`` it is listed in the second value instead."""
    loaded: list[tuple[Plan, str | None]] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for source in _sources(plans):
        file = None if isinstance(source, (Plan, Mapping)) else os.fspath(source)
        try:
            plan = read_plan(source, argument="plan")
            if plan.id in seen:
                raise _duplicate(plan.id, file, seen)
        except DiffkitError as exc:
            if not skip_invalid:
                raise
            skipped.append(Skipped(file or "<plan>", exc.line()))
            continue
        seen[plan.id] = file or "another plan"
        loaded.append((plan, file))
    if not loaded:
        raise InputError("no valid plans to compare" if skipped else "no plans given",
                         fix="give plan JSON files, directories or glob patterns")
    return loaded, skipped


def _duplicate(plan_id: str, file: str | None, seen: Mapping[str, str]) -> InputError:
    return InputError(f"plan id {plan_id!r} is already used by {seen[plan_id]}",
                      file=f"plan {file or plan_id}", fix="give every plan of a corpus its own id")


def _sources(plans: Iterable[Source]) -> Iterator[Source]:
    if isinstance(plans, (str, os.PathLike, Plan, Mapping)):
        plans = [plans]
    paths: list[str | os.PathLike] = []
    for item in plans:
        if isinstance(item, (str, os.PathLike)):
            paths.append(item)
            continue
        yield from plan_files(paths)
        paths = []
        yield item
    yield from plan_files(paths)


# -- the run ---------------------------------------------------------------------------------
def corpus(plans: Iterable[Source] | Source, guideline: Source, *, engine: str = "local",
           scheduler: Any = None, workers: int | None = None,
           score_cutoff: float = _align.SCORE_CUTOFF, skip_invalid: bool = False,
           progress: bool | None = None, chunk_size: int = CHUNK_SIZE, registry: Any = None,
           region: str | None = None) -> Corpus:
    """Compare many plans with one guideline.

    ``plans``: `Plan` objects, mappings, or paths — files, directories (their ``*.json``) and
    glob patterns. ``guideline``: a plan (level ``national``) in any of those forms.
    ``engine``: ``"local"`` (this machine: chunks are scored in ``workers`` processes,
    this one and forked ones, default one per core; ``workers=1`` (one core), a single
    chunk, or a system without ``fork`` runs them all here) or ``"dask"``
    (``scheduler`` is an address such as ``tcp://host:8786``, a `distributed.Client`, or
    None to start a `distributed.LocalCluster` with ``workers`` processes).
    ``score_cutoff`` is `compare`'s; ``progress`` None shows a bar on stderr when it is a
    terminal. At most ``chunk_size`` plans are aligned per matrix (with several processes
    the local engine's chunks shrink towards the end, so that they finish together);
    results do not depend on it, nor on ``workers``. ``registry`` and ``region`` are
    `compare`'s: the agency registry (default: the shipped one) and the region of a plan that
    names none; each plan's agencies are read in its own region and level."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}", place="engine",
                         fix=f"choose one of {', '.join(ENGINES)}")
    if chunk_size < 1:
        raise InputError("chunk_size must be at least 1", place="chunk_size")
    g = sections_of_kind(read_plan(guideline, argument="guideline"), "tasks")  # no 总体要求
    if not g.refs:
        raise InputError("the guideline has no tasks", file=f"guideline {g.id}",
                         fix="give a guideline plan with tasks")
    agencies = None if registry is None and region is None else (registry, region)
    return _run(plans, g, engine, scheduler, workers, score_cutoff, skip_invalid, progress,
                chunk_size, agencies)


@contextmanager
def collector_paused():
    """Pause the cyclic garbage collector (and restore it after) in a process diffkit owns:
    the `diffkit corpus` command with the local engine, and Dask workers while they score a
    chunk. A run makes no reference cycles, but it makes millions of objects, and each full
    collection would walk all of them and every plan (≈15% of the run's time at 1,000 plans).
    The library call `corpus()` leaves the collector alone: the caller's process (a notebook
    kernel and its threads) is not ours to change."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(plans, g, engine, scheduler, workers, score_cutoff, skip_invalid, progress,
         chunk_size, agencies=None) -> Corpus:
    from .coverage import GuidelineIndex

    index = GuidelineIndex.of(g)
    if engine == "dask":  # plans are read on the workers: the client never holds them
        from .distributed import run_dask

        results, skipped = run_dask(list(_sources(plans)), index, score_cutoff, scheduler,
                                    workers, chunk_size, skip_invalid, progress, agencies)
    else:
        from .local import run_local

        loaded, skipped = read_plans(plans, skip_invalid=skip_invalid)
        with _progress_bar(len(loaded), progress) as bar:
            results = run_local(loaded, index, score_cutoff, workers, chunk_size, bar, agencies)
    summaries, rows, agencies = [], [], []
    for part in results:
        for summary, plan_rows, plan_agencies in part:
            summaries.append(summary)
            rows.extend(plan_rows)
            agencies.extend(plan_agencies)
    return Corpus(g, tuple(summaries), tuple(rows), tuple(agencies), tuple(skipped),
                  score_cutoff)


Result = tuple[PlanSummary, tuple[CoverageRow, ...], tuple[AgencyCount, ...]]


def score_chunk(chunk: Sequence[tuple[Plan, str | None]], index: GuidelineIndex, *,
                score_cutoff: float = _align.SCORE_CUTOFF, workers: int = -1,
                agencies: tuple[Any, str | None] | None = None) -> list[Result]:
    """The results of one chunk of (plan, file) pairs (what a Dask worker runs);
    ``agencies`` is (registry, region) as `corpus` takes them."""
    return _expand(chunk, _score([p for p, _ in chunk], index, score_cutoff, workers,
                                 agencies), index)


def _score(plans: list[Plan], index: GuidelineIndex, score_cutoff: float, workers: int,
           agencies: tuple[Any, str | None] | None = None
           ) -> list[tuple[PlanCover, tuple[tuple[str, int, int], ...]]]:
    """The work of a chunk, as plain tuples (they pickle fast, from a pool worker): per plan
    its coverage and its (agency, lead, participants) counts."""
    from .pairing import cover_chunk

    covers = cover_chunk(plans, index, score_cutoff=score_cutoff, workers=workers)
    if sum(map(len, _CANONICAL.values())) > 200_000:
        _CANONICAL.clear()
    return [(cover, _agency_counts(plan, _CANONICAL, agencies))
            for plan, cover in zip(plans, covers, strict=True)]


def _expand(chunk, scored, index: GuidelineIndex) -> list[Result]:
    return [_result(plan, file, cover, agencies, index)
            for (plan, file), (cover, agencies) in zip(chunk, scored, strict=True)]


_STATUS = {s.value: s for s in Status}
_new = tuple.__new__  # builds a named tuple from a tuple without its Python-level __new__
_CANONICAL: dict = {}   # plan abbreviations → name (or tuple of names) → canonical agencies


def _result(plan: Plan, file: str | None, cover: PlanCover, agencies, index: GuidelineIndex
            ) -> Result:
    pid = plan.id
    tasks, scores, statuses = zip(*cover.rows, strict=True)
    rows = tuple(map(_new, repeat(CoverageRow), zip(repeat(pid), index.ids, tasks, scores,
                                                    map(_STATUS.__getitem__, statuses))))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(Counter(statuses))
    summary = PlanSummary(
        pid, plan.title, file, sum(len(i.tasks) for s in plan.sections for i in s.items),
        len(index) - counts["removed"],
        cover.covered, cover.retained, cover.local, tuple(counts.values()),
        sum(a[1] for a in agencies), sum(a[2] for a in agencies), len(agencies))
    return summary, rows, tuple(_new(AgencyCount, (a, pid, n, m)) for a, n, m in agencies)


def _agency_counts(plan: Plan, cache: dict, agencies: tuple[Any, str | None] | None = None
                   ) -> tuple[tuple[str, int, int], ...]:
    """(canonical agency, lead count, participant count) per agency of the plan
    (`agencies.canonical_names`), in order of first mention. ``cache`` keeps the canonical
    agencies of each name and each tuple of names as written, per set of plan
    abbreviations."""
    registry, region = agencies or (None, None)
    meta = plan.meta or {}
    # names read alike in plans of one region and level, abbreviations, registry
    key = (tuple(sorted(plan.abbreviations.items())) if plan.abbreviations else (),
           meta.get("region"), meta.get("level"), meta.get("issuer"), region,
           registry.files if registry is not None else None)
    table = cache.get(key)
    if table is None:
        table = cache[key] = {}
    leads: list[tuple[str, ...]] = []
    mentions: list[tuple[str, ...]] = []

    def canonical(names: tuple[str, ...]) -> tuple[str, ...]:
        found = table.get(names)
        if found is None:
            found = table[names] = _canonical(names, plan, table, registry, region)
        return found

    for section in plan.sections:
        for item in section.items:
            for task in item.tasks:
                if task.lead:
                    found = canonical(task.lead)
                    leads.append(found)
                    mentions.append(found)
                if task.participants:
                    mentions.append(canonical(task.participants))
    lead = Counter(chain.from_iterable(leads))
    both = Counter(chain.from_iterable(mentions))
    leading = list(map(lead.get, both, repeat(0)))
    return tuple(zip(both, leading, map(operator.sub, both.values(), leading), strict=True))


def _canonical(names: tuple[str, ...], plan: Plan, known: dict, registry: Any = None,
               region: str | None = None) -> tuple[str, ...]:
    """Canonical agencies of names as written, as `compare` resolves them (name by name,
    in Simplified script), de-duplicated in order; ``known`` keeps each name's."""
    out: dict[str, None] = {}
    for name in names:
        found = known.get(name)
        if found is None:
            found = known[name] = _agencies.canonical_names(
                [to_simplified(nfkc(name))], plan=plan, registry=registry,
                region=_agencies.where(plan, region=region).region
                if region is not None and not (plan.meta or {}).get("region") else None)
        out.update(dict.fromkeys(found))
    return tuple(out)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def _progress_bar(total: int, progress: bool | None):
    """A tqdm bar on stderr when asked, or (None) when stderr is a terminal."""
    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return _NoBar()
    return tqdm(total=total, unit="plan", file=sys.stderr, desc="diffkit corpus",
                leave=False, dynamic_ncols=True)


__all__ = ["FORMAT", "ENGINES", "Corpus", "CoverageRow", "PlanSummary", "AgencyCount",
           "Skipped", "corpus", "plan_files", "read_plans", "score_chunk"]
