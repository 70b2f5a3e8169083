"""Workbooks: openpyxl is imported only here, and this module is imported only when a
workbook is asked for."""

from __future__ import annotations

# ==== corpus workbook (corpus engineer; self-contained block) ================================
CORPUS_FILLS = {"unchanged": "C6EFCE", "reworded": "FFF2CC", "split": "DDEBF7",
                "merged": "E4DFEC", "removed": "F8CBAD"}
EXCEL_MAX_COLUMNS = 16384


def write_corpus_workbook(corpus, path):
    """Write a corpus workbook atomically: Coverage (plans × guideline tasks: the score,
    coloured by status; uncovered cells empty and red), Plans (fidelity per plan) and
    Agencies (canonical agency × plan: lead and participant task counts). Text cells are
    string cells, so nothing is ever read as a formula."""
    from openpyxl import Workbook

    from .files import write_atomic

    wb = Workbook(write_only=True)
    _corpus_coverage_sheet(wb, corpus)
    _corpus_table_sheet(wb, "Plans", *_corpus_plans(corpus))
    _corpus_table_sheet(wb, "Agencies", *_corpus_agencies(corpus))
    wb.properties.creator = "diffkit"
    return write_atomic(path, wb.save)


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
    text = "".join("\ufffd" if ord(c) < 32 and c not in "\t\n\r" else c for c in text)
    return text[:32767]


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
    from .corpus import STATUSES

    header = ["plan", "title", "file", "tasks", "covered", "coverage", "retained", "added",
              *STATUSES, "lead", "participants", "agencies"]
    rows = [[p.id, p.title, p.file or "", p.tasks, p.covered, p.coverage, p.retained,
             p.added, *p.statuses, p.lead, p.participants, p.agencies] for p in corpus.plans]
    return header, rows


def _corpus_agencies(corpus):
    """Wide (agency rows, a lead and a participants column per plan) when Excel has the
    columns for it, else long (agency, plan, lead, participants)."""
    plans = [p.id for p in corpus.plans]
    totals: dict[str, list[int]] = {}
    per: dict[tuple[str, str], tuple[int, int]] = {}
    for a in corpus.agencies:
        t = totals.setdefault(a.agency, [0, 0, 0])
        t[0] += a.lead
        t[1] += a.participants
        t[2] += 1
        per[(a.agency, a.plan)] = (a.lead, a.participants)
    order = sorted(totals, key=lambda a: (-totals[a][0], -totals[a][1], a))
    head = ["agency", "lead tasks", "participant tasks", "plans"]
    if len(head) + 2 * len(plans) > EXCEL_MAX_COLUMNS:
        rows = [[a.agency, a.plan, a.lead, a.participants] for a in corpus.agencies]
        return ["agency", "plan", "lead", "participants"], rows
    header = head + [f"{p} {role}" for p in plans for role in ("lead", "participants")]
    rows = [[a, *totals[a]] + [n or None for p in plans for n in per.get((a, p), (0, 0))]
            for a in order]
    return header, rows


def _corpus_table_sheet(wb, title: str, header, rows) -> None:
    ws = wb.create_sheet(title)
    ws.freeze_panes = "B2"
    ws.append([_corpus_cell(ws, h, bold=True) for h in header])
    for row in rows:
        ws.append([_corpus_cell(ws, v) for v in row])
# ==== end of corpus workbook block ==========================================================
