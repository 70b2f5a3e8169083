"""Untrusted workbooks (diffkit import, compare --overrides): crafted hostile .xlsx files are
refused quickly, in bounded memory, with one clear line — never expanded, never followed.

The files are built by tests/hostile.py (constructed here). Limits: `untrusted.MAX_PART_BYTES`
per part and `untrusted.MAX_TOTAL_BYTES` in all, checked on the zip's declared sizes before
openpyxl opens anything; Python's zipfile never reads past a declared size (CRC check).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from diffkit import import_sheet
from diffkit.errors import InputError
from diffkit.overrides import read_overrides
from diffkit.read.untrusted import MAX_PART_BYTES, MAX_TOTAL_BYTES, check_workbook
from tests import hostile

ROOT = Path(__file__).resolve().parents[1]
READERS = {"import": import_sheet, "overrides": read_overrides}


def _refused(reader, path: Path, match: str, *, peak_mb: float = 40) -> str:
    """Run ``reader(path)``; it must raise InputError matching ``match`` while allocating at
    most ``peak_mb`` MB (tracemalloc)."""
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=match) as info:
            reader(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < peak_mb * 2**20, f"peak {peak / 2**20:.1f} MB"
    line = info.value.line()
    assert "\n" not in line and path.name in line
    return line


@pytest.mark.parametrize("reader", READERS)
def test_billion_laughs_is_refused(reader, tmp_path):
    path = hostile.billion_laughs_xlsx(tmp_path / "laughs.xlsx")
    line = _refused(READERS[reader], path, "EntitiesForbidden")
    assert "lol" not in line.replace("lol0", "")  # nothing was expanded into the message


@pytest.mark.parametrize("reader", READERS)
def test_external_entity_is_not_followed(reader, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")
    path = tmp_path / "xxe.xlsx"
    data = hostile._replace_part(hostile.plain_workbook_bytes(), hostile.SHEET_PART,
                                 lambda z, n: z.writestr(n, hostile.external_entity_xml(
                                     str(secret))))
    path.write_bytes(data)
    line = _refused(READERS[reader], path, "EntitiesForbidden")
    assert "TOP-SECRET" not in line


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A part that really decompresses to just over the limit (~100 KB on disk)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    return hostile.zip_bomb_xlsx(path, part_bytes=MAX_PART_BYTES + (1 << 20))


@pytest.mark.parametrize("reader", READERS)
def test_zip_bomb_is_refused_before_decompression(reader, bomb):
    assert bomb.stat().st_size < 2**20 < MAX_PART_BYTES
    line = _refused(READERS[reader], bomb, "zip bomb", peak_mb=10)
    assert f"{MAX_PART_BYTES:,}" in line  # the message states the documented limit


def test_many_parts_over_the_total_limit_are_refused(tmp_path):
    """Parts each under the per-part limit but over the total limit in all (declared)."""
    path = tmp_path / "many.xlsx"
    parts = [f"xl/media/big{k}.bin" for k in range(4)]
    data = hostile.plain_workbook_bytes()
    for name in parts:
        data = hostile.add_part(data, name, b"x" * 1000)
    buf = bytearray(data)
    for name in parts:
        hostile._patch_entry(buf, name.encode(), MAX_TOTAL_BYTES // 3, method=None)
    path.write_bytes(bytes(buf))
    with pytest.raises(InputError, match="zip bomb"):
        check_workbook(path)


@pytest.mark.parametrize("reader", READERS)
def test_part_lying_about_its_size_cannot_expand(reader, tmp_path):
    """Declared 4 KB, deflate stream of 50 MB: zipfile stops at 4 KB and fails the CRC."""
    path = hostile.lying_zip_xlsx(tmp_path / "lying.xlsx")
    _refused(READERS[reader], path, "cannot read workbook|not an .xlsx", peak_mb=20)


def test_plain_workbook_still_reads(tmp_path):
    """The guards do not refuse an ordinary workbook."""
    path = tmp_path / "plain.xlsx"
    path.write_bytes(hostile.plain_workbook_bytes())
    check_workbook(path)
    plan = import_sheet(path)
    assert [t.text for t in plan.tasks] == ["做事"]


def test_openpyxl_uses_defusedxml():
    from openpyxl import xml
    from openpyxl.worksheet import _reader
    assert xml.DEFUSEDXML
    assert _reader.iterparse.__module__.startswith("defusedxml")


def test_workbooks_are_refused_when_defusedxml_is_switched_off(tmp_path):
    """OPENPYXL_DEFUSEDXML=False makes openpyxl parse with the standard library: diffkit then
    refuses to open workbooks at all (exit 2, one line), and CSV still works."""
    sheet = tmp_path / "plan.xlsx"
    sheet.write_bytes(hostile.plain_workbook_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENPYXL_DEFUSEDXML": "False"}
    proc = subprocess.run([sys.executable, "-m", "diffkit", "import", str(sheet)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "defusedxml" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
