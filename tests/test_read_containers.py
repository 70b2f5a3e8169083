"""The container readers: the seed as a web page (UTF-8 and GBK), a Word file (numbers written
out, or Word's automatic numbering) and a PDF gives the plan its text gives, apart from
``meta.source_format``; its task table in .docx, HTML and PDF gives the plan `diffkit import`
makes of the same rows. Every fixture is written by tests/containers.py."""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from diffkit.cli import cli
from diffkit.read.parse import parse_file
from diffkit.read.sheet import import_sheet
from diffkit.read.source import read_source
from tests import containers as c

SEED_TEXT = c.SEED / "source.txt"


def _plan(path: Path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_file(path, id="seed", **kw)


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("containers")
    lines = c.seed_lines()
    rows = c.task_rows(c.seed_plan())
    head = lines[:9]
    files = {
        "html": d / "seed.html", "html_gbk": d / "seed_gbk.htm", "docx": d / "seed.docx",
        "docx_auto": d / "seed_auto.docx", "pdf": d / "seed.pdf",
        "t_docx": d / "table.docx", "t_docx_merged": d / "table_merged.docx",
        "t_html": d / "table.html", "t_pdf": d / "table.pdf",
    }
    files["html"].write_bytes(c.html_page(lines))
    files["html_gbk"].write_bytes(c.html_page(lines, encoding="gbk"))
    c.write_docx(files["docx"], lines)
    c.write_docx(files["docx_auto"], lines, auto_numbers=True)
    c.write_pdf(files["pdf"], lines, centered=c.SEED_CENTERED, flush=c.SEED_FLUSH)
    c.write_docx(files["t_docx"], head, table=rows)
    c.write_docx(files["t_docx_merged"], head, table=rows, vertical_merge=True)
    files["t_html"].write_bytes(c.html_page(head, table=rows))
    c.write_pdf(files["t_pdf"], head, centered=c.SEED_CENTERED, flush=c.SEED_FLUSH, table=rows)
    files["rows_csv"] = d / "rows.csv"
    with open(files["rows_csv"], "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return files


@pytest.mark.parametrize("kind,fmt", [("html", "html"), ("html_gbk", "html"),
                                      ("docx", "docx"), ("docx_auto", "docx"), ("pdf", "pdf")])
def test_each_container_gives_the_plan_of_the_text(seed_files, kind, fmt):
    want = _plan(SEED_TEXT).to_dict()
    got = _plan(seed_files[kind]).to_dict()
    assert got["meta"].pop("source_format") == fmt
    assert got == want
    assert len(_plan(SEED_TEXT).tasks) == 34


def test_the_pdf_text_is_the_text_line_for_line(seed_files):
    """Page numbers gone, every paragraph cut at the page width joined again."""
    source = read_source(seed_files["pdf"])
    want = [ln for ln in SEED_TEXT.read_text("utf-8").splitlines() if ln.strip()]
    assert source.text.splitlines() == want
    assert source.format == "pdf"
    assert [n.message for n in source.notes] == ["13 page numbers left out"]


@pytest.mark.parametrize("kind", ["t_docx", "t_docx_merged", "t_html", "t_pdf"])
def test_a_task_table_becomes_the_tasks_import_makes(seed_files, kind):
    want = import_sheet(seed_files["rows_csv"], id="seed")
    got = _plan(seed_files[kind])
    assert len(got.tasks) == 34
    assert got.to_dict()["sections"] == want.to_dict()["sections"]
    assert got.meta["source_format"] == kind.split("_")[1]
    assert got.meta["issuer"] == "四川省人民政府办公厅"  # the paragraphs above the table


def test_a_docx_saved_as_txt_and_a_page_saved_as_doc_are_read_by_content(seed_files,
                                                                         tmp_path):
    as_txt = tmp_path / "plan.txt"
    as_txt.write_bytes(seed_files["docx"].read_bytes())
    as_doc = tmp_path / "page.doc"
    as_doc.write_bytes(seed_files["html_gbk"].read_bytes())
    assert _plan(as_txt) == _plan(seed_files["docx"])
    assert _plan(as_doc) == _plan(seed_files["html_gbk"])


def test_diffkit_parse_records_the_format_and_warns_what_it_left_out(seed_files, tmp_path):
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(cli, ["parse", str(seed_files["html_gbk"]), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    plan = json.loads(out.read_text("utf-8"))
    assert plan["meta"]["source_format"] == "html"
    # navigation, breadcrumbs, share bar, print/close links, related links, footer
    assert "page: 6 blocks of site navigation, share bars and footers left out" in result.stderr
    text = read_source(seed_files["html_gbk"]).text
    for chrome in ("首页", "当前位置", "分享到", "打印本页", "关闭窗口", "版权所有", "浏览次数",
                   "政务公开栏目", "var _hmt", ".nav li"):
        assert chrome not in text
    assert text.splitlines()[0] == c.seed_lines()[0]


def test_compare_and_corpus_take_the_same_files(seed_files, tmp_path):
    run = CliRunner().invoke
    same = run(cli, ["compare", str(seed_files["pdf"]), str(seed_files["docx_auto"]),
                     "--format", "json", "--exit-code"])
    assert same.exit_code == 0, same.stderr
    assert json.loads(same.stdout)["summary"]["unchanged"] == 34
    guideline = tmp_path / "g.json"
    _plan(SEED_TEXT).save(guideline)
    plans = []
    for kind in ("html_gbk", "docx_auto", "pdf"):
        plans.append(tmp_path / f"{kind}{seed_files[kind].suffix}")
        plans[-1].write_bytes(seed_files[kind].read_bytes())
    corpus = run(cli, ["corpus", *map(str, plans), "-g", str(guideline), "--format", "json"])
    assert corpus.exit_code == 0, corpus.stderr
    rows = json.loads(corpus.stdout)["plans"]
    assert [(r["id"], r["tasks"], r["coverage"]) for r in rows] == [
        ("html_gbk", 34, 1.0), ("docx_auto", 34, 1.0), ("pdf", 34, 1.0)]


def test_reading_text_imports_no_container_library():
    import subprocess
    import sys
    code = ("import sys, warnings; warnings.simplefilter('ignore'); "
            "from diffkit import parse_file; "
            f"parse_file({str(SEED_TEXT)!r}); "
            "print([m for m in ('lxml', 'docx', 'pdfplumber', 'pdfminer', 'fpdf') "
            "if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code], cwd=c.ROOT, capture_output=True,
                          text=True, check=True)
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize("value,valid", [("pdf", True), ("docx", True), ("html", True),
                                         ("text", True), ("rtf", False), (3, False)])
def test_source_format_in_the_schema(value, valid):
    from diffkit.errors import ValidationError
    from diffkit.model import Plan
    data = c.seed_plan()
    data["meta"]["source_format"] = value
    if valid:
        assert Plan.from_dict(data).meta["source_format"] == value
    else:
        with pytest.raises(ValidationError, match="source_format"):
            Plan.from_dict(data)


def test_automatic_numbering_restarting_per_section_gives_the_texts_plan(tmp_path):
    lines = ["某县人民政府办公室关于印发重点任务分工方案的通知", "各乡镇人民政府，县政府各部门：",
             "现将《重点任务分工方案》印发给你们，请认真贯彻执行。", "重点任务分工方案"]
    for s, section in enumerate(("一、推进产业发展", "二、改善民生服务"), 1):
        lines.append(section)
        for i, item in enumerate(("（一）培育龙头企业", "（二）扩大有效投资"), 1):
            lines.append(item + f"，完成第{s}{i}项年度目标。")
            lines += [f"{k}.细化第{k}项措施，明确责任。" for k in (1, 2)]
            lines.append(f"牵头单位：县发展改革局；配合单位：县财政局、县第{s}{i}办")
    path = c.write_docx(tmp_path / "auto.docx", lines, auto_numbers=True)
    import docx
    written = [p.text for p in docx.Document(str(path)).paragraphs]
    assert written[4:7] == ["推进产业发展", "培育龙头企业，完成第11项年度目标。", "细化第1项措施，明确责任。"]
    text = tmp_path / "auto.txt"
    text.write_text("\n".join(lines), "utf-8")
    assert read_source(path).text.splitlines() == lines
    got, want = _plan(path).to_dict(), _plan(text).to_dict()
    assert got["meta"].pop("source_format") == "docx"
    assert got == want and len(_plan(text).tasks) >= 4
    with pytest.raises(c.NotRepresentable):
        c.auto_numbering(["一、甲", "三、乙"])
