"""Tidy frames of a comparison: no lists in cells, so Stata, Parquet, CSV, Excel and groupby
take every column; the long frame has one row per pair × task. Files are written and read
back with the real libraries."""

from __future__ import annotations

import pandas as pd
import pytest

import diffkit
from tests.builders import revised


@pytest.fixture(scope="module")
def comparison(seed_plan):
    return diffkit.compare(seed_plan, revised(seed_plan), seed_plan)


FRAMES = ["pairs_frame", "pairs_long_frame", "agency_changes_frame", "agencies_frame"]


def _frame(comparison, name):
    return getattr(comparison, name)()


@pytest.mark.parametrize("name", FRAMES)
def test_no_cell_holds_a_list(comparison, name):
    df = _frame(comparison, name)
    assert len(df)
    for column in df.columns:
        assert not df[column].map(lambda v: isinstance(v, (list, tuple, set, dict))).any()
    key = "agency" if name == "agencies_frame" else "a"
    assert df.groupby(key, dropna=False).size().sum() == len(df)


def test_ids_are_joined_strings(comparison):
    df = comparison.pairs_frame()
    assert list(df["pair"]) == list(range(1, len(comparison.pairs) + 1))
    assert list(df["a"]) == [";".join(p.a) for p in comparison.pairs]
    split = next(p for p in comparison.pairs if p.status == "split")
    assert ";".join(split.b) in set(df["b"]) and ";" in ";".join(split.b)
    renamed = [f"{ch.a}→{ch.b}" for p in comparison.pairs for ch in p.agency_changes
               if ch.change == "renamed" and ch.role == "lead"]
    assert renamed and all(any(r in cell for cell in df["lead_renamed"]) for r in renamed)


def test_long_frame_has_every_task_once_with_its_place(comparison):
    df = comparison.pairs_long_frame()
    c = comparison
    assert len(df) == len(c.a.refs) + len(c.b.refs)
    for side, plan in (("A", c.a), ("B", c.b)):
        rows = df[df["side"] == side]
        assert sorted(rows["task"]) == sorted(r.task.id for r in plan.refs)
        for row in rows.itertuples():
            r = plan.ref(row.task)
            assert (row.section_title, row.item_title, row.text) == \
                (r.section.title, r.item.title, r.task.text)
            assert row.lead == ";".join(r.task.lead)
            assert row.participants == ";".join(r.task.participants)
    pairs = c.pairs_frame().set_index("pair")
    for row in df.itertuples():
        assert (row.status, row.a, row.b) == tuple(pairs.loc[row.pair, ["status", "a", "b"]])


@pytest.mark.parametrize("name", FRAMES)
def test_stata_round_trip(comparison, name, tmp_path):
    df = _frame(comparison, name)
    path = tmp_path / f"{name}.dta"
    df.to_stata(path, write_index=False, version=118)  # 118: Unicode text
    back = pd.read_stata(path)
    assert list(back.columns) == list(df.columns)
    for column in df.columns:
        expect = df[column]
        if expect.dtype == bool:
            expect = expect.astype("int8")
        elif expect.dtype != "float64" and not pd.api.types.is_integer_dtype(expect):
            expect = expect.fillna("")  # Stata has no missing string, only ""
        assert list(back[column]) == pytest.approx(list(expect), nan_ok=True) \
            if expect.dtype == "float64" else list(back[column]) == list(expect), column


@pytest.mark.parametrize("name", FRAMES)
def test_parquet_and_csv_round_trips(comparison, name, tmp_path):
    df = _frame(comparison, name)
    df.to_parquet(tmp_path / "f.parquet", index=False)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "f.parquet"), df,
                                  check_dtype=False)
    df.to_csv(tmp_path / "f.csv", index=False, encoding="utf-8-sig")
    back = pd.read_csv(tmp_path / "f.csv", encoding="utf-8-sig", dtype=str,
                       keep_default_na=False)
    key = "agency" if name == "agencies_frame" else "a"
    assert list(back[key]) == [str(v) if v == v and v is not None else "" for v in df[key]]


def test_to_excel_writes_the_ids_not_a_list(comparison, tmp_path):
    df = comparison.pairs_frame()
    df.to_excel(tmp_path / "f.xlsx", index=False)
    back = pd.read_excel(tmp_path / "f.xlsx", dtype=str, keep_default_na=False)
    assert list(back["b"]) == list(df["b"]) and not back["b"].str.startswith("[").any()


# -- provenance: borrowed clauses and what B follows ------------------------------------------
@pytest.mark.parametrize("name", ["pairs_frame", "pairs_long_frame"])
def test_borrows_and_follows_columns(chain_comparison, comparison, name):
    c = chain_comparison
    df = _frame(c, name).drop_duplicates("pair").set_index("pair")
    assert list(df.columns[-2:]) == ["borrows", "follows"]
    borrowing = {k for k, p in enumerate(c.pairs, 1) if p.borrows}
    assert len(borrowing) == 2
    for k, p in enumerate(c.pairs, 1):
        assert df.loc[k, "borrows"] == ";".join(p.borrows)
        assert df.loc[k, "follows"] == (p.follows or "")
    assert set(df["follows"]) == {"guideline", "a", "local"}
    assert set(df.index[df["borrows"] != ""]) == borrowing
    # a comparison that is no chain and borrows nothing: the columns are there, empty
    plain = _frame(comparison, name)
    assert (plain["borrows"] == "").all() and (plain["follows"] == "").all()


@pytest.mark.parametrize("name", ["pairs_frame", "pairs_long_frame"])
def test_provenance_columns_survive_stata_parquet_csv_and_excel(chain_comparison, comparison,
                                                                name, tmp_path):
    for k, c in enumerate((chain_comparison, comparison)):
        df = _frame(c, name)
        df.to_stata(tmp_path / f"{k}.dta", write_index=False, version=118)
        back = pd.read_stata(tmp_path / f"{k}.dta")
        df.to_parquet(tmp_path / f"{k}.parquet", index=False)
        df.to_csv(tmp_path / f"{k}.csv", index=False, encoding="utf-8-sig")
        df.to_excel(tmp_path / f"{k}.xlsx", index=False)
        for read in (pd.read_parquet(tmp_path / f"{k}.parquet"),
                     pd.read_csv(tmp_path / f"{k}.csv", encoding="utf-8-sig", dtype=str,
                                 keep_default_na=False),
                     pd.read_excel(tmp_path / f"{k}.xlsx", dtype=str, keep_default_na=False),
                     back):
            for column in ("borrows", "follows"):
                assert list(read[column]) == list(df[column]), column


def test_frames_of_a_comparison_without_a_guideline_go_to_stata(seed_plan, tmp_path):
    c = diffkit.compare(seed_plan, revised(seed_plan))
    for name in FRAMES:
        df = _frame(c, name)
        df.to_stata(tmp_path / f"{name}.dta", write_index=False, version=118)
        back = pd.read_stata(tmp_path / f"{name}.dta")
        assert list(back.columns) == list(df.columns) and len(back) == len(df)
    assert (c.pairs_frame()["guideline"] == "").all()
