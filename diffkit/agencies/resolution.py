"""Agency names as written → canonical agencies, kinds and reform successors.

`resolve` folds script, bracket width and the 省/四川省 prefix (`normalize.fold_name`), uses the
plan's abbreviations, splits compounds (``X等Y成员单位`` → X and the group Y), recognises
collectives (kind ``collective``) and, with ``as_of``, follows reforms dated on or before that
day. Names the registry does not know stay unresolved, with suggestions that are never applied.
`same_line` tells whether two names are one agency or one line of responsibility across a
reform, which is what the comparison needs to report ``renamed`` instead of an addition plus a
removal. The registry itself (CSV data, loading, checks) is in `diffkit.registry`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..normalize import ZERO_WIDTH, fold_name, to_simplified
from .registry import (
    CONFIDENCES,
    KINDS,
    RELATIONS,
    Agency,
    Registry,
    RegistryError,
    Succession,
    default_registry,
    load_registry,
    parse_as_of,
    parse_period,
    strip_prefix,
)

_EDGES = re.compile(f"^[\\s{ZERO_WIDTH}]+|[\\s{ZERO_WIDTH}]+$")
_COMPOUND = re.compile(r"^(?P<members>.+?)等(?P<group>.+?(?:成员单位|有关单位|有关部门|单位|部门))$")
_SEPARATORS = frozenset("、,，;；")
_OPEN, _CLOSE = frozenset("(（[［〔【"), frozenset(")）]］〕】")


@dataclass(frozen=True)
class Resolution:
    """A name as written and the canonical agencies it stands for."""

    written: str
    agencies: tuple[str, ...]
    kind: str | None
    resolved: bool
    suggestions: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


# -- resolution ------------------------------------------------------------------------------------
def unknown_key(name: str) -> str:
    """The key an unknown name is kept under: `fold_name`, with 四川省 folded to 省."""
    key = fold_name(name)
    return "省" + key[3:] if key.startswith("四川省") and len(key) > 4 else key


def resolve(name: str, *, plan: Any = None, as_of: str | _dt.date | None = None,
            registry: Registry | None = None) -> Resolution:
    """Canonical agencies for ``name`` as written (see the module docstring). ``plan`` (a
    `Plan`, plan JSON, or a mapping of abbreviations) supplies ``(以下简称X)`` definitions."""
    registry = registry or default_registry()
    day = parse_as_of(as_of)
    abbreviations = _abbreviations(plan)
    agencies: list[str] = []
    unknown: list[str] = []
    whole = _lookup(name, registry, abbreviations)
    for part in [name] if whole else _split(name):
        canonical = _lookup(part, registry, abbreviations)
        if canonical is None:
            unknown.append(part)
            agencies.append(unknown_key(_short_form(part, abbreviations)))
        elif day is None:
            agencies.append(canonical)
        else:
            agencies.extend(current(canonical, as_of=day, registry=registry))
    agencies = list(dict.fromkeys(agencies))
    first = agencies[0] if agencies else None
    suggestions = tuple(dict.fromkeys(s for u in unknown for s in suggest(u, registry=registry)))
    return Resolution(name, tuple(agencies), registry.kind(first) if first else None,
                      not unknown, suggestions, tuple(unknown))


def compound_parts(name: str, *, plan: Any = None, registry: Registry | None = None
                   ) -> tuple[list[str], str] | None:
    """``X、Y等Z成员单位`` → (["X", "Y"], "Z成员单位"); None for a name that is not such a
    compound (or that the registry or the plan's abbreviations know as a whole)."""
    registry = registry or default_registry()
    abbreviations = _abbreviations(plan)
    m = _compound(name)
    if not m or _lookup(name, registry, abbreviations):
        return None
    members = [_trim(p) for p in _split_list(m["members"]) if _trim(p)]
    return members, _trim(m["group"])


def split_name(name: str) -> list[str]:
    """The parts of a written name: ``X、Y等Z成员单位`` → [X, Y, Z成员单位]; a plain name → [name]."""
    text = _trim(name)
    m = _COMPOUND.match(text)
    parts = [*_split_list(m["members"]), m["group"]] if m else _split_list(text)
    return [_trim(p) for p in parts if _trim(p)] or [text]


def _trim(text: str) -> str:
    """Strip spaces and zero-width characters (web copies leave them at the ends)."""
    return _EDGES.sub("", text)


def _compound(name: str) -> re.Match[str] | None:
    """``X等Y成员单位`` matched as written, else in Simplified characters (成員單位)."""
    return _COMPOUND.match(_trim(name)) or _COMPOUND.match(_trim(to_simplified(name)))


def _split(name: str) -> list[str]:
    """`split_name` of the name as written, or of its Simplified form when only that is a
    compound: a compound written in Traditional characters splits the same way."""
    if not _COMPOUND.match(_trim(name)) and _compound(name):
        return split_name(to_simplified(name))
    return split_name(name)


def _split_list(text: str) -> list[str]:
    """Split on 、,，;； outside brackets: 各县(市、区)人民政府 stays one name."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch in _OPEN) - (ch in _CLOSE and depth > 0)
        if ch in _SEPARATORS and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def _abbreviations(plan: Any) -> Mapping[str, str]:
    """Abbreviations from a `Plan`, a plan JSON mapping, or a mapping of abbreviations."""
    if plan is None:
        return {}
    if isinstance(plan, Mapping):
        return (plan.get("abbreviations") or {}) if "sections" in plan else plan
    return getattr(plan, "abbreviations", None) or {}


def _short_form(part: str, abbreviations: Mapping[str, str]) -> str:
    """The plan's abbreviation for ``part`` when ``part`` is its full form, else ``part``: an
    unknown agency named both ways is kept under one key."""
    folded = fold_name(part)
    return next((k for k, v in abbreviations.items() if fold_name(v) == folded), part)


def _lookup(part: str, registry: Registry, abbreviations: Mapping[str, str]) -> str | None:
    expansion = abbreviations.get(part)
    if expansion is None:
        folded = fold_name(part)
        expansion = next((v for k, v in abbreviations.items() if fold_name(k) == folded), None)
    if expansion is not None:
        found = registry.lookup(expansion)
        if found:
            return found
    return registry.lookup(part)


def current(canonical: str, *, as_of: _dt.date | None = None,
            registry: Registry | None = None) -> tuple[str, ...]:
    """Who carries ``canonical``'s line on ``as_of`` (None = the latest known): follow the
    continuing body (renamed, merged_into), or every part of a split; itself when unchanged."""
    return _follow(canonical, as_of, registry or default_registry())[0]


def steps(canonical: str, *, as_of: _dt.date | None = None,
          registry: Registry | None = None) -> tuple[Succession, ...]:
    """The successor rows `current` follows from ``canonical``, in order."""
    return _follow(canonical, as_of, registry or default_registry())[1]


def _follow(canonical: str, as_of: _dt.date | None, registry: Registry
            ) -> tuple[tuple[str, ...], tuple[Succession, ...]]:
    out: list[str] = []
    used: list[Succession] = []
    todo, seen = [canonical], set()
    while todo:
        node = todo.pop(0)
        if node in seen:
            continue
        seen.add(node)
        nxt = registry.next_of(node, as_of=as_of, main=True)
        used.extend(nxt)
        if nxt:
            todo.extend(s.new for s in nxt)
        else:
            out.append(node)
    return tuple(dict.fromkeys(out)), tuple(used)


def canonical_names(names: Iterable[str], *, plan: Any = None,
                    as_of: str | _dt.date | None = None,
                    registry: Registry | None = None) -> tuple[str, ...]:
    """Every name resolved, flattened and de-duplicated, in document order; an unknown name
    is kept as `unknown_key` so two spellings of it still compare equal."""
    out: dict[str, None] = {}
    for name in names:
        out.update(dict.fromkeys(resolve(name, plan=plan, as_of=as_of,
                                         registry=registry).agencies))
    return tuple(out)


def successors_of(name: str, *, as_of: str | _dt.date | None = None,
                  registry: Registry | None = None) -> tuple[str, ...]:
    """Every later agency in ``name``'s line (renamed, merged_into, split_into, followed
    transitively), nearest first, counting only changes on or before ``as_of``; empty when
    none."""
    registry = registry or default_registry()
    day = parse_as_of(as_of)
    out: dict[str, None] = {}
    todo = [c for c in resolve(name, registry=registry).agencies if c in registry.agencies]
    start = set(todo)
    while todo:
        node = todo.pop(0)
        for s in registry.next_of(node, as_of=day):
            if s.new not in out and s.new not in start:
                out[s.new] = None
                todo.append(s.new)
    return tuple(out)


def same_line(a: str, b: str, *, as_of: str | _dt.date | None = None,
              registry: Registry | None = None) -> bool:
    """True when ``a`` and ``b`` name the same agency, or one is a (transitive) reform
    predecessor of the other: ``same_line("省工商局", "省市场监管局")`` is True; two agencies
    merged into one are not the same line of each other."""
    registry = registry or default_registry()
    left = resolve(a, registry=registry).agencies
    right = resolve(b, registry=registry).agencies
    if set(left) & set(right):
        return True
    for x, ys in ((left, right), (right, left)):
        for name in x:
            later = set(successors_of(name, as_of=as_of, registry=registry))
            if later & set(ys):
                return True
    return False


def suggest(name: str, *, registry: Registry | None = None, limit: int = 3,
            score_cutoff: float = 60) -> tuple[str, ...]:
    """Canonical names that look like ``name`` (rapidfuzz), best first; never applied."""
    from ..align.similarity import closest  # lazily: rapidfuzz is imported only in similarity.py

    registry = registry or default_registry()
    choices = registry._choices
    found = closest(strip_prefix(fold_name(name)), list(choices), limit=limit * 3,
                    score_cutoff=score_cutoff)
    return tuple(dict.fromkeys(choices[c] for c, _score in found))[:limit]


__all__ = ["Agency", "Succession", "Resolution", "Registry", "RegistryError", "KINDS",
           "RELATIONS", "CONFIDENCES", "load_registry", "default_registry", "resolve",
           "canonical_names", "same_line", "successors_of", "current", "steps", "split_name",
           "compound_parts", "suggest", "unknown_key", "parse_as_of", "parse_period"]
