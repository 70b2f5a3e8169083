"""Properties of compare() (hypothesis, derandomized, modest example counts):
a plan compared with itself is all unchanged; swapping A and B mirrors the result; every task
of each side is in exactly one pair."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from diffkit.compare import compare
from diffkit.model import Item, Plan, Section, Task
from diffkit.normalize import fold
from tests.strategies import NAME, plans

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CLAUSE = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                 min_size=4, max_size=14)
SENTENCES = st.lists(CLAUSE, min_size=1, max_size=4).map(lambda cs: "，".join(cs) + "。")
MIRROR = {"added": "removed", "removed": "added", "split": "merged", "merged": "split",
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
