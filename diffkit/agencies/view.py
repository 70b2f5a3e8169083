"""The per-agency view of a comparison: one row per line of responsibility (an agency with its
reform successors or, matched by function, its counterpart), with the tasks it leads and joins in
A and in B, and the tasks it gained and lost. `Comparison.agency_rows()`, `agencies_frame()`,
`diffkit compare --by agency` and the Excel Agencies sheet show it."""

from __future__ import annotations

from typing import Any

from . import roles as _roles

AGENCY_VIEW = ("agency", "function", "A names", "B names", "A lead", "A joined", "B lead",
               "B joined", "gained", "lost", "A tasks", "B tasks")


def agency_view(comparison) -> list[tuple[Any, ...]]:
    """One row per line of responsibility: an agency with its reform successors (or, matched
    by function, its counterpart), in first-named order. Counts are tasks: ``lead`` led,
    ``joined`` named in another role (participants, responsible); ``gained`` tasks of B whose
    pair had no place for it in A (added, including added tasks), ``lost`` tasks of A with no
    place for it in B (removed, including removed tasks). Task ids are joined with ``、``."""
    ra, rb = comparison.options.get("readers") or (
        _roles.Reader(comparison.a, registry=comparison.options.get("registry")),
        _roles.Reader(comparison.b, registry=comparison.options.get("registry")))
    lines = _Lines()
    for side, plan, reader in (("a", comparison.a, ra), ("b", comparison.b, rb)):
        for ref in plan.refs:  # rows in order of first mention, A first
            for h in reader.holders([ref.task]):
                row = lines.row((side, h.key))
                row.names[side].setdefault(h.name, None)
                row.function = row.function or h.function
                row.tasks[side][h.role == "lead"].append(ref.task.id)
    for p in comparison.pairs:
        for ch in p.agency_changes:
            if ch.a_key is not None and ch.b_key is not None:
                lines.union(("a", ch.a_key), ("b", ch.b_key))
    for p in comparison.pairs:
        for ch in p.agency_changes:
            if ch.change == "added":
                lines.row(("b", ch.b_key)).gained.extend(p.b)
            elif ch.change == "removed":
                lines.row(("a", ch.a_key)).lost.extend(p.a)
        if not (p.a and p.b):
            side, ids = ("b", p.b) if p.b else ("a", p.a)
            reader = rb if p.b else ra
            plan = comparison.b if p.b else comparison.a
            for h in reader.holders([plan.ref(t).task for t in ids]):
                row = lines.row((side, h.key))
                (row.gained if p.b else row.lost).extend(ids)
    return [r.cells() for r in lines.rows()]


class _Row:
    def __init__(self) -> None:
        self.names: dict[str, dict[str, None]] = {"a": {}, "b": {}}
        self.function: str | None = None
        self.tasks: dict[str, tuple[list[str], list[str]]] = {"a": ([], []), "b": ([], [])}
        self.gained: list[str] = []
        self.lost: list[str] = []

    def cells(self) -> tuple[Any, ...]:
        a, b = list(self.names["a"]), list(self.names["b"])
        (a_joined, a_led), (b_joined, b_led) = self.tasks["a"], self.tasks["b"]
        later = [n for n in b if n not in a]  # what B calls it that A does not
        agency = f"{a[0]} → {later[0]}" if a and later else (a or b)[0]
        return (agency, self.function or "", "、".join(a), "、".join(b), len(set(a_led)),
                len(set(a_joined)), len(set(b_led)), len(set(b_joined)),
                len(dict.fromkeys(self.gained)), len(dict.fromkeys(self.lost)),
                "、".join(dict.fromkeys(a_led + a_joined)),
                "、".join(dict.fromkeys(b_led + b_joined)))


class _Lines:
    """Union-find over (side, key); identity keys of both sides are one node."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}
        self.order: dict[tuple[str, str], int] = {}
        self._rows: dict[tuple[str, str], _Row] = {}

    def find(self, node: tuple[str, str]) -> tuple[str, str]:
        node = ("=", node[1])  # one key names one agency (or function) on both sides
        self.order.setdefault(node, len(self.order))
        while self.parent.get(node, node) != node:
            node = self.parent[node]
        return node

    def union(self, x: tuple[str, str], y: tuple[str, str]) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            first, second = sorted((rx, ry), key=lambda n: self.order[n])
            self.parent[second] = first
            if second in self._rows:
                self._merge(self._rows.pop(second), first)

    def _merge(self, row: _Row, into: tuple[str, str]) -> None:
        target = self._rows.setdefault(into, _Row())
        for side in ("a", "b"):
            target.names[side].update(row.names[side])
            for i in (0, 1):
                target.tasks[side][i].extend(row.tasks[side][i])
        target.function = target.function or row.function
        target.gained += row.gained
        target.lost += row.lost

    def row(self, node: tuple[str, str]) -> _Row:
        return self._rows.setdefault(self.find(node), _Row())

    def rows(self) -> list[_Row]:
        return [self._rows[k] for k in sorted(self._rows, key=lambda n: self.order[n])]
