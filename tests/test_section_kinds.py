"""Sections of guiding text (kind: principles): detection, override, JSON, and what
compare and corpus count. All texts are constructed for these tests."""

from __future__ import annotations

import json

import pytest

from diffkit import compare
from diffkit.compare import comparison_schema
from diffkit.corpus.run import corpus
from diffkit.model import (
    Item,
    Plan,
    Section,
    Task,
    load,
    schema_problems,
    section_kind,
    sections_of_kind,
    validate_plan,
)
from diffkit.read.parse import parse_text
from tests.builders import T1, T2, T3, T4

GUIDE = "坚持稳中求进工作总基调，推动区域合作向更高水平、更深层次发展。"
RULES = "坚持市场主导、政府引导，坚持开放合作、互利共赢，坚持生态优先、绿色发展。"


def _plan(pid, principles, tasks, *, kind=None, title="总体要求") -> Plan:
    lead = ("省发展改革委",)
    first = Section("1", title, tuple(Item(str(k), "指导思想", (Task(f"{k}.1", t),))
                                      for k, t in enumerate(principles, 1)), kind=kind)
    n = len(principles)
    second = Section("2", "重点任务", tuple(
        Item(str(n + k), f"任务{k}", (Task(f"{n + k}.1", t, lead),))
        for k, t in enumerate(tasks, 1)))
    return Plan(pid, (first, second) if principles else (second,))


@pytest.mark.parametrize(("title", "kind"), [
    ("总体要求", "principles"), ("指导思想和基本原则", "principles"), ("總體要求", "principles"),
    ("发展目标", "principles"), ("战略定位与发展目标", "principles"), ("总 体 要 求", "principles"),
    ("深化预算管理改革的总体要求", "principles"), ("工作原则", "principles"),
    ("重点任务", "tasks"), ("发展目标与重点任务", "tasks"), ("目标的重点任务", "tasks"), ("保障措施", "tasks"), ("", "tasks")])
def test_detected_from_the_title(title, kind):
    assert section_kind(_plan("g", [GUIDE], [T1], title=title).sections[0]) == kind


def test_a_section_whose_tasks_name_agencies_holds_tasks_whatever_its_title():
    s = Section("1", "总体要求", (Item("1", "x", (Task("1.1", T1, ("省发展改革委",)),)),))
    assert section_kind(s) == "tasks"


def test_a_stated_kind_overrides_the_title_and_json_keeps_it_only_when_stated():
    p = _plan("g", [GUIDE], [T1], kind="tasks")
    assert section_kind(p.sections[0]) == "tasks"
    assert sections_of_kind(p, "tasks") is p
    data = _plan("g", [GUIDE], [T1], kind="principles").to_dict()
    assert list(data["sections"][0]) == ["id", "title", "kind", "items"]
    assert "kind" not in _plan("g", [GUIDE], [T1]).to_dict()["sections"][0]
    assert validate_plan(data) == [] and load(data).sections[0].kind == "principles"
    data["sections"][0]["kind"] = "preface"
    assert [p.path for p in validate_plan(data)] == ["$.sections[0].kind"]


def test_the_parser_marks_a_principles_section():
    text = ("关于推进区域合作的实施意见\n一、总体要求\n（一）指导思想\n" + GUIDE + "\n二、重点任务\n"
            "（二）加强规划衔接\n" + T1 + "\n牵头单位：省发展改革委\n")
    plan = parse_text(text)
    assert [s.kind for s in plan.sections] == ["principles", None]
    assert json.loads(plan.to_json())["sections"][0]["kind"] == "principles"


def test_fidelity_counts_task_sections_and_reports_principles_apart():
    g = _plan("g", [GUIDE, RULES], [T1, T2, T3])
    a = _plan("a", [GUIDE, RULES], [T1, T2, T3])          # copies the guiding text
    b = _plan("b", [], [T1, T2, T4])                       # no 总体要求 of its own
    c = compare(a, b, g)
    fa, fb = c.summary["fidelity"]["a"], c.summary["fidelity"]["b"]
    assert (fa["covered"], fa["local"], fa["principles"]) == (1.0, 0, 1.0)
    assert fb["covered"] == round(2 / 3, 4) and fb["local"] == 1 and fb["principles"] == 0.0
    assert not schema_problems(c.to_dict(), comparison_schema())
    by_a = {p.a: p for p in c.pairs}
    assert by_a[("1.1",)].guideline == "1.1" and by_a[("3.1",)].guideline == "3.1"


def test_without_principles_fidelity_has_no_principles_key():
    g = _plan("g", [], [T1, T2])
    assert "principles" not in compare(g, g, g).summary["fidelity"]["a"]


def test_corpus_rows_are_for_guideline_tasks_only(tmp_path):
    g = _plan("g", [GUIDE, RULES], [T1, T2, T3])
    p = _plan("p", [GUIDE], [T1, T2])
    stated = _plan("q", [GUIDE], [T1, T2], kind="principles")
    (tmp_path / "q.json").write_text(stated.to_json(), "utf-8")  # read as a file record
    result = corpus([p, tmp_path / "q.json"], g, workers=1)
    assert [r.guideline for r in result.coverage if r.plan == "p"] == ["3.1", "4.1", "5.1"]
    for summary in result.plans:
        assert summary.added == 0 and summary.coverage == round(2 / 3, 4)
