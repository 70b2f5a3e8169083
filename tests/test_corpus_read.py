"""Parsed plans are read on the fast road: what the parser writes (unplaced lines, labels,
leaders, deadlines, numbers, principles sections) is all typed in `records.PlanRecord`, so
no parsed plan pays the slow road's 100-fold cost (docs/corpus.md, eleventh round)."""

from __future__ import annotations

import json
import warnings

from diffkit.corpus.records import PlanRecord, decode_plan
from diffkit.read.parse import parse_file
from tests.builders import ROOT


def test_every_parse_case_is_read_on_the_fast_road():
    inputs = sorted((ROOT / "tests" / "cases" / "parse").glob("*/input.txt"))
    assert len(inputs) >= 20
    unplaced = 0
    for path in inputs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plan = parse_file(path)
        unplaced += bool(plan.unplaced)
        data = json.dumps(plan.to_dict(), ensure_ascii=False).encode()
        assert isinstance(decode_plan(data, file=str(path)), PlanRecord), path
    assert unplaced >= 3   # plans with lines the parser could not place among them


def test_a_plan_file_with_a_bom_is_read_on_the_fast_road(tmp_path):
    """Windows editors start UTF-8 files with a BOM: the fast road reads past it (as the
    slow road's utf-8-sig does)."""
    from diffkit.corpus.records import read_plan_file

    seed = (ROOT / "datasets" / "sichuan_2016" / "plan.json").read_bytes()
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + seed)
    record = read_plan_file(path)
    assert isinstance(record, PlanRecord) and record == read_plan_file(
        ROOT / "datasets" / "sichuan_2016" / "plan.json")
    assert isinstance(decode_plan(b"\xef\xbb\xbf" + seed, file="f"), PlanRecord)
