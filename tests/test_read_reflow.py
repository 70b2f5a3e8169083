"""Text quirks: a plan copied as one line, and task tables flattened to text (cells separated
by spaces, or one cell per line) read as `diffkit import` reads the same rows."""

from __future__ import annotations

import csv
import warnings

import pytest

from diffkit.read.parse import parse_result
from diffkit.read.reflow import reflow
from diffkit.read.sheet import import_sheet
from tests import containers as c

HEADER = ["某市人民政府办公室关于印发示范区建设实施方案的通知", "各区人民政府，市政府各部门：",
          "现将《示范区建设实施方案》印发给你们，请认真贯彻落实。", "示范区建设实施方案",
          "为推进示范区建设，制定本方案。"]


def _plan(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_result(text, id="p").plan


WORK = ["完善园区道路和管网等配套设施", "建立重大项目调度机制", "落实2025年配套资金1.5亿元",
        "提升公共服务水平", "推进审批事项网上办理并压缩办理时限", "开展年度评估",
        "培育龙头企业和专精特新中小企业", "加强人才引进", "健全统计监测制度并定期通报进展"]
AGENCIES = ["市发展改革委", "市财政局、市教育局", "市商务局", "市人力资源社会保障局、市科技局"]


def _lines() -> list[str]:
    out = list(HEADER)
    n = 0
    for s in range(1, 4):
        out.append("一二三"[s - 1] + f"、第{s}部分要求")
        for i in range(1, 4):
            n += 1
            out.append(f"（{'一二三四五六七八九'[n - 1]}）{WORK[n - 1]}。牵头单位：{AGENCIES[n % 4]}；"
                       f"配合单位：{AGENCIES[(n + 1) % 4]}")
            out.append(f"{i}.细化第{i}项措施{'，明确时间表' * (n % 3)}。")
    return out


def test_a_plan_on_one_line_reads_as_the_plan_on_lines():
    lines = _lines()
    want, got = _plan("\n".join(lines)), _plan("".join(lines))
    assert len(want.tasks) >= 9 and len(want.sections) == 3
    assert got == want
    assert reflow("".join(lines)).splitlines()[:6] == HEADER + ["一、第1部分要求"]


def test_ordinary_texts_are_left_alone():
    seed = (c.SEED / "source.txt").read_text("utf-8")
    assert reflow(seed) is seed
    long_paragraphs = "\n".join(["一、总体要求", "（一）" + "推进工作。" * 80] * 4)
    assert reflow(long_paragraphs) is long_paragraphs


@pytest.fixture(scope="module")
def seed_rows(tmp_path_factory):
    rows = c.task_rows(c.seed_plan())
    path = tmp_path_factory.mktemp("rows") / "rows.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return rows, import_sheet(path, id="p").to_dict()["sections"]


def test_a_table_flattened_with_spaces(seed_rows):
    rows, want = seed_rows
    lines = c.seed_lines()[:9] + [" ".join(rows[0])] + [
        r[0] if len(set(r)) == 1 else "  ".join(r) for r in rows[1:]]
    plan = _plan("\n".join(lines))
    assert len(plan.tasks) == 34
    assert plan.to_dict()["sections"] == want
    assert plan.meta["issuer"] == "四川省人民政府办公厅"


def test_a_table_flattened_one_cell_per_line(seed_rows):
    rows, want = seed_rows
    lines = c.seed_lines()[:9] + rows[0] + [
        x for r in rows[1:] for x in ([r[0]] if len(set(r)) == 1 else r)]
    plan = _plan("\n".join(lines))
    assert len(plan.tasks) == 34
    assert plan.to_dict()["sections"] == want


def test_space_separated_names_and_a_deadline_column():
    text = "\n".join([
        "序号 重点任务 牵头单位 配合单位 完成时限",
        "1 完善园区配套设施，提升公共服务水平 市发展改革委 市财政局 市教育局 2025年底前",
        "2 建立项目调度机制 市发展改革委 市财政局 持续推进",
        "3 开展年度评估并向社会公布结果 市统计局"])
    lines = reflow(text).splitlines()
    assert lines[1:] == ["1\t完善园区配套设施，提升公共服务水平\t市发展改革委\t市财政局、市教育局"
                         "\t2025年底前", "2\t建立项目调度机制\t市发展改革委\t市财政局\t持续推进",
                         "3\t开展年度评估并向社会公布结果\t市统计局\t\t"]
    tasks = _plan(text).tasks
    assert [(t.lead, t.participants, t.deadline) for t in tasks] == [
        (("市发展改革委",), ("市财政局", "市教育局"), "2025年底前"),
        (("市发展改革委",), ("市财政局",), "持续推进"), (("市统计局",), (), None)]
