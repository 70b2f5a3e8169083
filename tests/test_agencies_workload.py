"""Workload per canonical agency and successor rewriting (diffkit/workload.py). Small plans
here are constructed for the test."""

from __future__ import annotations

import json

import pytest

from diffkit import load
from diffkit.agencies.resolution import resolve
from diffkit.agencies.workload import FORMAT, migrate, workload
from diffkit.errors import DiffkitError
from tests.builders import SEED_JSON, plan_of


def row(w, agency):
    return next(a for a in w.agencies if a.agency == agency)


def test_seed_workload_resolves_everything():
    w = workload(SEED_JSON)
    assert w.unresolved == ()
    d = w.to_dict()
    assert d["format"] == FORMAT and d["plan"] == "sichuan_2016" and d["as_of"] is None
    assert set(d["agencies"][0]) <= {"agency", "kind", "lead", "participants", "tasks",
                                     "function"}
    cities = row(w, "各市(州)人民政府")
    assert (cities.kind, cities.lead, cities.participants, len(cities.tasks)) == (
        "collective", 0, 34, 34)
    # counts agree with the plan, task by task
    plan = load(SEED_JSON)
    ndrc = row(w, "省发展改革委")
    assert ndrc.lead == sum("省发展改革委" in t.lead for t in plan.tasks)
    assert ndrc.participants == sum("省发展改革委" in t.participants for t in plan.tasks)


def test_abbreviation_and_full_name_are_one_agency():
    p = plan_of((["省铁投集团"], ["四川省铁路产业投资集团有限责任公司", "商务厅"]),
                (["省铁路产业投资集团有限责任公司"], []),
                abbreviations={"省铁投集团": "省铁路产业投资集团有限责任公司"})
    w = workload(p)
    names = [a.agency for a in w.agencies]
    assert names.count("省铁投集团") == 1 and "四川省铁路产业投资集团有限责任公司" not in names
    r = row(w, "省铁投集团")
    assert (r.lead, r.participants, r.tasks) == (2, 0, ("1.1", "2.1"))


def test_merged_predecessors_count_once_per_task():
    p = plan_of((["省工商局"], ["省质监局", "省食品药品监管局"]),
                (["商务厅"], ["省质监局", "四川省质量技术监督局"]))
    before = workload(p)
    assert {a.agency for a in before.agencies} >= {"省工商局", "省质监局", "省食品药品监管局"}
    assert row(before, "省质监局").participants == 2
    after = workload(p, as_of="2019-06-01")
    smr = row(after, "省市场监管局")
    assert (smr.lead, smr.participants, smr.tasks) == (1, 1, ("1.1", "2.1"))
    assert after.as_of == "2019-06-01"
    assert "省工商局" not in {a.agency for a in after.agencies}


def test_unknown_names_are_listed_not_fatal():
    p = plan_of((["省发展改革局"], ["商务厅", "省某某中心"]), (["四川省某某中心"], []))
    w = workload(p)
    assert [u.name for u in w.unresolved] == ["省发展改革局", "省某某中心", "四川省某某中心"]
    assert "省发展改革委" in w.unresolved[0].suggestions
    assert w.unresolved[1].tasks == ("1.1",)
    centre = row(w, "省某某中心")          # two spellings of one unknown name count as one
    assert centre.tasks == ("1.1", "2.1")
    text = w.render()
    assert "unresolved: 省发展改革局 in task 1.1 (did you mean 省发展改革委" in text


def test_renderings_and_frame():
    w = workload(SEED_JSON, as_of="2019-06-01")
    data = json.loads(w.render(format="json"))
    assert data["as_of"] == "2019-06-01"
    assert "省市场监管局" in [a["agency"] for a in data["agencies"]]
    csv_lines = w.render(format="csv").splitlines()
    assert csv_lines[0] == "agency,kind,lead,participants,tasks"
    assert len(csv_lines) == len(w.agencies) + 1
    frame = w.to_frame()
    assert list(frame.columns) == ["agency", "kind", "lead", "participants", "tasks"]
    assert frame["lead"].sum() == sum(a.lead for a in w.agencies)
    assert "<table>" in w._repr_html_()


def test_bad_as_of():
    with pytest.raises(DiffkitError, match="is not a date"):
        workload(SEED_JSON, as_of="June 2019")


# -- migrate --------------------------------------------------------------------------------------
def test_migrate_rewrites_names_and_records_derivation():
    p = plan_of((["省工商局", "商务厅"], ["省质监局", "四川省商务厅", "省新闻出版广电局"]),
                (["文化厅"], ["省旅游发展委", "人行成都分行等省社会信用体系建设联席会议成员单位"]))
    m = migrate(p, as_of="2019-06-01")
    t1, t2 = m.tasks
    assert t1.lead == ("省市场监管局", "商务厅")
    assert t1.participants == ("省广播电视局", "省委宣传部")
    assert t2.lead == ("文化和旅游厅",)
    assert t2.participants == ("人行成都分行等省社会信用体系建设联席会议成员单位",)
    assert m.id == "constructed_reformed"
    derived = dict(m.meta["derived"])
    applied = derived.pop("applied")
    assert derived == {"from": "constructed", "as_of": "2019-06-01", "by": "diffkit migrate",
                       "tasks_changed": 2, "note": "derived, not an official document"}
    assert [(r["old"], r["new"], r["relation"]) for r in applied] == [
        ("省工商局", "省市场监管局", "merged_into"), ("省质监局", "省市场监管局", "merged_into"),
        ("省新闻出版广电局", "省广播电视局", "split_into"),
        ("省新闻出版广电局", "省委宣传部", "split_into"),
        ("文化厅", "文化和旅游厅", "merged_into"), ("省旅游发展委", "文化和旅游厅", "merged_into")]
    assert {r["confidence"] for r in applied} == {"high"}
    later = migrate(p, as_of="2024-01-01", id="x")
    assert later.id == "x"
    assert later.tasks[1].participants == ("人行四川省分行等省社会信用体系建设联席会议成员单位",)


def test_migrated_names_resolve_and_are_stable():
    m = migrate(SEED_JSON, as_of="2019-06-01")
    assert all(resolve(n, plan=m).resolved for t in m.tasks for n in t.lead + t.participants)
    again = migrate(m, as_of="2019-06-01")
    assert [(t.lead, t.participants) for t in again.tasks] == [
        (t.lead, t.participants) for t in m.tasks]
    assert [t.text for t in m.tasks] == [t.text for t in load(SEED_JSON).tasks]
    # workload of the migrated plan equals the as_of workload of the original
    assert workload(m).agencies == workload(SEED_JSON, as_of="2019-06-01").agencies


def test_migrate_before_any_reform_changes_nothing():
    m = migrate(SEED_JSON, as_of="2017-01-01")
    assert m.meta["derived"]["tasks_changed"] == 0
    assert m.meta["derived"]["applied"] == []
    assert m.sections == load(SEED_JSON).sections


def test_unknown_agency_named_by_abbreviation_and_full_name_is_one():
    p = plan_of((["省某某集团"], []), (["商务厅"], ["四川省某某集团有限公司"]),
                abbreviations={"省某某集团": "四川省某某集团有限公司"})
    w = workload(p)
    group = row(w, "省某某集团")
    assert (group.lead, group.participants, group.tasks) == (1, 1, ("1.1", "2.1"))
    assert [u.name for u in w.unresolved] == ["省某某集团", "四川省某某集团有限公司"]
