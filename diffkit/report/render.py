"""Text renderings: terminal tables that respect the width of Chinese characters, CSV, JSON.

Nothing here imports pandas or openpyxl, so the command line stays fast.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from json.encoder import INFINITY as _INF
from json.encoder import encode_basestring as _encode_str
from typing import Any

from ..model import Plan
from ..normalize import char_width, clip, text_width

FORMATS = ("table", "json", "csv")
#: how the comparison table shows reform renames: one line per renamed agency, under each
#: task, or only counted
RENAMES = ("group", "show", "hide")
_ANSI = "\x1b["


def terminal_width(default: int = 160) -> int:
    """Columns of the terminal (``COLUMNS`` when set), else ``default``."""
    import shutil  # only tables need the terminal width

    return max(40, shutil.get_terminal_size((default, 24)).columns)


def wrap(text: str, width: int, *, indent: str = "", first: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a Chinese character takes two, ANSI
    colour codes none), the first starting with ``first`` (default ``indent``), the others
    with ``indent``. Chinese has no spaces, so lines break between any two characters, but
    after a space when one is near the end of a Latin line. Nothing is cut."""
    if "\n" in text:
        return [line for n, part in enumerate(text.split("\n"))
                for line in wrap(part, width, indent=indent, first=indent if n else first)]
    out: list[str] = []
    lead = indent if first is None else first
    line, used, k = [lead], text_width(lead), 0
    space_at = -1  # index in line after the last space
    while k < len(text):
        if text.startswith(_ANSI, k):  # a colour code: copied, takes no column
            end = text.find("m", k)
            end = len(text) if end < 0 else end + 1
            line.append(text[k:end])
            k = end
            continue
        ch = text[k]
        w = char_width(ch)
        if used + w > width and used > text_width(lead):
            if 0 < space_at and len(line) - space_at < 16:
                rest = line[space_at:]
                out.append("".join(line[:space_at]).rstrip())
                line = [indent, *rest]
            else:
                out.append("".join(line).rstrip())
                line = [indent]
            lead, space_at = indent, -1
            used = sum(text_width(c) for c in line if not c.startswith(_ANSI))
        line.append(ch)
        used += w
        if ch == " ":
            space_at = len(line)
        k += 1
    out.append("".join(line).rstrip())
    return out


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


def with_bom(text: str, format: str, bom: bool = True) -> str:
    """CSV starts with a UTF-8 byte-order mark (Excel on Chinese Windows needs it to read
    UTF-8) unless ``bom`` is false (``--no-bom``); other formats are left as they are."""
    return "\ufeff" + text if format == "csv" and bom else text


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
    """Deterministic JSON: UTF-8 characters, two-space indent, final newline — the text of
    ``json.dumps(obj, ensure_ascii=False, indent=2)``, written here in one pass of plain
    loops (the standard library's encoder has no C speed-up for indented output and
    takes seconds for a corpus of a thousand plans); anything else than dicts, lists,
    tuples, strings, numbers, booleans and None goes to `json.dumps` as it is."""
    out: list[str] = []
    try:
        _emit(obj, "\n", out)
    except (_NotPlain, RecursionError):
        return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    out.append("\n")
    return "".join(out)


class _NotPlain(Exception):
    """A value `json_text` leaves to `json.dumps` (its own error, or its circularity check)."""


def json_scalar(v: Any) -> str | None:
    """A scalar's JSON text, tested in `json.dumps`'s order; None for anything else."""
    if isinstance(v, str):
        return _encode_str(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return int.__repr__(v)
    if isinstance(v, float):
        return _float(v)
    return None


def _float(v: float) -> str:
    if v != v:
        return "NaN"
    return "Infinity" if v == _INF else "-Infinity" if v == -_INF else float.__repr__(v)


# the JSON text of a value of exactly these types (subclasses go through `json_scalar`)
_PLAIN = {str: _encode_str, int: int.__repr__, float: _float, bool: ("false", "true").__getitem__,
          type(None): {None: "null"}.__getitem__}


def _emit(o: Any, nl: str, out: list[str]) -> None:
    """``o`` at the indentation that ``nl`` (a newline and spaces) gives, appended to out."""
    text = json_scalar(o)
    if text is not None:
        out.append(text)
        return
    inner, sep, plain = nl + "  ", None, _PLAIN.get
    if isinstance(o, (list, tuple)):
        out.append("[")
        for v in o:
            f = plain(v.__class__)
            text = f(v) if f is not None else json_scalar(v)
            if text is None:
                out.append(inner if sep is None else sep)
                _emit(v, inner, out)
            else:
                out.append((inner if sep is None else sep) + text)
            sep = "," + inner
        out.append(nl + "]" if sep else "]")
    elif isinstance(o, dict):
        out.append("{")
        for k, v in o.items():
            key = _encode_str(k) if isinstance(k, str) else _encode_str(_key(k))
            f = plain(v.__class__)
            text = f(v) if f is not None else json_scalar(v)
            if text is None:
                out.append((inner if sep is None else sep) + key + ": ")
                _emit(v, inner, out)
            else:
                out.append((inner if sep is None else sep) + key + ": " + text)
            sep = "," + inner
        out.append(nl + "}" if sep else "}")
    else:
        raise _NotPlain


def _key(k: Any) -> str:
    """A non-string key as `json.dumps` turns it into one."""
    if isinstance(k, float) or k is True or k is False or k is None:
        return json_scalar(k)
    if isinstance(k, int):
        return int.__repr__(k)
    raise _NotPlain


# -- plans --------------------------------------------------------------------------------------
SHOW_HEADERS = ("section", "item", "task", "title", "text", "lead", "participants")


EXTRA_ROLES = ("responsible", "leaders")  # shown only when some task of the plan has them


def plan_rows(plan: Plan) -> list[tuple[Any, ...]]:
    """One row per task: section, item, task id, item title, text, lead, participants, and
    responsible and leaders when any task of the plan names them."""
    extra = [r for r in EXTRA_ROLES if any(getattr(t, r, ()) for t in plan.tasks)]
    return [(r.section.id, r.item.id, r.task.id, r.item.title, r.task.text,
             list(r.task.lead), list(r.task.participants),
             *(list(getattr(r.task, e)) for e in extra)) for r in plan.refs]


def show(plan: Plan, *, format: str = "table") -> str:
    """The tasks of a plan as a table, JSON or CSV."""
    rows = plan_rows(plan)
    headers = SHOW_HEADERS + tuple(r for r in EXTRA_ROLES if any(getattr(t, r, ())
                                                                 for t in plan.tasks))
    if format == "json":
        return json_text({"plan": plan.id, "title": plan.title,
                          "tasks": [dict(zip(headers, r, strict=True)) for r in rows]})
    if format == "csv":
        return csv_text(headers, rows)
    head = (f"{plan.title} ({plan.id}): {len(plan.sections)} sections, "
            f"{sum(len(s.items) for s in plan.sections)} items, {len(rows)} tasks\n\n")
    widths = (7, 4, 6, 16, 48, 24, 30, 30, 16)[:len(headers)]
    return head + table(headers, rows, max_widths=widths)
