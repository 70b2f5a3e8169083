"""pandas DataFrames of plans and comparisons. pandas is imported only here, and this module
is imported only when a DataFrame is asked for."""

from __future__ import annotations

import pandas as pd

from ..model import Plan

TASK_COLUMNS = ["section", "section_title", "item", "item_title", "task_id", "text",
                "lead", "participants", "responsible", "leaders"]


def plan_tasks_frame(plan: Plan) -> pd.DataFrame:
    """One row per task; ``lead``, ``participants``, ``responsible`` (named with no lead /
    participant distinction) and ``leaders`` (persons) are lists of names as written."""
    rows = [(r.section.id, r.section.title, r.item.id, r.item.title, r.task.id, r.task.text,
             list(r.task.lead), list(r.task.participants), list(r.task.responsible),
             list(r.task.leaders)) for r in plan.refs]
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


def plan_assignments_frame(plan: Plan) -> pd.DataFrame:
    """Long form: one row per (task, agency, role) with role ``lead``, ``participant`` or
    ``responsible``, in document order."""
    rows = [(r.task.id, name, role, pos)
            for r in plan.refs
            for role, names in (("lead", r.task.lead), ("participant", r.task.participants),
                                ("responsible", r.task.responsible))
            for pos, name in enumerate(names, 1)]
    return pd.DataFrame(rows, columns=["task_id", "agency", "role", "position"])


# -- comparisons -------------------------------------------------------------------------------
#: joins ids and names in one cell: "2.1;2.2" (tidy frames hold no lists, so that to_stata,
#: to_parquet, to_excel and groupby work on every column)
SEP = ";"
LONG_COLUMNS = ["pair", "side", "task", "section", "section_title", "item", "item_title",
                "text", "lead", "participants", "responsible", "status", "moved", "similarity",
                "guideline", "a", "b", "borrows", "follows"]


def joined(values) -> str:
    return SEP.join(map(str, values))


def _flat(value):
    return joined(value) if isinstance(value, (list, tuple)) else value


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame["similarity"] = frame["similarity"].astype("float64")  # None → NaN
    frame["moved"] = frame["moved"].astype(bool)
    # no guideline task: "" (without a guideline the column would hold only None, which
    # Stata refuses)
    frame["guideline"] = frame["guideline"].fillna("").astype(str)
    return frame


def _provenance(p) -> tuple[str, str]:
    """A pair's ``borrows`` (the other side's task ids joined by ``;``) and ``follows``
    (``guideline``, ``a``, ``local``), each ``""`` when not set: Stata takes no column that
    holds only missing strings, and most comparisons have no chain."""
    return joined(p.borrows), p.follows or ""


def comparison_pairs_frame(comparison) -> pd.DataFrame:
    """One row per pair of a `Comparison`: its number (``pair``, as in the workbook), then
    the CSV output's columns, with ids, names and renames (``old→new``) joined by ``;``;
    ``borrows`` and ``follows`` are ``""`` where not set."""
    from .comparison import PAIR_HEADERS, pair_row
    rows = [(k, *map(_flat, pair_row(p)[:-2]), *_provenance(p))
            for k, p in enumerate(comparison.pairs, 1)]
    return _typed(pd.DataFrame(rows, columns=["pair", *PAIR_HEADERS]))


def comparison_long_frame(comparison) -> pd.DataFrame:
    """One row per pair × task: the pair's number, ``side`` (A or B), the task id, its
    section and item (ids and titles), text, lead, participants and responsible units
    (names as written, joined by ``;``), the pair's status, moved flag, similarity, guideline
    task, the pair's A and B ids, and its ``borrows`` and ``follows`` (``""`` where not set).
    A split pair A:2.2 → B:2.2, 2.3 gives three rows."""
    rows = []
    for k, p in enumerate(comparison.pairs, 1):
        for side, plan, ids in (("A", comparison.a, p.a), ("B", comparison.b, p.b)):
            for tid in ids:
                r = plan.ref(tid)
                rows.append((k, side, tid, r.section.id, r.section.title, r.item.id,
                             r.item.title, r.task.text, joined(r.task.lead),
                             joined(r.task.participants), joined(r.task.responsible),
                             str(p.status), p.moved,
                             p.similarity, p.guideline, joined(p.a), joined(p.b),
                             *_provenance(p)))
    return _typed(pd.DataFrame(rows, columns=LONG_COLUMNS))


# Column names that Stata, R and SQL take as they are (``function`` is a Stata reserved word).
_TIDY = {"function": "agency_function"}


def _tidy_name(header: str) -> str:
    return _TIDY.get(header, header.lower().replace(" ", "_"))


def comparison_agencies_frame(comparison) -> pd.DataFrame:
    """One row per line of responsibility (`Comparison.agency_rows`): names and task ids
    joined by ``;``, snake_case columns (``a_lead``, ``b_tasks`` …)."""
    from ..compare import AGENCY_VIEW
    rows = [tuple(map(_flat, row)) for row in comparison.agency_rows()]
    return pd.DataFrame(rows, columns=[_tidy_name(h) for h in AGENCY_VIEW])


def comparison_agency_frame(comparison) -> pd.DataFrame:
    """One row per agency change: the pair's number and tasks (joined by ``;``), status,
    role, change, names in A and B."""
    from .comparison import AGENCY_HEADERS, agency_rows
    pairs = {id(p): k for k, p in enumerate(comparison.pairs, 1)}
    rows = [(pairs[id(p)], *map(_flat, row))
            for (p, _), row in zip(comparison.agency_changes, agency_rows(comparison),
                                   strict=True)]
    return pd.DataFrame(rows, columns=["pair", *map(_tidy_name, AGENCY_HEADERS)])


def workload_frame(workload) -> pd.DataFrame:
    """One row per canonical agency: kind, lead and participant counts, task ids (a list)."""
    return pd.DataFrame([(a.agency, a.kind, a.lead, a.participants, list(a.tasks))
                         for a in workload.agencies],
                        columns=["agency", "kind", "lead", "participants", "tasks"])


# == corpus (diffkit/corpus.py) ===============================================================
CORPUS_PLAN_COLUMNS = ["plan", "title", "file", "tasks", "covered", "coverage", "retained",
                       "added", "unchanged", "reworded", "split", "merged", "removed", "lead",
                       "participants", "responsible", "agencies"]


def corpus_coverage_frame(c) -> pd.DataFrame:
    """One row per plan and guideline task: plan, guideline task, plan tasks (list), score,
    status."""
    return pd.DataFrame([(r.plan, r.guideline, list(r.tasks), r.score, r.status.value)
                         for r in c.coverage],
                        columns=["plan", "guideline", "tasks", "score", "status"])


def corpus_plans_frame(c) -> pd.DataFrame:
    """One row per plan with its fidelity figures."""
    return pd.DataFrame([(p.id, p.title, p.file, p.tasks, p.covered, p.coverage, p.retained,
                          p.added, *p.statuses, p.lead, p.participants, p.responsible,
                          p.agencies)
                         for p in c.plans], columns=CORPUS_PLAN_COLUMNS)


def corpus_agencies_frame(c) -> pd.DataFrame:
    """One row per canonical agency and plan: tasks it leads, takes part in, and is named
    responsible for (责任单位, no lead/participant distinction)."""
    return pd.DataFrame([(a.agency, a.plan, a.lead, a.participants, a.responsible)
                         for a in c.agencies],
                        columns=["agency", "plan", "lead", "participants", "responsible"])
