"""Mixed simulated corpora: plans of very different sizes, routed among several guidelines,
with mirror copies (constructed data, not real documents; issue #20).

`mixed_corpus` makes, seeded and fast (`simcorpus.fast_plans` underneath):

* **guidelines** (all marked ``simulated``, doc numbers 模发〔2026〕N号, where 模 marks them
  simulated): ``g1`` the Sichuan stand-in (`simcorpus.simulated_guideline`, 34 tasks), ``g2``
  the environmental one (`simcorpus.second_guideline`, 10 tasks), ``g3`` one on digital
  government (10 tasks, sentences written here); and ``g9`` on fitness for all (8 tasks,
  written here), which is *not* given to diffkit: the plans that implement it are the
  corpus's plans that implement none of the given guidelines;
* **plans of varied sizes**: a level (provincial 10%, municipal 35%, county 55%) and a number
  of tasks from a log-normal distribution per level (medians 60, 25 and 10 tasks, clipped to
  5–300; see docs/corpus.md for why). A plan keeps its share of a `fast_plans` variant of its
  guideline (a provincial one all of it; a city or county plan a random 50–100% of its size,
  so a county plan of 8 tasks keeps 4–8 of the guideline's) and adds local tasks (its own
  place name, a constructed action, object and goal) up to its size;
* **routing**: 75% cite their guideline's doc number in ``meta.implements`` (in one of three
  bracket forms: 〔〕, [] or ()), 17% cite none (routed by similarity), 8% implement g9
  (cite its number or none: unrouted);
* **mirrors**: 5% of the plans are exact copies of another plan (same meta and tasks) under a
  new id (``m…``), put at a random place in the corpus.

`Intent` says per plan what the generator meant: the guideline, how it should be routed,
its level and size, the plan it mirrors, and ``needs``: the given guidelines its texts must
be scored against (its cited one; all of them for a plan citing none, as routing tries
them all) — the benchmarks' floor.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter

import numpy as np

from benchmarks import simcorpus
from benchmarks.simcorpus import ACTIONS, AGENCIES, THINGS, fast_plans
from diffkit.model import Item, Plan, Section, Task

NUMBERS = {"g1": "模发〔2026〕1号", "g2": "模发〔2026〕2号", "g3": "模发〔2026〕3号",
           "g9": "模发〔2026〕9号"}
GIVEN = ("g1", "g2", "g3")           # the guidelines a benchmark gives diffkit
GUIDE_WEIGHTS = (0.5, 0.3, 0.2)      # which given guideline a plan implements
ROUTES = ("citation", "similarity", "unrouted")
ROUTE_WEIGHTS = (0.75, 0.17, 0.08)
MIRRORS = 0.05
LEVELS = ("provincial", "municipal", "county")
LEVEL_WEIGHTS = (0.10, 0.35, 0.55)
MEDIAN_TASKS = {"provincial": 60, "municipal": 25, "county": 10}
SIGMA = 0.7
MIN_TASKS, MAX_TASKS = 5, 300
BRACKETS = (("〔", "〕"), ("[", "]"), ("(", ")"))
BRACKET_WEIGHTS = (0.7, 0.15, 0.15)

# constructed sentences (ours): (section, ((item, (task texts)), …))
_G3 = (
    ("推进政务服务一网通办", (
        ("优化线上办事流程", ("整合各级政务服务平台,实现高频事项网上可办、掌上可办,压减办理时限和申请材料。",
                      "推行电子证照互认共享,凡能通过数据共享获取的材料一律不再要求群众提交。")),
        ("完善线下服务体系", ("推进政务服务中心综合窗口改革,实行前台综合受理、后台分类审批、统一窗口出件。",)))),
    ("强化政务数据共享开放", (
        ("编制数据资源目录", ("编制政务数据资源目录,明确数据提供部门、更新周期和共享方式,按季度动态更新。",)),
        ("推动公共数据开放", ("制定公共数据开放清单,优先开放交通出行、医疗卫生和企业登记等领域数据。",
                      "建立数据安全分级保护制度,落实数据全生命周期安全管理责任。")))),
    ("提升数字治理能力", (
        ("推进城市运行一网统管", ("建设城市运行管理平台,汇聚城管、应急和交通等部门的实时数据,实现跨部门协同处置。",
                         "完善网格化管理信息系统,推动群众诉求一口受理、限时办结、跟踪回访。")),
        ("加强基层数字化建设", ("为乡镇和街道配备统一的移动办公终端,减少基层重复填报表格。",
                       "开展干部数字素养培训,每年轮训政务服务窗口人员不少于一次。")))),
)
_G9 = (
    ("扩大体育场地设施供给", (
        ("建设社区健身设施", ("利用城市边角地和闲置厂房建设社区健身中心,新建住宅小区按标准配建健身设施。",
                      "推动学校体育场馆在课余时间和节假日向社会开放,完善开放保险和安全管理办法。")),
        ("建设健身步道", ("依托河湖岸线和城市绿道建设健身步道,串联公园和居住社区。",)))),
    ("丰富全民健身赛事活动", (
        ("举办群众赛事", ("每年举办城市社区运动会和乡村农民运动会,设置适合老年人和青少年的项目。",)),
        ("培育体育社会组织", ("支持单项体育协会下沉到街道和乡镇,发展群众身边的健身团队。",
                      "建立社会体育指导员注册管理制度,定期开展志愿健身指导服务。")))),
    ("促进体育消费", (
        ("发展体育产业", ("培育户外运动和冰雪运动产业,建设一批运动休闲特色小镇。",
                    "发放体育消费券,引导健身场馆推出普惠性低价时段。")),)),
)
_TITLES = {"g3": "模拟指导意见三(数字政府,构造)", "g9": "模拟指导意见九(全民健身,构造;不给 diffkit)"}
# local tasks and names (constructed)
GOALS = ("力争年内取得阶段性成效", "形成可复制推广的经验", "按季度报送进展情况", "纳入年度目标考核",
         "年底前完成建设任务", "建立工作台账逐项销号", "每半年开展一次评估", "争取上级资金支持",
         "带动周边区域协同发展", "逐步扩大覆盖范围", "明确时间表和路线图", "强化要素保障")
_STEMS = "青川云安宁平兴和丰泰嘉永长临清源江山河林"
_SUFFIX = {"provincial": "省", "municipal": "市", "county": "县"}
_LOCAL_AGENCIES = {
    "provincial": AGENCIES[:6],
    "municipal": ("市发展改革委", "市财政局", "市商务局", "市生态环境局", "市交通运输局",
                  "各区(市)县人民政府"),
    "county": ("县发展改革局", "县财政局", "县农业农村局", "县住房城乡建设局", "县交通运输局",
               "各乡镇人民政府")}


@dataclasses.dataclass(frozen=True)
class Intent:
    """What the generator meant a plan to be (see the module docstring)."""

    plan: str
    guideline: str              # g1, g2, g3 (given) or g9 (not given)
    routed_by: str              # citation, similarity or unrouted
    level: str
    tasks: int
    kept: int                   # tasks taken from its guideline's variant (the rest local)
    base: int                   # tasks of that variant
    needs: tuple[str, ...]      # given guidelines its texts must be scored against
    mirror_of: str | None = None


@dataclasses.dataclass(frozen=True)
class Mix:
    guidelines: tuple[Plan, ...]     # the given ones, g1 g2 g3
    plans: tuple[Plan, ...]
    intents: tuple[Intent, ...]      # per plan, in the same order

    def needed_texts(self) -> dict[str, list[str]]:
        """Per given guideline, the task texts (all, in corpus order) that must be scored
        against it: the floor's input."""
        out: dict[str, list[str]] = {g.id: [] for g in self.guidelines}
        for plan, intent in zip(self.plans, self.intents, strict=True):
            texts = [t.text for t in plan.tasks]
            for g in intent.needs:
                out[g] += texts
        return out

    def shape(self) -> dict:
        return shape_of(self.intents, [t.text for p in self.plans for t in p.tasks])


def shape_of(intents, texts: list[str]) -> dict:
    """A corpus as generated: plans, tasks, distinct share, mirrors, plans per level and per
    intended route, and quantiles of tasks a plan (``texts``: the corpus's task texts)."""
    sizes = np.array([i.tasks for i in intents])
    return {"plans": len(intents), "tasks": len(texts),
            "distinct": len(set(texts)) / max(1, len(texts)),
            "mirrors": sum(i.mirror_of is not None for i in intents),
            "levels": {v: sum(i.level == v for i in intents) for v in LEVELS},
            "routes": {r: sum(i.routed_by == r for i in intents) for r in ROUTES},
            "sizes": {str(q): int(np.percentile(sizes, q)) for q in (0, 10, 50, 90, 100)}}


def _constructed(gid: str, spec) -> Plan:
    meta = {"title": _TITLES[gid], "doc_number": NUMBERS[gid], "level": "national",
            "simulated": True, "source": "constructed sentences written for diffkit's benchmarks"}
    return simcorpus.written_guideline(gid, spec, meta)


def mix_guidelines() -> dict[str, Plan]:
    """g1, g2, g3 (given to diffkit) and g9 (not), each with its simulated doc number."""
    g1, g2 = simcorpus.simulated_guideline(), simcorpus.second_guideline()
    return {"g1": dataclasses.replace(g1, id="g1", meta={**g1.meta, "doc_number": NUMBERS["g1"]}),
            "g2": dataclasses.replace(g2, id="g2", meta={**g2.meta, "doc_number": NUMBERS["g2"]}),
            "g3": _constructed("g3", _G3), "g9": _constructed("g9", _G9)}


def _staffed(guideline: Plan) -> Plan:
    """The guideline with a lead and a participant per task (a seed for `fast_plans`)."""
    k = iter(range(10_000))

    def staff(t: Task) -> Task:
        n = next(k)
        return dataclasses.replace(t, lead=(AGENCIES[n % 6],),
                                   participants=(AGENCIES[6 + n % 9],))
    return dataclasses.replace(guideline, sections=tuple(dataclasses.replace(s, items=tuple(
        dataclasses.replace(i, tasks=tuple(map(staff, i.tasks))) for i in s.items))
        for s in guideline.sections))


def mixed_corpus(n: int, *, seed: int = 0, mirrors: float = MIRRORS) -> Mix:
    """``n`` plans (``mirrors`` of them copies) as the module docstring says."""
    rng = np.random.default_rng(seed)
    guides = mix_guidelines()
    seeds = {"g1": simcorpus.seed_plan(), "g2": _staffed(guides["g2"]), "g3": _staffed(guides["g3"]),
             "g9": _staffed(guides["g9"])}
    copies = int(round(n * mirrors))
    m = n - copies
    routes = rng.choice(3, size=m, p=ROUTE_WEIGHTS)
    gids = np.where(routes == 2, 3, rng.choice(3, size=m, p=GUIDE_WEIGHTS))
    levels = rng.choice(3, size=m, p=LEVEL_WEIGHTS)
    medians = np.array([MEDIAN_TASKS[v] for v in LEVELS])[levels]
    sizes = np.clip(np.rint(medians * np.exp(rng.normal(0, SIGMA, m))), MIN_TASKS, MAX_TASKS)
    brackets = rng.choice(3, size=m, p=BRACKET_WEIGHTS)
    cites = (routes == 0) | ((routes == 2) & (rng.random(m) < 0.7))
    names = ["g1", "g2", "g3", "g9"]
    variants = {g: iter(fast_plans(int((gids == k).sum()), seed=seed * 10 + k,
                                   plan=seeds[g]))
                for k, g in enumerate(names)}
    plans, intents = [], []
    for k in range(m):
        g, level = names[gids[k]], LEVELS[levels[k]]
        plan, kept, base = _reshape(next(variants[g]), f"p{k:05d}", level, int(sizes[k]), rng)
        route = ROUTES[routes[k]]
        meta = _meta(plan.id, level, guides[g], BRACKETS[brackets[k]] if cites[k] else None)
        plans.append(dataclasses.replace(plan, meta=meta))
        needs = (g,) if route == "citation" else GIVEN
        intents.append(Intent(plan.id, g, route, level, len(plan.tasks), kept, base, needs))
    originals = list(zip(plans, intents, strict=True))
    for c in range(copies):  # each at a random place, a copy of a random original
        plan, intent = originals[int(rng.integers(m))]
        at = int(rng.integers(len(plans) + 1))
        plans.insert(at, dataclasses.replace(plan, id=f"m{c:05d}"))
        intents.insert(at, dataclasses.replace(intent, plan=f"m{c:05d}", mirror_of=plan.id))
    return Mix(tuple(guides[g] for g in GIVEN), tuple(plans), tuple(intents))


def _meta(pid: str, level: str, guide: Plan, brackets: tuple[str, str] | None) -> dict:
    """A plan's meta; it cites its guideline's number in ``brackets`` unless None."""
    meta = {"title": f"模拟{_SUFFIX[level]}级实施方案 {pid}(贯彻{guide.title})", "level": level,
            "simulated": True}
    if brackets:
        left, right = brackets
        meta["implements"] = [guide.meta["doc_number"].replace("〔", left).replace("〕", right)]
    return meta


def _reshape(variant: Plan, pid: str, level: str, size: int, rng: np.random.Generator
             ) -> tuple[Plan, int, int]:
    """The variant cut or grown to ``size`` tasks: its kept tasks (all of them for a
    provincial plan that size allows, else a random 50–100% of the size) in their items,
    then local tasks spread over those items. Returns (plan, kept, the variant's tasks)."""
    flat = [(s, i, t) for s in variant.sections for i in s.items for t in i.tasks]
    share = 1.0 if level == "provincial" else rng.uniform(0.5, 1.0)
    kept = min(len(flat), size, max(min(size, 3), int(round(size * share))))
    chosen = sorted(rng.choice(len(flat), size=kept, replace=False))
    name = "".join(_STEMS[j] for j in rng.integers(len(_STEMS), size=2)) + _SUFFIX[level]
    locals_ = _locals(name, level, size - kept, rng)
    slots = rng.integers(kept, size=len(locals_)) if kept else np.zeros(0, int)
    grouped: dict[tuple[str, str], list] = {}
    order: list[tuple[Section, Item]] = []
    for j in chosen:
        s, i, t = flat[j]
        if (s.id, i.id) not in grouped:
            grouped[(s.id, i.id)] = []
            order.append((s, i))
        grouped[(s.id, i.id)].append((t.text, _local_names(t.lead, level),
                                      _local_names(t.participants, level)))
    keys = [(s.id, i.id) for j in chosen for s, i, _ in [flat[j]]]
    for local, slot in zip(locals_, slots, strict=True):
        grouped[keys[slot]].append(local)
    sections: dict[str, tuple[Section, list[Item]]] = {}
    for s, i in order:
        tasks = tuple(Task(f"{i.id}.{m}", text, lead, part)
                      for m, (text, lead, part) in enumerate(grouped[(s.id, i.id)], 1))
        sections.setdefault(s.id, (s, []))[1].append(Item(i.id, i.title, tasks, i.number))
    built = tuple(Section(s.id, s.title, tuple(items), s.number)
                  for s, items in sections.values())
    return Plan(id=pid, sections=built), kept, len(flat)


@functools.lru_cache(maxsize=4096)
def _local_names(names: tuple[str, ...], level: str) -> tuple[str, ...]:
    """Provincial agency names as a city's or county's (省发展改革委 → 县发展改革委)."""
    if level == "provincial":
        return names
    return tuple(n.replace("省", _SUFFIX[level], 1) if n.startswith("省") else n for n in names)


def _locals(name: str, level: str, count: int, rng: np.random.Generator) -> list[tuple]:
    """``count`` distinct local tasks of the place ``name`` (at most 504 combinations)."""
    combos = len(ACTIONS) * len(THINGS) * len(GOALS)
    picks = rng.choice(combos, size=min(count, combos), replace=False)
    agencies = _LOCAL_AGENCIES[level]
    out = []
    for c in picks:
        a, rest = divmod(int(c), len(THINGS) * len(GOALS))
        t, g = divmod(rest, len(GOALS))
        out.append((f"{name}{ACTIONS[a]}{THINGS[t]},{GOALS[g]}。",
                    (agencies[int(c) % len(agencies)],), ()))
    return out


# -- routing as diffkit reported it against the generator's intent -------------------------
def routing_of(result) -> dict[str, tuple[str | None, str]]:
    """Per plan id, (guideline id or None, routed_by) from a `CorpusSet` (a plan cited by
    several guidelines would appear more than once; the generator makes none)."""
    out = {p.id: (c.guideline.id, p.routed_by) for c in result.corpora for p in c.plans}
    out.update((pid, (None, "unrouted")) for pid, _, _ in result.unrouted)
    return out


def agreement(intents, routed: dict[str, tuple[str | None, str]]) -> dict:
    """How diffkit's routing (``routed``: per plan id, (guideline or None, routed_by)) agrees
    with the generator's: shares reported vs intended, agreement per intended route, and
    the disagreements by (intended, reported) guideline and route."""
    expect = {i.plan: (None if i.routed_by == "unrouted" else i.guideline, i.routed_by)
              for i in intents}
    n = len(expect)
    by_route: dict[str, list[int]] = {r: [0, 0] for r in ROUTES}
    wrong: Counter = Counter()
    for pid, want in expect.items():
        got = routed.get(pid, (None, "missing"))
        by_route[want[1]][1] += 1
        if got == want:
            by_route[want[1]][0] += 1
        else:
            wrong[f"{want[0]}/{want[1]} -> {got[0]}/{got[1]}"] += 1
    return {"intended": {r: by_route[r][1] / n for r in ROUTES},
            "reported": {r: sum(g[1] == r for g in routed.values()) / n for r in ROUTES},
            "agree": sum(a for a, _ in by_route.values()) / n,
            "agree_by_route": {r: (a / t if t else None) for r, (a, t) in by_route.items()},
            "wrong": dict(wrong.most_common())}


def describe(row: dict) -> str:
    """The lines a benchmark prints under a mixed corpus's figures: its shape, the floor's
    scorings, and routing as diffkit reported it against the generator's intent."""
    sh, r = row["shape"], row["routing"]
    levels = " / ".join(f"{v} {k / sh['plans']:.0%}" for v, k in sh["levels"].items())
    sizes = ", ".join(f"p{q} {v}" for q, v in sh["sizes"].items())
    lines = [f"  mix: {sh['plans']:,} plans ({sh['mirrors']:,} mirror copies), "
             f"{sh['tasks']:,} tasks, {sh['distinct']:.0%} distinct; {levels}; "
             f"tasks a plan {sizes}",
             f"  floor: {row['scored']:,} (distinct text, guideline) scorings: a citing "
             f"plan's texts against its guideline, a loose plan's against all "
             f"{len(GIVEN)}",
             f"  routing   {'citation':>10} {'similarity':>10} {'unrouted':>10}",
             "  intended  " + " ".join(f"{r['intended'][k]:>10.1%}" for k in ROUTES),
             "  diffkit   " + " ".join(f"{r['reported'][k]:>10.1%}" for k in ROUTES),
             "  agree     " + " ".join("         -" if r["agree_by_route"][k] is None else
                                      f"{r['agree_by_route'][k]:>10.1%}" for k in ROUTES)
             + f"   (all plans: {r['agree']:.1%})"]
    if r["wrong"]:
        lines.append("  disagreements (intended -> diffkit): " + ", ".join(
            f"{k} {v}" for k, v in r["wrong"].items()))
    return "\n".join(lines)
