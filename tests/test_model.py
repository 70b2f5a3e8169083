"""The plan model: load/save, determinism, and every validation rule with its message."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import plans

import diffkit
from diffkit.errors import InputError, ValidationError
from diffkit.model import Plan, validate_plan


def _raw(seed_path):
    return json.loads(seed_path.read_text("utf-8"))


def test_seed_round_trip_is_byte_identical(seed_path, tmp_path):
    plan = diffkit.load(seed_path)
    out = plan.save(tmp_path / "again.json")
    assert out.read_bytes() == seed_path.read_bytes()


def test_load_accepts_mapping_and_plan(seed_path):
    data = _raw(seed_path)
    plan = diffkit.load(data)
    assert diffkit.load(plan) is plan
    assert plan == diffkit.load(seed_path)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(plans())
def test_any_valid_plan_survives_save_and_load(tmp_path_factory, plan):
    path = tmp_path_factory.mktemp("p") / "plan.json"
    plan.save(path)
    again = diffkit.load(path)
    assert again == plan
    assert again.to_json() == plan.to_json()


def test_navigation(seed_plan):
    ref = seed_plan.ref("4.2")
    assert ref.section.id == "2" and ref.item.title == "实施统一的市场规则"
    assert [t.id for t in seed_plan.tasks][:5] == ["1.1", "2.1", "2.2", "2.3", "3.1"]
    assert "34 tasks" in repr(seed_plan) and "<table>" in seed_plan._repr_html_()


def test_minimal_plan_needs_only_required_fields():
    data = {"format": "diffkit.plan/1", "id": "t", "sections": [
        {"id": "1", "title": "S", "items": [{"id": "1", "title": "I", "tasks": [
            {"id": "1.1", "text": "做事", "lead": [], "participants": []}]}]}]}
    plan = Plan.from_dict(data)
    assert plan.to_dict() == data


def _problems(data):
    return [str(p) for p in validate_plan(data)]


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d.pop("id"), "$.id: missing"),
    (lambda d: d["sections"][2].pop("title"), "$.sections[2].title: missing"),
    (lambda d: d["sections"][2]["items"][0].pop("id"), "$.sections[2].items[0].id: missing"),
    (lambda d: d["sections"][2]["items"][0]["tasks"][0].pop("text"),
     "$.sections[2].items[0].tasks[0].text: missing"),
    (lambda d: d["sections"][0]["items"][0]["tasks"][0].update(text="  "),
     "$.sections[0].items[0].tasks[0].text: must not be empty or blank"),
    (lambda d: d["sections"][0]["items"][0]["tasks"][0].update(lead="省发展改革委"),
     "$.sections[0].items[0].tasks[0].lead: must be a list, not str"),
    (lambda d: d["sections"][0]["items"][0]["tasks"][0]["participants"].append(""),
     "$.sections[0].items[0].tasks[0].participants[2]: must not be empty or blank"),
    (lambda d: d["sections"][0]["items"][0]["tasks"][0]["participants"].append(3),
     "$.sections[0].items[0].tasks[0].participants[2]: must be a string, not int"),
    (lambda d: d["meta"].update(date="2016-12-32"),
     "$.meta.date: '2016-12-32' is not an ISO date YYYY-MM-DD"),
    (lambda d: d["meta"].update(date="2016年12月30日"),
     "$.meta.date: '2016年12月30日' is not an ISO date YYYY-MM-DD"),
    (lambda d: d["meta"].update(status="dead"), "$.meta.status: 'dead' is not one of"),
    (lambda d: d.update(format="diffkit.plan/9"),
     "$.format: unknown format 'diffkit.plan/9'; expected 'diffkit.plan/1'"),
    (lambda d: d.pop("format"), "$.format: missing"),
    (lambda d: d["sections"][1].update(id="1"), "$.sections[1].id: duplicate section id '1'"),
    (lambda d: d["sections"][1]["items"][0].update(id="1"),
     "$.sections[1].items[0].id: duplicate item id '1'"),
    (lambda d: d["sections"][0]["items"][1]["tasks"][1].update(id="2.1"),
     "$.sections[0].items[1].tasks[1].id: duplicate task id '2.1'"),
    (lambda d: d["sections"][0]["items"][1]["tasks"][1].update(id="3.2"),
     "$.sections[0].items[1].tasks[1].id: '3.2' should be the item id and a paragraph number"),
    (lambda d: d.update(colour="red"), "$: unknown key(s) not allowed ('colour' was unexpected)"),
    (lambda d: d["abbreviations"].update({"x": ""}), "$.abbreviations.x: must not be empty"),
])
def test_each_rule_reports_its_path_and_message(seed_path, mutate, expected):
    data = copy.deepcopy(_raw(seed_path))
    mutate(data)
    found = _problems(data)
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once(seed_path):
    data = _raw(seed_path)
    data["sections"][0]["items"][0]["tasks"][0].pop("text")
    data["sections"][3]["items"][0].pop("title")
    data["sections"][5]["items"][1]["tasks"][0]["lead"] = "x"
    found = _problems(data)
    assert len(found) == 3, found
    with pytest.raises(ValidationError) as info:
        Plan.from_dict(data, file="p.json")
    assert len(info.value.lines()) == 3
    assert all(line.startswith("p.json: $.sections[") for line in info.value.lines())


def test_consistency_reports_every_duplicate(seed_path):
    data = _raw(seed_path)
    data["sections"][1]["id"] = "1"
    data["sections"][0]["items"][1]["tasks"][2]["id"] = "2.1"
    data["meta"]["date"] = "yesterday"
    assert len(_problems(data)) == 3


@pytest.mark.parametrize("data, expected", [
    ([], "$: expected a plan object, found a JSON list"),
    ("plan", "$: expected a plan object, found str"),
])
def test_not_an_object(data, expected):
    assert _problems(data) == [expected]


def test_load_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "diffkit.plan/1", "id": ', "utf-8")
    with pytest.raises(InputError, match=r"bad.json: line 1 column \d+: invalid JSON"):
        diffkit.load(bad)
    with pytest.raises(InputError, match="no such plan JSON"):
        diffkit.load(tmp_path / "missing.json")
    with pytest.raises(InputError, match="is a directory"):
        diffkit.load(tmp_path)
    (tmp_path / "empty.json").write_text("", "utf-8")
    with pytest.raises(InputError, match="file is empty"):
        diffkit.load(tmp_path / "empty.json")
    raw = tmp_path / "raw.txt"
    raw.write_text("一、总体要求\n", "utf-8")
    with pytest.raises(InputError, match="diffkit parse"):
        diffkit.load(raw)


def test_frames(seed_plan):
    tasks = seed_plan.tasks_frame()
    assert list(tasks["task_id"])[:3] == ["1.1", "2.1", "2.2"] and len(tasks) == 34
    long = seed_plan.assignments_frame()
    assert set(long["role"]) == {"lead", "participant"}
    n = sum(len(t.lead) + len(t.participants) for t in seed_plan.tasks)
    assert len(long) == n
    first = long[long.task_id == "2.2"]
    assert list(first[first.role == "lead"]["agency"]) == ["商务厅", "省发展改革委"]
