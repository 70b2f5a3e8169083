"""`validate._plainly_valid` lets `validate_plan` skip jsonschema (slow to import) for valid
plans; it must never accept what the schema rejects."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diffkit.validate import _plainly_valid, plan_schema, schema_problems, validate_plan
from tests.conftest import SEED
from tests.strategies import plans

BASE = json.loads((SEED / "plan.json").read_text("utf-8"))
BASE["unplaced"] = [{"line": 3, "text": "抄送:省委各部门"}, {"line": 90, "text": ""}]
BAD_VALUES = st.sampled_from([None, 1, 2.5, True, "", " ", [], {}, ["x"], {"k": "v"}, "x",
                              [""], [1], "expired", "national", "nonsense"])


def _paths(obj, path=()):
    yield path
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, (*path, k))
    elif isinstance(obj, list):
        for k, v in enumerate(obj):
            yield from _paths(v, (*path, k))


PATHS = list(_paths(BASE))[1:]


def _mutate(data, path, how, value):
    out = copy.deepcopy(data)
    parent = out
    for p in path[:-1]:
        parent = parent[p]
    last = path[-1]
    if how == "delete" and isinstance(parent, dict):
        del parent[last]
    elif how == "extra" and isinstance(parent[last], dict):
        parent[last]["unexpected"] = value
    else:
        parent[last] = value
    return out


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), st.sampled_from(["delete", "extra", "set"]), BAD_VALUES)
def test_fast_check_never_accepts_what_the_schema_rejects(path, how, value):
    data = _mutate(BASE, path, how, value)
    if _plainly_valid(data):
        assert schema_problems(data, plan_schema()) == []


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_fast_check_accepts_valid_plans(plan):
    data = plan.to_dict()
    assert _plainly_valid(data)   # with unplaced lines too (most parsed plans have some)
    assert validate_plan(data) == []


def test_seed_is_plainly_valid():
    assert _plainly_valid(BASE)


def test_unplaced_lines_the_schema_refuses_are_not_plainly_valid():
    for bad in ([{"line": 0, "text": "x"}], [{"line": True, "text": "x"}],
                [{"line": "3", "text": "x"}], [{"line": 3}], [{"line": 3, "text": None}],
                [{"line": 3, "text": "x", "more": 1}], {"line": 3, "text": "x"}, ["x"]):
        data = {**BASE, "unplaced": bad}
        assert not _plainly_valid(data), bad
        assert validate_plan(data), bad
    # stricter than the schema is allowed: 1.0 is an integer to JSON Schema, not to the check
    data = {**BASE, "unplaced": [{"line": 1.0, "text": "x"}]}
    assert not _plainly_valid(data) and validate_plan(data) == []
