"""Hypothesis strategies for plans, shared by property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from diffkit.model import Item, Plan, Section, Task

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
WORD = st.text(alphabet=st.one_of(CJK, st.sampled_from("，。、；（）()1234abc =+-@")),
               min_size=1, max_size=40).filter(lambda s: s.strip())
NAME = st.text(alphabet=st.one_of(CJK, st.sampled_from("()（）省市")), min_size=1,
               max_size=12).filter(lambda s: s.strip())


@st.composite
def plans(draw, *, max_sections: int = 3, max_items: int = 3, max_tasks: int = 3) -> Plan:
    """Valid plans with unique ids numbered as a document would number them."""
    sections, item_no = [], 0
    for s in range(1, draw(st.integers(1, max_sections)) + 1):
        items = []
        for _ in range(draw(st.integers(0, max_items))):
            item_no += 1
            tasks = tuple(
                Task(id=f"{item_no}.{k}", text=draw(WORD),
                     lead=tuple(draw(st.lists(NAME, max_size=3))),
                     participants=tuple(draw(st.lists(NAME, max_size=4))),
                     deadline=draw(st.one_of(st.none(), WORD)))
                for k in range(1, draw(st.integers(1, max_tasks)) + 1))
            items.append(Item(id=str(item_no), title=draw(WORD), tasks=tasks,
                              number=draw(st.one_of(st.none(), st.just(str(item_no))))))
        sections.append(Section(id=str(s), title=draw(WORD), items=tuple(items)))
    meta = draw(st.one_of(st.just({}), st.fixed_dictionaries(
        {"title": WORD, "date": st.dates().map(lambda d: d.isoformat())})))
    return Plan(id=draw(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)),
                sections=tuple(sections), meta=meta,
                preamble=draw(st.one_of(st.none(), WORD)),
                abbreviations=draw(st.dictionaries(NAME, NAME, max_size=2)))
