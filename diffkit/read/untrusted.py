"""Untrusted workbooks: the checks made before openpyxl opens one, and the one line said when
reading it fails. No openpyxl here (only zipfile); `diffkit.excel` calls these.

Workbooks come from colleagues and websites. `check_workbook` refuses, before openpyxl opens
anything, a file that is not a zip archive, a zip without ``xl/workbook.xml``, and any part
that would decompress beyond `MAX_PART_BYTES` (or `MAX_TOTAL_BYTES` in all) — a zip bomb. The
declared sizes are binding: Python's zipfile stops reading a part at its declared size and
checks its CRC. `unreadable` turns whatever openpyxl or defusedxml raised into `InputError`.
"""

from __future__ import annotations

import os
import zipfile

from ..errors import InputError
from ..files import read_bytes

MAX_PART_BYTES = 100 * 1024 * 1024  # one part of a workbook, uncompressed
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # all parts together


def check_workbook(path: str | os.PathLike) -> None:
    """Refuse what is not a plain .xlsx workbook of reasonable size; see the module doc."""
    read_bytes(path, what="workbook")  # missing, directory, empty: clear errors
    fix = "give an .xlsx workbook saved by Excel or LibreOffice, or a .csv table"
    if not zipfile.is_zipfile(path):
        raise InputError("not an .xlsx workbook (not a zip archive; a text or .xls file "
                         "renamed?)", file=path, fix=fix)
    check_archive(path, member="xl/workbook.xml", what=".xlsx workbook", fix=fix,
                  bomb_fix="split the workbook or export it as .csv")


def check_archive(path: str | os.PathLike, *, member: str, what: str, fix: str,
                  bomb_fix: str | None = None) -> None:
    """Refuse a zip archive (a workbook, a .docx) that is corrupt, lacks ``member``, or has a
    part that would decompress beyond `MAX_PART_BYTES` (`MAX_TOTAL_BYTES` in all)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"corrupt {what}: {exc}", file=path, fix=fix) from None
    if member not in {i.filename for i in infos}:
        raise InputError(f"not a {what} (no {member} in the archive)", file=path, fix=fix)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            raise InputError(f"part {info.filename} would expand to {info.file_size:,} bytes "
                             f"(limits: {MAX_PART_BYTES:,} per part, {MAX_TOTAL_BYTES:,} in all); "
                             "refusing a possible zip bomb", file=path, fix=bomb_fix or fix)


def unreadable(path: object, exc: BaseException) -> InputError:
    """One line naming the root cause (e.g. defusedxml's EntitiesForbidden)."""
    root = exc
    while root.__cause__ or root.__context__:
        root = root.__cause__ or root.__context__
    first = (str(root).strip().splitlines() or [""])[0]
    if type(root).__module__.startswith("defusedxml"):  # EntitiesForbidden, DTDForbidden, ...
        return InputError(f"cannot read workbook: its XML declares entities or a DTD "
                          f"({type(root).__name__}), as an XML bomb or a file-stealing "
                          "workbook does; refused", file=path,
                          fix="if you trust it, open and save it again in Excel or "
                              "LibreOffice, or export .csv")
    return InputError(f"cannot read workbook: {type(root).__name__}: {first}", file=path,
                      fix="open and save it again in Excel or LibreOffice, or export .csv")
