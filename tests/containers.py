"""Writers of the containers researchers have — web pages, Word .docx, PDF — for tests and the
container benchmark. Every fixture is built here from text we may ship (the Sichuan seed, or
sentences written for a test); no binary fixture is committed.

- `html_page`: a government-style page (navigation, breadcrumbs, info bar with 字号 大 中 小,
  share bar, print/close links, related links, footer, scripts) around the article, in UTF-8
  or GBK with the charset in a ``<meta>`` tag.
- `write_docx`: python-docx; numbers written out, or Word's automatic numbering (numbering.xml
  lists in the 一、/（一）/1./（1） formats); a task table with merged section rows.
- `write_pdf`: fpdf2 with the project's CJK font (Noto Sans SC from ``pylopdf-fonts-zh-cn``,
  subset and converted to TrueType outlines, because pdfminer cannot map fpdf2's CFF font
  encoding back to text); lines wrapped at the text width with the first line of each
  paragraph indented two characters, as Word sets Chinese documents, page numbers ``- N -``,
  an optional running header, ruled tables.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "datasets" / "sichuan_2016"
HEADINGS = re.compile(r"^([一二三四五六七八九十]+)、|^[(（]([一二三四五六七八九十]+)[)）]|"
                      r"^(\d+)[.．]|^[(（](\d+)[)）]")
_FONTS: dict[frozenset, Path] = {}


def seed_lines() -> list[str]:
    return [ln for ln in (SEED / "source.txt").read_text("utf-8").splitlines() if ln.strip()]


SEED_CENTERED = frozenset({0, 1, 2, 3, 4, 7, 8})  # issuer, notice title, number, status, title
SEED_FLUSH = frozenset({5})  # the addressees


def seed_plan() -> dict:
    return json.loads((SEED / "plan.json").read_text("utf-8"))


def task_rows(plan: dict) -> list[list[str]]:
    """A task table of a plan's truth: header, one row per section across the table, one row
    per task (序号 counted through)."""
    rows = [["序号", "重点任务", "牵头单位", "参与单位"]]
    n = 0
    for sec in plan["sections"]:
        head = f"{sec.get('number', '')}、{sec['title']}"
        rows.append([head] * 4)
        for item in sec["items"]:
            for task in item["tasks"]:
                n += 1
                text = (item["title"] + "。" if item["title"] and task["id"].endswith(".1")
                        else "") + task["text"]
                rows.append([str(n), text, "、".join(task["lead"]),
                             "、".join(task["participants"])])
    return rows


# -- web pages ----------------------------------------------------------------------------------
def html_page(lines: list[str], *, encoding: str = "utf-8", title: str = "",
              table: list[list[str]] | None = None, script_bytes: int = 0) -> bytes:
    """A saved government web page holding ``lines`` as paragraphs (and ``table``)."""
    body = "\n".join(f"<p style=\"text-indent:2em\">{html.escape(ln)}</p>" for ln in lines)
    if table:
        cells = []
        for r, row in enumerate(table):
            if r and len(set(row)) == 1:
                cells.append(f"<tr><td colspan=\"{len(row)}\">{html.escape(row[0])}</td></tr>")
            else:
                cells.append("<tr>" + "".join(f"<td>{_cell_html(c)}</td>" for c in row) + "</tr>")
        body += "\n<table border=\"1\">" + "".join(cells) + "</table>"
    links = "".join(f"<li><a href=\"/zw/{i}.html\">政务公开栏目第{i}条</a></li>" for i in range(12))
    big = f"<script>var pad = \"{'x' * script_bytes}\";</script>" if script_bytes else ""
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{html.escape(title or lines[0])}_政府信息公开</title>
<script type="text/javascript">var _hmt = _hmt || []; function zoom(s) {{ return s; }}</script>
<style>.main {{ width: 1000px }} .nav li {{ float: left }}</style></head>
<body><div class="top-bar"><a href="/">无障碍</a> <a href="/old">长辈版</a></div>
<div class="header"><div class="logo">省政府门户网站</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li>
<li><a href="/fw">政务服务</a></li><li><a href="/hd">互动交流</a></li></ul></div>
<div class="main"><div class="position">当前位置：<a href="/">首页</a> &gt;
<a href="/zw">政务公开</a> &gt; 政府文件</div>
<div class="detail"><div class="info">发布时间：2017-01-05 来源：省政府办公厅 浏览次数：1024
字号：<a onclick="zoom(16)">大</a> <a onclick="zoom(14)">中</a> <a onclick="zoom(12)">小</a></div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
<div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="print-close"><a onclick="window.print()">打印本页</a>
<a onclick="window.close()">关闭窗口</a></div></div>
<div class="related"><h3>相关文件</h3><ul>{links}</ul></div></div>
<div class="footer"><p>主办：省人民政府办公厅 版权所有</p><p>网站标识码 0000000000
ICP备00000000号</p></div>{big}
</body></html>"""
    return page.encode(encoding)


def _cell_html(cell: str) -> str:
    return "<br>".join(html.escape(x) for x in cell.split("\n"))


# -- Word ---------------------------------------------------------------------------------------
def write_docx(path: Path, lines: list[str], *, auto_numbers: bool = False,
               table: list[list[str]] | None = None, vertical_merge: bool = False) -> Path:
    """A .docx with ``lines`` as paragraphs; with ``auto_numbers`` the heading numbers
    (一、 （一） 1. （1）) are Word's automatic numbering instead of text: sections one list,
    items and their sub-levels another (its deeper levels restarting under their parent, as
    Word does), and a new list instance with ``startOverride`` wherever the text starts a level
    at 1 again (items restarting in each section, say). `NotRepresentable` if the written
    numbers do not follow such lists (a skipped number)."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    plan = auto_numbering(lines) if auto_numbers else None
    if plan is not None:
        _add_lists(document, plan)
    for k, line in enumerate(lines):
        where = plan["paragraphs"].get(k) if plan else None
        p = document.add_paragraph(line[where[2]:] if where else line)
        if where:
            num_pr = p._p.get_or_add_pPr()._add_numPr()
            num_pr._add_ilvl().set(qn("w:val"), str(where[1]))
            num_pr._add_numId().set(qn("w:val"), where[0])
    if table:
        _add_table(document, table, vertical_merge)
    document.save(str(path))
    return path


class NotRepresentable(ValueError):
    """Written numbers that Word's automatic numbering would not show."""


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _cn(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (enough for headings)."""
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return _CN_DIGITS[text]


def auto_numbering(lines: list[str]) -> dict:
    """Which list instance and level each heading line takes, the list instances (with their
    restarts) and each level's label pattern taken from the text."""
    found = [(k, m) for k, line in enumerate(lines) if (m := HEADINGS.match(line))]
    patterns: dict[int, str] = {}
    counts = {"90": {}, "91": {}}
    nums = {"90": ("90", {}), "91": ("91", {})}
    current = {"90": "90", "91": "91"}
    paragraphs = {}
    for k, m in found:
        level = next(i for i in range(4) if m.group(i + 1))
        raw = m.group(level + 1)
        value = _cn(raw) if level < 2 else int(raw)
        label = m.group(0)
        patterns.setdefault(level, label.replace(raw, "%"))
        if patterns[level] != label.replace(raw, "%"):
            raise NotRepresentable(f"line {k + 1}: {label} after {patterns[level]}")
        abstract, ilvl = ("90", 0) if level == 0 else ("91", level - 1)
        natural = counts[abstract].get(ilvl, 0) + 1
        if value != natural:
            if value != 1:
                raise NotRepresentable(f"line {k + 1}: {label} where Word shows {natural}")
            num_id = str(100 + len(nums))
            nums[num_id] = (abstract, {ilvl: 1})
            current[abstract] = num_id
            counts[abstract][ilvl] = 0
        counts[abstract][ilvl] = counts[abstract].get(ilvl, 0) + 1
        for deeper in [d for d in counts[abstract] if d > ilvl]:
            del counts[abstract][deeper]
        paragraphs[k] = (current[abstract], ilvl, m.end())
    return {"paragraphs": paragraphs, "nums": nums, "patterns": patterns}


def _add_lists(document, plan: dict) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = document.part.numbering_part.element
    formats = {0: "chineseCounting", 1: "chineseCounting", 2: "decimal", 3: "decimal"}
    text = {lvl: plan["patterns"].get(lvl, default) for lvl, default in
            ((0, "%、"), (1, "（%）"), (2, "%."), (3, "（%）"))}
    sections = (f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{formats[0]}"/>'
                f'<w:lvlText w:val="{text[0].replace("%", "%1")}"/></w:lvl>')
    items = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{formats[i + 1]}"/>'
                    f'<w:lvlText w:val="{text[i + 1].replace("%", f"%{i + 1}")}"/></w:lvl>'
                    for i in range(3))
    first_num = numbering.find(qn("w:num"))
    for aid, levels in (("90", sections), ("91", items)):
        xml = parse_xml(f'<w:abstractNum {ns} w:abstractNumId="{aid}">{levels}</w:abstractNum>')
        first_num.addprevious(xml) if first_num is not None else numbering.append(xml)
    for num_id, (aid, overrides) in plan["nums"].items():
        over = "".join(f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{v}"/>'
                       "</w:lvlOverride>" for lvl, v in overrides.items())
        numbering.append(parse_xml(f'<w:num {ns} w:numId="{num_id}"><w:abstractNumId '
                                   f'w:val="{aid}"/>{over}</w:num>'))


def _add_table(document, rows: list[list[str]], vertical_merge: bool) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        if r and len(set(row)) == 1:  # a section row: one cell across
            merged = table.cell(r, 0).merge(table.cell(r, len(row) - 1))
            merged.text = row[0]
            continue
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            parts = text.split("、") if c >= 2 and r and "、" in text else [text]
            cell.text = parts[0]
            for part in parts[1:]:  # one agency per line in the cell
                cell.add_paragraph(part)
    if vertical_merge:  # equal lead cells of consecutive rows merged, as tables often are
        start = 1
        for r in range(2, len(rows) + 1):
            if r < len(rows) and rows[r][2] == rows[start][2] and len(set(rows[r])) > 1:
                continue
            if r - start > 1 and len(set(rows[start])) > 1:
                text = rows[start][2]
                merged = table.cell(start, 2).merge(table.cell(r - 1, 2))
                merged.text = text
            start = r


# -- PDF ----------------------------------------------------------------------------------------
def cjk_font(text: str) -> Path:
    """The project's CJK font (Noto Sans SC), subset to ``text`` and ASCII, with TrueType
    outlines; cached per character set for the session."""
    import tempfile

    chars = frozenset(text) | frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("页共")
    if chars in _FONTS:
        return _FONTS[chars]
    import pylopdf_fonts_zh_cn
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(pylopdf_fonts_zh_cn.sans_path()))
    options = subset.Options()
    options.layout_features, options.name_IDs, options.notdef_outline = [], ["*"], True
    sub = subset.Subsetter(options)
    sub.populate(text="".join(chars))
    sub.subset(font)
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphs, glyf.glyphOrder = {}, font.getGlyphOrder()
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                 "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].indexToLocFormat = font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    out = Path(tempfile.mkdtemp(prefix="diffkit-font-")) / "cjk.ttf"
    font.save(str(out))
    _FONTS[chars] = out
    return out


def write_pdf(path: Path, lines: list[str], *, centered: frozenset[int] = frozenset(),
              flush: frozenset[int] = frozenset(), size: float = 16,
              page_numbers: str | None = "dash", running: str | None = None,
              table: list[list[str]] | None = None, pages: int | None = None,
              password: str | None = None) -> Path:
    """A PDF of ``lines`` set as a Chinese document: the lines numbered in ``centered`` centred
    (title block), those in ``flush`` flush left (addressees), every other paragraph with a
    two-character indent, all wrapped at the text
    width; ``page_numbers`` ``dash`` (- 3 -) or ``of`` (第3页 共9页); ``running`` a header
    line on every page; ``table`` ruled after the text; ``pages`` blank pages padded to;
    ``password`` locks it (RC4, a user password needed to open it)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    every = "".join(lines) + "".join(c for row in table or [] for c in row) + (running or "")
    pdf = FPDF(format="A4")
    pdf.add_font("cjk", fname=str(cjk_font(every + "第页共- ")))
    pdf.set_font("cjk", size=size)
    pdf.set_margins(28, 37, 26)
    pdf.set_auto_page_break(True, margin=35)
    height = size * 0.3528 * 1.5

    def header() -> None:
        if running:
            pdf.set_font_size(10)
            pdf.set_xy(28, 15)
            pdf.cell(156, 6, running, align="C")
            pdf.set_font_size(size)
        pdf.set_xy(28, 37)

    def footer() -> None:
        if page_numbers:
            no = pdf.page_no()
            label = f"- {no} -" if page_numbers == "dash" else f"第{no}页 共{{nb}}页"
            pdf.set_font_size(10)
            pdf.set_xy(28, 297 - 22)
            pdf.cell(156, 6, label, align="C")
            pdf.set_font_size(size)

    pdf.alias_nb_pages("{nb}")
    pdf.header, pdf.footer = header, footer
    pdf.add_page()
    width = 156
    for i, line in enumerate(lines):
        if i in centered:
            for part in _wrap(pdf, line, width, 0):
                pdf.cell(width, height, part, align="C", new_x="LMARGIN", new_y="NEXT")
            continue
        indent = 0 if i in flush else 2 * size * 0.3528
        for k, part in enumerate(_wrap(pdf, line, width, indent)):
            pdf.set_x(28 + (indent if k == 0 else 0))
            pdf.cell(0, height, part, new_x="LMARGIN", new_y="NEXT")
    if table:
        pdf.set_font_size(10.5)
        with pdf.table(col_widths=(12, 80, 32, 32), headings_style=FontFace(),
                       line_height=10.5 * 0.3528 * 1.4) as t:
            for row in table:
                r = t.row()
                if len(set(row)) == 1 and row is not table[0]:
                    r.cell(row[0], colspan=len(row))
                else:
                    for c in row:
                        r.cell(c)
    while pages and pdf.page_no() < pages:
        pdf.add_page()
    if password:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    pdf.output(str(path))
    return path


_NO_START = set("，。、；：？！）》”’〕】,.;:?!)")


def _wrap(pdf, text: str, width: float, indent: float) -> list[str]:
    """Lines of at most ``width`` (the first ``indent`` less); closing punctuation never
    starts a line (it stays at the end of the line before, a little past the edge)."""
    out, line, room = [], "", width - indent
    for ch in text:
        if line and pdf.get_string_width(line + ch) > room and ch not in _NO_START:
            out.append(line)
            line, room = "", width
        line += ch
    if line:
        out.append(line)
    return out


# -- bad containers (built once a session) -------------------------------------------------------
_BAD: dict[str, bytes] = {}
BAD_LINES = ["一、总体要求", "（一）推进示范园区建设。", "牵头单位：市发展改革委"]


def _once(name: str, make) -> bytes:
    if name not in _BAD:
        import tempfile
        path = Path(tempfile.mkdtemp(prefix="diffkit-bad-")) / name
        make(path)
        _BAD[name] = path.read_bytes()
    return _BAD[name]


def bad_docx() -> bytes:
    return _once("plain.docx", lambda p: write_docx(p, BAD_LINES))


def bad_pdf() -> bytes:
    return _once("plain.pdf", lambda p: write_pdf(p, BAD_LINES))


def encrypted_pdf() -> bytes:
    return _once("locked.pdf", lambda p: write_pdf(p, BAD_LINES, password="secret"))


def scanned_pdf() -> bytes:
    return _once("scan.pdf", lambda p: write_pdf(p, [], page_numbers=None, pages=2))


def long_pdf(pages: int = 500) -> bytes:
    """``pages`` pages with one short unnumbered line each, mid-page: no plan."""
    lines = [f"第{n}页的说明文字，没有编号的任务。" for n in range(1, pages + 1)]

    def make(path: Path) -> None:
        from fpdf import FPDF
        pdf = FPDF(format="A4")
        pdf.add_font("cjk", fname=str(cjk_font("".join(lines))))
        pdf.set_font("cjk", size=12)
        for line in lines:
            pdf.add_page()
            pdf.set_y(100)  # in the body, not a running header
            pdf.cell(0, 10, line)
        pdf.output(str(path))
    return _once(f"long{pages}.pdf", make)


def docx_bomb(part_bytes: int) -> bytes:
    """A .docx whose word/document.xml really decompresses to ``part_bytes`` bytes."""
    def make(path: Path) -> None:
        import io
        import zipfile
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(bad_docx())) as src, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if info.filename == "word/document.xml":
                    with dst.open("word/document.xml", "w", force_zip64=True) as fh:
                        chunk = b" " * (1 << 20)
                        for _ in range(part_bytes >> 20):
                            fh.write(chunk)
                else:
                    dst.writestr(info, src.read(info.filename))
        path.write_bytes(out.getvalue())
    return _once(f"bomb{part_bytes}.docx", make)
