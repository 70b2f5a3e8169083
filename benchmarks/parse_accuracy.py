"""Parser accuracy on the constructed variants of the Sichuan seed.

    python benchmarks/parse_accuracy.py

(then the per-container table of benchmarks/container_accuracy.py.)

Each variant in tests/cases/parse/ is parsed from its input.txt and its tasks are matched, in
document order, against the 34 tasks of datasets/sichuan_2016/plan.json (the hand-checked
truth). A task counts as recovered when its text is the seed's text (compared after folding
width, script and punctuation: normalize.fold), and its lead and participant lists are the seed's
lists name by name (normalize.fold_name). Variants that change the task texts on purpose
(deadline sentences added, items regrouped, sentences numbered) are measured against their own golden
expected.json instead, and marked so. (traditional_big5's input replaces 着, which Big5
lacks, by 著, which OpenCC leaves as is: its two text misses are that construction.)
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diffkit.model import load  # noqa: E402
from diffkit.normalize import fold, fold_name  # noqa: E402
from diffkit.read.parse import ParseWarning, parse_file  # noqa: E402

CASES = ROOT / "tests/cases/parse"
OWN_TRUTH = {"deadlines", "deep_nesting", "flat_list", "opinion_style"}


def score(got, want) -> tuple[int, int, int, int]:
    """(tasks found, exact text, exact lead, exact participants) over the truth's tasks."""
    text = lead = part = 0
    for g, w in zip(got, want, strict=False):
        text += fold(g.text) == fold(w.text)
        lead += [fold_name(x) for x in g.lead] == [fold_name(x) for x in w.lead]
        part += [fold_name(x) for x in g.participants] == [fold_name(x) for x in w.participants]
    return len(got), text, lead, part


def all_exact(got, want) -> int:
    """Tasks whose text, lead list and participant list all match."""
    return sum(1 for g, w in zip(got, want, strict=False)
               if fold(g.text) == fold(w.text)
               and list(map(fold_name, g.lead)) == list(map(fold_name, w.lead))
               and list(map(fold_name, g.participants)) == list(map(fold_name, w.participants)))


def main() -> None:
    seed = load(ROOT / "datasets/sichuan_2016/plan.json")
    rows = []
    for folder in sorted(p for p in CASES.iterdir() if (p / "input.txt").exists()):
        opts_file = folder / "options.json"
        opts = json.loads(opts_file.read_text("utf-8")) if opts_file.exists() else {}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ParseWarning)
            plan = parse_file(folder / "input.txt", **opts)
        own = folder.name in OWN_TRUTH
        truth = load(folder / "expected.json") if own else seed
        found, text, lead, part = score(plan.tasks, truth.tasks)
        exact = all_exact(plan.tasks, truth.tasks)
        rows.append((folder.name, "golden" if own else "seed", len(truth.tasks), found, text,
                     lead, part, exact, len(plan.unplaced), len(caught)))
    head = ("variant", "truth", "expected", "found", "text", "lead", "partic.", "all exact",
            "unplaced", "warnings")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
    seeded = [r for r in rows if r[1] == "seed"]
    total = sum(r[2] for r in seeded)
    print(f"\nseed-truth variants: {len(seeded)}; tasks all exact {sum(r[7] for r in seeded)}"
          f"/{total}; found {sum(r[3] for r in seeded)}/{total}")


def wrap_sweep() -> None:
    """The seed cut at page widths from 16 to 80 columns (as make_cases.wrapped does)."""
    sys.path.insert(0, str(CASES))
    from make_cases import wrapped

    from diffkit.read.parse import parse_result
    seed = load(ROOT / "datasets/sichuan_2016/plan.json")
    print("\nwrap width (columns)  tasks found  all exact  sections+items titles  preamble  meta")
    for width in (16, 20, 24, 28, 32, 36, 48, 64, 80):
        plan = parse_result(wrapped(width)).plan
        exact = all_exact(plan.tasks, seed.tasks)
        titles = ([s.title for s in plan.sections] == [s.title for s in seed.sections] and
                  [i.title for s in plan.sections for i in s.items] ==
                  [i.title for s in seed.sections for i in s.items])
        print(f"{width:>20}  {len(plan.tasks):>5}/{len(seed.tasks)}  "
              f"{exact:>6}/{len(seed.tasks)}  {'same' if titles else 'differ':>21}  "
              f"{'same' if plan.preamble == seed.preamble else 'differs':>8}  "
              f"{'same' if dict(plan.meta) == dict(seed.meta) else 'differs'}")


if __name__ == "__main__":
    main()
    wrap_sweep()
    print("\nper container (benchmarks/container_accuracy.py):")
    import container_accuracy  # a sibling: the seed as web page, Word, PDF and tables
    container_accuracy.main()
