"""Workbook primitives: string cells, rich text, fills, determinism, atomic writes, and the
single-plan workbook, read back with openpyxl and pandas."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from strategies import plans

from diffkit.errors import InputError, OutputError
from diffkit.model import load
from diffkit.normalize import nfkc, to_simplified
from diffkit.report.excel import FIXED_TIME, plan_workbook, read_table, rich_text, write_workbook
from diffkit.report.workbook import (
    DELETE_COLOUR,
    INSERT_COLOUR,
    MAX_CELL_CHARS,
    Redline,
    SheetSpec,
    column_widths,
)
from tests.builders import SEED_JSON

DANGEROUS = ["=SUM(A1)", "+1", "-2", "@x", "=HYPERLINK(\"http://x\")", "= 1"]


def _specs() -> list[SheetSpec]:
    redline = Redline((("equal", "建立"), ("delete", "毗邻"), ("insert", "相邻"), ("equal", "省区")))
    rows = tuple((text, i, float(i) / 3, i % 2 == 0) for i, text in enumerate(DANGEROUS))
    return [SheetSpec("Data", ("text", "n", "x", "flag"), rows, fills={0: "FFF2CC"}),
            SheetSpec("Red", ("redline",), ((redline,),))]


def _all_cells(path):
    wb = load_workbook(path, rich_text=True)
    return wb, [c for ws in wb for row in ws.iter_rows() for c in row]


def test_text_cells_are_strings_never_formulas(tmp_path):
    path = write_workbook(_specs(), tmp_path / "out.xlsx")
    wb, cells = _all_cells(path)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [wb["Data"].cell(r, 1).value for r in range(2, 2 + len(DANGEROUS))]
    assert texts == DANGEROUS
    # the raw XML holds no <f> element at all
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_formula_text_stays_text_in_pandas(tmp_path):
    import pandas as pd
    path = write_workbook(_specs(), tmp_path / "out.xlsx")
    frame = pd.read_excel(path, sheet_name="Data")
    assert list(frame["text"]) == DANGEROUS
    assert list(frame["n"]) == list(range(len(DANGEROUS)))


def test_rich_text_runs_and_fonts(tmp_path):
    path = write_workbook(_specs(), tmp_path / "out.xlsx")
    value = load_workbook(path, rich_text=True)["Red"]["A2"].value
    assert isinstance(value, CellRichText)
    runs = [(type(r).__name__, str(r) if isinstance(r, str) else r.text) for r in value]
    assert runs == [("str", "建立"), ("TextBlock", "毗邻"), ("TextBlock", "相邻"), ("str", "省区")]
    deleted, inserted = value[1], value[2]
    assert deleted.font.strike and deleted.font.color.rgb == DELETE_COLOUR
    assert not deleted.font.u
    assert inserted.font.u == "single" and inserted.font.color.rgb == INSERT_COLOUR
    assert not inserted.font.strike


def test_rich_text_joins_runs_and_rejects_unknown_ops():
    value = rich_text([("equal", "a"), ("equal", "b"), ("delete", ""), ("insert", "c")])
    assert [r if isinstance(r, str) else r.text for r in value] == ["ab", "c"]
    assert isinstance(value[1], TextBlock)
    with pytest.raises(ValueError, match="replace"):
        rich_text([("replace", "x")])


def test_fills_header_freeze_filter_widths(tmp_path):
    path = write_workbook(_specs(), tmp_path / "out.xlsx")
    ws = load_workbook(path)["Data"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:D{len(DANGEROUS) + 1}"
    assert ws["A2"].fill.fgColor.rgb.endswith("FFF2CC")
    assert ws["D2"].fill.fgColor.rgb.endswith("FFF2CC")
    assert ws["A3"].fill.fill_type is None
    assert ws["A1"].font.b and ws["A2"].alignment.wrap_text
    assert ws.column_dimensions["A"].width >= 6


def test_column_widths_count_cjk_double():
    latin, cjk = column_widths(("a", "b"), [("abcdefghij", "一二三四五六七八九十")])
    assert (latin, cjk) == (12.0, 22.0)
    (capped,) = column_widths(("a",), [("字" * 500,)])
    assert capped == 60.0


def test_deterministic_bytes_and_properties(tmp_path, monkeypatch):
    first = write_workbook(_specs(), tmp_path / "a.xlsx").read_bytes()
    later = time.time() + 3 * 86400  # a write three days later
    monkeypatch.setattr(time, "time", lambda: later)
    second = write_workbook(_specs(), tmp_path / "b.xlsx").read_bytes()
    assert first == second
    wb = load_workbook(tmp_path / "a.xlsx")
    assert wb.properties.creator == "diffkit"
    assert wb.properties.created == wb.properties.modified == FIXED_TIME


def test_control_characters_and_overlong_text(tmp_path):
    long = "长" * (MAX_CELL_CHARS + 10)
    spec = SheetSpec("S", ("t",), (("a\x01b\x0bc",), (long,)))
    ws = load_workbook(write_workbook([spec], tmp_path / "s.xlsx"))["S"]
    assert ws["A2"].value == "a\ufffdb\ufffdc"
    assert len(ws["A3"].value) == MAX_CELL_CHARS and ws["A3"].value.endswith("characters]")


class _Boom(Exception):
    pass


def test_failed_write_leaves_nothing(tmp_path, monkeypatch):
    import diffkit.report.excel as excel

    def explode(*args, **kwargs):
        raise _Boom

    monkeypatch.setattr(excel.ExcelWriter, "save", explode)
    target = tmp_path / "out.xlsx"
    with pytest.raises(_Boom):
        write_workbook(_specs(), target)
    assert os.listdir(tmp_path) == []


def test_existing_file_survives_a_failed_write(tmp_path, monkeypatch):
    import diffkit.report.excel as excel
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    monkeypatch.setattr(excel.ExcelWriter, "save", lambda self: (_ for _ in ()).throw(_Boom()))
    with pytest.raises(_Boom):
        write_workbook(_specs(), target)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["out.xlsx"]


def test_missing_folders_are_made_and_a_file_in_the_way_is_an_output_error(tmp_path):
    assert write_workbook(_specs(), tmp_path / "new" / "out.xlsx").is_file()
    (tmp_path / "afile").write_text("x", "utf-8")
    with pytest.raises(OutputError, match="is a file"):
        write_workbook(_specs(), tmp_path / "afile" / "out.xlsx")


def test_read_table_round_trip_and_errors(tmp_path):
    path = write_workbook(_specs(), tmp_path / "out.xlsx")
    header, rows = read_table(path, sheet="Data")
    assert header == ["text", "n", "x", "flag"]
    assert [r[0] for r in rows] == DANGEROUS
    with pytest.raises(InputError, match="no sheet 'Tasks'.*Data, Red"):
        read_table(path, sheet="Tasks")
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a zip")
    with pytest.raises(InputError, match="not an .xlsx workbook"):
        read_table(bad, sheet="Data")


# -- single-plan workbook ---------------------------------------------------------------------
def test_plan_workbook_sheets_and_marks(tmp_path):
    import pandas as pd

    from diffkit.agencies.resolution import canonical_names
    plan = load(SEED_JSON)
    path = plan_workbook(plan, tmp_path / "plan.xlsx")
    frames = pd.read_excel(path, sheet_name=None, dtype=str)
    assert list(frames) == ["Tasks", "Matrix", "Agencies"]
    assert list(frames["Tasks"]["task"]) == [t.id for t in plan.tasks]
    matrix = frames["Matrix"].set_index("task")
    for task in plan.tasks:
        lead = canonical_names(task.lead, plan=plan)
        part = [a for a in canonical_names(task.participants, plan=plan) if a not in lead]
        row = matrix.loc[task.id]
        marks = {c: row[c] for c in matrix.columns[1:] if isinstance(row[c], str)}
        assert marks == {**{a: "P" for a in part}, **{a: "L" for a in lead}}
    agencies = frames["Agencies"].set_index("agency")
    for name in agencies.index:
        led = sum(name in canonical_names(t.lead, plan=plan) for t in plan.tasks)
        assert int(agencies.loc[name, "lead"]) == led
    # 省铁投集团 is the plan's abbreviation of 省铁路产业投资集团有限责任公司: one column
    assert not {"省铁投集团", "省铁路产业投资集团有限责任公司"} <= set(matrix.columns)
    ws = load_workbook(path)["Matrix"]
    assert ws.freeze_panes == "C2" and ws["C1"].alignment.text_rotation == 90


def test_plan_workbook_names_mapping(tmp_path):
    plan = load(SEED_JSON)
    names = {"省铁投集团": ("铁投",), "省铁路产业投资集团有限责任公司": ("铁投",)}
    path = plan_workbook(plan, tmp_path / "plan.xlsx", names=names)
    header = [c.value for c in load_workbook(path)["Matrix"][1]]
    assert "省铁投集团" not in header and "铁投" in header and "省发展改革委" in header


# -- comparison workbook ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def comparison():
    from diffkit.compare import compare
    from tests.builders import revised
    seed = load(SEED_JSON)
    return compare(seed, revised(seed))


@pytest.fixture(scope="module")
def report(comparison, tmp_path_factory):
    return comparison.to_excel(tmp_path_factory.mktemp("report") / "report.xlsx")


def _rows(path, sheet):
    ws = load_workbook(path, rich_text=True)[sheet]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row), strict=True))
            for row in ws.iter_rows(min_row=2)]


def test_comparison_sheet_names_and_order(report, comparison, tmp_path):
    from diffkit.compare import compare
    assert load_workbook(report).sheetnames == ["Summary", "Tasks", "Redline", "Agencies",
                                                "Changes"]
    three = compare(comparison.a, comparison.b, comparison.a)
    path = three.to_excel(tmp_path / "three.xlsx")
    assert load_workbook(path).sheetnames == ["Summary", "Tasks", "Redline", "Agencies",
                                              "Changes", "Coverage"]


def test_tasks_rows_are_pairs(report, comparison):
    rows = _rows(report, "Tasks")
    assert len(rows) == len(comparison.pairs)
    for row, pair in zip(rows, comparison.pairs, strict=True):
        assert (row["A ids"] or "") == ", ".join(pair.a)
        assert (row["B ids"] or "") == ", ".join(pair.b)
        assert row["status"] == pair.status.value and row["moved"] == ("yes" if pair.moved else "no")
        assert row["similarity"] == pair.similarity
        assert row["verdict"] is None and row["note"] is None
    a_ids = [t for r in rows if r["A ids"] for t in r["A ids"].split(", ")]
    assert sorted(a_ids) == sorted(t.id for t in comparison.a.tasks)
    b_ids = [t for r in rows if r["B ids"] for t in r["B ids"].split(", ")]
    assert sorted(b_ids) == sorted(t.id for t in comparison.b.tasks)


def test_tasks_sheet_style(report, comparison):
    from diffkit.report.workbook import STATUS_FILLS
    ws = load_workbook(report)["Tasks"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.auto_filter.ref.endswith(str(len(comparison.pairs) + 1))
    for k, pair in enumerate(comparison.pairs, 2):
        fill = ws.cell(k, 1).fill
        if pair.status.value == "unchanged":
            assert fill.fill_type is None
        else:
            assert fill.fgColor.rgb.endswith(STATUS_FILLS[pair.status.value])
            assert ws.cell(k, 5).fill.fgColor.rgb == fill.fgColor.rgb
    assert ws.cell(2, 5).alignment.wrap_text
    assert ws.column_dimensions["E"].width > ws.column_dimensions["A"].width


def test_formula_text_from_a_plan_stays_text(report, comparison):
    import pandas as pd

    from tests.builders import ADDED_TEXT
    _, cells = _all_cells(report)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    frames = pd.read_excel(report, sheet_name=None)
    assert list(frames) == ["Summary", "Tasks", "Redline", "Agencies", "Changes"]
    tasks = frames["Tasks"]
    assert len(tasks) == len(comparison.pairs)
    assert list(tasks["status"]) == [p.status.value for p in comparison.pairs]
    assert len(frames["Changes"]) == len(comparison.agency_changes)
    assert ADDED_TEXT in set(tasks["B text"])
    assert "@省发展改革委" in set(tasks["B lead"])
    assert "+各市(州)人民政府" in set(tasks["B participants"])


def test_redline_rows_and_runs(report, comparison):
    rows = _rows(report, "Redline")
    changed = [p for p in comparison.pairs if p.status.value != "unchanged"]
    assert [r["status"] for r in rows] == [p.status.value for p in changed]
    for row, pair in zip(rows, changed, strict=True):
        value = row["redline"]
        runs = [(None, r) if isinstance(r, str) else (r.font, r.text) for r in value]
        a_side = "".join(t for f, t in runs if f is None or f.strike)
        b_side = "".join(t for f, t in runs if f is None or f.u == "single")
        # the redline spells the normalised texts: script and width are no change
        a_text = to_simplified(nfkc("\n".join(comparison.a.ref(t).task.text for t in pair.a)))
        b_text = to_simplified(nfkc("\n".join(comparison.b.ref(t).task.text for t in pair.b)))
        assert (a_side, b_side) == (a_text, b_text)
        for font, _ in runs:
            if font is not None:
                assert font.color.rgb in (DELETE_COLOUR, INSERT_COLOUR)
                assert bool(font.strike) == (font.color.rgb == DELETE_COLOUR)
    reworded = next(r for r in rows if r["status"] == "reworded")
    inserted = "".join(r.text for r in reworded["redline"]
                       if not isinstance(r, str) and r.font.u == "single")
    assert "重庆" in inserted


def test_changes_long_form(report, comparison):
    rows = _rows(report, "Changes")
    expected = [(", ".join(p.a), ", ".join(p.b), ch.role, ch.change, ch.a, ch.b)
                for p, ch in comparison.agency_changes]
    assert [(r["A ids"], r["B ids"], r["role"], r["kind"], r["A name"], r["B name"])
            for r in rows] == expected
    for r in rows:
        if r["A name"] and r["B name"] and r["A name"] != r["B name"]:
            assert r["agency"] == f"{r['A name']} → {r['B name']}"
        else:
            assert r["agency"] == (r["B name"] or r["A name"])
    assert [r["function"] for r in rows] == [ch.function for _p, ch in comparison.agency_changes]


def test_agencies_one_row_per_line_of_responsibility(report, comparison):
    from diffkit.agencies import resolution as _agencies
    rows = _rows(report, "Agencies")
    seen: list[str] = []
    for r in rows:  # every agency of A and B in exactly one row (its line)
        for side, plan in (("A names", comparison.a), ("B names", comparison.b)):
            names = (r[side] or "").split("、") if r[side] else []
            seen += list(_agencies.canonical_names(names, plan=plan))
    expected = set()
    for plan in (comparison.a, comparison.b):
        for t in plan.tasks:
            expected.update(_agencies.canonical_names(t.lead + t.participants, plan=plan))
    assert set(seen) == expected
    by_name = {r["agency"]: r for r in rows}
    assert len(by_name) == len(rows)
    key = _agencies.canonical_names(["商务厅"])[0]
    assert "1.1" in by_name[key]["B tasks"] and by_name[key]["B lead"] == \
        by_name[key]["A lead"] + 1
    assert by_name[key]["function"] == "commerce"
    # a reform successor continues its predecessor's line: one row, not two
    line = by_name["省工商局 → 省市场监管局"]
    assert line["A names"] == "省工商局" and "省市场监管局" in line["B names"].split("、")
    assert line["gained"] == line["lost"] == 0


def test_summary_counts_and_legend(report, comparison):
    ws = load_workbook(report, rich_text=True)["Summary"]
    values: dict = {}  # first occurrence: counts come before the colour legend
    for r in range(1, ws.max_row + 1):
        if isinstance(ws.cell(r, 1).value, str):
            values.setdefault(ws.cell(r, 1).value, ws.cell(r, 2).value)
    summary = comparison.summary
    for status in ("reworded", "split", "added", "removed"):
        assert values[status] == summary[status] >= 1
    assert values["id"] == comparison.a.id and values["title"] == comparison.a.title
    assert values["different"].startswith("not the same task")
    assert "A:2.1=B:3.2" in values and values["diffkit version"]
    from diffkit.align.assign import SCORE_CUTOFF
    assert values["agency registry"] == "shipped"
    assert values["score_cutoff"] == str(SCORE_CUTOFF)
    legend = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "reworded"]
    assert any(ws.cell(r, 1).fill.fgColor.rgb.endswith("FFF2CC") for r in legend)
    assert ws.freeze_panes is None and ws.auto_filter.ref is None


def test_coverage_sheet(comparison, tmp_path):
    from diffkit.compare import compare
    three = compare(comparison.a, comparison.b, comparison.a)
    path = three.to_excel(tmp_path / "three.xlsx")
    summary = {r[0]: r[1:] for r in load_workbook(path)["Summary"].iter_rows(values_only=True)}
    assert summary["share of guideline tasks covered"] == (three.fidelity["a"]["covered"],
                                                           three.fidelity["b"]["covered"])
    assert summary["guideline"][0].startswith(comparison.a.id)
    rows = _rows(path, "Coverage")
    assert [r["guideline"] for r in rows] == [t.id for t in comparison.a.tasks]
    assert all(r["A covered"] == "yes" for r in rows)
    dropped = next(r for r in rows if r["guideline"] == "3.1")
    assert dropped["B covered"] == "no" and dropped["difference"] == "dropped in B"


def test_comparison_workbook_is_deterministic(comparison, report, tmp_path):
    from diffkit.report.excel import write_comparison_workbook
    again = write_comparison_workbook(comparison, tmp_path / "again.xlsx")
    assert again.read_bytes() == report.read_bytes()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=plans(), b=plans())
def test_any_comparison_round_trips(a, b):
    """For any two plans: Tasks rows are the pairs, every text reads back exactly as the
    plan has it (including text starting with = + - @), and no cell is a formula."""
    import tempfile

    from diffkit.compare import compare
    comparison = compare(a, b)
    with tempfile.TemporaryDirectory() as tmp:
        path = comparison.to_excel(Path(tmp) / "r.xlsx")
        wb, cells = _all_cells(path)
        rows = [dict(zip([c.value for c in wb["Tasks"][1]], (c.value for c in row),
                         strict=True)) for row in wb["Tasks"].iter_rows(min_row=2)]
    assert not [c for c in cells if c.data_type == "f"]
    assert len(rows) == len(comparison.pairs)
    for row, pair in zip(rows, comparison.pairs, strict=True):
        if len(pair.a) == 1:
            assert row["A text"] == a.ref(pair.a[0]).task.text
        if len(pair.b) == 1:
            assert row["B text"] == b.ref(pair.b[0]).task.text


def test_agencies_registry_notes(report):
    by_name = {r["agency"]: r for r in _rows(report, "Agencies")}
    line = by_name["省工商局 → 省市场监管局"]
    assert line["function"] == "industry_commerce"
    assert "省工商局: later reform successor: 省市场监管局" in line["notes"]
    unknown = by_name["@省发展改革委"]
    assert unknown["function"] is None
    assert unknown["notes"] == ("@省发展改革委: not in the agency registry; did you mean "
                                "省发展改革委?")


def test_row_heights_fit_wrapped_text(tmp_path):
    from diffkit.report.workbook import LINE_HEIGHT, wrapped_lines
    assert wrapped_lines("字" * 10, 22) == 1 and wrapped_lines("字" * 30, 22) == 3
    assert wrapped_lines("a\nb\nc", 10) == 3
    spec = SheetSpec("S", ("short", "long"), (("x", "字" * 100), ("y", "z")), widths=(8.0, 22.0))
    ws = load_workbook(write_workbook([spec], tmp_path / "h.xlsx"))["S"]
    assert ws.row_dimensions[2].height == LINE_HEIGHT * wrapped_lines("字" * 100, 22) + 2
    assert ws.row_dimensions[3].height is None  # one line: the default height


def test_verdict_column_offers_choices_but_accepts_any_text(report, comparison):
    ws = load_workbook(report)["Tasks"]
    header = [c.value for c in ws[1]]
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header.index("verdict")]
    (rule,) = ws.data_validations.dataValidation
    assert rule.type == "list" and rule.formula1 == '"same,different"'
    assert str(rule.sqref) == f"{letter}2:{letter}{len(comparison.pairs) + 1}"
    assert rule.showErrorMessage is False and "A:2.1=B:3.2" in rule.prompt


def test_redline_ignores_script_and_width(tmp_path):
    """B writes task 1.1 in Traditional characters with full-width punctuation and adds one
    clause: the redline shows only that clause; Tasks keeps B's text as written."""
    from diffkit.compare import compare
    from diffkit.model import Plan
    seed = load(SEED_JSON)
    data = seed.to_dict()
    first = data["sections"][0]["items"][0]["tasks"][0]
    assert first["text"].startswith("建立毗邻省区间发展规划衔接机制,深化与云南、贵州等省区区域合作,")
    written = first["text"].replace("建立毗邻省区间发展规划衔接机制,深化与云南、贵州等省区区域合作,",
                                    "建立毗鄰省區間發展規劃銜接機制，深化與雲南、貴州等省區區域合作，"
                                    "加强川渝协同,")
    first["text"] = written
    result = compare(seed, Plan.from_dict(data))
    path = result.to_excel(tmp_path / "r.xlsx")
    (row,) = [r for r in _rows(path, "Redline") if r["A ids"] == "1.1"]
    changed = [(r.font.strike, r.text) for r in row["redline"] if not isinstance(r, str)]
    assert len(changed) == 1 and not changed[0][0]  # one insertion, nothing deleted
    assert changed[0][1].strip(",") == "加强川渝协同"  # where the comma goes is a tie
    (task,) = [r for r in _rows(path, "Tasks") if r["A ids"] == "1.1"]
    assert task["B text"] == written


def _written_twice(tmp_path, monkeypatch, write) -> tuple[bytes, bytes]:
    first = write(tmp_path / "first.xlsx").read_bytes()
    later = time.time() + 3 * 86400  # a write three days later
    monkeypatch.setattr(time, "time", lambda: later)
    return first, write(tmp_path / "second.xlsx").read_bytes()


def test_exported_plan_workbook_is_deterministic(tmp_path, monkeypatch):
    from diffkit.read.sheet import export_sheet

    plan = load(SEED_JSON)
    first, second = _written_twice(tmp_path, monkeypatch, lambda p: export_sheet(plan, p))
    assert first == second
    props = load_workbook(tmp_path / "first.xlsx").properties
    assert props.creator == "diffkit" and props.created == props.modified == FIXED_TIME


def test_corpus_workbook_is_deterministic(tmp_path, monkeypatch):
    import diffkit
    from benchmarks.simcorpus import fast_plans, simulated_guideline
    from diffkit.report.excel import write_corpus_workbook

    result = diffkit.corpus(fast_plans(3, seed=5), simulated_guideline())
    first, second = _written_twice(tmp_path, monkeypatch,
                                   lambda p: write_corpus_workbook(result, p))
    assert first == second
    props = load_workbook(tmp_path / "first.xlsx", read_only=True).properties
    assert props.creator == "diffkit" and props.created == props.modified == FIXED_TIME


def test_tasks_and_summary_show_borrows_and_follows(chain_comparison, report, comparison,
                                                    tmp_path):
    c = chain_comparison
    path = c.to_excel(tmp_path / "chain.xlsx")
    rows = _rows(path, "Tasks")
    header = list(rows[0])
    assert header[header.index("why") + 1:] == ["borrows", "follows", "verdict", "note"]
    cells = {"guideline": "guideline", "a": "A", "local": "local"}
    for row, p in zip(rows, c.pairs, strict=True):
        assert row["borrows"] == (f"A {', '.join(p.borrows)}" if p.borrows else None)
        assert row["follows"] == cells[p.follows]
    assert sum(r["borrows"] is not None for r in rows) == 2
    summary = {r[0]: r[1:] for r in load_workbook(path)["Summary"].iter_rows(values_only=True)}
    follows = c.summary["follows"]
    assert summary["borrows a clause"][0] == 2
    assert (summary["follows the guideline"][0], summary["follows A"][0],
            summary["follows neither (local)"][0]) == (follows["guideline"], follows["a"],
                                                       follows["local"])
    # no chain, no borrowing: empty cells and no such Summary rows
    plain = _rows(report, "Tasks")
    assert all(r["borrows"] is None and r["follows"] is None for r in plain)
    first = [r[0] for r in load_workbook(report)["Summary"].iter_rows(values_only=True)]
    assert not {"borrows a clause", "follows the guideline", "follows A"} & set(first)


def test_a_removed_task_names_the_b_tasks_that_borrow_from_it(chain_comparison, tmp_path):
    from diffkit.compare import compare
    c = chain_comparison
    swapped = compare(c.b, c.a)  # the borrowing tasks of B are now removed
    rows = _rows(swapped.to_excel(tmp_path / "swapped.xlsx"), "Tasks")
    expect = {(", ".join(p.b), f"B {', '.join(p.borrows)}") for p in c.pairs if p.borrows}
    assert {(r["A ids"], r["borrows"]) for r in rows if r["borrows"]} == expect
    assert all(r["follows"] is None for r in rows)
