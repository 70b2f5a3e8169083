"""Start-up latency of ``diffkit compare``, as a ratio to ``python -c "import rapidfuzz"``,
both measured in the same run (median of N runs each, interleaved).

    python benchmarks/latency.py [--runs 15] [--against OTHER_CHECKOUT]

The two plans are the Sichuan seed and a simulated variant of it (seed 1, 8 edits), so they
are of the seed's size. Target: ratio <= 2. Byte code is cached for both (as after an
install), whatever PYTHONDONTWRITEBYTECODE says; the warm-up run also writes OpenCC's key list
to the user cache (see `diffkit.normalize`). Also printed: the time of importing only the
third-party libraries the command needs on these plans (click, rapidfuzz; OpenCC is loaded
only for text that has characters to convert), the floor any implementation on this stack
pays, the "contract floor" (those libraries, json and the six frozen dataclasses DESIGN.md
prescribes, defined and nothing else done), and CPU times (user + system of each run), which vary less than wall times on a loaded
machine. ``--against DIR`` times another checkout's
``diffkit compare`` in the same run, for before/after figures. ``--instructions`` also counts
the instructions each command executes, once, under Valgrind's cachegrind (with
``PYTHONHASHSEED=0``): the same figure at any load, so a change of a few per cent is seen on
a shared machine where wall and CPU times move by more than that.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "datasets" / "sichuan_2016" / "plan.json"


# What any `diffkit compare` pays before it does any work, given the project's contracts:
# click (the named CLI library), rapidfuzz.process (cdist), json (the plan format) and the
# frozen dataclasses ../shared/DESIGN.md prescribes for Plan, Section, Item, Task, Pair and
# AgencyChange (with diffkit's fields; a frozen dataclass compiles its methods at start-up).
CONTRACT = "contract floor (click, rapidfuzz, json + the six DESIGN dataclasses; no work)"
_TYPES = {"Plan": "id sections meta preamble abbreviations unplaced",
          "Section": "id title items number kind", "Item": "id title tasks number",
          "Task": "id text lead participants labels deadline responsible leaders",
          "Pair": "a b status moved similarity guideline agency_changes why a_text b_text "
                  "responsible borrows follows",
          "AgencyChange": "role change a b role_a role_b function a_key b_key"}
CONTRACT_FLOOR = "import click, rapidfuzz.process, json\nfrom dataclasses import dataclass\n" + "".join(
    f"@dataclass(frozen=True)\nclass {name}:\n    \"{name}.\"\n"
    + "".join(f"    {f}: object = None\n" for f in fields.split())
    for name, fields in _TYPES.items())


def _time(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall time and CPU time (user + system of the child; 0 where unknown) of one run."""
    before = _child_cpu()
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=cwd)
    return time.perf_counter() - t0, _child_cpu() - before


def _child_cpu() -> float:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _instructions(cmd: list[str], env: dict[str, str], cwd: Path) -> int:
    """Instructions ``cmd`` executes (cachegrind's ``I refs``)."""
    proc = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                           "--cachegrind-out-file=/dev/null", *cmd], check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env=dict(env, PYTHONHASHSEED="0"), cwd=cwd)
    refs = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if refs is None:
        raise SystemExit(f"no instruction count from valgrind: {proc.stderr[-300:]}")
    return int(refs.group(1).replace(",", ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--against", type=Path, metavar="DIR",
                    help="another checkout (e.g. a git worktree of main) whose `diffkit "
                         "compare` is timed in the same run, interleaved, on the same plans")
    ap.add_argument("--instructions", action="store_true",
                    help="also count each command's instructions under valgrind (load-free)")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: byte code cached, for both
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "diffkit", "simulate", str(SEED), "--edits", "8",
                        "--seed", "1", "-o", tmp], check=True, stdout=subprocess.DEVNULL,
                       env=env, cwd=ROOT)
        compare = [sys.executable, "-m", "diffkit", "compare", str(SEED), f"{tmp}/plan.json"]
        runs = {"diffkit compare (seed-sized plans)": (compare, env, ROOT),
                "python -c 'import rapidfuzz'": ([sys.executable, "-c", "import rapidfuzz"],
                                                 env, ROOT),
                "python -c 'import click, rapidfuzz.process' (third-party floor)": (
                    [sys.executable, "-c", "import click, rapidfuzz.process"], env, ROOT),
                CONTRACT: ([sys.executable, "-c", CONTRACT_FLOOR], env, ROOT)}
        if args.against:
            other = args.against.resolve()
            runs[f"diffkit compare in {other}"] = (
                compare, dict(env, PYTHONPATH=str(other)), other)
        for cmd, run_env, cwd in runs.values():
            _time(cmd, run_env, cwd)  # warm the file cache, write byte code and caches
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in runs}
        for _ in range(args.runs):
            for name, (cmd, run_env, cwd) in runs.items():
                times[name].append(_time(cmd, run_env, cwd))
        counts = {name: _instructions(*spec) for name, spec in runs.items()} \
            if args.instructions else {}
    wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    base = "python -c 'import rapidfuzz'"
    print(f"median of {args.runs} runs each, interleaved; wall time (CPU time), ratio to {base}")
    for name in runs:
        cpu_ratio = f", CPU {cpu[name] / cpu[base]:.2f}" if cpu[base] else ""
        print(f"{name}: {wall[name] * 1000:.0f} ms ({cpu[name] * 1000:.0f} ms CPU); "
              f"ratio {wall[name] / wall[base]:.2f}{cpu_ratio}")
    for name, count in counts.items():
        print(f"{name}: {count / 1e6:.1f} M instructions; ratio {count / counts[base]:.2f}")
    ours = wall["diffkit compare (seed-sized plans)"] / wall[base]
    print(f"ratio: {ours:.2f} (target <= 2)")
    if hasattr(os, "getloadavg"):
        print("load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
