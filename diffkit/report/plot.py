"""Plots for policy analysis: agency workload, the task × agency matrix, co-assignment network,
comparison status counts and corpus coverage. matplotlib is imported only here.

Every function takes its data first, options keyword-only, draws into ``ax`` when given (else
into a new figure) and returns the `matplotlib.figure.Figure`. Figures are built without
pyplot, on the Agg canvas: nothing global changes, no window opens on a machine without a
display, and Jupyter shows a returned figure once (after ``%matplotlib inline``).

Chinese labels need a font with CJK glyphs. `cjk_font` registers the Noto Sans SC file that
the ``plot`` extra installs (PyPI package ``pylopdf-fonts-zh-cn``, SIL Open Font License 1.1),
else uses a CJK font the system has (Debian ``fonts-noto-cjk``, ``fonts-wqy-microhei``), else
raises `DiffkitError` saying how to install one. Agency names are canonicalised through
`diffkit.agencies.canonical_names` (with ``as_of``, under their reform successors' names).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

try:
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator
except ImportError as exc:  # the plot extra is not installed: say which
    raise ImportError(f"diffkit.plot needs matplotlib ({exc}): pip install 'diffkit[plot]'"
                      ) from exc

from ..agencies.resolution import canonical_names
from ..agencies.workload import Workload
from ..agencies.workload import workload as _workload
from ..errors import DiffkitError
from ..model import Plan, load
from . import figures

__all__ = ["cjk_font", "use_cjk_font", "workload", "workload_diff", "task_matrix",
           "coassignment", "status_counts", "status_by_section", "coverage", "assignments",
           "STATUS_ORDER", "PAPER_RC"]

#: Families tried, in order, when the font package is not installed.
SYSTEM_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                   "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Serif CJK SC",
                   "Droid Sans Fallback", "Microsoft YaHei", "PingFang SC", "SimHei")
INSTALL_HINT = ("pip install 'diffkit[plot]' (the Noto Sans SC font package pylopdf-fonts-zh-cn), "
                "or on Debian/Ubuntu: apt-get install fonts-noto-cjk")
_PROBE = "省发展改革委牵头参与单位经济和信息化厅"
STATUS_ORDER = ("unchanged", "reworded", "split", "merged", "added", "removed")
STATUS_COLOURS = {"unchanged": "#9e9e9e", "reworded": "#4e79a7", "split": "#59a14f",
                  "merged": "#b07aa1", "added": "#f28e2b", "removed": "#e15759"}
LEAD, PART = "#1f4e79", "#9dc3e6"
B_LEAD, B_PART = "#8c2d04", "#fdae6b"
DROPPED = "#d62728"  # coverage: the plan has no task for it (never a colour of the score scale)
#: TrueType (Type 42) fonts in PDF and PostScript: journals reject Type 3 fonts
PAPER_RC = {"pdf.fonttype": 42, "ps.fonttype": 42}


class PaperFigure(Figure):
    """A `Figure` whose `savefig` embeds TrueType fonts (`PAPER_RC`) in PDF and PS files."""

    def savefig(self, *args, **kwargs):
        with matplotlib.rc_context(PAPER_RC):
            return super().savefig(*args, **kwargs)


# -- fonts --------------------------------------------------------------------------------------

def _covers(path: str, text: str = _PROBE) -> bool:
    from matplotlib.ft2font import FT2Font
    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError):
        return False
    return all(ord(ch) in charmap for ch in text)


def _packaged_font() -> str | None:
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = pylopdf_fonts_zh_cn.sans_path()
    return str(path) if path.is_file() else None


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family name of a font with Chinese glyphs, registered with matplotlib.

    Raises `DiffkitError` with the install command when there is none."""
    path = _packaged_font()
    if path and _covers(path):
        font_manager.fontManager.addfont(path)
        return font_manager.FontProperties(fname=path).get_name()
    by_family: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:
        by_family.setdefault(entry.name, entry.fname)
    for family in SYSTEM_FAMILIES:
        if family in by_family and _covers(by_family[family]):
            return family
    raise DiffkitError("no font with Chinese characters found for plots", file="diffkit.plot",
                       place="font", fix=INSTALL_HINT)


def use_cjk_font() -> str:
    """Make the CJK font matplotlib's default (for your own plots); returns its family."""
    family = cjk_font()
    matplotlib.rcParams["font.family"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams.update(PAPER_RC)  # your own figures' PDFs get TrueType fonts too
    return family


def _rc() -> dict[str, Any]:
    return {"font.family": [cjk_font(), "DejaVu Sans"], "axes.unicode_minus": False,
            **PAPER_RC}


def _axes(ax, size: tuple[float, float]):
    """``ax`` itself, or the one axes of a new figure on the Agg canvas; either way its tick
    labels (made lazily, at draw time) use the CJK font."""
    if ax is None:
        fig = PaperFigure(figsize=size, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
    family = [cjk_font(), "DejaVu Sans"]
    ax.tick_params(which="both", labelfontfamily=cjk_font())
    for text in (ax.title, ax.xaxis.label, ax.yaxis.label):
        text.set_fontfamily(family)
    return ax


def _note(ax, text: str) -> Figure:
    """An empty chart that says why it is empty."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#555555")
    return ax.figure


def _short(name: str, width: int = 14) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _labels(english: bool, registry: Any, width: int = 18):
    """``label(agency)``: the canonical name shortened for a tick label, or its English
    name (up to 48 letters)."""
    name = figures.labeller(english=english, registry=registry)
    return lambda agency: _short(name(agency), 48 if english else width)


def _title(plan: Plan, what: str, as_of: Any) -> str:
    when = f"(as of {as_of})" if as_of else ""
    return " ".join(x for x in (plan.title or plan.id, what, when) if x)


# -- data ---------------------------------------------------------------------------------------

def assignments(plan: Plan | Any, *, as_of: Any = None, registry: Any = None
                ) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """``(task id, lead, participants)`` per task in document order, names canonical (successors
    as of ``as_of`` when given); an agency that leads a task is not repeated as participant."""
    plan = load(plan)
    out = []
    for task in plan.tasks:
        lead = canonical_names(task.lead, plan=plan, as_of=as_of, registry=registry)
        part = canonical_names(task.participants, plan=plan, as_of=as_of, registry=registry)
        out.append((task.id, lead, tuple(n for n in part if n not in lead)))
    return out


def _loads(rows) -> list[tuple[str, int, int]]:
    """``(agency, lead, participant)`` task counts, most tasks first, then first seen."""
    lead: Counter[str] = Counter()
    part: Counter[str] = Counter()
    order: dict[str, int] = {}
    for _, ls, ps in rows:
        for n in ls:
            lead[n] += 1
            order.setdefault(n, len(order))
        for n in ps:
            part[n] += 1
            order.setdefault(n, len(order))
    return sorted(((n, lead[n], part[n]) for n in order),
                  key=lambda r: (-(r[1] + r[2]), -r[1], order[r[0]]))


# -- plan plots ---------------------------------------------------------------------------------

def workload(plan: Plan | Workload | Any, *, as_of: Any = None, top: int | None = 20,
             registry: Any = None, exclude_kinds: tuple[str, ...] = (), english: bool = False,
             ax=None) -> Figure:
    """Horizontal bars per canonical agency: tasks it leads and tasks it joins, most first.
    ``plan`` is a plan (or its path) or a `diffkit.Workload` already computed.
    ``exclude_kinds=("collective",)`` leaves out units such as 各市(州)人民政府; ``english``
    labels agencies with their English names where known."""
    if isinstance(plan, Workload):
        counted, title, as_of = plan, plan.plan, plan.as_of
    else:
        plan = load(plan)
        counted, title = _workload(plan, as_of=as_of, registry=registry), plan.title or plan.id
    loads = [(a.agency, a.lead, a.participants) for a in counted.agencies
             if a.kind not in exclude_kinds][:top]
    label = _labels(english, registry)
    with matplotlib.rc_context(_rc()):
        ax = _axes(ax, (8, 1.5 + 0.32 * max(len(loads), 3)))
        if not loads:
            return _note(ax, f"{counted.plan}: no tasks with agencies to plot")
        names = [label(n) for n, _, _ in loads][::-1]
        lead = [n for _, n, _ in loads][::-1]
        part = [n for _, _, n in loads][::-1]
        ax.barh(names, lead, color=LEAD, label="lead (牵头)")
        ax.barh(names, part, left=lead, color=PART, label="participant (参与)")
        for y, (a, b) in enumerate(zip(lead, part, strict=True)):
            ax.text(a + b + 0.1, y, f"{a}+{b}" if b else str(a), va="center", fontsize=8)
        ax.set_xlabel("tasks")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max(a + b for a, b in zip(lead, part, strict=True)) * 1.15 + 0.5)
        ax.set_title(" ".join(x for x in (title, "— tasks per agency",
                                          f"(as of {as_of})" if as_of else "") if x),
                     fontsize=10)
        ax.legend(loc="lower right", fontsize=8)
        ax.spines[["top", "right"]].set_visible(False)
    return ax.figure


def task_matrix(plan: Plan | Any, *, as_of: Any = None, top: int | None = 30,
                registry: Any = None, exclude_kinds: tuple[str, ...] = (),
                english: bool = False, ax=None) -> Figure:
    """Heatmap of tasks (rows, document order) × agencies (columns, busiest first): L = lead,
    P = participant. ``exclude_kinds`` and ``english`` as in `workload`."""
    plan = load(plan)
    rows = assignments(plan, as_of=as_of, registry=registry)
    keep = figures.kind_filter(exclude_kinds, registry=registry)
    agencies = [n for n, _, _ in _loads(rows) if keep(n)][:top]
    label = _labels(english, registry, 14)
    with matplotlib.rc_context(_rc()):
        ax = _axes(ax, (2.5 + 0.3 * max(len(agencies), 4), 2.5 + 0.22 * max(len(rows), 4)))
        if not agencies:
            return _note(ax, f"{plan.id}: no tasks with agencies to plot")
        col = {n: j for j, n in enumerate(agencies)}
        grid = [[0] * len(agencies) for _ in rows]
        for i, (_, ls, ps) in enumerate(rows):
            for value, names in ((2, ls), (1, ps)):
                for n in names:
                    if n in col:
                        grid[i][col[n]] = value
        cmap = ListedColormap(["#ffffff", PART, LEAD])
        ax.imshow(grid, cmap=cmap, vmin=0, vmax=2, aspect="auto", interpolation="nearest")
        for i, line in enumerate(grid):
            for j, v in enumerate(line):
                if v:
                    ax.text(j, i, "L" if v == 2 else "P", ha="center", va="center", fontsize=6,
                            color="white" if v == 2 else "black")
        ax.set_xticks(range(len(agencies)), [label(n) for n in agencies], rotation=90,
                      fontsize=7)
        ax.set_yticks(range(len(rows)), [t for t, _, _ in rows], fontsize=7)
        ax.set_xticks([x - 0.5 for x in range(1, len(agencies))], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, len(rows))], minor=True)
        ax.grid(which="minor", color="#dddddd", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
        ax.set_ylabel("task")
        ax.set_title(_title(plan, "— task × agency (L lead, P participant)", as_of), fontsize=10)
        ax.legend(handles=[Patch(color=LEAD, label="L lead (牵头)"),
                           Patch(color=PART, label="P participant (参与)")],
                  loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7)
    return ax.figure


def coassignment(plan: Plan | Any, *, as_of: Any = None, top: int | None = 15,
                 min_shared: int = 2, registry: Any = None,
                 exclude_kinds: tuple[str, ...] = (), english: bool = False, ax=None) -> Figure:
    """Agency co-assignment network: the ``top`` busiest agencies on a circle, a line between
    two that share at least ``min_shared`` tasks (width = shared tasks), node area = tasks,
    dark = leads most of its tasks. ``exclude_kinds`` and ``english`` as in `workload`."""
    plan = load(plan)
    rows = assignments(plan, as_of=as_of, registry=registry)
    keep = figures.kind_filter(exclude_kinds, registry=registry)
    loads = [r for r in _loads(rows) if keep(r[0])][:top]
    label = _labels(english, registry, 14)
    with matplotlib.rc_context(_rc()):
        ax = _axes(ax, (8, 8))
        if len(loads) < 2:
            return _note(ax, f"{plan.id}: fewer than two agencies, no network to draw")
        names = [n for n, _, _ in loads]
        k = len(names)
        pos = {n: (math.cos(math.pi / 2 - 2 * math.pi * i / k),
                   math.sin(math.pi / 2 - 2 * math.pi * i / k)) for i, n in enumerate(names)}
        shared: Counter[tuple[str, str]] = Counter()
        for _, ls, ps in rows:
            present = [n for n in (*ls, *ps) if n in pos]
            for i, x in enumerate(present):
                for y in present[i + 1:]:
                    shared[tuple(sorted((x, y)))] += 1
        shared = Counter({e: w for e, w in shared.items() if w >= min_shared})
        most = max(shared.values(), default=1)
        for (x, y), w in sorted(shared.items(), key=lambda e: e[1]):
            ax.plot(*zip(pos[x], pos[y], strict=True), color="#888888", zorder=1,
                    linewidth=0.5 + 4 * w / most, alpha=0.3 + 0.6 * w / most)
        biggest = max(a + b for _, a, b in loads)
        for n, a, b in loads:
            share = a / (a + b)
            ax.scatter(*pos[n], s=80 + 900 * (a + b) / biggest, zorder=2, edgecolors="white",
                       color=LEAD if share >= 0.5 else PART)
            x, y = pos[n]
            ax.text(1.18 * x, 1.18 * y, f"{label(n)}\n{a}+{b}", ha="center", va="center",
                    fontsize=8)
        ax.set_xlim(-1.5, 1.5)
        ax.set_ylim(-1.5, 1.5)
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.set_title(_title(plan, f"— agencies sharing ≥ {min_shared} tasks", as_of),
                     fontsize=10)
        ax.legend(handles=[Patch(color=LEAD, label="leads most of its tasks"),
                           Patch(color=PART, label="mostly participant")],
                  loc="lower left", fontsize=8, frameon=False)
    return ax.figure


# -- comparison and corpus plots ----------------------------------------------------------------

def _statuses(comparison: Any) -> tuple[Counter[str], int, str]:
    """Status counts, moved count and a title from a Comparison or a ``diffkit.comparison/1``
    mapping."""
    if isinstance(comparison, Mapping):
        summary = comparison.get("summary", {})
        counts = Counter({s: int(summary.get(s, 0)) for s in STATUS_ORDER})
        moved = sum(bool(p.get("moved")) for p in comparison.get("pairs", ()))
        a, b = comparison.get("a") or {}, comparison.get("b") or {}
        return counts, moved, f"{a.get('id', 'A')} → {b.get('id', 'B')}"
    pairs = list(getattr(comparison, "pairs", ()))
    counts = Counter(str(getattr(p.status, "value", p.status)) for p in pairs)
    moved = sum(bool(getattr(p, "moved", False)) for p in pairs)
    a, b = getattr(comparison, "a", None), getattr(comparison, "b", None)
    return counts, moved, f"{getattr(a, 'id', 'A')} → {getattr(b, 'id', 'B')}"


def status_counts(comparison: Any, *, ax=None) -> Figure:
    """Bars of pairs per status (unchanged, reworded, split, merged, added, removed) of a
    `Comparison` (or its JSON dict)."""
    counts, moved, title = _statuses(comparison)
    with matplotlib.rc_context(_rc()):
        ax = _axes(ax, (7, 3.5))
        if not sum(counts.values()):
            return _note(ax, f"{title}: no tasks on either side, nothing to count")
        statuses = [*STATUS_ORDER, *sorted(set(counts) - set(STATUS_ORDER))]
        values = [counts.get(s, 0) for s in statuses]
        bars = ax.bar(statuses, values, color=[STATUS_COLOURS.get(s, "#bbbbbb")
                                               for s in statuses])
        ax.bar_label(bars, fontsize=8)
        ax.set_ylabel("pairs")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(f"{title}: pairs per status ({moved} moved to another section)",
                     fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
    return ax.figure


def _coverage_rows(corpus: Any) -> list[Mapping[str, Any]]:
    """Coverage rows (plan, guideline, score, tasks) from a Corpus, its ``diffkit.corpus/1``
    dict, a coverage DataFrame, or an iterable of row mappings."""
    if hasattr(corpus, "coverage_frame"):
        corpus = corpus.coverage_frame()
    if isinstance(corpus, Mapping):
        return list(corpus.get("coverage", ()))
    if hasattr(corpus, "to_dict") and hasattr(corpus, "columns"):
        return corpus.to_dict("records")
    return [dict(r) for r in corpus]


def coverage(corpus: Any, *, guideline: Plan | None = None, ax=None,
             title: str | None = None) -> Figure:
    """Heatmap of plans (rows) × guideline tasks (columns): colour = match score (the scale
    starts at the lowest score's tens, at most 90); red = dropped, the plan has no task for
    it; the guideline's sections as bands over the columns (``guideline``, or the corpus's
    own); at the right of each row, the share of guideline tasks the plan covers."""
    rows = _coverage_rows(corpus)
    own = getattr(corpus, "guideline", None)  # a Corpus's; a frame's is its column
    grid = figures.coverage_grid(rows, guideline or (own if isinstance(own, Plan) else None))
    with matplotlib.rc_context(_rc()):
        ax = _axes(ax, (3.2 + 0.28 * max(len(grid.tasks), 6),
                        2.2 + 0.3 * max(len(grid.plans), 3)))
        if not rows:
            return _note(ax, "no plans or no guideline tasks: no coverage to plot")
        scores = [v for line in grid.scores for v in line if not math.isnan(v)]
        low = min(90, 10 * math.floor(min(scores, default=0) / 10))  # contrast near 100
        image = ax.imshow(grid.scores, cmap=matplotlib.colormaps["YlGnBu"], vmin=low,
                          vmax=100, aspect="auto", interpolation="nearest")
        dropped = [[1.0 if d else math.nan for d in line] for line in grid.dropped]
        ax.imshow(dropped, cmap=ListedColormap([DROPPED]), vmin=0, vmax=1, aspect="auto",
                  interpolation="nearest")
        ax.figure.colorbar(image, ax=ax, label="match score", shrink=0.8, pad=0.09)
        ax.set_xticks(range(len(grid.tasks)), grid.tasks, rotation=90, fontsize=7)
        ax.set_yticks(range(len(grid.plans)), grid.plans, fontsize=7)
        ax.set_xlabel("guideline task")
        _bands(ax, grid.bands)
        for i, share in enumerate(grid.margin):
            ax.text(len(grid.tasks) - 0.3, i, f"{share:.0%}", va="center", fontsize=7,
                    clip_on=False)
        ax.text(len(grid.tasks) - 0.3, -0.7, "covered", fontsize=7, clip_on=False)
        ax.legend(handles=[Patch(color=DROPPED, label="dropped (no task)")], fontsize=7,
                  loc="upper left", bbox_to_anchor=(0, -0.12 - 0.2 / max(len(grid.plans), 1)))
        ax.set_title(title or "coverage of guideline tasks per plan", fontsize=10, pad=18)
    return ax.figure


def _bands(ax, bands) -> None:
    """Section bands over a heatmap's columns: a line between sections, the section's
    number (its label's first word) above its columns."""
    for k, (label, first, last) in enumerate(bands):
        if k:
            ax.axvline(first - 0.5, color="white", linewidth=1.5)
        ax.text((first + last) / 2, -0.6, label.split()[0], ha="center", va="bottom",
                fontsize=7, color="#333333", clip_on=False,
                backgroundcolor="#eeeeee" if k % 2 else "#dddddd")


def workload_diff(a: Any, b: Any = None, *, as_of: Any = None, top: int | None = 20,
                  registry: Any = None, exclude_kinds: tuple[str, ...] = (),
                  english: bool = False, ax=None) -> Figure:
    """Diverging bars on one agency order and one scale: A's tasks to the left, B's to the
    right (lead dark, participant light), busiest agencies (A + B) at the top. ``a`` and
    ``b`` are plans (or paths), or ``a`` is a `Comparison` (its plans, ``as_of`` and
    registry are used)."""
    if b is None and hasattr(a, "pairs"):
        options = getattr(a, "options", {}) or {}
        as_of = as_of if as_of is not None else options.get("as_of")
        registry = registry if registry is not None else options.get("registry")
        a, b = a.a, a.b
    a, b = load(a), load(b)
    rows = figures.workload_pairs(a, b, as_of=as_of, registry=registry,
                                  exclude_kinds=exclude_kinds, top=top)
    label = _labels(english, registry, 18)
    with matplotlib.rc_context(_rc()):
        ax = _axes(ax, (9, 1.6 + 0.32 * max(len(rows), 3)))
        if not rows:
            return _note(ax, f"{a.id}, {b.id}: no tasks with agencies to plot")
        y = range(len(rows))[::-1]
        al = [-r.a_lead for r in rows]
        ap = [-r.a_participants for r in rows]
        ax.barh(y, al, color=LEAD, label="A lead (牵头)")
        ax.barh(y, ap, left=al, color=PART, label="A participant (参与)")
        ax.barh(y, [r.b_lead for r in rows], color=B_LEAD, label="B lead (牵头)")
        ax.barh(y, [r.b_participants for r in rows], left=[r.b_lead for r in rows],
                color=B_PART, label="B participant (参与)")
        ax.set_yticks(list(y), [label(r.agency) for r in rows])
        most = max(max(r.a_lead + r.a_participants, r.b_lead + r.b_participants)
                   for r in rows)
        ax.set_xlim(-most - 0.5, most + 0.5)
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):g}"))
        ax.set_xlabel(f"tasks: ← A {a.id}    B {b.id} →")
        ax.set_title(f"{a.title or a.id} vs {b.title or b.id} — tasks per agency"
                     + (f" (as of {as_of})" if as_of else ""), fontsize=10)
        ax.legend(loc="lower right", fontsize=7, ncols=2)
        ax.spines[["top", "right"]].set_visible(False)
    return ax.figure


def status_by_section(comparison: Any, *, ax=None) -> Figure:
    """Stacked bars of pairs per status in each section (A's sections in order; an added
    task counts in its B section)."""
    sections = figures.status_by_section(comparison)
    with matplotlib.rc_context(_rc()):
        ax = _axes(ax, (8, 1.4 + 0.34 * max(len(sections), 3)))
        if not sections:
            return _note(ax, "no pairs: no statuses to plot")
        y = range(len(sections))[::-1]
        left = [0] * len(sections)
        for status in STATUS_ORDER:
            counts = [c.get(status, 0) for _, c in sections]
            if any(counts):
                ax.barh(y, counts, left=left, color=STATUS_COLOURS[status], label=status)
                left = [x + n for x, n in zip(left, counts, strict=True)]
        ax.set_yticks(list(y), [_short(label, 20) for label, _ in sections])
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("pairs")
        a, b = comparison.a, comparison.b
        ax.set_title(f"{a.id} → {b.id}: status of the tasks in each section", fontsize=10)
        ax.legend(loc="lower right", fontsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    return ax.figure
