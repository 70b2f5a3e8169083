"""Time and peak memory to write the Excel report, as a ratio to the comparison itself,
both measured in the same run.

    python benchmarks/excel.py [PLAN.json] [--times 10 | 1,10] [--repeat 5] [--edits 8]

For each size, plan A is PLAN repeated N times (items and tasks renumbered as one long
document would number them) and plan B a seeded `diffkit.simulate` variant of PLAN (``edits``
edits) repeated the same way. It prints the median wall time of `compare(A, B)` and of
`Comparison.to_excel`, the peak Python memory of each (tracemalloc, measured in a separate
pass so that tracing does not slow the timings), the workbook's size, and the ratios
report / comparison. The first workbook of the run is timed apart: it includes importing
openpyxl.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diffkit.compare import compare  # noqa: E402
from diffkit.model import Item, Plan, Section, Task, load  # noqa: E402
from diffkit.simulate.variants import simulate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def tiled(plan: Plan, times: int) -> Plan:
    """``plan`` repeated ``times`` times as one document: sections, items and tasks
    renumbered in order (item n of copy k becomes item n + k × items)."""
    if times == 1:
        return plan
    n_items = sum(len(s.items) for s in plan.sections)
    sections = []
    for k in range(times):
        for s in plan.sections:
            items = []
            for i in s.items:
                number = int(i.id) + k * n_items
                tasks = tuple(Task(f"{number}.{t.id.split('.')[-1]}", t.text, t.lead,
                                   t.participants, t.labels, t.deadline) for t in i.tasks)
                items.append(Item(str(number), i.title, tasks))
            sections.append(Section(str(len(sections) + 1), s.title, tuple(items)))
    return Plan(f"{plan.id}_x{times}", tuple(sections), dict(plan.meta), plan.preamble,
                dict(plan.abbreviations))


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(plan: Plan, times: int, *, edits: int, repeat: int, out: Path) -> dict:
    a = tiled(plan, times)
    b = tiled(simulate(plan, edits=edits, seed=1)[0], times)  # simulate numbers items < 100
    result = compare(a, b)
    path = out / f"x{times}.xlsx"
    return {"times": times, "tasks": f"{len(a.refs)}/{len(b.refs)}",
            "pairs": len(result.pairs),
            "compare_s": _median_time(lambda: compare(a, b), repeat),
            "excel_s": _median_time(lambda: result.to_excel(path), repeat),
            "compare_mb": _peak(lambda: compare(a, b)) / 2**20,
            "excel_mb": _peak(lambda: result.to_excel(path)) / 2**20,
            "kb": path.stat().st_size / 1024}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plan", nargs="?", default=str(ROOT / "datasets/sichuan_2016/plan.json"))
    parser.add_argument("--times", default="1,10", help="sizes as copies of PLAN, e.g. 1,10")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--edits", type=int, default=8, help="edits per copy")
    args = parser.parse_args(argv)
    plan = load(args.plan)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        first = compare(plan, simulate(plan, edits=args.edits, seed=1)[0])
        start = time.perf_counter()
        first.to_excel(out / "first.xlsx")
        cold = time.perf_counter() - start
        rows = [measure(plan, int(t), edits=args.edits, repeat=args.repeat, out=out)
                for t in args.times.split(",")]
    print(f"plan {plan.id}; medians of {args.repeat} runs; first workbook of the run "
          f"(imports openpyxl): {cold:.3f} s\n")
    print(f"{'size':>5} {'tasks A/B':>10} {'pairs':>6} {'compare s':>10} {'excel s':>8} "
          f"{'ratio':>6} {'compare MiB':>12} {'excel MiB':>10} {'ratio':>6} {'xlsx KiB':>9}")
    for r in rows:
        print(f"{'x' + str(r['times']):>5} {r['tasks']:>10} {r['pairs']:>6} "
              f"{r['compare_s']:>10.3f} {r['excel_s']:>8.3f} "
              f"{r['excel_s'] / r['compare_s']:>6.2f} {r['compare_mb']:>12.2f} "
              f"{r['excel_mb']:>10.2f} {r['excel_mb'] / r['compare_mb']:>6.2f} "
              f"{r['kb']:>9.1f}")


if __name__ == "__main__":
    main()
