"""The agency registry and name resolution (diffkit/agencies.py) on the shipped registry and
on small constructed registries written to tmp_path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diffkit import load
from diffkit.agencies import (
    Registry,
    RegistryError,
    canonical_names,
    compound_parts,
    current,
    default_registry,
    load_registry,
    parse_as_of,
    parse_period,
    resolve,
    same_line,
    successors_of,
    suggest,
)
from diffkit.errors import DiffkitError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "datasets" / "sichuan_2016" / "plan.json"
AGENCY_HEADER = "canonical,full_name,aliases,kind,note,source\n"
SUCC_HEADER = "old,new,relation,date,source,confidence,note\n"


@pytest.fixture(scope="module")
def seed():
    return load(SEED)


def written_names(plan):
    return list(dict.fromkeys(n for t in plan.tasks for n in t.lead + t.participants))


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# -- the shipped registry ---------------------------------------------------------------------
@pytest.mark.parametrize("name", ["agencies.csv", "successors.csv"])
def test_packaged_copy_is_byte_identical(name):
    canonical = (ROOT / "datasets" / "agencies" / name).read_bytes()
    packaged = (ROOT / "diffkit" / "data" / name).read_bytes()
    assert packaged == canonical, f"run: cp datasets/agencies/{name} diffkit/data/"


def test_every_name_of_the_seed_resolves(seed):
    names = written_names(seed)
    assert len(names) == 55
    unresolved = [n for n in names if not resolve(n, plan=seed).resolved]
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


def test_abbreviation_from_the_plan(seed):
    assert resolve("省铁投集团", plan=seed).agencies == ("省铁投集团",)
    assert resolve("省铁路产业投资集团有限责任公司", plan=seed).agencies == ("省铁投集团",)


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


def test_canonical_names_keep_unknown_names_in_one_spelling(seed):
    names = canonical_names(["四川省某某中心", "省某某中心", "商务厅", "四川省商务厅"])
    assert names == ("省某某中心", "商务厅")
    assert canonical_names(["省铁投集团", "省铁路产业投资集团有限责任公司"],
                           plan=seed) == ("省铁投集团",)


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


# -- dates ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, day", [("2018", dt.date(2018, 12, 31)),
                                       ("2019-02", dt.date(2019, 2, 28)),
                                       ("2020-02", dt.date(2020, 2, 29)),
                                       ("2018-12", dt.date(2018, 12, 31)),
                                       ("2018-06-15", dt.date(2018, 6, 15))])
def test_parse_period(text, day):
    assert parse_period(text) == day


@pytest.mark.parametrize("text", ["", "2018-13", "2018-00", "18", "2018/06/15", "2018-02-30",
                                  "June 2018"])
def test_parse_period_rejects(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_parse_as_of():
    assert parse_as_of("2019-06-01") == dt.date(2019, 6, 1)
    assert parse_as_of(None) is None
    with pytest.raises(DiffkitError, match=r"--as-of: '2019' is not a date \(use YYYY-MM-DD"):
        parse_as_of("2019", option="--as-of")


# -- loading and bad registries ------------------------------------------------------------------
def small_registry(tmp_path: Path, agencies: str, successors: str = "") -> Path:
    d = tmp_path / "reg"
    d.mkdir()
    write(d, "agencies.csv", AGENCY_HEADER + agencies)
    if successors:
        write(d, "successors.csv", SUCC_HEADER + successors)
    return d


def test_load_a_directory(tmp_path):
    d = small_registry(tmp_path, "甲局,四川省甲局,甲|甲甲局,provincial_department,,\n"
                                 "乙局,四川省乙局,,provincial_department,,\n",
                       "甲局,乙局,renamed,2020-01,doc,high,\n")
    reg = load_registry(d)
    assert isinstance(reg, Registry)
    assert resolve("甲甲局", registry=reg).agencies == ("甲局",)
    assert resolve("甲", as_of="2020-02-01", registry=reg).agencies == ("乙局",)
    assert resolve("甲", as_of="2020-01-30", registry=reg).agencies == ("甲局",)
    assert resolve("商务厅", registry=reg).resolved is False


def test_extend_adds_and_overrides(tmp_path):
    ext = write(tmp_path, "mine.csv", AGENCY_HEADER +
                "商务厅,四川省商务厅,省商务部门,provincial_department,my note,\n"
                "省大数据中心,四川省大数据中心,,provincial_department,,\n")
    reg = load_registry(extend=ext)
    assert resolve("省商务部门", registry=reg).agencies == ("商务厅",)
    assert reg.agencies["商务厅"].note == "my note"
    assert resolve("省大数据中心", registry=reg).resolved
    assert len(reg.agencies) == len(default_registry().agencies) + 1
    succ = write(tmp_path, "succ.csv", SUCC_HEADER + "商务厅,省大数据中心,renamed,2030,x,low,\n")
    reg2 = load_registry(extend=[ext, succ])
    assert resolve("商务厅", as_of="2031-01-01", registry=reg2).agencies == ("省大数据中心",)


def test_extend_moves_a_written_form_to_the_new_agency(tmp_path):
    ext = write(tmp_path, "mine.csv", AGENCY_HEADER + "省发改部门,,省发改委,provincial_department,,\n")
    reg = load_registry(extend=ext)
    assert resolve("省发改委", registry=reg).agencies == ("省发改部门",)
    assert resolve("省发展改革委", registry=reg).agencies == ("省发展改革委",)


def test_missing_column(tmp_path):
    p = write(tmp_path, "a.csv", "canonical,full_name,aliases,note,source\n甲局,,,,\n")
    with pytest.raises(RegistryError) as err:
        load_registry(p)
    assert str(err.value).startswith(f"{p}: line 1, column 6: missing column 'kind'")


def test_duplicate_alias_names_line_and_column(tmp_path):
    d = small_registry(tmp_path, "甲局,,甲,provincial_department,,\n"
                                 "乙局,,乙|甲,provincial_department,,\n")
    with pytest.raises(RegistryError) as err:
        load_registry(d)
    assert str(err.value).startswith(
        f"{d / 'agencies.csv'}: line 3, column 3 (aliases): '甲' already names '甲局' (line 2)")


def test_duplicate_canonical_row(tmp_path):
    d = small_registry(tmp_path, "甲局,,,provincial_department,,\n甲局,,,collective,,\n")
    with pytest.raises(RegistryError, match=r"line 3, column 1 \(canonical\)"):
        load_registry(d)


def test_unknown_kind_lists_choices(tmp_path):
    d = small_registry(tmp_path, "甲局,,,ministry,,\n")
    with pytest.raises(RegistryError, match=r"line 2, column 4 \(kind\): unknown kind 'ministry' "
                                            r"\(use one of: provincial_department, "):
        load_registry(d)


def test_successor_cycle(tmp_path):
    d = small_registry(tmp_path, "甲局,,,provincial_department,,\n乙局,,,provincial_department,,\n"
                                 "丙局,,,provincial_department,,\n",
                       "甲局,乙局,renamed,2018,x,high,\n乙局,丙局,renamed,2019,x,high,\n"
                       "丙局,甲局,renamed,2020,x,high,\n")
    with pytest.raises(RegistryError) as err:
        load_registry(d)
    msg = str(err.value)
    assert msg.startswith(f"{d / 'successors.csv'}: line 4, ")
    assert "column 2 (new): successor cycle" in msg and "甲局 → 乙局 → 丙局 → 甲局" in msg


def test_unparseable_date(tmp_path):
    d = small_registry(tmp_path, "甲局,,,provincial_department,,\n乙局,,,provincial_department,,\n",
                       "甲局,乙局,renamed,2018年,x,high,\n")
    with pytest.raises(RegistryError) as err:
        load_registry(d)
    assert str(err.value) == (f"{d / 'successors.csv'}: line 2, column 4 (date): unparseable "
                              "date '2018年' (use YYYY-MM-DD, YYYY-MM or YYYY)")


@pytest.mark.parametrize("row, column", [
    ("甲局,丁局,renamed,2018,x,high,", "column 2 (new): '丁局' is not in the agencies file"),
    ("甲局,乙局,moved,2018,x,high,", "column 3 (relation): unknown relation 'moved'"),
    ("甲局,乙局,renamed,2018,x,sure,", "column 6 (confidence): unknown confidence 'sure'"),
    ("甲局,甲局,renamed,2018,x,high,", "column 2 (new): '甲局' succeeds itself"),
])
def test_bad_successor_rows(tmp_path, row, column):
    d = small_registry(tmp_path, "甲局,,,provincial_department,,\n乙局,,,provincial_department,,\n",
                       row + "\n")
    with pytest.raises(RegistryError, match="line 2, " + column.replace("(", r"\(")
                       .replace(")", r"\)")):
        load_registry(d)


def test_header_of_neither_kind(tmp_path):
    p = write(tmp_path, "x.csv", "name,kind\n甲,x\n")
    with pytest.raises(RegistryError, match="line 1: header names neither"):
        load_registry(p)


def test_missing_registry_file(tmp_path):
    with pytest.raises(DiffkitError, match="no such agency registry CSV"):
        load_registry(tmp_path / "nope.csv")
