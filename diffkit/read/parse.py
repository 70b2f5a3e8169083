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
from ..model import Plan, Unplaced, with_section_kinds
from ..normalize import clip, to_simplified
from . import headings as h
from .body import Body, Line, Note
from .clean import garbled, strip_glosses
from .columns import HEADER_FIELDS, header_key
from .header import Header
from .reflow import reflow
from .roles import RULE_TEXT

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

    @property
    def summary(self) -> str:
        """``N tasks, M with agencies, K warnings`` (what `diffkit parse` prints last)."""
        tasks = self.plan.tasks
        named = sum(1 for t in tasks if t.agencies)
        return f"{len(tasks)} tasks, {named} with agencies, {len(self.warnings)} warnings"


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
    text, glosses = strip_glosses(text)
    lines = split_lines(text)
    cleaning = _cleaning_notes(lines, glosses)
    table = _table(lines, file, id)
    if table is not None:
        return table
    body = Body(lines)
    if not body.ranks:
        raise InputError(f"no numbered tasks found in {len(lines)} non-blank lines; "
                         "is this a plan?", file=file, fix=_no_tasks_fix(text))
    start = body.restart(lines, _plan_start(lines, body))
    end = _signature(lines, start)
    header = Header(lines[:start], wrap=body.wrap)
    body.rule = _rule(lines[:start])
    sections = body.build(lines[start:end])
    for ln in lines[end:]:
        header.signature(ln)
    if not any(i.tasks for s in sections for i in s.items):
        raise InputError("no numbered tasks found; is this a plan?", file=file,
                         fix=_no_tasks_fix(text))
    if body.rules.used:
        header.fields["role_rule"] = body.rules.used
    return _result(id, sections, header, body.notes + cleaning, body.abbreviations, file)


def _cleaning_notes(lines: list[Line], glosses: int) -> list[Note]:
    notes = [Note(ln.no, "garbled characters (a copy decoded with the wrong encoding?); "
                         "numbering or names on this line may be misread", ln.raw)
             for ln in lines if garbled(ln.raw)]
    if glosses:
        notes.insert(0, Note(lines[0].no if lines else 1,
                             f"{glosses} pinyin glosses such as 區(qū) removed from the text", ""))
    return notes


def _rule(lines: list[Line]) -> tuple[int, str] | None:
    """A document rule stated before the plan's body (排在第一位的为牵头单位 …)."""
    for ln in lines:
        m = RULE_TEXT.search(ln.key)
        if m:
            return ln.no, ln.raw[m.start():m.end()]
    return None


def _plan_start(lines: list[Line], body: Body) -> int:
    """Where the plan's body begins. A covering notice may number its own paragraphs (一、二、
    三、) before its signature and date; the plan then starts at the first heading after them."""
    first = body.ranks[0]
    tops = [i for i, ln in enumerate(lines)
            if (hd := body.heads.get(ln.no)) is not None and hd.rank == first]
    for j in range(body.start + 1, min(len(lines), body.start + 40)):
        key = lines[j].key
        found = h.date_in(key)
        if found and h.nothing_else(key, found[1:]) and any(i > j for i in tops) and \
                not any(h.label_at_start(ln.key) for ln in lines[body.start:j]):
            return next(i for i in tops if i > j)
    return body.start


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
    plan = with_section_kinds(plan)  # 总体要求 … marked kind: principles
    return ParseResult(plan, tuple(ParseWarning(n.line, n.message, n.text, file=file)
                                   for n in notes))


def _table(lines: list[Line], file: object, id: str | None = None) -> ParseResult | None:
    """A task table copied from Word or a web page: tab-separated cells under a header row
    such as 序号 / 重点任务 / 牵头单位 / 参与单位. None when there is no such table."""
    from .sheet import find_header, table_plan  # sheet imports the parser

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


__all__ = ["ParseResult", "ParseWarning", "decode_text", "default_id", "parse_file",
           "parse_result", "parse_text", "read_text", "split_lines"]
