"""Routing a plan that cites none of the guidelines given: the guideline it follows most
closely, not a revision of it; not one whose generic tasks resemble its own."""

from __future__ import annotations

import dataclasses

import pytest

from benchmarks.simcorpus import second_guideline, simulated_guideline
from diffkit.corpus.run import corpus
from diffkit.model import Plan


@pytest.fixture(scope="module")
def g1() -> Plan:
    g = simulated_guideline()
    return dataclasses.replace(g, meta={**g.meta, "doc_number": "模发〔2026〕1号"})


@pytest.fixture(scope="module")
def g2() -> Plan:
    return second_guideline()


def test_a_plan_goes_to_the_guideline_it_copies_not_to_a_shorter_revision_of_it(g1):
    """A revision of a guideline (every other item dropped, each task kept given a target:
    sentences written here) carries the same tasks of a county plan as the original, at
    lower scores, and the plan retains a larger share of its shorter text: the plan goes to
    the guideline whose tasks it copies, in both directions."""
    from diffkit.corpus import chunk

    targets = ["到2030年，相关机制全面建立。", "力争五年内取得显著成效。"]

    def revise(section):
        items = [dataclasses.replace(i, tasks=tuple(
            dataclasses.replace(t, text=t.text + targets[k % 2])
            for t in i.tasks)) for k, i in enumerate(section.items) if k % 2 == 0]
        return dataclasses.replace(section, items=tuple(items))

    revised = dataclasses.replace(g1, id="rev", sections=tuple(map(revise, g1.sections)),
                                  meta={**g1.meta, "doc_number": "模发〔2026〕5号"})
    kept = {r.item.id for r in revised.refs}
    chosen = [r for r in g1.refs if r.item.id in kept][2:6]
    by_id = {r.task.id: r for r in revised.refs}

    def county(pid: str, refs) -> Plan:
        return Plan.from_dict({"format": "diffkit.plan/1", "id": pid, "sections": [
            {"id": "1", "title": "重点任务", "items": [
                {"id": str(k), "title": r.item.title, "tasks": [
                    {"id": f"{k}.1", "text": r.task.text, "lead": ["县发展改革局"],
                     "participants": []}]} for k, r in enumerate(refs, 1)] + [
                {"id": "9", "title": "本县事项", "tasks": [
                    {"id": "9.1", "text": "建设县级农产品冷链物流中心，年底前投入使用。",
                     "lead": ["县商务局"], "participants": []}]}]}]})

    old = county("old", chosen)
    new = county("new", [by_id[r.task.id] for r in chosen])
    got = corpus([old, new], [g1, revised])
    assert [[p.id for p in c.plans] for c in got.corpora] == [["old"], ["new"]]
    assert {p.routed_by for c in got.corpora for p in c.plans} == {"similarity"}
    alone = {g.id: corpus([old], g).plans[0] for g in (g1, revised)}
    # both carry the plan's four tasks in strong pairs; the share of text retained alone
    # would choose the revision
    assert alone["rev"].retained > alone[g1.id].retained
    strong = [sum(r.score >= chunk.STRONG_PAIR for r in corpus([old], g).coverage
                  if r.score is not None) for g in (g1, revised)]
    assert strong == [4, 4]


def test_generic_tasks_do_not_route_a_plan_on_another_subject(g1, g2):
    """A county plan on archives whose other three tasks are generic (organisation,
    supervision, publicity) is left unrouted, though a guideline's own generic section pairs
    with those three (weakly: under `chunk.STRONG_PAIR`); so is it when asked to retain a
    twentieth of a guideline's text only. (Sentences written for this test.)"""
    from diffkit.corpus import chunk
    from diffkit.model import Item, Section, Task

    generic = ["各地区各部门要加强组织领导，建立工作机制，明确责任分工，抓好任务落实。",
               "加强督促检查，建立工作台账，定期通报进展情况，确保各项措施落地见效。",
               "加强宣传引导，总结推广典型经验，营造全社会共同参与的良好氛围。"]
    safeguards = Section("9", "保障措施", tuple(
        Item(f"9.{k}", "保障措施", (Task(f"9.{k}.1", text, (), ()),))
        for k, text in enumerate(generic, 1)))
    g2b = dataclasses.replace(g2, sections=(*g2.sections, safeguards))
    texts = ["做好本县机关档案数字化整理和移交工作，年底前完成存量档案扫描。",
             "建设县级档案馆新馆，改善档案保管条件。",
             "加强组织领导，成立工作专班，明确责任分工，确保各项任务落到实处。",
             "加强督促检查，定期通报工作进展，对工作不力的单位予以约谈。",
             "加强宣传引导，及时总结推广好经验好做法，营造良好氛围。"]
    archive = Plan.from_dict({"format": "diffkit.plan/1", "id": "archive", "sections": [
        {"id": "1", "title": "主要任务", "items": [
            {"id": str(k), "title": "工作任务", "tasks": [
                {"id": f"{k}.1", "text": text, "lead": ["县档案馆"], "participants": []}]}
            for k, text in enumerate(texts, 1)]}]})
    alone = corpus([archive], g2b).plans[0]  # aligned with it alone: three generic pairs
    assert alone.tasks - alone.added == 3
    got = corpus([archive], [g1, g2b])
    assert [u[0] for u in got.unrouted] == ["archive"]
    lax = corpus([archive], [g1, g2b], route_cutoff=5)
    assert [(c.plans[0].id, c.guideline.id) for c in lax.corpora if c.plans] == [
        ("archive", g2b.id)]  # 8% of g2b's text: the cutoff, not the task share, routes it
    assert chunk.STRONG_PAIR > max(r.score for r in corpus([archive], g2b).coverage
                                   if r.score is not None)


def test_a_chunk_folds_each_text_once_for_all_guidelines(g1, g2, monkeypatch):
    """A plan that cites no guideline is scored against each of them; its texts are folded
    once for the chunk, not once per guideline (and the answer is the same)."""
    from benchmarks.simcorpus import fast_plans
    from diffkit.corpus import coverage

    plans = [dataclasses.replace(p, id=f"u{k}", meta={
        key: v for key, v in p.meta.items() if key != "implements"})
        for k, p in enumerate(fast_plans(6, seed=11, unique=True))]
    folded: list[str] = []
    real = coverage.fold_all

    def counting(texts):
        folded.extend(texts)
        return real(texts)

    monkeypatch.setattr(coverage, "fold_all", counting)
    coverage._FOLDED.clear()
    routed = corpus(plans, [g1, g2], workers=1)
    texts = {t.text for p in plans for t in p.tasks}  # (the guidelines' are folded too)
    assert sorted(t for t in folded if t in texts) == sorted(texts)  # each once
    monkeypatch.setattr(coverage, "fold_all", real)
    coverage._FOLDED.clear()
    assert routed == corpus(plans, [g1, g2], workers=1)
