"""Agency names as written → canonical agencies, kinds and reform successors.

`resolve` reads a name in the region and level of its plan (`where`: the plan's ``meta``, or
``region=``): an agency of the shipped regional record (Sichuan's ``agencies.csv``) only in its
region, any other as a standard organ of its level (``standard``: 广东省发展和改革委员会 →
省发展改革委, function ``development_reform``). It folds script, bracket width and the region
prefix (`normalize.fold_name`), uses the plan's abbreviations, splits compounds (``X等Y成员单位`` → X and the group Y), recognises
collectives (kind ``collective``) and, with ``as_of``, follows reforms dated on or before that
day. Names the registry does not know stay unresolved, with suggestions that are never applied.
`same_line` tells whether two names are one agency or one line of responsibility across a
reform, which is what the comparison needs to report ``renamed`` instead of an addition plus a
removal. The registry itself (CSV data, loading, checks) is in `diffkit.registry`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..normalize import ZERO_WIDTH, fold_name, to_simplified
from .index import registry_functions
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
from .standard import LEVELS, MUNICIPALITIES, standard

_EDGES = re.compile(f"^[\\s{ZERO_WIDTH}]+|[\\s{ZERO_WIDTH}]+$")
_COMPOUND = re.compile(r"^(?P<members>.+?)等(?P<group>.+?(?:成员单位|有关单位|有关部门|单位|部门))$")
_SEPARATORS = frozenset("、,，;；")
_OPEN, _CLOSE = frozenset("(（[［〔【"), frozenset(")）]］〕】")


@dataclass(frozen=True)
class Where:
    """The region and level a plan's names are read in (None: not known)."""

    region: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class AgencyRef:
    """One resolved agency: canonical name, region, level, function key, kind. ``source`` is
    ``registry`` (a regional record), ``standard`` (the pattern of its level) or ``unknown``."""

    canonical: str
    region: str | None = None
    level: str | None = None
    function: str | None = None
    kind: str | None = None
    source: str = "registry"


@dataclass(frozen=True)
class Resolution:
    """A name as written and the canonical agencies it stands for (``refs``: the same
    agencies with region, level and function)."""

    written: str
    agencies: tuple[str, ...]
    kind: str | None
    resolved: bool
    suggestions: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    refs: tuple[AgencyRef, ...] = ()


_STANDARD_KINDS = {"government": "government_department", "party": "party_department",
                   "vertical": "central_agency", "collective": "collective"}


# -- where a plan is -------------------------------------------------------------------------------
def where(plan: Any = None, *, region: str | None = None, level: str | None = None) -> Where:
    """The region and level of ``plan`` (its ``meta.region``/``meta.level``, else read from its
    issuer or title), overridden by ``region``/``level``; ``region`` may be 全国 / national."""
    meta = _meta(plan)
    if region in ("全国", "国家", "national", "中央"):
        return Where(None, "national")
    if region is None:
        region = meta.get("region") or None
        level = level or meta.get("level") or None
        if region is None and level != "national":
            region = _region_from(str(meta.get("issuer") or meta.get("title") or ""))
    return Where(region, level or level_of_region(region))


def region_class(region: str | None, registry: Registry | None = None) -> object:
    """A key under which agency names read alike (`resolve`'s answers are the same): the
    region itself, or, for a city or county that no rule names by name — no 直辖市, no
    province's form at its start, no agencies of its own in ``registry`` — what the rules
    read of it: its last character and whether it ends in 自治区 or 特别行政区 (the level
    prefix, as 县发展改革局 in every county; `tests/test_agencies_resolution.py` checks
    names read alike in regions of one class). A corpus reads a name once per class."""
    if not region or region in MUNICIPALITIES or standard().region_of(region) is not None \
            or region in (registry or default_registry()).regions:
        return region
    return "class", region[-1], region.endswith("自治区"), region.endswith("特别行政区")


def level_of_region(region: str | None) -> str | None:
    """provincial for a province, autonomous region or 直辖市; municipal for a 市/州/盟;
    county for a 县/区/旗; None when unknown."""
    if not region:
        return None
    if region in MUNICIPALITIES or region.endswith(("省", "自治区", "特别行政区")):
        return "provincial"
    return "municipal" if region.endswith(("市", "州", "盟")) else "county"


def _region_from(text: str) -> str | None:
    std = standard()
    found = std.region_of(text)
    if found is not None:
        rest = fold_name(text).removeprefix("中共")
        for reading in std.split(rest):
            if reading[0] and reading[0] != found and reading[0].startswith(found):
                return reading[0]
        return found
    readings = [r for r in std.split(text) if r[0]]
    return readings[0][0] if readings else None


def _meta(plan: Any) -> Mapping[str, Any]:
    if plan is None:
        return {}
    if isinstance(plan, Mapping):
        return plan.get("meta") or {} if "sections" in plan else {}
    return getattr(plan, "meta", None) or {}


# -- resolution ------------------------------------------------------------------------------------
def unknown_key(name: str) -> str:
    """The key an unknown name is kept under: `fold_name`, with a province-level prefix folded
    to its level (四川省 → 省, 北京市 → 市) and a city or county name to its last character
    (东莞市 → 市), so the same unknown unit written with and without its region is one key."""
    key = fold_name(name)
    std = standard()
    prefix = std.region_prefix(key)  # a party organ (中共四川省委…) keeps its whole name
    if prefix is not None:
        form, found = prefix
        if len(key) > len(form) + 1:
            return ("市" if found in MUNICIPALITIES else "自治区" if found.endswith("自治区")
                    else "省") + key[len(form):].removeprefix("省")
        return key
    for place, _level, rest in std.split(key):
        if place and len(rest) > 1:
            return place[-1] + rest
    return key


def resolve(name: str, *, plan: Any = None, as_of: str | _dt.date | None = None,
            registry: Registry | None = None, region: str | None = None,
            level: str | None = None, suggest_names: bool = True) -> Resolution:
    """Canonical agencies for ``name`` as written (see the module docstring). ``plan`` (a
    `Plan`, plan JSON, or a mapping of abbreviations) supplies ``(以下简称X)`` definitions and
    its region and level; ``region``/``level`` override them. ``suggest_names=False`` leaves
    the suggestions for unknown parts out (a third of the time of a name resolved anew, for
    callers that read only the agencies)."""
    registry = registry or default_registry()
    day = parse_as_of(as_of)
    abbreviations = _abbreviations(plan)
    at = where(plan, region=region, level=level)
    refs: list[AgencyRef] = []
    unknown: list[str] = []
    whole = _ref(name, at, registry, abbreviations)
    parts = _split(name)
    keep = whole.source == "registry" or whole.source == "standard" and (
        len(parts) == 1 or not _compound(name))  # a known collective may hold 、
    for part in [name] if keep else parts:
        ref = whole if part is name else _ref(part, at, registry, abbreviations)
        if ref.source == "unknown":
            unknown.append(part)
            refs.append(ref)
        else:
            refs.extend(later_refs(ref, as_of=day, registry=registry, current_only=True)
                        if day is not None else (ref,))
    refs = list({r.canonical: r for r in reversed(refs)}.values())[::-1]
    agencies = tuple(r.canonical for r in refs)
    suggestions = tuple(dict.fromkeys(s for u in unknown for s in suggest(
        u, registry=registry, region=at.region, level=at.level, plan_bound=plan is not None
        or region is not None))) if suggest_names else ()
    return Resolution(name, agencies, refs[0].kind if refs else None, not unknown, suggestions,
                      tuple(unknown), tuple(refs))


def _ref(part: str, at: Where, registry: Registry, abbreviations: Mapping[str, str]
         ) -> AgencyRef:
    """One name: the regional record of its region, else a standard organ, else unknown."""
    std = standard()
    own = std.region_of(part)
    scope = own or at.region
    # a regional record is of one region: never read into a national plan's own names
    national = own is None and at.level == "national"
    canonical = None if national else _lookup(part, registry, abbreviations, scope)
    if canonical is not None:
        region = registry.region(canonical) or scope
        fn = registry_functions(registry).get(canonical)
        return AgencyRef(canonical, region, fn[1] if fn else None, fn[0] if fn else None,
                         registry.kind(canonical), "registry")
    expansion = _expansion(part, abbreviations) or part
    m = std.match(expansion, region=at.region, level=at.level)
    if m is not None:
        return AgencyRef(m.canonical, m.region, m.level, m.function,
                         _STANDARD_KINDS.get(m.kind, m.kind), "standard")
    return AgencyRef(unknown_key(_short_form(part, abbreviations)), own or at.region, at.level,
                     None, None, "unknown")


def later_refs(ref: AgencyRef, *, as_of: _dt.date | None = None,
               registry: Registry | None = None, current_only: bool = False
               ) -> tuple[AgencyRef, ...]:
    """The agencies that continue ``ref``'s line: with ``current_only`` the ones carrying it on
    ``as_of`` (itself when no reform touched it), else every later agency (all relations,
    transitively, nearest first). A regional record follows its own successor rows; a standard
    organ the generic reforms of its level (省工商局 → 省市场监管局 in every province)."""
    registry = registry or default_registry()
    if ref.source == "registry":
        names = current(ref.canonical, as_of=as_of, registry=registry) if current_only else \
            _registry_later(ref.canonical, as_of, registry)
        fns = registry_functions(registry)
        return tuple(AgencyRef(n, registry.region(n) or ref.region, *(
            (fns[n][1], fns[n][0]) if n in fns else (ref.level, None)), registry.kind(n),
            "registry") for n in names)
    if ref.source != "standard" or ref.function is None:
        return (ref,) if current_only else ()
    std = standard()
    functions = std.line(ref.function, ref.level, as_of=as_of) if current_only else \
        std.later(ref.function, ref.level, as_of=as_of)
    out = []
    for f in functions:
        organ = std.organ_of(f, ref.level or "provincial")
        if f == ref.function or organ is None:
            out.append(ref if f == ref.function else AgencyRef(f, ref.region, ref.level, f,
                                                               ref.kind, "standard"))
            continue
        out.append(AgencyRef(std.canonical(organ, ref.region), ref.region, ref.level, f,
                             _STANDARD_KINDS.get(organ.kind, organ.kind), "standard"))
    return tuple(out)


def _registry_later(canonical: str, as_of: _dt.date | None, registry: Registry
                    ) -> tuple[str, ...]:
    out: dict[str, None] = {}
    todo = [canonical]
    while todo:
        node = todo.pop(0)
        for s in registry.next_of(node, as_of=as_of):
            if s.new not in out and s.new != canonical:
                out[s.new] = None
                todo.append(s.new)
    return tuple(out)


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


@functools.lru_cache(maxsize=65536)
def _compound(name: str) -> re.Match[str] | None:
    """``X等Y成员单位`` matched as written, else in Simplified characters (成員單位)."""
    return _COMPOUND.match(_trim(name)) or _COMPOUND.match(_trim(to_simplified(name)))


@functools.lru_cache(maxsize=65536)
def _split(name: str) -> tuple[str, ...]:
    """`split_name` of the name as written, or of its Simplified form when only that is a
    compound: a compound written in Traditional characters splits the same way (kept per
    name: names recur in every plan of a corpus, whatever its region)."""
    if not _COMPOUND.match(_trim(name)) and _compound(name):
        return tuple(split_name(to_simplified(name)))
    return tuple(split_name(name))


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


def _expansion(part: str, abbreviations: Mapping[str, str]) -> str | None:
    expansion = abbreviations.get(part)
    if expansion is None:
        folded = fold_name(part)
        expansion = next((v for k, v in abbreviations.items() if fold_name(k) == folded), None)
    return expansion


def _lookup(part: str, registry: Registry, abbreviations: Mapping[str, str],
            region: str | None = None) -> str | None:
    expansion = _expansion(part, abbreviations)
    if expansion is not None:
        found = registry.lookup(expansion, region=region)
        if found:
            return found
    return registry.lookup(part, region=region)


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
                    registry: Registry | None = None, region: str | None = None
                    ) -> tuple[str, ...]:
    """Every name resolved, flattened and de-duplicated, in document order; an unknown name
    is kept as `unknown_key` so two spellings of it still compare equal."""
    out: dict[str, None] = {}
    for name in names:
        out.update(dict.fromkeys(resolve(name, plan=plan, as_of=as_of, registry=registry,
                                         region=region, suggest_names=False).agencies))
    return tuple(out)


def successors_of(name: str, *, as_of: str | _dt.date | None = None,
                  registry: Registry | None = None) -> tuple[str, ...]:
    """Every later agency in ``name``'s line (renamed, merged_into, split_into, followed
    transitively), nearest first, counting only changes on or before ``as_of``; empty when
    none."""
    registry = registry or default_registry()
    day = parse_as_of(as_of)
    out: dict[str, None] = {}
    todo = [c for c in resolve(name, registry=registry, suggest_names=False).agencies
            if c in registry.agencies]
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
    left = resolve(a, registry=registry, suggest_names=False).agencies
    right = resolve(b, registry=registry, suggest_names=False).agencies
    if set(left) & set(right):
        return True
    for x, ys in ((left, right), (right, left)):
        for name in x:
            later = set(successors_of(name, as_of=as_of, registry=registry))
            if later & set(ys):
                return True
    return False


def suggest(name: str, *, registry: Registry | None = None, limit: int = 3,
            score_cutoff: float = 60, region: str | None = None, level: str | None = None,
            plan_bound: bool = False) -> tuple[str, ...]:
    """Canonical names that look like ``name`` (rapidfuzz), best first; never applied. Drawn
    from the same region and level only: the regional record's agencies of ``region`` (all of
    them when no region is known), and the standard organs of ``level`` named as in that
    region (市交通运输局 for a city)."""
    from ..align.similarity import closest  # lazily: rapidfuzz is imported only in similarity.py

    registry = registry or default_registry()
    choices: dict[str, str] = {}
    if level in (None, "provincial"):
        choices.update({k: c for k, c in registry._choices.items()
                        if region is None or registry.region(c) in ("", region)})
    if plan_bound and (region is not None or level is not None):
        std = standard()
        for key, canonical in std.suggest_names(level, region).items():
            choices.setdefault(key, canonical)
    found = closest(strip_prefix(fold_name(name)), list(choices), limit=limit * 3,
                    score_cutoff=score_cutoff)
    return tuple(dict.fromkeys(choices[c] for c, _score in found))[:limit]


__all__ = ["Agency", "Succession", "Resolution", "AgencyRef", "Where", "where",
           "level_of_region", "later_refs", "LEVELS", "Registry", "RegistryError", "KINDS",
           "RELATIONS", "CONFIDENCES", "load_registry", "default_registry", "resolve",
           "canonical_names", "same_line", "successors_of", "current", "steps", "split_name",
           "compound_parts", "region_class", "suggest", "unknown_key", "parse_as_of", "parse_period"]
