"""Edits of a simulated variant that real provincial plans make beyond rewording: a new task
that borrows a clause of a kept one (``borrow_clause``), and restructuring — what plans do to
a guideline's shape rather than to its sentences:

* ``task_to_subitems``: a task becomes numbered sub-items (1、2、3、), one per sentence, each
  copied with light rewording and the task's agencies — a plan whose task level is deeper
  (truth: a split);
* ``items_to_subitems``: the items of a section become the sub-items of one item, the old
  item title sometimes leading its first sentence (truth: unchanged or reworded, not moved);
* ``regroup``: neighbouring sections are regrouped under one new section, as 二、重点任务
  (三)… does (truth: not moved — the tasks keep their guideline section);
* ``principles``: a section of guiding text (总体要求: 指导思想, 基本原则) opens the plan,
  marked ``kind: "principles"`` (truth: added, no agencies).

None of them is in the default mix (`variants.EDITS`; a seed keeps making the variant it made
before they existed, e.g. the shipped example): ask for them with ``simulate(kinds=...)`` or
``diffkit simulate --kinds``. The accuracy benchmark adds ``borrow_clause`` to its main mix
and reports the restructuring edits apart. The guiding sentences
are constructed here, not taken from any document.
"""

from __future__ import annotations

from collections import Counter

from .variants import _commas, _copy, _Item, _Section, _sentences, _Sim, _Task

BORROW = {"borrow_clause": 3}
RESTRUCTURE = {"task_to_subitems": 3, "items_to_subitems": 2, "regroup": 2, "principles": 1}
NAMED = {**BORROW, **RESTRUCTURE}  # edit kinds made only when asked for (their weights)
GROUP_TITLES = ("重点任务", "主要任务", "重点工作", "工作任务")
# constructed guiding text (ours): 坚持 + a principle, + an aim
PRINCIPLES = ("稳中求进工作总基调", "新发展理念", "市场主导、政府引导", "开放合作、互利共赢",
              "生态优先、绿色发展", "统筹规划、分步实施", "问题导向、目标导向")
AIMS = ("推动区域合作向更高层次发展", "形成优势互补的合作格局", "增强区域发展的协调性",
        "为全省高质量发展提供支撑", "建立健全合作长效机制")


def borrow_clause(sim: _Sim) -> bool:
    """A new task right after a kept task, in the same item and with the same lead, that
    quotes one of its clauses (at most a third of it) among new text: the kept task stays
    whole, so the new one is an addition, not a piece of a split."""
    counts = Counter(o for _, _, t in sim._places(fresh=False) for o in t.origins)
    places = [p for p in sim._places(fresh=False)
              if len(p[2].origins) == 1 and counts[p[2].origins[0]] == 1]
    if not places:
        return False
    _, item, donor = sim.rng.choice(places)
    parts = [p.rstrip("，,；。") for p in _commas(donor.text.replace("。", "，"))]
    parts = [p for p in parts if 6 <= len(p) <= len(donor.text) / 3]
    if not parts:
        return False
    _, others = sim._new_agencies()
    quote = sim.rng.choice(parts)
    text = sim._local(sim.rng.randint(0, 1)) + quote + "，" + sim._local(sim.rng.randint(1, 2))
    task = _Task(text, _copy(donor.lead), others, [], edited=True,
                 borrows=sim._quoted(quote, donor))
    item.tasks.insert(item.tasks.index(donor) + 1, task)
    donor.edited = True  # kept as it is: a later rewording could drop the quoted clause
    return True


def task_to_subitems(sim: _Sim) -> bool:
    """A task of three or more sentences becomes one sub-item task per sentence (at most
    six; the rest join the last), lightly reworded, each with the task's agencies."""
    places = [p for p in sim._places() if len(_sentences(p[2].text)) >= 3]
    if not places:
        return False
    _, item, task = sim.rng.choice(places)
    units = _sentences(task.text)
    units = units[:5] + ["".join(units[5:])] if len(units) > 6 else units
    new = [_Task(sim._rewrite(u, 0.2), _copy(task.lead), _copy(task.participants),
                 task.origins, edited=True) for u in units]
    new[0].lead, new[0].participants = task.lead, task.participants
    k = item.tasks.index(task)
    item.tasks[k:k + 1] = new
    return True


def items_to_subitems(sim: _Sim) -> bool:
    """The items of a section (two to six) become the sub-items of one item titled as the
    section; an old item title may lead its first task's text."""
    cands = [s for s in sim.sections if 2 <= len(s.items) <= 6]
    if not cands:
        return False
    sec = sim.rng.choice(cands)
    tasks = []
    for item in sec.items:
        first = item.tasks[0]
        if sim.rng.random() < 0.5 and first.origins and not first.edited:
            first.text, first.edited = item.title + "。" + first.text, True
        tasks.extend(item.tasks)
    sec.items = [_Item(sec.title, tasks)]
    return True


def regroup(sim: _Sim) -> bool:
    """Two or three neighbouring sections become one, under a new title; sections holding a
    moved task (its move stays a move) and sections of guiding text are left alone."""
    plain = [s.kind != "principles" and not any(t.moved for i in s.items for t in i.tasks)
             for s in sim.sections]
    n = sim.rng.choice((2, 2, 3))
    starts = [k for k in range(len(sim.sections) - n + 1) if all(plain[k:k + n])]
    if len(sim.sections) - n < 1 or not starts:
        return False
    k = sim.rng.choice(starts)
    items = [i for s in sim.sections[k:k + n] for i in s.items]
    sim.sections[k:k + n] = [_Section(sim.rng.choice(GROUP_TITLES), items)]
    return True


def principles(sim: _Sim) -> bool:
    """A 总体要求 section (指导思想, 基本原则) of constructed guiding text opens a plan that
    has none."""
    if "principles" in sim.once or any(s.kind == "principles" for s in sim.sections):
        return False  # one such section per plan
    sim.once.add("principles")
    r = sim.rng
    items = [_Item(title, [_Task("".join(f"坚持{p}，{r.choice(AIMS)}。"
                                          for p in r.sample(PRINCIPLES, 2)), [], [], [],
                                  edited=True)])
             for title in ("指导思想", "基本原则")]
    sim.sections.insert(0, _Section("总体要求", items, kind="principles"))
    return True


__all__ = ["BORROW", "NAMED", "RESTRUCTURE", "borrow_clause", "task_to_subitems", "items_to_subitems", "regroup", "principles"]
