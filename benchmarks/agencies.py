"""Agencies of every province and level, measured.

    python benchmarks/agencies.py [--seeds 20]

1. Resolution on real names: the agency names of real documents of other provinces, their
   cities and counties, and the State Council (`benchmarks/data/agency_names.csv`, truth =
   function and level assigned by hand) are resolved in their document's region and level.
   Prints the share resolved to the right function and level, and cross-region resolutions
   (a regional fact of one region used for a name of another), beside the Sichuan-registry-only
   lookup of the code before issue 17.
2. Cross-region comparison: for pairs of regions and levels (Sichuan ↔ Guangdong, Hunan,
   Dongguan, the State Council, a post-2018 Guangdong; Guangdong ↔ Hunan, Dongguan), the seed
   plan's tasks are written with each region's own names (`benchmarks/data/counterparts.csv`,
   kept apart from the registry), B is edited at random (seeded: a participant dropped, one
   added, lead and first participant swapped) and the agency changes diffkit reports are scored
   against the truth the benchmark derives from its own list (precision, recall, F1), with the
   identity-only matching (as before issue 17) beside it.

The truth and the scorer never call diffkit: names map to functions through the benchmark's
own lists; only the measured calls (`resolve`, `compare`) do.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diffkit.agencies.registry import HOME, default_registry  # noqa: E402
from diffkit.agencies.resolution import resolve  # noqa: E402
from diffkit.compare import compare  # noqa: E402
from diffkit.model import load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
RANK = {"lead": 1, "participants": 0}
#: The 2018 reform, function by function (facts of 国务院机构改革方案 2018-03-17 and the
#: provincial plans), for the post-2018 region only.
REFORM_2018 = {
    "quality_supervision": "market_regulation", "industry_commerce": "market_regulation",
    "food_drug": "market_regulation", "land_resources": "natural_resources",
    "environmental_protection": "ecology_environment", "health_family_planning": "health",
    "culture": "culture_tourism", "tourism": "culture_tourism",
    "agriculture": "agriculture_rural", "press_publication": "radio_tv",
    "banking_regulation": "banking_insurance_regulation",
    "insurance_regulation": "banking_insurance_regulation", "national_tax": "tax",
    "safety_supervision": "emergency", "forestry": "forestry_grassland",
    "financial_office": "local_financial_regulation", "entry_exit_inspection": "customs"}
#: column → (meta region, meta level, whether the 2018 reform applies)
REGIONS = {"四川省": ("四川省", "provincial", False), "广东省": ("广东省", "provincial", False),
           "湖南省": ("湖南省", "provincial", False), "东莞市": ("东莞市", "municipal", False),
           "国家": (None, "national", False), "广东省2019": ("广东省", "provincial", True)}
PAIRS = (("四川省", "广东省"), ("四川省", "湖南省"), ("四川省", "东莞市"), ("国家", "四川省"),
         ("广东省", "东莞市"), ("四川省", "广东省2019"), ("广东省", "湖南省"))


# -- 1. resolution on real names --------------------------------------------------------------------
def resolution(which: str = "build") -> dict:
    """``build``: the names whose documents the standard organs' forms were drawn from;
    ``held_out``: names of documents read after the data was written."""
    rows = [r for r in csv.DictReader((DATA / "agency_names.csv").open(encoding="utf-8"))
            if r["set"] == which]
    registry = default_registry()
    right = cross = old_cross = old_resolved = 0
    wrong = []
    for r in rows:
        region = r["plan_region"] or "全国"
        res = resolve(r["name"], region=region)
        ref = res.refs[0] if res.refs else None
        if ref is not None and (ref.function, ref.level) == (r["function"], r["level"]):
            right += 1
        else:
            wrong.append((r["doc"], r["name"], r["function"], r["level"],
                          ref and (ref.function, ref.level)))
        if ref is not None and _cross(r, ref, registry):
            cross += 1
        found = registry.lookup(r["name"])  # the Sichuan-only lookup before issue 17
        if found is not None:
            old_resolved += 1
            old_cross += r["plan_region"] != HOME
    docs = {r["doc"] for r in rows}
    other = {r["doc"] for r in rows if not (r["plan_region"] or "").startswith(("成都", "井研"))}
    return {"names": len(rows), "docs": len(docs), "other_docs": len(other), "right": right,
            "cross": cross, "old_resolved": old_resolved, "old_cross": old_cross,
            "wrong": wrong}


def _cross(row: dict, ref, registry) -> bool:
    """A regional record of another region, or an agency placed in another region although
    the name names none."""
    plan_region = row["plan_region"] or None
    if ref.source == "registry" and registry.region(ref.canonical) not in ("", plan_region):
        return True
    if ref.region is None or plan_region is None or ref.region == plan_region:
        return False
    short = ref.region.rstrip("省市县区")[:2]
    return not row["name"].removeprefix("中共").startswith(short)


# -- 2. cross-region comparison ------------------------------------------------------------------
def counterparts() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """column → function → name, and name → function (over all columns)."""
    forms: dict[str, dict[str, str]] = {c: {} for c in REGIONS}
    function_of: dict[str, str] = {}
    for r in csv.DictReader((DATA / "counterparts.csv").open(encoding="utf-8")):
        for col in REGIONS:
            if r[col]:
                forms[col][r["function"]] = r[col]
                function_of[r[col]] = r["function"]
    return forms, function_of


def written(seed, column: str, forms, function_of) -> object:
    """The seed's tasks with ``column``'s names (a function it lacks is left out; with the
    2018 reform, a function it replaced is written as its successor, once per task)."""
    _region, _level, reformed = REGIONS[column]

    def name_of(n: str) -> str | None:
        f = function_of.get(n)
        if f is None or n != forms["四川省"].get(f):
            return None
        f = REFORM_2018.get(f, f) if reformed else f
        return forms[column].get(f)

    def task(t):
        lead = list(dict.fromkeys(x for x in map(name_of, t.lead) if x))
        parts = list(dict.fromkeys(x for x in map(name_of, t.participants)
                                   if x and x not in lead))
        return replace(t, lead=tuple(lead), participants=tuple(parts))

    return _map_tasks(seed, task, column)


def _map_tasks(plan, fn, column: str):
    region, level, _ = REGIONS[column]
    sections = tuple(replace(s, items=tuple(replace(i, tasks=tuple(fn(t) for t in i.tasks))
                                            for i in s.items)) for s in plan.sections)
    meta = {"title": f"{column} counterpart plan (constructed)", "level": level}
    if region:
        meta["region"] = region
    return replace(plan, id=f"counterpart_{column}", sections=sections, meta=meta)


def edited(plan, rng: random.Random, pool: list[str]):
    """B: per task, with probability 0.4 one edit: drop a participant, add one, or swap the
    lead and the first participant."""
    def task(t):
        if rng.random() >= 0.4:
            return t
        kind = rng.choice(("drop", "add", "swap"))
        lead, parts = list(t.lead), list(t.participants)
        if kind == "drop" and parts:
            parts.pop(rng.randrange(len(parts)))
        elif kind == "add":
            new = [n for n in pool if n not in lead + parts]
            if new:
                parts.append(rng.choice(new))
        elif kind == "swap" and lead and parts:
            lead[0], parts[0] = parts[0], lead[0]
        return replace(t, lead=tuple(lead), participants=tuple(parts))

    sections = tuple(replace(s, items=tuple(replace(i, tasks=tuple(task(t) for t in i.tasks))
                                            for i in s.items)) for s in plan.sections)
    return replace(plan, sections=sections)


def true_changes(a, b, column_a: str, column_b: str, function_of) -> set[tuple]:
    """The benchmark's own answer (the rules of docs/agencies.md, on functions)."""
    reform = REGIONS[column_b][2] and not REGIONS[column_a][2]
    out: set[tuple] = set()
    for ra in a.refs:
        tb = b.ref(ra.task.id).task
        ha = _held(ra.task, function_of)
        hb = _held(tb, function_of)
        line = {f: (REFORM_2018.get(f, f) if reform else f) for f in ha}
        same = {f for f in ha if line[f] == f and f in hb}  # counterparts first
        for f in same:
            if hb[f] != ha[f]:
                out.add((ra.task.id, "promoted" if RANK[hb[f]] > RANK[ha[f]] else "demoted", f))
        claimed: set[str] = set(same)
        for f, role in sorted(ha.items(), key=lambda kv: -RANK[kv[1]]):
            g = line[f]
            if f in same:
                continue
            if g not in hb:
                out.add((ra.task.id, "removed", f))
            elif g not in claimed:
                if hb[g] != role:
                    out.add((ra.task.id, "promoted" if RANK[hb[g]] > RANK[role] else "demoted",
                             f))
                else:
                    out.add((ra.task.id, "renamed", f))
                claimed.add(g)
            else:
                weaker = RANK[role] < RANK[hb[g]] or g in same and role == hb[g]
                out.add((ra.task.id, "absorbed" if weaker else
                         "renamed" if role == hb[g] else "demoted", f))
        for g in hb:
            if g not in set(line.values()):
                out.add((ra.task.id, "added", g))
    return out


def _held(task, function_of) -> dict[str, str]:
    out: dict[str, str] = {}
    for role in ("lead", "participants"):
        for n in getattr(task, role):
            out.setdefault(function_of[n], role)
    return out


def reported(comparison, function_of) -> set[tuple]:
    out = set()
    for p in comparison.pairs:
        for ch in p.agency_changes:
            name = ch.b if ch.change == "added" else ch.a
            out.add((p.a[0] if p.a else "", ch.change, function_of.get(name, name)))
    return out


def cross_region(seeds: int) -> dict:
    forms, function_of = counterparts()
    seed = load(ROOT / "datasets/sichuan_2016/plan.json")
    scores = {"function": [0, 0, 0], "identity": [0, 0, 0]}
    per_pair = {}
    for col_a, col_b in PAIRS:
        a = written(seed, col_a, forms, function_of)
        base = written(seed, col_b, forms, function_of)
        pool = sorted(forms[col_b].values())
        pair_scores = {"function": [0, 0, 0], "identity": [0, 0, 0]}
        for s in range(seeds):
            b = edited(base, random.Random(s), pool)
            truth = true_changes(a, b, col_a, col_b, function_of)
            for by in ("function", "identity"):
                got = reported(compare(a, b, agencies_by=by), function_of)
                for sc in (scores[by], pair_scores[by]):
                    sc[0] += len(got & truth)
                    sc[1] += len(got - truth)
                    sc[2] += len(truth - got)
        per_pair[f"{col_a} → {col_b}"] = pair_scores
    return {"all": scores, "pairs": per_pair}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=20, help="edited B plans per pair of regions")
    ap.add_argument("--verbose", action="store_true", help="list the names resolved wrongly")
    args = ap.parse_args()
    t0 = time.perf_counter()
    for which, label in (("build", "the data was drawn from them"),
                         ("held_out", "read after the data was written")):
        r = resolution(which)
        print(f"1. resolution: {r['names']} names of {r['docs']} real documents "
              f"({r['other_docs']} of regions other than Sichuan; {label})")
        print(f"{'measure':<44}{'diffkit':>10}{'before':>10}")
        print(f"{'right function and level':<44}{r['right'] / r['names']:>10.3f}{'-':>10}")
        print(f"{'cross-region resolutions':<44}{r['cross']:>10}{r['old_cross']:>10}")
        print(f"{'names resolved (any answer)':<44}{'':>10}{r['old_resolved']:>10}")
        for w in r["wrong"] if args.verbose else ():
            print("  wrong:", *w)
    c = cross_region(args.seeds)
    print(f"\n2. cross-region comparison: {len(PAIRS)} pairs of regions/levels x {args.seeds} "
          f"edited plans of {len(load(ROOT / 'datasets/sichuan_2016/plan.json').refs)} tasks")
    print(f"{'agency changes':<44}{'function':>10}{'identity':>10}")
    for k, what in enumerate(("precision", "recall", "F1")):
        vals = [prf(*c["all"][by])[k] for by in ("function", "identity")]
        print(f"{'  ' + what:<44}{vals[0]:>10.3f}{vals[1]:>10.3f}")
    for name, sc in c["pairs"].items():
        f1 = [prf(*sc[by])[2] for by in ("function", "identity")]
        print(f"{'  F1 ' + name:<44}{f1[0]:>10.3f}{f1[1]:>10.3f}")
    print(f"\n{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
