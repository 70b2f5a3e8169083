"""Which container a file is, from its first bytes rather than its name.

`sniff` answers ``pdf``, ``docx``, ``html``, ``mht`` (a web page saved as one MIME file, as
Word's and browsers' "single file web page" are, often named .doc) or ``text``; containers
diffkit does not read raise
`InputError` with the way to convert them: old binary Word (.doc/.wps, OLE2), RTF, images,
workbooks (`diffkit import`), other zip archives. A ``.docx`` saved as ``.txt`` is read as
Word, a web page saved as ``.doc`` as HTML.
"""

from __future__ import annotations

import codecs
import os
import re
import zipfile

from ..errors import InputError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta\s|title|div|p|table|br)[\s>/]",
                   re.IGNORECASE)
_MHT = re.compile(rb"(?:[\w-]+:[^\n]*\r?\n)*?MIME-Version:|(?:[\w-]+:[^\n]*\r?\n)*?"
                  rb"Content-Type:\s*multipart/related", re.IGNORECASE)
_PAGE = re.compile(rb"<(?:!doctype\s+html|html|body)[\s>]", re.IGNORECASE)
_IMAGES = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
           (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"GIF8", "a GIF image"))
_CONVERT = "soffice --headless --convert-to docx FILE"


def sniff(head: bytes, path: str | os.PathLike) -> str:
    """``pdf``, ``docx``, ``html``, ``mht`` or ``text`` for a file starting with ``head`` (its first
    few KB); refuses what diffkit cannot read, saying how to convert it."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(OLE2):
        raise InputError("an old binary Office file (.doc/.wps/.xls, OLE2), which diffkit does "
                         "not read", file=path,
                         fix=f"convert it to .docx first: {_CONVERT} (a .xls: save as .xlsx "
                             "and use `diffkit import`)")
    if head.lstrip(codecs.BOM_UTF8).startswith(b"{\\rtf"):
        raise InputError("an RTF document, which diffkit does not read", file=path,
                         fix=f"convert it to .docx first: {_CONVERT}")
    for magic, what in _IMAGES:
        if head.startswith(magic):
            raise InputError(f"{what}, not text", file=path,
                             fix="OCR it first (e.g. tesseract or ocrmypdf) and parse the result")
    if _MHT.match(head.lstrip()[:1024]):
        return "mht"
    view = _ascii_view(head[:4096])
    if _PAGE.search(view) or (view.lstrip().startswith(b"<") and _HTML.search(view)):
        return "html"
    return "text"


def _ascii_view(head: bytes) -> bytes:
    """UTF-16/32 text as bytes the HTML pattern can search (ASCII-compatible text as is)."""
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            return head.decode(name, "ignore").encode("ascii", "ignore")
    return head.lstrip(codecs.BOM_UTF8)


def _zip_kind(path: str | os.PathLike) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"a damaged zip archive (.docx?): {exc}", file=path,
                         fix="download or save the document again") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise InputError("an Excel workbook, not a plan text", file=path,
                         fix="read a task table with `diffkit import`")
    fix = "give the document itself (.docx, .pdf, .html or text)"
    if any(n.startswith("ppt/") for n in names):
        raise InputError("a PowerPoint file, which diffkit does not read", file=path, fix=fix)
    raise InputError("a zip archive, not a document", file=path, fix="unpack it; " + fix)
