"""Where a simulation gets agency names from: their full official forms, their reform
successors, and which written names are one agency.

`RegistryNames` asks diffkit's agency registry (the default of ``diffkit simulate``). A
benchmark that must not grade diffkit with diffkit's own knowledge passes its own object with
the same four methods (``benchmarks/names.py`` reads a list kept apart from the registry).
"""

from __future__ import annotations

from ..agencies import resolution as _agencies


class RegistryNames:
    """Agency names from a registry (default: the shipped one)."""

    def __init__(self, registry=None) -> None:
        self.registry = _agencies.default_registry() if registry is None else registry

    def atomic(self, name: str) -> bool:
        """The written name stands for one agency (not 'A等B成员单位')."""
        return len(_agencies.canonical_names([name], registry=self.registry)) == 1

    def full_name(self, name: str) -> str | None:
        """The agency's full official name, None when not known."""
        agencies = getattr(self.registry, "agencies", None) or {}
        canonical = _agencies.canonical_names([name], registry=self.registry)
        record = agencies.get(canonical[0]) if len(canonical) == 1 else None
        return record.full_name if record is not None and record.full_name else None

    def successors(self, name: str) -> list[str]:
        """The agencies that took the agency's work over in a reform."""
        return list(_agencies.successors_of(name, registry=self.registry))

    def key(self, name: str, plan) -> tuple[str, ...]:
        """The agencies a name written in ``plan`` stands for (identity for the truth)."""
        return _agencies.canonical_names([name], plan=plan, registry=self.registry)


__all__ = ["RegistryNames"]
