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
            "print(sorted(m for m in ('diffkit.read.parse', 'diffkit.read.sheet', 'diffkit.report.comparison') "
            "if m in sys.modules))\n"
            "diffkit.parse_text, diffkit.import_sheet, diffkit.redline\n"
            "print(sorted(m for m in ('diffkit.read.parse', 'diffkit.read.sheet', 'diffkit.report.comparison') "
            "if m in sys.modules))\n"
            "import diffkit.compare, diffkit.agencies.workload, diffkit.corpus.run\n"
            "from diffkit.corpus import Corpus\n"
            "print(callable(diffkit.compare), callable(diffkit.workload), "
            "callable(diffkit.corpus), diffkit.Corpus is Corpus)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert proc.stdout.splitlines() == [
        "[]", "['diffkit.read.parse', 'diffkit.read.sheet', 'diffkit.report.comparison']",
        "True True True True"]


# House style: each third-party library is imported by one module of the package.
LIBRARY_HOMES = {
    "charset_normalizer": "read/parse.py", "click": "cli.py",
    "distributed": "corpus/distributed.py", "jsonschema": "validate.py",
    "matplotlib": "report/plot.py", "msgspec": "corpus/records.py",
    "numpy": "corpus/coverage.py", "opencc": "normalize.py",
    "openpyxl": "report/excel.py", "pandas": "report/frame.py", "lxml": "read/html.py",
    "docx": "read/docx.py", "pdfplumber": "read/pdf.py",
    "pyarrow": "corpus/parquet.py", "pylopdf_fonts_zh_cn": "report/plot.py",
    "rapidfuzz": "align/similarity.py",
    "tqdm": "corpus/run.py",
}


def _third_party_importers() -> dict[str, set[str]]:
    import ast
    package = Path(diffkit.__file__).parent
    found: dict[str, set[str]] = {}
    for source in package.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and not node.level else [])
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "diffkit":
                    found.setdefault(top, set()).add(source.relative_to(package).as_posix())
    return found


def test_each_third_party_library_is_imported_by_one_module():
    found = _third_party_importers()
    assert {lib: sorted(mods) for lib, mods in found.items() if len(mods) > 1} == {}
    assert {lib: mods.pop() for lib, mods in found.items()} == LIBRARY_HOMES


def test_subpackages_import_only_downwards_at_import_time():
    """read → model; align → model, normalize; agencies → (align lazily); compare → align,
    agencies; report → compare; corpus → compare, align, report. A module-level import of a
    later stage is a cycle in the making."""
    import ast
    order = {"read": 0, "agencies": 1, "align": 1, "compare": 2, "overrides": 2,
             "simulate": 3, "report": 3, "corpus": 4, "cli": 5}
    package = Path(diffkit.__file__).parent
    upward = []
    for source in package.rglob("*.py"):
        rel = source.relative_to(package)
        stage = order.get(rel.parts[0].removesuffix(".py"))
        if stage is None:
            continue
        for node in ast.parse(source.read_text("utf-8")).body:   # module level only
            if isinstance(node, ast.ImportFrom) and node.level:
                base = list(rel.parts[:-1])[: len(rel.parts) - node.level]
                target = (base + (node.module or "").split("."))[0] if node.module or base else ""
                target_stage = order.get(target)
                if target_stage is not None and target_stage > stage:
                    upward.append(f"{rel}: {target}")
    assert upward == []
