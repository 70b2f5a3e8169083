"""The shipped agency data parsed and indexed once, and kept on disk for the next process.

Reading the standard organs' CSV files (`standard`), Sichuan's registry (`registry`) and
indexing them — every written form folded to its key, every registry agency matched to its
function — took a cold ``diffkit compare`` about 40 ms. `shipped_standard` and
`shipped_registry` (behind `standard.standard` and `registry.default_registry`) give the
same objects from a JSON file in the user cache (`diffkit.cache`), derived from the CSVs by
the same code on an earlier run, with the indexes filled in. The file is keyed by the
*identity* of everything the index is derived from: the bytes of the CSV files, of the
modules that derive it (this one, `standard`, `registry`, `normalize`), the Unicode version
of NFKC and OpenCC's t2s dictionaries (names are folded with both). Any change to one of
them — an alias row added to a CSV — gives another file, derived anew from the CSVs; the
index is never written by hand. A cache that cannot be read, parsed or written is skipped
silently: the data is derived in memory, as without a cache. Only the standard library is
used (json), so reading it imports nothing new on the compare path.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import cache
from ..files import collector_paused
from ..normalize import conversion_identity
from .registry import HOME, Agency, Registry, Succession, load_registry
from .standard import DATA, FILES, FunctionStep, Organ, Standard, Vertical
from .standard import standard as shipped
from .standard_csv import parse_standard

STEM, TITLE = "agencies-index", "the shipped agency data of diffkit, parsed and indexed"
REGISTRY_FILES = ("agencies.csv", "successors.csv")
VERSION = 1   # of the JSON layout below


# -- the shipped data, from the cache or derived ---------------------------------------------
def shipped_standard() -> Standard:
    """The shipped `Standard`, with its organ index filled in."""
    found = _from_cache("standard", _decode_standard)
    if found is not None:
        return found
    return parse_standard({f: (DATA / f).read_text("utf-8") for f in FILES})


def shipped_registry() -> Registry:
    """The shipped registry (Sichuan's ``agencies.csv`` and ``successors.csv``), with its
    look-up tables and its agencies' functions (`registry_functions`) filled in. When derived
    here, the cache is written for the next process."""
    found = _from_cache("registry", _decode_registry)
    if found is not None:
        return found
    registry = load_registry()
    standard = shipped()
    functions = registry_functions(registry)
    for canonical in registry.agencies:
        functions[canonical]  # noqa: B018 - fills the look-up
    identity = _identity()
    if identity is not None:
        cache.store(STEM, TITLE, identity, json.dumps(
            {"version": VERSION, "standard": _encode_standard(standard),
             "registry": _encode_registry(registry, functions)}, ensure_ascii=False))
    return registry


def _from_cache(part: str, decode: Callable[[dict[str, Any]], Any]) -> Any:
    """One part of the cache file, decoded; None when there is none or it does not decode."""
    kept = _kept()
    if kept is None:
        return None
    try:
        with collector_paused():
            return decode(kept[part])
    except (KeyError, TypeError, ValueError, IndexError):
        return None


@functools.cache
def _kept() -> dict[str, Any] | None:
    """The cache file's content for the present identity, or None."""
    identity = _identity()
    text = cache.load(STEM, TITLE, identity) if identity is not None else None
    if text is None:
        return None
    try:
        with collector_paused():
            kept = json.loads(text)
    except ValueError:
        return None
    return kept if isinstance(kept, dict) and kept.get("version") == VERSION else None


def _identity() -> str | None:
    """What the index is derived from (see the module docstring); None when OpenCC's
    dictionaries cannot be told (then nothing is cached)."""
    opencc = conversion_identity()
    if opencc is None:
        return None
    here = Path(__file__).parent
    code = [here / "index.py", here / "standard.py", here / "standard_csv.py",
            here / "registry.py", here.parent / "normalize.py"]
    try:
        files = cache.file_identity([DATA / f for f in (*FILES, *REGISTRY_FILES)] + code)
    except OSError:
        return None
    return (f"{DATA} {files} python {sys.version_info[0]}.{sys.version_info[1]} unicode "
            f"{unicodedata.unidata_version} opencc {opencc}")


# -- functions of registry agencies ----------------------------------------------------------
def registry_functions(registry: Registry) -> _RegistryFunctions:
    """canonical → (function, level) of a registry agency that is a standard organ, vertical
    agency or collective (matched on its written forms), worked out when first asked."""
    cached = _FUNCTIONS.get(id(registry))
    if cached is None or cached.registry is not registry:
        cached = _FUNCTIONS[id(registry)] = _RegistryFunctions(registry)
    return cached


class _RegistryFunctions(dict):
    def __init__(self, registry: Registry) -> None:
        super().__init__()
        self.registry = registry

    def __missing__(self, canonical: str) -> tuple[str, str | None] | None:
        agency = self.registry.agencies.get(canonical)
        found = None
        for form in (agency.full_name, agency.canonical, *agency.aliases) if agency else ():
            m = shipped().match(form, region=agency.region or HOME, level="provincial") \
                if form else None
            if m is not None:
                found = (m.function, m.level)
                break
        self[canonical] = found
        return found

    def get(self, canonical: str, default=None):  # noqa: D102 - a dict that fills itself
        return self[canonical] or default

    def __contains__(self, canonical: object) -> bool:
        return isinstance(canonical, str) and self[canonical] is not None


_FUNCTIONS: dict[int, _RegistryFunctions] = {}


# -- the JSON layout -------------------------------------------------------------------------
def _row(record: Any) -> list:
    return [getattr(record, f.name) for f in dataclasses.fields(record)]


def _records(cls: type, rows: list[list]) -> tuple:
    """Records of ``cls`` from their rows: a list becomes the tuple it was (built per class,
    which halves the time of a generic conversion: ~1 ms a process)."""
    spots = [k for k, f in enumerate(dataclasses.fields(cls)) if f.type.startswith("tuple")]
    if not spots:
        return tuple(cls(*r) for r in rows)
    if len(spots) == 1:  # each record kept here has one
        k = spots[0]
        return tuple(cls(*r[:k], tuple(r[k]), *r[k + 1:]) for r in rows)
    return tuple(cls(*(tuple(v) if k in spots else v for k, v in enumerate(r))) for r in rows)


def _encode_standard(std: Standard) -> dict[str, Any]:
    position = {id(o): k for k, o in enumerate(std.organs)}
    return {"organs": [_row(o) for o in std.organs],
            "vertical": [_row(v) for v in std.vertical],
            "collectives": std.collectives, "abbreviations": std.abbreviations,
            "regions": std.regions, "steps": [_row(s) for s in std.steps],
            "index": [[lvl, key, position[id(o)]] for (lvl, key), o in std._index.items()]}


def _decode_standard(d: dict[str, Any]) -> Standard:
    organs = _records(Organ, d["organs"])
    std = Standard(organs, _records(Vertical, d["vertical"]), dict(d["collectives"]),
                   tuple(tuple(p) for p in d["abbreviations"]), dict(d["regions"]),
                   _records(FunctionStep, d["steps"]))
    std.__dict__["_index"] = {(lvl, key): organs[k] for lvl, key, k in d["index"]}
    return std


def _encode_registry(registry: Registry, functions: _RegistryFunctions) -> dict[str, Any]:
    return {"agencies": [_row(a) for a in registry.agencies.values()],
            "successions": [_row(s) for s in registry.successions],
            "files": registry.files, "exact": registry._exact,
            "stripped": registry._stripped, "choices": registry._choices,
            "functions": {c: functions[c] for c in registry.agencies}}


def _decode_registry(d: dict[str, Any]) -> Registry:
    agencies = {a.canonical: a for a in _records(Agency, d["agencies"])}
    registry = Registry(agencies, _records(Succession, d["successions"]), tuple(d["files"]))
    for name in ("exact", "stripped", "choices"):
        registry.__dict__[f"_{name}"] = dict(d[name])
    functions = registry_functions(registry)
    functions.update((c, None if f is None else tuple(f)) for c, f in d["functions"].items())
    return registry


__all__ = ["shipped_standard", "shipped_registry", "registry_functions"]
