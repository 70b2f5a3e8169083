"""Text renderings: terminal tables that respect the width of Chinese characters, CSV, JSON.

Nothing here imports pandas or openpyxl, so the command line stays fast.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from .model import Plan

FORMATS = ("table", "json", "csv")


def char_width(ch: str) -> int:
    """Columns a character takes on a terminal: 2 for wide (CJK) characters, 0 for marks."""
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def clip(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` columns, marking the cut with …."""
    text = " ".join(text.split())
    if text_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - text_width(text))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
          max_widths: Sequence[int] | None = None, total: int | None = None) -> str:
    """A plain-text table; columns are clipped to ``max_widths`` and the whole to ``total``."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [text_width(h) for h in headers]
    for row in cells:
        widths = [max(w, text_width(c)) for w, c in zip(widths, row, strict=True)]
    if max_widths:
        widths = [min(w, max(m, text_width(h)))
                  for w, m, h in zip(widths, max_widths, headers, strict=True)]
    if not total:
        import shutil  # only tables need the terminal width

        total = shutil.get_terminal_size((160, 24)).columns
    _shrink(widths, headers, total)
    lines = ["  ".join(pad(clip(h, w), w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(pad(clip(c, w), w)
                               for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def _shrink(widths: list[int], headers: Sequence[str], total: int) -> None:
    """Narrow the widest columns until the table fits ``total`` columns."""
    while sum(widths) + 2 * (len(widths) - 1) > total:
        i = max(range(len(widths)), key=lambda k: widths[k])
        floor = max(6, text_width(headers[i]))
        if widths[i] <= floor:
            break
        widths[i] -= 1


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV with a header row; lists are joined with 、. Cells that a spreadsheet would read
    as a formula (= + - @) are prefixed with an apostrophe."""
    buf = io.StringIO()
    minimal = csv.writer(buf, lineterminator="\n")
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)  # a cell with "\r"
    minimal.writerow(headers)
    for row in rows:
        cells = [safe_cell(_cell(v)) for v in row]
        (quoted if any("\r" in c for c in cells) else minimal).writerow(cells)
    return buf.getvalue()


def safe_cell(text: str) -> str:
    """Text that a spreadsheet will not evaluate as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def json_text(obj: Any) -> str:
    """Deterministic JSON: UTF-8 characters, two-space indent, final newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


# -- plans --------------------------------------------------------------------------------------
SHOW_HEADERS = ("section", "item", "task", "title", "text", "lead", "participants")


def plan_rows(plan: Plan) -> list[tuple[Any, ...]]:
    """One row per task: section, item, task id, item title, text, lead, participants."""
    return [(r.section.id, r.item.id, r.task.id, r.item.title, r.task.text,
             list(r.task.lead), list(r.task.participants)) for r in plan.refs]


def show(plan: Plan, *, format: str = "table") -> str:
    """The tasks of a plan as a table, JSON or CSV."""
    rows = plan_rows(plan)
    if format == "json":
        return json_text({"plan": plan.id, "title": plan.title,
                          "tasks": [dict(zip(SHOW_HEADERS, r, strict=True)) for r in rows]})
    if format == "csv":
        return csv_text(SHOW_HEADERS, rows)
    head = (f"{plan.title} ({plan.id}): {len(plan.sections)} sections, "
            f"{sum(len(s.items) for s in plan.sections)} items, {len(rows)} tasks\n\n")
    return head + table(SHOW_HEADERS, rows, max_widths=(7, 4, 6, 16, 48, 24, 30))
