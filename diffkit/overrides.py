"""Reviewer overrides: the ``verdict`` column of a reviewed Tasks sheet, read back.

A researcher opens the workbook from ``diffkit compare --excel``, writes a verdict on the rows
they checked and hands the file (.xlsx, or the Tasks sheet saved as .csv) back with
``--overrides``. The vocabulary (case and spaces do not matter):

``same``
    this row is right: keep its A and B tasks together exactly as they are (on an added or
    removed row: the task really has no counterpart).
``different``
    the row's A and B tasks are not the same task: never pair them with each other; they are
    aligned again without that pairing.
``A:2.1=B:3.2``
    force a match, whatever the row says; several ids make a split or merge
    (``A:2.1=B:3.2,3.3``).
empty
    no verdict: diffkit decides.

The ``note`` column is the reviewer's own and is carried into the new workbook. Nothing here
imports openpyxl; .xlsx files are read through `diffkit.excel.read_table` only when given.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .files import read_bytes

VERDICTS = ("same", "different", "A:<ids>=B:<ids>")
VOCABULARY = ("same = keep this row's pairing; different = these tasks are not the same task; "
              "A:2.1=B:3.2 = force a match (A:2.1=B:3.2,3.3 for a split); empty = no verdict")
VOCABULARY_ROWS = (("same", "this row is right: keep its A and B tasks together as they are"),
                   ("different", "not the same task: never pair this row's A and B tasks"),
                   ("A:2.1=B:3.2", "force a match (A:2.1=B:3.2,3.3 for a split, "
                                   "A:2.1,2.2=B:3.2 for a merge)"),
                   ("(empty)", "no verdict: diffkit decides"),
                   ("use", "diffkit compare A B --overrides REVIEWED.xlsx --excel NEW.xlsx"))
COLUMNS = {"a": ("a ids", "a", "a_ids", "a task", "a tasks"),
           "b": ("b ids", "b", "b_ids", "b task", "b tasks"),
           "verdict": ("verdict",), "note": ("note",)}
SHEET = "Tasks"
_FORCE = re.compile(r"^a\s*[:：]\s*(?P<a>[^=]+?)\s*[=＝]\s*b\s*[:：]\s*(?P<b>.+)$", re.I)
_SPLIT = re.compile(r"[\s,，、;；+]+")
_FIX = f"use {VOCABULARY}"


@dataclass(frozen=True)
class Override:
    """One reviewer verdict: ``kind`` is ``same``, ``different`` or ``match`` (forced);
    ``a`` and ``b`` are task ids; ``row`` is the spreadsheet row it came from."""

    kind: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    row: int
    text: str = ""
    note: str = ""
    file: str = ""

    @property
    def place(self) -> str:
        return f"{SHEET} row {self.row}"


def read_overrides(path: str | os.PathLike) -> list[Override]:
    """Every verdict and note of a reviewed Tasks sheet (.xlsx) or its .csv; rows without a
    verdict or note are skipped. A bad verdict raises `InputError` naming file, row, value."""
    p = Path(path)
    header, rows = _read_rows(p)
    cols = _columns(header, p)
    out = []
    for k, row in enumerate(rows):
        cell = {key: _text(row[i]) if i is not None and i < len(row) else ""
                for key, i in cols.items()}
        if not cell["verdict"] and not cell["note"]:
            continue
        out.append(parse_verdict(cell["verdict"], a=_ids(cell["a"]), b=_ids(cell["b"]),
                                 row=k + 2, note=cell["note"], file=str(p)))
    return out


def parse_verdict(text: str, *, a: tuple[str, ...] = (), b: tuple[str, ...] = (),
                  row: int = 0, note: str = "", file: str = "") -> Override:
    """One verdict cell, with the A and B ids of its row."""
    word = " ".join(text.split()).lower()
    place = f"{SHEET} row {row}"
    if word in ("", "same"):
        if word and not (a or b):
            raise InputError("'same' on a row without task ids", file=file or None,
                             place=place, fix="fill the A ids or B ids column")
        return Override(word or "none", a, b, row, text, note, file)
    if word == "different":
        if not (a and b):
            raise InputError(f"'{text}' needs tasks on both sides, this row has "
                             f"{'only A' if a else 'only B' if b else 'none'}",
                             file=file or None, place=place,
                             fix="use it on a pair row, or force a match with A:2.1=B:3.2")
        return Override("different", a, b, row, text, note, file)
    m = _FORCE.match(" ".join(text.split()))
    if m and _ids(m["a"]) and _ids(m["b"]):
        fa, fb = _ids(m["a"]), _ids(m["b"])
        if len(fa) > 1 and len(fb) > 1:
            raise InputError(f"verdict {text!r} has several tasks on both sides",
                             file=file or None, place=place,
                             fix="a forced match is one to one, one A to several B (split) "
                                 "or several A to one B (merge)")
        return Override("match", fa, fb, row, text, note, file)
    raise InputError(f"unknown verdict {text!r}", file=file or None, place=place, fix=_FIX)


def check_overrides(overrides: Sequence[Override], a_ids: Iterable[str], b_ids: Iterable[str],
                    *, a_name: str = "A", b_name: str = "B") -> None:
    """Every id exists in its plan; no task is kept or forced in two places; nothing is both
    forced together and kept apart. Raises `InputError` naming file, row and value."""
    known = {"A": set(a_ids), "B": set(b_ids)}
    names = {"A": a_name, "B": b_name}
    held: dict[tuple[str, str], Override] = {}
    for o in overrides:
        for side, ids in (("A", o.a), ("B", o.b)):
            for tid in ids:
                if tid not in known[side]:
                    where = (f"the {side} ids of this row or its verdict {o.text!r}"
                             if o.kind == "match" else f"the {side} ids column of this row")
                    raise InputError(f"{side} task {tid!r} does not exist in {names[side]}",
                                     file=o.file or None, place=o.place, fix=f"correct {where}")
                if o.kind in ("same", "match"):
                    other = held.setdefault((side, tid), o)
                    if other is not o:
                        raise InputError(f"{side} task {tid} is already placed by row "
                                         f"{other.row} ({other.text!r})", file=o.file or None,
                                         place=o.place, fix="keep one verdict per task")
    for o in overrides:
        if o.kind == "different":
            for x in o.a:
                for y in o.b:
                    g = held.get(("A", x))
                    if g is not None and g is held.get(("B", y)):
                        raise InputError(f"A {x} and B {y} are kept apart here but kept "
                                         f"together by row {g.row} ({g.text!r})",
                                         file=o.file or None, place=o.place,
                                         fix="keep one verdict per task")


def constraints(overrides, a_plan, b_plan):
    """``(overrides, fixed groups, forbidden pairs)`` for `align.align` from a reviewed file
    path or a sequence of `Override`s (None: no constraints), checked against both plans."""
    if overrides is None:
        return (), [], frozenset()
    if isinstance(overrides, (str, os.PathLike)):
        overrides = read_overrides(overrides)
    overrides = tuple(overrides)
    check_overrides(overrides, (t.id for t in a_plan.tasks), (t.id for t in b_plan.tasks),
                    a_name=f"A ({a_plan.id})", b_name=f"B ({b_plan.id})")
    return overrides, fixed_groups(overrides), forbidden_pairs(overrides)


def fixed_groups(overrides: Sequence[Override]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Groups of (A ids, B ids) that must stay together as they are."""
    return [(o.a, o.b) for o in overrides if o.kind in ("same", "match")]


def forbidden_pairs(overrides: Sequence[Override]) -> frozenset[tuple[str, str]]:
    """(A id, B id) pairs that must not be matched."""
    return frozenset((x, y) for o in overrides if o.kind == "different"
                     for x in o.a for y in o.b)


# -- reading ----------------------------------------------------------------------------------
def _read_rows(p: Path) -> tuple[list[str], list[list[Any]]]:
    suffix = p.suffix.lower()
    if suffix == ".csv":
        return _read_csv(p)
    if suffix in (".xlsx", ".xlsm"):
        from .report.excel import read_table
        return read_table(p, sheet=SHEET)
    raise InputError(f"unknown overrides file type {p.suffix or '(none)'!r}", file=p,
                     fix="give the reviewed .xlsx workbook or its Tasks sheet as .csv")


def _read_csv(p: Path) -> tuple[list[str], list[list[Any]]]:
    data = read_bytes(p, what="overrides file")
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves GB18030
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise InputError("not UTF-8 or GB18030 text", file=p, fix="save the sheet as CSV UTF-8")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return [], []
    return [h.strip() for h in rows[0]], [list(r) for r in rows[1:]]


def _columns(header: list[str], p: Path) -> dict[str, int | None]:
    lower = [h.strip().lower() for h in header]
    cols: dict[str, int | None] = {}
    for key, aliases in COLUMNS.items():
        cols[key] = next((lower.index(n) for n in aliases if n in lower), None)
    if cols["verdict"] is None:
        raise InputError("no 'verdict' column in row 1", file=p,
                         fix="use the Tasks sheet of a workbook from `diffkit compare --excel`")
    if cols["a"] is None or cols["b"] is None:
        raise InputError("no 'A ids' and 'B ids' columns in row 1", file=p,
                         fix="use the Tasks sheet of a workbook from `diffkit compare --excel`")
    return cols


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text[:2] in ("'=", "'+", "'-", "'@"):  # a CSV cell made formula-safe by diffkit
        text = text[1:]
    return text


def _ids(text: str) -> tuple[str, ...]:
    return tuple(t for t in _SPLIT.split(text.strip()) if t)
