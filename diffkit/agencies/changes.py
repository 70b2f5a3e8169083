"""One vocabulary for role changes, used by compare, workload, JSON, Excel and frames.

An agency's role in a task (or in the union of the tasks of a split or merged pair) is its
strongest: ``lead`` > ``responsible`` (named with no lead/participant distinction) >
``participants``. Between A and B each agency is one of:

- ``added`` / ``removed``: no counterpart, successor or predecessor on the other side;
- ``renamed``: its reform successor (or predecessor) holds the same role on the other side;
- ``promoted`` / ``demoted``: the same agency (or its successor) holds a stronger / weaker role;
  one row, listed under the stronger of the two roles;
- ``absorbed``: an A agency whose successor or counterpart already holds a stronger role in
  the task (省质监局 joining, 省工商局 leading, and 省市场监管局 leading in B: 省工商局 is
  renamed, 省质监局 absorbed), or the same role as an agency A already named (A names
  省工商局 and 省市场监管局, B only 省市场监管局). Two predecessors merged into one successor of
  their role are both ``renamed``.

Agencies are matched by ``identity`` (one region and level: the same canonical agency, its
reform successors) or by ``function`` (different regions or levels: counterparts share a
function key, 省发展改革委 ≈ 广东省发展和改革委员会 ≈ 市发改局 ≈ 国家发展改革委). The
matching is told by the caller through each `Holder`'s keys, so this module needs no registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ROLES = ("lead", "responsible", "participants")
RANK = {"lead": 2, "responsible": 1, "participants": 0}
CHANGES = ("added", "removed", "renamed", "promoted", "demoted", "absorbed")
MATCHINGS = ("identity", "function")


@dataclass(frozen=True)
class Holder:
    """One agency's role in a task: ``key`` is what is compared (the canonical agency, or its
    function when matching by function), ``later`` the keys of its reform successors
    (transitively), ``function`` its function key (shown beside names), ``name`` the name as
    first written."""

    key: str
    name: str
    role: str
    function: str | None = None
    later: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RoleChange:
    """One change of one agency between A and B (see the module docstring)."""

    change: str
    a: str | None
    b: str | None
    role_a: str | None
    role_b: str | None
    function: str | None = None
    a_key: str | None = None
    b_key: str | None = None

    @property
    def role(self) -> str:
        """The role the change is listed under: the role it had (removed, absorbed), has
        (added) or kept (renamed); for a role change the stronger of the two."""
        if self.change in ("promoted", "demoted"):
            return max((self.role_a, self.role_b), key=lambda r: RANK[r or "participants"]) or ""
        return (self.role_b if self.change == "added" else self.role_a) or ""


def strongest(entries: Iterable[tuple[str, str, str, str | None, frozenset[str]]]
              ) -> list[Holder]:
    """`Holder`s from (key, name, role, function, later) in document order: one per key,
    with its strongest role and the name first written; lead first, then responsible, then
    participants, each in document order."""
    best: dict[str, Holder] = {}
    for key, name, role, function, later in entries:
        old = best.get(key)
        if old is None:
            best[key] = Holder(key, name, role, function, later)
        elif RANK[role] > RANK[old.role]:
            best[key] = Holder(key, old.name, role, old.function, old.later | later)
    order = {k: i for i, k in enumerate(best)}
    return sorted(best.values(), key=lambda h: (-RANK[h.role], order[h.key]))


def role_changes(a: Sequence[Holder], b: Sequence[Holder]) -> list[RoleChange]:
    """The changes from A's holders to B's (each from `strongest`)."""
    out: list[RoleChange] = []
    claimed: dict[int, Holder] = {}
    same: set[int] = set()  # B holders that are an A agency itself (or its counterpart)
    rest: list[Holder] = []
    by_key = {h.key: i for i, h in enumerate(b)}
    for h in a:  # the same agency (or counterpart) on both sides
        i = by_key.get(h.key)
        if i is None or i in claimed:
            rest.append(h)
            continue
        claimed[i] = h
        same.add(i)
        if b[i].role != h.role:
            out.append(_moved(h, b[i]))
    for h in rest:  # reform successors and predecessors
        related = [i for i, x in enumerate(b) if _related(h, x)]
        free = [i for i in related if i not in claimed]
        if not related:
            out.append(RoleChange("removed", h.name, None, h.role, None, h.function, h.key))
        elif free:
            first = next((i for i in free if b[i].role == h.role), free[0])
            for i in [first, *(j for j in free if j != first)]:
                claimed[i] = h
                out.append(_moved(h, b[i]))
        else:
            later = [i for i in related if b[i].key in h.later]
            if not later:  # only a predecessor of it is named in B: its own line ended
                out.append(RoleChange("removed", h.name, None, h.role, None, h.function, h.key))
                continue
            x = b[later[0]]
            if RANK[h.role] < RANK[x.role] or later[0] in same and h.role == x.role:
                change = "absorbed"
            else:
                change = "renamed" if h.role == x.role else "demoted"
            out.append(RoleChange(change, h.name, x.name, h.role, x.role,
                                  x.function or h.function, h.key, x.key))
    kept = [b[i] for i in same]  # an A agency named itself in B carries its line there too
    out += [RoleChange("added", None, x.name, None, x.role, x.function, None, x.key)
            for i, x in enumerate(b) if i not in claimed
            and not any(x.key in k.later for k in kept)]
    return out


def _related(h: Holder, x: Holder) -> bool:
    return x.key in h.later or h.key in x.later


def _moved(h: Holder, x: Holder) -> RoleChange:
    if h.role == x.role:
        change = "renamed"
    else:
        change = "promoted" if RANK[x.role] > RANK[h.role] else "demoted"
    return RoleChange(change, h.name, x.name, h.role, x.role, x.function or h.function, h.key,
                      x.key)


__all__ = ["ROLES", "RANK", "CHANGES", "MATCHINGS", "Holder", "RoleChange", "strongest",
           "role_changes"]
