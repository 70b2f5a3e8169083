"""What the client does with the chunks' results, in input order: stop on the first bad or
repeated plan (or list it with ``skip_invalid``), then either build the in-memory results
(`Corpus` for one guideline, `CorpusSet` for several) or, for ``--output DIR``, add up the
chunks' counts and write ``DIR/summary.json``: the rows themselves stay in the Parquet parts
the workers wrote, so memory here does not grow with the corpus (only the set of plan ids,
for the repeated-id check, does: about 100 bytes a plan).

The output directory is built under a temporary name beside ``DIR`` and renamed into place
when the run succeeds; a failed or interrupted run leaves nothing.
"""

from __future__ import annotations

import json
import os
import shutil
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from hashlib import blake2b
from itertools import chain
from pathlib import Path
from typing import Any

from ..errors import InputError, OutputError
from .chunk import ChunkResult, Job

SUMMARY_FORMAT = "diffkit.corpus-summary/1"
SKIPPED_LISTED = 1000       # skipped plans listed in summary.json (all are counted)


class PlanError(InputError):
    """A bad plan found on a worker: its line, and the lines the command line prints (one
    per problem of an invalid plan), as `read_plan` raised them there."""

    def __init__(self, line: str, lines: tuple[str, ...]) -> None:
        super().__init__(line)
        self._lines = list(lines) or [line]

    def lines(self) -> list[str]:
        return list(self._lines)


class Digests:
    """Plan ids seen so far, as 8-byte digests: one sorted ``array('Q')`` (8 bytes a plan,
    instead of a Python string and dict entry, ≈150 bytes) and a bounded set of recent ones
    merged into it now and then, so that the repeated-id check of a run with ``--output``
    does not make the client grow."""

    RECENT = 1 << 16

    def __init__(self) -> None:
        self.sorted = array("Q")
        self.recent: set[int] = set()

    def __len__(self) -> int:
        return len(self.sorted) + len(self.recent)

    def add(self, ids: list[str]) -> list[bool]:
        """Add ``ids`` (distinct among themselves); for each, whether it was seen before."""
        out = []
        for pid in ids:
            h = int.from_bytes(blake2b(pid.encode(), digest_size=8).digest(), "little")
            k = bisect_left(self.sorted, h)
            seen = h in self.recent or (k < len(self.sorted) and self.sorted[k] == h)
            if not seen:
                self.recent.add(h)
            out.append(seen)
        if len(self.recent) >= self.RECENT:
            self.sorted = array("Q", sorted(chain(self.sorted, self.recent)))
            self.recent = set()
        return out


@dataclass
class Vetting:
    """The repeated-id check and the skipped plans, across chunks. ``compact``: ids kept as
    `Digests` (a repeated id then names only the later file)."""

    skip_invalid: bool
    compact: bool = False
    seen: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    count_skipped: int = 0
    digests: Digests = field(default_factory=Digests)

    def check(self, r: ChunkResult) -> set[str]:
        """Raise on the first bad plan of the chunk; the ids to drop (repeated ids)."""
        from .run import _duplicate

        drop: set[str] = set()
        ids = [pid for pid, _, error in r.order if error is None]
        before = dict(zip(ids, self.digests.add(ids), strict=True)) if self.compact else {}
        for pid, label, error in r.order:
            if error is None and (before.get(pid) or pid in self.seen):
                line = (_duplicate(pid, label, self.seen) if not self.compact else
                        _repeated(pid, label)).line()
                error = (line, (line,))
                drop.add(pid)
            if error is not None:
                if not self.skip_invalid:
                    raise PlanError(*error)
                self.count_skipped += 1
                if len(self.skipped) < SKIPPED_LISTED:
                    self.skipped.append((label or "<plan>", error[0]))
                continue
            if not self.compact:
                self.seen[pid] = label or "another plan"
        return drop

    @property
    def plans(self) -> int:
        return len(self.digests) if self.compact else len(self.seen)


def _repeated(pid: str, label: str | None) -> InputError:
    return InputError(f"plan id {pid!r} is already used by an earlier plan of this corpus",
                      file=f"plan {label or pid}", fix="give every plan of a corpus its own id")


def in_order(results: Iterable[ChunkResult], vet: Vetting, bar) -> Iterator[
        tuple[ChunkResult, set[str]]]:
    for r in results:
        drop = vet.check(r)
        bar.update(len(r.order))
        yield r, drop
    if not vet.plans:
        raise InputError("no valid plans to compare" if vet.count_skipped else "no plans given",
                         fix="give plan JSON files, directories, glob patterns, JSON Lines "
                             "or Parquet of plans")


# -- the output directory ------------------------------------------------------------------
def prepare_output(path: str | os.PathLike) -> tuple[Path, Path]:
    """The final directory (which must not exist yet, or be empty) and a fresh temporary
    one beside it, where the run writes."""
    import tempfile

    final = Path(path)
    if final.exists() and (not final.is_dir() or any(final.iterdir())):
        raise OutputError("already exists and is not an empty directory", file=final,
                          fix="choose a new directory for --output, or remove this one")
    parent = final.parent if str(final.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"directory {parent} does not exist", file=final,
                          fix="create it first or choose another output path")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".partial", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror or exc})", file=final,
                          fix="choose another output path") from None
    os.chmod(tmp, 0o755)
    return final, tmp


def finish_output(tmp: Path, final: Path) -> None:
    if final.exists():
        final.rmdir()  # empty (checked before the run)
    os.replace(tmp, final)


def discard_output(tmp: Path) -> None:
    shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class Totals:
    """Per guideline: [plans, sum of coverage, sum of retained, citation, similarity,
    given], added up over chunks; unrouted plans; chunks written."""

    counts: dict[int, list[float]] = field(default_factory=dict)
    unrouted: int = 0
    chunks: int = 0
    drops: dict[int, set[str]] = field(default_factory=dict)

    def add(self, r: ChunkResult, drop: set[str]) -> None:
        self.chunks += 1
        self.unrouted += sum(1 for u in r.unrouted if u[0] not in drop)
        for g, plans in r.counts.items():
            mine = self.counts.setdefault(g, [0, 0.0, 0.0, 0, 0, 0])
            for pid, coverage, retained, how in plans:
                if pid not in drop:
                    mine[0] += 1
                    mine[1] += coverage
                    mine[2] += retained
                    mine[3 + _HOW.index(how)] += 1
        if drop:
            self.drops[r.k] = drop


_HOW = ("citation", "similarity", "given")


def summary(job: Job, totals: Totals, vet: Vetting, *, chunk_size: int) -> dict[str, Any]:
    """``summary.json``: the run's guidelines with counts and means, routing counts,
    skipped plans (the first `SKIPPED_LISTED`), the layout."""
    guidelines = []
    for g, guide in enumerate(job.guides):
        n, cov, ret, cite, sim, given = totals.counts.get(g, [0, 0.0, 0.0, 0, 0, 0])
        guidelines.append({
            "id": guide.id, "title": guide.title, "doc_number": guide.doc_number,
            "tasks": len(guide.index), "plans": n,
            "mean_coverage": round(cov / n, 4) if n else None,
            "mean_retained": round(ret / n, 4) if n else None,
            "routed_by": {"citation": cite, "similarity": sim, "given": given}})
    return {"format": SUMMARY_FORMAT, "plans": vet.plans, "unrouted": totals.unrouted,
            "guidelines": guidelines, "score_cutoff": job.score_cutoff,
            "route_cutoff": job.route_cutoff, "chunks": totals.chunks,
            "chunk_size": chunk_size, "skipped_count": vet.count_skipped,
            "skipped": [{"file": f, "reason": r} for f, r in vet.skipped],
            "tables": {"plans": "plans/guideline_id=*/part-*.parquet",
                       "coverage": "coverage/guideline_id=*/part-*.parquet",
                       "agencies": "agencies/guideline_id=*/part-*.parquet"}}


def write_summary(tmp: Path, data: dict[str, Any]) -> None:
    (tmp / "summary.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                      "utf-8")


@dataclass(frozen=True)
class CorpusOutput:
    """The result of `corpus` with ``output``: where the Parquet is, and its summary."""

    path: Path
    summary: dict[str, Any] = field(repr=False)

    def table(self, name: str):
        """``plans``, ``coverage`` or ``agencies`` of every guideline (pyarrow Table)."""
        from .parquet import read_table
        return read_table(self.path, name)

    def frame(self, name: str):
        """The same as a pandas DataFrame."""
        return self.table(name).to_pandas()

    def corpus(self, guideline):
        """The results as `corpus` returns them without ``output`` (a `Corpus`, or a
        `CorpusSet` with several guidelines), read back from the Parquet, for JSON, tables
        and workbooks; ``guideline``: the run's guideline(s), in its order."""
        from .readback import read_output
        return read_output(self.path, guideline)

    def __repr__(self) -> str:
        s = self.summary
        return (f"<CorpusOutput {str(self.path)!r}: {s['plans']:,} plans, "
                f"{len(s['guidelines'])} guidelines, {s['unrouted']:,} unrouted>")


__all__ = ["CorpusOutput", "PlanError", "Vetting", "Totals", "SUMMARY_FORMAT",
           "prepare_output", "finish_output", "discard_output", "summary", "write_summary",
           "in_order"]
