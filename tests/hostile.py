"""Crafted hostile and broken files for the robustness tests (all constructed here, seeded).

Nothing here is copied from elsewhere: the workbooks are built from openpyxl's own output with
one part replaced, the texts are a few constructed lines.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from pathlib import Path

SHEET_PART = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def plain_workbook_bytes(rows=(("任务编号", "重点任务", "牵头单位"), ("1.1", "做事", "省发展改革委"))
                         ) -> bytes:
    """A small, valid .xlsx written by openpyxl."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tasks"
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _replace_part(data: bytes, name: str, write) -> bytes:
    """The workbook ``data`` with part ``name`` written by ``write(zip, name)`` instead."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == name:
                write(dst, name)
            else:
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def billion_laughs_xml(levels: int = 9, fan: int = 10) -> bytes:
    """A worksheet whose one cell is a nested entity that expands to fan**levels copies of
    "lol" (10**9 by default: ~3 GB if a parser expanded it)."""
    ents = ['<!ENTITY lol0 "lol">']
    for k in range(1, levels + 1):
        ents.append(f'<!ENTITY lol{k} "' + f"&lol{k - 1};" * fan + '">')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [{"".join(ents)}]>\n'
            f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
            f"<t>&lol{levels};</t></is></c></row></sheetData></worksheet>").encode()


def external_entity_xml(target: str = "/etc/hostname") -> bytes:
    """A worksheet that asks the parser to read a local file into a cell (XXE)."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [<!ENTITY x SYSTEM '
            f'"file://{target}">]>\n<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" '
            f't="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>').encode()


def _with_sheet(path: Path, sheet_xml: bytes) -> Path:
    """A plain workbook at ``path`` whose worksheet part is ``sheet_xml``."""
    path.write_bytes(_replace_part(plain_workbook_bytes(), SHEET_PART,
                                   lambda z, n: z.writestr(n, sheet_xml)))
    return path


def billion_laughs_xlsx(path: Path) -> Path:
    return _with_sheet(path, billion_laughs_xml())


def external_entity_xlsx(path: Path) -> Path:
    return _with_sheet(path, external_entity_xml())


def _stream_zeros(z: zipfile.ZipFile, name: str, size: int) -> None:
    """Write a part of ``size`` bytes of spaces, compressed (about 1000:1), chunk by chunk."""
    chunk = b" " * (1 << 20)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w", force_zip64=True) as fh:
        left = size
        while left > 0:
            fh.write(chunk[:min(left, len(chunk))])
            left -= len(chunk)


def zip_bomb_xlsx(path: Path, *, part_bytes: int) -> Path:
    """A workbook whose sheet part really decompresses to ``part_bytes`` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain_workbook_bytes())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == SHEET_PART:
                _stream_zeros(dst, SHEET_PART, part_bytes)
            else:
                dst.writestr(info, src.read(info.filename))
    path.write_bytes(out.getvalue())
    return path


def lying_zip_xlsx(path: Path, *, real_bytes: int = 50 << 20, declared: int = 4096) -> Path:
    """A workbook whose sheet part declares ``declared`` bytes but whose deflate stream would
    expand to ``real_bytes``: a reader that trusted the stream instead of the header would
    blow up; Python's zipfile stops at the declared size and fails the CRC check."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = b"".join(comp.compress(b" " * (1 << 20)) for _ in range(real_bytes >> 20))
    body += comp.flush()
    plain = plain_workbook_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != SHEET_PART:
                dst.writestr(info, src.read(info.filename))
        fake = zipfile.ZipInfo(SHEET_PART)
        fake.compress_type = zipfile.ZIP_STORED  # written raw below, then patched
        dst.writestr(fake, body)
    data = bytearray(out.getvalue())
    # patch the local header and the central directory: deflated, small declared size
    _patch_entry(data, SHEET_PART.encode(), declared)
    path.write_bytes(bytes(data))
    return path


def add_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook ``data`` with one more part, stored uncompressed."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr(name, content)
    return out.getvalue()


# (signature, offsets of: name length, name, method, uncompressed size) of a local file header
# and of a central directory entry
_ZIP_HEADERS = ((b"PK\x03\x04", 26, 30, 8, 22), (b"PK\x01\x02", 28, 46, 10, 24))


def _patch_entry(data: bytearray, name: bytes, declared: int,
                 method: int | None = zipfile.ZIP_DEFLATED) -> None:
    """Set the declared (uncompressed) size, and the method unless None, of part ``name``
    in its local header and in the central directory."""
    import struct

    for signature, length_at, name_at, method_at, size_at in _ZIP_HEADERS:
        pos = data.find(signature)
        while pos != -1:
            n = struct.unpack_from("<H", data, pos + length_at)[0]
            if data[pos + name_at:pos + name_at + n] == name:
                if method is not None:
                    struct.pack_into("<H", data, pos + method_at, method)
                struct.pack_into("<I", data, pos + size_at, declared)
            pos = data.find(signature, pos + 4)


def corrupt_zip(path: Path) -> Path:
    """A real workbook cut in half (a truncated download)."""
    data = plain_workbook_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def zip_without_workbook(path: Path) -> Path:
    """A valid zip archive that is not a workbook."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "constructed test archive")
    return path


def random_bytes(n: int = 4096, seed: int = 9) -> bytes:
    return random.Random(seed).randbytes(n)


UNDECODABLE = (b"\x81\x20\x80\xff" * 64) + b"\x81"  # not UTF-8, GB18030, Big5 nor UTF-16
