"""Where a corpus's plans come from, cut into work units that a worker can read by itself.

`plan_units(sources, chunk_size)` turns what the user named into `Unit`s of at most
``chunk_size`` plans, lazily and in input order:

* a plan JSON file (or a raw text file, parsed on the fly as `compare.read_plan` does);
* a directory: its ``*.json`` files, searched recursively (a directory's own files first,
  sorted, then its subdirectories, sorted); a line on stderr says how many were found;
* a glob pattern (``**`` recursive), sorted;
* JSON Lines (``.jsonl``, ``.ndjson``): one plan per line; this process only finds where
  each chunk's lines begin (newline positions, no parsing) and the worker reads those bytes;
  ``-`` reads JSON Lines from standard input, and then the lines travel with the unit;
* Parquet of plans (``.parquet``): one row per plan, the plan's ``diffkit.plan/1`` JSON text
  in a string column ``plan`` (other columns are ignored), read by the worker one row
  group (or a slice of one) at a time;
* `Plan` objects or mappings (Python API), which travel with the unit.

`read_unit` (on a worker) reads and checks a unit's plans with `records`: for each, the
plan or the one-line error that names the file and line (``plans.jsonl: line 17: …``).
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..compare import read_plan
from ..errors import DiffkitError, InputError
from ..model import Plan, sections_of_kind

#: what a plan or guideline may be given as
Source = Plan | Mapping[str, Any] | str | os.PathLike

JSONL = (".jsonl", ".ndjson")
PARQUET = (".parquet", ".pq")
BLOCK = 1 << 22     # bytes read at a time when finding line starts


@dataclass(frozen=True)
class Unit:
    """Plans a worker reads by itself. ``kind``: ``files`` (``items``: paths), ``lines``
    (``items``: raw JSON lines, the first numbered ``first``), ``jsonl`` (``where``: path;
    bytes ``start``–``stop``, the first line numbered ``first``), ``parquet`` (``where``:
    path; ``items``: (row group, offset, rows); ``first``: the first row's number),
    ``objects`` (``items``: plans or mappings) or ``packed`` (``items``: `Plan` objects as
    `records.pack` made them, to send to another process: `portable`)."""

    kind: str
    where: str = ""
    items: tuple = ()
    first: int = 1
    start: int = 0
    stop: int = 0


Note = Callable[[str], None]


def plan_units(sources: Iterable[Any], chunk_size: int, *, note: Note | None = None,
               stdin=None) -> Iterator[Unit]:
    """`Unit`s of at most ``chunk_size`` plans, in input order. ``note`` receives lines for
    the user (how many plan files a directory held)."""
    if isinstance(sources, (str, os.PathLike, Plan, Mapping)):
        sources = [sources]
    batch = _Batch(chunk_size)
    seen: set[str] = set()   # plan files named twice (a directory and a pattern) count once
    for item in sources:
        if not isinstance(item, (str, os.PathLike)):
            yield from batch.add("objects", item)
            continue
        for path in _expand(os.fspath(item), note):
            kind = _kind(path)
            if kind == "files":
                if path not in seen:
                    seen.add(path)
                    yield from batch.add("files", path)
                continue
            yield from batch.flush()
            if kind == "stdin":
                yield from _stdin_units(stdin or sys.stdin.buffer, chunk_size)
            elif kind == "jsonl":
                yield from _jsonl_units(path, chunk_size)
            else:
                yield from _parquet_units(path, chunk_size)
    yield from batch.flush()


class _Batch:
    """Plan paths or objects gathered into units of ``size``, of one kind at a time."""

    def __init__(self, size: int) -> None:
        self.size, self.kind, self.items = size, "", []

    def add(self, kind: str, item) -> Iterator[Unit]:
        if kind != self.kind:
            yield from self.flush()
            self.kind = kind
        self.items.append(item)
        if len(self.items) == self.size:
            yield from self.flush()

    def flush(self) -> Iterator[Unit]:
        if self.items:
            yield Unit(self.kind, items=tuple(self.items))
        self.items = []


def _kind(path: str) -> str:
    if path == "-":
        return "stdin"
    suffix = Path(path).suffix.lower()
    if suffix in JSONL:
        return "jsonl"
    if suffix in PARQUET:
        return "parquet"
    return "files"


def _expand(text: str, note: Note | None) -> Iterator[str]:
    """A path, a directory's plan files (recursively) or a glob pattern's matches."""
    p = Path(text)
    if text != "-" and p.is_dir():
        count = 0
        for found in _walk(p):
            count += 1
            yield found
        if not count:
            raise _no_plans(p)
        if note:
            note(f"{text}: {count:,} plan file{'s' * (count != 1)} (searched recursively)")
    elif text != "-" and not p.exists() and glob.has_magic(text):
        matches = sorted(glob.glob(text, recursive=True))
        if not matches:
            raise InputError("no files match this pattern", file=text,
                             fix="check the pattern (quote it to let diffkit expand it)")
        for m in matches:
            if Path(m).is_dir():
                yield from _walk(Path(m))
            else:
                yield m
    else:
        yield text


DOCUMENTS = (".txt", ".html", ".htm", ".mht", ".mhtml", ".docx", ".pdf")  # parsed on the fly


def _documents(top: Path) -> dict[str, int]:
    """How many files of each document kind a plan can be read from lie below ``top``."""
    found: dict[str, int] = {}
    for f in top.rglob("*"):
        suffix = f.suffix.lower()
        if suffix in DOCUMENTS and f.is_file():
            found[suffix] = found.get(suffix, 0) + 1
    return found


def _no_plans(top: Path) -> InputError:
    """A directory with no plan JSON below it: which documents it holds, and the pattern
    that reads them."""
    found = _documents(top)
    if not found:
        return InputError("no *.json plan files in this directory or below it", file=top,
                          fix="give plan JSON files, or run `diffkit parse` first")
    held = " and ".join(f"{n} {kind}" for kind, n in sorted(found.items()))
    most = max(found, key=found.__getitem__)
    return InputError(f"no *.json plan files in this directory or below it, but {held}",
                      file=top, fix=f"name documents with a pattern such as "
                                    f"'{top / '**' / ('*' + most)}', parsed as they are read, "
                                    "or run `diffkit parse` first")


def _walk(top: Path) -> Iterator[str]:
    """``*.json`` files below ``top``: each directory's files sorted, then its
    subdirectories sorted (a flat directory gives today's order)."""
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"cannot list: {exc.strerror or exc}", file=top,
                         fix="check the directory's permissions") from None
    subdirs = []
    for e in entries:
        if e.is_dir():
            subdirs.append(e.path)
        elif e.name.lower().endswith(".json") and e.is_file():
            yield e.path if str(top) != "." else e.name
    for d in subdirs:
        yield from _walk(Path(d))


def _jsonl_units(path: str, chunk_size: int) -> Iterator[Unit]:
    """Byte ranges of ``chunk_size`` lines each (blank lines count as lines but hold no
    plan; the ranges are found by looking for newlines, without parsing)."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; yields between reads
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=path,
                         fix="check the path") from None
    with fh:
        start = pos = 0
        first = line = 1
        in_chunk = 0
        while block := fh.read(BLOCK):
            k = 0
            while (k := block.find(b"\n", k)) != -1:
                k += 1
                line += 1
                in_chunk += 1
                if in_chunk == chunk_size:
                    yield Unit("jsonl", path, first=first, start=start, stop=pos + k)
                    start, first, in_chunk = pos + k, line, 0
            pos += len(block)
        if pos > start:
            yield Unit("jsonl", path, first=first, start=start, stop=pos)
        elif pos == 0:
            raise InputError("file is empty", file=path, fix="give one plan JSON per line")


def _stdin_units(stream, chunk_size: int) -> Iterator[Unit]:
    lines: list[bytes] = []
    first = 1
    for number, raw in enumerate(stream, 1):
        lines.append(raw)
        if len(lines) == chunk_size:
            yield Unit("lines", "<stdin>", items=tuple(lines), first=first)
            lines, first = [], number + 1
    if lines:
        yield Unit("lines", "<stdin>", items=tuple(lines), first=first)


def _parquet_units(path: str, chunk_size: int) -> Iterator[Unit]:
    from .parquet import row_groups

    row = 1
    for group, rows in enumerate(row_groups(path)):
        for offset in range(0, rows, chunk_size):
            n = min(chunk_size, rows - offset)
            yield Unit("parquet", path, items=(group, offset, n), first=row + offset)
        row += rows


# -- reading, on a worker ----------------------------------------------------------------
Error = tuple[str, tuple[str, ...]]         # the error's line, and the lines it prints
Read = tuple[Any, str | None, Error | None]  # (plan or None, file label, error or None)


def read_unit(unit: Unit) -> list[Read]:
    """Each plan of ``unit`` with its file label (the path, or ``path:N`` for the N-th line
    of JSON Lines or row of a Parquet file), or None and the error."""
    from .records import decode_plan, read_plan_file

    if unit.kind == "files":
        return [_guarded(read_plan_file, path, path) for path in unit.items]
    if unit.kind == "objects":
        return [_guarded(_object, obj, None) for obj in unit.items]
    if unit.kind == "packed":
        from .records import unpack
        return [(unpack(packed), None, None) for packed in unit.items]
    if unit.kind == "parquet":
        from .parquet import plan_texts

        group, offset, rows = unit.items
        texts = plan_texts(unit.where, group, offset, rows)
        return [_line(decode_plan, text, unit.where, "row", unit.first + k)
                for k, text in enumerate(texts)]
    lines = unit.items if unit.kind == "lines" else _byte_lines(unit)
    out = []
    for k, raw in enumerate(lines):
        if raw.strip():
            out.append(_line(decode_plan, raw, unit.where, "line", unit.first + k))
    return out


def portable(unit: Unit) -> Unit:
    """``unit`` as it is best sent to another process: `Plan` objects and valid plan
    mappings (read here on the fast road, `records.fast_record`) as `records.pack` tuples —
    a chunk of them pickles several times faster, and the worker reads them back as
    records; 500 mappings pickled into 11 MB and took 0.17 s to unpickle — anything else
    as it is (a chunk with a mapping the fast road refuses: the worker reads it, and says
    what is wrong)."""
    if unit.kind != "objects":
        return unit
    from .records import fast_record, pack
    plans = [x if isinstance(x, Plan) else fast_record(x) if isinstance(x, Mapping) else None
             for x in unit.items]
    if any(p is None for p in plans):
        return unit
    return Unit("packed", items=pack(plans))


def _byte_lines(unit: Unit) -> list[bytes]:
    with open(unit.where, "rb") as fh:
        fh.seek(unit.start)
        data = fh.read(unit.stop - unit.start)
    return data.split(b"\n")[:-1] if data.endswith(b"\n") else data.split(b"\n")


def _line(decode, raw, where: str, what: str, number: int) -> Read:
    label = f"{where}:{number}"
    if raw is None:
        line = f"{where}: {what} {number}: no plan (the plan column is empty)"
        return None, label, (line, (line,))
    try:
        return decode(raw, file=f"{where}: {what} {number}"), label, None
    except DiffkitError as exc:
        return None, label, (exc.line(), tuple(exc.lines()))


def _guarded(read, source, label) -> Read:
    try:
        return read(source), label, None
    except DiffkitError as exc:
        return None, label, (exc.line(), tuple(exc.lines()))


def _object(obj) -> Any:
    """A plan given as an object: a `Plan` as it is, a mapping on the fast road when it is
    a valid plan (`records.convert_plan`), anything else as `compare.read_plan` reads it."""
    if isinstance(obj, Mapping) and not isinstance(obj, Plan):
        from .records import convert_plan
        return convert_plan(obj)
    return read_plan(obj, argument="plan")


__all__ = ["Unit", "plan_units", "portable", "read_unit", "JSONL", "PARQUET"]


# -- inputs ----------------------------------------------------------------------------------
def plan_files(patterns: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand files, directories (their ``*.json``, recursively) and glob patterns into
    plan paths, in the order given, without repeats. A pattern or directory that matches
    nothing is an error."""
    out: dict[Path, None] = {}
    for raw in patterns:
        out.update((Path(p), None) for p in _expand(os.fspath(raw), None))
    return list(out)


def read_guidelines(guideline: Source | Sequence[Source]) -> list[Plan]:
    """The guideline(s): one source, several, or a directory of guideline JSON files.
    Each needs tasks; ids must differ."""
    items = [guideline] if isinstance(guideline, (str, os.PathLike, Plan, Mapping)) else (
        list(guideline))
    sources: list[Source] = []
    for item in items:
        is_dir = isinstance(item, (str, os.PathLike)) and Path(item).is_dir()
        sources += plan_files([item]) if is_dir else [item]
    if not sources:
        raise InputError("no guideline given", place="--guideline",
                         fix="give a guideline plan (level national)")
    out: list[Plan] = []
    for source in sources:
        g = sections_of_kind(read_plan(source, argument="guideline"), "tasks")  # no 总体要求
        if not g.refs:
            raise InputError("the guideline has no tasks", file=f"guideline {g.id}",
                             fix="give a guideline plan with tasks")
        if g.id in {x.id for x in out} or g.id == "unrouted":
            raise InputError(f"guideline id {g.id!r} is used twice (or reserved)",
                             file=f"guideline {source}", fix="give every guideline its own id")
        out.append(g)
    return out
