"""Simulated corpora for tests and benchmarks (constructed data, not real documents).

There is no national guideline text in the repository (it is not ours to ship), so
`simulated_guideline` builds a stand-in from the Sichuan plan: its tasks with the agencies
removed, level ``national``, marked ``simulated`` in its meta. `simulated_plans` makes
provincial variants with `diffkit.simulate` (realistic edits, a few per second);
`fast_plans` makes thousands per second for the corpus benchmark: every plan picks, per
guideline task, one of keep (a verbatim copy) / reword (synonym swaps and a dropped
character, new for each plan) / heavy rewording (clauses dropped, reordered and inserted,
also new for each plan) / delete / split / merge, with seeded NumPy draws, and changes some
agencies; 5% of the plans are in Traditional script. Local clauses and added tasks are built
from the small constructed vocabulary below.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np

import diffkit
from diffkit.model import Item, Plan, Section, Task
from diffkit.normalize import to_traditional
from diffkit.simulate.variants import SYNONYMS, simulate

ROOT = Path(__file__).resolve().parents[1]
SEED_PLAN = ROOT / "datasets" / "sichuan_2016" / "plan.json"

# constructed vocabulary (ours): local clauses and added tasks
PLACES = ["成都平原经济区", "川南经济区", "川东北经济区", "攀西经济区", "川西北生态示范区",
          "天府新区", "临港经济带", "沿江城市群"]
ACTIONS = ["加快推进", "统筹实施", "积极探索", "全面落实", "分步建设", "持续完善"]
THINGS = ["区域协同发展示范工程", "重点项目储备机制", "跨区域合作平台", "产业园区提档升级",
          "公共服务共建共享清单", "要素市场一体化试点", "对口合作年度计划"]
AGENCIES = ["省发展改革委", "省经济和信息化委", "省商务厅", "省交通运输厅", "省科技厅",
            "省财政厅", "省教育厅", "省文化厅", "省旅游发展委", "省农业厅", "成都海关",
            "省环境保护厅", "省人力资源社会保障厅", "各市(州)人民政府", "省政府有关部门"]
OPS = ("keep", "reword", "heavy", "delete", "split", "merge")
OP_WEIGHTS = (0.45, 0.25, 0.12, 0.06, 0.06, 0.06)
_SENT = re.compile(r"(?<=[。；])")


def seed_plan() -> Plan:
    return diffkit.load(SEED_PLAN)


def simulated_guideline(plan: Plan | None = None) -> Plan:
    """A stand-in national guideline: the plan's tasks without agencies (SIMULATED)."""
    plan = plan or seed_plan()
    sections = tuple(dataclasses.replace(s, items=tuple(dataclasses.replace(
        i, tasks=tuple(dataclasses.replace(t, lead=(), participants=(), labels=())
                       for t in i.tasks)) for i in s.items)) for s in plan.sections)
    meta = {"title": "模拟指导意见(由四川省分工方案构造)", "level": "national",
            "simulated": True,
            "source": "constructed from datasets/sichuan_2016 with agencies removed"}
    return Plan(id="simulated_guideline", sections=sections, meta=meta)


def simulated_plans(n: int, *, seed: int = 0, plan: Plan | None = None) -> list[Plan]:
    """``n`` variants from `diffkit.simulate` (4–19 edits each), ids ``sim0000``…"""
    plan = plan or seed_plan()
    out = []
    for k in range(n):
        variant, _ = simulate(plan, edits=4 + (seed + k) % 16, seed=seed * 100_003 + k)
        out.append(dataclasses.replace(variant, id=f"sim{k:04d}"))
    return out


# -- fast generation for the benchmark -------------------------------------------------------
def _local(rng: np.random.Generator) -> str:
    return (f"{PLACES[rng.integers(len(PLACES))]}{ACTIONS[rng.integers(len(ACTIONS))]}"
            f"{THINGS[rng.integers(len(THINGS))]}。")


def _reword(text: str, rng: np.random.Generator) -> str:
    """Synonym swaps and one dropped character: practically every call gives a new text,
    as every province rewords in its own way."""
    for old, new in SYNONYMS.items():
        if old in text and rng.random() < 0.6:
            text = text.replace(old, new, 1)
    cut = int(rng.integers(len(text)))
    return text[:cut] + text[cut + 1:]


def _heavy(text: str, rng: np.random.Generator) -> str:
    parts = [p for p in _SENT.split(text) if p]
    if len(parts) > 2 and rng.random() < 0.6:
        parts.pop(int(rng.integers(1, len(parts))))
    if len(parts) > 1 and rng.random() < 0.5:
        i = int(rng.integers(len(parts) - 1))
        parts[i], parts[i + 1] = parts[i + 1], parts[i]
    parts.insert(int(rng.integers(len(parts) + 1)), _local(rng))
    return _reword("".join(parts), rng)


def _halves(text: str) -> tuple[str, str]:
    parts = [p for p in _SENT.split(text) if p]
    if len(parts) < 2:
        cut = len(text) // 2
        return text[:cut], text[cut:]
    k = len(parts) // 2
    return "".join(parts[:k]), "".join(parts[k:])


@dataclasses.dataclass
class _Pools:
    texts: list[dict[str, list[str]]]     # per task: op → variants
    halves: list[tuple[str, str]]
    added: list[str]
    script: object                        # str or to_traditional


def _pools(refs, rng: np.random.Generator, size: int, script) -> _Pools:
    texts = [{"keep": [script(r.task.text)]} for r in refs]
    halves = [tuple(map(script, _halves(r.task.text))) for r in refs]
    added = [script(_local(rng) + _local(rng)) for _ in range(size * 4)]
    return _Pools(texts, halves, added, script)


def fast_plans(n: int, *, seed: int = 0, plan: Plan | None = None, pool: int = 24,
               traditional: float = 0.05, unique: bool = False,
               fresh: bool = False, unshared: bool = False) -> list[Plan]:
    """``n`` simulated provincial plans, quickly (see the module docstring). Kept tasks
    are verbatim copies, as in real plans; ``unique`` appends the plan id to every task
    text, so that no two tasks of the corpus have the same text (the worst case);
    ``fresh`` appends it to reworded texts only, so that no rewording recurs in another
    plan (`_reword` draws from a few hundred variants a task, which large corpora repeat)
    while kept, split, merged and added texts still do. The plans share their string
    objects (a kept text is the guideline's own object in every plan); ``unshared`` gives
    every plan its own copies, as plans read from files or parsed have them (pickle writes
    a shared object once, an equal copy again: `records.pack`)."""
    plan = plan or seed_plan()
    rng = np.random.default_rng(seed)
    refs = plan.refs
    pools = {"s": _pools(refs, rng, pool, str), "t": _pools(refs, rng, pool, to_traditional)}
    ops = rng.choice(len(OPS), size=(n, len(refs)), p=OP_WEIGHTS)
    picks = rng.integers(pool, size=(n, len(refs)))
    trad = rng.random(n) < traditional
    extra = rng.integers(0, 4, size=n)
    agency = rng.integers(len(AGENCIES), size=(n, len(refs), 3))
    swap = rng.random((n, len(refs))) < 0.15
    plans = [_plan(k, plan, pools["t" if trad[k] else "s"], ops[k], picks[k], extra[k],
                   agency[k], swap[k], rng, f"{seed}.{k}" if fresh else None)
             for k in range(n)]
    plans = [_suffixed(p) for p in plans] if unique else plans
    return [_own_strings(p) for p in plans] if unshared else plans


def _own_strings(plan: Plan) -> Plan:
    """The plan with its own copy of every text, title and name (equal, not the same
    objects)."""
    def own(text: str) -> str:
        return text.encode().decode()

    def task(t):
        return dataclasses.replace(t, id=own(t.id), text=own(t.text), lead=tuple(map(own, t.lead)),
                                   participants=tuple(map(own, t.participants)))

    return dataclasses.replace(plan, id=own(plan.id), sections=tuple(dataclasses.replace(
        s, title=own(s.title), items=tuple(dataclasses.replace(
            i, title=own(i.title), tasks=tuple(map(task, i.tasks))) for i in s.items))
        for s in plan.sections))


def _suffixed(plan: Plan) -> Plan:
    """Every task text ends with the plan id (no text repeats across plans)."""
    return dataclasses.replace(plan, sections=tuple(dataclasses.replace(s, items=tuple(
        dataclasses.replace(i, tasks=tuple(dataclasses.replace(t, text=f"{t.text}({plan.id})")
                                           for t in i.tasks)) for i in s.items))
        for s in plan.sections))


def _plan(k, plan, pools, ops, picks, extra, agency, swap, rng, own=None) -> Plan:
    texts: list[list[tuple[str, tuple, tuple]]] = []  # per item: (text, lead, participants)
    index = 0
    for section in plan.sections:
        for item in section.items:
            out: list = []
            for task in item.tasks:
                op = OPS[ops[index]]
                lead = (AGENCIES[agency[index][0]],) if swap[index] else task.lead
                part = task.participants + ((AGENCIES[agency[index][1]],) if swap[index]
                                            else ())
                if op == "keep":
                    out.append((pools.texts[index]["keep"][0], lead, part))
                elif op in ("reword", "heavy"):
                    text = (_reword if op == "reword" else _heavy)(task.text, rng)
                    text = f"{text}({own})" if own else text   # this plan's own
                    out.append((pools.script(text), lead, part))
                elif op == "split":
                    a, b = pools.halves[index]
                    out += [(a, lead, part), (b, lead[:1], part)]
                elif op == "merge" and out:
                    prev = out.pop()
                    out.append((prev[0] + pools.texts[index]["keep"][0], prev[1], prev[2]))
                elif op == "merge":
                    out.append((pools.texts[index]["keep"][0], lead, part))
                index += 1
            texts.append(out)
    for _ in range(int(extra)):
        texts[int(rng.integers(len(texts)))].append(
            (pools.added[int(rng.integers(len(pools.added)))], (AGENCIES[0],), ()))
    return _build(f"p{k:05d}", plan, texts)


def _build(pid: str, plan: Plan, texts) -> Plan:
    sections, flat = [], iter(texts)
    for section in plan.sections:
        items = []
        for item in section.items:
            tasks = tuple(Task(f"{item.id}.{m}", text, lead, part)
                          for m, (text, lead, part) in enumerate(next(flat), 1))
            if tasks:
                items.append(Item(item.id, item.title, tasks, item.number))
        if items:
            sections.append(Section(section.id, section.title, tuple(items), section.number))
    meta = {"title": f"模拟省级分工方案 {pid}", "level": "provincial", "simulated": True}
    return Plan(id=pid, sections=tuple(sections), meta=meta)


# -- a second guideline on another subject (constructed sentences, ours) ---------------------
_SECOND = (
    ("加强生态环境保护", (
        ("推进大气污染联防联控", ("建立重点区域大气污染联防联控机制,统一预警标准,协同开展重污染天气应对。",
                        "加快淘汰燃煤小锅炉,推广清洁取暖,逐年降低细颗粒物平均浓度。")),
        ("强化流域水环境治理", ("实行河湖长制,落实流域上下游横向生态补偿,开展入河排污口排查整治。",)),
        ("加强土壤污染风险管控", ("建立建设用地土壤环境调查评估制度,严格受污染耕地安全利用。",)))),
    ("推动绿色低碳转型", (
        ("优化能源消费结构", ("严格控制煤炭消费总量,有序发展风电光伏,提高非化石能源消费比重。",
                      "推进公共机构节能改造,新建公共建筑全面执行绿色建筑标准。")),
        ("发展循环经济", ("建设废旧物资回收网络,推进大宗固体废弃物综合利用示范基地建设。",)))),
    ("健全生态环境治理体系", (
        ("完善环境监管执法", ("推行排污许可一证式管理,加强生态环境执法队伍标准化建设。",
                      "建立生态环境损害赔偿磋商制度,依法追究损害责任。")),
        ("加强环境信息公开", ("定期发布环境质量状况,依法公开重点排污单位的排放信息,畅通公众监督渠道。",)))),
)


def second_guideline() -> Plan:
    """A second stand-in guideline on environmental protection, from sentences written for
    the tests (SIMULATED; no real document's text), with doc number 模发〔2026〕2号."""
    meta = {"title": "模拟指导意见二(生态环境,构造)", "doc_number": "模发〔2026〕2号",
            "level": "national", "simulated": True,
            "source": "constructed sentences written for diffkit's tests"}
    return written_guideline("second_guideline", _SECOND, meta)


def written_guideline(pid: str, spec, meta: dict) -> Plan:
    """A guideline from sentences: ``spec`` is ((section title, ((item title, (task
    texts, …)), …)), …); items numbered 1… through the document, tasks N.1…"""
    sections, n = [], 0
    for s, (title, items) in enumerate(spec, 1):
        built = []
        for item_title, texts in items:
            n += 1
            built.append(Item(str(n), item_title, tuple(
                Task(f"{n}.{k}", text) for k, text in enumerate(texts, 1))))
        sections.append(Section(str(s), title, tuple(built)))
    return Plan(id=pid, sections=tuple(sections), meta=meta)
