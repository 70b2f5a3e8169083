"""Parsed plans are read on the fast road: what the parser writes (unplaced lines, labels,
leaders, deadlines, numbers, principles sections) is all typed in `records.PlanRecord`, so
no parsed plan pays the slow road's 100-fold cost (docs/corpus.md, eleventh round)."""

from __future__ import annotations

import json
import re
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


def test_packed_plans_share_equal_texts_and_read_back_as_their_records():
    """Plans read from files hold their own copies of the guideline's texts: packing makes
    equal texts and name tuples one object (pickle then writes each once), and the worker
    reads back what the plans say."""
    import pickle

    from benchmarks.simcorpus import fast_plans
    from diffkit.corpus.records import pack, unpack
    from diffkit.model import Plan

    plans = [Plan.from_dict(json.loads(json.dumps(p.to_dict())))
             for p in fast_plans(40, seed=5, traditional=0)]
    texts = [t.text for p in plans for t in p.tasks]
    assert len(set(map(id, texts))) == len(texts) > len(set(texts))  # copies, not shared
    packed = pack(plans)
    sent = [t for p in packed for s in p[3] for i in s[3] for t in i[2]]
    assert len({id(t[1]) for t in sent}) == len(set(texts))
    assert len({id(t[2]) for t in sent}) == len({t[2] for t in sent})
    for plan, record in zip(plans, map(unpack, pickle.loads(pickle.dumps(packed))),
                            strict=True):
        assert record.id == plan.id and record.meta == dict(plan.meta)
        assert [(t.id, t.text, t.lead, t.participants, t.responsible)
                for s in record.sections for i in s.items for t in i.tasks] == [
            (t.id, t.text, t.lead, t.participants, t.responsible) for t in plan.tasks]
        assert [i.title for s in record.sections for i in s.items] == [
            i.title for s in plan.sections for i in s.items]
    unshared = fast_plans(3, seed=5, unshared=True)
    assert unshared == fast_plans(3, seed=5)
    assert unshared[0].tasks[0].text is not fast_plans(3, seed=5)[0].tasks[0].text


def test_plan_mappings_are_read_on_the_fast_road_with_read_plans_answers():
    """A plan given as a mapping (a researcher's json.load) is converted by msgspec into a
    record when valid, and otherwise gets `read_plan`'s answer: a tuple where the schema
    wants a list, a blank name and an unknown key are refused as `compare` refuses them."""
    import copy

    import pytest

    from benchmarks.simcorpus import fast_plans, simulated_guideline
    from diffkit import corpus
    from diffkit.compare import read_plan
    from diffkit.corpus.records import convert_plan
    from diffkit.errors import DiffkitError

    plans = fast_plans(12, seed=2)
    dicts = [json.loads(json.dumps(p.to_dict())) for p in plans]
    assert all(isinstance(convert_plan(d), PlanRecord) for d in dicts)
    g = simulated_guideline()
    assert corpus(dicts, g, workers=1) == corpus(plans, g, workers=1)

    def broken(change):
        d = copy.deepcopy(dicts[0])
        change(d["sections"][0]["items"][0]["tasks"][0])
        return d

    for bad in (broken(lambda t: t.update(lead=tuple(t["lead"]))),
                broken(lambda t: t.update(lead=["  "])),
                broken(lambda t: t.update(owner="x"))):
        with pytest.raises(DiffkitError) as slow:
            read_plan(bad, argument="plan")
        with pytest.raises(DiffkitError) as fast:
            convert_plan(bad)
        assert fast.value.line() == slow.value.line()
    trailing = copy.deepcopy(dicts[0])
    trailing["meta"]["implements"] = ("国发〔2016〕18号",)  # what read_plan makes of it
    try:
        expected = read_plan(trailing, argument="plan")
    except DiffkitError as exc:
        with pytest.raises(DiffkitError, match=re.escape(exc.line())):
            convert_plan(trailing)
    else:
        assert convert_plan(trailing).meta == dict(expected.meta)
