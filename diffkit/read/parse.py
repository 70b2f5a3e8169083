"""Raw plan text → `Plan`.

Plans arrive copied from web pages, PDFs and Word files: UTF-8, GB18030 or UTF-16; Simplified
or Traditional; full- or half-width; wrapped, indented, with web-page furniture around them.
`read_text` decodes a file (charset-normalizer is imported only here); `parse_text` recognises
the header, the numbered sections and items and each task's agencies and deadline, using the
line *keys* of `headings` so that what is stored stays as written. Every non-blank line ends up
in the plan or in ``plan.unplaced`` with a `ParseWarning`.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import DiffkitWarning, InputError
from ..model import Plan, Unplaced
from ..normalize import clip, text_width, to_simplified
from . import headings as h
from .body import Body, Line, Note
from .reflow import reflow

DETECTED_ENCODINGS = ("utf_8", "gb18030", "big5", "cp950", "utf_16", "utf_16_le", "utf_16_be",
                      "utf_32")
GENERIC_STEMS = ("source", "plan", "input", "text", "index", "document")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


class ParseWarning(DiffkitWarning):
    """A line the parser left out of the plan proper (kept in ``unplaced``) or had to guess."""

    def __init__(self, line: int, message: str, text: str = "", *, file: object = None) -> None:
        self.line, self.message, self.text = line, message, text
        self.file = None if file is None else str(file)
        super().__init__(str(self))

    def __str__(self) -> str:
        tail = f": {clip(self.text, 60)}" if self.text else ""
        return f"line {self.line}: {self.message}{tail}"


@dataclass(frozen=True)
class ParseResult:
    """A parsed plan and the warnings met on the way, in line order."""

    plan: Plan
    warnings: tuple[ParseWarning, ...] = ()


# -- reading ------------------------------------------------------------------------------------
def read_text(path: str | os.PathLike, *, encoding: str | None = None) -> str:
    """A plan file's text: web pages, Word .docx and PDF through their readers
    (`source.read_source`), text decoded by `decode_text`; ``encoding`` overrides."""
    from .source import read_source

    return read_source(path, encoding=encoding).text


def decode_text(data: bytes, path: object, *, encoding: str | None = None) -> str:
    """Decode text: BOM, UTF-8, else detected among GB18030, Big5, UTF-16/32; ``encoding``
    overrides. Binary or undecodable data raises `InputError`."""
    if encoding:
        text = _decode_as(data, encoding, path)
    else:
        text = _detect(data, path)
    text = text.removeprefix("\ufeff")
    if _looks_binary(text):
        raise InputError("binary data, not text", file=path,
                         fix="give a plan as text; if it is text, try --encoding gb18030")
    return text


def _decode_as(data: bytes, encoding: str, path: object) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", file=path,
                         fix="use e.g. utf-8, gb18030, big5 or utf-16") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid {encoding} (byte {exc.start})", file=path,
                         fix="try --encoding gb18030, utf-8 or utf-16, or leave it out") from None


def _detect(data: bytes, path: object) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, name, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import charset_normalizer  # lazily: 50 ms, needed only for non-UTF-8 files

    best = charset_normalizer.from_bytes(data, cp_isolation=list(DETECTED_ENCODINGS)).best()
    if best is None:
        raise InputError("cannot decode: not UTF-8, GB18030, Big5 or UTF-16 text "
                         "(binary data?)", file=path,
                         fix="if it is text, name its encoding, e.g. --encoding gb18030")
    return str(best)


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for c in sample if c == "\x00" or (
        unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs") and c not in "\t\n\r\f\v"))
    return bad > max(2, len(sample) // 100)


# -- parsing --------------------------------------------------------------------------------------
def parse_text(text: str, *, id: str | None = None, simplified: bool = False) -> Plan:
    """Parse a plan's text. Lines left out are in ``plan.unplaced``; each warning is also
    issued as a `ParseWarning` (use `parse_result` to get them as a list)."""
    result = parse_result(text, id=id, simplified=simplified)
    for w in result.warnings:
        warnings.warn(w, stacklevel=2)
    return result.plan


def parse_file(path: str | os.PathLike, *, id: str | None = None, encoding: str | None = None,
               simplified: bool = False) -> Plan:
    """Read and parse a plan file — text, web page, Word .docx or PDF (`source.parse_source`);
    the id defaults to `default_id(path)`."""
    from .source import parse_source

    result = parse_source(path, id=id, encoding=encoding, simplified=simplified)
    for w in result.warnings:
        warnings.warn(w, stacklevel=2)
    return result.plan


def default_id(path: str | os.PathLike) -> str:
    """A plan's id from its file name: the stem (``sichuan_2016.txt`` → ``sichuan_2016``),
    or the folder's name for a generic stem (``sichuan_2016/source.txt`` → ``sichuan_2016``)."""
    p = Path(path)
    if p.stem.lower() in GENERIC_STEMS:
        parent = p.resolve().parent.name
        if parent:
            return parent
    return p.stem or "plan"


def parse_result(text: str, *, id: str | None = None, simplified: bool = False,
                 file: object = None) -> ParseResult:
    """Parse a plan's text into a `ParseResult` (plan and warnings).

    Raises `InputError` when the text has no numbered tasks."""
    text = reflow(text)  # one-line plans and flattened tables
    if simplified:
        text = to_simplified(text)
    lines = split_lines(text)
    table = _table(lines, file, id)
    if table is not None:
        return table
    body = Body(lines)
    if not body.ranks:
        raise InputError(f"no numbered tasks found in {len(lines)} non-blank lines; "
                         "is this a plan?", file=file, fix=_no_tasks_fix(text))
    start = body.start
    end = _signature(lines, start)
    header = Header(lines[:start], wrap=body.wrap)
    sections = body.build(lines[start:end])
    for ln in lines[end:]:
        header.signature(ln)
    if not any(i.tasks for s in sections for i in s.items):
        raise InputError("no numbered tasks found; is this a plan?", file=file,
                         fix=_no_tasks_fix(text))
    return _result(id, sections, header, body.notes, body.abbreviations, file)


def _no_tasks_fix(text: str) -> str:
    if text.lstrip().startswith(("{", "[")):
        return "this looks like JSON: plan JSON needs no parsing; try `diffkit validate`"
    return "a plan numbers its items 一、 (一) 1. (1) or ①"


def _result(id: str | None, sections, header: Header, notes: list[Note],
            abbreviations: dict[str, str], file: object = None) -> ParseResult:
    notes = sorted(header.notes + notes, key=lambda n: n.line)
    plan = Plan(id=id or "plan", sections=tuple(sections), meta=header.meta(),
                preamble="\n".join(header.preamble) or None,
                abbreviations={**header.abbreviations, **abbreviations},
                unplaced=tuple(Unplaced(n.line, n.text) for n in notes if n.unplaced))
    return ParseResult(plan, tuple(ParseWarning(n.line, n.message, n.text, file=file)
                                   for n in notes))


def _table(lines: list[Line], file: object, id: str | None = None) -> ParseResult | None:
    """A task table copied from Word or a web page: tab-separated cells under a header row
    such as 序号 / 重点任务 / 牵头单位 / 参与单位. None when there is no such table."""
    from .sheet import HEADER_FIELDS, find_header, header_key, table_plan  # sheet imports us

    def is_header(ln: Line) -> bool:
        fields = {HEADER_FIELDS.get(header_key(c)) for c in ln.raw.split("\t")} - {None}
        return "text" in fields and len(fields) >= 2

    at = next((i for i, ln in enumerate(lines) if "\t" in ln.raw and is_header(ln)), None)
    if at is None or not any("\t" in ln.raw for ln in lines[at + 1:]):
        return None
    rows, notes = [lines[at].raw.split("\t")], []
    used = set(find_header(rows, file=file)[1].values())
    for ln in lines[at + 1:]:
        if "\t" not in ln.raw:
            hd = h.heading(ln.key)
            if hd is not None and hd.rank == h.SECTION:  # a section row spanning the table
                rows.append([ln.raw])
            else:
                notes.append(Note(ln.no, "line without table cells left out", ln.raw, True))
            continue
        rows.append(ln.raw.split("\t"))
        for c, cell in enumerate(rows[-1]):
            if c not in used and cell.strip():
                head = rows[0][c].strip() if c < len(rows[0]) else ""
                notes.append(Note(ln.no, f"cell in column {c + 1} ({head}) left out",
                                  cell.strip(), True))
    plan = table_plan(rows, id=id, file=file)
    if not plan.tasks:
        raise InputError("a task table without tasks; is this a plan?", file=file,
                         fix="each row needs the task's text under 重点任务 or 任务")
    header = Header(lines[:at])
    return _result(id, plan.sections, header, notes, dict(plan.abbreviations), file)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines (CRLF, CR or LF), stripped of indentation and invisible characters."""
    out = []
    for no, raw in enumerate(_NEWLINE.split(text), 1):
        raw = _INVISIBLE.sub("", raw).strip()
        if raw:
            out.append(Line(no, raw, h.line_key(raw)))
    return out


def _signature(lines: list[Line], start: int) -> int:
    """Where a closing signature (issuer and date lines after the last task) begins."""
    end = len(lines)
    if end - start < 3:
        return end
    last = lines[-1].key
    found = h.date_in(last)
    if not found or not h.nothing_else(last, found[1:]):
        return end
    end -= 1
    prev = lines[end - 1].key
    if h.ORG.match(prev) and not h.SENTENCE.search(prev) and end - 1 > start:
        end -= 1
    return end


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
               and not h.is_chrome(ln.key) and not _number_line(ln.key))
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
        for ln in _unwrap(lines, wrap):
            self._line(ln)

    def _line(self, ln: Line) -> None:
        k = ln.key
        if h.is_chrome(k):
            self.notes.append(Note(ln.no, f"{h.chrome_kind(k)} left out", ln.raw, True))
            return
        if self._meta_row(ln) or self._number_and_date(ln):
            self._open = ""
            return
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
        found = h.meta_label(ln.key)
        if not found:
            return False
        field, at = found
        value, key = ln.raw[at:].strip(), ln.key[at:].strip()
        if field == "date" and (d := h.date_in(key)):
            value = d[0]
        elif field == "status":
            value = h.STATUS_WORDS.get(key, "unknown")
        if value and field not in self.fields:
            self.fields[field] = value
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
        return True

    def _prose(self, ln: Line) -> None:
        k, raw = ln.key, ln.raw
        sentence = (h.SENTENCE.search(k) is not None or len(k) > 40
                    or h.DOC_NUMBER.search(k) is not None or k.startswith(_PROSE_OPENERS))
        started = bool(self.preamble)
        if not started and "关于" in k[:30] and not h.SENTENCE.search(k) and \
                "notice_title" not in self.fields and not self.title:
            self._about(ln)
        elif not started and not sentence and "issuer" not in self.fields and \
                "notice_title" not in self.fields and not self.title and h.ORG.match(k):
            self.fields["issuer"] = raw
        elif not started and k.endswith(":") and "addressees" not in self.fields:
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
            meta["title"] = m.group(1).strip("《》") if m else about
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
_REGION = re.compile(r"^(北京市|天津市|上海市|重庆市|.{2,7}?(?:省|自治区|特别行政区)|.{2,6}?市)")


def _region_level(meta: dict[str, object]) -> dict[str, object]:
    source = str(meta.get("issuer") or meta.get("title") or "")
    if source.startswith(("国务院", "中共中央")) or re.match(
            r"国(?:办)?(?:发|函)", str(meta.get("doc_number", ""))):
        return {"level": "national"}
    m = _REGION.match(to_simplified(source))
    if not m:
        return {}
    region = source[:m.end()]
    level = "municipal" if region.endswith("市") and region not in (
        "北京市", "天津市", "上海市", "重庆市") else "provincial"
    return {"region": region, "level": level}


__all__ = ["ParseResult", "ParseWarning", "decode_text", "default_id", "parse_file",
           "parse_result", "parse_text", "read_text", "split_lines"]
