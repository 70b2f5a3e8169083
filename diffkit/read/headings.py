"""What a line of a plan is: numbering styles, agency labels, deadlines, header fields, chrome.

The parser matches on a line's *key*: full-width ASCII made half-width, Traditional made
Simplified, and — unlike `normalize.nfkc` — exactly as long as the line as written, so every
match maps back to the text as written (which is what the plan stores).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..normalize import to_simplified
from .roles import has_role_word, looks_like_agencies, units

# -- keys -------------------------------------------------------------------------------------
_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20, 0xFE30: 0x3A}
_WIDTH_TABLE = "".join(chr(_WIDTH.get(i, i)) for i in range(0x10000))  # faster than the dict


def line_key(raw: str) -> str:
    """The matching key of a line: same length as ``raw``, half-width, Simplified."""
    key = raw.translate(_WIDTH_TABLE)
    simple = to_simplified(key)
    if len(simple) == len(key):
        return simple
    return "".join(c2 if len(c2 := to_simplified(c)) == 1 else c for c in key)


# -- numbering ---------------------------------------------------------------------------------
SECTION, ITEM, SUB, SUBSUB, CIRCLED = range(5)
_CN = "一二三四五六七八九十百零〇两"
_HEADINGS = (
    (SECTION, re.compile(rf"([{_CN}]{{1,5}})\s*[、.]\s*")),
    (ITEM, re.compile(rf"\(\s*([{_CN}]{{1,5}})\s*\)\s*")),
    (SUB, re.compile(r"(\d{1,3})\s*(?:[、﹒]|\.(?!\d))\s*")),
    (SUBSUB, re.compile(r"\(\s*(\d{1,3})\s*\)\s*")),
    (CIRCLED, re.compile(r"([\u2460-\u2473])\s*")),
)
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """一 → 1, 十一 → 11, 二十三 → 23, 一百零五 → 105; None if not a numeral."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch in "十百":
            total += (1 if digit is None else digit) * (10 if ch == "十" else 100)
            digit = None
        else:
            return None
    return total + (digit or 0)


@dataclass(frozen=True)
class Heading:
    """A numbered heading: its style rank, its number as written and its value."""

    rank: int
    start: int  # of the number
    stop: int  # of the number
    end: int  # where the heading text begins
    value: int


def heading(key: str) -> Heading | None:
    """The numbered heading that opens ``key``, if any."""
    for rank, pattern in _HEADINGS:
        m = pattern.match(key)
        if not m:
            continue
        num = m.group(1)
        if rank in (SECTION, ITEM):
            value = cn_number(num)
        elif rank == CIRCLED:
            value = ord(num) - 0x2460 + 1
        else:
            value = int(num)
        if value:
            return Heading(rank, m.start(1), m.end(1), m.end(), value)
    return None


# -- agency labels and deadlines -----------------------------------------------------------------
LEAD, PARTICIPANTS, RESPONSIBLE, DEADLINE = "lead", "participants", "responsible", "deadline"
LEADERS, PHRASE = "leaders", "phrase"
LABELS = {
    "牵头单位": LEAD, "牵头部门": LEAD, "牵头责任单位": LEAD, "主要责任单位": LEAD,
    "牵头科室": LEAD,
    "参与单位": PARTICIPANTS, "参与部门": PARTICIPANTS, "配合单位": PARTICIPANTS,
    "配合部门": PARTICIPANTS, "协办单位": PARTICIPANTS, "协同责任单位": PARTICIPANTS,
    "协同单位": PARTICIPANTS, "参加单位": PARTICIPANTS, "协助单位": PARTICIPANTS,
    "其他责任单位": PARTICIPANTS, "配合科室": PARTICIPANTS,
    "责任单位": RESPONSIBLE, "责任部门": RESPONSIBLE, "责任科室": RESPONSIBLE,
    "负责单位": RESPONSIBLE, "责任主体": RESPONSIBLE, "实施单位": RESPONSIBLE,
    "部门分工": PHRASE, "责任分工": PHRASE,
    "分管省领导": LEADERS, "分管市领导": LEADERS, "分管县领导": LEADERS, "分管区领导": LEADERS,
    "分管领导": LEADERS, "牵头领导": LEADERS, "牵头负责领导": LEADERS, "牵头省领导": LEADERS,
    "牵头市领导": LEADERS, "牵头县领导": LEADERS, "牵头区领导": LEADERS, "责任领导": LEADERS,
    "联系领导": LEADERS, "包联领导": LEADERS, "责任人": LEADERS,
    "完成时限": DEADLINE, "完成时间": DEADLINE, "时间节点": DEADLINE, "时限要求": DEADLINE,
}
DEFAULT_LABELS = {LEAD: "牵头单位", PARTICIPANTS: "参与单位", RESPONSIBLE: "责任单位"}
_LABEL = re.compile("(" + "|".join(sorted(LABELS, key=len, reverse=True))
                    + r")(?:\s*[:]\s*|\s+(?=\S))")
_UNKNOWN_LABEL = re.compile(r"^([\u4e00-\u9fff]{1,8}(?:单位|部门|科室|领导|处室))\s*:")
_OPEN, _CLOSE = "([〔【", ")]〕】"
_INLINE_DEADLINE = re.compile(
    r"(\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*底|\s*年底)?\s*(?:前|以前))(?:基本|全面)?(?:完成|建成|实现)")
_ABBR = re.compile(r"以下(?:简称|称)\s*[“\"'《]?([^()“”\"'《》,;]+?)[”\"'》]?\s*\)")


@dataclass(frozen=True)
class Segment:
    """``label: value`` inside a line: the role, the label as found, the value's span."""

    role: str
    label_start: int
    label_stop: int
    start: int
    stop: int


def label_at_start(key: str) -> bool:
    return _LABEL.match(key) is not None


def unknown_label(key: str) -> str | None:
    """``督办单位:…``: a label that looks like an agency or person label but is not one we
    read; None for known labels."""
    m = _UNKNOWN_LABEL.match(key)
    return m.group(1) if m and not _LABEL.match(key) else None


def segments(key: str, start: int = 0, stop: int | None = None) -> list[Segment]:
    """The ``label: value`` segments in ``key[start:stop]``, which must begin with a label."""
    stop = len(key) if stop is None else stop
    found = list(_LABEL.finditer(key, start, stop))
    out = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else stop
        out.append(Segment(LABELS[m.group(1)], m.start(1), m.end(1), m.end(), end))
    return out


def trailing_assignment(key: str) -> int | None:
    """Where an inline assignment at the end of a paragraph begins: a closing bracket group
    ``(牵头单位:…)`` or a bare ``牵头单位:…`` after a full stop. None if there is none."""
    end = len(key.rstrip("。. "))
    if end and key[end - 1] in _CLOSE:
        open_at = _matching_open(key, end - 1)
        if open_at is not None:
            inner = key[open_at + 1:end - 1].strip()
            if agency_bracket(inner):
                return open_at
    m = _LABEL.search(key)
    if m and key[:m.start()].rstrip()[-1:] in ("。", ";", ""):
        return m.start()
    return None


def bracket_end(key: str, at: int) -> int:
    """The end of the bracket group opening at ``at`` (or the line's end)."""
    if key[at] not in _OPEN:
        return len(key)
    depth = 0
    for i in range(at, len(key)):
        if key[i] in _OPEN:
            depth += 1
        elif key[i] in _CLOSE:
            depth -= 1
            if depth == 0:
                return i + 1
    return len(key)


def _matching_open(key: str, close_at: int) -> int | None:
    depth = 0
    for i in range(close_at, -1, -1):
        if key[i] in _CLOSE:
            depth += 1
        elif key[i] in _OPEN:
            depth -= 1
            if depth == 0:
                return i
    return None


def role_phrase(inner: str) -> bool:
    """``X牵头,Y、Z配合`` or ``X、Y负责`` without labels."""
    return has_role_word(inner) and all(e - s <= 40 for s, e, _ in units(inner))


def agency_bracket(inner: str) -> bool:
    """Does a bracket's inside assign agencies: labels, role words, or a bare list of units?"""
    inner = inner.strip()
    return bool(inner) and (_LABEL.match(inner) is not None or role_phrase(inner)
                            or looks_like_agencies(inner))


def inline_deadline(key: str) -> tuple[int, int] | None:
    m = _INLINE_DEADLINE.search(key)
    return m.span(1) if m else None


def abbreviations(key: str) -> list[tuple[int, int, int, int]]:
    """``(以下简称X)`` definitions: (bracket start, bracket end, abbreviation start, stop)."""
    out = []
    for m in _ABBR.finditer(key):
        open_at = _matching_open(key, m.end() - 1)
        if open_at is not None:
            out.append((open_at, m.end(), m.start(1), m.end(1)))
    return out


def full_name_before(key: str, at: int) -> int:
    """Where the name that an abbreviation bracket at ``at`` abbreviates begins."""
    if key[:at].endswith("》"):
        return key.rfind("《", 0, at) + 1 if "《" in key[:at] else 0
    i = at
    while i > 0 and key[i - 1] not in "。,;:、 《》“”\"" and key[i - 1] not in _OPEN:
        i -= 1
    return i


def defined_abbreviations(key: str, raw: str) -> list[tuple[str, str]]:
    """(abbreviation, full name) of each ``(以下简称X)`` in a line: ``key`` is its folded key,
    ``raw`` its text, position for position."""
    out = []
    for open_at, _close, a, b in abbreviations(key):
        full = raw[full_name_before(key, open_at):open_at].strip("《》 ")
        if full:
            out.append((raw[a:b], full))
    return out


# -- header fields and chrome --------------------------------------------------------------------
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}\s*[〔\[【(]\s*\d{4}\s*[〕\]】)]\s*\d{1,5}\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ZERO = "〇零○OoΟ0"  # 〇 U+3007, 零, ○ U+25CB, Latin O, Greek Omicron, 0 (digits mixed in)
_CN_DATE = re.compile(rf"([{_ZERO}一二三四五六七八九]{{4}})\s*年\s*([{_CN}○]{{1,3}})\s*月"
                      rf"\s*([{_CN}○]{{1,3}})\s*日")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
STATUS_WORDS = {"已失效": "expired", "失效": "expired", "已废止": "repealed", "废止": "repealed",
                "有效": "in_force", "现行有效": "in_force"}
_STATUS = re.compile(r"[(\[【]?\s*(已失效|失效|已废止|废止|现行有效|有效)\s*[)\]】]?")
_CHROME = re.compile("|".join(
    line for line in (Path(__file__).parent / "data" / "chrome.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")), re.IGNORECASE)
META_LABELS = {"发文字号": "doc_number", "文号": "doc_number", "发布文号": "doc_number",
               "成文日期": "date", "有效性": "status", "时效性": "status", "效力状态": "status",
               "发文机关": "issuer", "发布机构": "issuer", "发文机构": "issuer",
               "发文单位": "issuer", "标题": "title", "名称": "notice_title"}
_META_LABEL = re.compile("(" + "|".join(sorted(META_LABELS, key=len, reverse=True))
                         + r")\s*[:]\s*")
# another "label:" after a value on the same metadata row (索引号: … 组配分类: …)
NEXT_LABEL = re.compile(r"\s+[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,5}\s*:")
_BULLET = re.compile(r"^[•·●▪\-*]\s*")
ORG = re.compile(r"^[^\d:,。;]{2,30}(办公厅|办公室|人民政府|政府|委员会|厅|局|委|院|署|部)$")
NOTICE_END = re.compile(r"(通知|意见|函|决定|通告|批复|方案|规划|办法)$")
SENTENCE = re.compile(r"[。,;!?]")


_PAGE_NUMBER = re.compile(r"[-—–－~\s]*\d{1,4}[-—–－~\s]*|第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?")


def chrome_kind(key: str) -> str:
    """How a chrome line is reported."""
    return "page number" if _PAGE_NUMBER.fullmatch(key) else "web page chrome"


def is_chrome(key: str) -> bool:
    """Web-page furniture (navigation trails, view counters, font-size and print buttons, site
    footers) and PDF page numbers (``- 3 -``, ``第3页 共9页``). Long lines are never chrome
    (text may mention these words)."""
    key = _BULLET.sub("", key)
    return len(key) <= 80 and (_CHROME.search(key) is not None
                               or _PAGE_NUMBER.fullmatch(key) is not None)


def date_in(key: str) -> tuple[str, int, int] | None:
    """The first date in ``key`` as ISO ``YYYY-MM-DD`` with its span."""
    m = _DATE.search(key)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _CN_DATE.search(key)
        if m:
            y = int("".join(str(_CN_DIGIT.get(c, 0)) for c in m.group(1)))
            mo = cn_number(m.group(2).replace("○", "〇")) or 0
            d = cn_number(m.group(3).replace("○", "〇")) or 0
        elif (m := _ISO_DATE.search(key)) is not None:
            y, mo, d = (int(g) for g in m.groups())
        else:
            return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}", m.start(), m.end()


def nothing_else(key: str, *spans: tuple[int, int]) -> bool:
    """Is ``key`` only these spans, spaces and punctuation (and a 发文字号/日期 label)?"""
    chars = list(key)
    for start, stop in spans:
        chars[start:stop] = [" "] * (stop - start)
    rest = re.sub(r"发文字号|文号|成文日期|日期|发布日期|印发日期", "", "".join(chars))
    return not any(unicodedata.category(c)[0] in "LN" for c in rest)


def status_of(key: str) -> str | None:
    """The status a line like ``(已失效)`` states, or None."""
    m = _STATUS.fullmatch(key.strip())
    return STATUS_WORDS[m.group(1)] if m else None


def meta_label(key: str) -> tuple[str, int] | None:
    """``发文字号:X`` style metadata rows of a web page: the field and where its value begins."""
    m = _META_LABEL.match(key)
    return (META_LABELS[m.group(1)], m.end()) if m else None


def meta_pairs(key: str) -> list[tuple[str | None, int, int]]:
    """Every ``label: value`` of a metadata row starting with a known label: (field or None
    for a label we do not keep, value start, value stop)."""
    if not _META_LABEL.match(key):
        return []
    out, at = [], 0
    while at < len(key):
        m = _META_LABEL.match(key, at)
        label_end = m.end() if m else key.find(":", at) + 1
        nxt = NEXT_LABEL.search(key, label_end)
        stop = nxt.start() if nxt else len(key)
        out.append((META_LABELS[m.group(1)] if m else None, label_end, stop))
        at = stop
        while at < len(key) and key[at].isspace():
            at += 1
    return out
