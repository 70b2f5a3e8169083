"""Plans as tables, one row per task: a researcher's spreadsheet → `Plan`, and back.

Columns are found by their headers (序号/编号, 任务/重点任务/工作任务/主要内容, 牵头单位,
参与单位/配合单位/责任单位, 完成时限/时间节点, or English ones); ``columns`` overrides them.
`export_sheet` writes the same table plus a small ``field/key/value`` block with the plan's id,
metadata, preamble, abbreviations and unplaced lines, so that
``import_sheet(export_sheet(plan)) == plan``. CSV is handled here with the csv module; workbooks
through `diffkit.excel` (openpyxl is imported only there).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError, OutputError, ValidationError
from ..files import check_writable, write_text_atomic
from ..model import Plan
from .columns import EXPORT_HEADERS, HEADER_FIELDS, header_key
from .headings import SECTION, heading, line_key
from .parse import default_id, read_text

FIELDS = ("section", "section_number", "section_title", "item", "item_number", "item_title",
          "task", "text", "lead", "participants", "responsible", "leaders", "deadline",
          "lead_label", "participants_label", "responsible_label")
OPTIONAL_EXPORT = ("responsible", "leaders", "responsible_label")  # only when a task has them
BLOCK_HEADER = ("field", "key", "value")
SHEET_SUFFIXES = (".xlsx", ".csv")
_SPLIT = re.compile(r"[、,，;；\n]")
_FORMULA = re.compile(r"'*[=+\-@]")
_ABBR_NAME = re.compile(r"^(.+?)\s*[(（]\s*以下(?:简称|称)\s*[“\"]?([^”\"()（）]+?)[”\"]?\s*[)）]$")


# -- cells ---------------------------------------------------------------------------------------
def escape_cell(text: str) -> str:
    """CSV cell text a spreadsheet will not run as a formula: a leading ``'`` before = + - @
    (and before a text that already starts with ``'`` and one of them)."""
    return "'" + text if _FORMULA.match(text) else text


def unescape_cell(text: str) -> str:
    """Undo `escape_cell`."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text[1:]) else text


def join_names(names: Sequence[str], *, where: str = "") -> str:
    """``A、B``; refuses names that would not split back the same (a separator or an
    unbalanced bracket in a name)."""
    joined = "、".join(names)
    if split_names(joined) != list(names):
        bad = next((n for n in names if split_names(n) != [n]), joined)
        raise OutputError(f"agency name {bad!r} would not import back as written "
                          "(list separator 、,; or an unbalanced bracket in it)", place=where,
                          fix="correct the name in the plan JSON")
    return joined


def split_names(cell: str) -> list[str]:
    """``A、B；C`` → [A, B, C], not splitting inside brackets."""
    out, depth, begin = [], 0, 0
    for i, ch in enumerate(cell):
        if ch in "(（[〔【":
            depth += 1
        elif ch in ")）]〕】":
            depth = max(0, depth - 1)
        elif depth == 0 and _SPLIT.match(ch):
            out.append(cell[begin:i])
            begin = i + 1
    out.append(cell[begin:])
    return [n.strip() for n in out if n.strip()]


# -- plan → table ----------------------------------------------------------------------------------
def plan_table(plan: Plan) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """(headers, one row per task, the field/key/value rows) of a plan. The 责任单位, 分管领导
    and 责任单位称谓 columns are written only when some task has them."""
    used = {"responsible": any(t.responsible for t in plan.tasks),
            "leaders": any(t.leaders for t in plan.tasks),
            "responsible_label": any(dict(t.labels).get("responsible") for t in plan.tasks)}
    fields = [f for f in FIELDS if f not in OPTIONAL_EXPORT or used[f]]
    rows = []
    for sec in plan.sections:
        sec_cells = [sec.id, sec.number or "", sec.title]
        if not sec.items:
            rows.append(sec_cells + [""] * (len(fields) - 3))
        for item in sec.items:
            item_cells = sec_cells + [item.id, item.number or "", item.title]
            if not item.tasks:
                rows.append(item_cells + [""] * (len(fields) - 6))
            for t in item.tasks:
                rows.append(item_cells + [_cell(t, f) for f in fields[6:]])
    return [EXPORT_HEADERS[f] for f in fields], rows, block_rows(plan)


def _cell(t, field: str) -> str:
    if field in ("lead", "participants", "responsible", "leaders"):
        return join_names(getattr(t, field), where=f"task {t.id}")
    if field.endswith("_label"):
        return dict(t.labels).get(field.removesuffix("_label"), "")
    return {"task": t.id, "text": t.text, "deadline": t.deadline or ""}[field]


def block_rows(plan: Plan) -> list[list[str]]:
    rows = [list(BLOCK_HEADER), ["id", "", plan.id]]
    for key, value in plan.to_dict().get("meta", {}).items():
        if isinstance(value, str):
            rows.append(["meta", key, value])
        else:
            rows.append(["meta_json", key, json.dumps(value, ensure_ascii=False)])
    if plan.preamble is not None:
        rows.append(["preamble", "", plan.preamble])
    rows += [["abbreviation", k, v] for k, v in plan.abbreviations.items()]
    rows += [["unplaced", str(u.line), u.text] for u in plan.unplaced]
    return rows


def export_sheet(plan: Plan, path: str | os.PathLike) -> Path:
    """Write ``plan`` as a .xlsx workbook or a .csv table that `import_sheet` reads back."""
    suffix = _suffix(path, output=True)
    check_writable(path)
    headers, rows, block = plan_table(plan)
    if suffix == ".csv":
        return write_text_atomic(path, "\ufeff" + csv_table(headers, rows, block))
    from ..report.excel import write_plan_workbook
    return write_plan_workbook(path, headers, rows, block)


def csv_table(headers: Sequence[str], rows: Iterable[Sequence[str]],
              block: Sequence[Sequence[str]] = ()) -> str:
    buf = io.StringIO()
    write = _csv_writer(buf)
    write(headers)
    for row in rows:
        write([escape_cell(c) for c in row])
    if block:
        write([])
        for row in block:
            write([escape_cell(c) for c in row])
    return buf.getvalue()


def _csv_writer(buf):
    """Write a row with "\n" line ends; a row with a carriage return in a cell is written
    fully quoted (the csv module quotes only the line terminator's characters, so a bare
    "\r" would end the row for every reader)."""
    minimal = csv.writer(buf, lineterminator="\n")
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    return lambda row: (quoted if any("\r" in c for c in row) else minimal).writerow(row)


# -- table → plan ----------------------------------------------------------------------------------
def import_sheet(path: str | os.PathLike, *, sheet: str | None = None,
                 columns: Mapping[str, str] | None = None, id: str | None = None,
                 encoding: str | None = None) -> Plan:
    """Read a spreadsheet with one row per task (.xlsx or .csv) into a plan.

    ``columns`` maps a header as written to a field (see `FIELDS`) where detection fails."""
    suffix = _suffix(path, output=False)
    if suffix == ".csv":
        if sheet:
            raise InputError("--sheet applies to .xlsx workbooks, not CSV", file=path,
                             fix="leave --sheet out")
        rows, block = split_block(_csv_rows(read_text(path, encoding=encoding), file=path))
    else:
        from ..report.excel import read_plan_workbook
        rows, block = read_plan_workbook(path, sheet=sheet)
    return table_plan(rows, block, columns=columns, id=id, fallback_id=default_id(path),
                      file=path)


def _csv_rows(text: str, *, file: object = None) -> list[list[str]]:
    try:
        return [[unescape_cell(c) for c in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise InputError(f"not a readable CSV table: {exc}", file=file,
                         fix="save it again as CSV") from None


def split_block(rows: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """The task table, and the field/key/value block after it if there is one."""
    for i, row in enumerate(rows):
        if [c.strip().lower() for c in row[:3]] == list(BLOCK_HEADER):
            return rows[:i], rows[i:]
    return rows, []


def find_header(rows: list[list[str]], columns: Mapping[str, str] | None = None, *,
                file: object = None) -> tuple[int, dict[str, int]]:
    """The header row (among the first ten) and the column of each field found in it."""
    overrides = {header_key(k): v for k, v in (columns or {}).items()}
    for field in overrides.values():
        if field not in FIELDS:
            raise InputError(f"unknown field {field!r} in --map", file=file,
                             fix="use one of " + ", ".join(FIELDS))
    best: tuple[int, dict[str, int]] = (-1, {})
    for r, row in enumerate(rows[:10]):
        found: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = header_key(cell)
            field = overrides.get(key) or HEADER_FIELDS.get(key)
            if field and field not in found:
                found[field] = c
        if "text" in found and len(found) > len(best[1]):
            best = (r, found)
    if best[0] < 0:
        seen = [c for c in (rows[0] if rows else []) if str(c).strip()][:8]
        raise InputError(f"no task text column found (headers: {', '.join(seen) or 'none'})",
                         file=file, fix="name it 重点任务 or 任务, or map it: --map HEADER=text")
    missing = [k for k in overrides if k not in {header_key(c) for c in rows[best[0]]}]
    if missing:
        raise InputError(f"--map names a column not in the header row: {missing[0]}", file=file,
                         fix="headers are: " + ", ".join(c for c in rows[best[0]] if c))
    return best


def table_plan(rows: list[list[str]], block: list[list[str]] = (), *,
               columns: Mapping[str, str] | None = None, id: str | None = None,
               fallback_id: str = "plan", file: object = None) -> Plan:
    """Rows of a task table (first a header row) and an optional block → a validated plan.
    The id is ``id``, else the block's, else ``fallback_id``."""
    header, cols = find_header(rows, columns, file=file)
    data = _block(block, file)
    data["id"] = id or data.get("id") or fallback_id
    sections: list[dict[str, Any]] = []
    abbreviations: dict[str, str] = {}
    last: dict[str, str] = {}
    for row in rows[header + 1:]:
        cell = {f: (row[c] if c < len(row) and row[c] is not None else "")
                for f, c in cols.items()}
        if not block:  # a researcher's sheet: stray spaces go; a diffkit export is read exactly
            cell = {f: v.strip() for f, v in cell.items()}
        if not any(v.strip() for v in cell.values()):
            continue
        if not block and (title := _section_row(row, cell)) is not None:
            sections.append({"_key": f"row {len(sections)}", "id": str(len(sections) + 1),
                             "items": [], **title})
            last = {}
            continue
        _fill_down(cell, last, cols)
        last = cell
        _add_row(sections, cell, cols, abbreviations)
    for sec in sections:
        del sec["_key"]
    if not block and not any(i.get("tasks") for s in sections for i in s["items"]):
        raise InputError(f"no task rows below the header (row {header + 1})", file=file,
                         fix="give the sheet that lists the tasks, one row per task")
    if not block:
        _restarted_numbers(sections)
    if abbreviations:
        data["abbreviations"] = {**abbreviations, **data.get("abbreviations", {})}
    data["sections"] = sections
    try:
        return Plan.from_dict(data)  # validates once (schema + consistency)
    except ValidationError as exc:
        raise ValidationError(exc.problems, file=file,
                              fix="each row needs a task text; task ids must be unique") from None


def _section_row(row: Sequence[str], cell: Mapping[str, str]) -> dict[str, str] | None:
    """A row holding one value across the table (``一、促进区域经济合作发展``, often merged
    cells): a section heading, unless it is a task's text."""
    values = {str(v).strip() for v in row if v is not None and str(v).strip()}
    if len(values) != 1:
        return None
    (value,) = values
    hd = heading(line_key(value))
    if hd is not None and hd.rank == SECTION:
        return {"number": value[hd.start:hd.stop], "title": value[hd.end:].strip()}
    if cell.get("text"):
        return None
    return {"title": value}


def _restarted_numbers(sections: list[dict[str, Any]]) -> None:
    """Item numbers that start again in each section become ``section.item`` ids."""
    ids = [i["id"] for s in sections for i in s["items"]]
    if len(ids) == len(set(ids)):
        return
    for sec in sections:
        for item in sec["items"]:
            old, item["id"] = item["id"], f"{sec['id']}.{item['id']}"
            for task in item["tasks"]:
                task["id"] = item["id"] + task["id"][len(old):]


def _fill_down(cell: dict[str, str], last: dict[str, str], cols: Mapping[str, int]) -> None:
    """Merged (or left empty) section and item cells take the value of the row above,
    unless the section changed."""
    changed = False
    for group in ("section", "item"):
        key = group if group in cols else f"{group}_title"
        if key not in cols:
            continue
        if cell[key]:
            changed = changed or cell[key] != last.get(key)
            continue
        if changed or not last:
            continue
        for f in (group, f"{group}_number", f"{group}_title"):
            if f in cols and not cell[f]:
                cell[f] = last.get(f, "")


def _add_row(sections: list[dict[str, Any]], cell: dict[str, str],
             cols: Mapping[str, int], abbreviations: dict[str, str]) -> None:
    sec_key = cell.get("section") or cell.get("section_title") or (
        sections[-1]["_key"] if sections else "1")
    if not sections or sections[-1]["_key"] != sec_key:
        sections.append({"_key": sec_key, "id": cell.get("section") or str(len(sections) + 1),
                         "title": cell.get("section_title", ""), "items": []})
        if cell.get("section_number"):
            sections[-1]["number"] = cell["section_number"]
    sec = sections[-1]
    if not any(cell.get(f) for f in ("item", "item_number", "item_title", "task", "text")):
        return  # a section without items
    task_id = cell.get("task", "")
    item_id = cell.get("item") or (task_id.split(".")[0] if "." in task_id else task_id) or \
        str(sum(len(s["items"]) for s in sections) + 1)
    if not sec["items"] or sec["items"][-1]["id"] != item_id:
        sec["items"].append({"id": item_id, "title": cell.get("item_title", ""), "tasks": []})
        if cell.get("item_number"):
            sec["items"][-1]["number"] = cell["item_number"]
    item = sec["items"][-1]
    if not cell.get("text") and not task_id:
        return  # a section or item without tasks
    if not re.fullmatch(re.escape(item_id) + r"(\.\d+)+", task_id):
        number = task_id if task_id.isdigit() and task_id != item_id else len(item["tasks"]) + 1
        task_id = f"{item_id}.{number}"
    item["tasks"].append(_row_task(cell, cols, task_id, abbreviations))


def _names(text: str, abbreviations: dict[str, str]) -> list[str]:
    """Names of a cell; ``X（以下简称Y）`` gives X and records Y → X."""
    out = []
    for name in split_names(text):
        m = _ABBR_NAME.match(name)
        if m:
            name = m.group(1)
            abbreviations.setdefault(m.group(2), name)
        out.append(name)
    return out


def _row_task(cell: dict[str, str], cols: Mapping[str, int], task_id: str,
              abbreviations: dict[str, str]) -> dict[str, Any]:
    lead = _names(cell.get("lead", ""), abbreviations)
    part = _names(cell.get("participants", ""), abbreviations)
    responsible = _names(cell.get("responsible", ""), abbreviations)
    leaders = _names(cell.get("leaders", ""), {})
    if lead and "participants" not in cols:  # 牵头单位 and 责任单位 columns: participants
        part += responsible
        responsible = []
    task: dict[str, Any] = {"id": task_id, "text": cell.get("text", ""), "lead": lead,
                            "participants": part}
    if responsible:  # named with no lead: never made a lead (no rule in a sheet)
        task["responsible"] = responsible
    if leaders:
        task["leaders"] = leaders
    labels = {k: cell[f"{k}_label"] for k in ("lead", "participants", "responsible")
              if cell.get(f"{k}_label")}
    if labels:
        task["labels"] = labels
    if cell.get("deadline"):
        task["deadline"] = cell["deadline"]
    return task


def _block(block: Sequence[Sequence[str]], file: object) -> dict[str, Any]:
    data: dict[str, Any] = {"format": "diffkit.plan/1"}
    meta, abbreviations, unplaced = {}, {}, []
    for row in list(block)[1:]:
        field, key, value = (list(row) + ["", "", ""])[:3]
        field = (field or "").strip()
        if field == "id":
            data["id"] = value
        elif field == "meta":
            meta[key] = value
        elif field == "meta_json":
            try:
                meta[key] = json.loads(value)
            except (ValueError, RecursionError):  # RecursionError: nested too deeply
                raise InputError(f"meta {key!r} is not valid JSON", file=file,
                                 fix="fix the value in the field/key/value block") from None
        elif field == "preamble":
            data["preamble"] = value
        elif field == "abbreviation":
            abbreviations[key] = value
        elif field == "unplaced" and str(key).strip().isdigit():
            unplaced.append({"line": int(key), "text": value})
    for name, value in (("meta", meta), ("abbreviations", abbreviations),
                        ("unplaced", unplaced)):
        if value:
            data[name] = value
    return data


def _suffix(path: str | os.PathLike, *, output: bool) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        what = "write" if output else "read"
        hint = " (.xls: save it as .xlsx first)" if suffix == ".xls" else ""
        raise (OutputError if output else InputError)(
            f"cannot {what} {suffix or 'a file without suffix'} as a spreadsheet{hint}",
            file=path, fix="use a name ending in " + " or ".join(SHEET_SUFFIXES))
    return suffix
