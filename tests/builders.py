"""Shared test helpers: the seed's paths and small constructed plans.

Everything built here is constructed for the tests (not an official document): `plan` numbers
task texts as a document would, `plan_of` makes a one-section plan from agency lists,
`with_agencies` changes one task's agencies, and `revised` is a constructed revision of the
seed (one task reworded, one removed, one split in two, one added whose text starts with "=",
lead and participant changes, a rename to a reform successor).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

from diffkit.model import Item, Plan, Section, Task, load

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "datasets" / "sichuan_2016"
SEED_JSON = SEED_DIR / "plan.json"


def written_names(plan: Plan) -> list[str]:
    """Every agency name of ``plan`` as written, once, in document order."""
    return list(dict.fromkeys(n for t in plan.tasks for n in t.lead + t.participants))


# -- small plans from texts and agency lists ------------------------------------------------------
T1 = "建立毗邻省区间发展规划衔接机制，深化与周边省区区域合作。推动空间布局协调、时序安排同步。"
T2 = "改革服务业发展体制，创新发展模式和业态。扩大服务业对内对外开放，加快推进服务贸易自由化。"
T3 = "加快转变农业发展方式，合作建设一批高水平现代农业示范区。健全现代渔业产业体系和经营机制。"
T4 = "实施水污染防治行动计划，协同推进跨省区流域水污染防治。加快构建水污染联防联控体系。"


def plan(pid: str, sections: list[list[list[str]]]) -> Plan:
    """sections → items → task texts; ids numbered as a document would."""
    out, n = [], 0
    for s, items in enumerate(sections, 1):
        its = []
        for texts in items:
            n += 1
            its.append(Item(str(n), f"标题{n}", tuple(Task(f"{n}.{k}", t, ("省发展改革委",))
                                                     for k, t in enumerate(texts, 1))))
        out.append(Section(str(s), f"第{s}部分", tuple(its)))
    return Plan(pid, tuple(out))


def plan_of(*tasks, abbreviations=None):
    """A one-section plan; each task is (lead, participants)."""
    items = [{"id": str(i), "title": f"item {i}",
              "tasks": [{"id": f"{i}.1", "text": f"task {i}", "lead": list(lead),
                         "participants": list(part)}]}
             for i, (lead, part) in enumerate(tasks, 1)]
    data = {"format": "diffkit.plan/1", "id": "constructed",
            "sections": [{"id": "1", "title": "s", "items": items}]}
    if abbreviations:
        data["abbreviations"] = abbreviations
    return load(data)


def with_agencies(p, task_id, lead, participants):
    """A copy of plan ``p`` with one task's agencies replaced."""
    sections = []
    for s in p.sections:
        items = []
        for i in s.items:
            items.append(replace(i, tasks=tuple(
                replace(t, lead=tuple(lead), participants=tuple(participants))
                if t.id == task_id else t for t in i.tasks)))
        sections.append(replace(s, items=tuple(items)))
    return replace(p, sections=tuple(sections))


# -- a constructed revision of the seed (workbook and override tests) ------------------------------
ADDED_TEXT = "=SUM(A1) 建立泛珠三角区域合作成效评估机制,定期开展第三方评估。"


def revised(seed: Plan) -> Plan:
    data: dict[str, Any] = copy.deepcopy(seed.to_dict())
    data["id"] = "constructed_revision"
    data["meta"] = dict(data["meta"], title="构造的修订版(测试用,非正式文件)", date="2019-06-30",
                        status="draft")
    tasks = {t["id"]: t for s in data["sections"] for i in s["items"] for t in i["tasks"]}
    tasks["1.1"]["text"] = tasks["1.1"]["text"].replace("贵州", "重庆、贵州").replace("同步", "一致")
    tasks["1.1"]["lead"] = ["省发展改革委", "商务厅"]
    tasks["4.1"]["lead"] = ["省市场监管局"]          # 省工商局 → its successor
    tasks["2.3"]["participants"] = ["各市(州)人民政府"]  # 省发展改革委 dropped
    item3 = data["sections"][0]["items"][2]
    assert item3["tasks"][0]["id"] == "3.1"
    item3["tasks"] = []                              # 3.1 removed
    data["sections"][0]["items"].pop(2)
    item7 = next(i for s in data["sections"] for i in s["items"] if i["id"] == "7")
    text = item7["tasks"][0]["text"]
    cut = text.index("。") + 1
    first, second = dict(item7["tasks"][0]), dict(item7["tasks"][0])
    first.update(id="7.1", text=text[:cut])
    second.update(id="7.2", text=text[cut:])
    item7["tasks"] = [first, second]                 # 7.1 split in two
    item5 = next(i for s in data["sections"] for i in s["items"] if i["id"] == "5")
    item5["tasks"].append({"id": "5.2", "text": ADDED_TEXT, "lead": ["@省发展改革委"],
                           "participants": ["+各市(州)人民政府"]})
    return Plan.from_dict(data)


# -- a chain with borrowed clauses (provenance in the reports) --------------------------------------
def chain(seed: Plan) -> tuple[Plan, Plan, Plan]:
    """(guideline, A, B), all derived from the seed for the tests (none is an official
    document): the guideline is `diffkit.guideline` of the seed, A is `revised` (a province's
    plan rewording one task of it), B is a simulated city plan (`diffkit.simulate`, seed 0,
    four edits of kinds borrow_clause, add and reword) implementing A. Comparing A and B
    through the guideline gives pairs that follow the guideline, A and neither, and two added
    tasks that borrow a clause of A's tasks."""
    from diffkit import guideline
    from diffkit.simulate import simulate

    a = revised(seed)
    b, _ = simulate(a, edits=4, seed=0, kinds=["borrow_clause", "add", "reword"])
    b = replace(b, id="constructed_city", meta=dict(
        b.meta, region="成都市", level="municipal", implements=[a.meta["doc_number"]]))
    return guideline(seed), a, b
