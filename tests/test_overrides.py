"""Reviewer overrides: the verdict vocabulary, reading reviewed workbooks and CSVs, checks
against the plans, and the recomputed comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from strategies import plans as any_plans

from diffkit.compare import compare
from diffkit.errors import InputError
from diffkit.model import load
from diffkit.overrides import (
    Override,
    check_overrides,
    fixed_groups,
    forbidden_pairs,
    parse_verdict,
    read_overrides,
)
from tests.builders import SEED_JSON, revised


@pytest.fixture(scope="module")
def plans():
    seed = load(SEED_JSON)
    return seed, revised(seed)


@pytest.mark.parametrize("text,kind,a,b", [
    ("same", "same", ("1.1",), ("1.1",)),
    (" SAME ", "same", ("1.1",), ("1.1",)),
    ("Different", "different", ("1.1",), ("1.1",)),
    ("A:2.1=B:3.2", "match", ("2.1",), ("3.2",)),
    ("a: 2.1 = b: 3.2, 3.3", "match", ("2.1",), ("3.2", "3.3")),
    ("A：2.1,2.2＝B：3.2", "match", ("2.1", "2.2"), ("3.2",)),
    ("", "none", ("1.1",), ("1.1",)),
])
def test_vocabulary(text, kind, a, b):
    o = parse_verdict(text, a=("1.1",), b=("1.1",), row=3)
    assert (o.kind, o.a, o.b, o.row) == (kind, a, b, 3)


@pytest.mark.parametrize("text,a,b,message", [
    ("maybe", ("1.1",), ("1.1",), r"Tasks row 7: unknown verdict 'maybe' \(use same = "),
    ("A:2.1", ("1.1",), ("1.1",), "unknown verdict 'A:2.1'"),
    ("A:2.1,2.2=B:3.1,3.2", (), (), "several tasks on both sides"),
    ("different", ("1.1",), (), "needs tasks on both sides, this row has only A"),
    ("same", (), (), "'same' on a row without task ids"),
])
def test_bad_verdicts_name_file_row_and_value(text, a, b, message):
    with pytest.raises(InputError, match=message) as info:
        parse_verdict(text, a=a, b=b, row=7, file="r.xlsx")
    assert info.value.line().startswith("r.xlsx: Tasks row 7: ")


def test_check_overrides_unknown_ids_and_conflicts():
    same = Override("same", ("1.1",), ("1.1",), 2, "same", file="r.csv")
    with pytest.raises(InputError, match=r"r.csv: Tasks row 2: B task '1.1' does not exist"):
        check_overrides([same], ["1.1"], ["2.1"])
    force = Override("match", ("1.1",), ("2.1",), 5, "A:1.1=B:2.1", file="r.csv")
    with pytest.raises(InputError, match=r"row 5: .*'9.9' does not exist.*A:1.1=B:9.9"):
        check_overrides([Override("match", ("1.1",), ("9.9",), 5, "A:1.1=B:9.9")],
                        ["1.1"], ["2.1"])
    with pytest.raises(InputError, match="A task 1.1 is already placed by row 2"):
        check_overrides([Override("same", ("1.1",), ("2.1",), 2, "same"), force],
                        ["1.1"], ["2.1"])
    apart = Override("different", ("1.1",), ("2.1",), 9, "different")
    with pytest.raises(InputError, match="kept apart here but kept together by row 5"):
        check_overrides([force, apart], ["1.1"], ["2.1"])
    check_overrides([force], ["1.1"], ["2.1"])
    assert fixed_groups([force, apart]) == [(("1.1",), ("2.1",))]
    assert forbidden_pairs([force, apart]) == {("1.1", "2.1")}


def _review(path: Path, verdicts: dict[tuple[str, str], tuple[str, str | None]]) -> Path:
    """Write verdicts (and notes) into the Tasks sheet rows with these (A ids, B ids)."""
    wb = load_workbook(path)
    ws = wb["Tasks"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in ("A ids", "B ids", "verdict", "note")}
    for r in range(2, ws.max_row + 1):
        key = (ws.cell(r, col["A ids"]).value or "", ws.cell(r, col["B ids"]).value or "")
        if key in verdicts:
            verdict, note = verdicts[key]
            ws.cell(r, col["verdict"]).value = verdict
            ws.cell(r, col["note"]).value = note
    wb.save(path)
    return path


def test_forced_match_and_different_recompute(plans, tmp_path):
    a, b = plans
    first = compare(a, b).to_excel(tmp_path / "first.xlsx")
    reviewed = _review(first, {("1.1", "1.1"): ("different", "not the same: new partner"),
                               ("3.1", ""): ("A:3.1=B:5.2", "3.1 became the evaluation task"),
                               ("7.1", "7.1, 7.2"): ("same", None)})
    overrides = read_overrides(reviewed)
    assert [o.kind for o in overrides] == ["different", "match", "same"]
    assert overrides[0].row == 2 and overrides[0].note == "not the same: new partner"
    result = compare(a, b, overrides=reviewed)
    pairs = {(p.a, p.b): p for p in result.pairs}
    assert (("1.1",), ("1.1",)) not in pairs
    assert pairs[(("3.1",), ("5.2",))].why.startswith("fixed by a reviewer's verdict")
    assert pairs[(("7.1",), ("7.1", "7.2"))].status.value == "split"
    seen_a = sorted(t for p in result.pairs for t in p.a)
    seen_b = sorted(t for p in result.pairs for t in p.b)
    assert seen_a == sorted(t.id for t in a.tasks) and seen_b == sorted(t.id for t in b.tasks)
    assert result.options["overrides"] == tuple(overrides)
    # the verdicts and notes travel into the recomputed workbook
    again = result.to_excel(tmp_path / "second.xlsx")
    ws = load_workbook(again)["Tasks"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in ws.iter_rows(min_row=2)]
    forced = next(r for r in rows if r["A ids"] == "3.1")
    assert (forced["B ids"], forced["verdict"], forced["note"]) == (
        "5.2", "A:3.1=B:5.2", "3.1 became the evaluation task")
    summary = load_workbook(again)["Summary"]
    assert any("second" not in str(c.value) and "first.xlsx (3 rows)" in str(c.value)
               for row in summary.iter_rows() for c in row)


def test_overrides_from_csv_in_utf8_and_gb18030(plans, tmp_path):
    a, b = plans
    rows = "A ids,B ids,status,verdict,note\n1.1,1.1,reworded,different,不是同一任务\n"
    for encoding in ("utf-8-sig", "gb18030"):
        path = tmp_path / f"r-{encoding}.csv"
        path.write_bytes(rows.encode(encoding))
        (o,) = read_overrides(path)
        assert (o.kind, o.a, o.b, o.note, o.row) == ("different", ("1.1",), ("1.1",),
                                                     "不是同一任务", 2)
    result = compare(a, b, overrides=path)
    assert all(not (p.a == ("1.1",) and p.b == ("1.1",)) for p in result.pairs)


def test_compare_csv_columns_are_accepted(plans, tmp_path):
    """`diffkit compare --format csv` output with a verdict column added also works."""
    path = tmp_path / "r.csv"
    path.write_text("a,b,status,verdict\n3.1,,removed,'=x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"r.csv: Tasks row 2: unknown verdict '=x'"):
        read_overrides(path)


def test_unreadable_overrides(tmp_path):
    with pytest.raises(InputError, match="unknown overrides file type '.txt'"):
        read_overrides(tmp_path / "r.txt")
    (tmp_path / "nocol.csv").write_text("A ids,B ids\n1.1,1.1\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'verdict' column"):
        read_overrides(tmp_path / "nocol.csv")
    with pytest.raises(InputError, match="no such workbook"):
        read_overrides(tmp_path / "missing.xlsx")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=any_plans(), b=any_plans(), data=st.data())
def test_constraints_hold_for_any_plans(a, b, data):
    """Whatever the plans and the verdicts: every task is in exactly one pair, each kept or
    forced group is a pair as it is, and no forbidden pairing is made."""
    a_ids, b_ids = [t.id for t in a.tasks], [t.id for t in b.tasks]
    free_a = data.draw(st.permutations(a_ids))
    free_b = data.draw(st.permutations(b_ids))
    overrides, row = [], 2
    for _ in range(data.draw(st.integers(0, 3))):
        na = data.draw(st.integers(0, min(2, len(free_a))))
        low, high = (0 if na else 1), min(1 if na > 1 else 2, len(free_b))
        if low > high:
            break
        nb = data.draw(st.integers(low, high))
        group_a, group_b = tuple(free_a[:na]), tuple(free_b[:nb])
        free_a, free_b = free_a[na:], free_b[nb:]
        kind = "match" if group_a and group_b and data.draw(st.booleans()) else "same"
        overrides.append(Override(kind, group_a, group_b, row, kind))
        row += 1
    forbidden = data.draw(st.lists(st.tuples(st.sampled_from(a_ids), st.sampled_from(b_ids)),
                                   max_size=3)) if a_ids and b_ids else []
    fixed = {(frozenset(o.a), frozenset(o.b)) for o in overrides}
    forbidden = [(x, y) for x, y in forbidden
                 if not any(x in ga and y in gb for ga, gb in fixed)]
    overrides += [Override("different", (x,), (y,), row + k, "different")
                  for k, (x, y) in enumerate(forbidden)]
    result = compare(a, b, overrides=overrides)
    assert sorted(t for p in result.pairs for t in p.a) == sorted(a_ids)
    assert sorted(t for p in result.pairs for t in p.b) == sorted(b_ids)
    made = {(frozenset(p.a), frozenset(p.b)) for p in result.pairs}
    assert fixed <= made
    for p in result.pairs:
        for x, y in forbidden:
            assert not (x in p.a and y in p.b)
