"""Properties of compare() (hypothesis, derandomized, modest example counts):
a plan compared with itself is all unchanged; swapping A and B mirrors the result; every task
of each side is in exactly one pair."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from hypothesis import HealthCheck, assume, given, reject, settings
from hypothesis import strategies as st

from diffkit.compare import compare
from diffkit.model import Item, Plan, Section, Task
from diffkit.normalize import fold
from tests.strategies import NAME, plans
from tests.test_read_parse import _runs, _strings  # the parser's own "line kept" check

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CLAUSE = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                 min_size=4, max_size=14)
SENTENCES = st.lists(CLAUSE, min_size=1, max_size=4).map(lambda cs: "，".join(cs) + "。")
MIRROR = {"added": "removed", "removed": "added", "split": "merged", "merged": "split",
          "promoted": "demoted", "demoted": "promoted",
          "unchanged": "unchanged", "reworded": "reworded"}


@st.composite
def related(draw):
    """Two plans that share some tasks: kept, reworded, joined, cut, dropped and new ones."""
    texts = draw(st.lists(st.lists(SENTENCES, min_size=1, max_size=3).map("".join),
                          min_size=1, max_size=7))
    names = draw(st.lists(NAME, min_size=1, max_size=5, unique=True))
    b_texts = []
    for k, text in enumerate(texts):
        action = draw(st.sampled_from(["keep", "reword", "drop", "cut", "join"]))
        if action == "keep":
            b_texts.append(text)
        elif action == "reword":
            b_texts.append(text[:-1] + draw(CLAUSE) + "。")
        elif action == "cut" and text.count("。") > 1:
            first, rest = text.split("。", 1)
            b_texts += [first + "。", rest]
        elif action == "join" and k + 1 < len(texts):
            b_texts.append(text + texts[k + 1])
    b_texts += draw(st.lists(SENTENCES, max_size=2))
    order = draw(st.permutations(range(len(b_texts)))) if draw(st.booleans()) else None
    if order is not None:
        b_texts = [b_texts[i] for i in order]
    assume(b_texts)
    return _plan("a", texts, names, draw), _plan("b", b_texts, names, draw)


def _plan(pid, texts, names, draw) -> Plan:
    sections, n = [], 0
    cut = draw(st.integers(0, len(texts)))
    for s, chunk in enumerate((texts[:cut], texts[cut:]), 1):
        items = []
        for text in chunk:
            n += 1
            lead = tuple(draw(st.lists(st.sampled_from(names), max_size=2, unique=True)))
            part = tuple(draw(st.lists(st.sampled_from(names), max_size=3, unique=True)))
            items.append(Item(str(n), f"事项{n}", (Task(f"{n}.1", text, lead, part),)))
        sections.append(Section(str(s), f"部分{s}", tuple(items)))
    return Plan(pid, tuple(sections))


def _distinct(p: Plan) -> bool:
    keys = [fold(t.text) for t in p.tasks]
    return len(set(keys)) == len(keys)


def _facts(c, *, mirror: bool):
    out = set()
    for p in c.pairs:
        a, b, status = p.a, p.b, p.status.value
        changes = {(ch.role, ch.change, ch.a, ch.b) for ch in p.agency_changes}
        if mirror:
            a, b, status = b, a, MIRROR[status]
            changes = {(r, MIRROR.get(k, k), y, x) for r, k, x, y in changes}
        out.add((a, b, status, p.moved, p.similarity, frozenset(changes)))
    return out


@SETTINGS
@given(plans())
def test_plan_against_itself_is_unchanged(plan):
    c = compare(plan, plan)
    assert all(p.status.value == "unchanged" for p in c.pairs)
    assert not any(p.moved or p.agency_changes for p in c.pairs)
    assert not c.changed


@SETTINGS
@given(related())
def test_swapping_a_and_b_mirrors_the_result(pair):
    a, b = pair
    assume(_distinct(a) and _distinct(b))
    assert _facts(compare(a, b), mirror=False) == _facts(compare(b, a), mirror=True)


@SETTINGS
@given(related())
def test_every_task_in_exactly_one_pair(pair):
    a, b = pair
    c = compare(a, b)
    assert sorted(t for p in c.pairs for t in p.a) == sorted(t.id for t in a.tasks)
    assert sorted(t for p in c.pairs for t in p.b) == sorted(t.id for t in b.tasks)
    assert c.summary["tasks_a"] == len(a.tasks) and c.summary["tasks_b"] == len(b.tasks)
    for p in c.pairs:
        assert (p.status.value == "split") == (len(p.b) > 1)
        assert (p.status.value == "merged") == (len(p.a) > 1)


# == robustness properties (issue 9): any text, any bytes, odd strings, determinism ==========
ROBUST = settings(SETTINGS, max_examples=25)
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
ODD_TEXT = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.sampled_from(list("，。、；：（）()[]【】〔〕\"',;=+-@ \t\n\r\u3000\u00a0\u200b\ufeff１２ＡＢ"
                         "省市厅局委办"))), min_size=1, max_size=30).filter(lambda s: s.strip())


@st.composite
def odd_plans(draw) -> Plan:
    """Valid plans whose every string may hold quotes, separators, line breaks, odd spaces,
    zero-width characters and formula starters."""
    items, k = [], 0
    for _ in range(draw(st.integers(1, 4))):
        k += 1
        tasks = tuple(Task(f"{k}.{n}", draw(ODD_TEXT), tuple(draw(st.lists(ODD_TEXT, max_size=2))),
                           tuple(draw(st.lists(ODD_TEXT, max_size=2))),
                           deadline=draw(st.one_of(st.none(), ODD_TEXT)))
                      for n in range(1, draw(st.integers(1, 3)) + 1))
        items.append(Item(str(k), draw(ODD_TEXT), tasks))
    return Plan("odd", (Section("1", draw(ODD_TEXT), tuple(items)),),
                meta={"title": draw(ODD_TEXT)}, preamble=draw(st.one_of(st.none(), ODD_TEXT)))


def _lines_kept(text: str, plan: Plan) -> None:
    """Every non-blank line's content is somewhere in the plan (the parser's own check)."""
    held = fold("\n".join(_strings(plan.to_dict())))
    for line in re.split(r"\r\n|\r|\n", text):
        for run in _runs(line):
            assert run in held, (line, run)


@ROBUST
@given(st.lists(st.one_of(st.text(ANY_CHAR, max_size=80), st.sampled_from(
    ["一、总体要求", "（一）加强合作", "1.推进工作。", "牵头单位：省发展改革委", "参与单位：省财政厅、省教育厅",
     "（二）", "二、", "①", "完成时限：2020年底"])), max_size=30),
       st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
def test_parse_any_text_raises_only_diffkit_error_and_keeps_lines(lines, newline):
    from diffkit.errors import DiffkitError
    from diffkit.model import validate_plan
    from diffkit.read.parse import parse_result
    # a numbered task first, so that the property is reached; the rest may be anything
    text = newline.join(["一、总体要求", "（一）加强区域合作，推进规划衔接。", *lines])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plan = parse_result(text, id="any").plan
    except DiffkitError:
        reject()
    assert validate_plan(plan.to_dict()) == []
    _lines_kept(text, plan)


@ROBUST
@given(st.one_of(st.binary(max_size=3000), st.tuples(
    st.text(ANY_CHAR, max_size=200), st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"]),
    st.integers(0, 50)).map(lambda t: _damaged(*t))))
def test_parse_any_bytes_raises_only_diffkit_error(data):
    import tempfile

    from diffkit.errors import DiffkitError
    from diffkit.read.parse import parse_file
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.txt"
        path.write_bytes(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parse_file(path)
        except DiffkitError:
            pass
        assert path.read_bytes() == data


def _damaged(text: str, encoding: str, cut: int) -> bytes:
    data = ("一、总体要求\n（一）加强合作\n推进工作。\n牵头单位：省发展改革委\n" + text).encode(
        encoding, errors="replace")
    return data[:-cut] if cut else data


@ROBUST
@given(odd_plans())
def test_odd_strings_survive_save_load_and_csv(plan):
    import tempfile

    from diffkit import export_sheet, import_sheet, load
    from diffkit.errors import OutputError
    with tempfile.TemporaryDirectory() as tmp:
        assert load(plan.save(Path(tmp) / "p.json")) == plan
        try:
            export_sheet(plan, Path(tmp) / "p.csv")
        except OutputError as exc:  # a name with a list separator is refused, by design
            assert "would not import back" in str(exc)
            assert not list(Path(tmp).glob("*p.csv*"))
            assume(False)
        assert import_sheet(Path(tmp) / "p.csv") == plan


@ROBUST
@given(plans())
def test_compare_is_blind_to_script(plan):
    """A plan against its Traditional-script copy: every pair unchanged (text is compared
    after normalisation)."""
    from diffkit.normalize import to_simplified, to_traditional
    data = plan.to_dict()
    for s in data["sections"]:
        for i in s["items"]:
            for t in i["tasks"]:
                t["text"] = to_traditional(t["text"])
    other = Plan.from_dict(data)
    assume(all(fold(to_simplified(t.text)) == fold(u.text)
               for t, u in zip(other.tasks, plan.tasks, strict=True)))
    assert {p.status.value for p in compare(plan, other).pairs} <= {"unchanged"}


def test_every_output_is_the_same_in_another_process(tmp_path):
    """Two processes with different hash seeds run every writing command (see
    tests/determinism_run.py): text and JSON/CSV outputs are byte for byte equal, workbooks
    hold the same cell values in the same sheets."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    procs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        procs.append((out, subprocess.Popen([sys.executable, str(root / "tests" /
                                                                "determinism_run.py"), str(out)],
                                            cwd=root, env=env, stderr=subprocess.PIPE)))
    for _, proc in procs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()[-2000:]
    (one, _), (two, _) = procs
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert len(files) >= 20
    for name in files:
        if name.suffix == ".xlsx":
            assert _cells(one / name) == _cells(two / name), name
        else:
            assert (one / name).read_bytes() == (two / name).read_bytes(), name


def _cells(path: Path) -> dict[str, list[tuple]]:
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(map(str, row)) for row in ws.iter_rows(values_only=True)]
                for ws in wb.worksheets}
    finally:
        wb.close()
