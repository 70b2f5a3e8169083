"""`render.json_text` writes exactly what ``json.dumps(obj, ensure_ascii=False, indent=2)``
writes (plus a final newline), faster."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diffkit.report.render import json_text


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
            | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]))
            | st.text(alphabet='"\\\n\t\x00\x1f\u2028 a牵头单位𠀀', max_size=8))
_KEYS = st.text(max_size=6) | st.integers() | st.floats() | st.booleans() | st.none()
_JSONISH = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=5)
                        | st.tuples(inner, inner)
                        | st.dictionaries(_KEYS, inner, max_size=5), max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(_JSONISH)
def test_json_text_is_json_dumps(obj):
    assert json_text(obj) == _dumps(obj)


class _Level(enum.IntEnum):
    LOW = 1


class _Word(enum.StrEnum):
    LEAD = "lead"


class _Ratio(float):
    pass


def test_subclasses_and_special_floats_as_json_dumps_writes_them():
    obj = {"level": _Level.LOW, "word": _Word.LEAD, "ratio": _Ratio(0.5), "nan": math.nan,
           "inf": [math.inf, -math.inf], _Level.LOW: "int key", 2.5: "float key", None: 0,
           True: [], "empty": {}, "nested": [[], {}, [{"a": ()}]]}
    assert json_text(obj) == _dumps(obj)


def test_other_objects_get_json_dumps_own_error():
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_text({"a": [1, {2, 3}]})
    with pytest.raises(TypeError, match="keys must be"):
        json_text({(1, 2): "tuple key"})
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        json_text(loop)


def test_a_corpus_result_reads_back(seed_plan, guideline):
    import diffkit
    from benchmarks.simcorpus import fast_plans

    result = diffkit.corpus(fast_plans(30, seed=11), guideline, workers=1)
    text = result.to_json()
    assert text == _dumps(result.to_dict())
    assert json.loads(text) == json.loads(_dumps(result.to_dict()))


def test_compare_outputs_checked_before_any_work(tmp_path):
    from diffkit.errors import OptionError
    from diffkit.report.comparison import check_outputs

    with pytest.raises(OptionError) as info:
        check_outputs(by="agency", format="json")
    assert info.value.option == "--by" and "drop --by agency" in info.value.text()
    check_outputs(by="agency", format="csv")
    check_outputs(by="pair", format="json", excel=tmp_path / "r.xlsx", html=tmp_path / "r.html")
    with pytest.raises(OptionError, match="does not end in .xlsx"):
        check_outputs(excel=tmp_path / "r.pdf")


def test_with_bom():
    from diffkit.report.render import with_bom

    assert with_bom("a,b\n", "csv") == "\ufeffa,b\n"
    assert with_bom("a,b\n", "csv", False) == "a,b\n"
    assert with_bom("{}", "json") == "{}"
