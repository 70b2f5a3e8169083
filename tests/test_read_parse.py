"""The parser: the seed byte for byte, constructed golden variants, each recognised form, and
the properties that it never crashes and never loses a line."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from diffkit.errors import DiffkitError, InputError
from diffkit.model import validate_plan
from diffkit.normalize import fold
from diffkit.read.parse import (
    ParseWarning,
    default_id,
    parse_file,
    parse_result,
    parse_text,
    read_text,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "datasets/sichuan_2016"
CASES = sorted(p for p in (ROOT / "tests/cases/parse").iterdir() if (p / "input.txt").exists())


def parse(text: str, **kw):
    return parse_result(text, **kw).plan


def only_task(plan):
    (task,) = plan.tasks
    return task


# -- the seed and the golden variants --------------------------------------------------------------
def test_seed_rebuilds_plan_json_byte_for_byte():
    plan = parse_file(SEED / "source.txt")
    assert plan.to_json().encode("utf-8") == (SEED / "plan.json").read_bytes()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case):
    opts_file = case / "options.json"
    opts = json.loads(opts_file.read_text("utf-8")) if opts_file.exists() else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ParseWarning)
        plan = parse_file(case / "input.txt", **opts)
    expected = (case / "expected.json").read_text("utf-8")
    assert plan.to_json() == expected
    assert validate_plan(json.loads(expected)) == []


def test_seed_variants_keep_all_34_tasks_and_agencies():
    seed = parse_file(SEED / "source.txt")
    for name in ("gb18030", "utf16", "crlf", "traditional_simplified", "inline_brackets",
                 "responsible_only", "wrapped", "web_copy"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ParseWarning)
            plan = parse_file(ROOT / "tests/cases/parse" / name / "input.txt",
                              simplified=name == "traditional_simplified")
        assert [fold(t.text) for t in plan.tasks] == [fold(t.text) for t in seed.tasks], name
        assert [t.lead for t in plan.tasks] == [t.lead for t in seed.tasks], name


# -- agencies -----------------------------------------------------------------------------------------
HEAD = "一、总体安排\n"


@pytest.mark.parametrize("brackets", ["（）", "〔〕", "[]", "【】", "()"])
def test_inline_bracket_agencies(brackets):
    o, c = brackets
    plan = parse(HEAD + f"（一）建设平台。推进建设，加快发展。{o}牵头单位：省发展改革委；"
                        f"参与单位：科技厅、各市（州）人民政府{c}\n")
    task = only_task(plan)
    assert task.text == "推进建设，加快发展。"
    assert task.lead == ("省发展改革委",)
    assert task.participants == ("科技厅", "各市（州）人民政府")


@pytest.mark.parametrize("sep", ["、", "，", ",", "；", ";"])
def test_name_separators(sep):
    plan = parse(HEAD + "(一)建设平台。推进建设。\n牵头单位:甲厅\n"
                        f"参与单位:乙厅{sep}丙局(港澳)办{sep}丁委\n")
    assert only_task(plan).participants == ("乙厅", "丙局(港澳)办", "丁委")


def test_responsible_only_is_never_read_as_a_lead():
    task = only_task(parse(HEAD + "(一)建设平台。推进建设。\n责任单位:甲厅、乙厅、丙局\n"))
    assert (task.lead, task.participants) == ((), ())
    assert task.responsible == ("甲厅", "乙厅", "丙局")
    assert dict(task.labels) == {}


def test_responsible_only_with_a_stated_rule_first_is_lead():
    plan = parse(HEAD + "各项任务中排在第一位的为牵头单位。\n"
                        "(一)建设平台。推进建设。\n责任单位:甲厅、乙厅、丙局\n")
    task = only_task(plan)
    assert (task.lead, task.participants, task.responsible) == (("甲厅",), ("乙厅", "丙局"), ())
    assert dict(task.labels) == {"lead": "责任单位", "participants": "责任单位"}
    assert plan.meta["role_rule"] == "排在第一位的为牵头单位"


@pytest.mark.parametrize("marked", ["乙厅牵头", "乙厅（牵头）", "乙厅(牵头)"])
def test_responsible_with_lead_mark(marked):
    task = only_task(parse(HEAD + f"(一)建设平台。推进建设。\n责任单位:甲厅、{marked}、丙局\n"))
    assert (task.lead, task.participants) == (("乙厅",), ("甲厅", "丙局"))


def test_responsible_beside_lead_is_participants():
    task = only_task(parse(HEAD + "(一)建设平台。推进建设。\n牵头部门:甲厅\n责任部门:乙厅、丙局\n"))
    assert (task.lead, task.participants) == (("甲厅",), ("乙厅", "丙局"))
    assert dict(task.labels) == {"lead": "牵头部门", "participants": "责任部门"}


@pytest.mark.parametrize("label", ["配合单位", "协办单位", "参与部门"])
def test_other_participant_labels(label):
    task = only_task(parse(HEAD + f"(一)建设平台。推进建设。\n牵头单位:甲厅\n{label}:乙厅\n"))
    assert task.participants == ("乙厅",)
    assert dict(task.labels) == {"participants": label}


def test_role_phrase_in_brackets():
    task = only_task(parse(HEAD + "(一)建设平台。推进建设。（甲厅牵头，乙厅、丙局配合）\n"))
    assert (task.text, task.lead, task.participants) == ("推进建设。", ("甲厅",), ("乙厅", "丙局"))


def test_abbreviation_in_agency_list_moves_to_abbreviations():
    plan = parse(HEAD + "(一)建设平台。推进建设。\n牵头单位:省铁路产业投资集团有限责任公司"
                        "（以下简称“省铁投集团”）\n(二)建设网络。推进。\n牵头单位:省铁投集团\n")
    assert plan.tasks[0].lead == ("省铁路产业投资集团有限责任公司",)
    assert plan.abbreviations == {"省铁投集团": "省铁路产业投资集团有限责任公司"}


def test_paragraphs_after_agency_lines_are_new_tasks():
    plan = parse(HEAD + "(一)建设平台。甲事。\n牵头单位:甲厅\n乙事。\n牵头单位:乙厅\n")
    assert [(t.id, t.text, t.lead) for t in plan.tasks] == [
        ("1.1", "甲事。", ("甲厅",)), ("1.2", "乙事。", ("乙厅",))]


# -- deadlines ------------------------------------------------------------------------------------------
def test_deadline_line_and_inline():
    plan = parse(HEAD + "(一)建设平台。甲事。\n牵头单位:甲厅\n完成时限:2017年底前\n"
                        "(二)建设网络。力争2018年6月底前完成。\n牵头单位:乙厅\n"
                        "(三)建设队伍。持续推进。\n牵头单位:丙厅\n")
    assert [t.deadline for t in plan.tasks] == ["2017年底前", "2018年6月底前", None]
    assert plan.tasks[1].text == "力争2018年6月底前完成。"


@pytest.mark.parametrize("bracket,lead,part,due", [
    ("（牵头单位：甲厅；责任单位：乙厅，各市（州）人民政府；2017年底前完成）", ("甲厅",),
     ("乙厅", "各市（州）人民政府"), "2017年底前完成"),
    ("（甲厅牵头，乙厅等按职责分工负责，持续推进）", ("甲厅",), ("乙厅",), "持续推进"),
])
def test_deadline_inside_an_agency_bracket(bracket, lead, part, due):
    task = only_task(parse(HEAD + "（一）建设。推进建设。" + bracket + "\n"))
    assert (task.text, task.lead, task.participants, task.deadline) == ("推进建设。", lead, part, due)


# -- numbering ---------------------------------------------------------------------------------------------
def test_restart_numbering_gives_section_item_ids():
    plan = parse("一、甲\n(一)甲一。事。\n牵头单位:甲\n二、乙\n(一)乙一。事。\n牵头单位:乙\n")
    assert [r.item.id for r in plan.refs] == ["1.1", "2.1"]
    assert [t.id for t in plan.tasks] == ["1.1.1", "2.1.1"]


@pytest.mark.parametrize("marks", [("1.", "2."), ("1、", "2、"), ("１．", "２．"), ("（1）", "（2）"),
                                   ("(1)", "(2)"), ("①", "②")])
def test_numbered_tasks_under_items(marks):
    plan = parse(HEAD + f"(一)建设平台。\n{marks[0]}甲事。\n牵头单位:甲\n{marks[1]}乙事。\n牵头单位:乙\n")
    assert [(t.id, t.text, t.lead) for t in plan.tasks] == [
        ("1.1", "甲事。", ("甲",)), ("1.2", "乙事。", ("乙",))]


def test_nested_numbers_follow_the_document():
    plan = parse(HEAD + "(一)建设平台。\n1.甲事。\n(1)甲一。\n(2)甲二。\n牵头单位:甲\n2.乙事。\n")
    assert [t.id for t in plan.tasks] == ["1.1", "1.1.1", "1.1.2", "1.2"]


def test_bare_numbered_list_without_sections():
    plan = parse("1.甲事。（牵头单位：甲）\n2.乙事。（牵头单位：乙）\n")
    assert [s.id for s in plan.sections] == ["1"]
    assert [(t.id, t.lead) for t in plan.tasks] == [("1.1", ("甲",)), ("2.1", ("乙",))]


def test_item_title_on_its_own_line():
    plan = parse(HEAD + "（一）优化区域经济发展格局\n建立衔接机制，深化合作。\n牵头单位：甲\n")
    item = plan.sections[0].items[0]
    assert item.title == "优化区域经济发展格局"
    assert item.tasks[0].text == "建立衔接机制，深化合作。"


def test_tab_separated_table_copied_from_word():
    text = ("某省分工方案\n序号\t重点任务\t牵头单位\t参与单位\t备注\n"
            "1\t建设平台。\t甲厅\t乙厅、丙局（以下简称丙）\t重要\n2\t推进合作。\t乙厅\t\t\n注：按职责落实。\n")
    result = parse_result(text)
    plan = result.plan
    assert plan.meta["title"] == "某省分工方案"
    assert [(t.id, t.text, t.lead, t.participants) for t in plan.tasks] == [
        ("1.1", "建设平台。", ("甲厅",), ("乙厅", "丙局")), ("2.1", "推进合作。", ("乙厅",), ())]
    assert plan.abbreviations == {"丙": "丙局"}
    assert [(u.line, u.text) for u in plan.unplaced] == [(3, "重要"), (5, "注：按职责落实。")]
    assert "column 5 (备注)" in result.warnings[0].message


def test_tab_table_with_section_rows():
    plan = parse("序号\t重点任务\t牵头单位\n一、经济\n1\t建设平台。\t甲\n二、社会\n1\t加强交流。\t丁\n")
    assert [s.title for s in plan.sections] == ["经济", "社会"]
    assert [t.id for t in plan.tasks] == ["1.1.1", "2.1.1"]


# -- header ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("word,status", [("(已失效)", "expired"), ("（已废止）", "repealed"),
                                         ("有效", "in_force"), ("【现行有效】", "in_force")])
def test_status(word, status):
    assert parse(word + "\n" + HEAD + "(一)甲。事。\n").meta["status"] == status


def test_header_fields():
    text = ("某某省人民政府办公厅\n关于印发某某工作\n方案的通知\n某办发〔2020〕3号\n"
            "各市人民政府，省直各部门：\n现印发你们，请认真贯彻执行。\n"
            "为落实《国务院关于某事的意见》（国发〔2019〕7号），制定本方案。\n"
            + HEAD + "(一)甲。事。\n牵头单位:甲\n某某省人民政府办公厅\n二〇二〇年三月五日\n")
    plan = parse(text)
    assert plan.meta == {
        "issuer": "某某省人民政府办公厅", "notice_title": "关于印发某某工作方案的通知",
        "doc_number": "某办发〔2020〕3号", "date": "2020-03-05",
        "addressees": "各市人民政府，省直各部门", "notice": "现印发你们，请认真贯彻执行。",
        "title": "某某工作方案", "region": "某某省", "level": "provincial",
        "implements": ["国发〔2019〕7号"]}
    assert plan.preamble.startswith("为落实")
    assert plan.unplaced == ()


def test_chrome_is_left_out_with_a_warning_and_kept_in_unplaced():
    text = "首页 > 政策 > 文件\n浏览次数：12\n" + HEAD + "(一)甲。保护老字号，事。\n牵头单位:甲\n【打印本页】【关闭窗口】\n"
    result = parse_result(text)
    assert [u.line for u in result.plan.unplaced] == [1, 2, 6]
    assert all("chrome" in w.message for w in result.warnings)
    assert result.plan.tasks[0].text == "保护老字号，事。"
    assert result.plan.tasks[0].lead == ("甲",)


def test_line_outside_any_item_is_unplaced_with_its_line_number():
    result = parse_result("一、甲\r\n\r\n牵头单位:孤\r\n(一)甲。事。\r\n")
    assert [(u.line, u.text) for u in result.plan.unplaced] == [(3, "牵头单位:孤")]
    assert str(result.warnings[0]).startswith("line 3: ")


def test_text_outside_items_is_unplaced_once_even_with_agencies():
    result = parse_result("一、甲\n孤立的一句。（牵头单位：甲）\n(一)甲。事。\n")
    assert [(u.line, u.text) for u in result.plan.unplaced] == [(2, "孤立的一句。（牵头单位：甲）")]


def test_zero_width_and_odd_spaces_in_names():
    task = only_task(parse(HEAD + "\u3000\u3000(一)甲。事。\n牵头单位：\u200b省发展\u200d改革委\ufeff、"
                                  "\u00a0科技厅\u3000\n"))
    assert task.lead == ("省发展改革委", "科技厅")


def test_traditional_text_stays_unless_simplified():
    text = "一、總體安排\n（一）建設平臺。推進建設。\n牽頭單位：發展改革委\n參與單位：科技廳\n"
    task = only_task(parse(text))
    assert (task.text, task.lead, task.participants) == ("推進建設。", ("發展改革委",), ("科技廳",))
    assert task.labels == ()
    assert only_task(parse(text, simplified=True)).text == "推进建设。"


def test_parse_text_issues_parse_warnings():
    with pytest.warns(ParseWarning, match="line 1: web page chrome"):
        plan = parse_text("打印本页\n" + HEAD + "(一)甲。事。\n", id="x")
    assert plan.id == "x"


def test_no_tasks_is_an_input_error():
    with pytest.raises(InputError, match="no numbered tasks found.*is this a plan"):
        parse("这是一段普通的文字。\n没有编号。\n")


# -- reading files ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le",
                                      "utf-16-be"])
def test_read_text_detects_encodings(tmp_path, encoding):
    text = (SEED / "source.txt").read_text("utf-8")
    path = tmp_path / "p.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text


def test_read_text_encoding_override_and_errors(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes("一、甲".encode("gb18030"))
    assert read_text(path, encoding="gb18030") == "一、甲"
    with pytest.raises(InputError, match="not valid utf-8.*--encoding gb18030"):
        read_text(path, encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        read_text(path, encoding="klingon")
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match="binary|cannot decode"):
        read_text(path)


def test_default_id(tmp_path):
    assert default_id(SEED / "source.txt") == "sichuan_2016"
    assert default_id(tmp_path / "guangxi_2017.txt") == "guangxi_2017"


# -- properties ------------------------------------------------------------------------------------------
_SEED_LINES = (SEED / "source.txt").read_text("utf-8").splitlines()
_CJK = st.text(alphabet="建设推进加快省厅委局市县合作发展机制平台体系甲乙丙丁的和与了在,，。、；:：()（）",
               min_size=1, max_size=30)
_LINE = st.one_of(
    st.sampled_from(_SEED_LINES),
    _CJK,
    st.tuples(st.sampled_from(["一、", "(一)", "（二）", "1.", "2、", "(1)", "①", "十一、"]),
              _CJK).map("".join),
    st.tuples(st.sampled_from(["牵头单位：", "参与单位:", "责任单位：", "配合部门:", "完成时限:"]),
              _CJK).map("".join),
    st.sampled_from(["浏览次数：3", "【打印本页】", "(已失效)", "2016年1月2日", "川办函〔2016〕1号",
                     "关于印发某方案的通知", "各市人民政府:", "甲（以下简称乙）", "2017年底前完成。",
                     "序号\t重点任务\t牵头单位", "3\t推进。\t甲厅、乙局", "\t\t", "1.1\t任务"]),
    st.text(max_size=20),
)
_OPENING = ("一、总体要求", "（一）加强区域合作，推进规划衔接。")
_LABEL_WORDS = re.compile("牵头单位|牵头部门|参与单位|参与部门|配合单位|配合部门|协办单位|责任单位|"
                          "责任部门|完成时限|完成时间|时间节点|时限要求|以下简称|以下称|牵头|参与|配合|协办|"
                          "已失效|已废止|现行有效|失效|废止|有效|发文字号|成文日期|有效性|发文机关|"
                          "序号|重点任务")  # and the header row of a table
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日")


_NUMBER = re.compile(r"^([一二三四五六七八九十百零〇两]+[、.．]|[(（][一二三四五六七八九十百零〇两\d]+[)）]|"
                     r"[\d０-９]+[.、．]|[\u2460-\u2473])")


def _strings(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    else:
        yield str(value)


def _runs(line: str) -> list[str]:
    """The content of a line, in runs that the plan must hold somewhere."""
    from diffkit.normalize import nfkc, to_simplified
    line = _DATE.sub(" ", to_simplified(nfkc(_NUMBER.sub(r"\1 ", line.strip()))))
    line = _LABEL_WORDS.sub(" ", line)
    return [f for part in re.split(r"[\s\W_]+", line) if (f := fold(part))]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, min_size=1, max_size=25), st.sampled_from(["\n", "\r\n", "\r"]))
def test_property_never_crashes_never_loses_a_line(lines, newline):
    # a numbered task first, so that the text is a plan and the property is reached (the
    # lines after it may be anything); a text that still is no plan is rejected, not passed
    text = newline.join([*_OPENING, *lines])
    try:
        plan = parse_result(text).plan
    except DiffkitError:
        reject()
    data = plan.to_dict()
    assert validate_plan(data) == []
    held = fold("\n".join(_strings(data)))
    for line in re.split(r"\r\n|\r|\n", text):
        for run in _runs(line):
            assert run in held, (line, run)
