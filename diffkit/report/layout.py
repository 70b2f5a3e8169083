"""The comparison workbook's layout: the sheets of ``diffkit compare --excel`` as `SheetSpec`s.

Pure data, no openpyxl (`diffkit.excel` writes them): ``Summary``, ``Tasks`` (one row per
pair, with the reviewer columns ``verdict`` and ``note``), ``Redline`` (rich text), ``Agencies``
(one row per canonical agency), ``Changes`` (one row per agency change) and, with a guideline,
``Coverage`` (one row per guideline task). What the layout needs besides the comparison — the
redline function, canonical agency names, registry notes, coverage, reviews — comes in as
arguments, so that the sheets can be built from stubs; `report_inputs` gathers them for a real
comparison (importing the registry, the aligner and the overrides only when called).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Plan
from .comparison import FOLLOWS_WORDS
from .workbook import (
    DELETE_COLOUR,
    STATUS_FILLS,
    STATUS_MEANINGS,
    Redline,
    SheetSpec,
    joined,
    legend_rows,
    yes_no,
)

#: the sheets of the report, in order (``Coverage`` only with a guideline)
SHEETS = ("Summary", "Tasks", "Redline", "Agencies", "Changes", "Coverage")
TASK_HEADER = ("pair", "guideline", "A ids", "A section/item", "A text", "B ids",
               "B section/item", "B text", "status", "moved", "similarity", "A lead", "B lead",
               "A participants", "B participants", "why", "borrows", "follows", "verdict",
               "note")
TASK_WIDTHS = (6, 10, 8, 22, 50, 8, 22, 50, 11, 8, 11, 18, 18, 26, 26, 30, 12, 10, 14, 24)
#: the ``follows`` cell (`Pair.follows`: what B's tasks follow in a chain)
FOLLOWS_CELL = {"guideline": "guideline", "a": "A", "local": "local"}
REDLINE_HEADER = ("pair", "A ids", "B ids", "status", "moved", "similarity", "redline")
CHANGE_HEADER = ("pair", "A ids", "B ids", "status", "role", "kind", "agency", "A name",
                 "B name", "function", "A role", "B role")
#: the per-agency view (`compare.AGENCY_VIEW`) and registry notes
AGENCY_HEADER = ("agency", "function", "A names", "B names", "A lead", "A joined", "B lead",
                 "B joined", "gained", "lost", "A tasks", "B tasks", "notes")
FOLLOWS_MEANINGS = {
    "guideline": "B's text is at least as close to the guideline task's as to A's",
    "a": "B's text is closer to A's rewording (or A's own addition)",
    "local": "B's task has neither an A nor a guideline counterpart"}
VERDICT_PROMPT = ("same: this pairing is right; different: not the same task; "
                  "A:2.1=B:3.2 forces a match (see Summary)")


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
                     getattr(p, "why", ""), *_provenance(p), review.verdict or None,
                     review.note or None))
        if _status(p) != "unchanged":
            fills[k] = STATUS_FILLS[_status(p)]
    verdict = TASK_HEADER.index("verdict") + 1
    return SheetSpec("Tasks", TASK_HEADER, tuple(rows), fills=fills,
                     widths=tuple(float(w) for w in TASK_WIDTHS),
                     choices=((verdict, ("same", "different"), VERDICT_PROMPT),))


def _provenance(pair) -> tuple[str | None, str | None]:
    """The ``borrows`` cell (ids of the other side's tasks one of whose clauses the added or
    removed task quotes, prefixed by the side) and the ``follows`` cell; None when not set."""
    borrows = tuple(getattr(pair, "borrows", ()))
    side = "A" if pair.b else "B"
    follows = getattr(pair, "follows", None)
    return (f"{side} {ids(borrows)}" if borrows else None,
            FOLLOWS_CELL[follows] if follows else None)


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
    """Long form: one row per agency change, with the function beside the names."""
    rows = []
    for k, p in enumerate(comparison.pairs):
        for ch in p.agency_changes:
            agency = f"{ch.a} → {ch.b}" if ch.a and ch.b and ch.a != ch.b else (ch.b or ch.a)
            rows.append((k + 1, ids(p.a), ids(p.b), _status(p), ch.role, ch.change, agency,
                         ch.a, ch.b, ch.function, ch.role_a, ch.role_b))
    return SheetSpec("Changes", CHANGE_HEADER, tuple(rows),
                     widths=(6.0, 8.0, 8.0, 11.0, 13.0, 10.0, 36.0, 24.0, 24.0, 22.0, 12.0,
                             12.0))


def agencies_sheet(comparison, canonical=None, describe=None) -> SheetSpec:
    """One row per line of responsibility (`Comparison.agency_rows`: an agency with its
    reform successors or, matched by function, its counterpart): tasks led and joined in A
    and B, gained, lost, task ids; ``describe(name, plan)`` adds registry notes (an unknown
    name and its suggestions, later successors)."""
    rows = []
    for row in comparison.agency_rows():
        notes: list[str] = []
        for cell, plan in ((row[2], comparison.a), (row[3], comparison.b)):
            for name in [n for n in (cell or "").split("、") if n] if describe else ():
                for note in describe(name, plan)[1]:
                    if f"{name}: {note}" not in notes:
                        notes.append(f"{name}: {note}")
        rows.append((*row, "\n".join(notes) or None))
    return SheetSpec("Agencies", AGENCY_HEADER, tuple(rows),
                     widths=(28.0, 20.0, 24.0, 24.0, 7.0, 8.0, 7.0, 8.0, 7.0, 6.0, 22.0, 22.0,
                             40.0))


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


class _Page:
    """Rows of a sheet to read: titled parts separated by a blank row."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.bold: set[int] = set()
        self.fills: dict[int, str] = {}

    def part(self, *title: Any) -> None:
        if self.rows:
            self.rows.append(())
        self.bold.add(len(self.rows))
        self.rows.append(title)

    def add(self, *row: Any, fill: str | None = None) -> None:
        if fill is not None:
            self.fills[len(self.rows)] = fill
        self.rows.append(row)

    def sheet(self, name: str, header: tuple[str, ...], widths: tuple[float, ...]) -> SheetSpec:
        rows = tuple(r + (None,) * (len(header) - len(r)) for r in self.rows)
        return SheetSpec(name, header, rows, fills=self.fills, fill_columns=(1,),
                         widths=widths, table=False, bold_rows=frozenset(self.bold))


def summary_sheet(comparison, *, options: Mapping[str, Any],
                  vocabulary: Sequence[tuple[str, str]] = ()) -> SheetSpec:
    """Both documents, counts, agency changes, fidelity, options, colour legend and the
    reviewer vocabulary: a sheet to read, not a table (no filter, no frozen header)."""
    a, b, g = comparison.a, comparison.b, comparison.guideline
    page = _Page()
    for label, key in META_ROWS:
        page.add(label, *(p.id if key is None else _meta(p, key) for p in (a, b)))
    page.add("tasks", len(a.refs), len(b.refs))
    if g is not None:
        page.add("guideline", f"{g.id}: {g.title}", _meta(g, "doc_number"))
    _counts(page, comparison)
    fidelity = getattr(comparison, "fidelity", None)
    if fidelity:
        page.part("fidelity to the guideline", "A", "B")
        for key, label in (("covered", "share of guideline tasks covered"),
                           ("retained", "share of guideline text retained"),
                           ("local", "local additions (tasks)")):
            page.add(label, *(fidelity.get(s, {}).get(key) for s in ("a", "b")))
    page.part("options", "value")
    for key, value in options.items():
        page.add(key, "" if value is None else str(value))
    page.part("colours", "meaning")
    for name, meaning, colour in legend_rows():
        if name in STATUS_FILLS:
            page.add(name, meaning, fill=colour)
        else:
            page.add(Redline((("delete" if colour == DELETE_COLOUR else "insert", name),)),
                     meaning)
    if vocabulary:
        page.part("reviewer verdicts (Tasks sheet, column verdict)", "meaning")
        for row in vocabulary:
            page.add(*row)
    return page.sheet("Summary", ("", "A", "B"), (34.0, 48.0, 48.0))


def _counts(page: _Page, comparison) -> None:
    """Pairs per status (in the status colours) and agency changes per kind and role."""
    page.part("pairs by status", "count", "meaning")
    counts = dict.fromkeys(STATUS_FILLS, 0)
    for p in comparison.pairs:
        counts[_status(p)] = counts.get(_status(p), 0) + 1
    for status, n in counts.items():
        page.add(status, n, STATUS_MEANINGS.get(status, ""), fill=STATUS_FILLS.get(status))
    page.add("moved", sum(bool(p.moved) for p in comparison.pairs),
             "flag: the pair's sections do not correspond")
    borrowing = sum(bool(getattr(p, "borrows", ())) for p in comparison.pairs)
    if borrowing:
        page.add("borrows a clause", borrowing, "added or removed task quoting a clause of a "
                 "task of the other side that corresponds elsewhere (Tasks, column borrows)")
    follows = [(getattr(p, "follows", None), len(p.b)) for p in comparison.pairs]
    if any(key for key, _ in follows):  # summary.follows: B's tasks per answer
        page.part("B's tasks follow (B implements A and the guideline)", "tasks", "meaning")
        for key, meaning in FOLLOWS_MEANINGS.items():
            page.add(FOLLOWS_WORDS[key], sum(n for k, n in follows if k == key), meaning)
    page.part(f"agency changes (matched by {comparison.agencies_matched_by})", "lead",
              "participants")
    changes = [ch for p in comparison.pairs for ch in p.agency_changes]
    for kind in ("added", "removed", "renamed", "promoted", "demoted", "absorbed"):
        page.add(kind, *(sum(ch.change == kind and ch.role == role for ch in changes)
                         for role in ("lead", "participants")))
    page.add("total", *(sum(ch.role == role for ch in changes)
                        for role in ("lead", "participants")))


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


# -- the inputs for a real comparison ------------------------------------------------------------
def report_inputs(comparison) -> dict[str, Any]:
    """What the layout needs beyond the comparison: the redline function, canonical agency
    names, the options to show, the guideline coverage and the reviewers' verdicts."""
    from .. import __version__
    from ..agencies.resolution import canonical_names, default_registry
    from ..align import assign as _align
    from ..overrides import VOCABULARY_ROWS
    from .comparison import redline
    from .layout import Review

    opts = dict(comparison.options)
    registry, as_of = opts.get("registry"), opts.get("as_of")
    cutoff = opts.get("score_cutoff", _align.SCORE_CUTOFF)
    reviewed = tuple(opts.get("overrides") or ())

    def canonical(names, plan):
        return canonical_names(names, plan=plan, as_of=as_of, registry=registry)

    coverage = None
    if comparison.guideline is not None:
        coverage = {side: _align.align(comparison.guideline, plan, score_cutoff=cutoff)
                    for side, plan in (("A", comparison.a), ("B", comparison.b))}
    files = sorted({o.file for o in reviewed if o.file})
    shown = {"A": comparison.a.id, "B": comparison.b.id,
             "guideline": comparison.guideline.id if comparison.guideline is not None else None,
             "score_cutoff": cutoff, "as_of": as_of,
             "agency registry": ("shipped" if registry is None or registry is default_registry()
                                 else "shipped, extended (--agencies)"),
             "overrides": (f"{', '.join(files) or 'given'} ({len(reviewed)} rows)"
                           if reviewed else None),
             "diffkit version": __version__}
    reviews = {(frozenset(o.a), frozenset(o.b)): Review(o.text, o.note) for o in reviewed}
    def normalised_redline(a_text: str, b_text: str):
        return redline(a_text, b_text, normalize=True)  # script and width are no change

    return {"redline": normalised_redline, "canonical": canonical, "describe": describer(registry),
            "options": shown,
            "coverage": coverage, "reviews": reviews, "vocabulary": VOCABULARY_ROWS}


def describer(registry=None):
    """``describe(agency, plan=None) -> (kind, notes)`` from the agency data, the name read in
    its plan's region and level: the kind, later reform successors, and for a name it does not
    know, that fact and its suggestions."""
    from ..agencies.resolution import default_registry, later_refs, resolve
    registry = registry or default_registry()

    def describe(agency: str, plan=None) -> tuple[str | None, list[str]]:
        found = resolve(agency, plan=plan, registry=registry)
        notes = []
        if not found.resolved:
            hint = f"; did you mean {'、'.join(found.suggestions)}?" if found.suggestions else ""
            notes.append(f"not in the agency registry{hint}")
        later = dict.fromkeys(x.canonical for ref in found.refs
                              for x in later_refs(ref, registry=registry))
        if later:
            notes.append(f"later reform successor: {'、'.join(later)}")
        return found.kind, notes
    return describe
