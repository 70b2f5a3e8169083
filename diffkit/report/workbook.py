"""Workbook layouts: which sheets, rows, columns, colours and widths a report has.

Pure data, no openpyxl: `diffkit.excel` turns a list of `SheetSpec`s into an .xlsx file. Keeping
the layout here lets tests and other front ends inspect a report without writing one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Plan
from .render import text_width

#: Fill colours (RGB hex) for pair statuses, used on the Tasks and Redline sheets and in the
#: Summary legend.
STATUS_FILLS: dict[str, str] = {
    "unchanged": "FFFFFF",
    "reworded": "FFF2CC",   # light yellow
    "split": "DDEBF7",      # light blue
    "merged": "E4DFEC",     # light purple
    "added": "E2EFDA",      # light green
    "removed": "FCE4D6",    # light red
}
STATUS_MEANINGS: dict[str, str] = {
    "unchanged": "same task, same wording after normalisation",
    "reworded": "same task, wording changed",
    "split": "one task of A became several in B",
    "merged": "several tasks of A became one in B",
    "added": "only in B",
    "removed": "only in A",
}
HEADER_FILL = "D9D9D9"
DELETE_COLOUR = "FFC00000"   # red, struck through
INSERT_COLOUR = "FF00803C"   # green, underlined

#: Excel's limit for one cell; longer text is cut with a visible marker.
MAX_CELL_CHARS = 32767
MIN_WIDTH, MAX_WIDTH = 6, 60
LINE_HEIGHT = 16.0       # points per wrapped line (11-point text, CJK fonts a little taller)
MAX_ROW_HEIGHT = 409.0   # Excel's limit


@dataclass(frozen=True)
class Redline:
    """A rich-text cell: ``ops`` are ``(op, text)`` with op ``equal``, ``delete`` or ``insert``
    (``replace`` is not used; a replacement is a delete followed by an insert)."""

    ops: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.ops)

    def side(self, which: str) -> str:
        """The text of side ``a`` (equal + delete) or ``b`` (equal + insert)."""
        keep = "delete" if which == "a" else "insert"
        return "".join(t for op, t in self.ops if op in ("equal", keep))


@dataclass(frozen=True)
class SheetSpec:
    """One worksheet. ``header`` rows come first (bold, grey, frozen, filterable when
    ``table``); ``fills`` maps a data-row index (0-based) to a colour, applied to the cells
    in ``fill_columns`` (all when empty). Values are str, int, float, bool, None or `Redline`."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    fills: Mapping[int, str] = field(default_factory=dict)
    fill_columns: tuple[int, ...] = ()
    widths: tuple[float, ...] = ()
    table: bool = True
    bold_rows: frozenset[int] = frozenset()
    rotate_header_from: int | None = None
    freeze: str = "A2"
    #: drop-down lists: (column, choices, prompt); other values may still be typed
    choices: tuple[tuple[int, tuple[str, ...], str], ...] = ()

    def column_widths(self) -> tuple[float, ...]:
        return self.widths or column_widths(self.header, self.rows)

    def row_heights(self) -> tuple[float | None, ...]:
        """Heights in points for the header and each data row whose wrapped text needs more
        than one line (None: the default height). Spreadsheets do not re-measure rows when
        they open a file, so without this, wrapped text would hide behind the next row."""
        widths = self.column_widths()
        out: list[float | None] = []
        if self.rotate_header_from is not None:
            rotated = self.header[self.rotate_header_from:]
            tallest = max((text_width(h) for h in rotated), default=0)
            out.append(min(MAX_ROW_HEIGHT, 6.0 * tallest + 12) if tallest else None)
        else:
            out.append(_height(self.header, widths))
        out.extend(_height(row, widths) for row in self.rows)
        return tuple(out)


def _height(row: Sequence[Any], widths: Sequence[float]) -> float | None:
    lines = max((wrapped_lines(cell_text(v), w) for v, w in zip(row, widths, strict=False)),
                default=1)
    return None if lines <= 1 else min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 2)


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` units wide."""
    usable = int(max(1.0, width - 1.5))
    return sum(1 if 2 * len(line) <= usable  # fits even if every character is wide
               else max(1, -(-text_width(line) // usable)) for line in text.split("\n"))


def cell_text(value: Any) -> str:
    """The text a cell shows, for width estimates."""
    if value is None:
        return ""
    if isinstance(value, Redline):
        return value.text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def column_widths(header: Sequence[str], rows: Iterable[Sequence[Any]], *,
                  min_width: int = MIN_WIDTH, max_width: int = MAX_WIDTH) -> tuple[float, ...]:
    """Column widths in Excel units (about one per Latin character, two per CJK character):
    the widest line of the header and the cells, plus a margin, clamped to [min, max]. Long
    text wraps inside the clamped width."""
    widths = [text_width(h) for h in header]
    for row in rows:
        for i, value in enumerate(row):
            lines = cell_text(value).splitlines() or [""]
            widths[i] = max(widths[i], max(text_width(line) for line in lines))
    return tuple(float(min(max_width, max(min_width, w + 2))) for w in widths)


def yes_no(flag: Any) -> str:
    """Flags are the words ``yes`` and ``no``: they read and filter the same in every
    spreadsheet (LibreOffice shows a boolean cell as 0/1 unless it is formatted)."""
    return "yes" if flag else "no"


def joined(names: Iterable[str]) -> str:
    """Agency lists in one cell, separated as Chinese documents do."""
    return "、".join(names)


def legend_rows() -> list[tuple[str, str, str]]:
    """Colour legend: (status, meaning, colour) for the Summary sheet."""
    rows = [(s, STATUS_MEANINGS[s], STATUS_FILLS[s]) for s in STATUS_FILLS]
    rows.append(("deleted text", "red, struck through (Redline sheet)", DELETE_COLOUR))
    rows.append(("inserted text", "green, underlined (Redline sheet)", INSERT_COLOUR))
    return rows


# -- one plan -------------------------------------------------------------------------------
PLAN_TASK_HEADER = ("section", "section title", "item", "item title", "task", "text", "lead",
                    "participants", "deadline")


def plan_sheets(plan: Plan, *, names: Mapping[str, tuple[str, ...]] | None = None
                ) -> list[SheetSpec]:
    """The single-plan workbook: ``Tasks`` (one row per task), ``Matrix`` (task × agency with
    L for lead, P for participating, R for responsible with no distinction) and ``Agencies`` (workload per agency).

    ``names`` maps a name as written to the agencies it stands for (canonical names); names
    missing from it are used as written."""
    names = names or {}

    def canon(written: Iterable[str]) -> list[str]:
        out: list[str] = []
        for name in written:
            for agency in names.get(name, (name,)):
                if agency not in out:
                    out.append(agency)
        return out

    tasks = tuple((r.section.id, r.section.title, r.item.id, r.item.title, r.task.id,
                   r.task.text, joined(r.task.lead), joined(r.task.participants),
                   r.task.deadline) for r in plan.refs)
    marks: list[dict[str, str]] = []
    for r in plan.refs:
        lead = canon(r.task.lead)
        row = {a: "L" for a in lead}
        row.update({a: "P" for a in canon(r.task.participants) if a not in row})
        row.update({a: "R" for a in canon(r.task.responsible) if a not in row})
        marks.append(row)
    agencies = _by_workload(marks)
    matrix = tuple((r.task.id, r.item.title, *(m.get(a) for a in agencies))
                   for r, m in zip(plan.refs, marks, strict=True))
    n_fixed = 2
    matrix_widths = (8.0, 24.0) + (4.0,) * len(agencies)
    workload = tuple((a, sum(m.get(a) == "L" for m in marks),
                      sum(m.get(a) == "P" for m in marks), sum(a in m for m in marks),
                      _ids(plan, marks, a)) for a in agencies)
    return [
        SheetSpec("Tasks", PLAN_TASK_HEADER, tasks),
        SheetSpec("Matrix", ("task", "item title", *agencies), matrix, widths=matrix_widths,
                  rotate_header_from=n_fixed, freeze="C2"),
        SheetSpec("Agencies", ("agency", "lead", "participant", "tasks", "task ids"), workload),
    ]


def _ids(plan: Plan, marks: list[dict[str, str]], agency: str) -> str:
    return ", ".join(f"{t.id}{m[agency]}" for t, m in zip(plan.tasks, marks, strict=True)
                     if agency in m)


def _by_workload(marks: list[dict[str, str]]) -> list[str]:
    """Agencies by number of tasks led, then tasks in all, then first appearance."""
    first: dict[str, int] = {}
    for m in marks:
        for a in m:
            first.setdefault(a, len(first))
    lead = {a: sum(m.get(a) == "L" for m in marks) for a in first}
    total = {a: sum(a in m for m in marks) for a in first}
    return sorted(first, key=lambda a: (-lead[a], -total[a], first[a]))
