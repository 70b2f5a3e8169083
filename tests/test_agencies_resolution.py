"""Name resolution (diffkit/agencies.py) on the shipped registry and the seed plan."""

from __future__ import annotations

import datetime as dt

import pytest

from diffkit.agencies.resolution import (
    canonical_names,
    compound_parts,
    current,
    default_registry,
    resolve,
    same_line,
    successors_of,
    suggest,
)
from tests.builders import written_names


# -- the shipped registry ---------------------------------------------------------------------
def test_every_name_of_the_seed_resolves(seed_plan):
    names = written_names(seed_plan)
    assert len(names) == 55
    unresolved = [n for n in names if not resolve(n, plan=seed_plan).resolved]
    assert unresolved == []


@pytest.mark.parametrize("written, canonical, kind", [
    ("省外事侨务(港澳)办", "省外事侨务(港澳)办", "provincial_department"),
    ("省外事侨务（港澳）办", "省外事侨务(港澳)办", "provincial_department"),
    ("人行成都分行", "人行成都分行", "central_agency"),
    ("中国人民银行成都分行", "人行成都分行", "central_agency"),
    ("中科院成都分院", "中科院成都分院", "research_institute"),
    ("中国工程物理研究院", "中国工程物理研究院", "research_institute"),
    ("成都铁路局", "成都铁路局", "state_owned_enterprise"),
    ("民航西南地区管理局", "民航西南地区管理局", "central_agency"),
    ("开发行四川省分行", "开发行四川省分行", "state_owned_enterprise"),
    ("省政府口岸与物流办", "省政府口岸与物流办", "provincial_department"),
    ("省口岸物流办", "省政府口岸与物流办", "provincial_department"),
    ("省政府金融办", "省政府金融办", "provincial_department"),
    ("省政府有关部门", "省政府有关部门", "collective"),
    ("各市（州）人民政府", "各市(州)人民政府", "collective"),
    ("四川省发展和改革委员会", "省发展改革委", "provincial_department"),
    ("发展改革委", "省发展改革委", "provincial_department"),
    ("省商务厅", "商务厅", "provincial_department"),
    ("四川省商务厅", "商务厅", "provincial_department"),
    ("四川省國土資源廳", "国土资源厅", "provincial_department"),
    ("四川航空集团有限责任公司", "川航集团", "state_owned_enterprise"),
])
def test_written_forms_fold_to_one_canonical(written, canonical, kind):
    res = resolve(written)
    assert (res.resolved, res.agencies, res.kind) == (True, (canonical,), kind)


def test_abbreviation_from_the_plan(seed_plan):
    assert resolve("省铁投集团", plan=seed_plan).agencies == ("省铁投集团",)
    assert resolve("省铁路产业投资集团有限责任公司", plan=seed_plan).agencies == ("省铁投集团",)


def test_plan_abbreviation_unknown_to_the_registry():
    class P:
        abbreviations = {"省X办": "四川省发展和改革委员会"}
    assert resolve("省X办").resolved is False
    assert resolve("省X办", plan=P()).agencies == ("省发展改革委",)


def test_compound_gives_members_and_group():
    res = resolve("人行成都分行等省社会信用体系建设联席会议成员单位")
    assert res.resolved
    assert res.agencies == ("人行成都分行", "省社会信用体系建设联席会议成员单位")
    assert res.kind == "central_agency"
    assert default_registry().kind(res.agencies[1]) == "group"
    assert compound_parts("商务厅、人行成都分行等省社会信用体系建设联席会议成员单位") == (
        ["商务厅", "人行成都分行"], "省社会信用体系建设联席会议成员单位")
    assert compound_parts("省发展改革委") is None


def test_compound_in_traditional_characters_splits_as_in_simplified():
    simplified = "商务厅、人行成都分行等省社会信用体系建设联席会议成员单位"
    traditional = "商務廳、人行成都分行等省社會信用體系建設聯席會議成員單位"
    assert canonical_names([traditional]) == canonical_names([simplified]) == (
        "商务厅", "人行成都分行", "省社会信用体系建设联席会议成员单位")
    assert canonical_names(["人行成都分行等省社會信用體系建設聯席會議成員單位"]) == (
        "人行成都分行", "省社会信用体系建设联席会议成员单位")
    res = resolve(traditional)
    assert res.resolved and res.written == traditional
    assert compound_parts(traditional) == compound_parts(simplified)


def test_compound_with_unknown_group_is_unresolved_but_keeps_member():
    res = resolve("商务厅等省某某领导小组成员单位")
    assert not res.resolved
    assert res.agencies[0] == "商务厅"
    assert res.unknown == ("省某某领导小组成员单位",)


def test_unknown_name_is_never_mapped_silently():
    res = resolve("省发展改革局")
    assert res.resolved is False
    assert res.agencies == ("省发展改革局",)
    assert res.kind is None
    assert "省发展改革委" in res.suggestions


def test_canonical_names_keep_unknown_names_in_one_spelling(seed_plan):
    names = canonical_names(["四川省某某中心", "省某某中心", "商务厅", "四川省商务厅"])
    assert names == ("省某某中心", "商务厅")
    assert canonical_names(["省铁投集团", "省铁路产业投资集团有限责任公司"],
                           plan=seed_plan) == ("省铁投集团",)


def test_as_of_maps_to_successors_after_their_date():
    assert resolve("省工商局", as_of="2018-06-01").agencies == ("省工商局",)
    assert resolve("省工商局", as_of="2019-06-01").agencies == ("省市场监管局",)
    assert resolve("省国税局", as_of="2018-06-14").agencies == ("省国税局",)
    assert resolve("省国税局", as_of=dt.date(2018, 6, 15)).agencies == ("四川省税务局",)
    assert resolve("四川银监局", as_of="2019-06-01").agencies == ("四川银保监局",)
    assert resolve("四川银监局", as_of="2024-01-01").agencies == ("四川金融监管局",)
    assert resolve("省新闻出版广电局", as_of="2019-06-01").agencies == ("省广播电视局", "省委宣传部")
    # a split beside a rename: the continuing office only
    assert resolve("省外事侨务(港澳)办", as_of="2019-06-01").agencies == ("省外办",)
    # managed_by is informational
    assert resolve("省知识产权局", as_of="2030-01-01").agencies == ("省知识产权局",)
    assert resolve("省工商局").agencies == ("省工商局",)


def test_2018_changes_named_in_the_issue():
    expected = {
        "省工商局": "省市场监管局", "省质监局": "省市场监管局", "省食品药品监管局": "省市场监管局",
        "省卫生计生委": "省卫生健康委", "国土资源厅": "自然资源厅", "环境保护厅": "生态环境厅",
        "农业厅": "农业农村厅", "文化厅": "文化和旅游厅", "省旅游发展委": "文化和旅游厅",
        "省经济和信息化委": "经济和信息化厅", "省安全监管局": "应急管理厅", "林业厅": "省林草局",
        "四川出入境检验检疫局": "成都海关", "省国税局": "四川省税务局", "四川保监局": "四川银保监局",
        "省投资促进局": "省经济合作局", "省政府金融办": "省地方金融监管局",
        "成都铁路局": "中国铁路成都局集团公司",
    }
    got = {old: current(old, as_of=dt.date(2019, 6, 1)) for old in expected}
    assert got == {old: (new,) for old, new in expected.items()}


def test_same_line():
    assert same_line("省工商局", "省市场监管局")
    assert same_line("省市场监管局", "四川省工商行政管理局")
    assert same_line("四川银监局", "四川金融监管局")          # transitive
    assert same_line("省新闻出版广电局", "省委宣传部")         # split part
    assert same_line("商务厅", "四川省商务厅")
    assert not same_line("省工商局", "省质监局")               # siblings of a merger
    assert not same_line("省知识产权局", "省市场监管局")       # managed_by is not a succession
    assert not same_line("商务厅", "财政厅")
    assert not same_line("四川银监局", "四川金融监管局", as_of="2020-01-01")
    assert same_line("省某某中心", "四川省某某中心")


def test_successors_of():
    assert successors_of("四川银监局") == ("四川银保监局", "四川金融监管局")
    assert successors_of("四川银监局", as_of="2019-06-01") == ("四川银保监局",)
    assert successors_of("四川银监局", as_of="2018-01-01") == ()
    assert successors_of("商务厅") == ()
    assert set(successors_of("省外事侨务(港澳)办")) == {"省外办", "省委统战部"}


def test_registry_figures():
    reg = default_registry()
    assert len(reg.agencies) >= 70
    assert reg.aliases >= 150
    assert len([s for s in reg.successions if s.relation != "managed_by"]) >= 25
    assert {s.confidence for s in reg.successions} == {"high", "medium", "low"}
    high = reg.at_least("high")
    assert all(s.confidence == "high" for s in high.successions)
    assert current("省投资促进局", as_of=dt.date(2019, 6, 1), registry=high) == ("省投资促进局",)


def test_suggest_is_ranked_and_limited():
    found = suggest("省卫生计划委", limit=2)
    assert 1 <= len(found) <= 2 and found[0] == "省卫生计生委"


def test_lists_split_outside_brackets_only():
    res = resolve("商务厅、财政厅")
    assert res.agencies == ("商务厅", "财政厅") and res.resolved
    res = resolve("各县(市、区)人民政府")
    assert res.agencies == ("各县(市、区)人民政府",) and res.kind == "collective"
    res = resolve("商务厅、各县（市、区）人民政府等有关部门")
    assert res.agencies == ("商务厅", "各县(市、区)人民政府", "有关部门")
    # 有关部门 is a standard collective (collectives.csv), read in any region
    assert res.resolved and res.refs[2].function == "relevant_departments"
    res = resolve("省某厅、某局")
    assert res.unknown == ("省某厅", "某局")


def test_every_written_form_in_the_registry_resolves_to_its_agency():
    reg = default_registry()
    wrong = []
    for agency in reg.agencies.values():
        for name in agency.names:
            variants = {name, name.replace("(", "（").replace(")", "）"), " ".join(name)}
            if name.startswith("省"):
                variants.add("四川" + name)
            for v in variants:
                got = resolve(v, registry=reg)
                if got.agencies != (agency.canonical,):
                    wrong.append((v, got.agencies))
    assert wrong == []


def test_abbreviations_from_plan_json_or_a_mapping(seed_plan):
    full = "省铁路产业投资集团有限责任公司"
    assert resolve("铁投", plan={"铁投": full}).agencies == ("省铁投集团",)
    assert resolve("铁投", plan={"sections": [], "abbreviations": {"铁投": full}}).resolved
    assert not resolve("铁投", plan={"sections": []}).resolved


def test_a_party_organ_with_a_region_resolves_without_error():
    """中共 before a region name: the unknown key is found (it raised StopIteration)."""
    from diffkit.agencies.resolution import unknown_key
    key = unknown_key("中共四川省委某某工作领导小组")
    assert key and "某某工作领导小组" in key
    res = resolve("中共四川省委某某工作领导小组")
    assert res.written == "中共四川省委某某工作领导小组" and not res.resolved
    assert unknown_key("四川省某某工作领导小组") == "省某某工作领导小组"  # unchanged rule


# -- regions of one class read names alike (what the corpus keeps its names by) ---------------
_CLASSES = [["仁寿县", "宜宾县", "模拟1县"], ["武侯区", "广安区", "顺德区"],
            ["绵阳市", "德阳市", "东莞市"], ["凉山彝族自治州", "甘孜藏族自治州"],
            ["达拉特旗", "准格尔旗"], ["阿拉善盟", "锡林郭勒盟"]]


def _names_of_every_form(seed_plan) -> list[str]:
    """The seed's names, the benchmark's names of other provinces and cities, every
    standard organ's forms at every level prefix, and names that carry a place."""
    import csv

    from diffkit.agencies.standard import standard
    from tests.builders import ROOT

    names = written_names(seed_plan)
    for path, column in (("agency_names.csv", "name"), ("names.csv", "short")):
        with open(ROOT / "benchmarks" / "data" / path, encoding="utf-8") as fh:
            names += [row[column] for row in csv.DictReader(fh)]
    std = standard()
    for organ in std.organs:
        names += [p + organ.short.lstrip("省市县区") for p in ("", "省", "市", "县", "区", "州")]
        names.append(organ.name)
    names += [v.canonical for v in std.vertical] + list(std.collectives)
    places = [r for cls in _CLASSES for r in cls] + ["四川省", "北京市", "成都市"]
    names += [p + n for p in places for n in ("发展和改革局", "财政局", "人民政府", "税务局")]
    names += ["省发展改革委、省财政厅等部门", "各县(市、区)人民政府", "县委组织部", "区委宣传部"]
    return list(dict.fromkeys(n for n in names if n))


def test_names_read_alike_in_regions_of_one_class(seed_plan):
    from diffkit.agencies.resolution import region_class
    from diffkit.model import Plan

    names = _names_of_every_form(seed_plan)
    assert len(names) > 600
    for members in _CLASSES:
        assert len({region_class(r) for r in members}) == 1, members
        for level in (None, "county", "municipal"):
            reads = [[canonical_names([n], plan=Plan(id="p", meta={"region": r, **(
                {"level": level} if level else {})})) for n in names] for r in members]
            for other, r in zip(reads[1:], members[1:], strict=True):
                differ = [(n, a, b) for n, a, b in zip(names, reads[0], other, strict=True)
                          if a != b]
                assert differ == [], (members[0], r, level, differ[:5])
    # named by a rule: each its own class
    assert region_class("北京市") == "北京市" and region_class("四川省") == "四川省"
    assert region_class("吉林市") == "吉林市"  # starts with a province's form (吉林)
    assert region_class("仁寿县") != region_class("武侯区") != region_class("绵阳市")
