"""Reading inputs and writing outputs safely.

Inputs: clear one-line errors for missing paths, directories, empty files and bad JSON.
Outputs: written to a temporary file in the target directory and renamed into place, so a
failure never leaves a half-written report behind.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import InputError, OptionError, OutputError


def read_bytes(path: str | os.PathLike, *, what: str = "file") -> bytes:
    """Return the bytes of ``path``; missing, directory or unreadable paths raise InputError."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such {what}", file=p, fix="check the path")
    if p.is_dir():
        raise InputError("is a directory, not a file", file=p, fix=f"name a {what} inside it")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=p,
                         fix="check the file's permissions") from exc
    if not data.strip():
        raise InputError("file is empty", file=p, fix=f"give a non-empty {what}")
    return data


def read_json(path: str | os.PathLike, *, what: str = "plan JSON") -> Any:
    """Parse a UTF-8 JSON file; errors name the line and column."""
    data = read_bytes(path, what=what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # cut inside a character
            raise InputError("the file ends in the middle of a character: truncated?",
                             file=path, fix="download or save it again") from exc
        raise InputError(f"not UTF-8 (byte {exc.start})", file=path,
                         fix="a JSON file must be UTF-8; for raw text use `diffkit parse`") from exc
    # No collection while json.loads recurses: on deeply nested JSON, a finalizer of some
    # unrelated object run by the collector deep in that recursion would fail too, and Python
    # would print "Exception ignored in sys.unraisablehook" on stderr. (Large files also
    # parse faster without collections of the growing result.)
    try:
        with collector_paused():
            return json.loads(text)
    except RecursionError:
        raise InputError("JSON nested too deeply to be a plan", file=path,
                         fix="give a diffkit.plan/1 file; check it is the file you meant") from None
    except json.JSONDecodeError as exc:
        hint = ("this looks like raw text: run `diffkit parse` on it first"
                if not text.lstrip().startswith(("{", "[")) else "fix the JSON syntax there")
        if text.lstrip().startswith(("{", "[")) and (
                not text[exc.pos:].strip() or exc.msg.startswith("Unterminated string")):
            hint = ("the JSON ends early or misses a quote: a truncated download? "
                    "save or download it again")
        raise InputError(f"invalid JSON: {exc.msg}", file=path,
                         place=f"line {exc.lineno} column {exc.colno}", fix=hint) from exc


@contextlib.contextmanager
def collector_paused(*, settle: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector, and restore it after: while many objects that
    make no reference cycles are made (a JSON document decoded, records built from it),
    collections would only walk them again and again. ``settle``: the objects still alive
    at the end (a run's results) join the oldest generation at once, as two collections
    would have moved them, instead of being walked by those two first (`gc.freeze` then
    `gc.unfreeze`; skipped when the caller keeps objects frozen, which unfreezing would
    release): 10,000 plans' results are 1.2M objects, 0.17 s for the first walk alone."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if settle and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def check_writable(path: str | os.PathLike) -> Path:
    """Fail early, before any work, when ``path`` cannot be created. Missing parent folders
    are fine (writers create them) when the nearest existing one is a writable folder."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise OutputError("is a directory", file=p, fix="give a file name")
    if not parent.is_dir():
        existing = next((q for q in [parent, *parent.parents] if q.exists()), Path("."))
        if not existing.is_dir():
            raise OutputError(f"{existing} is a file, not a directory", file=p,
                              fix="choose another output path")
        parent = existing
    if not os.access(parent, os.W_OK):
        raise OutputError(f"directory {parent} is not writable", file=p,
                          fix="choose another output path")
    import tempfile  # only writers pay for it (it imports random, shutil)

    try:  # os.access says yes to root on read-only mounts and pseudo-filesystems: try it
        fd, probe = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".probe", dir=parent)
    except OSError as exc:
        raise OutputError(f"directory {parent} is not writable ({exc.strerror or exc})",
                          file=p, fix="choose another output path") from None
    os.close(fd)
    _unlink(probe)
    return p


def check_xlsx_name(path: str | os.PathLike, *, option: str) -> None:
    """A workbook output must be named .xlsx: ``--excel report.csv`` is a slip, not a wish."""
    if not os.fspath(path).lower().endswith(".xlsx"):
        raise OptionError(f"{os.fspath(path)!r} does not end in .xlsx", option=option,
                          fix="the report is an Excel workbook; for CSV use --format csv")


def check_html_name(path: str | os.PathLike | None, *, option: str = "--html") -> None:
    """An HTML report must be named .html or .htm, and its place writable (before any work)."""
    if not path:
        return
    if not os.fspath(path).lower().endswith((".html", ".htm")):
        raise OptionError(f"{os.fspath(path)!r} does not end in .html", option=option,
                          fix="the report is one web page")
    check_writable(path)


def check_workbook(path: str | os.PathLike, *, option: str) -> None:
    """A workbook to write, before any work: a writable place, a name ending in .xlsx."""
    check_writable(path)
    check_xlsx_name(path, option=option)


def check_reports(excel: str | os.PathLike | None = None,
                  html: str | os.PathLike | None = None) -> None:
    """The ``--excel`` workbook and ``--html`` page a command will write, checked before
    any work: writable places, named .xlsx and .html."""
    if excel:
        check_workbook(excel, option="--excel")
    check_html_name(html)


def check_output(output: str | os.PathLike | None, *inputs: str | os.PathLike) -> None:
    """An ``--output`` file (if any) before any work: not one of the inputs, and writable."""
    if output:
        check_not_input(output, *inputs)
        check_writable(output)


def check_not_input(output: str | os.PathLike, *inputs: str | os.PathLike,
                    option: str = "--output") -> None:
    """Refuse an output that is one of the input files: writing there would destroy it."""
    for source in inputs:
        if os.path.exists(source) and os.path.exists(output) and os.path.samefile(output, source):
            raise OptionError(f"{os.fspath(output)!r} is the input file; writing there would "
                              "replace it", option=option, fix="choose another output path")


def write_atomic(path: str | os.PathLike, write: Callable[[IO[bytes]], None]) -> Path:
    """Call ``write(fileobj)`` on a temporary file beside ``path``, flush it to the disk
    (fsync), then rename it into place: after a crash the path holds the old file or the
    whole new one, never a part."""
    p = check_writable(path)
    import tempfile  # only writers pay for it (it imports random, shutil)

    try:
        make_parents(p)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent or ".")
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=p,
                          fix="choose another output path") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except OSError as exc:
        _unlink(tmp)
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=p,
                          fix="choose another output path") from exc
    except BaseException:
        _unlink(tmp)
        raise
    return p


def make_parents(path: str | os.PathLike) -> None:
    """Create the missing parent folders of an output ``path``."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return write_atomic(path, lambda fh: fh.write(text.encode("utf-8")))


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass
