"""The true comparison of a simulated variant with its source, in the comparison contract.

`diffkit.simulate` records where each variant task came from (its origins) and which agency
names it wrote anew; `truth` turns that record into the ``diffkit.comparison/1`` answer the
accuracy benchmark scores diffkit against.
"""

from __future__ import annotations

from typing import Any

from ..agencies import resolution as _agencies
from ..model import Plan
from ..normalize import fold


def truth(a: Plan, b: Plan, origins, *, registry=None, key=None,
          successors=None) -> dict[str, Any]:
    """The true comparison of ``a`` with its simulated variant ``b``, as contract JSON.
    ``key(name, plan)`` says which agencies a written name stands for, ``successors(name)``
    which agencies took its work over (default: both from ``registry``)."""
    if key is None:
        def key(name, plan):
            return _agencies.canonical_names([name], plan=plan, registry=registry)
    if successors is None:
        def successors(name):
            return set(_agencies.successors_of(name, registry=registry))
    descendants: dict[str, list[str]] = {}
    for tid, orig, *_ in origins:
        for o in orig:
            descendants.setdefault(o, []).append(tid)
    by_b = {tid: (orig, moved, lead, parts) for tid, orig, moved, lead, parts, _ in origins}
    pairs, seen = [], set()
    for r in a.refs:
        aid = r.task.id
        if aid in seen:
            continue
        bids = descendants.get(aid, [])
        if not bids:
            pairs.append(_truth_pair(a, b, [aid], [], "removed", False, by_b, key, successors))
            quoted_by = [tid for tid, *_, borrows in origins if aid in borrows]
            if quoted_by:  # the new B tasks that quote a clause of it
                pairs[-1]["borrows"] = quoted_by
            seen.add(aid)
            continue
        a_ids = by_b[bids[0]][0] if len(bids) == 1 else [aid]
        status = ("split" if len(bids) > 1 else "merged" if len(a_ids) > 1 else
                  "unchanged" if fold(a.ref(aid).task.text) == fold(b.ref(bids[0]).task.text)
                  else "reworded")
        moved = any(by_b[t][1] for t in bids)
        pairs.append(_truth_pair(a, b, a_ids, bids, status, moved, by_b, key, successors))
        seen.update(a_ids)
    for tid, orig, _, _, _, borrows in origins:
        if not orig:
            pairs.append(_truth_pair(a, b, [], [tid], "added", False, by_b, key, successors))
            if borrows:  # the A tasks whose clause it quotes (the contract's optional key)
                pairs[-1]["borrows"] = list(borrows)
    summary = {"tasks_a": len(a.refs), "tasks_b": len(b.refs)}
    summary.update({s: sum(p["status"] == s for p in pairs) for s in
                    ("unchanged", "reworded", "split", "merged", "added", "removed")})
    summary["agency_changes"] = sum(len(p[r][c]) for p in pairs for r in ROLES for c in CHANGES)
    summary["moved"] = sum(p["moved"] for p in pairs)
    return {"format": "diffkit.comparison/1", "a": {"id": a.id, "title": a.title},
            "b": {"id": b.id, "title": b.title}, "guideline": None,
            "agencies_matched_by": "identity", "summary": summary, "pairs": pairs}


def _truth_pair(a: Plan, b: Plan, a_ids, b_ids, status, moved, by_b, key,
                successors) -> dict[str, Any]:
    out = {"a": list(a_ids), "b": list(b_ids), "guideline": None, "status": status,
           "moved": moved, "similarity": None}
    for role in ROLES:
        out[role] = {c: [] for c in CHANGES}
    if a_ids and b_ids:
        a_roles = {role: list(dict.fromkeys(n for t in a_ids for n in getattr(a.ref(t).task,
                                                                                  role)))
                   for role in ROLES}
        entries = {role: [(w, s) for t in b_ids for w, s in zip(
            getattr(b.ref(t).task, role), by_b[t][2 if role == "lead" else 3], strict=True)]
            for role in ROLES}
        _role_truth(out, a_roles, entries, lambda n: key(n, a), successors)
    return out


ROLES = ("lead", "participants")
CHANGES = ("added", "removed", "renamed", "promoted", "demoted", "absorbed")


def _role_truth(out: dict[str, Any], a_roles: dict[str, list[str]],
                entries: dict[str, list], key, later) -> None:
    """True agency changes of a pair from the simulator's record: ``entries`` are, per role,
    (written in B, simulated agency); ``key`` gives the canonical identity of a name as A
    writes it. An agency keeps its strongest role (lead over participant); one that changed
    role is one ``promoted``/``demoted`` change listed under lead; one written as its reform
    successor is ``renamed`` (or promoted/demoted when its role changed too); one that B drops
    while its reform successor (``later``) holds a role there is ``absorbed``."""
    a_keys: dict = {}
    for role in ROLES:  # lead first: an agency is held in its strongest role
        for n in a_roles[role]:
            a_keys.setdefault(key(n), (n, role))
    b_keys: dict = {}
    for role in ROLES:
        for w, s in entries[role]:
            k = key(s.name)
            old = b_keys.get(k)
            if old is None or (old[2] and not s.renamed and old[1] == role):
                b_keys[k] = (w, role, s.renamed) if old is None else (w, old[1], False)
    for k, (n, role) in a_keys.items():
        if k not in b_keys:
            heir = next((v for kb, v in b_keys.items() if set(kb) & later(n)), None)
            if heir is None:
                out[role]["removed"].append(n)
            else:
                out[role]["absorbed"].append([n, heir[0]])
            continue
        w, b_role, renamed = b_keys[k]
        if b_role != role:
            change = "promoted" if b_role == "lead" else "demoted"
            out["lead"][change].append([n, w])
        elif renamed:
            out[role]["renamed"].append([n, w])
    for k, (w, role, _renamed) in b_keys.items():
        if k not in a_keys:
            out[role]["added"].append(w)
