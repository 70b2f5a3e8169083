"""Loading and checking the agency registry (diffkit/registry.py): the shipped copy, and small
constructed registries written to tmp_path, good and bad."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diffkit.agencies.registry import (
    Registry,
    RegistryError,
    default_registry,
    load_registry,
    parse_as_of,
    parse_period,
)
from diffkit.agencies.resolution import resolve
from diffkit.errors import DiffkitError

ROOT = Path(__file__).resolve().parents[1]
AGENCY_HEADER = "canonical,full_name,aliases,kind,note,source\n"
SUCC_HEADER = "old,new,relation,date,source,confidence,note\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "datasets" / "agencies").glob("*.csv")))
def test_packaged_copy_is_byte_identical(name):
    canonical = (ROOT / "datasets" / "agencies" / name).read_bytes()
    packaged = (ROOT / "diffkit" / "agencies" / "data" / name).read_bytes()
    assert packaged == canonical, f"run: cp datasets/agencies/{name} diffkit/agencies/data/"


def test_every_packaged_csv_has_its_editable_copy():
    packaged = {p.name for p in (ROOT / "diffkit" / "agencies" / "data").glob("*.csv")}
    assert packaged == {p.name for p in (ROOT / "datasets" / "agencies").glob("*.csv")}


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
    # a name of neither that registry nor the standard organs stays unresolved; a standard
    # organ (商务厅) is known at its level whatever regional registry is loaded
    assert resolve("丙丙中心", registry=reg).resolved is False
    assert resolve("商务厅", registry=reg).refs[0].source == "standard"


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


def test_columns_are_counted_in_the_files_own_order(tmp_path):
    d = small_registry(tmp_path, "甲局,,,provincial_department,,\n乙局,,,provincial_department,,\n")
    write(d, "successors.csv", "date,confidence,old,new,relation,source,note\n"
                               "2018-99,high,甲局,乙局,renamed,x,\n")
    with pytest.raises(RegistryError, match=r"line 2, column 1 \(date\): unparseable date"):
        load_registry(d)
    write(d, "successors.csv", "new,old,relation,date,source,confidence,note\n"
                               "乙局,甲局,renamed,2018,x,high,\n甲局,乙局,renamed,2019,x,high,\n")
    with pytest.raises(RegistryError, match=r"line 3, column 1 \(new\): successor cycle"):
        load_registry(d)


def test_extension_cannot_take_another_agencys_canonical_name(tmp_path):
    ext = write(tmp_path, "mine.csv", AGENCY_HEADER + "商务部门,,商务厅,provincial_department,,\n")
    with pytest.raises(RegistryError) as err:
        load_registry(extend=ext)
    assert str(err.value).startswith(f"{ext}: line 2, column 3 (aliases): '商务厅' is the "
                                     "canonical name of another agency (diffkit/agencies/data/agencies.csv)")
