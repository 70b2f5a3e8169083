"""Alignment: signals, one-to-one pairs, splits, merges, added/removed, moved."""

from __future__ import annotations

import diffkit.align.assign as align_mod
import diffkit.align.similarity as similarity
from diffkit.align.assign import align
from diffkit.align.similarity import Scores, clauses
from diffkit.corpus.coverage import score_matrix
from tests.builders import T1, T2, T3, T4, plan


def kinds(corrs):
    return {(c.a, c.b): c.kind for c in corrs}


def test_clauses_cut_sentences_and_fold():
    assert clauses("甲乙丙丁。戊己庚辛；壬癸子丑") == ("甲乙丙丁", "戊己庚辛", "壬癸子丑")
    assert clauses("ＡＢ，Ｃ。") == ("abc",)
    assert clauses("推进园区共建共享，探索税收分成办法。") == ("推进园区共建共享", "探索税收分成办法")


def test_identical_plans_pair_every_task_with_itself(seed_plan):
    corrs = align(seed_plan, seed_plan)
    assert [c.a for c in corrs] == [(t.id,) for t in seed_plan.tasks]
    assert all(c.a == c.b and c.kind == "one" and not c.moved for c in corrs)
    assert all(c.why == "same text after normalisation" for c in corrs)


def test_unrelated_tasks_score_low_and_identical_high(seed_plan):
    texts = [t.text for t in seed_plan.tasks]
    m = score_matrix(texts, texts)
    assert m.shape == (34, 34)
    assert all(m[i, i] == 100 for i in range(34))
    off = [m[i, j] for i in range(34) for j in range(34) if i != j]
    assert max(off) < align_mod.SCORE_CUTOFF


def test_cdist_and_row_paths_agree(seed_plan, monkeypatch):
    texts = [t.text for t in seed_plan.tasks][:10]
    small = Scores.of(texts, texts[::-1]).ratio
    monkeypatch.setattr(similarity, "CDIST_MIN", 0)
    big = Scores.of(texts, texts[::-1]).ratio
    assert [[round(x, 3) for x in r] for r in small] == [[round(x, 3) for x in r] for r in big]


def test_split_merge_added_removed():
    a = plan("a", [[[T1, T2, T3]]])
    first, second = T2.split("。")[0] + "。", T2.split("。")[1]
    b = plan("b", [[[first, second, T1 + T3, T4]]])
    got = kinds(align(a, b))
    assert got == {(("1.2",), ("1.1", "1.2")): "split", (("1.1", "1.3"), ("1.3",)): "merged",
                   ((), ("1.4",)): "added"}
    got = kinds(align(b, a))
    assert got == {(("1.1", "1.2"), ("1.2",)): "merged", (("1.3",), ("1.1", "1.3")): "split",
                   (("1.4",), ()): "removed"}


def test_nothing_in_common_is_all_added_and_removed():
    a = plan("a", [[[T1, T2]]])
    b = plan("b", [[["甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉"]]])
    got = kinds(align(a, b))
    assert sorted(got.values()) == ["added", "added", "removed", "removed"]


def test_moved_when_sections_do_not_correspond():
    a = plan("a", [[[T1], [T2]], [[T3], [T4]]])
    b = plan("b", [[[T1]], [[T3], [T4], [T2]]])
    corrs = {c.a: c for c in align(a, b)}
    assert corrs[("2.1",)].moved and "sections do not correspond" in corrs[("2.1",)].why
    assert not any(c.moved for k, c in corrs.items() if k != ("2.1",))


def test_renumbered_and_traditional_text_is_the_same_task():
    from diffkit.normalize import to_traditional
    a = plan("a", [[[T1, T2]], [[T3]]])
    b = plan("b", [[[to_traditional(T2)]], [[T1], [T3]]])
    corrs = {c.a: c for c in align(a, b)}
    assert corrs[("1.2",)].b == ("1.1",) and corrs[("1.2",)].similarity == 100
    assert corrs[("1.1",)].b == ("2.1",) and corrs[("1.1",)].moved


def test_every_task_appears_once_and_order_follows_a(seed_plan):
    b = plan("b", [[[t.text for t in seed_plan.tasks[5:]] + [T4]]])
    corrs = align(seed_plan, b)
    a_ids = [t for c in corrs for t in c.a]
    b_ids = [t for c in corrs for t in c.b]
    assert sorted(a_ids) == sorted(t.id for t in seed_plan.tasks) and len(set(a_ids)) == 34
    assert sorted(b_ids) == sorted(t.id for t in b.tasks)
    firsts = [c.a[0] for c in corrs if c.a]
    assert firsts == [t.id for t in seed_plan.tasks]


# a new task that quotes one clause of T1 among text of its own (constructed)
BORROWER = "建设毗邻地区合作示范园区，推动空间布局协调、时序安排同步，完善园区利益共享办法。"


def test_a_new_task_borrowing_a_clause_of_a_kept_one_is_added_not_a_split_piece():
    a = plan("a", [[[T1, T2, T3]]])
    b = plan("b", [[[T1, BORROWER, T2, T3]]])
    corrs = {(c.a, c.b): c for c in align(a, b)}
    assert kinds(corrs.values()) == {(("1.1",), ("1.1",)): "one", ((), ("1.2",)): "added",
                                     (("1.2",), ("1.3",)): "one", (("1.3",), ("1.4",)): "one"}
    added = corrs[(), ("1.2",)]
    assert added.borrows == ("1.1",)
    assert "shares a clause with A's 1.1" in added.why
    # the same rule for merges: swapped, the borrower is a removed task, not a merged piece
    corrs = {(c.a, c.b): c for c in align(b, a)}
    assert corrs[("1.2",), ()].kind == "removed" and corrs[("1.2",), ()].borrows == ("1.1",)
    assert corrs[("1.1",), ("1.1",)].kind == "one"


def test_a_piece_holding_text_the_other_pieces_lack_stays_a_split():
    a = plan("a", [[[T1, T2]]])
    first, second = T1.split("。")[0] + "。", T1.split("。")[1] + "。"
    b = plan("b", [[[first, second + "完善园区利益共享办法。", T2]]])
    corrs = {(c.a, c.b): c for c in align(a, b)}
    assert corrs[("1.1",), ("1.1", "1.2")].kind == "split"
    assert all(not c.borrows for c in corrs.values())


def test_an_unrelated_added_task_borrows_nothing():
    a = plan("a", [[[T1, T2]]])
    b = plan("b", [[[T1, T2, T4]]])
    added = [c for c in align(a, b) if c.kind == "added"]
    assert len(added) == 1 and added[0].borrows == () and "clause" not in added[0].why


def test_regrouped_sections_still_correspond_but_a_task_that_left_its_group_moved():
    a = plan("a", [[[T1], [T2]], [[T3], [T4]]])
    # B: both of A's sections regrouped under one new section; nothing moved
    b = plan("b", [[[T1], [T2], [T3], [T4]]])
    assert not any(c.moved for c in align(a, b)) and not any(c.moved for c in align(b, a))
    # A's three sections regrouped into two new ones, and T3 put with T1's group: only it moved
    a3 = plan("a3", [[[T1, T4]], [[T2, BORROWER]], [[T3]]])
    b2 = _retitled(plan("b2", [[[T1, T4, T3]], [[T2, BORROWER]]]), "重点任务", "保障措施")
    assert {c.a for c in align(a3, b2) if c.moved} == set()  # section 3 absorbed whole
    a4 = plan("a4", [[[T1, T4]], [[T2, BORROWER, T3]]])
    b4 = _retitled(plan("b4", [[[T1, T4, T3]], [[T2, BORROWER]]]), "重点任务", "保障措施")
    assert {c.a for c in align(a4, b4) if c.moved} == {("2.3",)}
    assert {c.b for c in align(b4, a4) if c.moved} == {("2.3",)}


def _retitled(p, *titles):
    from dataclasses import replace
    return replace(p, sections=tuple(replace(s, title=t)
                                     for s, t in zip(p.sections, titles, strict=True)))


def test_a_boilerplate_clause_does_not_chain_a_merge(guideline):
    """Every task of a document ends with the same short target (written here): through
    the adjacency bonus, leftovers joined one task of the other plan one after another, a
    merge scoring under the pair cutoff. Such a group is broken up: its tasks are removed
    and added, and no correspondence scores under the cutoff."""
    import dataclasses

    targets = ["到2030年，相关机制全面建立。", "力争五年内取得显著成效。"]

    def revise(section):
        items = [dataclasses.replace(i, tasks=tuple(
            dataclasses.replace(t, text=t.text.split("。")[0] + "。" + targets[k % 2])
            for t in i.tasks)) for k, i in enumerate(section.items) if k % 2 == 0]
        return dataclasses.replace(section, items=tuple(items))

    revised = dataclasses.replace(guideline, sections=tuple(map(revise, guideline.sections)))
    kept = [r for r in revised.refs if r.item.id in {"4", "6", "7"}]
    texts = [r.task.text for r in kept]
    other = plan("b", [[[texts[1], texts[1], *texts[2:]]]])
    corrs = align(revised, other)
    assert all(c.score >= align_mod.SCORE_CUTOFF for c in corrs if c.a and c.b)
    assert not [c for c in corrs if c.kind == "merged"]
    assert sum(len(c.a) for c in corrs if c.kind == "removed") == len(revised.refs) - 3
    groups = [([0, 1, 2], [0]), ([3], [1])]  # the rule alone: a weak merge is broken up
    scores = Scores.of(["甲乙丙", "丁戊", "己庚"], ["辛壬癸"], workers=1)
    assert align_mod.dissolve_weak_groups(groups[:1], scores, 35.0) == [
        ([0], []), ([1], []), ([2], []), ([], [0])]
