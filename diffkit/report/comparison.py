"""Renderings of a `Comparison`: terminal table, CSV, JSON and HTML, and the character-level
`redline` they (and the Excel report) share.

Nothing here imports pandas or openpyxl.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from ..normalize import nfkc, to_simplified
from .render import clip, csv_text, json_text, table

if TYPE_CHECKING:  # pragma: no cover
    from ..compare import Comparison, Pair

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
RED, GREEN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"


def redline(a_text: str, b_text: str, *, normalize: bool = False) -> list[tuple[str, str]]:
    """Character-level difference of two texts as ``(op, text)`` runs, op one of
    ``"equal"``, ``"delete"`` (only in A), ``"insert"`` (only in B). The A text is the
    concatenation of the equal and delete runs, the B text of the equal and insert runs.
    With ``normalize``, both texts are first made NFKC and Simplified, so width and script
    are not shown as changes (the runs then spell the normalised texts)."""
    if normalize:
        a_text, b_text = to_simplified(nfkc(a_text)), to_simplified(nfkc(b_text))
    matcher = difflib.SequenceMatcher(None, a_text, b_text, autojunk=False)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _push(out, EQUAL, a_text[i1:i2])
            continue
        if tag in ("delete", "replace"):
            _push(out, DELETE, a_text[i1:i2])
        if tag in ("insert", "replace"):
            _push(out, INSERT, b_text[j1:j2])
    return out


def _push(out: list[tuple[str, str]], op: str, text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == op:
        out[-1] = (op, out[-1][1] + text)
    else:
        out.append((op, text))


def short_redline(a_text: str, b_text: str, *, color: bool = False, context: int = 8,
                  width: int = 240) -> str:
    """A one-line redline: ``[-deleted-]{+inserted+}``, long equal runs shortened to
    ``context`` characters either side of a change; ANSI colour when ``color``."""
    parts: list[str] = []
    runs = redline(_one_line(a_text), _one_line(b_text), normalize=True)
    for k, (op, text) in enumerate(runs):
        if op == EQUAL:
            head = text[:context] if k else ""
            tail = text[-context:] if k < len(runs) - 1 else ""
            parts.append(text if len(text) <= 2 * context + 1 and k and k < len(runs) - 1
                         else f"{head}…{tail}" if head or tail else "…")
        elif op == DELETE:
            parts.append(f"{RED}[-{text}-]{RESET}" if color else f"[-{text}-]")
        else:
            parts.append(f"{GREEN}{{+{text}+}}{RESET}" if color else f"{{+{text}+}}")
    if all(op == EQUAL for op, _ in runs):
        return clip(_one_line(b_text), width)
    line = "".join(parts)
    return line if color else clip(line, width)


# -- rows --------------------------------------------------------------------------------------
PAIR_HEADERS = ("a", "b", "guideline", "status", "moved", "similarity",
                "lead_added", "lead_removed", "lead_renamed",
                "participants_added", "participants_removed", "participants_renamed",
                "a_text", "b_text", "lead_promoted", "lead_demoted", "lead_absorbed",
                "participants_absorbed")
AGENCY_HEADERS = ("a", "b", "status", "role", "change", "agency_a", "agency_b", "function",
                  "role_a", "role_b")


def _renames(items: list) -> list[str]:
    return [f"{x}→{y}" for x, y in items]


def pair_row(p: Pair) -> tuple[Any, ...]:
    lead, part = p.role_changes("lead"), p.role_changes("participants")
    return (list(p.a), list(p.b), p.guideline, p.status.value, p.moved, p.similarity,
            lead["added"], lead["removed"], _renames(lead["renamed"]),
            part["added"], part["removed"], _renames(part["renamed"]), p.a_text, p.b_text,
            _renames(lead["promoted"]), _renames(lead["demoted"]), _renames(lead["absorbed"]),
            _renames(part["absorbed"]))


def agency_rows(c: Comparison) -> list[tuple[Any, ...]]:
    """One row per agency change, with the function beside the names."""
    return [(list(p.a), list(p.b), p.status.value, ch.role, ch.change, ch.a, ch.b,
             ch.function, ch.role_a, ch.role_b) for p, ch in c.agency_changes]


def agencies_text(c: Comparison, *, format: str = "table") -> str:
    """The per-agency view (`Comparison.agency_rows`) as a ``table`` or ``csv``."""
    from ..compare import AGENCY_VIEW

    rows = c.agency_rows()
    if format == "csv":
        return csv_text(AGENCY_VIEW, rows)
    head = (f"A: {c.a.title} ({c.a.id}); B: {c.b.title} ({c.b.id}); agencies matched by "
            f"{c.agencies_matched_by}; {len(rows)} lines of responsibility\n\n")
    return head + table(AGENCY_VIEW, rows, max_widths=(28, 20, 24, 24, 6, 8, 6, 8, 6, 4, 30,
                                                       30))


# -- renderings --------------------------------------------------------------------------------
def comparison_text(c: Comparison, *, format: str = "table", color: bool = False) -> str:
    """The comparison as ``table`` (for people), ``json`` (the contract) or ``csv``."""
    if format == "json":
        return json_text(c.to_dict())
    if format == "csv":
        return csv_text(PAIR_HEADERS, [pair_row(p) for p in c.pairs])
    return comparison_table(c, color=color)


def comparison_table(c: Comparison, *, color: bool = False) -> str:
    """Summary counts, then each changed pair with a short redline, then agency changes."""
    s = c.summary
    lines = [f"A: {c.a.title} ({c.a.id}), {s['tasks_a']} tasks",
             f"B: {c.b.title} ({c.b.id}), {s['tasks_b']} tasks"]
    if c.guideline is not None:
        lines.append(f"guideline: {c.guideline.title} ({c.guideline.id}), "
                     f"{len(c.guideline.refs)} tasks")
    keys = ("unchanged", "reworded", "split", "merged", "added", "removed", "moved",
            "agency_changes")
    lines += ["", "  ".join(f"{k.replace('_', ' ')} {s[k]}" for k in keys)
              + f"  (agencies matched by {c.agencies_matched_by})"]
    for side, fid in (s.get("fidelity") or {}).items():
        lines.append(f"{side.upper()} covers {fid['covered']:.1%} of the guideline's tasks "
                     f"and retains {fid['retained']:.1%} of its text; "
                     f"{fid['local']} local additions")
    changed = [p for p in c.pairs if p.status.value != "unchanged" or p.moved]
    if changed:
        lines += ["", "Changed tasks"]
        for p in changed:
            lines.append(_pair_head(p))
            if p.a_text and p.b_text:
                lines.append("    " + short_redline(p.a_text, p.b_text, color=color))
            else:
                lines.append("    " + clip(p.a_text or p.b_text, 120))
    rows = [r[:2] + r[3:8] for r in agency_rows(c)]
    if rows:
        lines += ["", "Agency changes", table(("A", "B", "role", "change", "in A", "in B",
                                               "function"), rows,
                                              max_widths=(10, 10, 12, 8, 30, 30, 24))]
    elif not changed:
        lines += ["", "No differences."]
    return "\n".join(lines).rstrip("\n") + "\n"


def _pair_head(p: Pair) -> str:
    a = ", ".join(p.a) or "—"
    b = ", ".join(p.b) or "—"
    extra = [f"{p.similarity:.1f}"] if p.similarity is not None else []
    if p.moved:
        extra.append("moved")
    if p.guideline:
        extra.append(f"guideline {p.guideline}")
    return f"  {a} → {b}: {p.status.value}" + (f" ({', '.join(extra)})" if extra else "")


def comparison_html(c: Comparison) -> str:
    """Summary and a side-by-side redline of every pair (for Jupyter)."""
    import html  # only notebooks need it

    s = c.summary
    counts = ", ".join(f"{s[k]} {k}" for k in ("unchanged", "reworded", "split", "merged",
                                                "added", "removed", "moved"))
    rows = []
    for p in c.pairs:
        runs = redline(p.a_text, p.b_text, normalize=True) if p.a_text and p.b_text else []
        a_html = "".join(_span(op, t) for op, t in runs if op != INSERT) or html.escape(p.a_text)
        b_html = "".join(_span(op, t) for op, t in runs if op != DELETE) or html.escape(p.b_text)
        agencies = "<br>".join(html.escape(f"{ch.role} {ch.change}: "
                                           + " → ".join(x for x in (ch.a, ch.b) if x))
                               for ch in p.agency_changes)
        rows.append(f"<tr><td>{html.escape(', '.join(p.a))}</td>"
                    f"<td>{html.escape(', '.join(p.b))}</td>"
                    f"<td>{p.status.value}{' (moved)' if p.moved else ''}</td>"
                    f"<td style='text-align:left'>{a_html}</td>"
                    f"<td style='text-align:left'>{b_html}</td><td>{agencies}</td></tr>")
    return (f"<p><b>{html.escape(c.a.title)}</b> → <b>{html.escape(c.b.title)}</b>: "
            f"{counts}; {s['agency_changes']} agency changes</p>"
            "<table><tr><th>A</th><th>B</th><th>status</th><th>A text</th><th>B text</th>"
            f"<th>agencies</th></tr>{''.join(rows)}</table>")


def _span(op: str, text: str) -> str:
    import html

    text = html.escape(text)
    if op == DELETE:
        return f"<del style='background:#fdd'>{text}</del>"
    if op == INSERT:
        return f"<ins style='background:#dfd'>{text}</ins>"
    return text


__all__ = ["redline", "short_redline", "comparison_text", "comparison_table",
           "comparison_html", "pair_row", "agency_rows", "agencies_text", "PAIR_HEADERS",
           "AGENCY_HEADERS"]


def _one_line(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip()).replace(
        "。 ", "。")
