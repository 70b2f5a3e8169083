"""The package's public names, some imported on first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import diffkit

ROOT = Path(__file__).resolve().parents[1]


def test_every_public_name_is_there():
    for name in diffkit.__all__:
        assert getattr(diffkit, name) is not None, name
    assert set(diffkit.__all__) <= set(dir(diffkit))
    assert callable(diffkit.compare) and callable(diffkit.workload)
    from diffkit import parse_text, redline  # noqa: F401  (from-import of lazy names)


def test_unknown_name_is_an_attribute_error():
    try:
        diffkit.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("no AttributeError")


def test_import_loads_neither_parser_nor_sheets_until_asked():
    code = ("import sys, diffkit\n"
            "print(sorted(m for m in ('diffkit.parse', 'diffkit.sheet', 'diffkit.report') "
            "if m in sys.modules))\n"
            "diffkit.parse_text, diffkit.import_sheet, diffkit.redline\n"
            "print(sorted(m for m in ('diffkit.parse', 'diffkit.sheet', 'diffkit.report') "
            "if m in sys.modules))\n"
            "import diffkit.compare, diffkit.workload\n"
            "from diffkit.corpus import Corpus\n"
            "print(callable(diffkit.compare), callable(diffkit.workload), "
            "callable(diffkit.corpus), diffkit.Corpus is Corpus)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert proc.stdout.splitlines() == [
        "[]", "['diffkit.parse', 'diffkit.report', 'diffkit.sheet']", "True True True True"]
