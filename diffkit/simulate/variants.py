"""Simulated variants of a plan, with the true correspondences, so that alignment accuracy
is measured rather than hoped for.

`simulate(plan, edits=N, seed=S)` applies N seeded edits of the kinds later or provincial plans
make — deletions, additions (also new text that borrows a clause of an old task), heavy
rewording (clauses dropped, local clauses inserted, wording swapped, clauses reordered),
reworded splits and merges (also across items), moves to another section, whole items
dropped, agency edits (add, remove, demote or promote a lead, swap a lead, rename to a reform
successor), agency names written in full official form, and the whole variant in Traditional
characters — and renumbers the result as a later document would. It returns the variant and
its truth in the comparison contract ``diffkit.comparison/1``. All randomness comes from
``random.Random(seed)``. The local text it inserts is constructed from a small vocabulary
below, not taken from any document.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import InputError, OutputError
from ..files import check_writable, write_text_atomic
from ..model import Item, Plan, Section, Task, section_kind
from ..normalize import fold, to_traditional
from .names import RegistryNames
from .truth import truth

EDITS = {  # kind → weight
    "delete": 3, "add": 3, "add_borrow": 2, "reword": 5, "heavy_reword": 4, "split": 3,
    "merge": 3, "merge_across": 2, "move": 2, "drop_item": 1,
    "agency_add": 4, "agency_remove": 4, "demote_lead": 2, "promote": 2, "swap_lead": 2,
    "rename_successor": 2, "full_names": 1, "traditional": 1,
}
SYNONYMS = {"加快": "加速", "推进": "推动", "建立": "构建", "完善": "健全", "加强": "强化",
            "支持": "鼓励", "合作": "协作", "机制": "制度", "积极": "大力", "促进": "带动",
            "提高": "提升", "深化": "拓展", "探索": "研究", "建设": "打造", "区域": "地区",
            "共同": "联合", "实施": "落实", "统筹": "协调"}
# constructed vocabulary for local clauses (ours, not from any document)
VERBS = ("加快", "着力", "稳步", "积极", "大力", "有序", "全面", "深入")
ACTIONS = ("推进", "完善", "培育", "打造", "落实", "健全", "拓展", "优化")
OBJECTS = ("川南经济区协同发展", "成渝城市群交通互联", "攀西战略资源创新开发", "秦巴山区生态屏障",
           "县域特色产业集群", "农村电子商务服务网络", "中小企业融资担保体系", "智慧口岸监管平台",
           "高原旅游安全救援体系", "川菜产业标准化基地", "藏区清洁能源外送通道", "民族地区职业教育",
           "天府新区开放合作平台", "绵阳科技城成果转化", "大熊猫国家公园社区共管", "林草碳汇交易试点")
ENDINGS = ("工作", "机制", "建设", "体系", "", "试点", "能力")
TITLES = ("推进川渝协同发展", "加强民族地区合作", "建设开放通道体系", "发展特色优势产业")

_SENT = re.compile(r"(?<=[。；])")


@dataclass
class _Agency:
    written: str
    name: str               # the agency as A writes it (for a rename: the old name)
    renamed: bool = False


@dataclass
class _Task:
    text: str
    lead: list[_Agency]
    participants: list[_Agency]
    origins: list[str]       # ids of the A tasks it continues
    edited: bool = False
    moved: bool = False
    borrows: list[str] = field(default_factory=list)  # A tasks it quotes a clause of


@dataclass
class _Item:
    title: str
    tasks: list[_Task] = field(default_factory=list)


@dataclass
class _Section:
    title: str
    items: list[_Item] = field(default_factory=list)
    kind: str | None = None


def simulate(plan: Plan, *, edits: int = 8, seed: int = 0, registry=None,
             kinds=None, names=None) -> tuple[Plan, dict[str, Any]]:
    """A seeded variant of ``plan`` with ``edits`` edits, and its truth (comparison JSON).
    ``kinds`` chooses the kinds of edit (of `EDITS` and `restructure.NAMED`, their weights
    kept); by default those of `EDITS` (the named ones are left out of the default so that a
    seed keeps making the variant it made before them). ``names`` gives full names, successors and
    the identity of written names (default: `names.RegistryNames` of ``registry``)."""
    from . import restructure  # its edits work on a `_Sim`

    every = {**EDITS, **restructure.NAMED}
    unknown = sorted(set(kinds or ()) - set(every))
    if unknown:
        raise InputError(f"unknown edit kind {', '.join(unknown)}", place="kinds",
                         fix=f"choose among {', '.join(every)}")
    if edits and not plan.tasks:
        raise InputError("the plan has no tasks to edit", file=plan.id,
                         fix="simulate a plan with tasks, or give --edits 0")
    rng = random.Random(seed)
    if names is None:
        names = RegistryNames(registry)
    sim = _Sim(plan, rng, names)
    kinds = [k for k in every if k in kinds] if kinds else list(EDITS)
    weights = [every[k] for k in kinds]
    done: list[str] = []
    for _ in range(edits):
        for _attempt in range(20):
            kind = rng.choices(kinds, weights)[0]
            edit = getattr(sim, kind, None) or partial(getattr(restructure, kind), sim)
            if edit():
                done.append(kind)
                break
    variant = sim.build(seed=seed, edits=done)
    return variant, truth(plan, variant, sim.origins(), key=names.key,
                          successors=lambda n: set(names.successors(n)))


class _Sim:
    """The plan as mutable lists while it is being edited."""

    def __init__(self, plan: Plan, rng: random.Random, names) -> None:
        self.plan, self.rng, self.known = plan, rng, names
        self.sections = [
            _Section(s.title, [_Item(i.title, [_task(t) for t in i.tasks]) for i in s.items],
                     section_kind(s) if section_kind(s) == "principles" else s.kind)
            for s in plan.sections]
        self.names = sorted(n for n in {n for t in plan.tasks for n in t.agencies}
                            if names.atomic(n))
        self.once: set[str] = set()
        self.new_text = 0

    # -- helpers --------------------------------------------------------------------------
    def _places(self, *, fresh: bool = True) -> list[tuple[_Section, _Item, _Task]]:
        return [(s, i, t) for s in self.sections for i in s.items for t in i.tasks
                if not (fresh and (t.edited or not t.origins))]

    def _pick(self, *, fresh: bool = True, clauses: int = 0):
        places = [p for p in self._places(fresh=fresh) if len(_sentences(p[2].text)) >= clauses]
        return self.rng.choice(places) if places else None

    def _local(self, n: int = 1) -> str:
        r = self.rng
        return "".join(f"{r.choice(VERBS)}{r.choice(ACTIONS)}{r.choice(OBJECTS)}"
                       f"{r.choice(ENDINGS)}。" for _ in range(n))

    def _swap(self, text: str, share: float = 0.5) -> str:
        for word, other in SYNONYMS.items():
            if word in text and self.rng.random() < share:
                text = text.replace(word, other, 1)
        return text

    def _quoted(self, clause: str, donor: _Task | None) -> list[str]:
        """The donor's A tasks whose text holds ``clause`` (not when a rewording made it)."""
        if donor is None or not fold(clause):
            return []
        return [o for o in donor.origins if fold(clause) in fold(self.plan.ref(o).task.text)]

    def _remove(self, sec: _Section, item: _Item, task: _Task) -> None:
        item.tasks.remove(task)
        if not item.tasks:
            sec.items.remove(item)

    def _new_agencies(self) -> tuple[list[_Agency], list[_Agency]]:
        lead = [_Agency(n, n) for n in self.rng.sample(self.names, min(1, len(self.names)))]
        parts = [_Agency(n, n) for n in self.rng.sample(self.names, min(2, len(self.names)))
                 if n not in {a.written for a in lead}]
        return lead, parts

    # -- text edits -----------------------------------------------------------------------
    def delete(self) -> bool:
        place = self._pick()
        if place is None:
            return False
        self._remove(*place)
        return True

    def add(self, borrow: str = "", donor: _Task | None = None) -> bool:
        sec = self.rng.choice(self.sections)
        lead, parts = self._new_agencies()
        text = self._local(self.rng.randint(1, 2)) + borrow + self._local(1)
        task = _Task(text, lead, parts, [], edited=True,
                     borrows=self._quoted(borrow, donor))
        if self.rng.random() < 0.3 or not sec.items:
            sec.items.append(_Item(self.rng.choice(TITLES), [task]))
        else:
            self.rng.choice(sec.items).tasks.append(task)
        return True

    def add_borrow(self) -> bool:
        """A new task that borrows one clause (at most a third) of an old task."""
        place = self._pick(fresh=False)
        if place is None:
            return False
        text = place[2].text
        parts = [p for p in re.split(r"(?<=[，,。；])", text)
                 if len(fold(p)) >= 6 and len(p) <= len(text) / 3]
        if not parts:
            return False
        borrowed = self.rng.choice(parts).rstrip("，,；。")
        return self.add(borrow=borrowed + "。", donor=place[2])

    def _rewrite(self, text: str, share: float) -> str:
        """Swap wording, and now and then drop a comma clause or insert a local phrase."""
        sents = _sentences(text)
        for k, sent in enumerate(sents):
            parts = _commas(sent)
            if len(parts) >= 3 and self.rng.random() < share / 2:
                parts.pop(self.rng.randrange(1, len(parts)))
            if self.rng.random() < share / 2:
                r = self.rng
                parts.insert(r.randint(0, len(parts) - 1),
                             f"{r.choice(ACTIONS)}{r.choice(OBJECTS)}，")
            sents[k] = "".join(parts)
        return self._swap("".join(sents), share)

    def reword(self) -> bool:
        place = self._pick()
        if place is None:
            return False
        task = place[2]
        new = self._rewrite(task.text, 0.6)
        if fold(new) == fold(task.text):
            new = self._local(1) + task.text
        task.text, task.edited = new, True
        return True

    def heavy_reword(self) -> bool:
        """Drop up to half of the clauses, reorder, insert local clauses, swap wording."""
        place = self._pick()
        if place is None:
            return False
        task = place[2]
        units = _sentences(task.text)
        if len(units) < 3:
            units = [u.rstrip("，,。；") + "。" for u in _commas(task.text)]
        if len(units) < 3:
            return False
        for _ in range(self.rng.randint(1, len(units) // 2)):
            units.pop(self.rng.randrange(1, len(units)))
        if self.rng.random() < 0.5:
            self.rng.shuffle(units)
        for _ in range(self.rng.randint(1, 2)):
            units.insert(self.rng.randint(0, len(units)), self._local(1))
        task.text, task.edited = self._rewrite("".join(units), 0.7), True
        return True

    def split(self) -> bool:
        """One task becomes two or three, each reworded; one may gain a local clause."""
        place = self._pick()
        if place is None:
            return False
        sec, item, task = place
        units = _sentences(task.text)
        if len(units) < 2:
            units = [u.rstrip("，,。；") + "。" for u in _commas(task.text)]
        if len(units) < 2:
            return False
        pieces = min(len(units), self.rng.choice((2, 2, 3)))
        cuts = sorted(self.rng.sample(range(1, len(units)), pieces - 1))
        texts = ["".join(units[i:j]) for i, j in zip([0, *cuts], [*cuts, len(units)],
                                                      strict=True)]
        texts = [self._rewrite(t, 0.5) for t in texts]
        if self.rng.random() < 0.5:
            k = self.rng.randrange(len(texts))
            texts[k] += self._local(1)
        new = [_Task(texts[0], task.lead, task.participants, task.origins, edited=True)]
        new += [_Task(t, _copy(task.lead), _copy(task.participants), task.origins,
                      edited=True) for t in texts[1:]]
        k = item.tasks.index(task)
        item.tasks[k:k + 1] = new
        return True

    def merge(self, across: bool = False) -> bool:
        pairs = []
        for sec in self.sections:
            tasks = [(i, t) for i in sec.items for t in i.tasks if not t.edited and t.origins]
            for (i1, t1), (i2, t2) in zip(tasks, tasks[1:], strict=False):
                if (i1 is not i2) == across:
                    pairs.append((sec, i1, t1, i2, t2))
        if not pairs:
            return False
        sec, i1, t1, i2, t2 = self.rng.choice(pairs)
        t1.text = self._rewrite(t1.text + t2.text, 0.5)
        t1.lead = t1.lead + [a for a in t2.lead if a.written not in
                             {b.written for b in t1.lead}]
        t1.participants = t1.participants + [a for a in t2.participants if a.written not in
                                             {b.written for b in t1.participants}]
        t1.origins, t1.edited = t1.origins + t2.origins, True
        self._remove(sec, i2, t2)
        return True

    def merge_across(self) -> bool:
        return self.merge(across=True)

    def move(self) -> bool:
        place = self._pick()
        if place is None or len(self.sections) < 2:
            return False
        sec, item, task = place
        if len(item.tasks) == 1 and len(sec.items) == 1:
            return False  # keep every section, so its correspondence stays defined
        target = self.rng.choice([s for s in self.sections if s is not sec])
        if not target.items:
            return False
        self._remove(sec, item, task)
        self.rng.choice(target.items).tasks.append(task)
        task.moved = task.edited = True
        return True

    def drop_item(self) -> bool:
        cands = [(s, i) for s in self.sections if len(s.items) > 1 for i in s.items
                 if all(t.origins and not t.edited for t in i.tasks)]
        if not cands:
            return False
        sec, item = self.rng.choice(cands)
        sec.items.remove(item)
        return True

    # -- agency edits ---------------------------------------------------------------------
    def _agency_task(self, test) -> _Task | None:
        tasks = [p[2] for p in self._places(fresh=False) if test(p[2])]
        return self.rng.choice(tasks) if tasks else None

    def agency_add(self) -> bool:
        task = self._agency_task(lambda t: True)
        if task is None:
            return False
        have = {a.written for a in task.lead + task.participants}
        cands = [n for n in self.names if n not in have]
        if not cands:
            return False
        name = self.rng.choice(cands)
        task.participants.append(_Agency(name, name))
        return True

    def agency_remove(self) -> bool:
        task = self._agency_task(lambda t: len(t.participants) > 1)
        if task is None:
            return False
        task.participants.pop(self.rng.randrange(len(task.participants)))
        return True

    def demote_lead(self) -> bool:
        task = self._agency_task(lambda t: len(t.lead) > 1)
        if task is None:
            return False
        task.participants.insert(0, task.lead.pop(self.rng.randrange(len(task.lead))))
        return True

    def promote(self) -> bool:
        task = self._agency_task(lambda t: any(not _collective(a.written)
                                               for a in t.participants))
        if task is None:
            return False
        cands = [a for a in task.participants if not _collective(a.written)]
        agency = self.rng.choice(cands)
        task.participants.remove(agency)
        task.lead.append(agency)
        return True

    def swap_lead(self) -> bool:
        task = self._agency_task(lambda t: bool(t.lead))
        if task is None:
            return False
        have = {a.written for a in task.lead + task.participants}
        cands = [n for n in self.names if n not in have and not _collective(n)]
        if not cands:
            return False
        name = self.rng.choice(cands)
        task.lead[self.rng.randrange(len(task.lead))] = _Agency(name, name)
        return True

    def rename_successor(self) -> bool:
        places = []
        for _, _, task in self._places(fresh=False):
            have = {a.written for a in task.lead + task.participants}
            for agency in task.lead + task.participants:
                atomic = agency.written in self.names and not agency.renamed
                succ = [s for s in self.known.successors(agency.written)
                        if s not in have] if atomic else []
                if succ:
                    places.append((agency, succ))
        if not places:
            return False
        agency, succ = self.rng.choice(places)
        agency.written, agency.renamed = self.rng.choice(succ), True
        return True

    def full_names(self) -> bool:
        if "full_names" in self.once:
            return False
        self.once.add("full_names")
        for _, _, task in self._places(fresh=False):
            for agency in task.lead + task.participants:
                full = self.known.full_name(agency.written)
                if full and self.rng.random() < 0.7:
                    agency.written = full
        return True

    def traditional(self) -> bool:
        if "traditional" in self.once:
            return False
        self.once.add("traditional")
        return True

    # -- result ---------------------------------------------------------------------------
    def build(self, *, seed: int, edits: list[str]) -> Plan:
        conv = to_traditional if "traditional" in self.once else (lambda s: s)
        sections, n_item = [], 0
        self.ids: list[tuple[_Task, str, str]] = []
        for s_no, sec in enumerate(self.sections, 1):
            items = []
            for item in sec.items:
                n_item += 1
                tasks = []
                for k, t in enumerate(item.tasks, 1):
                    tid = f"{n_item}.{k}"
                    self.ids.append((t, tid, str(s_no)))
                    tasks.append(Task(tid, conv(t.text), tuple(conv(a.written) for a in t.lead),
                                      tuple(conv(a.written) for a in t.participants)))
                items.append(Item(str(n_item), conv(item.title), tuple(tasks),
                                  f"{_cn(n_item)}"))
            sections.append(Section(str(s_no), conv(sec.title), tuple(items), _cn(s_no),
                                    sec.kind))
        meta = dict(self.plan.meta)
        # the title says it is simulated, so no report can pass it off as the official document
        meta.update({"title": conv(self.plan.title + "(模拟)"), "status": "unknown",
                     "simulated": {"from": self.plan.id, "seed": seed, "edits": edits}})
        meta.pop("doc_number", None)
        return Plan(f"{self.plan.id}_sim{seed}", tuple(sections), meta,
                    conv(self.plan.preamble) if self.plan.preamble else None,
                    dict(self.plan.abbreviations))

    def origins(self) -> list[tuple[str, list[str], bool, list[_Agency], list[_Agency]]]:
        return [(tid, t.origins, t.moved, t.lead, t.participants, t.borrows)
                for t, tid, _ in self.ids]


def _task(t: Task) -> _Task:
    return _Task(t.text, [_Agency(n, n) for n in t.lead],
                 [_Agency(n, n) for n in t.participants], [t.id])


def _copy(agencies: list[_Agency]) -> list[_Agency]:
    return [_Agency(a.written, a.name, a.renamed) for a in agencies]


def _commas(text: str) -> list[str]:
    return [p for p in re.split(r"(?<=[，,])", text) if p]


def _sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(text) if s.strip()]


def _collective(name: str) -> bool:
    return name.startswith("各") or "有关" in name or "成员单位" in name


_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """Chinese numeral for 1–99."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones or not head else "")


# -- truth ---------------------------------------------------------------------------------------
def write_simulation(plan, out_dir, *, edits: int = 8, seed: int = 0,
                     registry=None, kinds=None) -> tuple[Path, Path]:
    """Simulate a variant of ``plan`` (a `Plan` or a path) and write ``out_dir/plan.json``
    and ``out_dir/truth.json``; the directory and missing parents are created."""
    from ..compare import read_plan
    from ..report.render import json_text

    if edits < 0:
        raise InputError(f"{edits} edits", place="--edits", fix="give 0 or more edits")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError("is a file, not a directory", file=out, fix="name a directory")
    check_writable(out / "plan.json") if out.is_dir() else check_writable(out)
    source = read_plan(plan, argument="PLAN")
    variant, true = simulate(source, edits=edits, seed=seed, registry=registry, kinds=kinds)
    out.mkdir(parents=True, exist_ok=True)
    return variant.save(out / "plan.json"), write_text_atomic(out / "truth.json",
                                                              json_text(true))


__all__ = ["simulate", "truth", "write_simulation", "EDITS"]
