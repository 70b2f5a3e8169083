"""Who carries a task: role phrases, labels, document rules and persons, in the forms real
plans use (docs/real_forms.md). Every sentence here is our own."""

from __future__ import annotations

import json

import pytest

from diffkit.model import Plan, load
from diffkit.read.parse import parse_result
from diffkit.read.roles import read, units
from diffkit.read.sheet import export_sheet, import_sheet

HEAD = "一、重点任务\n"


def plan_of(text: str) -> Plan:
    return parse_result(HEAD + text).plan


def roles(task) -> tuple:
    return task.lead, task.participants, task.responsible


def one(text: str):
    (task,) = plan_of(text).tasks
    return task


@pytest.mark.parametrize("phrase,want", [
    ("甲局牵头,乙局、丙局配合", (("甲局",), ("乙局", "丙局"), ())),
    ("甲局、乙委牵头,丙厅按职责分工负责", (("甲局", "乙委"), ("丙厅",), ())),
    ("甲局牵头负责", (("甲局",), (), ())),
    ("甲局牵头督导,乙局参与", (("甲局",), ("乙局",), ())),
    ("甲局牵头,乙局参加,丙局协助", (("甲局",), ("乙局", "丙局"), ())),
    ("甲局、乙局负责", ((), (), ("甲局", "乙局"))),
    ("甲局、乙局按职责分工负责", ((), (), ("甲局", "乙局"))),
    ("各相关部门按职责分工负责", ((), (), ("各相关部门",))),
    ("甲局、乙局", ((), (), ("甲局", "乙局"))),
    ("牵头单位:甲局;责任单位:乙局、丙局", (("甲局",), ("乙局", "丙局"), ())),
    ("牵头单位:甲局;参与单位:乙局", (("甲局",), ("乙局",), ())),
    ("甲局牵头,乙局及各乡镇人民政府配合", (("甲局",), ("乙局", "各乡镇人民政府"), ())),
    ("县住房和城乡建设局牵头,县发展和改革局配合",
     (("县住房和城乡建设局",), ("县发展和改革局",), ())),
    ("甲局牵头,乙局、丙局等配合", (("甲局",), ("乙局", "丙局"), ())),
    ("甲局牵头,乙局、丙局等部门,丁公司、各街道办事处配合",
     (("甲局",), ("乙局", "丙局", "丁公司", "各街道办事处"), ())),
    ("甲局、乙局等省有关部门和各市人民政府按职责分工负责",
     ((), (), ("甲局", "乙局等省有关部门", "各市人民政府"))),
])
def test_inline_role_phrases(phrase, want):
    task = one(f"1.把村道修到每个组,年底前全部通车。({phrase})\n")
    assert roles(task) == want
    assert task.text == "把村道修到每个组,年底前全部通车。"


def test_full_width_brackets_and_traditional_script():
    task = one("1.把村道修到每個組。（甲局牽頭，乙局、丙局配合）\n")
    assert roles(task) == (("甲局",), ("乙局", "丙局"), ())


@pytest.mark.parametrize("label", ["责任单位", "责任部门", "责任科室", "负责单位"])
def test_responsible_labels_alone_never_make_a_lead(label):
    task = one(f"1.为每个乡镇配一辆救护车。\n{label}:甲局、乙局\n")
    assert roles(task) == ((), (), ("甲局", "乙局"))


def test_department_division_line_and_persons():
    task = one("1.建成三个冷库。\n分管县领导:王某某\n部门分工:甲局牵头,乙局、丙局配合。\n")
    assert roles(task) == (("甲局",), ("乙局", "丙局"), ())
    assert task.leaders == ("王某某",)
    assert "王某某" not in task.agencies


def test_lead_and_cooperating_responsible_units_with_a_person():
    task = one("1.新建两所幼儿园。\n牵头负责领导:李某。\n牵头责任单位:甲局。\n"
               "协同责任单位:乙局、丙局等。\n")
    assert (roles(task), task.leaders) == ((("甲局",), ("乙局", "丙局"), ()), ("李某",))


def test_rule_glued_to_a_name_applies_from_there_on():
    plan = plan_of("1.修缮老街的石板路。\n责任单位:丁局、戊局\n"
                   "2.整治河道两岸的垃圾。(甲局(第一责任单位为牵头单位,下同)、乙局)\n"
                   "3.更换路灯。(丙局、丁局)\n")
    first, second, third = plan.tasks
    assert roles(first) == ((), (), ("丁局", "戊局"))  # stated after it: not applied
    assert roles(second) == (("甲局",), ("乙局",), ())
    assert roles(third) == (("丙局",), ("丁局",), ())
    assert plan.meta["role_rule"] == "第一责任单位为牵头单位"


def test_rule_in_the_covering_notice_applies_to_all():
    text = ("关于印发修路方案的通知\n各乡镇:\n现印发给你们。各项任务中排在第一位的为牵头单位。\n"
            "一、修路\n1.修好东村的桥。(甲局、乙局)\n")
    plan = parse_result(text).plan
    assert roles(plan.tasks[0]) == (("甲局",), ("乙局",), ())
    assert plan.meta["role_rule"] == "排在第一位的为牵头单位"


def test_a_note_in_a_list_is_kept_apart_and_warned():
    result = parse_result(HEAD + "1.办好夜校。(甲局牵头,乙局(不再列出)配合)\n")
    (task,) = result.plan.tasks
    assert roles(task) == (("甲局",), ("乙局",), ())
    assert any("不再列出" in u.text for u in result.plan.unplaced)


def test_group_line_after_numbered_subtasks_carries_them_all():
    plan = plan_of("(一)办好三件小事\n1.修好水井。\n2.清理水渠。\n3.平整晒场。\n"
                   "牵头单位:甲局\n配合单位:乙局\n(二)另一件事。建一座桥。\n牵头单位:丙局\n")
    assert [roles(t) for t in plan.tasks] == [(("甲局",), ("乙局",), ())] * 3 + [
        (("丙局",), (), ())]


def test_brackets_in_mid_paragraph_split_measures():
    plan = plan_of("1.开通网上缴费,老人也能在家办理(甲局、乙中心)。推行上门服务,每月一次(甲局)。\n")
    assert [(t.id, t.text, t.responsible) for t in plan.tasks] == [
        ("1.1", "开通网上缴费,老人也能在家办理。", ("甲局", "乙中心")),
        ("1.2", "推行上门服务,每月一次。", ("甲局",))]


def test_four_levels_tasks_at_the_level_with_agencies():
    result = parse_result(HEAD + "(一)办好学校\n1.改善条件\n(1)翻修操场。(甲局负责)\n"
                                 "(2)更新课桌。(乙局负责)\n")
    assert [(t.id, t.responsible) for t in result.plan.tasks] == [
        ("1.1.1", ("甲局",)), ("1.1.2", ("乙局",))]
    assert any("sub-heading" in w.message for w in result.warnings)


def test_section_heading_names_leaders_for_its_tasks():
    plan = parse_result("一、修路(牵头领导:王某、李某)\n1.修好东桥。(甲局牵头)\n"
                        "二、办学\n1.建好校舍。(乙局牵头)\n").plan
    assert [s.title for s in plan.sections] == ["修路", "办学"]
    assert [t.leaders for t in plan.tasks] == [("王某", "李某"), ()]


def test_unread_agency_phrases_are_warned():
    result = parse_result(HEAD + "1.推进村道硬化(甲局牵头)并做好养护。\n"
                                 "2.建设集市。\n督办单位:乙局\n")
    messages = [(w.line, w.message) for w in result.warnings]
    assert any(line == 2 and "looks like agencies" in m for line, m in messages)
    assert any(line == 4 and "unknown label 督办单位" in m for line, m in messages)
    assert not any(t.agencies for t in result.plan.tasks)


def test_units_split_on_and_only_between_units():
    key = "各有关部门和各乡镇人民政府、县文化和旅游局"
    assert [key[s:e] for s, e, _ in units(key)] == ["各有关部门", "各乡镇人民政府", "县文化和旅游局"]
    assert read("甲局以及乙局", "甲局以及乙局").responsible == ["甲局", "乙局"]


def test_json_keys_only_when_present_and_plan_validates(tmp_path):
    plan = plan_of("1.修井。(甲局负责)\n2.修渠。(乙局牵头)\n")
    data = json.loads(plan.to_json())
    tasks = data["sections"][0]["items"][0]["tasks"], data["sections"][0]["items"][1]["tasks"]
    assert tasks[0][0]["responsible"] == ["甲局"] and "leaders" not in tasks[0][0]
    assert "responsible" not in tasks[1][0]
    path = tmp_path / "p.json"
    plan.save(path)
    assert load(path) == plan


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_sheet_round_trip_with_responsible_and_leaders(tmp_path, suffix):
    plan = parse_result(HEAD + "1.修井。\n责任科室:甲科、乙科\n"
                               "2.修渠。\n分管领导:王某\n牵头单位:丙局\n").plan
    path = tmp_path / f"p{suffix}"
    export_sheet(plan, path)
    back = import_sheet(path)
    assert [(t.responsible, t.leaders, t.labels) for t in back.tasks] == [
        (t.responsible, t.leaders, t.labels) for t in plan.tasks]
    assert back.tasks[0].responsible == ("甲科", "乙科")


def test_schema_accepts_the_new_keys_and_names_wrong_ones():
    from diffkit.model import validate_plan
    task = {"id": "1.1", "text": "修井。", "lead": [], "participants": [],
            "responsible": ["甲局"], "leaders": ["王某"], "labels": {"responsible": "责任科室"}}
    data = {"format": "diffkit.plan/1", "id": "p", "meta": {"role_rule": "排在第一位的为牵头单位"},
            "sections": [{"id": "1", "title": "", "items": [
                {"id": "1", "title": "", "tasks": [task]}]}]}
    assert validate_plan(data) == []
    task["responsible"] = "甲局"
    task["leaders"] = [" "]
    paths = {p.path for p in validate_plan(data)}
    assert paths == {"$.sections[0].items[0].tasks[0].responsible",
                     "$.sections[0].items[0].tasks[0].leaders[0]"}


def test_rule_that_every_named_unit_leads_where_no_lead_is_named_traditional():
    text = ("關於印發修路方案的通知\n各鄉鎮:\n現印發給你們。無牽頭單位的,責任單位即為牽頭單位。\n"
            "一、修路\n1.修好東村的橋。(甲局、乙局)\n2.修好西村的橋。(丙局牽頭,丁局配合)\n")
    first, second = parse_result(text).plan.tasks
    assert roles(first) == (("甲局", "乙局"), (), ())
    assert roles(second) == (("丙局",), ("丁局",), ())


def test_a_line_that_is_only_a_role_phrase():
    plan = plan_of("1.建成三个冷库,服务周边农户。\n甲局牵头,乙局、各乡镇人民政府配合。\n"
                   "2.开展冷链物流培训,每年两期。\n甲局负责培训,乙局配合。\n")
    first, second = plan.tasks
    assert roles(first) == (("甲局",), ("乙局", "各乡镇人民政府"), ())
    assert second.text.endswith("甲局负责培训,乙局配合。") and not second.agencies
