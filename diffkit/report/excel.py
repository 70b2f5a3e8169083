"""Workbooks (.xlsx): openpyxl is imported only here, and only when a workbook is asked for.

Reading: workbooks come from colleagues and websites, so they are untrusted. Before openpyxl
opens one, `diffkit.untrusted.check_workbook` refuses what is not a plain .xlsx of reasonable
size (zip bombs); openpyxl then parses its XML with defusedxml (installed with diffkit; no
entity expansion), and whatever it raises becomes one `InputError` line.

Reports (comparison and single-plan workbooks): layouts come from `diffkit.layout` and
`diffkit.workbook` as `SheetSpec`s; this module writes them. Every text cell is a string cell
(text starting with = + - @ is never a formula), rich-text redlines use `CellRichText`, the
file is written to a temporary name and renamed, and the bytes are the same for the same
content: fixed workbook properties and fixed zip timestamps.
"""

from __future__ import annotations

import datetime as _dt
import os
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..errors import InputError, OutputError
from ..files import write_atomic
from ..read.untrusted import check_workbook, unreadable
from .workbook import (
    DELETE_COLOUR,
    HEADER_FILL,
    INSERT_COLOUR,
    MAX_CELL_CHARS,
    Redline,
    SheetSpec,
)


# ==== reading untrusted workbooks ================================================================
def _require_defusedxml(path: object) -> None:
    """openpyxl parses with defusedxml only when it is installed and not switched off
    (``OPENPYXL_DEFUSEDXML=False``); without it, refuse to open an untrusted workbook."""
    from openpyxl import xml
    from openpyxl.worksheet import _reader
    if not (xml.DEFUSEDXML and _reader.iterparse.__module__.startswith("defusedxml")):
        raise InputError("refusing to read a workbook: openpyxl is not using defusedxml, so "
                         "its XML could expand entities", file=path,
                         fix="install defusedxml (a diffkit requirement) and unset "
                             "OPENPYXL_DEFUSEDXML")


def _open(path: str | os.PathLike):
    check_workbook(path)
    _require_defusedxml(path)
    import openpyxl  # lazily: only workbook users pay for it
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged parts
        raise unreadable(path, exc) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _texts(rows: list[list[Any]]) -> list[list[str]]:
    return [[_cell(v) for v in row] for row in rows]


def _values(path: object, wb, name: str) -> list[list[Any]]:
    """The values of sheet ``name`` (not formulas), row by row."""
    try:
        return [list(row) for row in wb[name].iter_rows(values_only=True)]
    except Exception as exc:  # damaged or hostile XML, met lazily while reading rows
        raise unreadable(path, exc) from None


# == plan sheets (diffkit import / export) ========================================================
# The task table of a plan and its "plan" field/key/value sheet.
PLAN_SHEET = "plan"
TASK_SHEET = "tasks"


def read_plan_workbook(path: str | os.PathLike, *, sheet: str | None = None
                       ) -> tuple[list[list[str]], list[list[str]]]:
    """(rows of the task sheet, rows of the ``plan`` sheet or []) of a workbook."""
    wb = _open(path)
    try:
        names = wb.sheetnames
        if sheet is not None and sheet not in names:
            raise InputError(f"no sheet named {sheet!r}", file=path,
                             fix="sheets are: " + ", ".join(names))
        name = sheet or next((n for n in names if n != PLAN_SHEET), names[0])
        rows = _values(path, wb, name)
        block = _values(path, wb, PLAN_SHEET) if PLAN_SHEET in names and name != PLAN_SHEET else []
    finally:
        wb.close()
    return _texts(rows), _texts(block)


def write_plan_workbook(path: str | os.PathLike, headers: Sequence[str],
                        rows: Sequence[Sequence[str]], block: Sequence[Sequence[str]]) -> Path:
    """Write the task table and the plan sheet; every cell is text, never a formula."""
    import openpyxl
    wb = openpyxl.Workbook()
    tasks = wb.active
    tasks.title = TASK_SHEET
    _fill(tasks, [headers, *rows], path)
    tasks.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJKLM", (6, 6, 16, 6, 6, 16, 8, 60, 20, 30, 10, 8, 8),
                          strict=False):
        tasks.column_dimensions[col].width = width
    _fill(wb.create_sheet(PLAN_SHEET), block, path)
    _fixed_properties(wb)
    return write_atomic(path, lambda fh: save_deterministic(wb, fh))


def _fill(ws, rows: Sequence[Sequence[str]], path: object) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if len(value) > MAX_CELL_CHARS or ILLEGAL_CHARACTERS_RE.search(value):
                why = ("longer than Excel's 32,767 characters per cell"
                       if len(value) > MAX_CELL_CHARS else "has control characters")
                raise OutputError(f"row {r} column {c}: text {why}", file=path,
                                  fix="export to .csv instead")
            cell = ws.cell(r, c, value)
            cell.data_type = "s"  # text, even when it starts with = + - @
# == end of plan sheets ============================================================================


# ==== reports: comparison and single-plan workbooks ==============================================
#: Fixed workbook timestamps, so that the same inputs give the same bytes.
FIXED_TIME = _dt.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ILLEGAL = {c: "\ufffd" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]}
_CUT = "…[cut: Excel cells hold at most 32767 characters]"

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")
_ROTATED = Alignment(text_rotation=90, horizontal="center", vertical="bottom")
_DELETE = InlineFont(color=DELETE_COLOUR, strike=True)
_INSERT = InlineFont(color=INSERT_COLOUR, u="single")


def write_workbook(sheets: Sequence[SheetSpec], path: str | os.PathLike, *,
                   title: str | None = None) -> Path:
    """Write ``sheets`` to ``path`` atomically (temporary file + rename) and deterministically."""
    wb = build_workbook(sheets, title=title)
    return write_atomic(path, lambda fh: save_deterministic(wb, fh))


def build_workbook(sheets: Sequence[SheetSpec], *, title: str | None = None) -> Workbook:
    """An openpyxl `Workbook` with one worksheet per spec, in order."""
    wb = Workbook()
    wb.remove(wb.active)
    _fixed_properties(wb).title = title
    for spec in sheets:
        _fill_sheet(wb.create_sheet(spec.name), spec)
    return wb


def _fixed_properties(wb: Workbook):
    """Creator and times that do not depend on who wrote the workbook, or when."""
    props = wb.properties
    props.creator = props.lastModifiedBy = "diffkit"
    props.created = props.modified = FIXED_TIME
    return props


def save_deterministic(wb: Workbook, fh: IO[bytes]) -> None:
    """Save like `Workbook.save`, but keep the fixed ``modified`` time and stamp every zip
    member with 1980-01-01, so that the same workbook gives the same bytes."""
    with _FixedTimeZip(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()


class _FixedTimeZip(zipfile.ZipFile):
    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):  # noqa: D102
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o644 << 16
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # noqa: D102
        # openpyxl writes worksheets through a temporary file: store its bytes, not its mtime
        with open(filename, "rb") as fh:
            self.writestr(arcname or os.path.basename(filename), fh.read())


def _fill_sheet(ws: Worksheet, spec: SheetSpec) -> None:
    for col, name in enumerate(spec.header, 1):
        cell = set_cell(ws, 1, col, name)
        cell.font = _BOLD
        cell.fill = _solid_fill(HEADER_FILL)
        rotate = spec.rotate_header_from is not None and col > spec.rotate_header_from
        cell.alignment = _ROTATED if rotate else _WRAP
    fills = {key: _solid_fill(colour) for key, colour in spec.fills.items()}
    columns = spec.fill_columns or range(1, len(spec.header) + 1)
    for r, row in enumerate(spec.rows):
        for col, value in enumerate(row, 1):
            cell = set_cell(ws, r + 2, col, value)
            cell.alignment = _WRAP
            if r in spec.bold_rows:
                cell.font = _BOLD
        if r in fills:
            for col in columns:
                ws.cell(r + 2, col).fill = fills[r]
    for col, width in enumerate(spec.column_widths(), 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, height in enumerate(spec.row_heights(), 1):
        if height is not None:
            ws.row_dimensions[r].height = height
    ws.page_setup.orientation = "landscape"  # printed: as wide as the page, as long as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    for col, values, prompt in spec.choices:
        _choices(ws, col, values, prompt, last=len(spec.rows) + 1)
    if spec.table and spec.header:
        ws.freeze_panes = spec.freeze
        last = get_column_letter(len(spec.header))
        ws.auto_filter.ref = f"A1:{last}{len(spec.rows) + 1}"


def _choices(ws: Worksheet, col: int, values: Sequence[str], prompt: str, *, last: int) -> None:
    """A drop-down list on a column's data rows that still accepts other text."""
    if last < 2:
        return
    listed = '"' + ",".join(values) + '"'
    rule = DataValidation(type="list", formula1=listed, allow_blank=True, showErrorMessage=False,
                          showInputMessage=True, promptTitle=ws.cell(1, col).value,
                          prompt=prompt[:255])
    letter = get_column_letter(col)
    rule.add(f"{letter}2:{letter}{last}")
    ws.add_data_validation(rule)


def _solid_fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def set_cell(ws: Worksheet, row: int, col: int, value: Any):
    """Write one value; text is always a string cell, never a formula."""
    cell = ws.cell(row, col)
    if isinstance(value, Redline):
        cell.value = rich_text(value.ops)
    elif value is None or isinstance(value, (bool, int, float)):
        cell.value = value
    else:
        cell.value = clean_text(str(value))
        cell.data_type = "s"
    return cell


def clean_text(text: str) -> str:
    """Text a workbook can hold: control characters become U+FFFD, and overlong text is cut
    with a visible note."""
    text = text.translate(_ILLEGAL)
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS - len(_CUT)] + _CUT
    return text


def rich_text(ops: Iterable[tuple[str, str]]) -> CellRichText:
    """A rich-text value from redline ops: ``delete`` red and struck through, ``insert``
    green and underlined, ``equal`` plain. Adjacent ops of one kind are joined."""
    runs: list[list[str]] = []
    for op, text in ops:
        if op not in ("equal", "delete", "insert"):
            raise ValueError(f"unknown redline op {op!r}: use equal, delete or insert")
        if not text:
            continue
        if runs and runs[-1][0] == op:
            runs[-1][1] += text
        else:
            runs.append([op, text])
    budget = MAX_CELL_CHARS - len(_CUT)
    parts: list[str | TextBlock] = []
    for op, text in runs:
        text = clean_text(text)[:budget]
        budget -= len(text)
        if op == "equal":
            parts.append(text)
        else:
            parts.append(TextBlock(_DELETE if op == "delete" else _INSERT, text))
        if budget <= 0:
            parts.append(_CUT)
            break
    return CellRichText(parts)


def read_table(path: str | os.PathLike, *, sheet: str) -> tuple[list[str], list[list[Any]]]:
    """The header and data rows of ``sheet`` in an .xlsx file (values, not formulas), checked
    by `diffkit.untrusted.check_workbook` first. A missing or damaged file or a missing sheet
    raises `InputError`."""
    wb = _open(path)
    try:
        if sheet not in wb.sheetnames:
            raise InputError(f"no sheet {sheet!r}", file=path,
                             fix=f"sheets are {', '.join(wb.sheetnames)}")
        rows = _values(path, wb, sheet)
    finally:
        wb.close()
    if not rows:
        return [], []
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    return header, rows[1:]


def plan_workbook(plan, path: str | os.PathLike, *,
                  names: Mapping[str, tuple[str, ...]] | None = None, as_of=None,
                  registry=None) -> Path:
    """Write the single-plan workbook (Tasks, Matrix with L/P marks, Agencies) to ``path``.
    Agencies are canonical names from the registry (as of ``as_of``: reform successors);
    ``names`` maps a name as written to its agencies instead."""
    from .workbook import plan_sheets
    if names is None:
        from ..agencies.resolution import canonical_names
        written = {n for t in plan.tasks for n in t.agencies}
        names = {n: canonical_names([n], plan=plan, as_of=as_of, registry=registry)
                 for n in sorted(written)}
    return write_workbook(plan_sheets(plan, names=names), path, title=plan.title)


def write_comparison_workbook(comparison, path: str | os.PathLike) -> Path:
    """Write the comparison report to ``path`` (the twin of ``diffkit compare --excel``):
    Summary, Tasks, Redline, Agencies, Changes and, with a guideline, Coverage."""
    from .layout import comparison_sheets, report_inputs
    sheets = comparison_sheets(comparison, **report_inputs(comparison))
    title = f"{comparison.a.title} → {comparison.b.title}"
    return write_workbook(sheets, path, title=title)


# ==== corpus workbook (a self-contained block) ====================================================
CORPUS_FILLS = {"unchanged": "C6EFCE", "reworded": "FFF2CC", "split": "DDEBF7",
                "merged": "E4DFEC", "removed": "F8CBAD"}
EXCEL_MAX_COLUMNS = 16384


def write_corpus_workbook(corpus, path):
    """Write a corpus workbook atomically: Coverage (plans × guideline tasks: the score,
    coloured by status; uncovered cells empty and red), Plans (fidelity per plan) and
    Agencies (canonical agency × plan: lead and participant task counts). Text cells are
    string cells, so nothing is ever read as a formula."""
    wb = Workbook(write_only=True)
    _corpus_coverage_sheet(wb, corpus)
    _corpus_table_sheet(wb, "Plans", *_corpus_plans(corpus))
    _corpus_table_sheet(wb, "Agencies", *_corpus_agencies(corpus))
    _fixed_properties(wb)
    return write_atomic(path, lambda fh: save_deterministic(wb, fh))


_CORPUS_STYLES: dict = {}


def _corpus_cell(ws, value, fill: str | None = None, bold: bool = False):
    """A write-only cell when it needs one (text: always a string cell; a fill; bold);
    numbers and empty cells go in as they are."""
    if not isinstance(value, str) and fill is None and not bold:
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=_corpus_text(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    if fill:
        cell.fill = _corpus_style("fill", fill)
    if bold:
        cell.font = _corpus_style("bold", None)
    return cell


def _corpus_style(kind: str, colour: str | None):
    key = (kind, colour)
    if key not in _CORPUS_STYLES:
        from openpyxl.styles import Font, PatternFill
        _CORPUS_STYLES[key] = (PatternFill("solid", fgColor=colour) if kind == "fill"
                               else Font(bold=True))
    return _CORPUS_STYLES[key]


def _corpus_text(text: str) -> str:
    """Characters an XML worksheet cannot hold become U+FFFD; cells are at most 32767."""
    return text.translate(_ILLEGAL)[:MAX_CELL_CHARS]


def _corpus_coverage_sheet(wb, corpus) -> None:
    ws = wb.create_sheet("Coverage")
    ws.freeze_panes = "C2"
    ids = [r.task.id for r in corpus.guideline.refs]
    ws.append([_corpus_cell(ws, h, bold=True) for h in ["plan", "title", *ids]])
    n = len(ids)
    for k, plan in enumerate(corpus.plans):
        cells = [_corpus_cell(ws, plan.id), _corpus_cell(ws, plan.title)]
        for row in corpus.coverage[k * n:(k + 1) * n]:
            cells.append(_corpus_cell(ws, row.score, CORPUS_FILLS[row.status.value]))
        ws.append(cells)
    ws.append([])
    ws.append([_corpus_cell(ws, "legend", bold=True)]
              + [_corpus_cell(ws, s, f) for s, f in CORPUS_FILLS.items()])
    ws.append([_corpus_cell(ws, "cells: similarity 0–100 of the plan's task(s) carrying the "
                                "guideline task; empty: not covered")])


def _corpus_plans(corpus):
    from ..corpus.run import STATUSES

    header = ["plan", "title", "file", "tasks", "covered", "coverage", "retained", "added",
              *STATUSES, "lead", "participants", "responsible", "agencies"]
    rows = [[p.id, p.title, p.file or "", p.tasks, p.covered, p.coverage, p.retained,
             p.added, *p.statuses, p.lead, p.participants, p.responsible, p.agencies]
            for p in corpus.plans]
    return header, rows


def _corpus_agencies(corpus):
    """Wide (agency rows, a lead, a participants and a responsible column per plan) when
    Excel has the columns for it, else long (agency, plan, lead, participants,
    responsible)."""
    plans = [p.id for p in corpus.plans]
    totals: dict[str, list[int]] = {}
    per: dict[tuple[str, str], tuple[int, int, int]] = {}
    for a in corpus.agencies:
        t = totals.setdefault(a.agency, [0, 0, 0, 0])
        t[0] += a.lead
        t[1] += a.participants
        t[2] += a.responsible
        t[3] += 1
        per[(a.agency, a.plan)] = (a.lead, a.participants, a.responsible)
    order = sorted(totals, key=lambda a: (-totals[a][0], -totals[a][1], -totals[a][2], a))
    head = ["agency", "lead tasks", "participant tasks", "responsible tasks", "plans"]
    if len(head) + 3 * len(plans) > EXCEL_MAX_COLUMNS:
        rows = [[a.agency, a.plan, a.lead, a.participants, a.responsible]
                for a in corpus.agencies]
        return ["agency", "plan", "lead", "participants", "responsible"], rows
    header = head + [f"{p} {role}" for p in plans
                     for role in ("lead", "participants", "responsible")]
    rows = [[a, *totals[a]] + [n or None for p in plans for n in per.get((a, p), (0, 0, 0))]
            for a in order]
    return header, rows


def _corpus_table_sheet(wb, title: str, header, rows) -> None:
    ws = wb.create_sheet(title)
    ws.freeze_panes = "B2"
    ws.append([_corpus_cell(ws, h, bold=True) for h in header])
    for row in rows:
        ws.append([_corpus_cell(ws, v) for v in row])
# ==== end of corpus workbook block ==========================================================
