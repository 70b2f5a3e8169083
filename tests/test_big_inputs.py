"""Big and odd inputs, at modest sizes (the full sizes, with time and memory, are in
benchmarks/big_inputs.py): odd characters in agency names and texts, many tasks, long tasks,
and the documented limits (task pairs per comparison, characters per workbook cell)."""

from __future__ import annotations

import warnings

import pytest
from click.testing import CliRunner

from benchmarks.big_inputs import ODD, big_plan, long_task_plan, odd_name, odd_names_plan, variant
from diffkit import compare, export_sheet, import_sheet, load, parse_text, resolve, workload
from diffkit.align.assign import MAX_PAIRS, PARTIAL_MAX
from diffkit.cli import cli
from diffkit.errors import InputError, OutputError
from tests.builders import SEED_DIR, written_names


# -- odd characters -----------------------------------------------------------------------------
@pytest.mark.parametrize("char", ODD, ids=[f"U+{ord(c):04X}" for c in ODD])
def test_names_with_odd_characters_resolve_as_the_clean_name(char, seed_plan):
    names = sorted(written_names(seed_plan))
    for name in names:
        for k in (0, 1, len(name) // 2, len(name)):
            odd = name[:k] + char + name[k:]
            assert resolve(odd).agencies == resolve(name).agencies, (name, odd)


def test_workload_of_odd_names_equals_the_clean_one(seed_plan):
    odd = odd_names_plan(seed=3)
    assert odd.tasks[0].lead != seed_plan.tasks[0].lead  # the names really are odd
    got, clean = workload(odd), workload(seed_plan)
    assert got.rows() == clean.rows() and len(got.unresolved) == len(clean.unresolved)


def test_odd_name_helper_keeps_the_letters():
    import random
    r = random.Random(0)
    for _ in range(50):
        odd = odd_name("省发展改革委", r)
        assert odd != "省发展改革委" and "".join(c for c in odd if c not in ODD) == "省发展改革委"


def test_parse_ignores_zero_width_characters_in_numbers_and_names(seed_plan):
    source = (SEED_DIR / "source.txt").read_text(encoding="utf-8")
    odd = "\n".join("\u200b" + line.replace("省", "省\u200b").replace("、", "、\u2060")
                    for line in source.splitlines())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = parse_text(odd, id="odd")
    assert [t.id for t in plan.tasks] == [t.id for t in seed_plan.tasks]
    for got, want in zip(plan.tasks, seed_plan.tasks, strict=True):
        assert [resolve(n).agencies for n in got.lead] == [resolve(n).agencies for n in want.lead]


def test_compare_is_blind_to_odd_whitespace_in_texts(seed_plan):
    data = seed_plan.to_dict()
    for s in data["sections"]:
        for i in s["items"]:
            for t in i["tasks"]:
                t["text"] = "\u3000" + t["text"].replace("，", "，\u200b") + "\u00a0"
    data["id"] = "spaced"
    spaced = type(seed_plan).from_dict(data)
    c = compare(seed_plan, spaced)
    assert {p.status.value for p in c.pairs} == {"unchanged"}


# -- many tasks -----------------------------------------------------------------------------------
def test_plan_of_3000_tasks_round_trips_and_shows(tmp_path):
    plan = big_plan(3000)
    path = plan.save(tmp_path / "big.json")
    assert load(path) == plan
    result = CliRunner().invoke(cli, ["show", str(path), "--format", "csv"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 3001
    export_sheet(plan, tmp_path / "big.csv")
    assert import_sheet(tmp_path / "big.csv") == plan


def test_compare_of_300_tasks_against_a_variant_keeps_every_task():
    a = big_plan(300, id="a")
    b = variant(a, share=0.2)
    c = compare(a, b)
    assert sorted(t for p in c.pairs for t in p.a) == sorted(t.id for t in a.tasks)
    assert sorted(t for p in c.pairs for t in p.b) == sorted(t.id for t in b.tasks)
    assert c.summary["reworded"] > 0 and c.summary["unchanged"] > 0


def test_compare_over_the_pair_limit_is_refused_before_any_scoring(tmp_path):
    n = int(MAX_PAIRS ** 0.5) + 1
    path = big_plan(n, per_item=5).save(tmp_path / "big.json")
    result = CliRunner().invoke(cli, ["compare", str(path), str(path)])
    assert result.exit_code == 2
    assert f"{MAX_PAIRS:,}" in result.stderr and "part by part" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_parse_of_a_long_document_keeps_every_copy():
    source = (SEED_DIR / "source.txt").read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = parse_text("\n".join([source] * 10), id="ten")
    assert len(plan.tasks) >= 10 * 34


# -- long tasks ----------------------------------------------------------------------------------
def test_long_task_compares_quickly_and_explains_without_partial():
    """A 20,000-character task against a 5%-reworded copy: one pair, and its explanation
    leaves out partial_ratio (too slow on long texts, see align.PARTIAL_MAX)."""
    a = long_task_plan(20_000, id="a")
    b = long_task_plan(20_000, id="b", reword=0.05)
    assert len(a.tasks[0].text) > PARTIAL_MAX
    c = compare(a, b)
    assert len(c.pairs) == 1 and c.pairs[0].status.value == "reworded"


def test_task_of_40000_characters_compares_with_itself():
    a = long_task_plan(40_000, id="a")
    assert len(a.tasks[0].text) == 40_000
    c = compare(a, a)
    assert [p.status.value for p in c.pairs] == ["unchanged"]


def test_task_of_100000_characters_survives_csv_and_is_refused_by_xlsx(tmp_path):
    plan = long_task_plan(100_000)
    export_sheet(plan, tmp_path / "long.csv")
    assert import_sheet(tmp_path / "long.csv") == plan
    with pytest.raises(OutputError, match="32,767"):
        export_sheet(plan, tmp_path / "long.xlsx")
    assert not list(tmp_path.glob("long.xlsx*")) and not list(tmp_path.glob(".long.xlsx*"))


def test_csv_cell_beyond_the_csv_field_limit_is_a_clear_error(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("任务编号,重点任务\n1.1," + "长" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="field larger than field limit") as info:
        import_sheet(path)
    assert "huge.csv" in info.value.line()
