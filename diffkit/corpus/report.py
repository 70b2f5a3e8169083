"""Renderings of a `Corpus`: a terminal table, CSV (one row per plan and guideline task),
the JSON contract, and HTML for Jupyter. No pandas or openpyxl here."""

from __future__ import annotations

import functools
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
    enc = functools.cache(_encode_str)   # ids, names and statuses recur from row to row
    ids = functools.cache(_ids)          # and so do a row's task ids

    rows = {
        "plans": [_at(p.to_dict(), 2) for p in c.plans],
        "coverage": [
            f'{{\n      "plan": {enc(r.plan)},\n      "guideline": {enc(r.guideline)},\n'
            f'      "tasks": {ids(r.tasks)},\n      "score": {json_scalar(r.score)},\n'
            f'      "status": {enc(r.status)}\n    }}' for r in c.coverage],
        "agencies": [  # (counts are ints: their JSON is their str, without a call each)
            f'{{\n      "agency": {enc(a.agency)},\n      "plan": {enc(a.plan)},\n'
            f'      "lead": {_int(a.lead)},\n'
            f'      "participants": {_int(a.participants)},\n'
            f'      "responsible": {_int(a.responsible)}\n    }}' for a in c.agencies]}
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


def _int(n) -> int | str:
    """An agency count as f-strings format it: a plain int is its own JSON; anything else
    (never made by `corpus`) goes to `json_scalar`."""
    return n if type(n) is int else json_scalar(n)


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


def _summary(c: Corpus) -> tuple[str, str]:
    """Two lines: guideline tasks, plans (skipped), cutoff; the means over the plans."""
    n = len(c.plans) or 1
    return (f"{len(c.guideline.refs)} guideline tasks; {len(c.plans)} plans"
            + (f", {len(c.skipped)} skipped" if c.skipped else "")
            + f"; score cutoff {c.score_cutoff:g}",
            f"mean coverage {_pct(sum(p.coverage for p in c.plans) / n)}, "
            f"mean text retained {_pct(sum(p.retained for p in c.plans) / n)}, "
            f"local additions {sum(p.added for p in c.plans) / n:.1f} per plan")


def corpus_table(c: Corpus) -> str:
    g = c.guideline
    counts, means = _summary(c)
    head = f"{g.title} ({g.id}): {counts}\n{means}\n\n"
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


def skipped_reasons(result) -> list[str]:
    """Why plans were skipped, one line each; for a run written with ``output=`` the ones
    summary.json lists, and how many more it counts."""
    if not hasattr(result, "summary"):
        return [s.reason for s in result.skipped]
    listed = [s["reason"] for s in result.summary["skipped"]]
    more = result.summary["skipped_count"] - len(listed)
    return listed + ([f"... and {more:,} more (see summary.json)"] if more > 0 else [])


def written_line(result) -> str:
    """What a run written with ``output=`` holds, in one line: where, plans, guidelines,
    unrouted and skipped plans."""
    s = result.summary
    n = len(s["guidelines"])
    return (f"wrote {result.path}: {s['plans']:,} plans, {n} guideline{'s' * (n != 1)}, "
            f"{s['unrouted']:,} unrouted, {s['skipped_count']:,} skipped\n")


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


# == the web page (diffkit corpus --html) ======================================================
MAX_PLAN_ROWS = 5000  # a page of more plan rows gets slow in a browser; the rest is counted


def corpus_page(c: Corpus) -> str:
    """One self-contained page: the summary, the guideline tasks (how many plans keep each,
    with which status; filters changed only, status, section), the plans (filters changed
    only, agency) and the agencies across plans (a name filters the plans)."""
    from ..report import html as page

    g = c.guideline
    title = f"{g.title or g.id}: {len(c.plans)} plans"
    summary = "".join(f"<p>{page.esc(line)}.</p>" for line in _summary(c))
    agencies = _agency_totals(c)
    body = [f"<h1>{page.esc(title)}</h1>", summary,
            "<h2>Guideline tasks</h2>", _task_filters(c, page), _task_table(c, page),
            "<h2>Plans</h2>",
            page.filters(page.checkbox("p-changed", "changed only", "plans", "changed"),
                         page.select("p-agency", "agency", "plans", "agencies",
                                     [(a, a) for a in agencies], kind="list"),
                         target="plans"),
            _plan_table(c, page), "<h2>Agencies</h2>",
            '<p class="note">Tasks led and joined, added up over the plans; a name filters '
            "the plans.</p>", _agency_table(agencies, page)]
    return page.page(title, "\n".join(body))


def _task_filters(c: Corpus, page) -> str:
    sections = [s.title or s.id for s in c.guideline.sections]
    statuses = list(TASK_HEADERS[4:])
    return page.filters(page.checkbox("t-changed", "changed in some plan", "tasks", "changed"),
                        page.select("t-status", "status", "tasks", "status",
                                    [(s, s) for s in statuses], kind="list"),
                        page.select("t-section", "section", "tasks", "section",
                                    [(s, s) for s in sections]),
                        target="tasks")


def _task_table(c: Corpus, page) -> str:
    head = "".join(f"<th>{page.esc(h)}</th>" for h in ("task", "section", *TASK_HEADERS[1:]))
    rows = []
    for ref, row in zip(c.guideline.refs, task_rows(c), strict=True):
        counts = dict(zip(TASK_HEADERS[4:], row[4:], strict=True))
        present = [s for s, k in counts.items() if k]
        changed = any(k for s, k in counts.items() if s != "unchanged")
        section = ref.section.title or ref.section.id
        cells = [row[0], section, *row[1:]]
        rows.append(f'<tr data-changed="{int(changed)}" data-status="{page.data_list(present)}" '
                    f'data-section="{page.esc(section)}">'
                    + "".join(f"<td>{page.esc(v)}</td>" for v in cells) + "</tr>")
    return (f'<table id="tasks"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _plan_table(c: Corpus, page) -> str:
    by_plan: dict[str, list[str]] = {}
    for a in c.agencies:
        by_plan.setdefault(a.plan, []).append(a.agency)
    head = "".join(f"<th>{page.esc(h)}</th>" for h in PLAN_HEADERS)
    rows = []
    for p, row in zip(c.plans[:MAX_PLAN_ROWS], plan_rows(c), strict=False):
        changed = p.added or any(p.statuses[1:])
        rows.append(f'<tr data-changed="{int(bool(changed))}" '
                    f'data-agencies="{page.data_list(by_plan.get(p.id, ()))}">'
                    + "".join(f"<td>{page.esc(v)}</td>" for v in row) + "</tr>")
    more = (f'<p class="note">… and {len(c.plans) - MAX_PLAN_ROWS} more plans, not shown here '
            "(all are in --format json/csv and plans_frame()).</p>"
            if len(c.plans) > MAX_PLAN_ROWS else "")
    return (f'<table id="plans"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{more}")


def _agency_totals(c: Corpus) -> dict[str, tuple[int, int, int, int]]:
    """Agency → (plans naming it, tasks led, tasks joined, tasks responsible for), most
    tasks first."""
    out: dict[str, list[int]] = {}
    for a in c.agencies:
        row = out.setdefault(a.agency, [0, 0, 0, 0])
        row[0] += 1
        row[1] += a.lead
        row[2] += a.participants
        row[3] += a.responsible
    return dict(sorted(((k, tuple(v)) for k, v in out.items()),
                       key=lambda kv: (-sum(kv[1][1:]), kv[0])))


def _agency_table(agencies: dict[str, tuple[int, int, int, int]], page) -> str:
    rows = "".join(
        f'<tr><td><button type="button" class="link" data-set-filter="p-agency='
        f'{page.esc(name)}">{page.esc(name)}</button></td>'
        + "".join(f'<td class="num">{v}</td>' for v in values) + "</tr>"
        for name, values in agencies.items())
    return ('<table id="agencies"><thead><tr><th>agency</th><th class="num">plans</th>'
            '<th class="num">tasks led</th><th class="num">tasks joined</th>'
            '<th class="num">tasks responsible</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


__all__ = ["render_corpus", "corpus_table", "corpus_html", "corpus_page", "plan_rows",
           "task_rows", "corpus_set_dict", "render_corpus_set", "skipped_reasons",
           "written_line"]
