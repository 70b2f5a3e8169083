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
def comparison_pairs_frame(comparison) -> pd.DataFrame:
    """One row per pair of a `Comparison` (columns as the CSV output; lists stay lists)."""
    from .comparison import PAIR_HEADERS, pair_row
    return pd.DataFrame([pair_row(p) for p in comparison.pairs], columns=list(PAIR_HEADERS))


def comparison_agency_frame(comparison) -> pd.DataFrame:
    """One row per agency change: the pair's tasks, status, role, change, names in A and B."""
    from .comparison import AGENCY_HEADERS, agency_rows
    return pd.DataFrame(agency_rows(comparison), columns=list(AGENCY_HEADERS))


def workload_frame(workload) -> pd.DataFrame:
    """One row per canonical agency: kind, lead and participant counts, task ids (a list)."""
    return pd.DataFrame([(a.agency, a.kind, a.lead, a.participants, list(a.tasks))
                         for a in workload.agencies],
                        columns=["agency", "kind", "lead", "participants", "tasks"])


# == corpus (diffkit/corpus.py) ===============================================================
CORPUS_PLAN_COLUMNS = ["plan", "title", "file", "tasks", "covered", "coverage", "retained",
                       "added", "unchanged", "reworded", "split", "merged", "removed", "lead",
                       "participants", "agencies"]


def corpus_coverage_frame(c) -> pd.DataFrame:
    """One row per plan and guideline task: plan, guideline task, plan tasks (list), score,
    status."""
    return pd.DataFrame([(r.plan, r.guideline, list(r.tasks), r.score, r.status.value)
                         for r in c.coverage],
                        columns=["plan", "guideline", "tasks", "score", "status"])


def corpus_plans_frame(c) -> pd.DataFrame:
    """One row per plan with its fidelity figures."""
    return pd.DataFrame([(p.id, p.title, p.file, p.tasks, p.covered, p.coverage, p.retained,
                          p.added, *p.statuses, p.lead, p.participants, p.agencies)
                         for p in c.plans], columns=CORPUS_PLAN_COLUMNS)


def corpus_agencies_frame(c) -> pd.DataFrame:
    """One row per canonical agency and plan: tasks it leads and takes part in."""
    return pd.DataFrame([(a.agency, a.plan, a.lead, a.participants) for a in c.agencies],
                        columns=["agency", "plan", "lead", "participants"])
