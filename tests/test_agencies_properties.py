"""Properties of agency resolution, workload and migrate on random plans and names
(hypothesis, seeded by the profile in use; modest example counts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import NAME, plans

from diffkit.agencies.resolution import canonical_names, default_registry, resolve, same_line
from diffkit.agencies.workload import migrate, workload

KNOWN = sorted({n for a in default_registry().agencies.values() for n in a.names})
ANY_NAME = st.one_of(st.sampled_from(KNOWN), NAME)
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(ANY_NAME, max_size=8))
def test_canonical_names_is_idempotent_and_lossless(names):
    once = canonical_names(names)
    assert canonical_names(once) == once
    assert len(once) == len(set(once))
    assert all(resolve(n).agencies for n in names if n.strip())


@SETTINGS
@given(ANY_NAME, ANY_NAME)
def test_same_line_is_symmetric_and_reflexive(a, b):
    assert same_line(a, a)
    assert same_line(a, b) == same_line(b, a)


@st.composite
def plans_with_agencies(draw):
    """Random plans whose tasks name registry agencies (any written form) and unknown names."""
    plan = draw(plans(max_sections=2, max_items=3, max_tasks=2))
    names = st.lists(ANY_NAME, max_size=5)
    sections = tuple(replace(s, items=tuple(replace(i, tasks=tuple(
        replace(t, lead=tuple(draw(names)), participants=tuple(draw(names)))
        for t in i.tasks)) for i in s.items)) for s in plan.sections)
    return replace(plan, sections=sections)


@settings(SETTINGS, max_examples=40)
@given(plans_with_agencies(), st.dates(min_value=dt.date(2015, 1, 1),
                                       max_value=dt.date(2026, 1, 1)))
def test_migrate_agrees_with_workload_as_of(plan, day):
    migrated = migrate(plan, as_of=day)
    assert [t.text for t in migrated.tasks] == [t.text for t in plan.tasks]
    assert migrate(migrated, as_of=day).sections == migrated.sections
    by_agency = {a.agency: a.tasks for a in workload(plan, as_of=day).agencies}
    assert {a.agency: a.tasks for a in workload(migrated, as_of=day).agencies} == by_agency
