"""PDF → blocks: the text layer in reading order, without the page furniture.

pdfplumber reads each page (the only module that imports it; chosen by measurement, see
docs/parser.md): its text lines sorted by position, and its ruled tables (cells with several
lines kept; merged cells repeated). Then, over the whole document:

- page numbers (``- 3 -``, ``第3页 共9页``, ``3/9``) at the top or bottom of a page are dropped,
  and so are running headers and footers (the same line, digits aside, in the top or bottom
  margin of at least half the pages and of three);
- lines cut at the page width are joined again: a line that reaches the right edge of the text
  goes on in the next line unless that one is indented (a new paragraph, in documents that
  indent paragraphs as Chinese documents do; in others, unless the line ends a sentence) or
  opens a numbered heading;
- letter-spaced lines (a title set ``关 于 印 发``) lose the spaces between characters.

A PDF without any text is a scan: `InputError` asks to OCR it first. An encrypted PDF that needs
a password, and a damaged one, are refused with one line. Memory stays flat: each page's
objects are released once read.
"""

from __future__ import annotations

import os
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..errors import InputError
from .blocks import Document, Note, Table
from .headings import heading, line_key

MARGIN = 0.12  # the top and bottom share of a page where running lines live
_PAGE_NO = re.compile(r"[-—–－~·\s]*\d{1,4}[-—–－~·\s]*|第\s*\d+\s*页(?:\s*[,，/、]?\s*共\s*\d+\s*页)?"
                      r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?", re.IGNORECASE)
_ENDS = tuple("。：:；;！!？?")
_CJK = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
_SPACED = re.compile(rf"(?<={_CJK}) +(?={_CJK})")
_SCAN = "no text layer: it is a scan; OCR it first (e.g. ocrmypdf) and parse the result"


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    height: float  # the page's


def read_pdf(path: str | os.PathLike) -> Document:
    """A PDF's text and tables (see the module doc)."""
    import pdfplumber

    doc = Document("pdf")
    try:
        with pdfplumber.open(os.fspath(path)) as pdf:
            items, empty, pages = _pages(pdf, path, doc.notes)
    except InputError:
        raise
    except Exception as exc:  # pdfminer's and pdfplumber's errors on a damaged or locked file
        raise _unreadable(path, exc) from None
    if pages and len(empty) == pages:
        raise InputError(_SCAN, file=path,
                         fix="ocrmypdf -l chi_sim FILE.pdf OCRED.pdf; diffkit parse OCRED.pdf")
    for no in empty:
        doc.notes.append(Note(f"page {no}", "no text layer (a scanned page?); its text is "
                                            "missing: OCR the PDF (e.g. ocrmypdf)"))
    lines = _drop_furniture([i for i in items if isinstance(i, Line)], pages, doc.notes)
    keep = {id(x) for x in lines}
    doc.blocks = _join([i for i in items if isinstance(i, Table) or id(i) in keep])
    return doc


def _pages(pdf, path: object, notes: list[Note]) -> tuple[list[Line | Table], list[int], int]:
    """Every page's lines and tables, the pages without text, the page count; a page that
    fails is noted and skipped, and each page is released once read."""
    items: list[Line | Table] = []
    empty: list[int] = []
    for no, page in enumerate(pdf.pages, 1):
        try:
            found = _page(page, no)
        except Exception as exc:  # one damaged page: say so, read the others
            notes.append(Note(f"page {no}", "unreadable, its text is missing: "
                                            f"{_unreadable(path, exc).what}"))
            continue
        finally:
            page.close()
        if not found:
            empty.append(no)
        items += found
    return items, empty, len(pdf.pages)


def _unreadable(path: object, exc: BaseException) -> InputError:
    name = type(exc).__name__
    root = exc
    while root.__cause__ or root.__context__:
        root = root.__cause__ or root.__context__
    names = f"{name} {type(root).__name__} {exc} {root}".lower()
    if "password" in names or "encrypt" in names:
        return InputError("encrypted PDF: it needs a password to open", file=path,
                          fix="save an unlocked copy (e.g. qpdf --decrypt --password=PW "
                              "in.pdf out.pdf) and parse that")
    first = (str(root).strip().splitlines() or [""])[0][:100]
    return InputError(f"not a readable PDF (damaged or truncated?): {type(root).__name__}"
                      + (f": {first}" if first else ""), file=path,
                      fix="download or save the PDF again")


def _page(page, no: int) -> list[Line | Table]:
    height = float(page.height)
    tables = []
    if page.lines or page.rects:
        tables = [(t.bbox, _cells(_rows(page, t))) for t in page.find_tables()]
    out: list[tuple[float, Line | Table]] = []
    for ln in page.extract_text_lines(return_chars=False, strip=True):
        mid_x, mid_y = (ln["x0"] + ln["x1"]) / 2, (ln["top"] + ln["bottom"]) / 2
        if any(b[0] <= mid_x <= b[2] and b[1] <= mid_y <= b[3] for b, _ in tables):
            continue
        text = _unspace(ln["text"])
        if text:
            out.append((ln["top"], Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"], no,
                                        height)))
    out += [(b[1], Table(rows)) for b, rows in tables if rows]
    out.sort(key=lambda x: x[0])
    return [x for _, x in out]


def _rows(page, table) -> list[list[str | None]]:
    """A ruled table's cells; a cell's line that reaches the cell's right edge goes on in the
    next line (wrapped), any other line ends (one name or sentence per line)."""
    out: list[list[str | None]] = []
    for row in table.rows:
        cells: list[str | None] = []
        for bbox in row.cells:
            if bbox is None:
                cells.append(None)
                continue
            text = ""
            for ln in page.crop(bbox).extract_text_lines(return_chars=False, strip=True):
                sep = "" if not text or text.endswith("\x00") else "\n"
                text = text.rstrip("\x00") + sep + _unspace(ln["text"])
                size = ln["bottom"] - ln["top"]
                if ln["x1"] >= bbox[2] - 1.5 * size and not ln["text"].endswith(_ENDS):
                    text += "\x00"  # wrapped: the next line goes on
            cells.append(text.rstrip("\x00"))
        out.append(cells)
    return out


def _cells(rows: list[list[str | None]]) -> list[list[str]]:
    """pdfplumber's cells, None (covered by a merged cell) filled: a row with one value across
    repeats it; otherwise the cell above."""
    out: list[list[str]] = []
    for row in rows:
        filled = [c if c is not None else None for c in row]
        if filled and filled[0] is not None and all(c is None for c in filled[1:]):
            filled = [filled[0]] * len(filled)
        for c, cell in enumerate(filled):
            if cell is None:
                filled[c] = out[-1][c] if out and c < len(out[-1]) else ""
        out.append([str(c) for c in filled])
    return out


def _unspace(text: str) -> str:
    """A letter-spaced line without its spaces (a line with a space after most characters)."""
    cjk = len(re.findall(_CJK, text))
    if cjk >= 2 and len(_SPACED.findall(text)) >= 0.9 * (cjk - 1):
        return _SPACED.sub("", text)
    return text.strip()


def _in_margin(ln: Line) -> bool:
    return ln.top < MARGIN * ln.height or ln.bottom > (1 - MARGIN) * ln.height


def _drop_furniture(lines: list[Line], pages: int, notes: list[Note]) -> list[Line]:
    """Lines without page numbers and running headers and footers; notes say what went."""
    key = {id(ln): re.sub(r"\d+", "#", ln.text.replace(" ", "")) for ln in lines}
    seen = Counter()
    for p in range(1, pages + 1):
        seen.update({key[id(ln)] for ln in lines if ln.page == p and _in_margin(ln)})
    running = {k for k, n in seen.items() if n >= 3 and n >= pages / 2}
    out, numbers, dropped = [], 0, Counter()
    for ln in lines:
        if _in_margin(ln) and _PAGE_NO.fullmatch(ln.text.strip()):
            numbers += 1
        elif _in_margin(ln) and key[id(ln)] in running:
            dropped[ln.text] += 1
        else:
            out.append(ln)
    if numbers:
        notes.append(Note("pages", f"{numbers} page numbers left out"))
    for text, n in dropped.items():
        notes.append(Note("pages", f"running header or footer left out on {n} pages", text))
    return out


def _join(items: list[Line | Table]) -> list[str | Table]:
    """Paragraphs: lines cut at the text's right edge joined to the next line."""
    lines = [i for i in items if isinstance(i, Line)]
    if not lines:
        return [i for i in items if isinstance(i, Table)]
    starts = Counter(round(ln.x0) for ln in lines)  # the margin: the leftmost common start
    common = [x for x, n in starts.items() if n >= max(2, 0.05 * len(lines))]
    left = min(common) if common else min(starts)
    size = statistics.median(ln.bottom - ln.top for ln in lines) or 10
    far = max(ln.x1 for ln in lines)
    right = statistics.median(ln.x1 for ln in lines if ln.x1 >= far - 3 * size)
    # paragraphs that open with an indent (as Chinese documents set them) are told by that
    # alone; without indents, a line ending a sentence ends its paragraph
    indents = sum(ln.x0 > left + 0.8 * size for ln in lines) >= 0.1 * len(lines)
    out: list[str | Table] = []
    prev: Line | None = None
    for item in items:
        if isinstance(item, Table):
            out.append(item)
            prev = None
            continue
        if prev is not None and _continues(prev, item, left, right, size, indents):
            out[-1] = _glue(str(out[-1]), item.text)
        else:
            out.append(item.text)
        prev = item
    return out


def _continues(prev: Line, ln: Line, left: float, right: float, size: float,
               indents: bool) -> bool:
    if prev.x1 < right - 1.5 * size or (not indents and prev.text.endswith(_ENDS)):
        return False
    offset = (prev.x0 - left) / size  # a cut line starts at the margin or at the indent
    if not (offset < 0.5 or 1.5 <= offset <= 2.5):  # centred (a title line)
        return False
    if ln.x0 > left + 0.8 * size:  # indented: a new paragraph
        return False
    return heading(line_key(ln.text)) is None


def _glue(a: str, b: str) -> str:
    """Two parts of a cut line; a space only between two Latin words (a number cut at the
    width, 2|023, joins as it was)."""
    if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha():
        return a + " " + b
    return a + b
