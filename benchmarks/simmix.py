"""Mixed simulated corpora: plans of very different sizes, routed among several guidelines,
with mirror copies (constructed data, not real documents; issue #20).

`mixed_corpus` makes, seeded and fast (`simcorpus.fast_plans` underneath):

* **guidelines** (all marked ``simulated``, doc numbers 模发〔2026〕N号, where 模 marks them
  simulated): ``g1`` the Sichuan stand-in (`simcorpus.simulated_guideline`, 34 tasks), ``g2``
  the environmental one (`simcorpus.second_guideline`, 10 tasks), ``g3`` one on digital
  government (10 tasks, sentences written here); and ``g9`` on fitness for all (8 tasks,
  written here), which is *not* given to diffkit: the plans that implement it are the
  corpus's plans that implement none of the given guidelines; with ``related``, two more
  given ones on subjects next to g1's, where routing by similarity has close calls: ``g4``
  on another region's cooperation (17 tasks: two of g1's word for word, the others written
  here, several on g1's subjects in phrases of their own) and ``g5``, a revision of g1 (27
  tasks: every third of g1's dropped, the last sentence of each other one cut and a target
  added, four new ones written here), and plans implement g1–g5 as `RELATED_WEIGHTS` says;
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
           "g4": "模发〔2026〕4号", "g5": "模发〔2026〕5号", "g9": "模发〔2026〕9号"}
GIVEN = ("g1", "g2", "g3")           # the guidelines a benchmark gives diffkit
GUIDE_WEIGHTS = (0.5, 0.3, 0.2)      # which given guideline a plan implements
RELATED = ("g1", "g2", "g3", "g4", "g5")  # … with ``related``: g4 and g5 too (next to g1)
RELATED_WEIGHTS = (0.3, 0.15, 0.1, 0.2, 0.25)
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
# g4: regional cooperation in the southwest, a subject next to g1's (Pan-Pearl-River-Delta
# cooperation). As related guidelines do, it takes two of g1's sentences as they are (`_SHARED`)
# and treats several of g1's subjects (credit, transport, health and social insurance, river
# basins, a cooperation fund) in sentences of its own that share their policy phrases.
_SHARED = ("4.2", "8.1")    # g1's tasks that g4 takes verbatim
_G4 = (
    ("推动西南地区产业协同", (
        ("共建特色产业体系", ("依托五省区市资源禀赋,联合培育电子信息、装备制造和特色消费品产业集群,建立重点产业链协作清单。",
                      "推动开发区结对共建,探索飞地园区利益分享机制,引导沿海产业向西南地区有序转移。")),
        ("发展现代农业和文化旅游", ("共建高原特色农业和山地生态农业示范带,推进农产品产地初加工和冷链物流设施共建共享。",
                          "联合推出跨省精品旅游线路,推动旅游服务标准互认,共同整治旅游市场秩序。")))),
    ("加快基础设施互联互通", (
        ("完善综合交通网络", ("加快省际高速铁路和高速公路通道建设,打通省际断头路和瓶颈路,提升内河航道通航能力,推进西部陆海新通道建设。",)),
        ("保障能源安全供应", ("=g1:8.1",)),
        ("建设新型基础设施", ("统筹布局区域数据中心和算力枢纽节点,推进骨干网络直联和第五代移动通信网络共建共享。",)))),
    ("共建统一开放市场", (
        ("统一市场规则", ("=g1:4.2",
                    "清理妨碍商品和要素跨省区流动的规定,推行统一的市场准入负面清单和公平竞争审查制度。")),
        ("健全信用体系", ("建立区域信用信息共享平台,完善跨省区守信联合激励和失信联合惩戒机制,统一企业信用分类标准。",)))),
    ("促进公共服务共建共享", (
        ("加强医疗卫生和社会保障合作", ("建立跨省区疾病防控和突发公共卫生事件联防联控机制,推进医学检验结果互认和异地就医直接结算。",
                             "推动养老保险和失业保险关系跨省区转移接续,建立统一的公共就业服务信息平台。")),
        ("推动教育合作", ("鼓励高校跨省区共建优势学科和联合实验室,完善随迁子女在流入地接受义务教育和参加升学考试政策。",)))),
    ("共筑长江上游生态屏障", (
        ("加强流域水环境保护", ("建立跨省区流域水污染联防联控机制,开展跨界断面水质联合监测,完善流域横向生态保护补偿。",)),
        ("健全生态环境协同机制", ("编制区域生态环境保护协作规划,推动环境执法联动、应急联动和信息共享。",)))),
    ("健全合作推进机制", (
        ("完善协商协调机制", ("建立五省区市主要领导联席会议制度,每年召开一次会议,研究解决合作中的重大问题。",
                      "设立区域合作发展基金,引导金融机构和社会资本参与跨省区重大项目建设。")),)),
)
# g5: a revision of g1, as a later guideline on the same subject is: it drops every third of
# g1's tasks, trims the last sentence of each task it keeps and gives it a target (`_TARGETS`),
# and adds tasks of its own (`_G5_NEW`). All sentences written here.
_TARGETS = ("到2030年,相关合作机制全面建立。", "力争五年内取得显著成效。",
            "建立年度评估和动态调整制度。", "形成一批可复制推广的制度成果。")
_G5_NEW = (("深化数字经济合作", ("共建区域数字经济协同发展平台,推动工业互联网标识解析节点互联,联合培育数字产业集群。",
                         "推进政务数据跨省区共享,实现企业和群众高频办理事项跨省通办。")),
           ("协同推进绿色低碳转型", ("联合制定区域碳达峰行动方案,推动绿色电力跨省区交易,共建近零碳排放示范区。",
                           "建立区域绿色产品认证结果互认制度,推广绿色建筑和新能源汽车。")))
_TITLES = {"g3": "模拟指导意见三(数字政府,构造)", "g4": "模拟指导意见四(西南区域合作,构造)",
           "g5": "模拟指导意见五(区域合作修订版,构造)", "g9": "模拟指导意见九(全民健身,构造;不给 diffkit)"}
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
    also: tuple[str, ...] = ()  # other given guidelines as right for it: every task it keeps
    #                             lies in an item whose text they share (`shared_items`)


@dataclasses.dataclass(frozen=True)
class Mix:
    guidelines: tuple[Plan, ...]     # the given ones, g1 g2 g3 (and g4 with ``related``)
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
        return {**shape_of(self.intents, [t.text for p in self.plans for t in p.tasks]),
                "given": [g.id for g in self.guidelines]}


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


def _constructed(gid: str, spec, g1: Plan | None = None) -> Plan:
    if g1 is not None:  # "=g1:N": g1's task N, as it is
        texts = {t.id: t.text for t in g1.tasks}
        spec = tuple((s, tuple((i, tuple(texts[t[4:]] if t.startswith("=g1:") else t
                                          for t in ts)) for i, ts in items))
                     for s, items in spec)
    meta = {"title": _TITLES[gid], "doc_number": NUMBERS[gid], "level": "national",
            "simulated": True, "source": "constructed sentences written for diffkit's benchmarks"}
    return simcorpus.written_guideline(gid, spec, meta)


def mix_guidelines(*, related: bool = False) -> dict[str, Plan]:
    """g1, g2, g3 (given to diffkit) and g9 (not), each with its simulated doc number; with
    ``related`` also g4 (given), on a subject next to g1's, two of whose tasks are g1's."""
    g1, g2 = simcorpus.simulated_guideline(), simcorpus.second_guideline()
    out = {"g1": dataclasses.replace(g1, id="g1", meta={**g1.meta, "doc_number": NUMBERS["g1"]}),
           "g2": dataclasses.replace(g2, id="g2", meta={**g2.meta, "doc_number": NUMBERS["g2"]}),
           "g3": _constructed("g3", _G3), "g9": _constructed("g9", _G9)}
    if related:
        out["g4"] = _constructed("g4", _G4, g1)
        out["g5"] = _constructed("g5", _revision(g1))
    return out


def _revision(g1: Plan):
    """g5's spec from g1 (see `_TARGETS`)."""
    k = iter(range(1000))
    spec = []
    for s in g1.sections:
        items = []
        for i in s.items:
            texts = []
            for t in i.tasks:
                n = next(k)
                if n % 3 == 2:
                    continue
                parts = [p + "。" for p in t.text.split("。") if p]
                texts.append("".join(parts[:-1] if len(parts) > 1 else parts)
                             + _TARGETS[n % len(_TARGETS)])
            if texts:
                items.append((i.title, tuple(texts)))
        spec.append((s.title, tuple(items)))
    return (*spec, ("拓展合作新领域", _G5_NEW))


def shared_items(guides: dict[str, Plan]) -> dict[str, dict[str, frozenset[str]]]:
    """Per guideline, its items holding a task text that other given guidelines have too,
    and those guidelines."""
    texts = {g: {t.text for t in p.tasks} for g, p in guides.items()}
    out: dict[str, dict[str, frozenset[str]]] = {}
    for g, p in guides.items():
        out[g] = {}
        for s in p.sections:
            for i in s.items:
                others = frozenset(h for t in i.tasks for h in texts
                                   if h != g and t.text in texts[h])
                if others:
                    out[g][i.id] = others
    return out


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


def mixed_corpus(n: int, *, seed: int = 0, mirrors: float = MIRRORS,
                 related: bool = False) -> Mix:
    """``n`` plans (``mirrors`` of them copies) as the module docstring says; ``related``:
    g4 is given too, and 30% of the plans implement it (`RELATED_WEIGHTS`)."""
    rng = np.random.default_rng(seed)
    guides = mix_guidelines(related=related)
    given, weights = (RELATED, RELATED_WEIGHTS) if related else (GIVEN, GUIDE_WEIGHTS)
    seeds = {"g1": simcorpus.seed_plan(), **{g: _staffed(guides[g]) for g in guides if g != "g1"}}
    shared = shared_items({g: guides[g] for g in given})
    copies = int(round(n * mirrors))
    m = n - copies
    routes = rng.choice(3, size=m, p=ROUTE_WEIGHTS)
    gids = np.where(routes == 2, len(given), rng.choice(len(given), size=m, p=weights))
    levels = rng.choice(3, size=m, p=LEVEL_WEIGHTS)
    medians = np.array([MEDIAN_TASKS[v] for v in LEVELS])[levels]
    sizes = np.clip(np.rint(medians * np.exp(rng.normal(0, SIGMA, m))), MIN_TASKS, MAX_TASKS)
    brackets = rng.choice(3, size=m, p=BRACKET_WEIGHTS)
    cites = (routes == 0) | ((routes == 2) & (rng.random(m) < 0.7))
    names = [*given, "g9"]
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
        needs = (g,) if route == "citation" else given
        own = [shared[g].get(i.id, frozenset()) if g in shared else frozenset()
               for s in plan.sections for i in s.items]  # (local tasks sit in them too)
        also = tuple(sorted(frozenset.intersection(*own))) if own and kept else ()
        intents.append(Intent(plan.id, g, route, level, len(plan.tasks), kept, base, needs,
                              also=also))
    originals = list(zip(plans, intents, strict=True))
    for c in range(copies):  # each at a random place, a copy of a random original
        plan, intent = originals[int(rng.integers(m))]
        at = int(rng.integers(len(plans) + 1))
        plans.insert(at, dataclasses.replace(plan, id=f"m{c:05d}"))
        intents.insert(at, dataclasses.replace(intent, plan=f"m{c:05d}", mirror_of=plan.id))
    return Mix(tuple(guides[g] for g in given), tuple(plans), tuple(intents))


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
    the disagreements by (intended, reported) guideline and route. A plan routed by
    similarity to a guideline in its `Intent.also` agrees (``either``: how many plans have
    one, ``other``: how many of them went there)."""
    expect = {i.plan: (None if i.routed_by == "unrouted" else i.guideline, i.routed_by)
              for i in intents}
    also = {i.plan: i.also for i in intents if i.also and i.routed_by == "similarity"}
    n = len(expect)
    by_route: dict[str, list[int]] = {r: [0, 0] for r in ROUTES}
    wrong: Counter = Counter()
    other = 0
    for pid, want in expect.items():
        got = routed.get(pid, (None, "missing"))
        by_route[want[1]][1] += 1
        if got == want:
            by_route[want[1]][0] += 1
        elif got[1] == "similarity" and got[0] in also.get(pid, ()):
            by_route[want[1]][0] += 1
            other += 1
        else:
            wrong[f"{want[0]}/{want[1]} -> {got[0]}/{got[1]}"] += 1
    return {"intended": {r: by_route[r][1] / n for r in ROUTES},
            "reported": {r: sum(g[1] == r for g in routed.values()) / n for r in ROUTES},
            "agree": sum(a for a, _ in by_route.values()) / n,
            "agree_by_route": {r: (a / t if t else None) for r, (a, t) in by_route.items()},
            "wrong": dict(wrong.most_common()), "either": len(also), "other": other}


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
             f"{len(sh.get('given', GIVEN))}",
             f"  routing   {'citation':>10} {'similarity':>10} {'unrouted':>10}",
             "  intended  " + " ".join(f"{r['intended'][k]:>10.1%}" for k in ROUTES),
             "  diffkit   " + " ".join(f"{r['reported'][k]:>10.1%}" for k in ROUTES),
             "  agree     " + " ".join("         -" if r["agree_by_route"][k] is None else
                                      f"{r['agree_by_route'][k]:>10.1%}" for k in ROUTES)
             + f"   (all plans: {r['agree']:.1%})"]
    if r.get("either"):
        lines.append(f"  {r['either']} loose plans keep only tasks another guideline shares "
                     f"(either is right): {r['other']} went to the other")
    if r["wrong"]:
        lines.append("  disagreements (intended -> diffkit): " + ", ".join(
            f"{k} {v}" for k, v in r["wrong"].items()))
    return "\n".join(lines)
