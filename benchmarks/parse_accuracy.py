"""Parser accuracy on the constructed variants of the Sichuan seed, and on documents in the
forms of real plans.

    python benchmarks/parse_accuracy.py [--real-forms-only] [--seeds 100-159]

Real forms: `benchmarks/real_forms.py` writes documents in the forms catalogued from real plans
(docs/real_forms.md) with their truth; each is parsed and scored here: tasks found (a truth task
whose text, folded, is a parsed task's text), lead / participants / responsible / leaders exact
over the found tasks, title / issuer / doc number / date exact, and planted unread agency
phrases warned about. Truth and folding (OpenCC t2s + NFKC, spaces dropped) do not use diffkit.
The parser was tuned on seeds 0-99; the figures to report are on seeds 100-219 (120 documents).

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


def _fold(text: str) -> str:
    import unicodedata

    import opencc  # the library, not diffkit's wrapper

    global _T2S
    if _T2S is None:
        _T2S = opencc.OpenCC("t2s")
    return "".join(unicodedata.normalize("NFKC", _T2S.convert(text)).split())


_T2S = None
ROLES = ("lead", "participants", "responsible", "leaders")
HEADER = ("title", "issuer", "doc_number", "date")


def real_forms(seeds: range, verbose: bool = False) -> dict[str, float]:
    """Score the parser on generated real-form documents; print and return the ratios."""
    import tempfile

    from real_forms import build

    from diffkit.read.parse import parse_result, read_text
    counts = dict.fromkeys(("tasks", "found", "extra", *ROLES, *HEADER, "planted", "warned",
                            "false_alarms"), 0)
    forms: dict[str, list[int]] = {}  # form → [Simplified documents, Traditional documents]
    with tempfile.TemporaryDirectory() as tmp:
        for path in build(seeds, Path(tmp)):
            truth = json.loads(path.with_suffix(".json").read_text("utf-8"))
            result = parse_result(read_text(path), id=path.stem)
            _score_one(result, truth, counts, path.stem if verbose else None)
            for form in set(truth["forms"]) - {"script:traditional"}:
                forms.setdefault(form, [0, 0])[truth["traditional"]] += 1
    n = len(seeds)
    ratios = {"tasks found": counts["found"] / counts["tasks"]}
    ratios.update({f"{r} exact": counts[r] / max(1, counts["found"]) for r in ROLES})
    ratios.update({f"{f} exact": counts[f] / n for f in HEADER})
    ratios["unread phrases warned"] = counts["warned"] / max(1, counts["planted"])
    ratios["extra tasks (per truth task)"] = counts["extra"] / counts["tasks"]
    ratios["agency warnings on unplanted lines (per document)"] = counts["false_alarms"] / n
    print(f"\nreal forms: {n} documents (seeds {seeds.start}-{seeds.stop - 1}), "
          f"{counts['tasks']} tasks, {counts['planted']} planted unread agency phrases")
    for name, value in ratios.items():
        print(f"  {name:<24} {value:.3f}")
    print("forms (documents using each: Simplified / Traditional):")
    print("  " + "; ".join(f"{f} {a}/{b}" for f, (a, b) in sorted(forms.items())))
    print(f"  fewest documents for a form: {min(a + b for a, b in forms.values())}")
    return ratios


def _score_one(result, truth: dict, counts: dict[str, int], name: str | None) -> None:
    plan = result.plan
    got = {}
    for t in plan.tasks:
        got.setdefault(_fold(t.text), t)
    wanted = {_fold(w["text"]) for w in truth["tasks"]}
    extra = [t for t in plan.tasks if _fold(t.text) not in wanted]
    counts["extra"] += len(extra)
    if name and extra:
        print(f"{name}: extra tasks {[t.text[:15] for t in extra]}")
    for want in truth["tasks"]:
        counts["tasks"] += 1
        t = got.get(_fold(want["text"]))
        if t is None:
            if name:
                print(f"{name}: task not found: {want['text'][:30]}")
            continue
        counts["found"] += 1
        for role in ROLES:
            ok = [_fold(x) for x in getattr(t, role, ())] == [_fold(x) for x in want[role]]
            counts[role] += ok
            if name and not ok:
                print(f"{name}: {role} {list(getattr(t, role, ()))} != {want[role]}"
                      f" ({want['text'][:20]})")
    for field in HEADER:
        ok = _fold(str(plan.meta.get(field, ""))) == _fold(truth["meta"][field])
        counts[field] += ok
        if name and not ok:
            print(f"{name}: {field} {plan.meta.get(field)!r} != {truth['meta'][field]!r}")
    warned = {w.line for w in result.warnings}
    alarms = [w for w in result.warnings if ("looks like agencies" in w.message
              or "unknown label" in w.message) and w.line not in truth["warn_lines"]]
    counts["false_alarms"] += len(alarms)
    if name and alarms:
        print(f"{name}: unexpected warnings {[str(w) for w in alarms]}")
    counts["planted"] += len(truth["warn_lines"])
    counts["warned"] += sum(1 for line in truth["warn_lines"] if line in warned)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "benchmarks"))
    args = sys.argv[1:]
    lo, hi = (int(x) for x in (args[args.index("--seeds") + 1] if "--seeds" in args
                               else "100-219").split("-"))
    if "--real-forms-only" not in args:
        main()
        wrap_sweep()
        print("\nper container (benchmarks/container_accuracy.py):")
        import container_accuracy  # a sibling: the seed as web page, Word, PDF and tables
        container_accuracy.main()
    real_forms(range(lo, hi + 1), verbose="--verbose" in args)
