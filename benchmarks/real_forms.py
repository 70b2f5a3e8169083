"""Constructed documents in the forms real plans use (docs/real_forms.md), with their truth.

    python benchmarks/real_forms.py OUT_DIR [--seeds 100-159]

Every sentence here was written for this benchmark; the *forms* (how agencies, numbering and
headers are laid out) follow the catalogue of real documents in docs/real_forms.md. The truth
(tasks, their lead / participant / responsible / leader lists, title, issuer, document number,
date, and the lines holding agency phrases the parser is expected to warn about) comes from
this generator alone: nothing here imports diffkit.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

# -- our own sentences ------------------------------------------------------------------------------
MEASURES = [
    "建立重点项目季度调度机制,及时协调解决用地、资金等方面的问题",
    "推动政务服务事项全部接入统一平台,实现企业开办一日办结",
    "完善农村公路养护长效机制,提升通村道路的通行条件",
    "加快老旧小区改造,同步完善养老托育等社区服务设施",
    "开展中小企业数字化改造试点,培育一批行业示范企业",
    "健全重大疾病医疗保障制度,减轻困难群众就医负担",
    "推进职业院校与本地企业共建实训基地,扩大订单式培养规模",
    "落实减税降费政策,清理规范涉企收费项目",
    "加强河湖水质监测,建立跨界断面联合巡查制度",
    "支持外贸企业开拓新兴市场,办好本地特色商品展会",
    "完善社区网格化管理,提高基层矛盾纠纷化解效率",
    "推广绿色建筑标准,新建公共建筑全面执行节能要求",
    "建设公共数据开放平台,分批次公布可开放数据目录",
    "优化公交线网布局,新增城乡公交线路覆盖偏远村组",
    "实施高标准农田建设工程,配套完善灌溉排水设施",
    "加强食品生产经营单位日常检查,建立风险分级管理台账",
    "扩大普惠性学前教育资源供给,新建改扩建一批公办幼儿园",
    "推进文化馆图书馆总分馆制建设,延伸服务到村社区",
    "完善就业困难人员帮扶制度,开发一批公益性岗位",
    "建立企业诉求直通机制,限时办结企业反映的问题",
    "推动重点用能单位开展节能诊断,淘汰落后低效设备",
    "加强安全生产隐患排查,建立问题整改闭环管理制度",
    "推进城市地下管网普查,建立管网信息管理系统",
    "发展乡村旅游和民宿经济,打造若干精品线路",
    "健全养老服务补贴制度,推动居家社区养老服务全覆盖",
    "完善科技成果转化激励办法,支持高校院所与企业联合攻关",
    "规范工程建设项目审批流程,压缩审批时间",
    "开展城乡环境卫生整治,建立垃圾分类收运体系",
    "加大对小微企业的信贷投放,推广无还本续贷产品",
    "建设区域性物流集散中心,完善冷链仓储设施",
    "强化耕地保护责任,严格落实占补平衡制度",
    "推进医疗机构检查检验结果互认,方便群众就医",
    "提升森林防火监测能力,完善防火通道和蓄水设施",
    "组织实施职业技能提升行动,开展各类补贴性培训",
    "完善地方金融风险监测预警机制,稳妥处置风险事件",
    "加快充电基础设施建设,实现乡镇公共充电站全覆盖",
    "深化校园周边环境治理,保障学生上下学交通安全",
    "推进不动产登记便民改革,实现交房即交证",
    "加强历史文化街区保护,修缮一批传统建筑",
    "建立重点人群健康档案,提高家庭医生签约服务质量",
    # brackets that are text, not agencies: the parser must leave them in the task
    "推广政府和社会资本合作(PPP)模式,吸引社会资本参与建设",
    "完善各乡镇(含开发区)便民服务中心功能,实现就近办理",
    "修订村规民约(试行),引导群众参与基层治理",
    "落实《农村公路条例》(2023年修订)的要求,建立养护考核制度",
]
TITLES = ["优化营商环境", "推进产业升级", "保障和改善民生", "加强生态保护", "深化重点改革",
          "提升城乡品质", "扩大有效投资", "加强社会治理"]
ITEM_TITLES = ["完善工作机制", "强化要素保障", "提升服务水平", "加大支持力度", "夯实基层基础",
               "推动创新发展"]
PERSONS = ["王明远", "李慧芳", "张建国", "陈立新", "刘晓燕", "赵振华"]
UNITS = {  # prefix, agencies (standard organ names), collective units
    "provincial": ("省", ["发展改革委", "财政厅", "住房和城乡建设厅", "交通运输厅", "商务厅",
                         "市场监管局", "教育厅", "科技厅", "人力资源社会保障厅", "生态环境厅",
                         "自然资源厅", "农业农村厅", "文化和旅游厅", "卫生健康委", "水利厅",
                         "工业和信息化厅", "应急管理厅", "医保局"],
                   ["各市(州)人民政府", "省有关部门"]),
    "municipal": ("市", ["发展改革委", "财政局", "住房和城乡建设局", "交通运输局", "商务局",
                        "市场监管局", "教育局", "科技局", "人力资源社会保障局", "生态环境局",
                        "自然资源和规划局", "农业农村局", "文化广电旅游局", "卫生健康委",
                        "水务局", "工业和信息化局", "应急管理局", "政务服务中心"],
                   ["各区县人民政府", "市级有关部门"]),
    "county": ("县", ["发展和改革局", "财政局", "住房和城乡建设局", "交通运输局", "商务局",
                     "市场监督管理局", "教育局", "科技和工业信息化局", "人力资源和社会保障局",
                     "生态环境分局", "自然资源局", "农业农村局", "文化和旅游局", "卫生健康局",
                     "水利局", "应急管理局", "行政审批服务局", "城市管理局"],
                ["各乡镇人民政府", "县直有关单位"]),
}
REGIONS = {"provincial": ["湖南省", "江西省", "甘肃省", "福建省"],
           "municipal": ["东莞市", "遵义市", "洛阳市", "绵阳市"],
           "county": ["华容县", "绛县", "泾县", "金乡县"]}
SHORT = {"湖南省": "湘", "江西省": "赣", "甘肃省": "甘", "福建省": "闽", "东莞市": "东",
         "遵义市": "遵", "洛阳市": "洛", "绵阳市": "绵", "华容县": "华", "绛县": "绛",
         "泾县": "泾", "金乡县": "金"}
CHROME = ["您现在所在的位置:网站首页 > 政府信息公开 > 政策文件", "索引号:11300000/2023-00057",
          "发布时间:2023-03-02 10:20 来源:本网 浏览次数:", "【字体:大 中 小】 打印本页",
          "分享到:", "返回首页", "无障碍 长辈版", "字号 大 中 小", "关闭窗口", "全文",
          "核心提示:", "主题分类:综合政务"]
GLOSS = {"发": "fā", "区": "qū", "设": "shè", "实": "shí", "关": "guān", "门": "mén",
         "务": "wù", "进": "jìn", "产": "chǎn", "业": "yè"}
RULE_NOTICE = "各项任务中排在第一位的为牵头单位,其他为配合单位。"
RULE_ALL = "无牵头单位的,责任单位即为牵头单位。"  # every unit named leads
CN = "〇一二三四五六七八九"


def cn_num(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ((CN[tens] if tens > 1 else "") + ("十" if tens else "") + (CN[ones] if ones else "")
            ) or "〇"


@dataclass
class Doc:
    lines: list[str] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    warn_lines: list[int] = field(default_factory=list)  # lines whose agency phrase is unread
    forms: list[str] = field(default_factory=list)

    def add(self, line: str) -> int:
        self.lines.append(line)
        return len(self.lines)


class Maker:
    """One document: header, body, truth."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.seed = seed
        self.level = ("provincial", "municipal", "county")[seed % 3]
        self.region = self.rnd.choice(REGIONS[self.level])
        self.prefix, pool, self.collective = UNITS[self.level]
        self.pool = [self.prefix + u for u in pool]
        self.measures = self.rnd.sample(MEASURES, len(MEASURES))
        self.doc = Doc()
        self.rule = False
        self.rule_all = False

    # names ---------------------------------------------------------------------------------
    def names(self, k: int) -> list[str]:
        out = self.rnd.sample(self.pool, k)
        if k > 1 and self.rnd.random() < 0.25:
            out[-1] = self.rnd.choice(self.collective)
        return out

    def text(self) -> str:
        return self.measures.pop() if self.measures else self.rnd.choice(MEASURES) + "并定期评估"

    # header --------------------------------------------------------------------------------
    def header(self) -> None:
        d, r = self.doc, self.rnd
        kind = self.seed % 7
        issuer = self.region + {"provincial": "人民政府办公厅", "municipal": "人民政府办公室",
                                "county": "人民政府"}[self.level]
        plan_title = f"{self.region}{r.choice(['2024年', '2025年', ''])}" \
                     f"{r.choice(TITLES)}重点任务{r.choice(['分工方案', '实施方案', '责任分解'])}"
        year = r.choice([2021, 2022, 2023, 2024])
        number = f"{SHORT[self.region]}政{r.choice(['办发', '办函', '发'])}〔{year}〕{r.randint(1, 99)}号"
        month, day = r.randint(1, 12), r.randint(1, 28)
        d.meta = {"title": plan_title, "issuer": issuer, "doc_number": number,
                  "date": f"{year:04d}-{month:02d}-{day:02d}"}
        if kind in (0, 3):
            for c in r.sample(CHROME, 3):
                d.add(c)
        if kind == 1:
            d.add(issuer + "文件")
            d.forms.append("header:masthead")
        notice = f"关于印发{plan_title}的通知"
        if kind == 6:  # a site's metadata rows, two pairs a line, bullets, a timestamp line
            d.add("  • 无障碍")
            d.add("  • 长辈版")
            d.add(f"索引号: 1134/{year}-00{self.seed:03d} 组配分类: 重点工作")
            d.add(f"发布机构: {issuer}(办公室) 主题分类: 综合政务")
            d.add(f"名称: {issuer}{notice} 文号: {number}")
            d.add(f"{year}-{month:02d}-{day:02d} 09:30 {issuer}")
            d.add(issuer + notice)
            d.add(f"发布时间:{year}-{month:02d}-{day:02d} 09:30 来源:本网 浏览次数: 字体:[ ]")
            d.forms.append("header:site-pairs")
        elif kind == 5:  # a site's metadata rows, the number in the title line
            d.add(f"发文机关:{issuer}")
            d.add(f"成文日期:{year}-{month:02d}-{day:02d}")
            d.add(f"{issuer}{notice}({number})")
            d.forms.append("header:metadata-rows")
        elif kind == 2:
            d.add(number)
            d.add(issuer + notice)
            d.forms.append("header:number-first")
        elif kind == 4:
            d.add(issuer)
            d.add(notice)
            d.add(number)
        else:
            d.add(issuer + notice)
            d.add(number)
        if kind == 5:
            d.add(r.choice(["各乡镇人民政府,县直各单位:", "各区县人民政府,市政府各部门:"]))
            d.add(f"现将《{plan_title}》印发给你们,请认真贯彻执行。")
            d.add(issuer)
            d.add(f"{year}年{month}月{day}日")
            d.add(plan_title)
            d.add("为推动各项任务落地见效,制定本方案。")
            return
        d.add(r.choice(["各乡镇人民政府,县直各单位:", "各市人民政府,省直各部门:",
                        "各区县人民政府,市政府各部门,各有关单位:"]))
        d.add(f"《{plan_title}》已经同意,现印发给你们,请认真组织实施。")
        if kind in (1, 3):  # a covering notice with its own numbered paragraphs
            d.add("一、提高认识。各单位要把重点任务摆在突出位置,主要负责同志亲自推动。")
            d.add("二、压实责任。" + (self.rule_text() if self.seed % 4 == 1 else
                                  "各牵头单位要加强统筹,配合单位要主动对接。"))
            d.add("三、加强督办。政府督查室按季度通报任务进展情况。")
            self.rule = self.seed % 4 == 1
            d.forms.append("header:numbered-notice")
        elif self.seed % 4 == 1:
            d.add(self.rule_text())
            self.rule = True
        if self.rule:
            d.forms.append("rule:all" if self.rule_all else "rule:notice")
        d.add(issuer if kind != 4 else issuer)
        d.add(self.date(year, month, day))
        if r.random() < 0.5:
            d.add("(此件公开发布)")
        d.add(plan_title)
        d.add("为做好今年各项工作,结合本地实际,制定本方案。")

    def rule_text(self) -> str:
        """The rule a covering notice states: first listed leads, or (one in three) every
        unit leads where no lead is named."""
        if self.seed % 3 == 2:
            self.rule_all = True
            return RULE_ALL
        return RULE_NOTICE

    def date(self, y: int, m: int, d: int) -> str:
        style = self.seed % 4
        if style == 0:
            return f"{y}年{m}月{d}日"
        zero = ("〇", "○", "O", "零")[self.seed // 4 % 4]
        digits = "".join(CN[int(c)] for c in str(y)).replace("〇", zero)
        self.doc.forms.append(f"date:{zero}")
        return f"{digits}年{cn_num(m)}月{cn_num(d)}日"

    # body ----------------------------------------------------------------------------------
    def body(self) -> None:
        layouts = [self.items_inline, self.items_lines, self.three_levels, self.group_line,
                   self.persons_lines, self.mid_paragraph, self.four_levels, self.section_leaders]
        n_sections = self.rnd.randint(2, 3)
        first = self.seed % len(layouts)
        for s in range(n_sections):
            layout = layouts[(first + s) % len(layouts)]
            head = f"{cn_num(s + 1)}、{self.rnd.choice(TITLES)}"
            if layout == self.section_leaders:
                self.section_persons = self.rnd.sample(PERSONS, 2)
                head += f"(牵头领导:{'、'.join(self.section_persons)})"
            self.doc.add(head)
            layout()

    def task(self, text: str, lead=(), part=(), resp=(), leaders=()) -> None:
        if self.rule and resp and not lead:
            cut = len(resp) if self.rule_all else 1
            lead, part, resp = resp[:cut], resp[cut:], []
        self.doc.tasks.append({"text": text, "lead": list(lead), "participants": list(part),
                               "responsible": list(resp), "leaders": list(leaders)})

    def phrase(self) -> tuple[str, list, list, list, str]:
        """An inline agency phrase in one of the catalogue's forms: (phrase, lead, part, resp,
        form)."""
        r = self.rnd
        form = r.choice(["lead_part", "leads_duty", "lead_resp", "duty", "duties", "bare",
                         "labels", "and", "etc", "labels_part", "note_glued"])
        if self.seed % 4 == 3 and not self.rule and not self.doc.tasks:
            form = "rule_glued"  # a document rule glued to the first name of the first task
        a = self.names(r.randint(2, 4))
        if form == "lead_part":
            return f"{a[0]}牵头,{'、'.join(a[1:])}配合", a[:1], a[1:], [], form
        if form == "leads_duty":
            return (f"{'、'.join(a[:2])}牵头,{'、'.join(a[2:] or [self.collective[1]])}按职责分工负责",
                    a[:2], a[2:] or [self.collective[1]], [], form)
        if form == "lead_resp":
            return f"{a[0]}牵头负责", a[:1], [], [], form
        if form == "duty":
            return f"{'、'.join(a)}负责", [], [], a, form
        if form == "duties":
            return f"{'、'.join(a)}按职责分工负责", [], [], a, form
        if form == "bare":
            return "、".join(a), [], [], a, form
        if form == "labels":
            return f"牵头单位:{a[0]};责任单位:{'、'.join(a[1:])}", a[:1], a[1:], [], form
        if form == "and":
            joined = "、".join(a[1:-1]) + ("及" if r.random() < 0.5 else "和") + a[-1] \
                if len(a) > 2 else a[1] + "及" + self.collective[0]
            part = a[1:] if len(a) > 2 else [a[1], self.collective[0]]
            return f"{a[0]}牵头,{joined}配合", a[:1], part, [], form
        if form == "labels_part":
            return f"牵头单位:{a[0]};参与单位:{'、'.join(a[1:])}", a[:1], a[1:], [], form
        if form == "note_glued":
            return f"{a[0]}牵头,{'、'.join(a[1:])}(不再列出)配合", a[:1], a[1:], [], form
        if form == "etc":
            return f"{a[0]}牵头,{'、'.join(a[1:])}等配合", a[:1], a[1:], [], form
        if form == "rule_glued" and not self.rule and not self.doc.tasks:  # glued to a name
            self.rule = True
            self.doc.forms.append("rule:glued")
            return (f"{a[0]}(排在第一位的为牵头单位,下同)、{'、'.join(a[1:])}", a[:1], a[1:], [],
                    form)
        return f"{a[0]}牵头,{'、'.join(a[1:])}参与", a[:1], a[1:], [], "lead_part"

    def items_inline(self) -> None:  # 一、 › 1. text(phrase)
        for n in range(1, self.rnd.randint(3, 5)):
            text = self.text()
            phrase, lead, part, resp, form = self.phrase()
            if self.rule and resp and not lead and form != "rule_glued":
                pass
            self.doc.add(f"{n}.{text}。({phrase})")
            self.doc.forms += [f"bracket:{form}", "layout:inline"]
            self.task(text + "。", lead, part, resp)

    def items_lines(self) -> None:  # 一、 › (一)title。text / label lines
        r = self.rnd
        for n in range(1, r.randint(3, 5)):
            text = self.text()
            self.doc.add(f"({cn_num(n)}){r.choice(ITEM_TITLES)}。{text}。")
            a = self.names(r.randint(1, 4))
            form = r.choice(["lead_part", "lead_resp", "resp_only", "phrase_label", "unknown",
                             "resp_label2", "bare_phrase"])
            if form == "lead_part" or len(a) == 1:
                self.doc.add(f"牵头单位:{a[0]}")
                if len(a) > 1:
                    self.doc.add(f"{r.choice(['参与单位', '配合单位'])}:{'、'.join(a[1:])}")
                self.task(text + "。", a[:1], a[1:])
            elif form == "lead_resp":
                self.doc.add(f"牵头单位:{a[0]}")
                self.doc.add(f"责任单位:{'、'.join(a[1:])}")
                self.task(text + "。", a[:1], a[1:])
            elif form == "resp_only":
                self.doc.add(f"{r.choice(['责任单位', '责任部门', '责任科室'])}:{'、'.join(a)}")
                self.task(text + "。", resp=a)
            elif form == "bare_phrase":  # a role phrase on a line of its own, no label
                self.doc.add(f"{a[0]}牵头,{'、'.join(a[1:])}配合。")
                self.task(text + "。", a[:1], a[1:])
            elif form == "resp_label2":
                self.doc.add(f"负责单位:{'、'.join(a)}")
                self.task(text + "。", resp=a)
            elif form == "phrase_label":
                self.doc.add(f"部门分工:{a[0]}牵头,{'、'.join(a[1:])}配合。")
                self.task(text + "。", a[:1], a[1:])
            else:  # an unknown label: the parser should warn, not guess
                at = self.doc.add(f"督办单位:{'、'.join(a)}")
                self.doc.warn_lines.append(at)
                self.task(text + "。")
            self.doc.forms.append(f"line:{form}")

    def three_levels(self) -> None:  # 一、 › (一) › 1. text(phrase)
        for i in range(1, self.rnd.randint(2, 3)):
            self.doc.add(f"({cn_num(i)}){self.rnd.choice(ITEM_TITLES)}")
            self.bracketed("{n}.", self.rnd.randint(3, 4), "three")

    def bracketed(self, mark: str, stop: int, layout: str) -> None:
        """Numbered measures ``mark`` 1 … stop-1, each closed by an agency phrase in brackets."""
        for n in range(1, stop):
            text = self.text()
            phrase, lead, part, resp, form = self.phrase()
            self.doc.add(f"{mark.format(n=n)}{text}。({phrase})")
            self.doc.forms += [f"bracket:{form}", f"layout:{layout}"]
            self.task(text + "。", lead, part, resp)

    def group_line(self) -> None:  # (一) › (1)(2)(3) then one agency line for them all
        self.doc.add(f"({cn_num(1)}){self.rnd.choice(ITEM_TITLES)}")
        a = self.names(self.rnd.randint(2, 3))
        texts = [self.text() for _ in range(self.rnd.randint(2, 4))]
        for n, text in enumerate(texts, 1):
            self.doc.add(f"{n}.{text}。")
        self.doc.add(f"牵头单位:{a[0]}")
        self.doc.add(f"配合单位:{'、'.join(a[1:])}")
        for text in texts:
            self.task(text + "。", a[:1], a[1:])
        self.doc.forms.append("group:line")

    def persons_lines(self) -> None:  # 1. text / 分管领导 / 牵头责任单位 / 协同责任单位
        r = self.rnd
        for n in range(1, r.randint(3, 4)):
            text = self.text()
            a = self.names(r.randint(2, 3))
            person = r.choice(PERSONS)
            self.doc.add(f"{n}.{text}。")
            if r.random() < 0.5:
                self.doc.add(f"牵头负责领导:{person}。")
                self.doc.add(f"牵头责任单位:{a[0]}。")
                self.doc.add(f"协同责任单位:{'、'.join(a[1:])}等。")
                self.doc.forms.append("persons:lead-coop")
            else:
                self.doc.add(f"分管{self.prefix}领导:{person}")
                self.doc.add(f"部门分工:{a[0]}牵头,{'、'.join(a[1:])}配合。")
                self.doc.forms.append("persons:division")
            self.task(text + "。", a[:1], a[1:], leaders=[person])

    def four_levels(self) -> None:  # (一) › 1.heading › (1) text(phrase)
        self.doc.add(f"({cn_num(1)}){self.rnd.choice(ITEM_TITLES)}")
        for n in range(1, 3):
            self.doc.add(f"{n}.{self.rnd.choice(ITEM_TITLES)}")
            self.bracketed("({n})", self.rnd.randint(2, 3), "four")

    def section_leaders(self) -> None:  # persons on the section heading; 1﹒ numbering
        persons = self.section_persons
        for n in range(1, self.rnd.randint(3, 4)):
            text = self.text()
            phrase, lead, part, resp, form = self.phrase()
            mark = self.rnd.choice(["﹒", "、", ". "])
            self.doc.add(f"{n}{mark}{text}。({phrase})")
            self.doc.forms += [f"bracket:{form}", f"numbering:{mark.strip() or 'space'}"]
            self.task(text + "。", lead, part, resp, leaders=persons)
        self.doc.forms.append("persons:section-heading")

    def mid_paragraph(self) -> None:  # two measures in one paragraph, each with its bracket
        for n in range(1, self.rnd.randint(2, 3)):
            t1, t2 = self.text(), self.text()
            a, b = self.names(2), self.names(1)
            self.doc.add(f"{n}.{t1}({'、'.join(a)})。{t2}({b[0]})。")
            self.task(t1 + "。", resp=a)
            self.task(t2 + "。", resp=b)
            self.doc.forms.append("mid:bare")

    # the whole -------------------------------------------------------------------------------
    def make(self) -> Doc:
        self.header()
        self.body()
        if (self.seed // 7 + self.seed // 14) % 2:  # both scripts for every header kind
            self.doc.forms.append("script:traditional")
        if self.seed % 7 == 3:
            self.doc.forms.append("mirror:pinyin")
        return self.doc


def render(doc: Doc, seed: int) -> str:
    text = "\n".join(doc.lines) + "\n"
    if "mirror:pinyin" in doc.forms:
        text = "".join(c + (f"({GLOSS[c]})" if c in GLOSS else "") for c in text)
    if "script:traditional" in doc.forms:
        import opencc  # the library itself, not diffkit

        text = opencc.OpenCC("s2t").convert(text)
    return text


def build(seeds: range, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in seeds:
        doc = Maker(seed).make()
        path = out / f"doc{seed:03d}.txt"
        path.write_text(render(doc, seed), "utf-8")
        truth = {"meta": doc.meta, "tasks": doc.tasks, "warn_lines": doc.warn_lines,
                 "forms": doc.forms, "traditional": "script:traditional" in doc.forms}
        (out / f"doc{seed:03d}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                                 "utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1])
    lo, hi = (int(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "100-159").split("-"))
    print(len(build(range(lo, hi + 1), target)), "documents in", target)
