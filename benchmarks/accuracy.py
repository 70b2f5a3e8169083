"""Accuracy of `diffkit.compare` on seeded simulated variants, side by side with a naive
baseline (greedy one-to-one at rapidfuzz ratio >= 80 on the raw text, agencies compared as
plain sets of written names, no split/merge/move detection).

    python benchmarks/accuracy.py [PLAN.json] [--seeds 100-299] [--edits 4-12]

Prints precision / recall / F1 for changed correspondences (pairs whose status is not
`unchanged` or which moved; a pair counts only when its tasks, status and moved flag are all
right), for agency changes (pair, role, change and the canonical agencies), and the status
accuracy (share of tasks of A and B whose pair status is right). Thresholds were calibrated
on seeds 0-99; report on 100-299.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diffkit.compare import _agencies, compare  # noqa: E402
from diffkit.model import load  # noqa: E402
from diffkit.simulate.variants import simulate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def naive(a, b) -> dict:
    """The baseline comparison, in the contract's shape."""
    from rapidfuzz import fuzz

    ra, rb = a.refs, b.refs
    cands = sorted(((fuzz.ratio(x.task.text, y.task.text), i, j) for i, x in enumerate(ra)
                    for j, y in enumerate(rb)), key=lambda c: (-c[0], c[1], c[2]))
    used_a, used_b, pairs = set(), set(), []
    for score, i, j in cands:
        if score >= 80 and i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            ta, tb = ra[i].task, rb[j].task
            pair = {"a": [ta.id], "b": [tb.id], "moved": False,
                    "status": "unchanged" if ta.text == tb.text else "reworded"}
            for role in ("lead", "participants"):
                x, y = getattr(ta, role), getattr(tb, role)
                pair[role] = {"added": [n for n in y if n not in x],
                              "removed": [n for n in x if n not in y], "renamed": []}
            for role in ("lead", "participants"):  # names as plain sets: a move is one change
                other = "participants" if role == "lead" else "lead"
                moved = [n for n in pair[role]["removed"] if n in pair[other]["added"]]
                for n in moved:
                    pair[role]["removed"].remove(n)
                    pair[other]["added"].remove(n)
                    pair["lead"].setdefault("promoted" if role == "participants" else
                                            "demoted", []).append([n, n])
            pairs.append(pair)
    empty = {"added": [], "removed": [], "renamed": []}
    pairs += [{"a": [r.task.id], "b": [], "status": "removed", "moved": False,
               "lead": empty, "participants": empty} for i, r in enumerate(ra) if i not in used_a]
    pairs += [{"a": [], "b": [r.task.id], "status": "added", "moved": False,
               "lead": empty, "participants": empty} for j, r in enumerate(rb) if j not in used_b]
    return {"pairs": pairs}


def _key(name: str, plan) -> tuple[str, ...]:
    return _agencies.canonical_names([name], plan=plan)


def facts(result: dict, a, b):
    """Changed correspondences, agency changes and per-task statuses of a result."""
    changed, agency, status = set(), set(), {}
    for p in result["pairs"]:
        ids = (tuple(p["a"]), tuple(p["b"]))
        if p["status"] != "unchanged" or p["moved"]:
            changed.add((*ids, p["status"], p["moved"]))
        for t in p["a"]:
            status[("a", t)] = p["status"]
        for t in p["b"]:
            status[("b", t)] = p["status"]
        for role in ("lead", "participants"):
            for change, names in p[role].items():
                for n in names:
                    if isinstance(n, list):  # renamed, promoted, demoted, absorbed
                        agency.add((*ids, role, change, _key(n[0], a), _key(n[1], b)))
                    else:
                        for k in _key(n, a if change == "removed" else b):
                            agency.add((*ids, role, change, k))
    return changed, agency, status


class Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, predicted: set, true: set) -> None:
        self.tp += len(predicted & true)
        self.fp += len(predicted - true)
        self.fn += len(true - predicted)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(plan_path: str, seeds: range, edits: tuple[int, int], *, verbose: bool = False,
        **kwargs) -> dict:
    plan = load(plan_path)
    out = {name: {"edit": Score(), "agency": Score(), "status": [0, 0]}
           for name in ("diffkit", "naive")}
    t0 = time.perf_counter()
    for seed in seeds:
        n = edits[0] + seed % (edits[1] - edits[0] + 1)
        variant, truth = simulate(plan, edits=n, seed=seed)
        t_changed, t_agency, t_status = facts(truth, plan, variant)
        results = {"diffkit": compare(plan, variant, **kwargs).to_dict(),
                   "naive": naive(plan, variant)}
        for name, result in results.items():
            changed, agency, status = facts(result, plan, variant)
            out[name]["edit"].add(changed, t_changed)
            out[name]["agency"].add(agency, t_agency)
            out[name]["status"][0] += sum(status.get(k) == v for k, v in t_status.items())
            out[name]["status"][1] += len(t_status)
            if verbose and name == "diffkit" and (changed != t_changed or agency != t_agency):
                print(f"seed {seed} {variant.meta['simulated']['edits']}")
                print("  missed", sorted(t_changed - changed), sorted(t_agency - agency))
                print("  wrong ", sorted(changed - t_changed), sorted(agency - t_agency))
    out["seconds"] = time.perf_counter() - t0
    return out


def report(out: dict, seeds: range) -> str:
    lines = [f"{len(seeds)} variants (seeds {seeds.start}-{seeds.stop - 1}), "
             f"{out['seconds']:.1f} s",
             f"{'measure':<28}{'diffkit':>10}{'naive':>10}"]
    for label, key in (("changed correspondences", "edit"), ("agency changes", "agency")):
        for k, what in enumerate(("precision", "recall", "F1")):
            vals = [out[n][key].prf()[k] for n in ("diffkit", "naive")]
            lines.append(f"{label + ' ' + what:<28}{vals[0]:>10.3f}{vals[1]:>10.3f}")
    acc = [out[n]["status"][0] / max(1, out[n]["status"][1]) for n in ("diffkit", "naive")]
    lines.append(f"{'status accuracy':<28}{acc[0]:>10.3f}{acc[1]:>10.3f}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("plan", nargs="?", default=str(ROOT / "datasets/sichuan_2016/plan.json"))
    ap.add_argument("--seeds", default="100-299", help="first-last seed (inclusive)")
    ap.add_argument("--edits", default="4-16", help="fewest-most edits per variant")
    ap.add_argument("--score-cutoff", type=float, default=None)
    ap.add_argument("--verbose", action="store_true", help="print every diffkit mistake")
    args = ap.parse_args()
    lo, hi = map(int, args.seeds.split("-"))
    e_lo, e_hi = map(int, args.edits.split("-"))
    kwargs = {} if args.score_cutoff is None else {"score_cutoff": args.score_cutoff}
    seeds = range(lo, hi + 1)
    print(report(run(args.plan, seeds, (e_lo, e_hi), verbose=args.verbose, **kwargs), seeds))


if __name__ == "__main__":
    main()
