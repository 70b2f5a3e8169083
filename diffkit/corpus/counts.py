"""Agency counts of a plan in a corpus (`agency_counts`): each task's lead, participants and
responsible units, read as `compare` reads them (`agencies.canonical_names`, name by name, in
Simplified script, in the region and level the plan is read in) and counted as `diffkit
agencies` counts them (each task once per agency, in its strongest role). Readings are kept
per class of region (`agencies.region_class`), level, abbreviations and registry, in
`CANONICAL` (a worker's, across its chunks)."""

from __future__ import annotations

import functools
import operator
from collections import Counter
from itertools import chain, repeat
from typing import Any

from ..agencies import resolution as _agencies
from ..model import Plan
from ..normalize import nfkc, to_simplified

CANONICAL: dict = {}   # reading key → name (or tuple of names) → canonical agencies


def agency_counts(plan, cache: dict, who: Plan,
                  agencies: tuple[Any, str | None] | None = None
                  ) -> tuple[tuple[str, int, int, int], ...]:
    """(canonical agency, lead count, participant count, responsible count) per agency of
    the plan, each task counted once per agency in its strongest role as `workload` counts
    (a lead is not counted again as a participant; responsible: named with no
    lead/participant distinction, 责任单位, in a task it neither leads nor joins)
    (`agencies.canonical_names`, which reads ``who``: the plan's id, meta and
    abbreviations), in order of first mention; ``agencies`` is (registry, region) as
    `corpus` takes them. ``cache`` keeps the canonical agencies of each name and each tuple
    of names as written, per reading (`_reading`)."""
    registry, region = agencies or (None, None)
    meta = who.meta or {}
    if region is not None and not meta.get("region"):   # a plan that names no region
        region = _agencies.where(who, region=region).region
    else:
        region = None
    table = cache.get(key := _reading(who, registry, region))
    if table is None:
        table = cache[key] = {}
    leads: list[tuple[str, ...]] = []
    mentions: list[tuple[str, ...]] = []   # lead and participants, then responsible units
    responsible: list[tuple[str, ...]] = []

    def canonical(names: tuple[str, ...]) -> tuple[str, ...]:
        found = table.get(names)
        if found is None:
            found = table[names] = _canonical(names, who, table, registry, region)
        return found

    pairs = table.get(None)   # (lead, participants) as written → canonical, those not leading
    if pairs is None or len(pairs) > 100_000:   # (bounded: start again)
        pairs = table[None] = {}

    def roles(lead: tuple[str, ...], joined: tuple[str, ...]):
        found = pairs.get((lead, joined))
        if found is None:
            heads = canonical(lead) if lead else ()
            found = canonical(joined) if joined else ()
            if heads and found:  # a lead is not counted again as a participant
                found = tuple(a for a in found if a not in heads)
            found = pairs[lead, joined] = heads, found
        return found

    for section in plan.sections:
        for item in section.items:
            for task in item.tasks:
                heads, joined = roles(task.lead, task.participants) if (
                    task.lead or task.participants) else ((), ())
                if heads:
                    leads.append(heads)
                    mentions.append(heads)
                if joined:
                    mentions.append(joined)
                if task.responsible:  # those that neither lead nor join the task
                    alone = tuple(a for a in canonical(task.responsible)
                                  if a not in heads and a not in joined)
                    if alone:
                        responsible.append(alone)
                        mentions.append(alone)
    lead = Counter(chain.from_iterable(leads))
    named = Counter(chain.from_iterable(mentions))
    alone = Counter(chain.from_iterable(responsible))
    leading = list(map(lead.get, named, repeat(0)))
    only = list(map(alone.get, named, repeat(0)))
    return tuple(zip(named, leading, map(operator.sub, map(operator.sub, named.values(),
                                                               leading), only), only,
                     strict=True))


def _reading(who: Plan, registry: Any, region: str | None) -> tuple:
    """What decides how a plan's names read: its abbreviations, the class of the region
    (`agencies.region_class`) and the level it is read in (`agencies.where`: its meta, else
    its issuer or title, or ``region``), the registry. Plans of one reading share a table."""
    at = _agencies.where(who, region=region)
    return (tuple(sorted(who.abbreviations.items())) if who.abbreviations else (),
            _agencies.region_class(at.region, registry), at.level,
            registry.files if registry is not None else None)


def _canonical(names: tuple[str, ...], plan: Plan, known: dict, registry: Any = None,
               region: str | None = None) -> tuple[str, ...]:
    """Canonical agencies of names as written, as `compare` resolves them (name by name,
    in Simplified script, ``region`` for a plan that names none), de-duplicated in order;
    ``known`` keeps each name's."""
    out: dict[str, None] = {}
    for name in names:
        found = known.get(name)
        if found is None:
            found = known[name] = _agencies.canonical_names(
                [_simplified_name(name)], plan=plan, registry=registry, region=region)
        out.update(dict.fromkeys(found))
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _simplified_name(name: str) -> str:
    """A name as agencies are resolved: NFKC, Simplified (kept: names recur in every plan,
    and are read anew in each region)."""
    return to_simplified(nfkc(name))


__all__ = ["CANONICAL", "agency_counts"]
