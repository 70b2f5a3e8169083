"""Parser throughput: the seed, the seed concatenated 100 times, and odd inputs.

    python benchmarks/parse_speed.py

Prints the best of 20 (1×) / 5 (10×) / 3 (100×) wall-clock times measured in this run, and the
ratios time(100×) / (100 · time(1×)) and time(100×) / (10 · time(10×)): about 1 means the parser
is linear in the input (on a shared machine single runs vary by ±50 %). The 100×
document repeats the header too, so later copies read as extra sections; what counts is time.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diffkit.read.parse import parse_result  # noqa: E402

SEED = (ROOT / "datasets/sichuan_2016/source.txt").read_text("utf-8")


def best(text: str, repeat: int) -> tuple[float, int]:
    times, tasks = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        plan = parse_result(text).plan
        times.append(time.perf_counter() - start)
        tasks = len(plan.tasks)
    return min(times), tasks


def peak_mib(text: str) -> float:
    tracemalloc.start()
    parse_result(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parse_result(SEED)  # warm up OpenCC and caches
    one, tasks1 = best(SEED, 20)
    ten_text = "\n".join([SEED] * 10)
    ten, tasks10 = best(ten_text, 5)
    big = "\n".join([SEED] * 100)
    hundred, tasks100 = best(big, 3)
    print(f"seed 1x:   {len(SEED):>9,} chars  {tasks1:>6} tasks  {one * 1000:8.1f} ms")
    print(f"seed 10x:  {len(ten_text):>9,} chars  {tasks10:>6} tasks  {ten * 1000:8.1f} ms")
    print(f"seed 100x: {len(big):>9,} chars  {tasks100:>6} tasks  {hundred * 1000:8.1f} ms")
    print(f"ratio time(100x) / (100 * time(1x)) = {hundred / (100 * one):.2f}")
    print(f"ratio time(100x) / (10 * time(10x)) = {hundred / (10 * ten):.2f}")
    many = "一、甲\n" + "".join(f"({_cn(i % 99 + 1)})任务{i}。推进第{i}项工作。\n牵头单位:甲厅\n"
                                   for i in range(50_000))
    t, n = best(many, 1)
    print(f"50,000 one-task items: {len(many):>11,} chars  {n:>6} tasks  {t:6.2f} s  "
          f"peak {peak_mib(many):.0f} MiB (tracemalloc)")
    long_task = "一、甲\n(一)长任务。" + "推进建设，加快发展。" * 10_000 + "\n牵头单位:甲厅\n"
    t, n = best(long_task, 1)
    print(f"one task of {len(long_task):,} chars: {t * 1000:.1f} ms")


def _cn(n: int) -> str:
    digits = "一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ("" if not tens else ("十" if tens == 1 else digits[tens - 1] + "十")) + (
        digits[ones - 1] if ones else "")


if __name__ == "__main__":
    main()
