"""Workbooks (.xlsx): openpyxl is imported only here, and only when a workbook is asked for.

Workbooks come from colleagues and websites, so they are untrusted: openpyxl parses their XML
with defusedxml (installed with diffkit; no entity expansion), and `check_workbook` refuses, before
openpyxl opens anything, a file that is not a zip archive, a zip without ``xl/workbook.xml``,
and any part that would decompress beyond `MAX_PART_BYTES` (or `MAX_TOTAL_BYTES` in all) — a
zip bomb. The declared sizes are binding: Python's zipfile stops reading a part at its declared
size and checks its CRC.
"""

from __future__ import annotations

import datetime as _dt
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import InputError, OutputError
from .files import read_bytes, write_atomic

MAX_PART_BYTES = 100 * 1024 * 1024  # one part of a workbook, uncompressed
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # all parts together
MAX_CELL_CHARS = 32767  # Excel's limit for one cell


def check_workbook(path: str | os.PathLike) -> None:
    """Refuse what is not a plain .xlsx workbook of reasonable size; see the module doc."""
    read_bytes(path, what="workbook")  # missing, directory, empty: clear errors
    fix = "give an .xlsx workbook saved by Excel or LibreOffice, or a .csv table"
    if not zipfile.is_zipfile(path):
        raise InputError("not an .xlsx workbook (not a zip archive; a text or .xls file "
                         "renamed?)", file=path, fix=fix)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"corrupt .xlsx workbook: {exc}", file=path, fix=fix) from None
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise InputError("not an Excel workbook (no xl/workbook.xml in the archive)",
                         file=path, fix=fix)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            raise InputError(f"part {info.filename} would expand to {info.file_size:,} bytes "
                             f"(limits: {MAX_PART_BYTES:,} per part, {MAX_TOTAL_BYTES:,} in all); "
                             "refusing a possible zip bomb", file=path,
                             fix="split the workbook or export it as .csv")


def _open(path: str | os.PathLike):
    check_workbook(path)
    import openpyxl  # lazily: only workbook users pay for it
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged parts
        raise _unreadable(path, exc) from None


def _unreadable(path: object, exc: BaseException) -> InputError:
    """One line naming the root cause (e.g. defusedxml's EntitiesForbidden)."""
    root = exc
    while root.__cause__ or root.__context__:
        root = root.__cause__ or root.__context__
    first = (str(root).strip().splitlines() or [""])[0]
    return InputError(f"cannot read workbook: {type(root).__name__}: {first}", file=path,
                      fix="open and save it again in Excel or LibreOffice, or export .csv")


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


def _rows(ws) -> list[list[str]]:
    return [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]


# == plan sheets (diffkit import / export) ========================================================
# Owned by the parser engineer: the task table of a plan and its "plan" field/key/value sheet.
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
        try:
            rows = _rows(wb[name])
            block = _rows(wb[PLAN_SHEET]) if PLAN_SHEET in names and name != PLAN_SHEET else []
        except Exception as exc:  # damaged or hostile XML, met lazily while reading rows
            raise _unreadable(path, exc) from None
    finally:
        wb.close()
    return rows, block


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
    return write_atomic(path, wb.save)


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
