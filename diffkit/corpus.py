"""Many plans against one guideline: which guideline tasks each plan keeps, how faithfully,
and which agencies carry them — in-process, or on a Dask cluster when one machine is not
enough.

`corpus(plans, guideline)` reads and checks every plan first (one bad plan stops the run
before any work, unless ``skip_invalid``), then cuts the plans into chunks. Each chunk is
aligned with the guideline as a whole (`coverage.cover_chunk`: one `rapidfuzz` ``cdist``
call over all the chunk's tasks, clause coverage with NumPy), with the same decisions as
``diffkit compare A B --guideline G``. The ``local`` engine runs the chunks here, using all
cores in ``cdist``; the ``dask`` engine sends them to a Dask distributed scheduler (or to a
`distributed.LocalCluster` it starts). Both give identical results, and so do all chunk
sizes. Dask is imported only for the ``dask`` engine: ``pip install -e '.[dask]'``.

The result is a `Corpus` that renders as the JSON contract ``diffkit.corpus/1``, a terminal
table, CSV (one coverage row per plan and guideline task), DataFrames and a workbook.
"""

from __future__ import annotations

import glob
import os
import sys
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import agencies as _agencies
from . import align as _align
from .compare import Status, read_plan
from .errors import DiffkitError, InputError
from .model import Plan
from .normalize import nfkc, to_simplified

if TYPE_CHECKING:  # coverage.py needs NumPy: imported when a corpus is run, not with diffkit
    from .coverage import GuidelineIndex, PlanCover


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
        from .render import json_text
        return json_text(self.to_dict())

    def coverage_frame(self):
        """One row per plan and guideline task (pandas DataFrame)."""
        from .frame import corpus_coverage_frame
        return corpus_coverage_frame(self)

    def plans_frame(self):
        """One row per plan with its fidelity figures (pandas DataFrame)."""
        from .frame import corpus_plans_frame
        return corpus_plans_frame(self)

    def agencies_frame(self):
        """One row per canonical agency and plan: lead and participant counts."""
        from .frame import corpus_agencies_frame
        return corpus_agencies_frame(self)

    def __repr__(self) -> str:
        mean = sum(p.coverage for p in self.plans) / (len(self.plans) or 1)
        return (f"<Corpus {len(self.plans)} plans against {self.guideline.id!r} "
                f"({len(self.guideline.refs)} tasks): mean coverage {mean:.1%}>")

    def _repr_html_(self) -> str:
        from .corpus_report import corpus_html
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
           progress: bool | None = None, chunk_size: int = CHUNK_SIZE) -> Corpus:
    """Compare many plans with one guideline.

    ``plans``: `Plan` objects, mappings, or paths — files, directories (their ``*.json``) and
    glob patterns. ``guideline``: a plan (level ``national``) in any of those forms.
    ``engine``: ``"local"`` (in this process; ``workers`` threads in ``cdist``, default all
    cores) or ``"dask"`` (``scheduler`` is an address such as ``tcp://host:8786``, a
    `distributed.Client`, or None to start a `distributed.LocalCluster` with ``workers``
    processes). ``score_cutoff`` is `compare`'s; ``progress`` None shows a bar on stderr
    when it is a terminal. ``chunk_size`` plans are aligned per matrix; results do not
    depend on it."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}", place="engine",
                         fix=f"choose one of {', '.join(ENGINES)}")
    if chunk_size < 1:
        raise InputError("chunk_size must be at least 1", place="chunk_size")
    g = read_plan(guideline, argument="guideline")
    if not g.refs:
        raise InputError("the guideline has no tasks", file=f"guideline {g.id}",
                         fix="give a guideline plan with tasks")
    from .coverage import GuidelineIndex

    index = GuidelineIndex.of(g)
    if engine == "dask":  # plans are read on the workers: the client never holds them
        results, skipped = _run_dask(list(_sources(plans)), index, score_cutoff, scheduler,
                                     workers, chunk_size, skip_invalid, progress)
    else:
        loaded, skipped = read_plans(plans, skip_invalid=skip_invalid)
        chunks = [loaded[k:k + chunk_size] for k in range(0, len(loaded), chunk_size)]
        with _progress_bar(len(loaded), progress) as bar:
            results = _run_local(chunks, index, score_cutoff, workers, bar)
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
                score_cutoff: float = _align.SCORE_CUTOFF, workers: int = -1) -> list[Result]:
    """The results of one chunk of plans (what a Dask worker runs)."""
    from .coverage import cover_chunk

    covers = cover_chunk([p for p, _ in chunk], index, score_cutoff=score_cutoff,
                         workers=workers)
    if len(_CANONICAL) > 200_000:
        _CANONICAL.clear()
    return [_result(plan, file, cover, index, _CANONICAL)
            for (plan, file), cover in zip(chunk, covers, strict=True)]


_STATUS = {s.value: s for s in Status}
_new = tuple.__new__  # builds a named tuple from a tuple without its Python-level __new__
_CANONICAL: dict = {}   # (names as written, plan abbreviations) → canonical agencies


def _result(plan: Plan, file: str | None, cover: PlanCover, index: GuidelineIndex,
            cache: dict) -> Result:
    pid = plan.id
    tasks, scores, statuses = zip(*cover.rows, strict=True)
    rows = tuple(map(_new, repeat(CoverageRow), zip(repeat(pid), index.ids, tasks, scores,
                                                    map(_STATUS.__getitem__, statuses))))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(Counter(statuses))
    agencies = _agency_counts(plan, cache)
    summary = PlanSummary(
        plan.id, plan.title, file, sum(len(i.tasks) for s in plan.sections for i in s.items),
        len(index) - counts["removed"],
        cover.covered, cover.retained, cover.local, tuple(counts.values()),
        sum(a.lead for a in agencies), sum(a.participants for a in agencies), len(agencies))
    return summary, rows, agencies


def _agency_counts(plan: Plan, cache: dict) -> tuple[AgencyCount, ...]:
    """Lead and participant counts per canonical agency (`agencies.canonical_names`), in
    order of first mention."""
    abbr = tuple(sorted(plan.abbreviations.items())) if plan.abbreviations else ()
    leads: list[str] = []
    parts: list[str] = []
    mentions: list[str] = []
    for task in (t for s in plan.sections for i in s.items for t in i.tasks):
        for names, into in ((task.lead, leads), (task.participants, parts)):
            if not names:
                continue
            found = cache.get((names, abbr))
            if found is None:
                found = cache[(names, abbr)] = _canonical(names, plan)
            into += found
            mentions += found
    lead, part = Counter(leads), Counter(parts)
    pid = plan.id
    return tuple(_new(AgencyCount, (a, pid, lead[a], part[a])) for a in dict.fromkeys(mentions))


def _canonical(names: tuple[str, ...], plan: Plan) -> tuple[str, ...]:
    """Canonical agencies of names as written, as `compare` resolves them (name by name,
    in Simplified script), de-duplicated in order."""
    out: dict[str, None] = {}
    for name in names:
        out.update(dict.fromkeys(_agencies.canonical_names([to_simplified(nfkc(name))],
                                                           plan=plan)))
    return tuple(out)


# -- engines ---------------------------------------------------------------------------------
def _run_local(chunks, index, score_cutoff, workers, bar) -> list[list[Result]]:
    out = []
    for chunk in chunks:
        out.append(score_chunk(chunk, index, score_cutoff=score_cutoff,
                               workers=-1 if workers is None else workers))
        bar.update(len(chunk))
    return out


def _run_dask(sources, index, score_cutoff, scheduler, workers, chunk_size, skip_invalid,
              progress) -> tuple[list[list[Result]], list[Skipped]]:
    """Read and check the plans on the cluster, chunk by chunk; stop (or skip) on bad
    plans before any scoring; then score the chunks where they were read."""
    if not sources:
        raise InputError("no plans given", fix="give plan JSON files, directories or glob "
                                               "patterns")
    distributed = _import_dask()
    client, owned = _client(distributed, scheduler, workers)
    try:
        token = uuid.uuid4().hex
        chunks = [sources[k:k + chunk_size] for k in range(0, len(sources), chunk_size)]
        # positional arguments only: submit() takes ``workers=`` as a worker restriction
        loads = [client.submit(_dask_load, _payload(client, chunk), pure=False,
                               key=f"diffkit-load-{token}-{k}") for k, chunk in enumerate(chunks)]
        checks = client.gather([client.submit(_dask_check, f, pure=False,
                                              key=f"diffkit-check-{token}-{k}")
                                for k, f in enumerate(loads)])
        drops, skipped = _vet(checks, skip_invalid)
        shared = client.scatter(index, broadcast=True)
        futures = [client.submit(_dask_score, f, drop, shared, score_cutoff, pure=False,
                                 key=f"diffkit-corpus-{token}-{k}")
                   for k, (f, drop) in enumerate(zip(loads, drops, strict=True))]
        size = {f.key: len(c) - len(d) for f, c, d in zip(futures, chunks, drops, strict=True)}
        with _progress_bar(sum(size.values()), progress) as bar:
            for done in distributed.as_completed(futures):
                bar.update(size[done.key])
        return client.gather(futures), skipped
    finally:
        for thing in owned:
            thing.close()


class _Box:
    """Plans given as objects travel to the cluster as one scattered value per chunk."""

    def __init__(self, items) -> None:
        self.items = items


def _payload(client, chunk):
    if all(isinstance(x, (str, os.PathLike)) for x in chunk):
        return [os.fspath(x) for x in chunk]
    return client.scatter(_Box(chunk))


def _dask_load(payload) -> list[tuple[Plan | None, str | None, str | None]]:
    """On a worker: (plan, file, None) or (None, file, error line) per source."""
    out = []
    for source in payload.items if isinstance(payload, _Box) else payload:
        file = None if isinstance(source, (Plan, Mapping)) else os.fspath(source)
        try:
            out.append((read_plan(source, argument="plan"), file, None))
        except DiffkitError as exc:
            out.append((None, file, exc.line()))
    return out


def _dask_check(loaded) -> list[tuple[str | None, str | None, str | None]]:
    return [(file, None if plan is None else plan.id, error) for plan, file, error in loaded]


def _vet(checks, skip_invalid: bool) -> tuple[list[set[int]], list[Skipped]]:
    """As `read_plans`: the first bad or repeated plan raises, or every one is skipped."""
    seen: dict[str, str] = {}
    drops, skipped = [], []
    for check in checks:
        drop = set()
        for pos, (file, plan_id, error) in enumerate(check):
            if error is None and plan_id in seen:
                error = _duplicate(plan_id, file, seen).line()
            if error is not None:
                if not skip_invalid:
                    raise InputError(error)
                skipped.append(Skipped(file or "<plan>", error))
                drop.add(pos)
                continue
            seen[plan_id] = file or "another plan"
        drops.append(drop)
    if not seen:
        raise InputError("no valid plans to compare",
                         fix="give plan JSON files, directories or glob patterns")
    return drops, skipped


def _dask_score(loaded, drop: set[int], index, score_cutoff: float) -> list[Result]:
    """One chunk on a Dask worker: one cdist thread, the cluster gives the parallelism."""
    chunk = [(plan, file) for pos, (plan, file, _) in enumerate(loaded) if pos not in drop]
    return score_chunk(chunk, index, score_cutoff=score_cutoff, workers=1)


def _import_dask():
    try:
        import distributed
    except ImportError:
        raise InputError("the dask engine needs Dask distributed, which is not installed",
                         place="engine", fix="pip install -e '.[dask]', or use --engine "
                         "local") from None
    return distributed


def _client(distributed, scheduler, workers):
    """A client for ``scheduler`` (address, Client, or cluster), or for a new local
    cluster; also the things to close afterwards."""
    if isinstance(scheduler, distributed.Client):
        return scheduler, []
    if scheduler is None:
        cluster = distributed.LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                           threads_per_worker=1, processes=True,
                                           dashboard_address=None)
        client = distributed.Client(cluster)
        return client, [client, cluster]
    address = getattr(scheduler, "scheduler_address", scheduler)
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach a Dask scheduler at {address} ({_short(exc)})",
                         place="--scheduler",
                         fix="start one with `dask scheduler` and workers with `dask worker "
                             f"{address}`, or leave out --scheduler to start a local "
                             "cluster") from None
    return client, [client]


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


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
