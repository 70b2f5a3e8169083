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


def truth(a: Plan, b: Plan, origins, *, registry=None, key=None) -> dict[str, Any]:
    """The true comparison of ``a`` with its simulated variant ``b``, as contract JSON.
    ``key(name, plan)`` says which agencies a written name stands for (default: the
    canonical names of ``registry``)."""
    if key is None:
        def key(name, plan):
            return _agencies.canonical_names([name], plan=plan, registry=registry)
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
            pairs.append(_truth_pair(a, b, [aid], [], "removed", False, by_b, key))
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
        pairs.append(_truth_pair(a, b, a_ids, bids, status, moved, by_b, key))
        seen.update(a_ids)
    for tid, orig, _, _, _, borrows in origins:
        if not orig:
            pairs.append(_truth_pair(a, b, [], [tid], "added", False, by_b, key))
            if borrows:  # the A tasks whose clause it quotes (the contract's optional key)
                pairs[-1]["borrows"] = list(borrows)
    summary = {"tasks_a": len(a.refs), "tasks_b": len(b.refs)}
    summary.update({s: sum(p["status"] == s for p in pairs) for s in
                    ("unchanged", "reworded", "split", "merged", "added", "removed")})
    summary["agency_changes"] = sum(len(p[r][c]) for p in pairs for r in ("lead", "participants")
                                    for c in ("added", "removed", "renamed"))
    summary["moved"] = sum(p["moved"] for p in pairs)
    return {"format": "diffkit.comparison/1", "a": {"id": a.id, "title": a.title},
            "b": {"id": b.id, "title": b.title}, "guideline": None, "summary": summary,
            "pairs": pairs}


def _truth_pair(a: Plan, b: Plan, a_ids, b_ids, status, moved, by_b,
                key) -> dict[str, Any]:
    out = {"a": list(a_ids), "b": list(b_ids), "guideline": None, "status": status,
           "moved": moved, "similarity": None}
    for role in ("lead", "participants"):
        out[role] = {"added": [], "removed": [], "renamed": []}
        if a_ids and b_ids:
            a_names = list(dict.fromkeys(n for t in a_ids for n in getattr(a.ref(t).task, role)))
            entries = [(w, s) for t in b_ids for w, s in zip(
                getattr(b.ref(t).task, role), by_b[t][2 if role == "lead" else 3], strict=True)]
            out[role] = _role_truth(a_names, entries, lambda n: key(n, a))
    return out


def _role_truth(a_names: list[str], entries, key) -> dict[str, list]:
    """True agency changes of one role: ``entries`` are (written in B, simulated agency);
    ``key`` gives the canonical identity of a name as A writes it."""
    a_keys: dict = {}
    for n in a_names:
        a_keys.setdefault(key(n), n)
    plain = {key(s.name) for _, s in entries if not s.renamed}
    renamed: dict = {}
    for w, s in entries:
        if s.renamed and key(s.name) in a_keys and key(s.name) not in plain:
            renamed.setdefault(key(s.name), w)
    changes: dict[str, list] = {"added": [], "removed": [], "renamed": []}
    for k, n in a_keys.items():
        if k in renamed:
            changes["renamed"].append([n, renamed[k]])
        elif k not in plain:
            changes["removed"].append(n)
    seen: set = set()
    for w, s in entries:
        k = ("renamed", key(w)) if s.renamed else key(s.name)
        if k in seen or k in a_keys or (
                s.renamed and key(renamed.get(key(s.name), "")) == key(w)):
            continue
        seen.add(k)
        changes["added"].append(w)
    return changes
