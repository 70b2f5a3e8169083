"""Each reader on its own: HTML charsets, structure and tables; Word numbering formats and
restarts, text boxes, deleted text; PDF page furniture, letter spacing, scans, locks and
damage; sniffing by content. Sentences are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffkit.errors import InputError
from diffkit.read.blocks import Table, to_text
from diffkit.read.docx import chinese, format_number
from diffkit.read.html import read_html
from diffkit.read.sniff import sniff
from diffkit.read.source import read_source
from tests import containers as c

PLAN = ["某市人民政府办公室关于印发示范区建设实施方案的通知",
        "各区人民政府，市政府各部门：",
        "现将《示范区建设实施方案》印发给你们，请认真贯彻落实。",
        "一、总体要求",
        "（一）完善园区配套设施。加快道路管网建设，提升公共服务水平。",
        "牵头单位：市发展改革委",
        "配合单位：市财政局、市住房城乡建设局"]


# -- HTML ---------------------------------------------------------------------------------------
def _html(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def test_html_charset_declared_wrongly_is_detected(tmp_path):
    page = ('<html><head><meta charset="gb2312"></head><body><div><p>'
            + "</p><p>".join(PLAN) + "</p></div></body></html>")
    doc = read_html(page.encode("utf-8"), tmp_path / "p.html")  # says GB2312, is UTF-8
    assert to_text(doc.blocks).splitlines() == PLAN


def test_html_gbk_by_meta_and_utf16_by_bom(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK">'
            "</head><body><p>" + "</p><p>".join(PLAN) + "</p></body></html>")
    assert to_text(read_html(page.encode("gbk"), "p").blocks).splitlines() == PLAN
    data = page.replace("GBK", "utf-8").encode("utf-16")
    assert sniff(data, "p") == "html"
    assert to_text(read_html(data, "p").blocks).splitlines() == PLAN


def test_html_paragraphs_from_blocks_and_br_inline_kept_together():
    body = ("<div class='content'><p>一、总体<b>要求</b></p><div>（一）完善园区<span>配套"
            "</span>设施。<br>牵头单位：市发展改革委<br/>配合单位：市财政局</div>"
            "<p>  \n 二、\n保障措施 </p><pre>（二）\n预留行</pre></div>")
    lines = to_text(read_html(_html(body), "p").blocks).splitlines()
    assert lines == ["一、总体要求", "（一）完善园区配套设施。", "牵头单位：市发展改革委",
                     "配合单位：市财政局", "二、 保障措施", "（二）", "预留行"]


def test_html_chrome_is_dropped_by_structure_not_by_words():
    body = ("<div id='breadcrumb'>首页 &gt; 文件</div><div class='bdsharebuttonbox'>分享到</div>"
            "<div style='display:none'>隐藏的文字不算正文</div>"
            "<div class='article'><p>一、总体要求</p><p>（一）任务。文中提到分享到和打印本页。</p>"
            "</div><div class='footer'>版权所有</div><script>var a = '一、脚本';</script>")
    lines = to_text(read_html(_html(body), "p").blocks).splitlines()
    assert lines == ["一、总体要求", "（一）任务。文中提到分享到和打印本页。"]


def test_html_heading_outside_the_article_is_kept_first():
    body = ("<div class='main'><h1>示范区建设实施方案</h1><div class='info'>发布时间：2020-01-01</div>"
            "<div class='TRS_Editor'>" + "".join(f"<p>{x}</p>" for x in PLAN[3:]) + "</div></div>")
    lines = to_text(read_html(_html(body), "p").blocks).splitlines()
    assert lines == ["示范区建设实施方案", *PLAN[3:]]


def test_html_table_spans_fill_the_grid_and_layout_tables_read_as_paragraphs():
    data = ("<table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th></tr>"
            "<tr><td colspan='4'>一、总体要求</td></tr>"
            "<tr><td>1</td><td>完善园区配套设施</td><td rowspan='2'>市发展改革委</td>"
            "<td>市财政局<br>市住房城乡建设局</td></tr>"
            "<tr><td>2</td><td>提升公共服务水平</td><td>市教育局</td></tr></table>")
    layout = "<table><tr><td><table><tr><td>x</td><td>y</td></tr></table><p>正文一段</p></td></tr></table>"
    doc = read_html(_html(data + layout), "p")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert tables[0].rows == [
        ["序号", "重点任务", "牵头单位", "配合单位"], ["一、总体要求"] * 4,
        ["1", "完善园区配套设施", "市发展改革委", "市财政局\n市住房城乡建设局"],
        ["2", "提升公共服务水平", "市发展改革委", "市教育局"]]
    text = to_text(doc.blocks).splitlines()
    assert text[:4] == ["序号\t重点任务\t牵头单位\t配合单位", "\t".join(["一、总体要求"] * 4),
                        "1\t完善园区配套设施\t市发展改革委\t市财政局、市住房城乡建设局",
                        "2\t提升公共服务水平\t市发展改革委\t市教育局"]
    assert text[4:] == ["x", "y", "正文一段"]


def test_html_with_50_mb_of_script_is_read_quickly(tmp_path):
    import time
    page = c.html_page(PLAN, script_bytes=50_000_000)
    start = time.perf_counter()
    lines = to_text(read_html(page, tmp_path / "big.html").blocks).splitlines()
    assert time.perf_counter() - start < 10
    assert lines == PLAN


# -- Word ---------------------------------------------------------------------------------------
def test_number_formats():
    assert [chinese(n) for n in (1, 10, 11, 20, 21, 99, 100, 105, 110, 999)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百〇五", "一百一十",
        "九百九十九"]
    assert format_number(105, "chineseCounting") == "一百零五"
    assert [format_number(3, f) for f in ("decimal", "ideographTraditional", "upperLetter",
                                          "lowerRoman", "decimalEnclosedCircle",
                                          "decimalFullWidth", "chineseLegalSimplified")] == [
        "3", "丙", "C", "iii", "③", "３", "叁"]


def _numbered_docx(path: Path, paragraphs: list[tuple[str, str | None, int]],
                   lists: dict[str, tuple[str, dict[int, int]]], levels: dict[str, str]) -> Path:
    """paragraphs: (text, numId or None, ilvl); lists: numId → (abstractNumId, overrides);
    levels: abstractNumId → <w:lvl> XML."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first = numbering.find(qn("w:num"))
    for aid, xml in levels.items():
        el = parse_xml(f'<w:abstractNum {ns} w:abstractNumId="{aid}">{xml}</w:abstractNum>')
        first.addprevious(el) if first is not None else numbering.append(el)
    for nid, (aid, overrides) in lists.items():
        over = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/>'
                       f"</w:lvlOverride>" for k, v in overrides.items())
        numbering.append(parse_xml(f'<w:num {ns} w:numId="{nid}"><w:abstractNumId '
                                   f'w:val="{aid}"/>{over}</w:num>'))
    for text, nid, ilvl in paragraphs:
        p = document.add_paragraph(text)
        if nid:
            num_pr = p._p.get_or_add_pPr()._add_numPr()
            num_pr._add_ilvl().set(qn("w:val"), str(ilvl))
            num_pr._add_numId().set(qn("w:val"), nid)
    document.save(str(path))
    return path


def _lvl(i: int, fmt: str, text: str, start: int = 1) -> str:
    return (f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def test_docx_numbering_levels_restart_under_their_parent_and_on_start_override(tmp_path):
    levels = {"50": _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）")
              + _lvl(2, "decimal", "%3.") + _lvl(3, "decimal", "（%4）"),
              "51": _lvl(0, "bullet", "\uf0b7"), "52": _lvl(0, "decimal", "%1.%1", start=7)}
    lists = {"60": ("50", {}), "61": ("50", {0: 1}), "62": ("51", {}), "63": ("52", {})}
    paras = [("总体要求", "60", 0), ("任务甲", "60", 1), ("措施", "60", 2), ("细项", "60", 3),
             ("细项", "60", 3), ("措施", "60", 2), ("任务乙", "60", 1), ("保障", "60", 0),
             ("任务丙", "60", 1), ("措施", "60", 2), ("说明文字", None, 0), ("要点", "62", 0),
             ("再起", "61", 0), ("接续", "60", 0), ("七", "63", 0)]
    path = _numbered_docx(tmp_path / "n.docx", paras, lists, levels)
    assert read_source(path).text.splitlines() == [
        "一、总体要求", "（一）任务甲", "1.措施", "（1）细项", "（2）细项", "2.措施", "（二）任务乙",
        "二、保障", "（一）任务丙", "1.措施", "说明文字", "要点", "一、再起", "二、接续", "7.7七"]


def test_docx_text_boxes_follow_deleted_text_and_field_codes_do_not(tmp_path):
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    p = document.add_paragraph("一、总体要求")
    p._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>删去的字'
                          "</w:delText></w:r></w:del>"))
    p._p.append(parse_xml(f'<w:r {w}><w:instrText>PAGE</w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>（修订）</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(
        f'<w:r {w}><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
        "<w:txbxContent><w:p><w:r><w:t>框中文字</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r>"))
    document.add_paragraph("（一）第一条\t之后")
    path = tmp_path / "box.docx"
    document.save(str(path))
    assert read_source(path).text.splitlines() == ["一、总体要求（修订）", "框中文字",
                                                   "（一）第一条 之后"]


# -- PDF ----------------------------------------------------------------------------------------
def test_pdf_running_header_and_page_x_of_n_dropped_with_notes(tmp_path):
    lines = PLAN + [f"（{n}）推进第{n}项工作，细化任务清单和时间表，确保按期完成各项目标。"
                    for n in "二三四五六七八九十"] * 4
    path = c.write_pdf(tmp_path / "r.pdf", lines, centered=frozenset({0}),
                       flush=frozenset({1}), page_numbers="of", running="某市人民政府办公室")
    source = read_source(path)
    assert source.text.splitlines() == lines
    pages = int(source.notes[0].message.split()[0])
    assert pages >= 3
    assert [(n.message, n.text) for n in source.notes] == [
        (f"{pages} page numbers left out", ""),
        (f"running header or footer left out on {pages} pages", "某市人民政府办公室")]


def test_pdf_letter_spaced_title_is_closed_up(tmp_path):
    path = c.write_pdf(tmp_path / "s.pdf", ["关 于 印 发 实 施 方 案 的 通 知", *PLAN[1:]],
                       centered=frozenset({0}), flush=frozenset({1}), page_numbers=None)
    assert read_source(path).text.splitlines()[0] == "关于印发实施方案的通知"


def test_pdf_without_text_is_a_scan(tmp_path):
    path = c.write_pdf(tmp_path / "scan.pdf", [], page_numbers=None, pages=3)
    with pytest.raises(InputError, match="no text layer: it is a scan; OCR it first "
                                         r"\(e\.g\. ocrmypdf\) and parse the result"):
        read_source(path)


def test_pdf_encrypted_and_truncated(tmp_path):
    plain = c.write_pdf(tmp_path / "p.pdf", PLAN, page_numbers=None)
    locked = c.write_pdf(tmp_path / "locked.pdf", PLAN, page_numbers=None, password="secret")
    with pytest.raises(InputError, match="encrypted PDF: it needs a password"):
        read_source(locked)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(plain.read_bytes()[: plain.stat().st_size // 2])
    with pytest.raises(InputError, match="not a readable PDF"):
        read_source(cut)


# -- sniffing -----------------------------------------------------------------------------------
@pytest.mark.parametrize("head,says", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "soffice --headless --convert-to docx"),
    (b"{\\rtf1\\ansi ", "soffice --headless --convert-to docx"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "OCR it first"),
])
def test_sniff_refuses_what_it_cannot_read_with_the_way_to_convert(tmp_path, head, says):
    path = tmp_path / "plan.txt"
    path.write_bytes(head)
    with pytest.raises(InputError, match=says.replace(".", r"\.")):
        read_source(path)


def test_sniff_plain_text_with_angle_brackets_stays_text():
    assert sniff("一、总体要求\n（一）a<b 的情形。<p>不是网页\n".encode(), "t") == "text"
    assert sniff(b"\xef\xbb\xbf<!DOCTYPE html><html>", "t") == "html"
    assert sniff(b"  <div><p>x</p></div>", "t") == "html"


def test_html_article_header_keeps_its_title_and_site_header_goes():
    body = ("<header><a href='/'>门户网站</a><p>网站的页头文字不是正文</p></header><article><header>"
            "<h1>示范区建设实施方案</h1></header>" + "".join(f"<p>{x}</p>" for x in PLAN[3:])
            + "</article>")
    lines = to_text(read_html(_html(body), "p").blocks).splitlines()
    assert lines == ["示范区建设实施方案", *PLAN[3:]]


def test_docx_auto_numbered_number_column_reads_as_plain_numbers(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="70">{_lvl(0, "decimal", "%1.")}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="70"><w:abstractNumId w:val="70"/></w:num>'))
    rows = [["序号", "重点任务", "牵头单位"], ["", "完善园区配套设施", "市发展改革委"],
            ["", "建立项目调度机制", "市财政局"]]
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            table.cell(r, k).text = text
        if r:
            num_pr = table.cell(r, 0).paragraphs[0]._p.get_or_add_pPr()._add_numPr()
            num_pr._add_ilvl().set(qn("w:val"), "0")
            num_pr._add_numId().set(qn("w:val"), "70")
    path = tmp_path / "t.docx"
    document.save(str(path))
    assert read_source(path).text.splitlines()[1:] == ["1\t完善园区配套设施\t市发展改革委",
                                                       "2\t建立项目调度机制\t市财政局"]


def test_a_web_archive_saved_as_doc_is_read_as_its_page(tmp_path):
    import quopri
    page = c.html_page(PLAN, encoding="gbk")
    body = quopri.encodestring(page).decode("ascii")
    mht = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n"
           "\r\n------=_NextPart_01\r\nContent-Location: file:///C:/x.htm\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\n"
           "Content-Type: text/html; charset=\"gb2312\"\r\n\r\n" + body
           + "\r\n------=_NextPart_01--\r\n")
    path = tmp_path / "plan.doc"
    path.write_bytes(mht.encode("ascii"))
    source = read_source(path)
    assert source.format == "html"
    assert source.text.splitlines() == PLAN


def test_pdf_cut_lines_glue_numbers_without_a_space_and_words_with_one():
    from diffkit.read.pdf import _glue, _unspace
    assert _glue("遵政办函〔2023〕1", "8号") == "遵政办函〔2023〕18号"
    assert _glue("建设(PPP", ")模式") == "建设(PPP)模式"
    assert _glue("public private", "partnership") == "public private partnership"
    assert _unspace("关 于 印 发 通 知") == "关于印发通知"
    assert _unspace("字号 大 中 小") == "字号 大 中 小"
    assert _unspace("牵头单位：市发展改革委 市财政局") == "牵头单位：市发展改革委 市财政局"
