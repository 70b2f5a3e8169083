"""A corpus's results read back from its Parquet output (`CorpusOutput.corpus`): the same
`Corpus` (or `CorpusSet`) that `corpus` returns without ``output``, so that the JSON, the
terminal table, the DataFrames and the workbook of a corpus can be made from the directory a
run wrote (a small corpus, or a subset of a large one). Each table's parts are read in chunk
order (``part-NNNNNN``), and rows within a part are in input order, so plans come back in
input order; ``tests/test_corpus_scale.py`` checks the result equals the in-memory one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..compare import Status
from ..errors import InputError
from ..model import Plan
from .gather import SUMMARY_FORMAT
from .parquet import UNROUTED, read_parts
from .run import STATUSES, AgencyCount, Corpus, CorpusSet, CoverageRow, PlanSummary, Skipped
from .sources import Source, read_guidelines


def read_output(path: str | Path, guideline: Source | Sequence[Source]) -> Corpus | CorpusSet:
    """The results of the run that wrote ``path`` (its ``summary.json`` and Parquet), with
    its guideline(s) (a path, a plan, or a list in the run's order: the report needs their
    texts, which the output does not hold)."""
    root = Path(path)
    try:
        summary = json.loads((root / "summary.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"no readable summary.json ({exc})", file=str(root),
                         fix="give a directory written by diffkit corpus --output") from None
    if not isinstance(summary, dict) or summary.get("format") != SUMMARY_FORMAT:
        raise InputError("summary.json is not a diffkit corpus summary", file=str(root),
                         fix="give a directory written by diffkit corpus --output")
    guides = read_guidelines(guideline)
    ran = [g["id"] for g in summary["guidelines"]]
    if [g.id for g in guides] != ran:
        raise InputError(f"the run's guidelines are {', '.join(ran)}", place="guideline",
                         fix="give the guidelines of that run, in its order")
    skipped = tuple(Skipped(s["file"], s["reason"]) for s in summary["skipped"])
    cutoff, several = summary["score_cutoff"], len(guides) > 1
    corpora = tuple(_corpus(root, g, skipped, cutoff, several) for g in guides)
    if not several:
        return corpora[0]
    unrouted = tuple((r["plan"], r["title"], r["file"])
                     for r in read_parts(root, "plans", UNROUTED))
    return CorpusSet(corpora, unrouted, skipped, cutoff, summary["route_cutoff"])


def _corpus(root: Path, g: Plan, skipped, cutoff: float, several: bool) -> Corpus:
    plans = tuple(_summary(r, several) for r in read_parts(root, "plans", g.id))
    rows = tuple(CoverageRow(r["plan"], r["guideline"], tuple(r["tasks"]), r["score"],
                             Status(r["status"]))
                 for r in read_parts(root, "coverage", g.id))
    agencies = tuple(AgencyCount(r["agency"], r["plan"], r["lead"], r["participants"],
                                 r["responsible"])
                     for r in read_parts(root, "agencies", g.id))
    return Corpus(g, plans, rows, agencies, skipped, cutoff)


def _summary(r: dict[str, Any], several: bool) -> PlanSummary:
    return PlanSummary(r["plan"], r["title"], r["file"], r["tasks"], r["covered"],
                       r["coverage"], r["retained"], r["added"],
                       tuple(r[s] for s in STATUSES), r["lead"], r["participants"],
                       r["responsible"], r["agencies"], r["routed_by"] if several else None)


__all__ = ["read_output"]
