"""Reading and checking plans: the candidates for the corpus's check, per plan, one core.

    python benchmarks/plan_check.py [--plans 1000]

Simulated plans (`simcorpus.fast_plans`) as JSON Lines lines (UTF-8 bytes), measured side by
side in one process (best of 5, the garbage collector paused as the corpus pauses it):

* ``json.loads``: parsing alone, the floor;
* ``msgspec`` untyped: parsing alone with msgspec;
* ``json.loads + validate_plan + Plan``: the check `diffkit validate` and `load` make;
* ``json.loads + fastjsonschema + rules + Plan``: a compiled JSON Schema (the plan schema)
  and the consistency rules;
* ``msgspec typed``: `diffkit.corpus.records.decode_plan`, the corpus's check (typed
  decoding into records, then the rules in one pass).

Every candidate is checked to accept all the plans before it is timed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _best(fn, items, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.disable()
        t0 = time.perf_counter()
        for x in items:
            fn(x)
        best = min(best, time.perf_counter() - t0)
        gc.enable()
    return best / len(items)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plans", type=int, default=1000)
    args = ap.parse_args()
    import fastjsonschema
    import msgspec

    from benchmarks.simcorpus import fast_plans
    from diffkit.corpus.records import decode_plan
    from diffkit.model import Plan, _build
    from diffkit.validate import consistency_problems, plan_schema

    lines = [json.dumps(p.to_dict(), ensure_ascii=False).encode() for p in
             fast_plans(args.plans, seed=1)]
    compiled = fastjsonschema.compile(plan_schema())
    untyped = msgspec.json.Decoder()

    def fjs(b):
        data = json.loads(b)
        compiled(data)
        if consistency_problems(data):
            raise ValueError
        return _build(data)

    candidates = {
        "json.loads (parse floor)": json.loads,
        "msgspec untyped (parse)": untyped.decode,
        "json.loads + validate_plan + Plan (today)": lambda b: Plan.from_dict(json.loads(b)),
        "json.loads + fastjsonschema + rules + Plan": fjs,
        "msgspec typed records + rules (chosen)": lambda b: decode_plan(b, file="x"),
    }
    for fn in candidates.values():  # every candidate accepts every plan
        for b in lines:
            fn(b)
    print(f"{args.plans} plans, {sum(map(len, lines)) / len(lines) / 1024:.1f} KiB a line, "
          f"load {os.getloadavg()[0]:.1f}")
    floor = None
    for name, fn in candidates.items():
        t = _best(fn, lines)
        floor = floor or t
        print(f"{name:45s} {1e6 * t:8.0f} us/plan {t / floor:6.2f}x parse", flush=True)


if __name__ == "__main__":
    main()
