"""What the container readers hand to the text parser: paragraphs and tables in document order.

Each reader (`html`, `docx`, `pdf`) turns its container into a list of blocks — a paragraph is a
``str`` (lines inside it separated by ``\\n``), a table is a `Table` of cell texts — and
`to_text` writes them as the text the parser reads. A table whose header names a task column
and another known column (序号 / 重点任务 / 牵头单位 / 配合单位 …, the headers `diffkit import`
knows) becomes tab-separated rows, as a copy from Word gives them, so the parser turns it into
tasks through `sheet.table_plan`, exactly as `diffkit import` would. Other tables become one
line per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .columns import HEADER_FIELDS, header_key

AGENCY_FIELDS = frozenset({"lead", "participants", "responsible"})
_SPACE = re.compile(r"[ \t\u00a0\u3000]+")
_NUMBERED = re.compile(r"^(\d+)[.、．]$")


@dataclass
class Table:
    """Rows of cell texts, merged cells repeated over the grid; lines in a cell by ``\\n``."""

    rows: list[list[str]]


@dataclass(frozen=True)
class Note:
    """Something a reader left out or had to guess, with its place (``page 3``, ``table 2``)."""

    place: str
    message: str
    text: str = ""


@dataclass
class Document:
    """A container's blocks, its format (``html``, ``docx``, ``pdf``) and the reader's notes."""

    format: str
    blocks: list[str | Table] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def to_text(blocks: list[str | Table]) -> str:
    """The blocks as plan text: one line per paragraph line, task tables as tab rows."""
    out: list[str] = []
    seen_header: list[str] | None = None
    for block in blocks:
        if isinstance(block, Table):
            lines, header = _table_lines(block, seen_header)
            seen_header = header or seen_header
            out += lines
        else:
            out += [ln for ln in (_SPACE.sub(" ", x).strip() for x in block.split("\n")) if ln]
    return "\n".join(out) + "\n"


def task_columns(row: list[str]) -> dict[str, int] | None:
    """The fields of a task table's header row (text and at least one more), else None."""
    found: dict[str, int] = {}
    for c, cell in enumerate(row):
        f = HEADER_FIELDS.get(header_key(flat(cell)))
        if f and f not in found:
            found[f] = c
    return found if "text" in found and len(found) >= 2 else None


def flat(cell: str, sep: str = "") -> str:
    """A cell's lines as one line (``sep`` between them), tabs made spaces."""
    parts = [_SPACE.sub(" ", x).strip() for x in cell.split("\n")]
    return sep.join(p for p in parts if p)


def _table_lines(table: Table, seen: list[str] | None) -> tuple[list[str], list[str] | None]:
    rows = [r for r in table.rows if any(flat(c) for c in r)]
    at, cols = next(((i, c) for i, r in enumerate(rows[:10])
                     if (c := task_columns(r)) is not None), (None, None))
    if at is None or cols is None:
        if all(len({flat(c) for c in r} - {""}) <= 1 for r in rows):  # a box: its paragraphs
            return [ln for r in rows for ln in to_text([next(c for c in r if flat(c))])
                    .splitlines()], None
        return [_row_line(r) for r in rows], None
    header = [flat(c) for c in rows[at]]
    agency = {c for f, c in cols.items() if f in AGENCY_FIELDS}
    lines = [_row_line(r) for r in rows[:at]]  # a caption row above the header
    if header != seen:
        lines.append("\t".join(header))
    number = cols.get("task")
    for row in rows[at + 1:]:
        cells = [flat(c, "、" if i in agency else "") for i, c in enumerate(row)]
        if number is not None and number < len(cells):  # 1. or 1、 as Word numbers a column
            cells[number] = _NUMBERED.sub(r"\1", cells[number])
        if cells == header:  # the header repeated on a new page
            continue
        lines.append("\t".join(cells))
    return lines, header


def _row_line(row: list[str]) -> str:
    cells: list[str] = []
    for c in row:
        text = flat(c)
        if text and (not cells or cells[-1] != text):  # a merged cell once
            cells.append(text)
    return " ".join(cells)
