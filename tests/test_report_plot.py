"""diffkit.report.plot: figures of plans, comparisons and corpora, with Chinese labels that render."""

from __future__ import annotations

import math
import sys
import warnings
from collections import Counter

import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from diffkit import DiffkitError, Plan, plot
from diffkit.agencies.resolution import canonical_names


def _draw(fig: Figure) -> list[str]:
    """Render the figure (Agg) and return the font warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.set_dpi(30)
        FigureCanvasAgg(fig).draw()
    return [str(w.message) for w in caught
            if "missing from font" in str(w.message) or "Glyph" in str(w.message)]


def _texts(fig: Figure) -> list[str]:
    out = []
    for ax in fig.axes:
        out += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
        out += [t.get_text() for t in ax.texts] + [ax.get_title()]
    return out


def _lead_counts(plan, as_of=None) -> Counter:
    return Counter(n for t in plan.tasks for n in canonical_names(t.lead, plan=plan, as_of=as_of))


def test_the_warning_check_sees_a_missing_glyph():
    fig = Figure()
    fig.add_subplot().set_title("省发展改革委", fontfamily="DejaVu Sans")
    assert _draw(fig)


def test_cjk_font_has_the_glyphs_of_agency_names():
    family = plot.cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=family),
                                 fallback_to_default=False)
    from matplotlib.ft2font import FT2Font
    charmap = FT2Font(path).get_charmap()
    assert all(ord(ch) in charmap for ch in "省发展改革委牵头参与经济和信息化厅（）")


def test_missing_font_is_a_clear_error(monkeypatch):
    plot.cjk_font.cache_clear()
    monkeypatch.setitem(sys.modules, "pylopdf_fonts_zh_cn", None)  # package not installed
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])   # no system fonts either
    try:
        with pytest.raises(DiffkitError) as err:
            plot.cjk_font()
        assert "pip install 'diffkit[plot]'" in str(err.value)
        assert "fonts-noto-cjk" in str(err.value)
    finally:
        plot.cjk_font.cache_clear()


def test_workload_bars_are_the_lead_and_participant_counts(seed_plan):
    fig = plot.workload(seed_plan, top=None)
    assert isinstance(fig, Figure)
    assert _draw(fig) == []
    ax = fig.axes[0]
    lead_bars, part_bars = ax.containers
    names = [t.get_text() for t in ax.get_yticklabels()]
    drawn = {n: bar.get_width() for n, bar in zip(names, lead_bars, strict=True)}
    expected = _lead_counts(seed_plan)
    assert {n: w for n, w in drawn.items() if w} == {plot._short(n, 18): c
                                                      for n, c in expected.items()}
    busiest = max(expected, key=expected.get)
    assert busiest in names
    totals = [a.get_width() + b.get_width() for a, b in zip(lead_bars, part_bars, strict=True)]
    assert totals == sorted(totals)  # busiest at the top (last bar of barh)


def test_workload_as_of_uses_successor_names(seed_plan):
    before = _texts(plot.workload(seed_plan, top=None))
    after = _texts(plot.workload(seed_plan, top=None, as_of="2019-06-01"))
    assert "省经济和信息化委" in before and "省经济和信息化委" not in after
    assert "经济和信息化厅" in after
    assert any("as of 2019-06-01" in t for t in after)


def test_task_matrix_marks_every_lead_and_participant(seed_plan):
    fig = plot.task_matrix(seed_plan, top=None)
    assert _draw(fig) == []
    marks = Counter(t.get_text() for t in fig.axes[0].texts)
    rows = plot.assignments(seed_plan)
    assert marks["L"] == sum(len(ls) for _, ls, _ in rows)
    assert marks["P"] == sum(len(ps) for _, _, ps in rows)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [t.id for t in
                                                                      seed_plan.tasks]


def test_task_matrix_top_limits_columns(seed_plan):
    fig = plot.task_matrix(seed_plan, top=5)
    assert len(fig.axes[0].get_xticklabels()) == 5


def test_coassignment_draws_an_edge_per_pair_sharing_enough_tasks(seed_plan):
    fig = plot.coassignment(seed_plan, top=6, min_shared=2)
    assert _draw(fig) == []
    ax = fig.axes[0]
    rows = plot.assignments(seed_plan)
    top = [n for n, _, _ in plot._loads(rows)[:6]]
    shared = Counter()
    for _, ls, ps in rows:
        present = sorted(n for n in (*ls, *ps) if n in top)
        shared.update((x, y) for i, x in enumerate(present) for y in present[i + 1:])
    assert len(ax.lines) == sum(1 for w in shared.values() if w >= 2)
    assert len(ax.collections) == 6  # one scatter per agency


def test_ax_is_drawn_into_and_its_figure_returned(seed_plan):
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    assert plot.workload(seed_plan, ax=ax1) is fig
    assert plot.coassignment(seed_plan, ax=ax2) is fig
    assert ax1.containers and ax2.collections
    assert _draw(fig) == []


@pytest.mark.parametrize("draw", [plot.workload, plot.task_matrix, plot.coassignment])
def test_empty_plan_gives_a_note_not_a_traceback(draw):
    fig = draw(Plan(id="empty"))
    assert any("empty" in t and "no" in t for t in _texts(fig))
    assert _draw(fig) == []


def _comparison(summary: dict, moved: int = 0) -> dict:
    return {"format": "diffkit.comparison/1", "a": {"id": "甲"}, "b": {"id": "乙"},
            "summary": summary, "pairs": [{"moved": True}] * moved}


def test_status_counts_bars_follow_the_summary():
    summary = {"unchanged": 5, "reworded": 3, "split": 1, "merged": 0, "added": 2, "removed": 4}
    fig = plot.status_counts(_comparison(summary, moved=2))
    assert _draw(fig) == []
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    heights = [b.get_height() for b in ax.containers[0]]
    assert dict(zip(labels, heights, strict=True)) == summary
    assert "2 moved" in ax.get_title() and "甲 → 乙" in ax.get_title()


def test_status_counts_of_nothing_is_a_note():
    fig = plot.status_counts(_comparison({}))
    assert any("nothing to count" in t for t in _texts(fig))


def test_coverage_heatmap_greys_out_uncovered_tasks():
    rows = [{"plan": p, "guideline": g, "tasks": [g] if (i + j) % 3 else [],
             "score": 60.0 + i + j if (i + j) % 3 else 0.0, "status": "reworded"}
            for i, p in enumerate(["四川", "广东", "云南"]) for j, g in enumerate(["1.1", "1.2"])]
    fig = plot.coverage({"coverage": rows})
    assert _draw(fig) == []
    grid = fig.axes[0].images[0].get_array()
    assert grid.shape == (3, 2)
    for r in rows:
        i, j = ["四川", "广东", "云南"].index(r["plan"]), ["1.1", "1.2"].index(r["guideline"])
        value = grid[i, j]
        if r["tasks"]:
            assert value == r["score"]
        else:
            assert grid.mask[i, j] or math.isnan(value)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["四川", "广东", "云南"]


def test_coverage_of_an_empty_corpus_is_a_note():
    fig = plot.coverage({"coverage": []})
    assert any("no coverage" in t for t in _texts(fig))


def test_workload_accepts_a_computed_workload(seed_plan):
    import diffkit
    counted = diffkit.workload(seed_plan, as_of="2019-06-01")
    fig = plot.workload(counted, top=3)
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()][::-1]
    assert names == [plot._short(a.agency, 18) for a in counted.agencies[:3]]
    assert "as of 2019-06-01" in fig.axes[0].get_title()


def test_status_counts_of_a_real_comparison(seed_plan):
    import diffkit
    same = plot.status_counts(diffkit.compare(seed_plan, seed_plan))
    bars = dict(zip([t.get_text() for t in same.axes[0].get_xticklabels()],
                    [b.get_height() for b in same.axes[0].containers[0]], strict=True))
    assert bars["unchanged"] == len(seed_plan.tasks)
    assert sum(bars.values()) == len(seed_plan.tasks)
    gone = plot.status_counts(diffkit.compare(seed_plan, Plan(id="nothing")))
    heights = [b.get_height() for b in gone.axes[0].containers[0]]
    assert heights[plot.STATUS_ORDER.index("removed")] == len(seed_plan.tasks)
    assert _draw(gone) == []


def test_coverage_accepts_a_dataframe():
    import pandas as pd
    frame = pd.DataFrame({"plan": ["甲", "甲", "乙", "乙"], "guideline": ["1.1", "1.2"] * 2,
                          "tasks": [["1.1"], [], ["1.1"], ["1.2"]],
                          "score": [90.0, None, 80.0, 70.0], "status": ["reworded"] * 4})
    grid = plot.coverage(frame).axes[0].images[0].get_array()
    assert grid[0, 0] == 90.0 and grid.mask[0, 1] and grid[1, 1] == 70.0


# -- paper figures: fonts, kinds, English labels, A vs B, sections, coverage bands -----------------
def test_pdf_and_ps_embed_truetype_fonts_not_type3(seed_plan, tmp_path):
    import re
    fig = plot.workload(seed_plan, top=5)
    fig.savefig(tmp_path / "w.pdf")
    pdf = (tmp_path / "w.pdf").read_bytes()
    subtypes = set(re.findall(rb"/Subtype\s*/(\w+)", pdf))
    assert b"Type3" not in subtypes and subtypes & {b"TrueType", b"CIDFontType2", b"Type0"}
    fig.savefig(tmp_path / "w.ps")
    ps = (tmp_path / "w.ps").read_bytes()
    assert b"/FontType 42" in ps and b"/FontType 3" not in ps


def test_exclude_kinds_leaves_out_collective_units(seed_plan):
    everyone = _texts(plot.workload(seed_plan, top=None))
    assert "各市(州)人民政府" in everyone
    fewer = _texts(plot.workload(seed_plan, top=None, exclude_kinds=("collective",)))
    assert "各市(州)人民政府" not in fewer and "省发展改革委" in fewer
    matrix = _texts(plot.task_matrix(seed_plan, top=None, exclude_kinds=("collective",)))
    assert not any("人民政府" in t or "有关部门" in t for t in matrix)


def test_english_labels_from_the_registry_names(seed_plan):
    texts = _texts(plot.workload(seed_plan, top=None, english=True))
    assert "Sichuan Development and Reform Commission" in texts
    assert "省发展改革委" not in texts
    from diffkit.report.figures import english_names, labeller
    assert labeller(english=True)("某个未知单位") == "某个未知单位"  # unknown: kept as written
    names = {n for t in seed_plan.tasks for n in canonical_names(t.agencies, plan=seed_plan)}
    assert names <= set(english_names())  # every agency of the seed has an English name


def test_english_names_csv_is_packaged_byte_identical():
    from tests.builders import ROOT
    shipped = (ROOT / "datasets" / "agencies" / "english.csv").read_bytes()
    assert (ROOT / "diffkit" / "agencies" / "data" / "english.csv").read_bytes() == shipped
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(shipped.decode("utf-8"))))
    assert rows and all(r["english"] and r["source"] for r in rows)


def test_workload_diff_shares_one_order_and_scale(seed_plan):
    import diffkit
    from tests.builders import revised
    b = revised(seed_plan)
    fig = plot.workload_diff(seed_plan, b, top=None)
    assert _draw(fig) == []
    ax = fig.axes[0]
    a_lead, a_part, b_lead, b_part = ax.containers
    names = [t.get_text() for t in ax.get_yticklabels()]
    # the counts, from the workload module (its own code), side by side
    wa = {w.agency: w for w in diffkit.workload(seed_plan).agencies}
    wb = {w.agency: w for w in diffkit.workload(b).agencies}
    for name, al, ap, bl, bp in zip(names, a_lead, a_part, b_lead, b_part, strict=True):
        full = next(n for n in {*wa, *wb} if plot._short(n, 18) == name)
        x, y = wa.get(full), wb.get(full)
        assert (-al.get_width(), -ap.get_width()) == ((x.lead, x.participants) if x else (0, 0))
        assert (bl.get_width(), bp.get_width()) == ((y.lead, y.participants) if y else (0, 0))
    totals = [-al.get_width() - ap.get_width() + bl.get_width() + bp.get_width()
              for al, ap, bl, bp in zip(a_lead, a_part, b_lead, b_part, strict=True)]
    rows = sorted(zip((bar.get_y() for bar in a_lead), totals, strict=True), reverse=True)
    assert [t for _, t in rows] == sorted(totals, reverse=True)  # busiest at the top
    left, right = ax.get_xlim()
    assert left == -right  # one scale for both plans
    same = plot.workload_diff(diffkit.compare(seed_plan, b), top=None)
    assert [t.get_text() for t in same.axes[0].get_yticklabels()] == names


def test_status_by_section_adds_up_to_the_summary(seed_plan):
    import diffkit
    from tests.builders import revised
    c = diffkit.compare(seed_plan, revised(seed_plan))
    fig = plot.status_by_section(c)
    assert _draw(fig) == []
    ax = fig.axes[0]
    drawn = {bars.get_label(): sum(b.get_width() for b in bars) for bars in ax.containers}
    assert drawn == {s: c.summary[s] for s in plot.STATUS_ORDER if c.summary[s]}
    assert len(ax.get_yticklabels()) == len(seed_plan.sections)


def test_coverage_marks_dropped_tasks_apart_with_bands_and_margin(seed_plan):
    import diffkit
    from tests.builders import revised
    g = diffkit.guideline(seed_plan)
    result = diffkit.corpus([revised(seed_plan), seed_plan], g)
    fig = plot.coverage(result)
    assert _draw(fig) == []
    ax = fig.axes[0]
    scores, dropped = ax.images[0].get_array(), ax.images[1].get_array()
    rows = result.coverage_frame()
    for k, r in enumerate(rows.itertuples()):
        i, j = divmod(k, len(g.tasks))
        if len(r.tasks):
            assert scores[i, j] == r.score and dropped.mask[i, j]
        else:
            assert scores.mask[i, j] and dropped[i, j] == 1
    assert dropped.count() == sum(1 for t in rows["tasks"] if not len(t)) > 0
    texts = [t.get_text() for t in ax.texts]
    assert [s.number for s in g.sections] == [t for t in texts if t in
                                              {s.number for s in g.sections}]
    shares = [f"{p.coverage:.0%}" for p in result.plans]
    assert [t for t in texts if t.endswith("%")] == shares


def test_plot_without_matplotlib_names_the_extra():
    import subprocess
    code = ("import sys; sys.modules['matplotlib'] = None\n"
            "try:\n    from diffkit import plot\nexcept ImportError as e:\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert "pip install 'diffkit[plot]'" in out.stdout
