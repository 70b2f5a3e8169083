"""The standard organs' CSV files (``diffkit/agencies/data/``) read into a `standard.Standard`:
columns checked, a bad row named by file, line and column (`registry.RegistryError`)."""

from __future__ import annotations

import csv
import io

from ..normalize import fold_name
from .registry import RegistryError
from .standard import KINDS, LEVELS, FunctionStep, Organ, Standard, Vertical

# -- loading ----------------------------------------------------------------------------------
COLUMNS = {
    "organs.csv": ("function", "level", "name", "short", "aliases", "english", "kind", "until",
                   "source"),
    "vertical.csv": ("function", "level", "markers", "parents", "canonical", "english", "kind",
                     "until", "source"),
    "collectives.csv": ("function", "forms", "english", "source"),
    "abbreviations.csv": ("written", "key", "source"),
    "regions.csv": ("name", "short", "level", "source"),
    "function_successors.csv": ("old", "new", "relation", "level", "date", "source",
                                "confidence", "note"),
}
STEP_LEVELS = ("all", "local", "vertical", *LEVELS)


def _rows(name: str, text: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of one standard CSV by line; a missing column, a row with more cells than
    the header or a cell out of its choices is a `RegistryError` naming file, line and
    column."""
    columns = COLUMNS[name]
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    file = f"diffkit/agencies/data/{name}"
    for col in columns:
        if col not in header:
            raise RegistryError(f"missing column {col!r}", file=file, place="line 1",
                                fix=f"the header must have: {','.join(columns)}")
    out = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise RegistryError(f"{len(values)} cells but {len(header)} columns", file=file,
                                place=f"line {reader.line_num}", fix="quote cells with commas")
        row = dict(zip(header, [v.strip() for v in values] + [""] * len(header), strict=False))
        for col, choices in (("level", LEVELS + STEP_LEVELS), ("kind", KINDS)):
            if col in columns and row[col] not in choices:
                raise RegistryError(f"unknown {col} {row[col]!r}", file=file,
                                    place=f"line {reader.line_num}, column "
                                          f"{header.index(col) + 1} ({col})",
                                    fix=f"use one of: {', '.join(dict.fromkeys(choices))}")
        out.append((reader.line_num, row))
    return out


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def parse_standard(texts: dict[str, str]) -> Standard:
    """A `Standard` from the texts of the six CSV files (by file name)."""
    parsed = {name: _rows(name, texts[name]) for name in COLUMNS}
    rows = {name: [r for _line, r in lines] for name, lines in parsed.items()}
    organs = tuple(Organ(r["function"], r["level"], r["name"], r["short"], _split(r["aliases"]),
                         r["english"], r["kind"], r["until"], r["source"])
                   for r in rows["organs.csv"])
    vertical = tuple(Vertical(r["function"], tuple(fold_name(m) for m in _split(r["markers"])),
                              r["canonical"], r["english"], r["until"], r["source"],
                              tuple(fold_name(p) for p in _split(r["parents"])))
                     for r in rows["vertical.csv"])
    abbreviations = tuple(sorted(((fold_name(r["written"]), fold_name(r["key"]))
                                  for r in rows["abbreviations.csv"]), key=lambda p: -len(p[0])))
    collectives: dict[str, str] = {}
    std = Standard(organs, vertical, collectives, abbreviations, {}, ())
    for r in rows["collectives.csv"]:
        for form in _split(r["forms"]):
            collectives.setdefault(std.key(form), r["function"])
    regions: dict[str, str] = {}
    for r in rows["regions.csv"]:
        regions[fold_name(r["name"])] = r["name"]
        for form in _split(r["short"]):
            regions.setdefault(fold_name(form), r["name"])
    known = {o.function for o in organs} | {v.function for v in vertical}
    steps = []
    for line, r in parsed["function_successors.csv"]:
        for col in ("old", "new"):
            if r[col] not in known:
                raise RegistryError(f"unknown function {r[col]!r}",
                                    file="diffkit/agencies/data/function_successors.csv",
                                    place=f"line {line}, column {col}",
                                    fix="use a function of organs.csv or vertical.csv")
        steps.append(FunctionStep(r["old"], r["new"], r["relation"], r["level"], r["date"],
                                  r["source"], r["confidence"], r["note"]))
    return Standard(organs, vertical, collectives, abbreviations, regions, tuple(steps))


__all__ = ["COLUMNS", "STEP_LEVELS", "parse_standard"]
