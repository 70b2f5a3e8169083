"""TEMPORARY stand-in for diffkit.agencies until the agencies branch lands on main.

It implements only the parts of the agencies interface that compare.py uses, with no
registry: names are folded (`normalize.fold_name`, 省/四川省 prefix removed). DELETE this file
once diffkit/agencies.py is merged."""

from __future__ import annotations

from .normalize import fold_name


def _key(name: str) -> str:
    key = fold_name(name)
    for prefix in ("四川省", "省"):
        if key.startswith(prefix) and len(key) > len(prefix) + 1:
            return key[len(prefix):]
    return key


def canonical_names(names, *, plan=None, as_of=None, registry=None) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        key = _key(name)
        if key not in out:
            out.append(key)
    return tuple(out)


def same_line(a: str, b: str, *, registry=None) -> bool:
    return _key(a) == _key(b)


def load_registry(path=None, *, extend=None):
    return None


def default_registry():
    return None


def successors_of(name, *, as_of=None, registry=None) -> tuple[str, ...]:
    return ()
