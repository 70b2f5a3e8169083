"""Agency changes between plans of one region, of two regions, and of different levels
(constructed plans; names in the forms seen in real documents)."""

from __future__ import annotations

import json
from types import SimpleNamespace

from diffkit.agencies.changes import role_changes
from diffkit.agencies.roles import Reader
from diffkit.compare import compare, comparison_schema
from diffkit.model import load, schema_problems

TEXTS = ["建立毗邻省区间发展规划衔接机制，推动空间布局协调、时序安排同步。",
         "改革服务业发展体制，扩大服务业对内对外开放，加快推进服务贸易自由化。",
         "实施水污染防治行动计划，协同推进跨省区流域水污染防治。"]


def plan_of(pid, meta, *tasks):
    """One section; each task is (lead, participants) for TEXTS in order."""
    items = [{"id": str(i), "title": f"事项{i}", "tasks": [
        {"id": f"{i}.1", "text": TEXTS[i - 1], "lead": list(lead), "participants": list(part)}]}
        for i, (lead, part) in enumerate(tasks, 1)]
    return load({"format": "diffkit.plan/1", "id": pid, "meta": meta,
                 "sections": [{"id": "1", "title": "一", "items": items}]})


SC = {"region": "四川省", "level": "provincial"}
GD = {"region": "广东省", "level": "provincial"}
DG = {"region": "东莞市", "level": "municipal"}
GUIDE = {"level": "national"}


def changes(c):
    return [(p.a[0], ch.change, ch.role, ch.a, ch.b) for p in c.pairs for ch in p.agency_changes]


def test_counterparts_across_regions_and_levels_are_no_change():
    sc = plan_of("sc", SC, (["省发展改革委"], ["商务厅", "交通运输厅"]),
                 (["商务厅"], ["省发展改革委"]), (["环境保护厅"], ["水利厅"]))
    gd = plan_of("gd", GD, (["广东省发展和改革委员会"], ["省商务厅", "省交通运输厅"]),
                 (["省商务厅"], ["省发改委"]), (["省环境保护厅"], ["省水利厅"]))
    dg = plan_of("dg", DG, (["市发改局"], ["市商务局", "市交通运输局"]),
                 (["市商务局"], ["市发展和改革局"]), (["市环保局"], ["市水务局"]))
    guide = plan_of("g", GUIDE, (["国家发展改革委"], ["商务部", "交通运输部"]),
                    (["商务部"], ["发展改革委"]), (["环境保护部"], ["水利部"]))
    for a, b in ((sc, gd), (gd, dg), (sc, dg), (guide, sc), (gd, sc)):
        c = compare(a, b)
        assert c.agencies_matched_by == "function"
        assert changes(c) == [], (a.id, b.id, changes(c))
    # identity only, as before: every counterpart is an addition and a removal
    assert len(changes(compare(sc, gd, agencies_by="identity"))) == 14


def test_real_changes_across_regions_are_found():
    sc = plan_of("sc", SC, (["省发展改革委"], ["商务厅"]), (["商务厅"], ["财政厅"]),
                 (["环境保护厅"], ["水利厅"]))
    gd = plan_of("gd", GD, (["省商务厅"], ["广东省发展和改革委员会"]), (["省商务厅"], []),
                 (["省生态环境厅"], ["省水利厅", "省自然资源厅"]))
    got = changes(compare(sc, gd))
    assert ("1.1", "demoted", "lead", "省发展改革委", "广东省发展和改革委员会") in got
    assert ("1.1", "promoted", "lead", "商务厅", "省商务厅") in got
    assert ("2.1", "removed", "participants", "财政厅", None) in got
    assert ("3.1", "renamed", "lead", "环境保护厅", "省生态环境厅") in got
    assert ("3.1", "added", "participants", None, "省自然资源厅") in got
    assert len(got) == 5


def test_guangdong_revision_writing_its_prefix_is_no_change():
    a = plan_of("a", GD, (["广东省商务厅"], ["广东省财政厅"]))
    b = plan_of("b", GD, (["省商务厅"], ["省财政厅"]))
    c = compare(a, b)
    assert c.agencies_matched_by == "identity" and changes(c) == []


def test_participant_absorbed_by_its_leading_successor():
    a = plan_of("a", SC, (["省工商局"], ["省质监局", "省发展改革委"]))
    b = plan_of("b", SC, (["省市场监管局"], ["省发展改革委"]))
    assert changes(compare(a, b)) == [
        ("1.1", "renamed", "lead", "省工商局", "省市场监管局"),
        ("1.1", "absorbed", "participants", "省质监局", "省市场监管局")]
    # the same in Guangdong, by the generic 2018 reform (no Guangdong registry)
    a = plan_of("a", GD, (["省工商局"], ["省质监局"]))
    b = plan_of("b", GD, (["省市场监管局"], []))
    assert [x[1] for x in changes(compare(a, b))] == ["renamed", "absorbed"]


def test_merged_pair_never_loses_its_own_lead():
    a = load({"format": "diffkit.plan/1", "id": "a", "meta": SC, "sections": [
        {"id": "1", "title": "一", "items": [
            {"id": "1", "title": "事项", "tasks": [
                {"id": "1.1", "text": TEXTS[0], "lead": ["商务厅"], "participants": []},
                {"id": "1.2", "text": TEXTS[1], "lead": ["财政厅"],
                 "participants": ["商务厅"]}]}]}]})
    b = plan_of("b", SC, (["商务厅", "财政厅"], []))
    b = load({**b.to_dict(), "sections": [{"id": "1", "title": "一", "items": [
        {"id": "1", "title": "事项", "tasks": [{"id": "1.1", "text": TEXTS[0] + TEXTS[1],
                                               "lead": ["商务厅", "财政厅"],
                                               "participants": []}]}]}]})
    (pair,) = [p for p in compare(a, b).pairs if p.b]
    assert pair.status.value == "merged" and pair.agency_changes == ()


def test_responsible_units_move_to_lead_is_a_role_change():
    old = SimpleNamespace(lead=(), responsible=("商务厅", "财政厅"), participants=())
    new = SimpleNamespace(lead=("商务厅",), responsible=(), participants=("财政厅",))
    reader = Reader(None)
    got = role_changes(reader.holders([old]), reader.holders([new]))
    assert [(x.change, x.a, x.role_a, x.role_b, x.role) for x in got] == [
        ("promoted", "商务厅", "responsible", "lead", "lead"),
        ("demoted", "财政厅", "responsible", "participants", "responsible")]


def test_json_says_how_agencies_were_matched_and_validates():
    sc = plan_of("sc", SC, (["省发展改革委"], ["商务厅"]))
    gd = plan_of("gd", GD, (["省商务厅"], ["省发展改革委"]))
    data = json.loads(compare(sc, gd).to_json())
    assert data["agencies_matched_by"] == "function"
    assert data["pairs"][0]["lead"]["demoted"] == [["省发展改革委", "省发展改革委"]]
    assert not schema_problems(data, comparison_schema())
    # readers of the older contract: the new keys are optional in the schema
    del data["agencies_matched_by"]
    for p in data["pairs"]:
        for role in ("lead", "participants"):
            for k in ("promoted", "demoted", "absorbed"):
                del p[role][k]
    assert not schema_problems(data, comparison_schema())


def test_per_agency_view_follows_lines_and_counterparts():
    sc = plan_of("sc", SC, (["省发展改革委"], ["商务厅"]), (["商务厅"], ["财政厅"]),
                 (["环境保护厅"], ["水利厅"]))
    gd = plan_of("gd", GD, (["广东省发展和改革委员会"], ["省商务厅"]), (["省商务厅"], []),
                 (["省生态环境厅"], ["省水利厅", "省自然资源厅"]))
    c = compare(sc, gd)
    rows = {r[0]: r for r in c.agency_rows()}
    assert rows["省发展改革委 → 广东省发展和改革委员会"][1:10] == (
        "development_reform", "省发展改革委", "广东省发展和改革委员会", 1, 0, 1, 0, 0, 0)
    assert rows["环境保护厅 → 省生态环境厅"][4:8] == (1, 0, 1, 0)
    assert rows["财政厅"][8:10] == (0, 1)          # lost in 2.1
    assert rows["省自然资源厅"][8:10] == (1, 0)     # gained in 3.1
    frame = c.agencies_frame()
    assert list(frame.columns)[:2] == ["agency", "agency_function"] and len(frame) == len(rows)


def test_responsible_list_of_the_plan_format_moving_to_lead():
    def with_roles(pid, **roles):
        task = {"id": "1.1", "text": TEXTS[0], "lead": [], "participants": [], **roles}
        return load({"format": "diffkit.plan/1", "id": pid, "meta": SC, "sections": [
            {"id": "1", "title": "一", "items": [{"id": "1", "title": "事项",
                                                 "tasks": [task]}]}]})
    a = with_roles("a", responsible=["商务厅", "财政厅"])
    b = with_roles("b", lead=["商务厅"], responsible=["财政厅"])
    (pair,) = compare(a, b).pairs
    data = pair.to_dict()
    assert data["lead"]["promoted"] == [["商务厅", "商务厅"]]
    assert data["responsible"] == {"added": [], "removed": [], "renamed": [], "promoted": [],
                                   "demoted": [], "absorbed": []}
    assert not schema_problems(compare(a, b).to_dict(), comparison_schema())


GZ = {"region": "贵州省", "level": "provincial"}


def test_full_official_names_of_vertical_agencies_are_no_change():
    """One 贵州 plan writes vertical agencies short, its revision writes their full official
    names (constructed plans, names in the forms documents use)."""
    a = plan_of("a", GZ, (["省商务厅"], ["贵阳海关", "省税务局"]),
                (["省交通运输厅"], ["贵州海事局", "人民银行贵阳中心支行"]),
                (["省生态环境厅"], ["省气象局"]))
    b = plan_of("b", GZ, (["贵州省商务厅"], ["中华人民共和国贵阳海关", "国家税务总局贵州省税务局"]),
                (["省交通运输厅"], ["中华人民共和国贵州海事局", "中国人民银行贵阳中心支行"]),
                (["省生态环境厅"], ["贵州省气象局"]))
    c = compare(a, b)
    assert c.agencies_matched_by == "identity" and changes(c) == []
    # another customs district and another province's tax bureau are real changes
    d = plan_of("d", GZ, (["省商务厅"], ["中华人民共和国昆明海关", "国家税务总局云南省税务局"]),
                (["省交通运输厅"], ["贵州海事局", "人民银行贵阳中心支行"]),
                (["省生态环境厅"], ["省气象局"]))
    assert sorted(changes(compare(a, d))) == sorted([
        ("1.1", "removed", "participants", "贵阳海关", None),
        ("1.1", "removed", "participants", "省税务局", None),
        ("1.1", "added", "participants", None, "中华人民共和国昆明海关"),
        ("1.1", "added", "participants", None, "国家税务总局云南省税务局")])
