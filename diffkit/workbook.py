"""Workbook layouts: which sheets, rows, columns, colours and widths a report has.

Pure data, no openpyxl: `diffkit.excel` turns a list of `SheetSpec`s into an .xlsx file. Keeping
the layout here lets tests and other front ends inspect a report without writing one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import Plan
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
    usable = max(1.0, width - 1.5)
    return sum(max(1, -(-text_width(line) // int(usable))) for line in text.split("\n"))


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
    L for lead and P for participating) and ``Agencies`` (workload per agency).

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


# -- comparison -------------------------------------------------------------------------------
SHEETS = ("Summary", "Tasks", "Redline", "Agencies", "Changes", "Coverage")
TASK_HEADER = ("pair", "guideline", "A ids", "A section/item", "A text", "B ids",
               "B section/item", "B text", "status", "moved", "similarity", "A lead", "B lead",
               "A participants", "B participants", "why", "verdict", "note")
TASK_WIDTHS = (6, 10, 8, 22, 50, 8, 22, 50, 11, 8, 11, 18, 18, 26, 26, 30, 14, 24)
REDLINE_HEADER = ("pair", "A ids", "B ids", "status", "moved", "similarity", "redline")
CHANGE_HEADER = ("pair", "A ids", "B ids", "status", "role", "kind", "agency", "A name",
                 "B name")
AGENCY_HEADER = ("agency", "kind", "A lead", "A participants", "B lead", "B participants",
                 "lead change", "participants change", "difference", "notes")
ROLE_LABELS = {"lead": "lead", "participants": "participants"}


@dataclass(frozen=True)
class Review:
    """A reviewer's verdict and note carried into a new workbook for the pair (A ids, B ids)."""

    verdict: str = ""
    note: str = ""


def ids(values: Sequence[str]) -> str:
    return ", ".join(values)


def _status(pair) -> str:
    return str(getattr(pair.status, "value", pair.status))


def _place(plan: Plan, task_ids: Sequence[str]) -> str:
    out: list[str] = []
    for tid in task_ids:
        r = plan.ref(tid)
        text = f"{r.section.number or r.section.id} / ({r.item.number or r.item.id}) {r.item.title}"
        if text not in out:
            out.append(text)
    return "\n".join(out)


def _text(plan: Plan, task_ids: Sequence[str]) -> str:
    tasks = [plan.ref(t).task for t in task_ids]
    if len(tasks) == 1:
        return tasks[0].text
    return "\n".join(f"[{t.id}] {t.text}" for t in tasks)


def _plain(plan: Plan, task_ids: Sequence[str]) -> str:
    """The tasks' texts, one paragraph each, for a redline."""
    return "\n".join(plan.ref(t).task.text for t in task_ids)


def _names(plan: Plan, task_ids: Sequence[str], role: str) -> str:
    out: list[str] = []
    for tid in task_ids:
        for name in getattr(plan.ref(tid).task, role):
            if name not in out:
                out.append(name)
    return joined(out)


def tasks_sheet(comparison, *, reviews: Mapping[tuple[frozenset, frozenset], Review] | None
                = None) -> SheetSpec:
    """One row per pair, in the comparison's order; status colours on the whole row."""
    a, b, reviews = comparison.a, comparison.b, reviews or {}
    rows, fills = [], {}
    for k, p in enumerate(comparison.pairs):
        review = reviews.get((frozenset(p.a), frozenset(p.b)), Review())
        rows.append((k + 1, p.guideline, ids(p.a), _place(a, p.a), _text(a, p.a), ids(p.b),
                     _place(b, p.b), _text(b, p.b), _status(p), yes_no(p.moved), p.similarity,
                     _names(a, p.a, "lead"), _names(b, p.b, "lead"),
                     _names(a, p.a, "participants"), _names(b, p.b, "participants"),
                     getattr(p, "why", ""), review.verdict or None, review.note or None))
        if _status(p) != "unchanged":
            fills[k] = STATUS_FILLS[_status(p)]
    return SheetSpec("Tasks", TASK_HEADER, tuple(rows), fills=fills,
                     widths=tuple(float(w) for w in TASK_WIDTHS))


def redline_sheet(comparison, redline) -> SheetSpec:
    """One row per pair that is not unchanged, with a character-level rich-text redline
    (``redline(a_text, b_text)`` gives the ops); status colour on the status cell."""
    a, b = comparison.a, comparison.b
    rows, fills = [], {}
    for k, p in enumerate(comparison.pairs):
        status = _status(p)
        if status == "unchanged":
            continue
        ops = redline(_plain(a, p.a), _plain(b, p.b))
        fills[len(rows)] = STATUS_FILLS[status]
        rows.append((k + 1, ids(p.a), ids(p.b), status, yes_no(p.moved), p.similarity,
                     Redline(tuple((str(op), str(t)) for op, t in ops))))
    return SheetSpec("Redline", REDLINE_HEADER, tuple(rows), fills=fills, fill_columns=(4,),
                     widths=(6.0, 8.0, 8.0, 11.0, 8.0, 11.0, 90.0))


def changes_sheet(comparison) -> SheetSpec:
    """Long form: one row per agency change."""
    rows = []
    for k, p in enumerate(comparison.pairs):
        for ch in p.agency_changes:
            agency = f"{ch.a} → {ch.b}" if ch.change == "renamed" else (ch.b or ch.a)
            rows.append((k + 1, ids(p.a), ids(p.b), _status(p), ROLE_LABELS.get(ch.role, ch.role),
                         ch.change, agency, ch.a, ch.b))
    return SheetSpec("Changes", CHANGE_HEADER, tuple(rows),
                     widths=(6.0, 8.0, 8.0, 11.0, 13.0, 10.0, 36.0, 24.0, 24.0))


def agencies_sheet(comparison, canonical, describe=None) -> SheetSpec:
    """One row per canonical agency (``canonical(names, plan)`` gives the agencies a list of
    written names stands for): the tasks it leads and joins in A and B, and what changed.
    ``describe(agency)`` gives its kind and registry notes (successors, unknown name)."""
    roles: dict[str, dict[str, list[str]]] = {}
    for side, plan in (("A", comparison.a), ("B", comparison.b)):
        for task in plan.tasks:
            for role in ("lead", "participants"):
                for agency in canonical(getattr(task, role), plan):
                    cell = roles.setdefault(agency, {}).setdefault(f"{side} {role}", [])
                    if task.id not in cell:
                        cell.append(task.id)
    notes: dict[str, list[str]] = {}
    for k, p in enumerate(comparison.pairs):
        for ch in p.agency_changes:
            if ch.change != "renamed":
                continue
            old = canonical([ch.a], comparison.a)
            new = canonical([ch.b], comparison.b)
            for agency in old:
                _note(notes, agency, f"{ch.role}: renamed to {ch.b} (pair {k + 1})")
            for agency in new:
                _note(notes, agency, f"{ch.role}: successor of {ch.a} (pair {k + 1})")
    rows = []
    for agency, cells in roles.items():
        counts = [len(cells.get(c, ())) for c in AGENCY_HEADER[2:6]]
        kind, more = describe(agency) if describe else (None, ())
        rows.append((agency, kind, *(ids(cells.get(c, ())) or None for c in AGENCY_HEADER[2:6]),
                     counts[2] - counts[0], counts[3] - counts[1], _difference(counts),
                     "\n".join([*notes.get(agency, ()), *more]) or None))
    return SheetSpec("Agencies", AGENCY_HEADER, tuple(rows),
                     widths=(26.0, 14.0, 18.0, 24.0, 18.0, 24.0, 8.0, 8.0, 24.0, 40.0))


def _note(notes: dict[str, list[str]], agency: str, text: str) -> None:
    if text not in notes.setdefault(agency, []):
        notes[agency].append(text)


def _difference(counts: Sequence[int]) -> str:
    a_lead, a_part, b_lead, b_part = counts
    if not (b_lead or b_part):
        return "only in A"
    if not (a_lead or a_part):
        return "only in B"
    parts = [f"{role} {x} → {y}" for role, x, y in (("lead", a_lead, b_lead),
                                                    ("participants", a_part, b_part)) if x != y]
    return "; ".join(parts)


COVERAGE_HEADER = ("guideline", "guideline item", "guideline text", "A covered", "A tasks",
                   "A score", "B covered", "B tasks", "B score", "difference")
UNCOVERED_FILL = STATUS_FILLS["removed"]
HALF_FILL = STATUS_FILLS["reworded"]


def coverage_sheet(guideline: Plan, coverage: Mapping[str, Sequence[Any]]) -> SheetSpec:
    """One row per guideline task: is it covered by A, by B, by which tasks, how well.
    ``coverage`` maps ``"A"``/``"B"`` to correspondences of the guideline (``.a``) with that
    plan (``.b``), each with a ``score``."""
    found: dict[str, dict[str, tuple[tuple[str, ...], float | None]]] = {"A": {}, "B": {}}
    for side, groups in coverage.items():
        for c in groups:
            if c.a and c.b:
                for gid in c.a:
                    found[side][gid] = (tuple(c.b), c.score)
    rows, fills = [], {}
    for k, r in enumerate(guideline.refs):
        sides = [found[s].get(r.task.id) for s in ("A", "B")]
        cells: list[Any] = []
        for hit in sides:
            cells += [yes_no(hit is not None), ids(hit[0]) if hit else None,
                      hit[1] if hit else None]
        a_hit, b_hit = (hit is not None for hit in sides)
        diff = ("" if a_hit == b_hit else "dropped in B" if a_hit else "taken up in B")
        if not (a_hit or b_hit):
            diff, fills[k] = "covered by neither", UNCOVERED_FILL
        elif a_hit != b_hit:
            fills[k] = HALF_FILL
        rows.append((r.task.id, r.item.title, r.task.text, *cells, diff or None))
    return SheetSpec("Coverage", COVERAGE_HEADER, tuple(rows), fills=fills,
                     widths=(10.0, 22.0, 50.0, 9.0, 10.0, 8.0, 9.0, 10.0, 8.0, 18.0))


META_ROWS = (("id", None), ("title", "title"), ("issuer", "issuer"),
             ("doc number", "doc_number"), ("date", "date"), ("status", "status"),
             ("region", "region"), ("level", "level"))


def summary_sheet(comparison, *, options: Mapping[str, Any], vocabulary: Sequence[
        tuple[str, str]] = ()) -> SheetSpec:
    """Both documents, counts, agency changes, fidelity, options, colour legend and the
    reviewer vocabulary: a sheet to read, not a table (no filter, no frozen header)."""
    a, b, g = comparison.a, comparison.b, comparison.guideline
    rows: list[tuple[Any, ...]] = []
    bold: set[int] = set()
    fills: dict[int, str] = {}

    def section(*title: Any) -> None:
        if rows:
            rows.append(())
        bold.add(len(rows))
        rows.append(title)

    for label, key in META_ROWS:
        rows.append((label, a.id if key is None else _meta(a, key),
                     b.id if key is None else _meta(b, key)))
    rows.append(("tasks", len(a.refs), len(b.refs)))
    if g is not None:
        rows.append(("guideline", f"{g.id}: {g.title}", _meta(g, "doc_number")))
    section("pairs by status", "count", "meaning")
    counts = {s: 0 for s in STATUS_FILLS}
    for p in comparison.pairs:
        counts[_status(p)] = counts.get(_status(p), 0) + 1
    for status, n in counts.items():
        fills[len(rows)] = STATUS_FILLS[status]
        rows.append((status, n, STATUS_MEANINGS.get(status, "")))
    rows.append(("moved", sum(bool(p.moved) for p in comparison.pairs),
                 "flag: the pair's sections do not correspond"))
    section("agency changes", "lead", "participants")
    for kind in ("added", "removed", "renamed"):
        rows.append((kind, *(sum(ch.change == kind and ch.role == role for p in comparison.pairs
                                 for ch in p.agency_changes) for role in ("lead", "participants"))))
    rows.append(("total", *(sum(ch.role == role for p in comparison.pairs
                                for ch in p.agency_changes) for role in ("lead", "participants"))))
    fidelity = getattr(comparison, "fidelity", None)
    if fidelity:
        section("fidelity to the guideline", "A", "B")
        for key, label in (("covered", "share of guideline tasks covered"),
                           ("retained", "share of guideline text retained"),
                           ("local", "local additions (tasks)")):
            rows.append((label, *(fidelity.get(s, {}).get(key) for s in ("a", "b"))))
    section("options", "value")
    rows.extend((k, "" if v is None else str(v)) for k, v in options.items())
    section("colours", "meaning")
    for name, meaning, colour in legend_rows():
        if name in STATUS_FILLS:
            fills[len(rows)] = colour
            rows.append((name, meaning))
        else:
            op = "delete" if colour == DELETE_COLOUR else "insert"
            rows.append((Redline(((op, name),)), meaning))
    if vocabulary:
        section("reviewer verdicts (Tasks sheet, column verdict)", "meaning")
        rows.extend(vocabulary)
    width = max(len(r) for r in rows)
    rows = [tuple(r) + (None,) * (width - len(r)) for r in rows]
    return SheetSpec("Summary", ("", "A", "B")[:width] + ("",) * max(0, width - 3), tuple(rows),
                     fills=fills, fill_columns=(1,), widths=(34.0, 48.0, 48.0), table=False,
                     bold_rows=frozenset(bold))


def _meta(plan: Plan, key: str) -> str | None:
    value = plan.meta.get(key)
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    return None if value is None else str(value)


def comparison_sheets(comparison, *, redline, canonical, describe=None,
                      options: Mapping[str, Any],
                      coverage: Mapping[str, Sequence[Any]] | None = None,
                      reviews: Mapping[tuple[frozenset, frozenset], Review] | None = None, vocabulary: Sequence[tuple[str, str]] = ()
                      ) -> list[SheetSpec]:
    """The comparison workbook: Summary, Tasks, Redline, Agencies, Changes and, with a
    guideline, Coverage."""
    sheets = [summary_sheet(comparison, options=options, vocabulary=vocabulary),
              tasks_sheet(comparison, reviews=reviews), redline_sheet(comparison, redline),
              agencies_sheet(comparison, canonical, describe), changes_sheet(comparison)]
    if comparison.guideline is not None and coverage is not None:
        sheets.append(coverage_sheet(comparison.guideline, coverage))
    return sheets
