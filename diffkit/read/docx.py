"""Word .docx → blocks: paragraphs in document order with tables in place.

python-docx opens the file (the only module that imports it); the archive is checked first
(`untrusted.check_archive`: no zip bombs). Paragraph text is read from the runs as Word shows
it (tabs as spaces, line breaks as new lines, deleted text and field codes left out); text
boxes follow the paragraph that anchors them. Word's automatic numbering is rendered as the
label Word shows, from numbering.xml: each level's format (一 / 1 / 甲 / ① …) in its text
pattern (``%1、``, ``（%1）``, ``%1.``), counted per list with Word's restarts (a deeper level
starts again after a higher one; a list instance with ``startOverride`` starts again). Tables
become `Table` rows with merged cells repeated over the grid, as python-docx reports them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import InputError
from .blocks import Document, Table
from .untrusted import check_archive

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = frozenset({W + "del", W + "txbxContent", MC + "Fallback", W + "moveFrom"})
_TEXT_TAGS = (W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen")
_FIX = "open it in Word or LibreOffice and save it again as .docx"


def read_docx(path: str | os.PathLike) -> Document:
    """A .docx file's paragraphs and tables (see the module doc)."""
    check_archive(path, member="word/document.xml", what="Word .docx document", fix=_FIX)
    import docx  # python-docx

    try:
        document = docx.Document(os.fspath(path))
    except Exception as exc:  # python-docx, zipfile, lxml: any of them on a damaged file
        raise InputError(f"cannot read .docx: {type(exc).__name__}: "
                         f"{(str(exc).splitlines() or [''])[0][:120]}", file=path,
                         fix=_FIX) from None
    numbers = Numbering(document)
    doc = Document("docx")
    _body(document.element.body, numbers, doc.blocks)
    return doc


def _body(parent, numbers: Numbering, out: list) -> None:
    for child in parent:
        tag = child.tag
        if tag == W + "p":
            _paragraph(child, numbers, out)
        elif tag == W + "tbl":
            out.append(_table(child, numbers))
        elif tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "ins", W + "smartTag"):
            _body(child, numbers, out)


def _paragraph(p, numbers: Numbering, out: list) -> None:
    text = numbers.label(p) + p_text(p)
    if text.strip():
        out.append(text)
    for box in p.iter(W + "txbxContent"):
        if not any(a.tag == MC + "Fallback" for a in box.iterancestors()):
            _body(box, numbers, out)


def p_text(p) -> str:
    """A paragraph's visible text, without its numbering label and text boxes."""
    parts: list[str] = []
    for el in p.iter(*_TEXT_TAGS):
        if _skipped(el, p):
            continue
        tag = el.tag
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag == W + "tab":
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif el.get(W + "type") not in ("page", "column"):
            parts.append("\n")
    return "".join(parts)


def _skipped(el, p) -> bool:
    for a in el.iterancestors():
        if a is p:
            return False
        if a.tag in _SKIP:
            return True
    return False


def _table(tbl, numbers: Numbering) -> Table:
    from docx.table import Table as DocxTable

    rows = []
    for row in DocxTable(tbl, None).rows:
        cells = []
        for cell in row.cells:
            lines = []
            for p in cell._tc.iter(W + "p"):
                if not _skipped(p, cell._tc):
                    lines.append(numbers.label(p) + p_text(p))
            cells.append("\n".join(lines))
        rows.append(cells)
    return Table(rows)


# -- automatic numbering -------------------------------------------------------------------------
@dataclass(frozen=True)
class Level:
    fmt: str
    text: str
    start: int
    legal: bool


class Numbering:
    """Renders the numbering labels of a document's paragraphs, in document order."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, Level]] = {}  # abstractNumId → ilvl → Level
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstract, overrides)
        self.counts: dict[str, dict[int, int]] = {}  # abstractNumId → ilvl → last number
        self.started: set[str] = set()
        self.styles = _style_numbering(document)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for a in root.iter(W + "abstractNum"):
            self.levels[a.get(W + "abstractNumId")] = {
                int(lvl.get(W + "ilvl", "0")): _level(lvl) for lvl in a.iter(W + "lvl")}
        for n in root.iter(W + "num"):
            ref = n.find(W + "abstractNumId")
            overrides = {}
            for o in n.iter(W + "lvlOverride"):
                start = o.find(W + "startOverride")
                if start is not None:
                    overrides[int(o.get(W + "ilvl", "0"))] = _int(start.get(W + "val"), 1)
            if ref is not None:
                self.nums[n.get(W + "numId")] = (ref.get(W + "val"), overrides)

    def label(self, p) -> str:
        """The label Word shows before paragraph ``p`` ('' if none); counts it."""
        num_id, ilvl = self._num_pr(p)
        if num_id is None or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counts = self.counts.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counts[lvl] = start - 1
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""
        out = level.text
        for k in range(8, -1, -1):
            if f"%{k + 1}" in out:
                sub = levels.get(k, level)
                value = counts.get(k, sub.start)
                out = out.replace(f"%{k + 1}", format_number(
                    value, "decimal" if level.legal else sub.fmt))
        return out

    def _num_pr(self, p) -> tuple[str | None, int]:
        ppr = p.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        style = ppr.find(W + "pStyle") if ppr is not None else None
        inherited = self.styles.get(style.get(W + "val") if style is not None else None,
                                    (None, 0))
        if num_pr is None:
            return inherited
        num = num_pr.find(W + "numId")
        lvl = num_pr.find(W + "ilvl")
        num_id = num.get(W + "val") if num is not None else inherited[0]
        if num_id == "0":
            return None, 0
        return num_id, _int(lvl.get(W + "val") if lvl is not None else None, inherited[1])


def _style_numbering(document) -> dict[str | None, tuple[str | None, int]]:
    """styleId → (numId, ilvl) that paragraphs of that style inherit (through basedOn)."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for s in document.styles.element.iter(W + "style"):
        sid = s.get(W + "styleId")
        b = s.find(W + "basedOn")
        if b is not None:
            based[sid] = b.get(W + "val")
        num_pr = s.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num, lvl = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
            own[sid] = (num.get(W + "val") if num is not None else None,
                        _int(lvl.get(W + "val"), 0) if lvl is not None else None)
    out: dict[str | None, tuple[str | None, int]] = {}
    for sid in set(own) | set(based):
        seen, cur, num, lvl = set(), sid, None, None
        while cur and cur not in seen:
            seen.add(cur)
            n, k = own.get(cur, (None, None))
            num = num or n
            lvl = lvl if lvl is not None else k
            cur = based.get(cur)
        if num and num != "0":
            out[sid] = (num, lvl or 0)
    return out


def _level(lvl) -> Level:
    def val(name: str, default: str) -> str:
        el = lvl.find(W + name)
        return el.get(W + "val", default) if el is not None else default
    return Level(val("numFmt", "decimal"), val("lvlText", ""), _int(val("start", "1"), 1),
                 lvl.find(W + "isLgl") is not None)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


_CN = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_GAN = "甲乙丙丁戊己庚辛壬癸"
_ZHI = "子丑寅卯辰巳午未申酉戌亥"


def chinese(n: int, digits: str = _CN, ten: str = "十", hundred: str = "百") -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (as Word counts)."""
    if n <= 0 or n >= 1000:
        return str(n)
    h, t, u = n // 100, n // 10 % 10, n % 10
    out = digits[h] + hundred if h else ""
    if t:
        out += ("" if t == 1 and not h else digits[t]) + ten
    elif h and u:
        out += digits[0] if digits is _CN else "零"
    return out + (digits[u] if u else "")


def format_number(n: int, fmt: str) -> str:
    """A list number in one of Word's numFmt formats (decimal for those not known)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand"):
        return chinese(n).replace("〇", "零")
    if fmt == "chineseLegalSimplified":
        return chinese(n, _CN_LEGAL, "拾", "佰")
    if fmt == "ideographTraditional":
        return _GAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _ZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(c): 0xFF10 + ord(c) - 48 for c in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(65 + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out
