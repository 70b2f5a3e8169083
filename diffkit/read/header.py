"""A plan's header: issuer, notice title, document number, date, status, addressees, covering
notice, the plan's own title and preamble — everything before the first section heading.

Real headers (docs/real_forms.md) put a masthead (``XX人民政府文件``) or a document number
first, wrap titles over lines, sign a covering notice with the issuer and a date before the
plan's own title, and sit among web-page chrome (``headings.is_chrome``, listed in
``data/chrome.txt``). The document's own number is kept apart from the numbers of the
documents it implements, which are cited in its preamble or notice.
"""

from __future__ import annotations

import re

from ..normalize import text_width, to_simplified
from . import headings as h
from .body import Line, Note

_MASTHEAD = re.compile(r"^(.{2,40}?)\s*文件$")
_PUBLIC = re.compile(r"^[(\[【]?\s*(?:此件公开发布|此件主动公开|此页无正文|此件不公开)\s*[)\]】]?$")
# a notice title that ends (通知, or its number in brackets after it) is not cut by a page width
_COMPLETE_TITLE = re.compile(r"(?:通知|意见|方案)(?:\s*[(\[〔【][^()]*号[)\]〕】])?$")
_NUMBER_LABELS = ("发布文号", "发文字号", "文号")


def _bare(key: str) -> str:
    """A header line's key without spaces, table bars and title brackets (for repeats)."""
    return re.sub(r"[\s|｜《》〈〉<>]", "", h.line_key(key))


_ADDRESSEES = re.compile(r"各|有关|人民政府|部门|单位|机构|直属|委|办|局|厅")


def _unwrap(lines: list[Line], wrap: int | None) -> list[Line]:
    """Header lines that a PDF copy cut at the page width ``wrap``, joined again."""
    if wrap is None:
        return lines
    out: list[Line] = []
    cut = False  # the last physical line reached the page width
    for ln in lines:
        if cut and not h.is_chrome(ln.key) and h.status_of(ln.key) is None:
            prev = out[-1]
            out[-1] = Line(prev.no, prev.raw + ln.raw, prev.key + ln.key)
        else:
            out.append(ln)
        cut = (text_width(ln.key) >= wrap - 2 and not ln.key.endswith(("。", ":"))
               and not h.is_chrome(ln.key) and not _number_line(ln.key)
               and not _COMPLETE_TITLE.search(ln.key))
    return out


def _number_line(key: str) -> bool:
    """Is this only a document number and/or a date?"""
    m, d = h.DOC_NUMBER.search(key), h.date_in(key)
    spans = ([m.span()] if m else []) + ([d[1:]] if d else [])
    return bool(spans) and h.nothing_else(key, *spans)


# -- the header --------------------------------------------------------------------------------
class Header:
    """Issuer, notice title, document number, date, status, addressees, notice, title and
    preamble: everything before the first section heading."""

    def __init__(self, lines: list[Line], *, wrap: int | None = None) -> None:
        self.fields: dict[str, str] = {}
        self.notice: list[str] = []
        self.preamble: list[str] = []
        self.title: list[str] = []
        self.notes: list[Note] = []
        self.abbreviations: dict[str, str] = {}
        self._open = ""  # "notice_title" or "title" while a wrapped heading goes on
        self._signed = False  # a covering notice was signed: the plan's own title follows
        self._site_issuer = False  # the issuer so far comes from a site's metadata row
        self._signing = False  # a signer line was just read: its date ends the notice
        lines = _unwrap(lines, wrap)
        signers = {i for i in range(len(lines) - 1)
                   if _signer(lines[i].key) and _number_line(lines[i + 1].key)
                   and h.DOC_NUMBER.search(lines[i + 1].key) is None}
        for i, ln in enumerate(lines):
            if i in signers:
                self._signer(ln)
            else:
                self._line(ln)

    def _line(self, ln: Line) -> None:
        k = ln.key
        if h.is_chrome(k):
            self.notes.append(Note(ln.no, f"{h.chrome_kind(k)} left out", ln.raw, True))
            return
        if _PUBLIC.match(k):
            self.notes.append(Note(ln.no, "publication marker left out", ln.raw, True))
            return
        if (m := _MASTHEAD.match(k)) and h.ORG.match(m.group(1)) and not self.title:
            self.fields.setdefault("issuer", ln.raw[:m.end(1)].strip())
            return
        if self._meta_row(ln) or self._number_and_date(ln):
            self._open = ""
            return
        if self._own_number(ln):
            return
        if ln.raw == self.fields.get("notice_title") or ln.raw == self.fields.get("title"):
            return  # a site's metadata row said it already
        if (status := h.status_of(k)) is not None:
            self.fields.setdefault("status", status)
            return
        if self._open == "notice_title" and not h.SENTENCE.search(k) and len(k) <= 40:
            self.fields["notice_title"] += ln.raw
            self._open = "" if h.NOTICE_END.search(k) else "notice_title"
            return
        self._open = ""
        self._prose(ln)

    def _meta_row(self, ln: Line) -> bool:
        """``发文字号:X`` rows of a site's metadata (several pairs on a line are split); a
        signature read later names the issuer instead of a site's 发布机构."""
        pairs = h.meta_pairs(ln.key)
        if not pairs:
            return False
        for field, start, stop in pairs:
            value, key = ln.raw[start:stop].strip(), ln.key[start:stop].strip()
            if field is None:
                self.notes.append(Note(ln.no, "web metadata left out", ln.raw[start:stop], True))
                continue
            if field == "date" and (d := h.date_in(key)):
                value = d[0]
            elif field == "status":
                value = h.STATUS_WORDS.get(key, "unknown")
            if value and field not in self.fields:
                self.fields[field] = value
                if field == "issuer":
                    self._site_issuer = True
            elif value != self.fields.get(field):
                self.notes.append(Note(ln.no, f"second {field} left out", ln.raw, True))
        return True

    def _number_and_date(self, ln: Line) -> bool:
        k = ln.key
        m = h.DOC_NUMBER.search(k)
        d = h.date_in(k)
        if not _number_line(k) or (m and "doc_number" in self.fields):
            return False
        if m:
            self.fields["doc_number"] = ln.raw[m.start():m.end()]
        if d and self.fields.setdefault("date", d[0]) != d[0]:
            self.notes.append(Note(ln.no, "second date left out", ln.raw, True))
        if d and not m and (self.notice or "addressees" in self.fields or self._signing):
            self._sign()
        return True

    def _signer(self, ln: Line) -> None:
        """The issuer signing a covering notice (the line before its date): it names the issuer
        rather than a site's metadata does."""
        self._signing = True
        issuer = h.line_key(self.fields.get("issuer", ""))
        if self._site_issuer:
            self.fields["issuer"], self._site_issuer = ln.raw, False
        elif issuer and (issuer in ln.key or ln.key in issuer):
            return  # the same organ, written with or without its region
        elif self.fields.setdefault("issuer", ln.raw) != ln.raw and \
                h.line_key(self.fields["issuer"]) not in ln.key:
            self.notes.append(Note(ln.no, "second issuer left out", ln.raw, True))

    def _sign(self) -> None:
        """A covering notice ends at its date: what follows is the plan's own title. Lines
        taken for a title before it were not one."""
        self._signed = True
        self.notice.extend(self.title + self.preamble)  # all before the date was the notice
        self.title, self.preamble = [], []

    def _own_number(self, ln: Line) -> bool:
        """The document's own number in a header line with other text (a title line ending
        ``(X〔2021〕2号)``, or a number before the notice title): kept apart, the rest read."""
        k = ln.key
        m = h.DOC_NUMBER.search(k)
        if not m or "addressees" in self.fields or self._signed:
            return False
        number = ln.raw[m.start():m.end()]
        if self.fields.get("doc_number", number) != number:
            return False
        start, stop = m.span()
        if start and k[start - 1] in "([〔【" and k[stop:stop + 1] in ")]〕】":
            start, stop = start - 1, stop + 1
        rest = (k[:start] + k[stop:]).strip()
        if h.SENTENCE.search(rest) or "《" in k[:m.start()] and "》" in k[m.end():]:
            return False  # cited inside a sentence or a title: not the document's own
        self.fields["doc_number"] = number
        if _bare(rest) in ("", *_NUMBER_LABELS) or _bare(rest) == _bare(
                self.fields.get("notice_title", "")):
            return True  # only a label, or the notice title said again
        raw = (ln.raw[:start] + ln.raw[stop:]).strip()
        self._line(Line(ln.no, raw, h.line_key(raw)))
        return True

    def _prose(self, ln: Line) -> None:
        k, raw = ln.key, ln.raw
        sentence = (h.SENTENCE.search(k) is not None or len(k) > 40
                    or h.DOC_NUMBER.search(k) is not None or k.startswith(_PROSE_OPENERS))
        started = bool(self.preamble)
        if self._signed:  # after a signed covering notice: the plan's title, then preamble
            if not sentence and not started:
                self.title.append(raw)
            else:
                self._add(self.preamble, ln)
            return
        if not started and "关于" in k[:30] and not h.SENTENCE.search(k) and \
                "notice_title" not in self.fields and not self.title:
            self._about(ln)
        elif not started and not sentence and "issuer" not in self.fields and \
                "notice_title" not in self.fields and not self.title and h.ORG.match(k):
            self.fields["issuer"] = raw
        elif k.endswith(":") and "addressees" not in self.fields and \
                "。" not in k and _ADDRESSEES.search(k) and len(k) <= 120:
            self.fields["addressees"] = raw[:-1].rstrip()
        elif sentence and "notice_title" in self.fields and "addressees" in self.fields and \
                not self.title and not started and \
                not (self.notice and k.startswith(_PROSE_OPENERS)):
            self._add(self.notice, ln)
        elif not sentence and not started:
            self.title.append(raw)
        else:
            self._add(self.preamble, ln)

    def _add(self, paragraphs: list[str], ln: Line) -> None:
        paragraphs.append(ln.raw)
        for short, full in h.defined_abbreviations(ln.key, ln.raw):
            self.abbreviations.setdefault(short, full)

    def _about(self, ln: Line) -> None:
        k, raw = ln.key, ln.raw
        at = k.find("关于")
        if at > 0 and "issuer" not in self.fields and h.ORG.match(k[:at]):
            self.fields["issuer"] = raw[:at]
        if not re.search("印发|转发", k):  # 关于…的实施意见: the plan's own title
            self.title.append(raw)
            return
        cut = at > 0 and self.fields.get("issuer") == raw[:at]
        self.fields["notice_title"] = raw[at:] if cut else raw
        self._open = "" if h.NOTICE_END.search(k) else "notice_title"

    def signature(self, ln: Line) -> None:
        """A closing issuer or date line."""
        d = h.date_in(ln.key)
        if d:
            if self.fields.setdefault("date", d[0]) != d[0]:
                self.notes.append(Note(ln.no, "second date left out", ln.raw, True))
        elif self.fields.setdefault("issuer", ln.raw) != ln.raw:
            self.notes.append(Note(ln.no, "closing line left out", ln.raw, True))

    def meta(self) -> dict[str, object]:
        """The plan's metadata, with title, region, level and implemented documents derived."""
        meta: dict[str, object] = dict(self.fields)
        if self.title:
            meta["title"] = "".join(self.title)
        elif "notice_title" in meta:
            about = str(meta["notice_title"])
            m = re.search(r"(?:印发|转发)(.+?)的通知$", about)
            meta["title"] = m.group(1).strip(" 《》") if m else about
            if not m:
                del meta["notice_title"]
        if self.notice:
            meta["notice"] = "\n".join(self.notice)
        meta.update(_region_level(meta))
        implements = []
        for text in (*self.preamble, *self.notice):
            for m in h.DOC_NUMBER.finditer(h.line_key(text)):
                number = text[m.start():m.end()]
                if number != meta.get("doc_number") and number not in implements:
                    implements.append(number)
        if implements:
            meta["implements"] = implements
        return meta


_PROSE_OPENERS = ("为", "根据", "按照", "依据", "近年来", "当前")
_REGION = re.compile(
    r"^(北京市|天津市|上海市|重庆市|.{2,7}?(?:省|自治区|特别行政区)|.{1,8}?(?:自治州|地区|盟)|"
    r".{1,6}?市(?:.{1,6}?(?:区|县))?(?=人民政府|政府|$)|.{1,6}?市|.{1,6}?(?:自治县|县|区|旗))")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_NATIONAL = re.compile(r"^(?:国务院|中共中央|全国|国家.{1,12}(?:局|委|署|院)$|.{1,8}部(?:办公厅)?$)")


def _region_level(meta: dict[str, object]) -> dict[str, object]:
    """Region and level from the issuer (else the title): 国务院 and ministries are national;
    …省 provincial; …市 municipal (the four municipalities provincial); …县/…区/…旗 county."""
    source = str(meta.get("issuer") or meta.get("title") or "")
    simple = to_simplified(source)
    if _NATIONAL.match(simple) or re.match(r"国(?:办)?(?:发|函)", str(meta.get("doc_number", ""))):
        return {"level": "national"}
    m = _REGION.match(simple)
    if not m:
        return {}
    region = source[:m.end()]
    name = simple[:m.end()]
    if name.endswith(("县", "区", "旗")) and name not in _MUNICIPALITIES:
        level = "county"
    elif name.endswith(("省", "自治区", "特别行政区")) or name in _MUNICIPALITIES:
        level = "provincial"
    else:
        level = "municipal"
    return {"region": region, "level": level}


def _signer(key: str) -> bool:
    """Can this line sign a notice: an organ's name (or several, joined by spaces)?"""
    return not h.SENTENCE.search(key) and ":" not in key and len(key) <= 80 and all(
        h.ORG.match(part) for part in key.split()) and bool(key.split())
