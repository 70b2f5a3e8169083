"""Simulated variants: seeded, valid, and with a truth that accounts for every task."""

from __future__ import annotations

import re

import pytest

from diffkit.agencies.resolution import canonical_names
from diffkit.compare import comparison_schema
from diffkit.model import schema_problems, validate_plan
from diffkit.normalize import fold, to_simplified
from diffkit.simulate.variants import EDITS, simulate


@pytest.mark.parametrize("seed", range(6))
def test_variant_is_valid_and_truth_covers_every_task(seed_plan, seed):
    variant, truth = simulate(seed_plan, edits=10, seed=seed)
    assert validate_plan(variant.to_dict()) == []
    assert not schema_problems(truth, comparison_schema())
    a_ids = [t for p in truth["pairs"] for t in p["a"]]
    b_ids = [t for p in truth["pairs"] for t in p["b"]]
    assert sorted(a_ids) == sorted(t.id for t in seed_plan.tasks)
    assert sorted(b_ids) == sorted(t.id for t in variant.tasks)
    assert variant.meta["simulated"] == {"from": "sichuan_2016", "seed": seed,
                                         "edits": variant.meta["simulated"]["edits"]}
    assert len(variant.meta["simulated"]["edits"]) == 10
    assert set(variant.meta["simulated"]["edits"]) <= set(EDITS)


def test_same_seed_same_variant_other_seed_other(seed_plan):
    one = simulate(seed_plan, edits=8, seed=11)
    assert simulate(seed_plan, edits=8, seed=11) == one
    assert simulate(seed_plan, edits=8, seed=12)[0] != one[0]


def test_no_edits_is_an_unchanged_copy(seed_plan):
    variant, truth = simulate(seed_plan, edits=0, seed=1)
    assert [t.text for t in variant.tasks] == [t.text for t in seed_plan.tasks]
    assert {p["status"] for p in truth["pairs"]} == {"unchanged"}
    assert truth["summary"]["agency_changes"] == 0


def test_ids_are_renumbered_as_a_document_would(seed_plan):
    variant, _ = simulate(seed_plan, edits=12, seed=5)
    items = [i for s in variant.sections for i in s.items]
    assert [i.id for i in items] == [str(k) for k in range(1, len(items) + 1)]
    for item in items:
        assert [t.id for t in item.tasks] == [f"{item.id}.{k}"
                                              for k in range(1, len(item.tasks) + 1)]
    assert [s.id for s in variant.sections] == [str(k) for k in
                                                range(1, len(variant.sections) + 1)]


def _find(plan, kind, edits=3, tries=200):
    for seed in range(tries):
        variant, truth = simulate(plan, edits=edits, seed=seed)
        if kind in variant.meta["simulated"]["edits"]:
            return variant, truth
    raise AssertionError(f"no {kind} edit in {tries} seeds")


def test_traditional_variant_folds_back(seed_plan):
    variant, truth = _find(seed_plan, "traditional")
    assert to_simplified(variant.title) == seed_plan.title + "(模拟)"
    assert variant.title != to_simplified(variant.title)
    unchanged = [p for p in truth["pairs"] if p["status"] == "unchanged"]
    assert unchanged
    for p in unchanged:
        assert fold(variant.ref(p["b"][0]).task.text) == fold(seed_plan.ref(p["a"][0]).task.text)


def test_rename_to_successor_is_a_rename_in_truth(seed_plan):
    variant, truth = _find(seed_plan, "rename_successor", edits=1)
    renamed = [r for p in truth["pairs"] for role in ("lead", "participants")
               for r in p[role]["renamed"]]
    assert len(renamed) == 1
    old, new = renamed[0]
    assert canonical_names([old]) != canonical_names([new])


def test_full_names_change_spelling_not_agencies(seed_plan):
    variant, truth = _find(seed_plan, "full_names", edits=1)
    assert truth["summary"]["agency_changes"] == 0
    written_a = {n for t in seed_plan.tasks for n in t.agencies}
    written_b = {n for t in variant.tasks for n in t.agencies}
    assert written_b - written_a
    assert {k for n in written_b for k in canonical_names([n])} == \
        {k for n in written_a for k in canonical_names([n])}


def test_split_and_merge_truth(seed_plan):
    for kind, status in (("split", "split"), ("merge", "merged"), ("merge_across", "merged")):
        _, truth = _find(seed_plan, kind, edits=1)
        (pair,) = [p for p in truth["pairs"] if p["status"] != "unchanged"]
        assert pair["status"] == status
        many = pair["b"] if status == "split" else pair["a"]
        assert len(many) >= 2


def test_borrow_clause_adds_a_task_after_its_donor_with_the_same_lead(seed_plan):
    for seed in range(20):
        variant, truth = simulate(seed_plan, edits=2, seed=seed, kinds=["borrow_clause"])
        assert variant.meta["simulated"]["edits"] == ["borrow_clause", "borrow_clause"]
        added = [p for p in truth["pairs"] if p["status"] == "added"]
        assert len(added) == 2 and not schema_problems(truth, comparison_schema())
        for p in added:
            (bid,), (donor_a,) = p["b"], p["borrows"]
            kept = next(q for q in truth["pairs"] if q["a"] == [donor_a])
            assert kept["status"] == "unchanged"
            before = variant.ref(kept["b"][0]).task
            item, k = bid.split(".")
            assert before.id.split(".")[0] == item and int(before.id.split(".")[1]) < int(k)
            new = variant.ref(bid).task
            assert new.lead == before.lead
            parts = [x for x in re.split("[，。]", new.text) if len(fold(x)) >= 6]
            assert sum(fold(x) in fold(before.text) for x in parts) == 1, new.text


def test_unknown_edit_kinds_are_refused(seed_plan):
    from diffkit.errors import InputError
    with pytest.raises(InputError, match="unknown edit kind nope"):
        simulate(seed_plan, edits=2, kinds=["nope"])


@pytest.mark.parametrize("kind", ["task_to_subitems", "items_to_subitems", "regroup",
                                  "principles", "borrow_clause"])
def test_restructuring_variants_are_valid_and_their_truth_whole(seed_plan, kind):
    for seed in range(5):
        variant, truth = simulate(seed_plan, edits=2, seed=seed, kinds=[kind])
        assert set(variant.meta["simulated"]["edits"]) == {kind}
        assert validate_plan(variant.to_dict()) == []
        assert not schema_problems(truth, comparison_schema())
        assert sorted(t for p in truth["pairs"] for t in p["b"]) == sorted(
            t.id for t in variant.tasks)


def test_regroup_joins_sections_and_moves_nothing(seed_plan):
    variant, truth = simulate(seed_plan, edits=2, seed=3, kinds=["regroup"])
    assert len(variant.sections) < len(seed_plan.sections)
    assert {s.title for s in variant.sections} - {s.title for s in seed_plan.sections}
    assert not any(p["moved"] for p in truth["pairs"])
    assert {p["status"] for p in truth["pairs"]} == {"unchanged"}


def test_task_to_subitems_is_a_split_into_one_task_per_sentence(seed_plan):
    variant, truth = simulate(seed_plan, edits=1, seed=2, kinds=["task_to_subitems"])
    (split,) = [p for p in truth["pairs"] if p["status"] == "split"]
    assert 3 <= len(split["b"]) <= 6
    a = seed_plan.ref(split["a"][0]).task
    assert all(variant.ref(b).task.lead == a.lead for b in split["b"])


def test_principles_section_opens_the_variant_and_is_marked(seed_plan):
    variant, truth = simulate(seed_plan, edits=1, seed=0, kinds=["principles"])
    first = variant.sections[0]
    assert first.title == "总体要求" and first.kind == "principles"
    assert all(not t.agencies for i in first.items for t in i.tasks)
    added = {t for p in truth["pairs"] if p["status"] == "added" for t in p["b"]}
    assert added == {t.id for i in first.items for t in i.tasks}
