"""The seed dataset: plan.json checked against the source text it encodes."""

from __future__ import annotations

import json
import re

from conftest import SEED

import diffkit

SOURCE = (SEED / "source.txt").read_text("utf-8").split("\n")


def test_counts_and_ids(seed_plan):
    assert len(seed_plan.sections) == 9
    items = [i for s in seed_plan.sections for i in s.items]
    assert [i.id for i in items] == [str(n) for n in range(1, 32)]
    assert len(seed_plan.tasks) == 34
    assert [t.id for t in items[1].tasks] == ["2.1", "2.2", "2.3"]
    assert [t.id for t in items[3].tasks] == ["4.1", "4.2"]
    assert all(len(i.tasks) == 1 for i in items if i.id not in ("2", "4"))


def test_meta(seed_plan):
    m = seed_plan.meta
    assert (m["issuer"], m["doc_number"], m["date"], m["status"], m["level"]) == (
        "四川省人民政府办公厅", "川办函〔2016〕212号", "2016-12-30", "expired", "provincial")
    assert m["implements"] == ["国发〔2016〕18号"] and m["region"] == "四川省"
    assert m["title"] == "四川省深化泛珠三角区域合作重点工作分工方案"
    assert seed_plan.abbreviations == {"省铁投集团": "省铁路产业投资集团有限责任公司"}


def test_section_headings_match_source(seed_plan):
    headings = [ln for ln in SOURCE if re.match(r"^[一二三四五六七八九十]+、", ln)]
    assert [f"{s.number}、{s.title}" for s in seed_plan.sections] == headings


def test_every_task_matches_the_source_text_and_agency_lines(seed_plan):
    """Each task's text is a source paragraph (after its item heading, if any), followed by
    the 牵头单位 and 参与单位 lines that list exactly its agencies."""
    for ref in seed_plan.refs:
        t = ref.task
        heading = f"({ref.item.number}){ref.item.title}。"
        candidates = [k for k, ln in enumerate(SOURCE)
                      if ln == t.text or ln == heading + t.text]
        assert len(candidates) == 1, t.id
        k = candidates[0]
        expected_first = t.id.endswith(".1")
        assert SOURCE[k].startswith(heading) == expected_first, t.id
        lead_line = SOURCE[k + 1].removeprefix("牵头单位:")
        part_line = SOURCE[k + 2].removeprefix("参与单位:")
        assert lead_line.split("、") == list(t.lead), t.id
        written = [re.sub(r"\(以下简称.+?\)$", "", n) for n in part_line.split("、")]
        assert written == list(t.participants), t.id


def test_no_source_paragraph_is_missing(seed_plan):
    texts = {t.text for t in seed_plan.tasks}
    body = SOURCE[SOURCE.index(seed_plan.preamble) + 1:]
    paragraphs = [ln for ln in body if not re.match(r"^([一二三四五六七八九十]+、|牵头单位:|参与单位:)", ln)]
    assert len(paragraphs) == 34
    for ln in paragraphs:
        assert ln in texts or any(ln.endswith(t) and ln.startswith("(") for t in texts), ln


def test_sample_tasks(seed_plan):
    t = seed_plan.ref("2.2").task
    assert t.text.startswith("改革服务业发展体制") and t.lead == ("商务厅", "省发展改革委")
    assert len(t.participants) == 15 and t.participants[-1] == "各市(州)人民政府"
    t = seed_plan.ref("7.1").task
    assert "省铁路产业投资集团有限责任公司" in t.participants
    assert "省铁投集团" in seed_plan.ref("17.1").task.participants
    assert seed_plan.ref("5.1").task.participants[0] == "人行成都分行等省社会信用体系建设联席会议成员单位"


def test_dataset_is_valid():
    assert diffkit.validate_plan(json.loads((SEED / "plan.json").read_text("utf-8"))) == []
