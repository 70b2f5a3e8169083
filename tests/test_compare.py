"""compare(): statuses, agency changes, three-way fidelity, JSON contract, renderings."""

from __future__ import annotations

import json

import pytest

from diffkit import Status, compare, redline
from diffkit.compare import agency_changes, comparison_schema
from diffkit.errors import DiffkitError, InputError
from diffkit.model import schema_problems
from diffkit.normalize import fold
from diffkit.report.comparison import comparison_text, short_redline
from tests.builders import T1, T2, T3, T4, plan, with_agencies


def test_same_plan_has_only_unchanged_pairs(seed_plan):
    c = compare(seed_plan, seed_plan)
    assert {p.status for p in c.pairs} == {Status.UNCHANGED}
    assert not c.changed and c.summary["agency_changes"] == 0
    assert c.summary["unchanged"] == c.summary["tasks_a"] == 34


def test_statuses_and_summary():
    a = plan("a", [[[T1, T2, T3]]])
    b = plan("b", [[[T1.replace("深化", "拓展"), T2.split("。")[0] + "。", T2.split("。")[1],
                     T4]]])
    c = compare(a, b)
    by_a = {p.a: p for p in c.pairs}
    assert by_a[("1.1",)].status is Status.REWORDED and by_a[("1.1",)].b == ("1.1",)
    assert by_a[("1.2",)].status is Status.SPLIT and by_a[("1.2",)].b == ("1.2", "1.3")
    assert by_a[("1.3",)].status is Status.REMOVED and by_a[("1.3",)].similarity is None
    assert by_a[()].status is Status.ADDED and by_a[()].b == ("1.4",)
    s = c.summary
    assert (s["reworded"], s["split"], s["removed"], s["added"], s["unchanged"]) == (1, 1, 1, 1, 0)
    assert c.changed


def test_agency_spellings_are_no_change():
    got = agency_changes(["省发展改革委", "科技厅"], ["四川省发展改革委", "科技厅"])
    assert got == []
    got = agency_changes(["省外事侨务(港澳)办"], ["省外事侨务（港澳）辦"])
    assert got == []


def test_agency_added_removed_in_document_order():
    got = agency_changes(["甲厅", "乙厅", "丙厅"], ["丙厅", "丁厅", "戊厅"], role="participants")
    assert [(c.change, c.a, c.b) for c in got] == [
        ("removed", "甲厅", None), ("removed", "乙厅", None),
        ("added", None, "丁厅"), ("added", None, "戊厅")]
    assert all(c.role == "participants" for c in got)


def test_merged_predecessors_are_each_renamed_and_a_split_agency_to_each_part():
    got = agency_changes(["四川银监局", "四川保监局", "科技厅"], ["四川银保监局", "科技厅"],
                         role="participants")
    assert [(c.change, c.a, c.b) for c in got] == [
        ("renamed", "四川银监局", "四川银保监局"), ("renamed", "四川保监局", "四川银保监局")]
    got = agency_changes(["省新闻出版广电局"], ["省广播电视局", "省委宣传部", "教育厅"])
    assert [(c.change, c.a, c.b) for c in got] == [
        ("renamed", "省新闻出版广电局", "省广播电视局"), ("renamed", "省新闻出版广电局", "省委宣传部"),
        ("added", None, "教育厅")]
    # two agencies merged into one successor are not one line with each other
    got = agency_changes(["省工商局"], ["省质监局"])
    assert [c.change for c in got] == ["removed", "added"]


NONE = {"added": [], "removed": [], "renamed": [], "promoted": [], "demoted": [], "absorbed": []}


def test_lead_demoted_to_participant_is_one_row():
    a = plan("a", [[[T1]]])
    a = with_agencies(a, "1.1", ["省发展改革委", "商务厅"], ["教育厅"])
    b = with_agencies(a, "1.1", ["省发展改革委"], ["商务厅", "教育厅"])
    (pair,) = compare(a, b).pairs
    assert pair.status is Status.UNCHANGED and pair.changed
    assert pair.to_dict()["lead"] == {**NONE, "demoted": [["商务厅", "商务厅"]]}
    assert pair.to_dict()["participants"] == NONE
    (change,) = pair.agency_changes
    assert (change.role_a, change.role_b, change.function) == ("lead", "participants", "commerce")
    # swapping A and B turns it into a promotion, listed under the same (stronger) role
    (back,) = compare(b, a).pairs
    assert back.to_dict()["lead"] == {**NONE, "promoted": [["商务厅", "商务厅"]]}


def test_split_compares_union_of_agencies():
    a = with_agencies(plan("a", [[[T2]]]), "1.1", ["商务厅"], ["教育厅", "科技厅"])
    b = plan("b", [[[T2.split("。")[0] + "。", T2.split("。")[1]]]])
    b = with_agencies(b, "1.1", ["商务厅"], ["教育厅"])
    b = with_agencies(b, "1.2", ["商务厅"], ["科技厅", "文化厅"])
    (pair,) = compare(a, b).pairs
    assert pair.status is Status.SPLIT
    assert pair.role_changes("lead") == NONE
    assert pair.role_changes("participants") == {**NONE, "added": ["文化厅"]}


def test_guideline_three_way_adds_ids_and_fidelity():
    g = plan("g", [[[T1, T2, T3, T4]]])
    a = plan("a", [[[T1, T2, "甲乙丙丁戊己庚辛壬癸子丑寅卯"]]])
    b = plan("b", [[[T1, T3, T4]]])
    c = compare(a, b, g)
    data = c.to_dict()
    assert data["guideline"] == {"id": "g", "title": "g"}
    fid = data["summary"]["fidelity"]
    assert fid["a"]["covered"] == 0.5 and fid["a"]["local"] == 1
    assert fid["b"]["covered"] == 0.75 and fid["b"]["local"] == 0
    lengths = [len(fold(t)) for t in (T1, T2, T3, T4)]
    assert fid["a"]["retained"] == round(sum(lengths[:2]) / sum(lengths), 4)
    # keyed by side and ids: A's "1.1" and B's "1.1" are different tasks
    gids = {("a", *p["a"]) if p["a"] else ("b", *p["b"]): p["guideline"] for p in data["pairs"]}
    assert len(gids) == len(data["pairs"])
    assert gids[("a", "1.1")] == "1.1" and gids[("a", "1.2")] == "1.2"
    assert gids[("a", "1.3")] is None or gids[("a", "1.3")] in ("1.3", "1.4")
    assert not schema_problems(data, comparison_schema())


def test_json_matches_schema_and_contract_keys(seed_plan):
    b = plan("b", [[[t.text for t in seed_plan.tasks[:20]] + [T4]]])
    data = json.loads(compare(seed_plan, b).to_json())
    assert not schema_problems(data, comparison_schema())
    assert list(data) == ["format", "a", "b", "guideline", "agencies_matched_by", "summary",
                          "pairs"]
    assert data["agencies_matched_by"] == "identity"
    assert list(data["pairs"][0]) == ["a", "b", "guideline", "status", "moved", "similarity",
                                      "lead", "participants"]
    assert data["summary"]["tasks_a"] == 34 and data["summary"]["tasks_b"] == 21


def test_a_task_in_exactly_one_pair(seed_plan):
    b = plan("b", [[[T1, T2]], [[t.text for t in seed_plan.tasks[3:9]]]])
    c = compare(seed_plan, b)
    assert sorted(t for p in c.pairs for t in p.a) == sorted(t.id for t in seed_plan.tasks)
    assert sorted(t for p in c.pairs for t in p.b) == sorted(t.id for t in b.tasks)


def test_redline_runs_rebuild_both_texts():
    a, b = "加快建立大通关平台，推进互联互通。", "加速构建大通关平台，推进互联互通和共享。"
    runs = redline(a, b)
    assert "".join(t for op, t in runs if op != "insert") == a
    assert "".join(t for op, t in runs if op != "delete") == b
    assert ("delete", "快建立") in runs or ("delete", "快") in runs
    assert redline(a, a) == [("equal", a)]
    assert redline("", "新") == [("insert", "新")]


def test_short_redline_marks_and_colours():
    text = short_redline("甲乙丙丁戊己庚辛壬癸", "甲乙丙丁X己庚辛壬癸")
    assert "[-戊-]{+x+}" in text.lower()
    assert "\x1b[" not in text
    assert "\x1b[31m" in short_redline("甲乙", "甲丙", color=True)


def test_table_csv_html_renderings():
    a = with_agencies(plan("a", [[[T1, T2]]]), "1.1", ["省发展改革委"], ["教育厅"])
    b = with_agencies(plan("b", [[[T1.replace("深化", "拓展"), T3]]]), "1.1",
                      ["省发展改革委"], ["=SUM(A1)"])
    c = compare(a, b)
    table = comparison_text(c)
    assert table.index("unchanged 0") < table.index("Tasks (3 pairs)") < table.index(
        "participants: −教育厅; +=SUM(A1)")
    assert "[-深化-]{+拓展+}" in table and "reworded" in table
    csv = comparison_text(c, format="csv").splitlines()
    assert csv[0].startswith("a,b,guideline,status,moved,similarity")
    assert len(csv) == 1 + len(c.pairs)
    assert "'=SUM(A1)" in comparison_text(c, format="csv")
    html = c._repr_html_()
    assert "<del" in html and "<ins" in html and "&lt;" not in T1
    assert "reworded" in repr(c)


def test_frames(seed_plan):
    b = plan("b", [[[T1]]])
    c = compare(seed_plan, b)
    df = c.pairs_frame()
    assert len(df) == len(c.pairs)
    assert list(df.columns)[:5] == ["pair", "a", "b", "guideline", "status"]
    ag = c.agency_changes_frame()
    assert list(ag.columns) == ["pair", "a", "b", "status", "role", "change", "agency_a",
                                "agency_b", "agency_function", "role_a", "role_b"]
    assert len(ag) == c.summary["agency_changes"]


def test_bad_inputs_name_the_argument(tmp_path, seed_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InputError) as err:
        compare(seed_path, bad)
    assert err.value.line().startswith(f"B {bad}")
    with pytest.raises(InputError) as err:
        compare(tmp_path / "missing.json", seed_path)
    assert err.value.line().startswith("A ") and "no such" in err.value.line()
    with pytest.raises(DiffkitError) as err:
        compare(seed_path, seed_path, as_of="last year")
    assert "YYYY-MM-DD" in err.value.line()


def test_a_borrowed_clause_is_an_addition_with_its_note_in_the_json():
    borrower = "建设毗邻地区合作示范园区，推动空间布局协调、时序安排同步，完善园区利益共享办法。"
    a = plan("a", [[[T1, T2]]])
    b = plan("b", [[[T1, borrower, T2]]])
    data = compare(a, b).to_dict()
    assert not schema_problems(data, comparison_schema())
    added = [p for p in data["pairs"] if p["status"] == "added"]
    assert [p["b"] for p in added] == [["1.2"]] and added[0]["borrows"] == ["1.1"]
    assert list(added[0]) == ["a", "b", "guideline", "status", "moved", "similarity", "lead",
                              "participants", "borrows"]
    assert data["summary"]["split"] == 0 and data["summary"]["unchanged"] == 2
    # without borrowing no pair carries the key
    assert all("borrows" not in p for p in compare(a, a).to_dict()["pairs"])


def _meta(p, **meta):
    from dataclasses import replace
    return replace(p, meta=meta)


def test_a_chain_says_what_each_task_of_b_follows():
    """G a guideline, A a province's plan, B a city's plan implementing both (constructed)."""
    a1 = T1.replace("建立", "加快建立").replace("深化", "全面深化").replace("推动", "着力推动")
    local_a = "建设川渝毗邻地区合作示范园区，完善园区利益共享办法。"
    local_b = "打造城市物流集散中心，提升城乡配送效率，完善冷链物流设施。"
    g = _meta(plan("g", [[[T1, T2, T3]]]), level="national", doc_number="国发〔2099〕1号")
    a = _meta(plan("a", [[[a1, T2, T3, local_a]]]), level="provincial",
              doc_number="川办发〔2099〕2号", implements=["国发〔2099〕1号"])
    # B: T1 as the guideline wrote it (not A's rewording), T2 kept by both, T3 dropped,
    # A's local task taken over, one local task of its own
    b = _meta(plan("b", [[[T1, T2, local_a, local_b]]]), level="municipal",
              implements=["川办发〔2099〕2号", "国发〔2099〕1号"])
    c = compare(a, b, g)
    follows = {p.b: p.follows for p in c.pairs if p.b}
    assert follows == {("1.1",): "guideline", ("1.2",): "guideline", ("1.3",): "a",
                       ("1.4",): "local"}
    assert [p.follows for p in c.pairs if not p.b] == [None]
    data = c.to_dict()
    assert data["summary"]["follows"] == {"guideline": 2, "a": 1, "local": 1}
    assert not schema_problems(data, comparison_schema())
    assert "follow the guideline's text 2, A's rewording 1" in comparison_text(c)
    # B copies A's rewording instead: it follows A
    b2 = _meta(plan("b2", [[[a1, T2]]]), level="municipal")
    assert compare(a, b2, g).pairs[0].follows == "a"
    # not a chain (the same level, no citation): no follows anywhere
    plain = compare(a, _meta(b, level="provincial", implements=[]), g).to_dict()
    assert "follows" not in plain["summary"]
    assert all("follows" not in p for p in plain["pairs"])
    assert compare(a, _meta(b, level="provincial"), g, chain=True).summary["follows"]
