"""The latency benchmark's contract floor must define the types DESIGN.md prescribes with
diffkit's real fields, or the floor it prints would not be the floor diffkit pays."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

from diffkit.compare import AgencyChange, Pair
from diffkit.model import Item, Plan, Section, Task

ROOT = Path(__file__).resolve().parents[1]


def _latency_module():
    spec = importlib.util.spec_from_file_location("latency", ROOT / "benchmarks" / "latency.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_contract_floor_defines_diffkits_frozen_types_with_their_fields():
    namespace: dict = {}
    exec(compile(_latency_module().CONTRACT_FLOOR, "<contract floor>", "exec"), namespace)
    for real in (Plan, Section, Item, Task, Pair, AgencyChange):
        floor = namespace[real.__name__]
        assert dataclasses.is_dataclass(floor) and floor.__dataclass_params__.frozen
        assert real.__dataclass_params__.frozen
        assert [f.name for f in dataclasses.fields(floor)] == [
            f.name for f in dataclasses.fields(real)]
    assert {"click", "rapidfuzz", "json"} <= set(namespace)
