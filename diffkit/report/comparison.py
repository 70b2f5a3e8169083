"""Renderings of a `Comparison`: terminal table, CSV, JSON and HTML, and the character-level
`redline` they (and the Excel report) share.

Nothing here imports pandas or openpyxl.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from ..errors import OptionError
from ..files import check_reports
from ..normalize import nfkc, to_simplified
from .render import RENAMES, clip, csv_text, json_text, table, terminal_width, wrap

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


def written_sides(a_text: str, b_text: str
                  ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """`redline` computed on the normalised texts (width and script are no change), as the
    runs of each side spelled as written: A's ``equal``/``delete`` runs, B's
    ``equal``/``insert`` runs. Normalising nearly always keeps lengths (NFKC and Simplified
    map a character to one character); where it does not, the sides spell the normalised
    texts."""
    runs = redline(a_text, b_text, normalize=True)
    a_runs = [r for r in runs if r[0] != INSERT]
    b_runs = [r for r in runs if r[0] != DELETE]
    if sum(len(t) for _, t in a_runs) != len(a_text) or \
            sum(len(t) for _, t in b_runs) != len(b_text):
        return a_runs, b_runs
    return _respell(a_runs, a_text), _respell(b_runs, b_text)


def _respell(runs: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    out, k = [], 0
    for op, t in runs:
        out.append((op, text[k:k + len(t)]))
        k += len(t)
    return out


def _push(out: list[tuple[str, str]], op: str, text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == op:
        out[-1] = (op, out[-1][1] + text)
    else:
        out.append((op, text))


def short_redline(a_text: str, b_text: str, *, color: bool = False, context: int = 8,
                  width: int | None = 240, full: bool = False) -> str:
    """A one-line redline: ``[-deleted-]{+inserted+}``, long equal runs shortened to
    ``context`` characters either side of a change (all of them with ``full``); ANSI colour
    when ``color``; cut to ``width`` columns unless ``width`` is None or ``color``."""
    parts: list[str] = []
    runs = redline(_one_line(a_text), _one_line(b_text), normalize=True)
    for k, (op, text) in enumerate(runs):
        if op == EQUAL:
            head = text[:context] if k else ""
            tail = text[-context:] if k < len(runs) - 1 else ""
            parts.append(text if full or (len(text) <= 2 * context + 1 and k
                                          and k < len(runs) - 1)
                         else f"{head}…{tail}" if head or tail else "…")
        elif op == DELETE:
            parts.append(f"{RED}[-{text}-]{RESET}" if color else f"[-{text}-]")
        else:
            parts.append(f"{GREEN}{{+{text}+}}{RESET}" if color else f"{{+{text}+}}")
    if all(op == EQUAL for op, _ in runs):
        text = _one_line(b_text)
        return text if width is None else clip(text, width)
    line = "".join(parts)
    return line if color or width is None else clip(line, width)


# -- rows --------------------------------------------------------------------------------------
PAIR_HEADERS = ("a", "b", "guideline", "status", "moved", "similarity",
                "lead_added", "lead_removed", "lead_renamed",
                "participants_added", "participants_removed", "participants_renamed",
                "a_text", "b_text", "lead_promoted", "lead_demoted", "lead_absorbed",
                "participants_absorbed", "borrows", "follows")
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
            _renames(part["absorbed"]), list(p.borrows), p.follows)


def provenance(p: Pair) -> list[str]:
    """Where a pair's text comes from, in words: ``borrows a clause of A's 1.1`` (an added
    task quoting a task of A that corresponds elsewhere; ``B's`` for a removed one) and, in a
    chain, ``follows the guideline`` / ``follows A`` / ``follows neither (local)``."""
    out = []
    if p.borrows:
        other = "A" if p.b else "B"
        out.append(f"borrows a clause of {other}'s {', '.join(p.borrows)}")
    if p.follows is not None:
        out.append(FOLLOWS_WORDS[p.follows])
    return out


#: what `Pair.follows` means, in words (terminal, HTML, workbook)
FOLLOWS_WORDS = {"guideline": "follows the guideline", "a": "follows A",
                 "local": "follows neither (local)"}


def agency_rows(c: Comparison) -> list[tuple[Any, ...]]:
    """One row per agency change, with the function beside the names."""
    return [(list(p.a), list(p.b), p.status.value, ch.role, ch.change, ch.a, ch.b,
             ch.function, ch.role_a, ch.role_b) for p, ch in c.agency_changes]


def check_outputs(*, by: str = "pair", format: str = "table", excel: Any = None,
                  html: Any = None) -> None:
    """A comparison's renderings checked before any work: the per-agency view (``by``) has
    no JSON; the ``excel`` workbook and ``html`` page must be writable and named so."""
    if by == "agency" and format == "json":
        raise OptionError("the per-agency view is a table or CSV; the JSON contract "
                          "(diffkit.comparison/1) is per pair: drop --by agency", option="--by")
    check_reports(excel, html)


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
def comparison_text(c: Comparison, *, format: str = "table", color: bool = False,
                    changed_only: bool = False, renames: str = "group", full: bool = False,
                    width: int | None = None) -> str:
    """The comparison as ``table`` (for people), ``json`` (the contract) or ``csv``
    (``changed_only``: only the pairs where something changed)."""
    if format == "json":
        return json_text(c.to_dict())
    if format == "csv":
        return csv_text(PAIR_HEADERS, [pair_row(p) for p in c.pairs
                                       if p.changed or not changed_only])
    return comparison_table(c, color=color, changed_only=changed_only, renames=renames,
                            full=full, width=width)


def comparison_table(c: Comparison, *, color: bool = False, changed_only: bool = False,
                     renames: str = "group", full: bool = False, width: int | None = None
                     ) -> str:
    """Summary counts, then the pairs (each with its redline and agency changes), wrapped
    to ``width`` columns (default: the terminal's); ids and names are never cut.

    ``changed_only`` leaves out the pairs where nothing changed; ``renames`` is ``group``
    (one line per renamed agency at the end, with its task count), ``show`` (under each
    pair) or ``hide`` (only counted); ``full`` shows whole texts, not only the changes."""
    if renames not in RENAMES:
        raise ValueError(f"renames must be one of {', '.join(RENAMES)}, not {renames!r}")
    width = width or terminal_width()
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
    if "follows" in s:
        f = s["follows"]
        lines.append(f"B's tasks follow the guideline's text {f['guideline']}, A's rewording "
                     f"{f['a']}, neither (local) {f['local']}")
    lines = [w for line in lines for w in wrap(line, width, indent="  ", first="")]
    shown = [p for p in c.pairs if not changed_only or _listed(p, renames)]
    if shown:
        lines += ["", f"Changed tasks ({len(shown)} of {len(c.pairs)} pairs)" if changed_only
                  else f"Tasks ({len(shown)} pairs)"]
    for p in shown:
        lines += _pair_lines(p, color=color, renames=renames, full=full, width=width)
    renamed = [(p, ch) for p, ch in c.agency_changes if ch.change == "renamed"]
    if renamed and renames == "group":
        lines += ["", "Renamed agencies (reform successors; --renames show lists them per task)"]
        lines += _rename_lines(renamed, width)
    elif renamed and renames == "hide":
        lines += ["", f"{len(renamed)} agency renames not shown (--renames show lists them)"]
    if not c.changed:
        lines += ["", "No differences."]
    return "\n".join(lines).rstrip("\n") + "\n"


def _listed(p: Pair, renames: str) -> bool:
    """Whether ``changed_only`` lists a pair: its text or place changed, or an agency
    change that is not a rename left to the grouped lines."""
    if p.status.value != "unchanged" or p.moved:
        return True
    return any(renames == "show" or ch.change != "renamed" for ch in p.agency_changes)


def _pair_lines(p: Pair, *, color: bool, renames: str, full: bool, width: int) -> list[str]:
    out = wrap(_pair_head(p), width, indent="    ", first="  ")
    if p.a_text and p.b_text:
        if p.status.value != "unchanged" or full:
            out += wrap(short_redline(p.a_text, p.b_text, color=color, width=None, full=full),
                        width, indent="    ")
    else:
        text = _one_line(p.a_text or p.b_text)
        out += wrap(text if full else clip(text, 2 * width - 8), width, indent="    ")
    for role in ("lead", "participants", "responsible"):
        changes = [ch for ch in p.agency_changes
                   if ch.role == role and (renames == "show" or ch.change != "renamed")]
        if changes:
            out += wrap(f"{role}: " + "; ".join(map(describe_change, changes)), width,
                        indent="      ", first="    ")
    return out


def describe_change(ch) -> str:
    """An agency change in a few characters: ``+name``, ``−name``, ``old → new (renamed)``."""
    names = " → ".join(x for x in (ch.a, ch.b) if x)
    sign = {"added": "+", "removed": "−"}.get(ch.change)
    if sign:
        return f"{sign}{names}"
    return f"{names} ({ch.change}{', ' + ch.function if ch.function else ''})"


def _rename_lines(renamed: list, width: int) -> list[str]:
    """One line per (old → new) name: in how many of A's tasks, in which roles."""
    tasks: dict[tuple[str, str], dict[str, set]] = {}
    for p, ch in renamed:
        roles = tasks.setdefault((str(ch.a), str(ch.b)), {})
        roles.setdefault(ch.role, set()).update(p.a)
    out = []
    for (old, new), roles in tasks.items():
        n = len(set().union(*roles.values()))
        detail = ", ".join(f"{role} {len(roles[role])}" for role in ("lead", "participants")
                           if role in roles)
        out += wrap(f"{old} → {new}: {n} task{'s' if n != 1 else ''} ({detail})", width,
                    indent="      ", first="  ")
    return out


def _pair_head(p: Pair) -> str:
    a = ", ".join(p.a) or "—"
    b = ", ".join(p.b) or "—"
    extra = [f"{p.similarity:.1f}"] if p.similarity is not None else []
    if p.moved:
        extra.append("moved")
    if p.guideline:
        extra.append(f"guideline {p.guideline}")
    extra += provenance(p)
    return f"{a} → {b}: {p.status.value}" + (f" ({', '.join(extra)})" if extra else "")


def comparison_html(c: Comparison) -> str:
    """Summary and a side-by-side redline of every pair, texts as written (for Jupyter;
    the whole page with filters is `diffkit.report.html.comparison_page`)."""
    import html  # only notebooks need it

    s = c.summary
    counts = ", ".join(f"{s[k]} {k}" for k in ("unchanged", "reworded", "split", "merged",
                                                "added", "removed", "moved"))
    rows = []
    for p in c.pairs:
        a_runs, b_runs = written_sides(p.a_text, p.b_text) if p.a_text and p.b_text else ((), ())
        a_html = "".join(_span(op, t) for op, t in a_runs) or html.escape(p.a_text)
        b_html = "".join(_span(op, t) for op, t in b_runs) or html.escape(p.b_text)
        agencies = "<br>".join(html.escape(f"{ch.role} {ch.change}: "
                                           + " → ".join(x for x in (ch.a, ch.b) if x))
                               for ch in p.agency_changes)
        rows.append(f"<tr><td>{html.escape(', '.join(p.a))}</td>"
                    f"<td>{html.escape(', '.join(p.b))}</td>"
                    f"<td>{p.status.value}{' (moved)' if p.moved else ''}"
                    f"{''.join('<br>' + html.escape(x) for x in provenance(p))}</td>"
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


__all__ = ["redline", "short_redline", "check_outputs", "comparison_text", "comparison_table",
           "comparison_html", "pair_row", "provenance", "FOLLOWS_WORDS", "agency_rows",
           "agencies_text", "PAIR_HEADERS",
           "AGENCY_HEADERS"]


def _one_line(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip()).replace(
        "。 ", "。")
