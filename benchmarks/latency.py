"""Start-up latency of ``diffkit compare``, as a ratio to ``python -c "import rapidfuzz"``,
both measured in the same run (median of N runs each, interleaved).

    python benchmarks/latency.py [--runs 15]

The two plans are the Sichuan seed and a simulated variant of it (seed 1, 8 edits), so they
are of the seed's size. Target: ratio <= 2. Byte code is cached for both (as after an
install), whatever PYTHONDONTWRITEBYTECODE says. Also printed: the time of importing only the
third-party libraries the command line needs (click, opencc, rapidfuzz), the floor any
implementation on this stack pays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "datasets" / "sichuan_2016" / "plan.json"


def _time(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: byte code cached, for both
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "diffkit", "simulate", str(SEED), "--edits", "8",
                        "--seed", "1", "-o", tmp], check=True, stdout=subprocess.DEVNULL,
                       env=env, cwd=ROOT)
        compare = [sys.executable, "-m", "diffkit", "compare", str(SEED), f"{tmp}/plan.json"]
        base = [sys.executable, "-c", "import rapidfuzz"]
        floor = [sys.executable, "-c", "import click, opencc, rapidfuzz.process"]
        _time(compare, env)  # warm the file cache and write byte code
        ours, theirs, deps = [], [], []
        for _ in range(args.runs):
            theirs.append(_time(base, env))
            ours.append(_time(compare, env))
            deps.append(_time(floor, env))
    a, b, c = (statistics.median(x) for x in (ours, theirs, deps))
    print(f"diffkit compare (seed-sized plans):     {a * 1000:.0f} ms median of {args.runs}")
    print(f"python -c 'import rapidfuzz':           {b * 1000:.0f} ms")
    print(f"python -c 'import click, opencc, rapidfuzz.process' (the CLI's third-party "
          f"floor): {c * 1000:.0f} ms")
    print(f"ratio: {a / b:.2f} (target <= 2); floor ratio: {c / b:.2f}")


if __name__ == "__main__":
    main()
