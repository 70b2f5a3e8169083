"""Any file a researcher has → plan text: the container is sniffed from the bytes and read by
its reader (`html`, `docx`, `pdf`), plain text is decoded; then the text parser takes over.

`read_source` gives the text, the container's name and the readers' notes; `parse_source` parses
it, records ``meta.source_format`` for containers other than plain text, and turns the notes
into warnings. `diffkit parse`, `diffkit compare`, `diffkit corpus` and `diffkit.parse_file` all
come through here, so they take the same files. The readers' libraries (lxml, python-docx,
pdfplumber) are imported only when a file of theirs arrives.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from ..files import read_bytes
from .blocks import Note, to_text
from .parse import ParseResult, ParseWarning, decode_text, default_id, parse_result
from .sniff import sniff

FORMATS = ("text", "html", "docx", "pdf")


@dataclass(frozen=True)
class Source:
    """A file's plan text, its container (one of `FORMATS`) and what its reader noted."""

    text: str
    format: str = "text"
    notes: tuple[Note, ...] = ()


class ReadWarning(ParseWarning):
    """What a container reader left out or guessed, placed by page or table, not line."""

    def __init__(self, note: Note, *, file: object = None) -> None:
        self.place = note.place
        super().__init__(0, note.message, note.text, file=file)

    def __str__(self) -> str:
        tail = f": {self.text[:60]}" if self.text else ""
        return f"{self.place}: {self.message}{tail}"


def read_source(path: str | os.PathLike, *, encoding: str | None = None) -> Source:
    """Read a plan file of any container diffkit knows (see `sniff`) as plan text;
    ``encoding`` applies to text and web pages."""
    data = read_bytes(path, what="plan text")
    kind = sniff(data[:8192], path)
    if kind == "text":
        return Source(decode_text(data, path, encoding=encoding))
    if kind == "html":
        from .html import read_html
        doc = read_html(data, path, encoding=encoding)
    elif kind == "mht":
        from .html import read_mht
        doc = read_mht(data, path)
    elif kind == "docx":
        from .docx import read_docx
        doc = read_docx(path)
    else:
        from .pdf import read_pdf
        doc = read_pdf(path)
    return Source(to_text(doc.blocks), doc.format, tuple(doc.notes))


def parse_source(path: str | os.PathLike, *, id: str | None = None,
                 encoding: str | None = None, simplified: bool = False) -> ParseResult:
    """Read and parse any plan file into a `ParseResult`; the id defaults to
    `default_id(path)`."""
    source = read_source(path, encoding=encoding)
    result = parse_result(source.text, id=id or default_id(path), simplified=simplified,
                          file=path)
    if source.format == "text":
        return result
    plan = replace(result.plan, meta={**result.plan.meta, "source_format": source.format})
    notes = tuple(ReadWarning(n, file=path) for n in source.notes)
    return ParseResult(plan, notes + result.warnings)
