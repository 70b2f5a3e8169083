"""Golden cases in tests/cases/compare/ (constructed; see the README there)."""

from __future__ import annotations

import json

import pytest

from diffkit.compare import compare, comparison_schema
from diffkit.model import schema_problems
from tests.conftest import ROOT

CASES = sorted(p for p in (ROOT / "tests" / "cases" / "compare").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case):
    expected = json.loads((case / "expected.json").read_text("utf-8"))
    got = compare(case / "a.json", case / "b.json").to_dict()
    assert not schema_problems(got, comparison_schema())
    assert got == expected


def test_golden_mirror():
    case = ROOT / "tests" / "cases" / "compare" / "split_merge"
    back = compare(case / "b.json", case / "a.json").to_dict()
    statuses = sorted((p["a"], p["b"], p["status"]) for p in back["pairs"])
    assert statuses == sorted([(["1.1"], ["1.1"], "unchanged"), (["2.1", "2.2"], ["2.1"], "merged"),
                               (["3.1"], ["3.1", "4.1"], "split"), (["4.1"], [], "removed")])
