"""Self-contained HTML pages (``diffkit compare --html``, ``diffkit corpus --html``): one file
that needs no network, opens in any browser, filters its rows with a little plain JavaScript,
and prints (print CSS: no controls, repeated table headers, rows not cut across pages).

Every text that comes from a document is escaped (`esc`); data for the filters travels in
``data-*`` attributes as escaped JSON, and the one script is static text. A
Content-Security-Policy allows that script alone (by its hash), inline styles, and nothing from
the network: a task text holding ``<script>`` shows as text and runs nowhere.

The page skeleton, the table helper and the filter controls serve both pages; what a page
shows comes from its caller (`comparison_page` here, `diffkit.corpus.report.corpus_page`).
No pandas, no openpyxl.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..files import write_text_atomic
from .workbook import STATUS_FILLS, STATUS_MEANINGS

STATUSES = tuple(STATUS_FILLS)

CSS = """
:root{--line:#d0d7de;--muted:#57606a;--del:#c00000;--ins:#00803c}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1500px;padding:1rem 1.5rem;color:#1f2328;
 font:15px/1.65 system-ui,"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC",
 "Microsoft YaHei",sans-serif}
h1{font-size:1.35rem;margin:.2rem 0 .6rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
[hidden]{display:none!important}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left}
thead th{position:sticky;top:0;background:#f6f8fa;font-weight:600;z-index:1}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.meta td:first-child{color:var(--muted);white-space:nowrap;width:8rem}
.counts span{display:inline-block;margin:0 .4rem .3rem 0;padding:.05rem .5rem;border-radius:.8rem;
 border:1px solid var(--line)}
.ids{font-weight:600;white-space:nowrap}.place{color:var(--muted);font-size:.85em}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.who{color:var(--muted);font-size:.85em;margin-top:.25rem}
.prov{font-size:.85em;margin-top:.25rem}
del{color:var(--del);text-decoration:line-through;background:#ffebe9}
ins{color:var(--ins);text-decoration:underline;background:#dafbe1}
.badge{white-space:nowrap;padding:0 .35rem;border-radius:.3rem;border:1px solid var(--line)}
ul.changes{margin:0;padding-left:1rem;font-size:.9em}
nav.filters{position:sticky;top:0;z-index:2;background:#fff;padding:.5rem 0;
 border-bottom:2px solid var(--line);display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center}
nav.filters select{max-width:18rem;font:inherit}
.shown{color:var(--muted)}
.note{color:var(--muted);font-size:.9em}
button.link{border:0;background:none;padding:0;color:#0969da;cursor:pointer;font:inherit;text-align:left}
table.pairs td.side{width:31%}table.pairs td.guide{width:15%}table.pairs td.changes{width:16%}
@media (max-width:900px){body{padding:.5rem}table.pairs td.side{width:auto}}
@media print{
 @page{size:A4 landscape;margin:12mm}
 body{max-width:none;padding:0;font-size:9pt;line-height:1.45}
 nav.filters,button.link::after{display:none}
 thead{display:table-header-group}thead th{position:static}
 tr{break-inside:auto}.text{orphans:3;widows:3}td.guide{font-size:8pt}
 .ids,.place{break-after:avoid}
 del,ins,.badge,tr{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 button.link{color:inherit}
}
"""

# The one script: each control [data-filter] names a row attribute (data-KEY) and how it
# matches: flag (checked → the attribute must be "1"), eq (the attribute equals the chosen
# value) or list (the attribute is a JSON list holding the chosen value); rows are the <tr>
# of the table whose id is the control's data-for; [data-count-for] elements say how many
# rows show; a [data-set-filter] button sets a control's value ("id=value").
SCRIPT = """
(function(){
var controls=[].slice.call(document.querySelectorAll('[data-filter]'));
var lists=new WeakMap();
function list(row,key){var m=lists.get(row);if(!m){m={};lists.set(row,m);}
 if(!(key in m)){m[key]=JSON.parse(row.dataset[key]||'[]');}return m[key];}
function match(row,c){
 var key=c.dataset.filter,kind=c.dataset.kind;
 if(kind==='flag'){return !c.checked||row.dataset[key]==='1';}
 if(!c.value){return true;}
 if(kind==='list'){return list(row,key).indexOf(c.value)>=0;}
 return row.dataset[key]===c.value;}
function apply(){
 var targets={};
 controls.forEach(function(c){(targets[c.dataset.for]=targets[c.dataset.for]||[]).push(c);});
 Object.keys(targets).forEach(function(id){
  var rows=document.querySelectorAll('#'+id+' > tbody > tr'),shown=0;
  rows.forEach(function(r){var ok=targets[id].every(function(c){return match(r,c);});r.hidden=!ok;if(ok){shown++;}});
  document.querySelectorAll('[data-count-for="'+id+'"]').forEach(function(e){
   e.textContent=shown+' of '+rows.length+' shown';});});}
controls.forEach(function(c){c.addEventListener('change',apply);});
document.querySelectorAll('[data-set-filter]').forEach(function(b){
 b.addEventListener('click',function(){var p=b.dataset.setFilter.split('=');
  var c=document.getElementById(p[0]);c.value=p.slice(1).join('=');apply();
  var t=document.getElementById(c.dataset.for);if(t&&t.scrollIntoView){t.scrollIntoView();}});});
apply();
})();
"""
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
POLICY = (f"default-src 'none'; script-src '{SCRIPT_HASH}'; style-src 'unsafe-inline'; "
          "img-src data:; base-uri 'none'; form-action 'none'")


def write_page(path, text: str):
    """Write a page atomically (parent folders created); returns its `Path`."""
    return write_text_atomic(path, text)


def esc(value: Any) -> str:
    """Text for HTML: None is empty, floats get one decimal, everything else `str`; escaped
    (quotes too, so the result is safe in attributes)."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = f"{value:.1f}"
    return html.escape(str(value), quote=True)


def data_list(values: Iterable[str]) -> str:
    """A list for a ``data-*`` attribute: JSON, escaped."""
    return esc(json.dumps(list(values), ensure_ascii=False))


def page(title: str, body: str, *, lang: str = "zh-Hans") -> str:
    """A whole HTML document around ``body`` (already HTML), with the CSS, the policy and the
    filter script."""
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="diffkit">\n'
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            f"<script>{SCRIPT}</script>\n</body>\n</html>\n")


def table(header: Sequence[str], rows: Iterable[Sequence[Any]], *, id: str | None = None,
          cls: str | None = None, numeric: Sequence[int] = ()) -> str:
    """A plain table; cell values are escaped (lists joined with 、)."""
    attrs = (f' id="{esc(id)}"' if id else "") + (f' class="{esc(cls)}"' if cls else "")
    num = set(numeric)
    head = "".join(f'<th{" class=num" if k in num else ""}>{esc(h)}</th>'
                   for k, h in enumerate(header))
    body = []
    for row in rows:
        cells = "".join(f'<td{" class=num" if k in num else ""}>{_cell(v)}</td>'
                        for k, v in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return f"<table{attrs}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cell(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return esc("、".join(map(str, value)))
    return esc(value).replace("\n", "<br>")


def select(id: str, label: str, target: str, key: str, options: Sequence[tuple[str, str]], *,
           kind: str = "eq") -> str:
    """A filter control: ``options`` are ``(value, shown text)``; the first option is all."""
    opts = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in options)
    return (f'<label>{esc(label)} <select id="{esc(id)}" data-filter="{esc(key)}" '
            f'data-kind="{kind}" data-for="{esc(target)}"><option value="">all</option>'
            f"{opts}</select></label>")


def checkbox(id: str, label: str, target: str, key: str) -> str:
    return (f'<label><input type="checkbox" id="{esc(id)}" data-filter="{esc(key)}" '
            f'data-kind="flag" data-for="{esc(target)}"> {esc(label)}</label>')


def filters(*controls: str, target: str) -> str:
    return (f'<nav class="filters" aria-label="filters">{"".join(controls)}'
            f'<span class="shown" data-count-for="{esc(target)}"></span></nav>')


def status_counts(counts: Mapping[str, int]) -> str:
    """Badges ``status n`` in the status colours, with the meaning as tooltip."""
    return '<p class="counts">' + "".join(
        f'<span style="background:#{STATUS_FILLS.get(s, "FFFFFF")}" '
        f'title="{esc(STATUS_MEANINGS.get(s, ""))}">{esc(s)} {n}</span>'
        for s, n in counts.items()) + "</p>"


def badge(status: str) -> str:
    return (f'<span class="badge" style="background:#{STATUS_FILLS.get(status, "FFFFFF")}">'
            f"{esc(status)}</span>")


# == the comparison page ========================================================================
META = (("id", None), ("title", "title"), ("issuer", "issuer"), ("doc number", "doc_number"),
        ("date", "date"), ("region", "region"), ("level", "level"))


def comparison_page(c) -> str:
    """The page of a `Comparison`: both documents, counts, every pair side by side with a
    character-level redline (guideline task beside it when there is a guideline), filters
    (changed only, status, section, agency; *borrows a clause* and *follows* when a pair
    has them), the agency summary and the guideline coverage."""
    from .layout import agencies_sheet, coverage_sheet, report_inputs

    inputs = report_inputs(c)
    canonical = inputs["canonical"]
    agencies = agencies_sheet(c, canonical, inputs["describe"])
    sections = list(dict.fromkeys(s.title or s.id for p in (c.a, c.b) for s in p.sections))
    names = [row[0] for row in agencies.rows]
    controls = (checkbox("f-changed", "changed only", "pairs", "changed"),
                select("f-status", "status", "pairs", "status",
                       [(s, s) for s in (*STATUSES, "moved")], kind="list"),
                select("f-section", "section", "pairs", "sections",
                       [(s, s) for s in sections], kind="list"),
                select("f-agency", "agency", "pairs", "agencies",
                       [(n, n) for n in names], kind="list"), *_provenance_controls(c))
    title = f"{c.a.title or c.a.id} → {c.b.title or c.b.id}"
    body = [f"<h1>{esc(title)}</h1>", _documents(c), _summary(c),
            filters(*controls, target="pairs"), "<h2>Tasks</h2>", _pairs(c, canonical),
            "<h2>Agencies</h2>",
            '<p class="note">One row per canonical agency; a name filters the tasks.</p>',
            _agency_table(agencies)]
    if c.guideline is not None and inputs["coverage"] is not None:
        cover = coverage_sheet(c.guideline, inputs["coverage"])
        body += ["<h2>Guideline coverage</h2>", table(cover.header, cover.rows, cls="cover")]
    body.append(f'<p class="note">Made by diffkit {esc(inputs["options"].get("diffkit version"))}'
                f'; score cutoff {esc(inputs["options"].get("score_cutoff"))}.</p>')
    return page(title, "\n".join(body))


def _provenance_controls(c) -> tuple[str, ...]:
    """Filters for where a pair's text comes from, only when some pair says it."""
    from .comparison import FOLLOWS_WORDS

    out = []
    if any(p.borrows for p in c.pairs):
        out.append(checkbox("f-borrows", "borrows a clause", "pairs", "borrows"))
    if any(p.follows for p in c.pairs):
        out.append(select("f-follows", "B follows", "pairs", "follows",
                          [(k, w.removeprefix("follows ")) for k, w in FOLLOWS_WORDS.items()]))
    return tuple(out)


def _documents(c) -> str:
    plans = [("A", c.a), ("B", c.b)] + ([("guideline", c.guideline)] if c.guideline else [])
    rows = [(label, *(p.id if key is None else _meta(p, key) for _, p in plans))
            for label, key in META]
    rows.append(("tasks", *(len(p.refs) for _, p in plans)))
    return table(("", *(name for name, _ in plans)), rows, cls="meta")


def _meta(plan, key: str) -> str | None:
    value = plan.meta.get(key)
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    return None if value is None else str(value)


def _summary(c) -> str:
    s = c.summary
    out = [status_counts({k: s[k] for k in STATUSES}),
           f'<p>{s["moved"]} moved to another section; {s["agency_changes"]} agency changes.</p>']
    for side, fid in (s.get("fidelity") or {}).items():
        out.append(f"<p>{side.upper()} covers {fid['covered']:.1%} of the guideline's tasks "
                   f"and retains {fid['retained']:.1%} of its text; {fid['local']} local "
                   "additions.</p>")
    borrowing = sum(bool(p.borrows) for p in c.pairs)
    if borrowing:
        out.append(f'<p class="borrowing">{borrowing} added or removed tasks borrow a clause '
                   "of a task of the other side that corresponds elsewhere.</p>")
    if "follows" in s:
        f = s["follows"]
        out.append(f'<p class="follows">B implements A and the guideline: B\'s tasks follow '
                   f"the guideline's text {f['guideline']}, A's rewording {f['a']}, neither "
                   f"(local) {f['local']}.</p>")
    return "".join(out)


def _pairs(c, canonical) -> str:
    g = c.guideline
    head = ["#", *(["guideline"] if g is not None else []), "A", "B", "status",
            "agency changes"]
    where = {(side, t): k for k, p in enumerate(c.pairs, 1)
             for side, ids in (("A", p.a), ("B", p.b)) for t in ids}
    rows = [_pair_row(k, p, c, canonical, where) for k, p in enumerate(c.pairs, 1)]
    ths = "".join(f"<th>{esc(h)}</th>" for h in head)
    return (f'<table id="pairs" class="pairs"><thead><tr>{ths}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _pair_row(k: int, p, c, canonical, where) -> str:
    from .comparison import written_sides

    status = str(p.status)
    a_refs = [c.a.ref(t) for t in p.a]
    b_refs = [c.b.ref(t) for t in p.b]
    a_runs, b_runs = (written_sides(p.a_text, p.b_text) if a_refs and b_refs
                      else ([("equal", p.a_text)], [("equal", p.b_text)]))
    sections = list(dict.fromkeys(r.section.title or r.section.id for r in (*a_refs, *b_refs)))
    agencies = list(dict.fromkeys(
        [n for r in a_refs for n in canonical(r.task.agencies, c.a)]
        + [n for r in b_refs for n in canonical(r.task.agencies, c.b)]))
    flags = [status] + (["moved"] if p.moved else [])
    cells = [f'<td class="num">{k}</td>']
    if c.guideline is not None:
        cells.append(_guideline_cell(c.guideline, p.guideline))
    cells += [_side(a_refs, p.a_text, a_runs), _side(b_refs, p.b_text, b_runs)]
    sim = "" if p.similarity is None else f"<br>{p.similarity:.1f}"
    cells.append(f"<td>{badge(status)}{' moved' if p.moved else ''}{sim}"
                 f"{_provenance(p, where)}</td>")
    cells.append(f'<td class="changes">{_changes(p)}</td>')
    return (f'<tr id="pair-{k}" data-changed="{int(p.changed)}" data-status="{data_list(flags)}" '
            f'data-sections="{data_list(sections)}" data-agencies="{data_list(agencies)}" '
            f'data-borrows="{int(bool(p.borrows))}" data-follows="{esc(p.follows or "")}" '
            f'style="background:#{STATUS_FILLS.get(status, "FFFFFF")}">{"".join(cells)}</tr>')


def _provenance(p, where) -> str:
    """Where the pair's text comes from: the borrowed tasks of the other side, each a link to
    its own pair's row, and what B follows in a chain."""
    from .comparison import FOLLOWS_WORDS

    out = ""
    if p.borrows:
        side = "A" if p.b else "B"
        links = ", ".join(f'<a href="#pair-{where[(side, t)]}">{esc(t)}</a>'
                          if (side, t) in where else esc(t) for t in p.borrows)
        out += f'<div class="prov borrows">borrows a clause of {side}\'s {links}</div>'
    if p.follows:
        out += f'<div class="prov follows">{esc(FOLLOWS_WORDS[p.follows])}</div>'
    return out


def _guideline_cell(g, gid: str | None) -> str:
    if gid is None:
        return '<td class="guide"><span class="note">— (not in the guideline)</span></td>'
    text = g.ref(gid).task.text
    return (f'<td class="guide"><div class="ids">{esc(gid)}</div>'
            f'<div class="text">{esc(text)}</div></td>')


def _side(refs, text: str, runs) -> str:
    """One side of a pair: ids, places, text (deletions or insertions marked), agencies."""
    if not refs:
        return '<td class="side"><span class="note">—</span></td>'
    tags = {"delete": "del", "insert": "ins"}
    ids = ", ".join(r.task.id for r in refs)
    places = list(dict.fromkeys(f"{r.section.number or r.section.id} {r.section.title} / "
                                f"({r.item.number or r.item.id}) {r.item.title}" for r in refs))
    body = "".join(f"<{tags[op]}>{esc(t)}</{tags[op]}>" if op in tags else esc(t)
                   for op, t in runs)
    if "".join(t for _, t in runs) != text:
        body += ('<details class="note"><summary>compared after normalisation (NFKC, '
                 f"Simplified); as written</summary>{esc(text)}</details>")
    roles = (("lead 牵头", "lead"), ("participants 参与", "participants"),
             ("responsible 责任单位", "responsible"))
    who = "".join(f"<div>{label}: {esc('、'.join(names))}</div>" for label, names in (
        (label, list(dict.fromkeys(n for r in refs for n in getattr(r.task, role, ()))))
        for label, role in roles) if names)
    return (f'<td class="side"><div class="ids">{esc(ids)}</div>'
            f'<div class="place">{"<br>".join(map(esc, places))}</div>'
            f'<div class="text">{body}</div><div class="who">{who}</div></td>')


def _changes(p) -> str:
    """The pair's agency changes, one line each: ``role: + name``, ``− name``, ``old → new
    (renamed)``."""
    if not p.agency_changes:
        return ""
    from .comparison import describe_change

    items = "".join(f'<li class="{esc(ch.change)}">{esc(ch.role)}: {esc(describe_change(ch))}'
                    "</li>" for ch in p.agency_changes)
    return f'<ul class="changes">{items}</ul>'


def _agency_table(spec) -> str:
    """The Agencies sheet's rows, the agency a button that filters the tasks by it."""
    head = "".join(f"<th>{esc(h)}</th>" for h in spec.header)
    rows = []
    for row in spec.rows:
        first = (f'<button type="button" class="link" data-set-filter="f-agency={esc(row[0])}">'
                 f"{esc(row[0])}</button>")
        rows.append("<tr><td>" + first + "</td>"
                    + "".join(f"<td>{_cell(v)}</td>" for v in row[1:]) + "</tr>")
    return (f'<table id="agencies" class="agencies"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
