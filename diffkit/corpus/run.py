"""Many plans against one guideline, or routed among several: which guideline tasks each plan
keeps, how faithfully, and which agencies carry them — on this machine's cores, or on a Dask
cluster when one machine is not enough.

`corpus(plans, guideline)` cuts the input into chunks (`sources.plan_units`: plan files,
byte ranges of JSON Lines, slices of Parquet; only where each chunk begins is found here),
and each chunk is read, checked (`records`: typed decoding with msgspec), routed, scored
(`pairing.cover_chunk`: ``cdist`` over the chunk's distinct task texts, clause coverage
with NumPy, the same decisions as ``diffkit compare A B --guideline G``) and, for
``output``, written as Parquet (`parquet`) by whoever computes it (`chunk.run_chunk`): the
``local`` engine's processes (`local`: worker processes and this one) or Dask workers
(`distributed`). This process gathers the results in input order (`gather`). Every
engine, chunk size and number of workers gives the same results.

Without ``output`` the result is a `Corpus` (one guideline: the JSON contract
``diffkit.corpus/1``, a terminal table, CSV, DataFrames and a workbook) or a `CorpusSet`
(several guidelines); with it, a `CorpusOutput` (the directory and its summary).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..align import assign as _align
from ..compare import Status
from ..errors import InputError
from ..files import collector_paused
from ..model import Plan
from .chunk import ROUTE_CUTOFF
from .gather import CorpusOutput, Vetting, in_order
from .sources import Source, plan_files, read_guidelines

if TYPE_CHECKING:  # coverage.py needs NumPy: imported when a corpus is run, not with diffkit
    from .coverage import GuidelineIndex


FORMAT = "diffkit.corpus/1"
ENGINES = ("local", "dask")
CHUNK_SIZE = 500            # plans per chunk: bounds memory (tens of MB of matrices per chunk)
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
    fidelity); ``added`` counts its local additions; ``lead``/``participants``/``responsible``
    count assignments (``responsible``: units named with no lead/participant distinction,
    责任单位, that neither lead nor join the task) and ``agencies`` distinct canonical
    agencies."""

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
    responsible: int
    agencies: int
    routed_by: str | None = None  # with several guidelines: citation or similarity

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "tasks": self.tasks, "coverage": self.coverage,
               "added": self.added, "title": self.title, "file": self.file,
               "covered": self.covered, "retained": self.retained}
        out.update(zip(STATUSES, self.statuses, strict=True))
        out.update(lead=self.lead, participants=self.participants,
                   responsible=self.responsible, agencies=self.agencies)
        if self.routed_by is not None:
            out["routed_by"] = self.routed_by
        return out


class AgencyCount(NamedTuple):
    """How many tasks of one plan a canonical agency leads, takes part in, and is named
    responsible for with no lead/participant distinction (责任单位)."""

    agency: str
    plan: str
    lead: int
    participants: int
    responsible: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "plan": self.plan, "lead": self.lead,
                "participants": self.participants, "responsible": self.responsible}


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






@dataclass(frozen=True)
class CorpusSet:
    """The result of `corpus` with several guidelines (and no ``output``): one `Corpus` per
    guideline (the plans routed to it; `PlanSummary.routed_by` says how), in the order
    given, and the plans routed to none (``(id, title, file)``)."""

    corpora: tuple[Corpus, ...] = field(repr=False)
    unrouted: tuple[tuple[str, str, str | None], ...] = field(repr=False)
    skipped: tuple[Skipped, ...] = ()
    score_cutoff: float = _align.SCORE_CUTOFF
    route_cutoff: float = ROUTE_CUTOFF

    def to_dict(self) -> dict[str, Any]:
        """``diffkit.corpus/1`` for several guidelines: ``guidelines`` instead of
        ``guideline``; plan, coverage and agency rows carry ``guideline_id``, plan rows
        ``routed_by``; ``unrouted`` lists the plans routed to none."""
        from .report import corpus_set_dict
        return corpus_set_dict(self)

    def to_json(self) -> str:
        from ..report.render import json_text
        return json_text(self.to_dict())

    def __repr__(self) -> str:
        counts = ", ".join(f"{c.guideline.id}: {len(c.plans)}" for c in self.corpora)
        return f"<CorpusSet {counts}; unrouted: {len(self.unrouted)}>"


# -- the run ---------------------------------------------------------------------------------
def corpus(plans: Iterable[Source] | Source, guideline: Source | Sequence[Source], *,
           engine: str = "local", scheduler: Any = None, workers: int | None = None,
           score_cutoff: float = _align.SCORE_CUTOFF, skip_invalid: bool = False,
           progress: bool | None = None, chunk_size: int | None = None,
           output: str | os.PathLike | None = None, route_cutoff: float = ROUTE_CUTOFF,
           note: Callable[[str], None] | None = None, registry: Any = None,
           region: str | None = None) -> Corpus | CorpusSet | CorpusOutput:
    """Compare many plans with one guideline, or route them among several.

    ``plans``: `Plan` objects, mappings, or paths — plan files, directories (their
    ``*.json``, recursively), glob patterns, JSON Lines (``.jsonl``; ``-`` for standard
    input), Parquet of plans (``.parquet``, a string column ``plan``). ``guideline``: a plan
    (level ``national``) in any of those forms, a list of them, or a directory. With
    several, each plan goes to the guideline(s) its ``meta.implements`` cites, else to the
    one it follows most closely (its strong pairs' scores summed) of those whose text it
    retains at least ``route_cutoff`` (0–100) of or that carry half of its tasks in strong
    pairs (`chunk.route`), else nowhere.
    ``engine``: ``"local"`` (``workers`` processes on this machine score, this one and
    worker processes, default one per CPU; one chunk or ``workers=1`` runs here; the
    workers wait `local.IDLE` seconds for a next call with the same guidelines and
    options, ``diffkit.corpus.local.shutdown()`` ends them at once) or
    ``"dask"`` (``scheduler``: an address, a `distributed.Client`, or None for a new
    `distributed.LocalCluster`). Each chunk of at most ``chunk_size`` plans (default
    `CHUNK_SIZE`; a short list of plans run locally without ``output``: smaller,
    `local.chunk_size`) is read, checked and scored where it is computed.
    ``output``: a new directory for Parquet, written chunk by chunk by the workers (then
    a `CorpusOutput` comes back, and memory here does not grow with the corpus); without
    it a `Corpus` (one guideline) or `CorpusSet` (several). A bad plan or a repeated id
    stops the run with its error (nothing is written), unless ``skip_invalid``.
    ``score_cutoff`` is `compare`'s; ``progress`` None shows a bar on stderr when it is a
    terminal; ``note`` receives lines for the user (plan files found in a directory).
    ``registry`` and ``region`` are `compare`'s: the agency registry (default: the shipped
    one) and the region of a plan that names none; each plan's agencies are read in its own
    region and level (both travel to the workers with the guidelines)."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}", place="engine",
                         fix=f"choose one of {', '.join(ENGINES)}")
    if chunk_size is not None and chunk_size < 1:
        raise InputError("chunk_size must be at least 1", place="chunk_size")
    if engine == "local":  # first: the workers' imports then overlap this process's own
        from . import local
        local.warm_up(workers, output=output is not None)
        if chunk_size is None and output is None:
            chunk_size = local.chunk_size(plans, workers, CHUNK_SIZE)
    chunk_size = chunk_size or CHUNK_SIZE
    from .chunk import Guide, Job
    from .coverage import GuidelineIndex  # (NumPy)
    guides = read_guidelines(guideline)
    job = Job(tuple(Guide(g.id, g.title, g.meta.get("doc_number"), GuidelineIndex.of(g))
                    for g in guides), score_cutoff, route_cutoff, skip_invalid,
              agencies=None if registry is None and region is None else (registry, region))
    # A local run makes no reference cycles here (packed chunks, the results the pool's
    # thread unpickles, the result objects): collections meanwhile would only walk them, and
    # all the caller's objects (its plans), again and again — most of this process's time
    # at 10,000 plans. The collector is paused for the run and restored after (a Dask
    # client's threads keep it: they live on after the run).
    with collector_paused(settle=True) if engine == "local" else nullcontext():
        if output is not None:
            return _to_parquet(plans, job, output, engine, scheduler, workers, chunk_size,
                               progress, note)
        corpora, unrouted, skipped = _gathered(plans, job, guides, engine, scheduler, workers,
                                               chunk_size, progress, note)
    if len(guides) == 1:
        return corpora[0]
    return CorpusSet(corpora, tuple(unrouted), skipped, score_cutoff, route_cutoff)


def _gathered(plans, job, guides, engine, scheduler, workers, chunk_size, progress, note
              ) -> tuple[tuple[Corpus, ...], list, tuple]:
    """The corpora of a run without ``--output``: one per guideline, the unrouted plans
    and the skipped ones."""
    vet = Vetting(job.skip_invalid)
    parts: list[list] = [[] for _ in guides]
    unrouted: list = []
    results = _results(plans, job, engine, scheduler, workers, chunk_size, note)
    with closing(results), _progress_bar(progress) as bar:  # closed: its workers end now
        for r, drop in in_order(results, vet, bar):
            for g, rows in r.rows.items():
                parts[g] += (_result(t, job.guides[g].index, len(guides) > 1)
                             for t in rows if t[0] not in drop)
            unrouted += (u for u in r.unrouted if u[0] not in drop)
    skipped = tuple(Skipped(f, why) for f, why in vet.skipped)
    return tuple(_corpus_of(g, part, skipped, job.score_cutoff)
                 for g, part in zip(guides, parts, strict=True)), unrouted, skipped


def _corpus_of(g: Plan, part: list, skipped, score_cutoff: float) -> Corpus:
    rows: list = []
    agencies: list = []
    for _, plan_rows, plan_agencies in part:
        rows.extend(plan_rows)
        agencies.extend(plan_agencies)
    return Corpus(g, tuple(p for p, _, _ in part), tuple(rows), tuple(agencies), skipped,
                  score_cutoff)


def _results(plans, job, engine, scheduler, workers, chunk_size, note) -> Iterator:
    """Every chunk's `chunk.ChunkResult`, in input order, from the engine."""
    from .sources import plan_units

    units = plan_units(plans, chunk_size, note=note)
    if engine == "dask":
        from .distributed import run_dask
        return run_dask(units, job, scheduler, workers)
    from .local import run_local
    return run_local(units, job, workers)


def _to_parquet(plans, job, output, engine, scheduler, workers, chunk_size, progress,
                note) -> CorpusOutput:
    from dataclasses import replace

    from . import gather
    from .parquet import drop_plans

    final, tmp = gather.prepare_output(output)
    try:
        job = replace(job, output=str(tmp))
        vet, totals = Vetting(job.skip_invalid, compact=True), gather.Totals()
        results = _results(plans, job, engine, scheduler, workers, chunk_size, note)
        with closing(results), _progress_bar(progress) as bar:
            for r, drop in in_order(results, vet, bar):
                totals.add(r, drop)
        if totals.drops:
            drop_plans(str(tmp), totals.drops)
        data = gather.summary(job, totals, vet, chunk_size=chunk_size)
        gather.write_summary(tmp, data)
        gather.finish_output(tmp, final)
    except BaseException:
        gather.discard_output(tmp)
        raise
    return CorpusOutput(final, data)


Result = tuple[PlanSummary, tuple[CoverageRow, ...], tuple[AgencyCount, ...]]


def score_chunk(chunk: Sequence[tuple[Plan, str | None]], index: GuidelineIndex, *,
                score_cutoff: float = _align.SCORE_CUTOFF, workers: int = -1,
                agencies: tuple[Any, str | None] | None = None) -> list[Result]:
    """The results of one chunk of (plan, file) pairs against one guideline index;
    ``agencies`` is (registry, region) as `corpus` takes them."""
    from .counts import CANONICAL, agency_counts
    from .pairing import cover_chunk

    plans = [p for p, _ in chunk]
    covers = cover_chunk(plans, index, score_cutoff=score_cutoff, workers=workers)
    return [_result((p.id, p.title, f, sum(len(i.tasks) for s in p.sections for i in s.items),
                     c.rows, c.covered, c.retained, c.local,
                     agency_counts(p, CANONICAL, p, agencies), None), index, False)
            for (p, f), c in zip(chunk, covers, strict=True)]


_STATUS = {s.value: s for s in Status}
_new = tuple.__new__  # builds a named tuple from a tuple without its Python-level __new__
_REMOVED = STATUSES.index("removed")


def _result(t: tuple, index: GuidelineIndex, routed: bool) -> Result:
    """The result objects of one plan tuple (`chunk._plan_tuple`); ``routed``: keep how
    the plan was routed (several guidelines)."""
    pid, title, file, ntasks, cover_rows, covered, retained, local, agencies, how = t
    tasks, scores, statuses = zip(*cover_rows, strict=True)
    rows = tuple(map(_new, repeat(CoverageRow), zip(repeat(pid), index.ids, tasks, scores,
                                                    map(_STATUS.__getitem__, statuses))))
    counts = tuple(map(statuses.count, STATUSES))   # (a tuple's count: a C loop each)
    names, leads, parts, resp = zip(*agencies, strict=True) if agencies else ((), (), (), ())
    summary = PlanSummary(
        pid, title, file, ntasks, len(index) - counts[_REMOVED], covered, retained, local,
        counts, sum(leads), sum(parts), sum(resp), len(agencies), how if routed else None)
    return summary, rows, tuple(map(_new, repeat(AgencyCount),
                                    zip(names, repeat(pid), leads, parts, resp)))


def _duplicate(plan_id: str, file: str | None, seen: Mapping[str, str]) -> InputError:
    return InputError(f"plan id {plan_id!r} is already used by {seen[plan_id]}",
                      file=f"plan {file or plan_id}", fix="give every plan of a corpus its own id")


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def _progress_bar(progress: bool | None, total: int | None = None):
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


__all__ = ["FORMAT", "ENGINES", "Corpus", "CorpusSet", "CorpusOutput", "CoverageRow",
           "PlanSummary", "AgencyCount", "Skipped", "corpus", "plan_files", "read_guidelines",
           "score_chunk"]
