"""Accuracy of `diffkit.compare` on seeded simulated variants, side by side with a naive
baseline (greedy one-to-one at rapidfuzz ratio >= 80 on the raw text, agencies compared as
plain sets of written names, no split/merge/move detection).

    python benchmarks/accuracy.py [PLAN.json ...] [--seeds 100-299] [--edits 4-16]
                                  [--class-seeds 100-139] [--classes KIND,...]

Documents: by default the Sichuan seed and a constructed plan of another province
(``data/constructed_guizhou.json``, see data/README.md). Prints, per document, precision /
recall / F1 for changed correspondences (pairs whose status is not `unchanged` or which
moved; a pair counts only when its tasks, status and moved flag are all right), for agency
changes (pair, role, change and the agencies), the status accuracy (share of tasks of A and
B whose pair status is right) and the F1 of borrowed-clause notes; then the same for
variants with the restructuring edits in the mix (both documents), then one row per edit
class (variants of that class only) with a column group per document. Thresholds were calibrated
on the Sichuan seed's seeds 0-99; report on 100-299.

Independent of the code it measures: agency names for full-name and successor edits, and the
identity of names in the truth and the scorer, come from ``data/names.csv`` through
``names.py`` (its own normaliser), not from diffkit's registry or ``fold``.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.names import ListNames  # noqa: E402
from diffkit.compare import compare  # noqa: E402
from diffkit.model import load  # noqa: E402
from diffkit.simulate.restructure import BORROW, RESTRUCTURE  # noqa: E402
from diffkit.simulate.variants import EDITS, simulate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = (ROOT / "datasets/sichuan_2016/plan.json",
             ROOT / "benchmarks/data/constructed_guizhou.json")


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


@functools.cache
def _names(region: str | None) -> ListNames:
    return ListNames(region)


def _key(name: str, plan) -> tuple[str, ...]:
    return _names(None).key(name, plan)


def facts(result: dict, a, b):
    """Changed correspondences, agency changes, per-task statuses and borrowed-clause notes
    of a result."""
    changed, agency, status, borrows = set(), set(), {}, set()
    for p in result["pairs"]:
        ids = (tuple(p["a"]), tuple(p["b"]))
        if p["status"] != "unchanged" or p["moved"]:
            changed.add((*ids, p["status"], p["moved"]))
        borrows.update((*ids, x) for x in p.get("borrows", ()))
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
    return changed, agency, status, borrows


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


def run(plans: list, seeds: range, edits: tuple[int, int], *, verbose: bool = False,
        kinds=None, **kwargs) -> dict:
    """Score diffkit and the baseline on the variants of ``seeds`` (the ``plans`` in turn;
    ``kinds``: only those edit kinds)."""
    out = {name: {"edit": Score(), "agency": Score(), "borrows": Score(), "status": [0, 0]}
           for name in ("diffkit", "naive")}
    t0 = time.perf_counter()
    for seed in seeds:
        plan = plans[seed % len(plans)]
        n = edits[0] + seed % (edits[1] - edits[0] + 1)
        variant, truth = simulate(plan, edits=n, seed=seed, kinds=kinds,
                                  names=_names(plan.meta.get("region")))
        t_changed, t_agency, t_status, t_borrows = facts(truth, plan, variant)
        results = {"diffkit": compare(plan, variant, **kwargs).to_dict(),
                   "naive": naive(plan, variant)}
        for name, result in results.items():
            changed, agency, status, borrows = facts(result, plan, variant)
            out[name]["edit"].add(changed, t_changed)
            out[name]["agency"].add(agency, t_agency)
            out[name]["borrows"].add(borrows, t_borrows)
            out[name]["status"][0] += sum(status.get(k) == v for k, v in t_status.items())
            out[name]["status"][1] += len(t_status)
            if verbose and name == "diffkit" and (changed != t_changed or agency != t_agency):
                print(f"{plan.id} seed {seed} {variant.meta['simulated']['edits']}")
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
    notes = [out[n]["borrows"].prf()[2] for n in ("diffkit", "naive")]
    lines.append(f"{'borrowed-clause notes F1':<28}{notes[0]:>10.3f}{notes[1]:>10.3f}")
    return "\n".join(lines)


def _f1(score: Score) -> str:
    """F1 as text; "-" when there was nothing to find and nothing was found."""
    return "-" if not score.tp + score.fp + score.fn else f"{score.prf()[2]:.3f}"


def per_class(plans: list, classes, seeds: range, edits: tuple[int, int],
              **kwargs) -> str:
    """One row per edit class and document: variants made of that class of edit only."""
    ids = " | ".join(p.id for p in plans)
    head = (f"{'edit class':<18}" + " | ".join(
        f"{'edit F1':>13} {'agency F1':>13} {'status':>11}" for _ in plans))
    lines = [f"per edit class and document ({ids}; {len(seeds)} variants each, seeds "
             f"{seeds.start}-{seeds.stop - 1}, {edits[0]}-{edits[1]} edits; diffkit/naive)",
             head]
    for kind in classes:
        cells = []
        for plan in plans:
            out = run([plan], seeds, edits, kinds=[kind], **kwargs)
            status = "/".join(f"{out[n]['status'][0] / max(1, out[n]['status'][1]):.3f}"
                              for n in ("diffkit", "naive"))
            cells.append(" ".join(["/".join(_f1(out[n][key]) for n in ("diffkit", "naive"))
                                   .rjust(13) for key in ("edit", "agency")]
                                  + [status.rjust(11)]))
        lines.append(f"{kind:<18}" + " | ".join(cells))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("plans", nargs="*", default=[str(p) for p in DOCUMENTS],
                    help="plan JSON files (default: the Sichuan seed and the constructed plan)")
    ap.add_argument("--seeds", default="100-299", help="first-last seed (inclusive)")
    ap.add_argument("--edits", default="4-16", help="fewest-most edits per variant")
    ap.add_argument("--score-cutoff", type=float, default=None)
    ap.add_argument("--verbose", action="store_true", help="print every diffkit mistake")
    ap.add_argument("--class-seeds", default="100-139",
                    help="first-last seed of the variants of each edit class (inclusive)")
    ap.add_argument("--class-edits", default="1-4", help="fewest-most edits per class variant")
    ap.add_argument("--classes", default=",".join([*EDITS, *BORROW, *RESTRUCTURE]),
                    help="edit classes with a row of their own (comma-separated; '' for none)")
    args = ap.parse_args()
    lo, hi = map(int, args.seeds.split("-"))
    e_lo, e_hi = map(int, args.edits.split("-"))
    kwargs = {} if args.score_cutoff is None else {"score_cutoff": args.score_cutoff}
    seeds = range(lo, hi + 1)
    plans = [load(p) for p in args.plans]
    for plan in plans:
        print(f"{plan.id}: {len(plan.tasks)} tasks")
        print(report(run([plan], seeds, (e_lo, e_hi), verbose=args.verbose,
                         kinds=[*EDITS, *BORROW], **kwargs), seeds))
        print()
    print("restructured: the same seeds, the documents in turn, the restructuring edits in "
          f"the mix ({', '.join(RESTRUCTURE)})")
    print(report(run(plans, seeds, (e_lo, e_hi), verbose=args.verbose,
                     kinds=[*EDITS, *BORROW, *RESTRUCTURE], **kwargs), seeds))
    classes = [c for c in args.classes.split(",") if c]
    if classes:
        lo, hi = map(int, args.class_seeds.split("-"))
        e_lo, e_hi = map(int, args.class_edits.split("-"))
        print()
        print(per_class(plans, classes, range(lo, hi + 1), (e_lo, e_hi), **kwargs))


if __name__ == "__main__":
    main()
