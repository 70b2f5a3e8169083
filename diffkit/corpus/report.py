"""Renderings of a `Corpus`: a terminal table, CSV (one row per plan and guideline task),
the JSON contract, and HTML for Jupyter. No pandas or openpyxl here."""

from __future__ import annotations

import html
from dataclasses import replace
from json.encoder import encode_basestring as _encode_str
from typing import TYPE_CHECKING

from ..report.render import clip, csv_text, json_scalar, json_text, table

if TYPE_CHECKING:
    from .run import Corpus, CorpusSet

PLAN_HEADERS = ("plan", "title", "tasks", "coverage", "retained", "added", "unchanged",
                "reworded", "split", "merged", "removed", "agencies")
TASK_HEADERS = ("task", "text", "plans", "covered", "unchanged", "reworded", "split",
                "merged", "removed")
CSV_HEADERS = ("plan", "guideline", "tasks", "score", "status")


def render_corpus(c: Corpus, *, format: str = "table") -> str:
    """``table``, ``json`` (``diffkit.corpus/1``) or ``csv`` (the coverage rows)."""
    if format == "json":
        return corpus_json(c)
    if format == "csv":
        return csv_text(CSV_HEADERS, ((r.plan, r.guideline, list(r.tasks), r.score,
                                       r.status.value) for r in c.coverage))
    return corpus_table(c)


def corpus_json(c: Corpus) -> str:
    """``json_text(c.to_dict())``, the same text (a test keeps the two equal), with the many
    coverage and agency rows written from templates, their ids encoded once each, instead
    of a dict per row: 10,000 plans took 6.6 s through the dicts."""
    known: dict[str, str] = {}

    def enc(text: str) -> str:
        got = known.get(text)
        if got is None:
            got = known[text] = _encode_str(text)
        return got

    rows = {
        "plans": [_at(p.to_dict(), 2) for p in c.plans],
        "coverage": [
            f'{{\n      "plan": {enc(r.plan)},\n      "guideline": {enc(r.guideline)},\n'
            f'      "tasks": {_ids(r.tasks)},\n      "score": {json_scalar(r.score)},\n'
            f'      "status": {enc(r.status.value)}\n    }}' for r in c.coverage],
        "agencies": [
            f'{{\n      "agency": {enc(a.agency)},\n      "plan": {enc(a.plan)},\n'
            f'      "lead": {json_scalar(a.lead)},\n'
            f'      "participants": {json_scalar(a.participants)}\n    }}' for a in c.agencies]}
    out, sep = [], "{\n  "  # one join at the end: no copy of a whole section before it
    for key, value in replace(c, plans=(), coverage=(), agencies=()).to_dict().items():
        out.append(f"{sep}{_encode_str(key)}: ")
        sep = ",\n  "
        many = rows.get(key)
        if not many:
            out.append(_at(value, 1))
            continue
        out.append("[\n    ")
        for k, row in enumerate(many):
            out += (",\n    ", row) if k else (row,)
        out.append("\n  ]")
    out.append("\n}\n")
    return "".join(out)


def _at(obj, depth: int) -> str:
    """``obj``'s `json_text` indented to ``depth`` (JSON strings hold no raw newline)."""
    return json_text(obj)[:-1].replace("\n", "\n" + "  " * depth)


def _ids(tasks: tuple[str, ...]) -> str:
    if not tasks:
        return "[]"
    return "[\n        " + ",\n        ".join(map(_encode_str, tasks)) + "\n      ]"


def plan_rows(c: Corpus) -> list[tuple]:
    return [(p.id, p.title, p.tasks, _pct(p.coverage), _pct(p.retained), p.added,
             *p.statuses, p.agencies) for p in c.plans]


def task_rows(c: Corpus) -> list[tuple]:
    """Per guideline task: how many plans carry it, and with which status."""
    n = len(c.guideline.refs)
    counts = [dict.fromkeys(TASK_HEADERS[4:], 0) for _ in range(n)]
    for k, row in enumerate(c.coverage):
        counts[k % n][row.status.value] += 1
    total = len(c.plans) or 1
    return [(r.task.id, r.task.text, len(c.plans),
             _pct((len(c.plans) - cnt["removed"]) / total), *cnt.values())
            for r, cnt in zip(c.guideline.refs, counts, strict=True)]


def corpus_table(c: Corpus) -> str:
    g = c.guideline
    n = len(c.plans) or 1
    head = (f"{g.title} ({g.id}): {len(g.refs)} guideline tasks; {len(c.plans)} plans"
            + (f", {len(c.skipped)} skipped" if c.skipped else "")
            + f"; score cutoff {c.score_cutoff:g}\n"
            f"mean coverage {_pct(sum(p.coverage for p in c.plans) / n)}, "
            f"mean text retained {_pct(sum(p.retained for p in c.plans) / n)}, "
            f"local additions {sum(p.added for p in c.plans) / n:.1f} per plan\n\n")
    plans = table(PLAN_HEADERS, plan_rows(c), max_widths=(16, 24, 5, 8, 8, 5, 9, 8, 5, 6,
                                                          7, 8))
    tasks = table(TASK_HEADERS, task_rows(c), max_widths=(6, 40, 5, 7, 9, 8, 5, 6, 7))
    return head + plans + "\nguideline tasks: how many plans carry each\n\n" + tasks


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%"


def corpus_html(c: Corpus) -> str:
    """A summary and the per-plan table for Jupyter."""
    head = "".join(f"<th>{h}</th>" for h in PLAN_HEADERS)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(clip(str(v), 40))}</td>" for v in row)
                   + "</tr>" for row in plan_rows(c)[:200])
    more = (f"<p>… and {len(c.plans) - 200} more plans (see <code>plans_frame()</code>)</p>"
            if len(c.plans) > 200 else "")
    return (f"<p><b>{html.escape(c.guideline.title)}</b>: {len(c.guideline.refs)} guideline "
            f"tasks, {len(c.plans)} plans</p><table><tr>{head}</tr>{rows}</table>{more}")


__all__ = ["render_corpus", "corpus_table", "corpus_html", "plan_rows", "task_rows"]


# -- several guidelines ----------------------------------------------------------------------
def corpus_set_dict(s: CorpusSet) -> dict:
    """`CorpusSet.to_dict`: ``diffkit.corpus/1`` with ``guidelines`` (a list) instead of
    ``guideline``; rows carry ``guideline_id``."""
    from .run import FORMAT

    def tagged(c, rows):
        return [{**r.to_dict(), "guideline_id": c.guideline.id} for r in rows]

    return {"format": FORMAT,
            "guidelines": [{"id": c.guideline.id, "title": c.guideline.title,
                            "tasks": len(c.guideline.refs),
                            "doc_number": c.guideline.meta.get("doc_number")}
                           for c in s.corpora],
            "plans": [p for c in s.corpora for p in tagged(c, c.plans)],
            "coverage": [r for c in s.corpora for r in tagged(c, c.coverage)],
            "score_cutoff": s.score_cutoff, "route_cutoff": s.route_cutoff,
            "agencies": [a for c in s.corpora for a in tagged(c, c.agencies)],
            "unrouted": [{"id": i, "title": t, "file": f} for i, t, f in s.unrouted],
            "skipped": [{"file": k.file, "reason": k.reason} for k in s.skipped]}


def render_corpus_set(s: CorpusSet, *, format: str = "table") -> str:
    """``table`` (one per guideline, then the unrouted plans), ``json`` or ``csv`` (the
    coverage rows with a ``guideline_id`` column)."""
    if format == "json":
        return json_text(corpus_set_dict(s))
    if format == "csv":
        return csv_text(("guideline_id", *CSV_HEADERS), (
            (c.guideline.id, r.plan, r.guideline, list(r.tasks), r.score, r.status.value)
            for c in s.corpora for r in c.coverage))
    parts = [corpus_table(c) for c in s.corpora if c.plans]
    names = ", ".join(i for i, _, _ in s.unrouted[:20]) + (" …" if len(s.unrouted) > 20 else "")
    tail = f"\nunrouted: {len(s.unrouted)} plans" + (f" ({names})" if s.unrouted else "")
    return "\n\n".join(parts) + tail + "\n"
