"""Validation of ``diffkit.plan/1`` data: the JSON Schema (``diffkit/schemas/plan.schema.json``,
explained with jsonschema only when a plan breaks it), a fast path that accepts plainly valid
plans without jsonschema, and the consistency rules the schema cannot state (unique ids, task
ids of the form ``item.paragraph``, ISO dates). Every problem is reported at once, each with its
JSON path."""

from __future__ import annotations

import datetime as _dt
import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import Problem

FORMAT = "diffkit.plan/1"
#: what a section holds: tasks, or guiding text (总体要求, 指导思想 …) that is not tasks
SECTION_KINDS = ("tasks", "principles")

@functools.cache
def plan_schema() -> dict[str, Any]:
    """The JSON Schema of ``diffkit.plan/1``."""
    return json.loads((Path(__file__).parent / "schemas" / "plan.schema.json")
                      .read_text("utf-8"))


def schema_problems(data: Any, schema: Mapping[str, Any]) -> list[Problem]:
    """Every schema violation of ``data`` as a `Problem` with a JSON path."""
    import jsonschema  # lazily: valid plans are checked by `_plainly_valid` without it

    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        problems.append(_problem(err))
    return problems


def _problem(err) -> Problem:
    path = err.json_path
    if err.validator == "required":
        name = re.search(r"'([^']+)' is a required property", err.message)
        return Problem(f"{path}.{name.group(1)}" if name else path, "missing")
    if err.validator == "additionalProperties":
        return Problem(path, err.message.replace("Additional properties are not allowed",
                                                 "unknown key(s) not allowed"))
    if err.validator in ("minLength", "pattern") and isinstance(err.instance, str):
        return Problem(path, "must not be empty or blank")
    if err.validator == "type":
        return Problem(path, f"must be {_a(err.validator_value)}, "
                             f"not {type(err.instance).__name__}")
    if err.validator == "enum":
        return Problem(path, f"{err.instance!r} is not one of "
                             f"{', '.join(map(str, err.validator_value))}")
    return Problem(path, err.message)


def _a(kind: object) -> str:
    names = {"object": "an object", "array": "a list", "string": "a string",
             "integer": "an integer", "number": "a number", "boolean": "true or false"}
    if isinstance(kind, list):
        return " or ".join(names.get(k, k) for k in kind)
    return names.get(str(kind), str(kind))


def validate_plan(data: Any) -> list[Problem]:
    """Every problem of a plan mapping, schema and consistency together. Empty when valid."""
    if not isinstance(data, Mapping):
        kind = "a JSON list" if isinstance(data, list) else type(data).__name__
        return [Problem("$", f"expected a plan object, found {kind}")]
    fmt = data.get("format")
    if fmt is not None and fmt != FORMAT:
        return [Problem("$.format", f"unknown format {fmt!r}; expected {FORMAT!r}")]
    schema = [] if _plainly_valid(data) else schema_problems(data, plan_schema())
    problems = schema + consistency_problems(data)
    return sorted(set(problems), key=lambda p: (_path_key(p.path), p.message))


_KEYS = {"plan": ({"format", "id", "sections"},
                  {"format", "id", "meta", "preamble", "abbreviations", "sections", "unplaced"}),
         "section": ({"id", "title", "items"}, {"id", "number", "title", "kind", "items"}),
         "item": ({"id", "title", "tasks"}, {"id", "number", "title", "tasks"}),
         "task": ({"id", "text", "lead", "participants"},
                  {"id", "text", "lead", "participants", "responsible", "leaders", "labels",
                   "deadline"})}
_META_STR = ("title", "issuer", "doc_number", "date", "region", "notice_title", "addressees",
             "notice", "role_rule")


def _plainly_valid(data: Mapping[str, Any]) -> bool:
    """A fast check that is stricter than the schema: True only for plans the schema
    accepts, so that `jsonschema` (slow to import) is needed only to explain problems."""
    try:
        return (_keys(data, "plan") and isinstance(data["format"], str)
                and _nonblank(data["id"]) and _meta_ok(data.get("meta", {}))
                and isinstance(data.get("preamble", ""), str)
                and isinstance(data.get("abbreviations", {}), dict)
                and all(_nonblank(v) for v in data.get("abbreviations", {}).values())
                and _unplaced_ok(data.get("unplaced", [])) and isinstance(data["sections"], list)
                and all(_section_ok(s) for s in data["sections"]))
    except (TypeError, AttributeError, KeyError):
        return False


def _unplaced_ok(lines: Any) -> bool:
    """The parser's unplaced lines (most parsed plans have some): ``{"line": n ≥ 1, "text"}``."""
    return isinstance(lines, list) and all(
        isinstance(u, dict) and u.keys() == {"line", "text"} and type(u["line"]) is int
        and u["line"] >= 1 and isinstance(u["text"], str) for u in lines)


def _keys(obj: Any, kind: str) -> bool:
    required, allowed = _KEYS[kind]
    return isinstance(obj, dict) and required <= obj.keys() <= allowed


def _nonblank(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _meta_ok(meta: Any) -> bool:
    return (isinstance(meta, dict) and all(isinstance(meta.get(k, ""), str) for k in _META_STR)
            and meta.get("status", "unknown") in ("in_force", "expired", "repealed", "draft",
                                                  "unknown")
            and meta.get("level", "other") in ("national", "provincial", "municipal", "county",
                                               "other")
            and meta.get("source_format", "text") in ("text", "html", "docx", "pdf")
            and isinstance(meta.get("implements", []), list)
            and all(isinstance(x, str) for x in meta.get("implements", [])))


def _section_ok(s: Any) -> bool:
    return (_keys(s, "section") and _nonblank(s["id"]) and isinstance(s["title"], str)
            and isinstance(s.get("number", ""), str) and isinstance(s["items"], list)
            and s.get("kind", "tasks") in SECTION_KINDS and all(_item_ok(i) for i in s["items"]))


def _item_ok(i: Any) -> bool:
    return (_keys(i, "item") and _nonblank(i["id"]) and isinstance(i["title"], str)
            and isinstance(i.get("number", ""), str) and isinstance(i["tasks"], list)
            and all(_task_ok(t) for t in i["tasks"]))


def _task_ok(t: Any) -> bool:
    labels = t.get("labels", {}) if isinstance(t, dict) else None
    return (_keys(t, "task") and _nonblank(t["id"]) and _nonblank(t["text"])
            and isinstance(t["lead"], list) and all(_nonblank(n) for n in t["lead"])
            and isinstance(t["participants"], list)
            and all(_nonblank(n) for n in t["participants"])
            and all(isinstance(t.get(k, []), list) and all(_nonblank(n) for n in t.get(k, []))
                    for k in ("responsible", "leaders"))
            and isinstance(t.get("deadline", ""), str) and isinstance(labels, dict)
            and labels.keys() <= {"lead", "participants", "responsible"}
            and all(isinstance(v, str) for v in labels.values()))


def _path_key(path: str) -> list[object]:
    return [int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", path) if p]


def consistency_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Rules beyond the schema: unique ids, task ids ``item.paragraph``, ISO date. Parts that
    break the schema are skipped here (the schema reports them)."""
    problems: list[Problem] = []
    meta = data.get("meta")
    date = meta.get("date") if isinstance(meta, Mapping) else None
    if isinstance(date, str) and not _is_iso_date(date):
        problems.append(Problem("$.meta.date", f"{date!r} is not an ISO date YYYY-MM-DD"))
    seen: dict[str, dict[str, str]] = {"section": {}, "item": {}, "task": {}}
    for si, sec in _entries(data, "sections"):
        spath = f"$.sections[{si}]"
        _unique(seen["section"], sec.get("id"), f"{spath}.id", "section", problems)
        for ii, item in _entries(sec, "items"):
            ipath = f"{spath}.items[{ii}]"
            item_id = item.get("id")
            _unique(seen["item"], item_id, f"{ipath}.id", "item", problems)
            for ti, task in _entries(item, "tasks"):
                tpath = f"{ipath}.tasks[{ti}]"
                task_id = task.get("id")
                _unique(seen["task"], task_id, f"{tpath}.id", "task", problems)
                if (isinstance(item_id, str) and isinstance(task_id, str)
                        and not _is_paragraph_id(task_id, item_id)):
                    problems.append(Problem(f"{tpath}.id", f"{task_id!r} should be the item id "
                                            f"and a paragraph number, e.g. '{item_id}.1'"))
    return problems


_PARAGRAPHS = re.compile(r"(\.\d+)+")


def _is_paragraph_id(task_id: str, item_id: str) -> bool:
    """``task_id`` is ``item_id`` followed by ``.N`` parts (one compiled pattern for all items,
    not one per item)."""
    return task_id.startswith(item_id) and bool(_PARAGRAPHS.fullmatch(task_id, len(item_id)))


def _entries(parent: Any, key: str) -> list[tuple[int, Mapping[str, Any]]]:
    children = parent.get(key) if isinstance(parent, Mapping) else None
    if not isinstance(children, list):
        return []
    return [(k, c) for k, c in enumerate(children) if isinstance(c, Mapping)]


def _unique(seen: dict[str, str], value: object, path: str, kind: str,
            problems: list[Problem]) -> None:
    if not isinstance(value, str):
        return
    if value in seen:
        problems.append(Problem(path, f"duplicate {kind} id {value!r} (first at {seen[value]})"))
    else:
        seen[value] = path


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
