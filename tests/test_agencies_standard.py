"""Agencies of every province and level: standard organs, regions, plan-aware resolution.

Names below are written in the forms seen in real documents (see docs/agencies.md); the
plans around them are constructed.
"""

from __future__ import annotations

import pytest

from diffkit.agencies.registry import RegistryError
from diffkit.agencies.resolution import resolve, unknown_key, where
from diffkit.agencies.standard import standard
from diffkit.agencies.standard_csv import COLUMNS, parse_standard
from tests.conftest import ROOT


def meta_plan(**meta):
    return {"format": "diffkit.plan/1", "id": "p", "meta": meta, "sections": []}


GD = meta_plan(region="广东省", level="provincial")
DG = meta_plan(issuer="东莞市人民政府办公室")
NATIONAL = meta_plan(issuer="国务院办公厅", level="national")


def one(name, plan=None, **kw):
    res = resolve(name, plan=plan, **kw)
    assert res.resolved and len(res.refs) == 1, res
    return res.refs[0]


def test_where_reads_meta_issuer_and_region_option():
    assert (where(GD).region, where(GD).level) == ("广东省", "provincial")
    assert (where(DG).region, where(DG).level) == ("东莞市", "municipal")
    assert where(None, region="全国").level == "national"
    assert where(meta_plan(issuer="苍南县人民政府")).level == "county"
    assert where(meta_plan(issuer="北京市人民政府办公厅")).level == "provincial"


def test_guangdong_names_are_guangdongs():
    ref = one("广东省发展和改革委员会", GD)
    assert (ref.canonical, ref.region, ref.level, ref.function, ref.source) == (
        "省发展改革委", "广东省", "provincial", "development_reform", "standard")
    ref = one("省商务厅", GD)  # not Sichuan's 商务厅 (四川省商务厅)
    assert (ref.canonical, ref.region, ref.source) == ("省商务厅", "广东省", "standard")
    ref = one("省质监局", GD)
    assert ref.region == "广东省" and ref.function == "quality_supervision"


def test_a_sichuan_fact_is_never_used_for_another_region():
    gd_plan_names = ["省商务厅", "商务厅", "交通运输厅", "省发展改革委", "省工商局", "成都海关"]
    for name in gd_plan_names:
        for ref in resolve(name, plan=GD).refs:
            assert ref.source != "registry", (name, ref)
    # a name that names Sichuan is Sichuan's, in any plan
    assert one("四川省商务厅", GD).source == "registry"
    # a national plan's own names are national, never Sichuan's provincial record
    ref = one("发展改革委", NATIONAL)
    assert (ref.level, ref.canonical) == ("national", "国家发展改革委")


def test_dongguan_and_county_names():
    assert (one("市发改局", DG).function, one("市发改局", DG).level) == (
        "development_reform", "municipal")
    assert one("市交通运输局", DG).canonical == "市交通运输局"
    assert one("苍南县发改局").region == "苍南县"
    assert one("县自然资源局", region="汉阴县").level == "county"


def test_abbreviations_and_municipal_combinations():
    assert one("省人力社保厅", region="浙江省").function == "human_resources"
    assert one("省住建厅", region="湖北省").canonical == "省住房城乡建设厅"
    assert one("市自然资源和规划局", region="镇江市").function == "natural_resources"
    assert one("市文化广电旅游局", region="东莞市").function == "culture_tourism"
    assert one("市规划和自然资源局", region="天津市").canonical == "市自然资源局"


@pytest.mark.parametrize("name, function", [
    ("广州海关", "customs"), ("国家税务总局广东省税务局", "tax"), ("人行杭州中心支行", "central_bank"),
    ("浙江银保监局", "banking_insurance_regulation"), ("广东证监局", "securities_regulation"),
    ("中国铁路南宁局集团有限公司", "railway"), ("省通信管理局", "communications"),
    ("省气象局", "meteorology"), ("省邮政管理局", "postal")])
def test_vertical_central_agencies(name, function):
    ref = one(name, GD)
    assert ref.function == function and ref.kind == "central_agency"


GZ = meta_plan(region="贵州省", level="provincial")
GZ_CITY = meta_plan(region="贵阳市", level="municipal")


@pytest.mark.parametrize("full, short", [
    ("中华人民共和国贵阳海关", "贵阳海关"),                  # the state's name
    ("中华人民共和国贵州海事局", "贵州海事局"),
    ("中华人民共和国贵州出入境检验检疫局", "贵州出入境检验检疫局"),
    ("国家税务总局贵州省税务局", "省税务局"),                # the central body's name
    ("贵州省税务局", "省税务局"), ("贵州税务局", "税务局"),    # the province's name, or none
    ("中国人民银行贵阳中心支行", "人民银行贵阳中心支行"),
    ("国家统计局贵州调查总队", "贵州调查总队"),
    ("贵州省通信管理局", "省通信管理局"), ("贵州省气象局", "省气象局"),
    # a regulator's local office: its full name, or the regulator's short name, then 监管局
    ("中国银行保险监督管理委员会贵州监管局", "贵州银保监局"), ("中国银保监会贵州监管局", "贵州银保监局"),
    ("中国证券监督管理委员会贵州监管局", "贵州证监局"), ("中国证监会贵州监管局", "省证监局"),
    ("中国银监会贵州监管局", "贵州银监局"), ("国家外汇管理局贵州省分局", "省外汇管理局")])
def test_full_official_names_of_vertical_agencies_are_one_agency(full, short):
    a, b = one(full, GZ), one(short, GZ)
    assert (a.canonical, a.region, a.function) == (b.canonical, b.region, b.function)
    assert a.kind == "central_agency" and a.region == "贵州省"


def test_vertical_names_that_differ_stay_apart():
    # two customs districts, or the same office of two provinces, are two agencies
    assert one("中华人民共和国贵阳海关", GZ).canonical != one("中华人民共和国昆明海关", GZ).canonical
    own, other = one("国家税务总局贵州省税务局", GZ), one("国家税务总局云南省税务局", GZ)
    assert own.canonical == other.canonical == "省税务局"
    assert (own.region, other.region) == ("贵州省", "云南省")
    assert one("中国银保监会贵州监管局", GZ).canonical == one("中国银保监会云南监管局", GZ).canonical
    assert one("中国银保监会云南监管局", GZ).region == "云南省"
    # the central body itself keeps its name; a parent is only dropped before an office
    assert one("国家税务总局", GZ).canonical == "国家税务总局"
    assert one("中华人民共和国海关总署", GZ).canonical == one("海关总署", GZ).canonical
    # a bare 税务局 is the plan's province's only in a provincial plan
    assert one("税务局", GZ).canonical == "省税务局"
    assert one("税务局", GZ_CITY).canonical == "税务局"


def test_the_states_name_before_a_ministry():
    for full, short in (("中华人民共和国商务部", "商务部"),
                        ("中华人民共和国国家发展和改革委员会", "国家发展改革委")):
        a, b = one(full, NATIONAL), one(short, NATIONAL)
        assert (a.canonical, a.function, a.level) == (b.canonical, b.function, "national")
    assert one("中华人民共和国商务部", GZ).function == "commerce"


def test_reform_successions_hold_everywhere():
    assert resolve("省工商局", plan=GD, as_of="2019-06-01").agencies == ("省市场监管局",)
    assert resolve("省工商局", plan=GD, as_of="2018-06-01").agencies == ("省工商局",)
    assert resolve("广东银监局", plan=GD, as_of="2024-01-01").refs[0].function == \
        "financial_regulation"


def test_suggestions_come_from_the_same_region_and_level():
    res = resolve("市交通运局", plan=DG)
    assert not res.resolved
    assert "市交通运输局" in res.suggestions
    assert "交通运输厅" not in res.suggestions  # Sichuan's, provincial


def test_unknown_key_folds_any_region_prefix():
    assert unknown_key("广东省口岸物流中心") == unknown_key("省口岸物流中心")
    assert unknown_key("东莞市某某中心") == "市某某中心"
    assert unknown_key("四川省甲乙中心") == "省甲乙中心"


def test_standard_csv_errors_name_file_line_and_column():
    texts = {name: (ROOT / "diffkit/agencies/data" / name).read_text("utf-8") for name in COLUMNS}
    texts["organs.csv"] += "commerce,galactic,商务厅,商务厅,,Commerce,government,,x\n"
    with pytest.raises(RegistryError, match=r"organs.csv.*column 2 \(level\).*use one of"):
        parse_standard(texts)
    texts = {name: (ROOT / "diffkit/agencies/data" / name).read_text("utf-8") for name in COLUMNS}
    texts["function_successors.csv"] += "nowhere,commerce,renamed,all,2018,x,high,\n"
    with pytest.raises(RegistryError, match="unknown function 'nowhere'"):
        parse_standard(texts)


def test_every_function_has_an_english_label_and_a_source():
    s = standard()
    assert all(o.english and o.source for o in s.organs)
    assert all(v.english and v.source for v in s.vertical)
    for step in s.steps:
        assert step.old in s.english and step.new in s.english and step.source


def test_english_labels_for_plots():
    from diffkit.agencies import english
    assert english("development_reform") == "Development and Reform Commission"
    assert english("customs").startswith("Customs")
    assert english(None) == english("no_such_function") == ""
