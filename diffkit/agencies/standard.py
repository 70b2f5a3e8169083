"""Agencies of every province and level: the standard organs of government, their abbreviations,
the vertical central agencies in a province, collectives, regions, and the generic reform
successions between functions (the CSV files of ``datasets/agencies/`` beside Sichuan's registry).

A name is read as ``[region][level prefix][organ]``: 广东省发展和改革委员会, 省发改委, 市发改局,
苍南县发改局, 国家发展改革委. The organ is folded to a key with the abbreviations in use
(发展和改革 / 发展改革 / 发改 → 发改, 委员会 → 委), then looked up among the standard organs of
that level to give its **function** (``development_reform``). Vertical central agencies (海关,
税务局, 人民银行分支机构, 金融监管局 …) are told by a marker anywhere in the name; collectives
(各市人民政府, 省政府有关部门 …) by their folded form. Nothing here is specific to one region:
Sichuan's exact record stays in ``agencies.csv``/``successors.csv`` (`registry`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..normalize import fold_name
from .registry import parse_period

LEVELS = ("national", "provincial", "municipal", "county")
KINDS = ("government", "party", "vertical", "collective")
DATA = Path(__file__).parent / "data"
FILES = ("organs.csv", "vertical.csv", "collectives.csv", "abbreviations.csv", "regions.csv",
         "function_successors.csv")
#: Municipalities directly under the central government: a 市 of provincial level.
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PLACE = re.compile(r"^(.{2,8}?(?:市|县|区|旗|州|盟))")
#: Starts of a text that are a level prefix or a collective, not a place name.
_NOT_PLACE = ("自治", "省", "市", "县", "区", "各", "全", "有关", "相关", "国家", "中央")
_MEMO_MAX = 100_000   # answers kept per purpose by `Standard._memo` (start again beyond)
_MISSING = object()


def _kept(table: dict, key, make):
    """``table[key]``, made by ``make()`` the first time (the table starts again when full)."""
    found = table.get(key, _MISSING)
    if found is _MISSING:
        if len(table) > _MEMO_MAX:
            table.clear()
        found = table[key] = make()
    return found


@dataclass(frozen=True)
class Organ:
    """A standard organ of government at one level (one row of ``organs.csv``)."""

    function: str
    level: str
    name: str
    short: str
    aliases: tuple[str, ...]
    english: str
    kind: str
    until: str
    source: str


@dataclass(frozen=True)
class Vertical:
    """A vertical central agency in a province, told by a marker in its name. ``parents``
    are what a full official name writes before the local office's own name: the state's
    name (中华人民共和国贵阳海关) or the central body's (国家税务总局贵州省税务局)."""

    function: str
    markers: tuple[str, ...]
    canonical: str
    english: str
    until: str
    source: str
    parents: tuple[str, ...] = ()

    def stem(self, key: str, region_prefix) -> str:
        """The folded name ``key`` without a leading parent when what is left still holds a
        marker (国家税务总局 alone stays itself), or names the office by its province after a
        parent that holds the marker: 中国银保监会贵州监管局 → 贵州银保监局 (``region_prefix``
        is `Standard.region_prefix`)."""
        for parent in sorted(self.parents, key=len, reverse=True):
            rest = key[len(parent):]
            if not key.startswith(parent) or not rest:
                continue
            if any(m in rest for m in self.markers):
                return rest
            found = region_prefix(rest, rest=1)
            if found is not None and any(m in parent for m in self.markers):
                return found[0] + fold_name(self.canonical)
        return key


@dataclass(frozen=True)
class Match:
    """What a name is: function, level, region (None when not known), a canonical name
    (``省`` + standard short name, or the vertical agency's name as written), kind."""

    function: str
    level: str | None
    region: str | None
    canonical: str
    kind: str
    english: str = ""


@dataclass(frozen=True)
class FunctionStep:
    """A generic reform succession between functions (``function_successors.csv``)."""

    old: str
    new: str
    relation: str
    level: str
    date: str
    source: str
    confidence: str
    note: str


@dataclass(frozen=True, eq=False)
class Standard:
    """The standard organs, vertical agencies, collectives, abbreviations and regions."""

    organs: tuple[Organ, ...]
    vertical: tuple[Vertical, ...]
    collectives: dict[str, str]
    abbreviations: tuple[tuple[str, str], ...]
    regions: dict[str, str]
    steps: tuple[FunctionStep, ...]

    # -- keys --------------------------------------------------------------------------------
    def key(self, organ: str) -> str:
        """The organ part of a name folded with the abbreviations in use (发展和改革委员会 →
        发改委)."""
        return _kept(self._memo["key"], organ, lambda: functools.reduce(
            lambda out, pair: out.replace(*pair), self.abbreviations, fold_name(organ)))

    @functools.cached_property
    def _memo(self) -> dict[str, dict]:
        """Answers that depend on a name alone, kept per name by purpose (names recur in
        every plan of a corpus, whatever its region)."""
        return {"key": {}, "split": {}, "region": {}, "vertical": {}}

    @functools.cached_property
    def _index(self) -> dict[tuple[str, str], Organ]:
        out: dict[tuple[str, str], Organ] = {}
        for o in self.organs:
            for form in (o.name, o.short, *o.aliases):
                out.setdefault((o.level, self.key(form)), o)
        return out

    @functools.cached_property
    def _by_function(self) -> dict[tuple[str, str], Organ]:
        return {(o.function, o.level): o for o in self.organs}

    @functools.cached_property
    def english(self) -> dict[str, str]:
        """Function key → English name (for plot labels and reports)."""
        out = {o.function: o.english for o in self.organs}
        out.update({v.function: v.english for v in self.vertical})
        return out

    # -- regions and levels --------------------------------------------------------------------
    @functools.cached_property
    def region_forms(self) -> tuple[tuple[str, str], ...]:
        """(folded written form, full region name), longest form first."""
        return tuple(sorted(self.regions.items(), key=lambda kv: -len(kv[0])))

    @functools.cached_property
    def _region_forms_by_length(self) -> tuple[tuple[int, dict[str, str]], ...]:
        """`region_forms` by length, longest first: a text starts with at most one form of
        each length, so a slice and a look-up find it."""
        out: dict[int, dict[str, str]] = {}
        for form, full in self.region_forms:
            out.setdefault(len(form), {})[form] = full
        return tuple(out.items())

    def region_prefix(self, key: str, *, rest: int = 0) -> tuple[str, str] | None:
        """(form, full region) of the longest region form the folded ``key`` starts with that
        leaves at least ``rest`` characters after it, else None."""
        for size, forms in self._region_forms_by_length:
            if len(key) - size >= rest:
                full = forms.get(key[:size])
                if full is not None:
                    return key[:size], full
        return None

    def region_of(self, text: str) -> str | None:
        """The province-level region a text starts with (广东省…, 广东…), else None."""
        def read() -> str | None:
            found = self.region_prefix(fold_name(text).removeprefix("中共"))
            return found[1] if found else None
        return _kept(self._memo["region"], text, read)

    def split(self, name: str, *, plan_level: str | None = None
              ) -> tuple[tuple[str | None, str | None, str], ...]:
        """Ways to read ``name`` as (region, level, organ), most specific first."""
        return _kept(self._memo["split"], (name, plan_level),
                     lambda: tuple(self._split(name, plan_level)))

    def _split(self, name: str, plan_level: str | None
               ) -> list[tuple[str | None, str | None, str]]:
        key = fold_name(name).removeprefix("中共")
        out: list[tuple[str | None, str | None, str]] = []
        found = self.region_prefix(key)
        region = found[1] if found else None
        if found is not None:
            rest = key[len(found[0]):]
            level = "provincial"
            m = _PLACE.match(rest)
            if m and len(rest) > len(m.group(1)) + 1 and not m.group(1).startswith(_NOT_PLACE):
                out.append((region + m.group(1), _place_level(m.group(1)), rest[m.end():]))
            out.extend(_level_prefix(rest, level, region, plan_level))
        m = _PLACE.match(key)
        if region is None and m and len(key) > len(m.group(1)) + 1 and \
                not m.group(1).startswith(_NOT_PLACE):
            place = m.group(1)
            out.append((place, _place_level(place), key[m.end():]))
        out.extend(_level_prefix(key, None, None, plan_level))
        return out

    # -- matching ------------------------------------------------------------------------------
    def match(self, name: str, *, region: str | None = None, level: str | None = None
              ) -> Match | None:
        """The function, level, region and canonical name of ``name`` written in a plan of
        ``region`` and ``level``; None when it is no standard organ, vertical agency or
        collective."""
        for where, lvl, organ in self.split(name, plan_level=level):
            lvl = lvl or _suffix_level(organ) or level
            found = self._organ(organ, lvl, where or region)
            if found is not None:
                at = where or (region if lvl == level or level is None else None)
                return Match(found.function, found.level, at,
                             self.canonical(found, at, where_prefix=_prefix_of(name, where)),
                             found.kind, found.english)
            collective = self.collectives.get(self.key(organ))
            if collective is not None:
                return Match(collective, lvl, where or region, fold_name(name), "collective",
                             self.english.get(collective, ""))
        return self._vertical(name, region=region, level=level)

    def _organ(self, organ: str, level: str | None, region: str | None = None
               ) -> Organ | None:
        """The organ named ``organ`` at ``level``. A 直辖市 names its provincial organs as
        cities do (天津's 市规划和自然资源局), and cities and counties share forms: such a form
        gives that function's organ at ``level``. A form of no level near (省发展改革局) is
        not read."""
        key = self.key(organ)
        if level is None:
            order: tuple[str, ...] = LEVELS
        elif level == "provincial":
            order = (level, "municipal") if region in MUNICIPALITIES else (level,)
        elif level in ("municipal", "county"):
            order = (level, "county" if level == "municipal" else "municipal")
        else:
            order = (level,)
        for lvl in order:
            found = self._index.get((lvl, key))
            if found is not None:
                return found if level is None or lvl == level else \
                    self._by_function.get((found.function, level), found)
        return None

    def _vertical(self, name: str, *, region: str | None, level: str | None) -> Match | None:
        """A vertical agency's function, and its name without what only spells it out: the
        parents of its full official name (`Vertical.stem`) and the province's name, which
        becomes its level prefix as for standard organs (贵州省税务局, 国家税务总局贵州省税务局
        and, in a 贵州省 plan, 省税务局 and 税务局 are 省税务局 of 贵州省). A place below the
        province stays (贵阳海关, 深圳海事局: a province has several)."""
        read = self._vertical_reading(name)
        if read is None:
            return None
        v, stem, found, own = read
        lvl = "national" if level == "national" and own is None else "provincial"
        at = own or region
        if lvl == "provincial" and found is not None:
            stem = _default_prefix(lvl, at) + stem[len(found[0]):]
        elif level == "provincial" and (stem in v.markers or stem == fold_name(v.canonical)):
            stem = _default_prefix(lvl, at) + stem  # a bare 税务局 is the province's
        return Match(v.function, lvl, at, stem, "vertical", v.english)

    def _vertical_reading(self, name: str) -> tuple[Vertical, str, tuple[str, str] | None,
                                                    str | None] | None:
        """The vertical agency ``name`` holds a marker of, its stem, the region form the
        stem starts with and the region it names (or None): what `_vertical` reads of the
        name alone."""
        def read():
            key = fold_name(name)
            for v in self.vertical:
                if any(m in key for m in v.markers):
                    stem = v.stem(key, self.region_prefix)
                    found = self.region_prefix(stem, rest=1)
                    return v, stem, found, found[1] if found else self.region_of(key)
            return None
        return _kept(self._memo["vertical"], name, read)

    def canonical(self, organ: Organ, region: str | None, *, where_prefix: str = "") -> str:
        """``省`` + standard short name (``市``/``县``/``区`` by level; the national short name
        as it is)."""
        if organ.level == "national":
            return organ.short
        short = organ.short
        if organ.level == "provincial" and region in MUNICIPALITIES:
            short = getattr(self.organ_of(organ.function, "municipal"), "short", short)
        if organ.kind == "party" and not short.startswith("委"):
            return short
        return (where_prefix or _default_prefix(organ.level, region)) + short

    def organ_of(self, function: str, level: str) -> Organ | None:
        """The standard organ of ``function`` at ``level``."""
        return self._by_function.get((function, level))

    # -- successions -------------------------------------------------------------------------
    def next_functions(self, function: str, level: str | None, *,
                       as_of: _dt.date | None = None) -> tuple[FunctionStep, ...]:
        """Generic reform steps out of ``function`` that hold at ``level`` (vertical agencies
        and ``all`` everywhere; ``local`` below the national level), dated on or before
        ``as_of`` when given."""
        scope = {"all", "vertical", level or ""}
        if level != "national":
            scope.add("local")
        return tuple(s for s in self.steps if s.old == function and s.level in scope
                     and (as_of is None or parse_period(s.date) <= as_of))

    def line(self, function: str, level: str | None, *, as_of: _dt.date | None = None
             ) -> tuple[str, ...]:
        """The functions that carry ``function``'s line (on ``as_of``; None = today): the
        continuing body (renamed, merged_into), or every part of a split; itself when no
        reform touched it."""
        out, todo, seen = [], [function], set()
        while todo:
            f = todo.pop(0)
            if f in seen:
                continue
            seen.add(f)
            nxt = self.next_functions(f, level, as_of=as_of)
            whole = [s for s in nxt if s.relation != "split_into"] or list(nxt)
            if whole:
                todo.extend(s.new for s in whole)
            else:
                out.append(f)
        return tuple(dict.fromkeys(out))

    def later(self, function: str, level: str | None, *, as_of: _dt.date | None = None
              ) -> tuple[str, ...]:
        """Every later function of ``function``'s line (all relations, transitively), nearest
        first; empty when none."""
        out: dict[str, None] = {}
        todo = [function]
        while todo:
            for s in self.next_functions(todo.pop(0), level, as_of=as_of):
                if s.new not in out and s.new != function:
                    out[s.new] = None
                    todo.append(s.new)
        return tuple(out)

    def suggest_names(self, level: str | None, region: str | None) -> dict[str, str]:
        """Canonical names of the standard organs at ``level`` (all levels when None), keyed
        by their folded written forms, for suggestions."""
        out: dict[str, str] = {}
        for o in self.organs:
            if level is not None and o.level != level or o.until:
                continue
            canonical = self.canonical(o, region)
            prefix = canonical[:-len(o.short)] if canonical.endswith(o.short) else ""
            for form in (o.short, o.name, *o.aliases):
                out.setdefault(fold_name(prefix + form), canonical)
        return out


def _place_level(place: str) -> str:
    if place in MUNICIPALITIES:
        return "provincial"
    return "municipal" if place.endswith(("市", "州", "盟")) else "county"


def _level_prefix(text: str, level: str | None, region: str | None, plan_level: str | None
                  ) -> list[tuple[str | None, str | None, str]]:
    """Readings of a level prefix (国家, 国务院, 中央, 自治区, 省, 市, 州, 县, 区, 旗), and the
    text as it is; a party organ keeps its 委 (省委宣传部 → 委宣传部)."""
    out: list[tuple[str | None, str | None, str]] = []
    for prefix, lvl in (("国务院", "national"), ("国家", "national"), ("中央", "national"),
                        ("自治区", "provincial"), ("省", "provincial"), ("市", "municipal"),
                        ("州", "municipal"), ("县", "county"), ("区", "county"),
                        ("旗", "county")):
        if text.startswith(prefix) and len(text) > len(prefix) + 1:
            if prefix == "市" and (plan_level == "provincial" and level is None):
                lvl = "provincial"  # 北京市's 市发展改革委
            keep = prefix if prefix in ("国家", "国务院", "中央") else ""
            out.append((region, lvl, keep + text[len(prefix):]))
            if keep:
                out.append((region, lvl, text[len(prefix):]))
            break
    out.append((region, level, text))
    return out


def _suffix_level(organ: str) -> str | None:
    if organ.endswith(("部", "署", "总局")) and not organ.endswith(("宣传部", "组织部", "统战部",
                                                               "工作部")):
        return "national"
    return "provincial" if organ.endswith("厅") else None


def _default_prefix(level: str, region: str | None) -> str:
    if level == "provincial":
        if region in MUNICIPALITIES:
            return "市"
        return "自治区" if region and region.endswith("自治区") else "省"
    if level == "municipal":
        return "州" if region and region.endswith("州") else "市"
    return "区" if region and region.endswith("区") and not region.endswith("自治区") else "县"


def _prefix_of(name: str, where: str | None) -> str:
    """The level prefix as written after the region (市, 县, 区 …), or ''."""
    key = fold_name(name).removeprefix("中共")
    if where and key.startswith(where):
        key = key[len(where):]
    return key[0] if key[:1] in ("县", "区", "旗") else ""


@functools.cache
def standard() -> Standard:
    """The shipped standard organs (cached; kept on disk between processes by `index`)."""
    from .index import shipped_standard  # lazily: index imports this module
    return shipped_standard()


__all__ = ["LEVELS", "KINDS", "Organ", "Vertical", "Match", "FunctionStep", "Standard",
           "standard", "MUNICIPALITIES"]
