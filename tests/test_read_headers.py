"""Headers as real pages bring them (docs/real_forms.md): chrome, mastheads, covering notices
with their own numbered paragraphs, signatures, dates with ○/O/零, the document's own number
apart from those it implements, region and level. Every sentence here is our own."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from diffkit.cli import cli
from diffkit.read.clean import garbled, strip_glosses
from diffkit.read.parse import parse_result

BODY = "一、修路\n1.把东村的土路铺成水泥路,年底前通车。(甲局牵头,乙局配合)\n"


def parse(text: str):
    return parse_result(text)


def test_masthead_numbered_notice_signature_and_plan_title():
    text = ("您的位置:首页 > 政策文件\n【字体:大 中 小】 打印本页\n返回首页\n"
            "青山县人民政府文件\n青政发〔2024〕7号\n"
            "青山县人民政府关于印发青山县村道提升方案的通知\n各乡镇人民政府,县直各单位:\n"
            "现将方案印发给你们,请抓好落实。\n"
            "一、提高认识。各单位要把村道提升作为实事来办。\n"
            "二、压实责任。牵头单位要定期调度。\n"
            "青山县人民政府\n二○二四年三月五日\n(此件公开发布)\n"
            "青山县村道提升方案\n为方便群众出行,制定本方案。\n" + BODY)
    result = parse(text)
    meta = result.plan.meta
    assert (meta["title"], meta["issuer"], meta["doc_number"], meta["date"]) == (
        "青山县村道提升方案", "青山县人民政府", "青政发〔2024〕7号", "2024-03-05")
    assert (meta["region"], meta["level"]) == ("青山县", "county")
    assert "二、压实责任" in meta["notice"]
    assert [s.title for s in result.plan.sections] == ["修路"]
    assert len(result.plan.tasks) == 1
    assert {u.text for u in result.plan.unplaced} >= {"返回首页", "(此件公开发布)"}


@pytest.mark.parametrize("date,iso", [
    ("二○二三年十月八日", "2023-10-08"), ("二O二三年十月八日", "2023-10-08"),
    ("二〇二三年十月八日", "2023-10-08"), ("二零二三年十月八日", "2023-10-08"),
    ("2023年10月8日", "2023-10-08"), ("2023-10-08", "2023-10-08"),
])
def test_signature_dates(date, iso):
    text = ("关于印发河道保洁办法的通知\n各镇:\n现印发给你们。\n东河市人民政府办公室\n"
            f"{date}\n东河市河道保洁办法\n" + BODY)
    meta = parse(text).plan.meta
    assert (meta["date"], meta["issuer"], meta["title"]) == (
        iso, "东河市人民政府办公室", "东河市河道保洁办法")
    assert (meta["region"], meta["level"]) == ("东河市", "municipal")


def test_own_number_in_the_title_line_is_not_implemented():
    text = ("发文机关:南岭区人民政府\n成文日期:2022-05-06\n"
            "南岭区人民政府关于印发南岭区集市整治方案的通知(南政发〔2022〕3号)\n各街道:\n"
            "现印发给你们。\n南岭区人民政府\n2022年5月6日\n南岭区集市整治方案\n"
            "为落实《关于整治集市的意见》(北政发〔2021〕9号),制定本方案。\n" + BODY)
    meta = parse(text).plan.meta
    assert meta["doc_number"] == "南政发〔2022〕3号"
    assert meta["implements"] == ["北政发〔2021〕9号"]
    assert (meta["issuer"], meta["level"]) == ("南岭区人民政府", "county")


def test_issuer_only_in_the_signature():
    text = ("关于印发夜市管理办法的通知\n各区:\n现印发给你们。\n西川省商务厅\n2021年2月3日\n"
            "西川省夜市管理办法\n" + BODY)
    meta = parse(text).plan.meta
    assert (meta["issuer"], meta["region"], meta["level"]) == ("西川省商务厅", "西川省", "provincial")


def test_a_site_line_with_a_time_is_not_the_issuer():
    text = ("关于印发夜市管理办法的通知\n2023-01-05 10:00 区人民政府办公室\n各街道:\n现印发给你们。\n"
            "东湖区人民政府办公室\n2023年1月3日\n东湖区夜市管理办法\n" + BODY)
    meta = parse(text).plan.meta
    assert (meta["issuer"], meta["date"], meta["level"]) == ("东湖区人民政府办公室", "2023-01-03",
                                                           "county")


def test_a_news_lead_in_is_not_the_addressees():
    text = "据本报消息,近日,青山县发布了一份修路方案。方案要求如下:\n" + BODY
    assert "addressees" not in parse(text).plan.meta


def test_ministry_is_national():
    text = "交通部关于印发乡村道路养护要点的通知\n" + BODY
    assert parse(text).plan.meta["level"] == "national"


def test_pinyin_glosses_removed_and_counted():
    text = "一、修(xiū)路\n1.把土路铺成水泥路,區(qū)里负责。(甲局牵(qiān)头,乙局配合)\n"
    result = parse(text)
    task = result.plan.tasks[0]
    assert task.text == "把土路铺成水泥路,區里负责。" and task.lead == ("甲局",)
    assert any("3 pinyin glosses" in w.message for w in result.warnings)
    assert strip_glosses("工(gōng)作(zuò)") == ("工作", 2)
    assert strip_glosses("采用PPP(PPP)模式(试点)") == ("采用PPP(PPP)模式(试点)", 0)


def test_garbled_lines_are_warned():
    assert garbled("ä¸€ã€ä¿®è·¯") and garbled("?、修路") and not garbled("一、修路")
    result = parse("一、修路\n1.把土路铺成水泥路,年底通车。(甲局负责)\nä¸€ã€ä¿®è·¯\n")
    assert any(w.line == 3 and "garbled" in w.message for w in result.warnings)


def test_parse_summary_line(tmp_path):
    src = tmp_path / "p.txt"
    src.write_text("一、修路\n1.修好东桥,方便出行。(甲局负责)\n2.修好西桥,方便出行。\n", "utf-8")
    result = CliRunner().invoke(cli, ["parse", str(src)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == f"diffkit: {src}: 2 tasks, 1 with agencies, 0 warnings"


def test_site_metadata_rows_bullets_and_a_table_of_tasks_with_a_rule():
    text = ("  • 无障碍\n  • 长辈版\n您现在所在的位置: 网站首页> 政府信息公开 > 文件\n"
            "索引号: 1134/2023-00044 组配分类: 重点工作\n"
            "发布机构: 青山县人民政府(办公室) 主题分类: 综合政务\n"
            "名称: 青山县人民政府关于分解落实年度重点任务的通知 文号: 青政〔2023〕1号\n"
            "发布日期: 2023-01-30 08:56\n青山县人民政府关于分解落实年度重点任务的通知\n"
            "发布时间:2023-01-30 08:56 来源:青山县人民政府(办公室) 浏览次数: 字体:[ ]\n"
            "各乡镇人民政府,县政府各部门:\n现将年度重点任务分解印发给你们,请抓好落实。\n"
            "一、细化任务。各乡镇各部门要把任务细化到月。\n"
            "二、压实责任。各牵头县领导要靠前指挥;列第一位的责任单位为牵头单位。\n"
            "青山县人民政府\n2023年1月20日\n青山县年度重点任务分解表\n"
            "一、稳住经济大盘(牵头县领导:赵某、钱某)\n"
            "1.地区生产总值增长6%左右。(县发展和改革委员会、县统计局)\n"
            "二、办好民生实事\n2.新建改建农村公路五十公里。\n"
            "责任单位:县交通运输局、各乡镇人民政府\n")
    plan = parse(text).plan
    meta = plan.meta
    assert (meta["title"], meta["issuer"], meta["doc_number"], meta["date"]) == (
        "青山县年度重点任务分解表", "青山县人民政府", "青政〔2023〕1号", "2023-01-20")
    assert meta["notice_title"] == "青山县人民政府关于分解落实年度重点任务的通知"
    assert meta["addressees"] == "各乡镇人民政府,县政府各部门"
    assert "preamble" not in plan.to_dict()
    assert [(t.lead, t.participants, t.leaders) for t in plan.tasks] == [
        (("县发展和改革委员会",), ("县统计局",), ("赵某", "钱某")),
        (("县交通运输局",), ("各乡镇人民政府",), ())]


MASTHEAD_REPEAT = """东河市北湖区人民政府文件
东北政发〔2023〕2号
北湖区人民政府关于印发 《北湖区政府2023年重点工作任务分解 和责任分工方案》的通知

东北政发〔2023〕2号北湖区人民政府关于印发北湖区政府2023年重点工作任务分解和责任分工方案的通知

北湖经济开发区,各街道办事处,各区直部门:

经区政府同意,现将《北湖区政府2023年重点工作任务分解和责任分工方案》印发给你们,请结合实际,认真贯彻落实。

北湖区人民政府

2023年3月28日

(此件公开发布)

北湖区政府2023年重点工作

任务分解和责任分工方案

为做好今年政府工作,现就全区重点工作制定分工方案如下。

一、主要预期目标

1.地区生产总值增长6%左右。

牵头单位:区发改局

责任单位:北湖经济开发区,各街道、区直各部门

2.一般公共预算收入增长8%左右。

牵头单位:区财政局

责任单位:各街道,区税务局
"""

BAR_TABLE = """南方省人民政府关于印发2021年省《政府工作报告》重点任务分工方案的通知 (南府〔2021〕22号)
时间: 2023-02-21
来源: 南方省人民政府
核心提示:
《2021年省〈政府工作报告〉重点任务分工方案》已经省政府全体会议审议通过,现印发给你们。
发布单位 |
南方省人民政府
|
发布文号 | 南府〔2021〕22号 |
发布日期 | 2021-03-29 | 生效日期 | 2021-03-29 |
有效性状态 | 阶段性文件 | 废止日期 | 暂无 |
各地级以上市人民政府,省政府各部门、各直属机构:
《2021年省〈政府工作报告〉重点任务分工方案》已经省政府全体会议审议通过,现印发给你们,请认真贯彻执行。
南方省人民政府
2021年3月21日
2021年省《政府工作报告》重点任务分工方案
为做好今年全省政府工作,现将重点任务逐项明确分管省领导和部门分工。
一、主要预期目标
1.地区生产总值增长6%以上。
分管省领导:孙某某
部门分工:省发展改革委牵头,各地、各部门配合。
2.地方一般公共预算收入增长5%左右。
分管省领导:孙某某
部门分工:省财政厅牵头,省税务局、各地配合。
"""


@pytest.mark.parametrize("text,title,issuer,number,date,addressees", [
    (MASTHEAD_REPEAT, "北湖区政府2023年重点工作任务分解和责任分工方案", "东河市北湖区人民政府",
     "东北政发〔2023〕2号", "2023-03-28", "北湖经济开发区,各街道办事处,各区直部门"),
    (BAR_TABLE, "2021年省《政府工作报告》重点任务分工方案", "南方省人民政府", "南府〔2021〕22号",
     "2021-03-21", "各地级以上市人民政府,省政府各部门、各直属机构"),
])
def test_masthead_with_a_repeated_title_line_and_a_site_table_with_bars(
        text, title, issuer, number, date, addressees):
    plan = parse(text).plan
    meta = plan.meta
    assert (meta["title"], meta["issuer"], meta["doc_number"], meta["date"],
            meta["addressees"]) == (title, issuer, number, date, addressees)
    assert plan.preamble.startswith("为做好今年")
    assert "implements" not in meta
    assert [len(t.lead) for t in plan.tasks] == [1, 1]
