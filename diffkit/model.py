"""The plan model and its JSON encoding ``diffkit.plan/1``.

A `Plan` holds `Section`s, which hold numbered `Item`s, which hold `Task`s; each task names its
lead (牵头单位) and participating (参与单位) agencies as written. `load` reads and validates a
plan; `Plan.save` writes it byte-for-byte deterministically. The schema is
``diffkit/schemas/plan.schema.json``; `validate_plan` adds consistency rules the schema cannot
express and reports every problem at once, each with its JSON path.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import InputError, ValidationError
from .files import read_json, write_text_atomic
from .validate import FORMAT, SECTION_KINDS, plan_schema, schema_problems, validate_plan

DEFAULT_LABELS = {"lead": "牵头单位", "participants": "参与单位"}
META_ORDER = ("title", "issuer", "doc_number", "date", "status", "region", "level",
              "implements", "notice_title", "addressees", "notice", "role_rule",
              "source_format")


@dataclass(frozen=True)
class Task:
    """One assignable task: its paragraph text and the agencies that carry it."""

    id: str
    text: str
    lead: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    deadline: str | None = None
    responsible: tuple[str, ...] = ()  # named with no lead/participant distinction
    leaders: tuple[str, ...] = ()  # persons (分管领导 …), never agencies

    @property
    def agencies(self) -> tuple[str, ...]:
        """Every agency named for the task: lead, participants, then responsible."""
        return self.lead + self.participants + self.responsible

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "text": self.text, "lead": list(self.lead),
                               "participants": list(self.participants)}
        if self.responsible:
            out["responsible"] = list(self.responsible)
        if self.leaders:
            out["leaders"] = list(self.leaders)
        if self.labels:
            out["labels"] = dict(self.labels)
        if self.deadline is not None:
            out["deadline"] = self.deadline
        return out


@dataclass(frozen=True)
class Item:
    """A numbered item such as （二）共同培育先进产业集群; ``id`` is its number in the document."""

    id: str
    title: str
    tasks: tuple[Task, ...] = ()
    number: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _numbered(self, "tasks", self.tasks)


@dataclass(frozen=True)
class Section:
    """A top-level section such as 一、促进区域经济合作发展; ``id`` is its order. ``kind`` is
    ``"principles"`` for guiding text (总体要求, 指导思想 …) rather than tasks, ``"tasks"`` to
    say so against the title, None when not stated (`section_kind` then decides)."""

    id: str
    title: str
    items: tuple[Item, ...] = ()
    number: str | None = None
    kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = _numbered(self, "items", self.items)
        if self.kind is not None:  # before the items, and only when stated
            items = out.pop("items")
            out["kind"], out["items"] = self.kind, items
        return out


# -- section kinds: guiding text (总体要求 …) or tasks ---------------------------------------------
#: section titles made only of these words (and 和 与 及 、) hold guiding text, not tasks
#: (both scripts; titles as guidelines and provincial plans write them)
PRINCIPLES_WORDS = ("总体要求", "總體要求", "指导思想", "指導思想", "基本原则", "基本原則",
                    "发展目标", "發展目標", "主要目标", "主要目標", "总体目标", "總體目標",
                    "工作目标", "工作目標", "战略定位", "戰略定位", "总体思路", "總體思路",
                    "基本思路", "目标任务", "目標任務", "工作原则", "工作原則", "目标", "目標")
_WORDS = "|".join(sorted(PRINCIPLES_WORDS, key=len, reverse=True))
_PRINCIPLES_TITLE = re.compile(rf"(?:[^的]{{2,20}}的)?(?:(?:{_WORDS})[和与與及、,，\s]*)+")


@functools.lru_cache(maxsize=4096)
def _principles_title(title: str) -> bool:
    """A title made only of `PRINCIPLES_WORDS` (kept per title: the sections of a corpus's
    plans repeat a few titles)."""
    title = re.sub(r"[\s\u3000]", "", title)
    return bool(title) and _PRINCIPLES_TITLE.fullmatch(title) is not None


def section_kind(section: Section) -> str:
    """``"principles"`` or ``"tasks"``: the section's stated ``kind``, else detected — a
    title made only of `PRINCIPLES_WORDS` (总体要求, 指导思想和基本原则, also after a short
    "…的": 深化某项改革的总体要求) over items whose tasks name no agency. State ``"kind": "tasks"`` in the plan JSON to override."""
    if section.kind is not None:
        return section.kind
    if not _principles_title(section.title):
        return "tasks"
    agencies = any(t.lead or t.participants for i in section.items for t in i.tasks)
    return "tasks" if agencies else "principles"


def with_section_kinds(plan: Plan) -> Plan:
    """The plan with every detected principles section marked ``kind: "principles"`` (what
    the parser writes); stated kinds and task sections are left as they are."""
    sections = tuple(s if s.kind is not None or section_kind(s) == "tasks"
                     else replace(s, kind="principles") for s in plan.sections)
    if sections == plan.sections:
        return plan
    return replace(plan, sections=sections)


def sections_of_kind(plan: Plan, kind: str) -> Plan:
    """The plan with only its sections of ``kind`` (`section_kind`): ``"tasks"`` for
    coverage and fidelity, ``"principles"`` for the guiding text's reuse."""
    sections = tuple(s for s in plan.sections if section_kind(s) == kind)
    if len(sections) == len(plan.sections):
        return plan
    return replace(plan, sections=sections)


def _numbered(node: Item | Section, key: str, children) -> dict[str, Any]:
    """A section or item as JSON: id, number (when known), title, then its children."""
    out: dict[str, Any] = {"id": node.id}
    if node.number is not None:
        out["number"] = node.number
    out["title"] = node.title
    out[key] = [c.to_dict() for c in children]
    return out


@dataclass(frozen=True)
class Unplaced:
    """An input line the parser could not place; kept so that no text is lost."""

    line: int
    text: str


@dataclass(frozen=True)
class TaskRef:
    """A task with the section and item it stands in."""

    section: Section
    item: Item
    task: Task


@dataclass(frozen=True, eq=True)
class Plan:
    """A plan or guideline in the ``diffkit.plan/1`` encoding."""

    id: str
    sections: tuple[Section, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    preamble: str | None = None
    abbreviations: Mapping[str, str] = field(default_factory=dict)
    unplaced: tuple[Unplaced, ...] = ()

    # -- navigation ---------------------------------------------------------------------
    @functools.cached_property
    def refs(self) -> tuple[TaskRef, ...]:
        """Every task with its section and item, in document order."""
        return tuple(TaskRef(s, i, t) for s in self.sections for i in s.items for t in i.tasks)

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(r.task for r in self.refs)

    @functools.cached_property
    def _by_id(self) -> dict[str, TaskRef]:
        return {r.task.id: r for r in self.refs}

    def ref(self, task_id: str) -> TaskRef:
        """The task with this id, with its section and item; KeyError if absent."""
        return self._by_id[task_id]

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.id)

    # -- JSON -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT, "id": self.id}
        if self.meta:
            out["meta"] = _ordered_meta(self.meta)
        if self.preamble is not None:
            out["preamble"] = self.preamble
        if self.abbreviations:
            out["abbreviations"] = dict(self.abbreviations)
        out["sections"] = [s.to_dict() for s in self.sections]
        if self.unplaced:
            out["unplaced"] = [{"line": u.line, "text": u.text} for u in self.unplaced]
        return out

    def to_json(self) -> str:
        """Deterministic JSON: UTF-8 text, two-space indent, fixed key order, final newline."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def save(self, path: str | os.PathLike) -> Path:
        """Write the plan to ``path`` atomically."""
        return write_text_atomic(path, self.to_json())

    @classmethod
    def from_dict(cls, data: Any, *, file: object = None) -> Plan:
        """Validate a JSON mapping and build the plan; `ValidationError` lists every problem."""
        problems = validate_plan(data)
        if problems:
            raise ValidationError(problems, file=file,
                                  fix="see the plan format in README.md")
        return _build(data)

    # -- views ----------------------------------------------------------------------------
    def tasks_frame(self):
        """One row per task (pandas DataFrame)."""
        from .report.frame import plan_tasks_frame
        return plan_tasks_frame(self)

    def assignments_frame(self):
        """Long form: one row per (task, agency, role) (pandas DataFrame)."""
        from .report.frame import plan_assignments_frame
        return plan_assignments_frame(self)

    def __repr__(self) -> str:
        return (f"<Plan {self.id!r}: {len(self.sections)} sections, "
                f"{sum(len(s.items) for s in self.sections)} items, {len(self.refs)} tasks>")

    def _repr_html_(self) -> str:
        import html  # only notebooks need it

        rows = "".join(
            f"<tr><td>{html.escape(r.task.id)}</td><td>{html.escape(r.item.title)}</td>"
            f"<td>{html.escape(r.task.text[:80])}</td><td>{html.escape('、'.join(r.task.lead))}</td>"
            f"<td>{html.escape('、'.join(r.task.participants))}</td></tr>"
            for r in self.refs)
        return (f"<p><b>{html.escape(self.title)}</b> ({html.escape(self.id)}, "
                f"{len(self.refs)} tasks)</p><table><tr><th>task</th><th>item</th><th>text</th>"
                f"<th>lead</th><th>participants</th></tr>{rows}</table>")


def load(source: str | os.PathLike | Mapping[str, Any] | Plan) -> Plan:
    """Read a plan from a JSON file path or a mapping; a `Plan` is returned as is."""
    if isinstance(source, Plan):
        return source
    if isinstance(source, Mapping):
        return Plan.from_dict(source)
    data = read_json(source)
    return Plan.from_dict(data, file=source)


GUIDELINE_NOTE = ("derived from a plan: agencies removed and level set to national; "
                  "not an official document")


def guideline(plan: Plan | Mapping[str, Any] | str | os.PathLike, *, id: str | None = None
              ) -> Plan:
    """A stand-in guideline made from ``plan``: the same sections, items and task texts with
    no agencies (lead, participants, responsible units, leaders, role labels, abbreviations,
    the role rule), ``meta.level`` national, no region, and ``meta.derived`` saying where it
    comes from. The id defaults to
    ``<plan id>_guideline``. (`diffkit guideline PLAN -o G.json` is its twin.)"""
    plan = load(plan)
    sections = tuple(replace(s, items=tuple(replace(i, tasks=tuple(
        replace(t, lead=(), participants=(), labels=(), responsible=(), leaders=())
        for t in i.tasks))
        for i in s.items)) for s in plan.sections)
    meta = {k: v for k, v in plan.meta.items()
            if k not in ("region", "level", "derived", "role_rule")}
    meta["level"] = "national"
    meta["derived"] = {"from": plan.id, "by": "diffkit guideline", "note": GUIDELINE_NOTE}
    return replace(plan, id=id or f"{plan.id}_guideline", sections=sections,
                   meta=_ordered_meta(meta), abbreviations={})


# -- building ----------------------------------------------------------------------------------
def _build(data: Mapping[str, Any]) -> Plan:
    sections = tuple(
        Section(id=s["id"], title=s["title"], number=s.get("number"), kind=s.get("kind"),
                items=tuple(Item(id=i["id"], title=i["title"], number=i.get("number"),
                                 tasks=tuple(_task(t) for t in i["tasks"]))
                            for i in s["items"]))
        for s in data["sections"])
    meta = dict(data.get("meta") or {})
    if "implements" in meta:
        meta["implements"] = list(meta["implements"])
    return Plan(id=data["id"], sections=sections, meta=meta, preamble=data.get("preamble"),
                abbreviations=dict(data.get("abbreviations") or {}),
                unplaced=tuple(Unplaced(u["line"], u["text"]) for u in data.get("unplaced", ())))


def _task(t: Mapping[str, Any]) -> Task:
    labels = tuple((k, t["labels"][k]) for k in ("lead", "participants", "responsible")
                   if k in t.get("labels", {}))
    return Task(id=t["id"], text=t["text"], lead=tuple(t["lead"]),
                participants=tuple(t["participants"]), labels=labels,
                deadline=t.get("deadline"), responsible=tuple(t.get("responsible", ())),
                leaders=tuple(t.get("leaders", ())))


def _ordered_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: meta[k] for k in META_ORDER if k in meta}
    out.update({k: meta[k] for k in sorted(meta) if k not in out})
    return out


__all__ = ["FORMAT", "Plan", "Section", "Item", "Task", "TaskRef", "Unplaced", "load",
           "guideline", "validate_plan", "plan_schema", "schema_problems", "InputError",
           "SECTION_KINDS", "section_kind", "with_section_kinds", "sections_of_kind"]
