"""Big and odd inputs: time and peak memory of real `diffkit` runs, side by side.

    python benchmarks/big_inputs.py            # all cases (about 3-6 minutes on 2 cores)
    python benchmarks/big_inputs.py --quick    # smaller sizes, for a smoke run

Each case runs ``python -m diffkit ...`` in a fresh process and reports its exit code, wall
time and peak resident memory (``wait4`` max RSS, which includes the ~50 MB interpreter and
library baseline). Pairs of sizes give the growth ratio: time(big) / time(small) against
size(big) / size(small) — equal ratios mean linear time.

Inputs are constructed here, seeded: the 20 MB text repeats the seed plan's own source text;
the big plans use random CJK characters (distinct texts, as in real plans) and the seed's
agency names; odd names are seed names with zero-width and odd whitespace characters put in.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diffkit import load  # noqa: E402
from diffkit.model import Item, Plan, Section, Task  # noqa: E402

SEED = ROOT / "datasets" / "sichuan_2016"
CHARS = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
ODD = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00a0", "\u3000", "\t", " ",
       "\u00ad", "\u200e", "\u202a", "\u180e"]


# -- constructed inputs ---------------------------------------------------------------------
def seed_names() -> list[str]:
    plan = load(SEED / "plan.json")
    return sorted({n for t in plan.tasks for n in t.lead + t.participants})


def random_text(r: random.Random, clauses: int | None = None) -> str:
    """A task text of random CJK characters: sentences of comma clauses."""
    n = clauses or r.randint(2, 8)
    parts = ["".join(r.choices(CHARS, k=r.randint(4, 12))) for _ in range(n)]
    return "".join(p + ("。" if k % 3 == 2 else "，") for k, p in enumerate(parts))[:-1] + "。"


def big_plan(n: int, *, seed: int = 0, id: str = "big", per_item: int = 3,
             per_section: int = 200, names: list[str] | None = None) -> Plan:
    """A valid plan with ``n`` tasks: sections of ``per_section`` items of ``per_item`` tasks."""
    r = random.Random(seed)
    names = names or seed_names()
    sections, k, item = [], 0, 0
    while k < n:
        items = []
        while len(items) < per_section and k < n:
            item += 1
            tasks = []
            for p in range(1, per_item + 1):
                if k >= n:
                    break
                tasks.append(Task(f"{item}.{p}", random_text(r), tuple(r.sample(names, 1)),
                                  tuple(r.sample(names, 2))))
                k += 1
            items.append(Item(str(item), f"条目{item}", tuple(tasks)))
        sections.append(Section(str(len(sections) + 1), f"部分{len(sections) + 1}",
                                tuple(items)))
    return Plan(id, tuple(sections), meta={"title": f"constructed plan of {n} tasks"})


def variant(plan: Plan, *, seed: int = 1, share: float = 0.1) -> Plan:
    """``plan`` with ``share`` of its tasks reworded (one clause replaced) and as many new."""
    r = random.Random(seed)
    sections = []
    for s in plan.sections:
        items = []
        for i in s.items:
            tasks = []
            for t in i.tasks:
                if r.random() < share:
                    head, _, tail = t.text.partition("，")
                    t = Task(t.id, head + "，" + random_text(r, 1)[:-1] + "，" + tail,
                             t.lead, t.participants)
                tasks.append(t)
            items.append(Item(i.id, i.title, tuple(tasks)))
        sections.append(Section(s.id, s.title, tuple(items)))
    return Plan(plan.id + "_variant", tuple(sections))


def long_task_plan(chars: int, *, seed: int = 0, id: str = "long", reword: float = 0.0) -> Plan:
    """One task of about ``chars`` characters; ``reword`` of its clauses replaced."""
    r = random.Random(seed)
    text = ""
    while len(text) < chars:
        text += random_text(r)
    text = text[:chars - 1] + "。"
    if reword:
        r2 = random.Random(seed + 1)
        parts = text.split("，")
        for k in r2.sample(range(len(parts)), int(len(parts) * reword)):
            parts[k] = "".join(r2.choices(CHARS, k=len(parts[k])))
        text = "，".join(parts)
    names = seed_names()
    task = Task("1.1", text, (names[0],), tuple(names[1:3]))
    return Plan(id, (Section("1", "部分", (Item("1", "条目", (task,)),)),))


def odd_name(name: str, r: random.Random) -> str:
    """``name`` with an odd invisible or space character put in, and maybe at its ends."""
    k = r.randrange(1, len(name))
    name = name[:k] + r.choice(ODD) + name[k:]
    if r.random() < 0.5:
        name = r.choice(ODD) + name + r.choice(ODD)
    return name


def odd_names_plan(*, seed: int = 0) -> Plan:
    """The seed plan with every agency name carrying odd characters."""
    r = random.Random(seed)
    plan = load(SEED / "plan.json")
    data = plan.to_dict()
    for s in data["sections"]:
        for i in s["items"]:
            for t in i["tasks"]:
                t["lead"] = [odd_name(n, r) for n in t["lead"]]
                t["participants"] = [odd_name(n, r) for n in t["participants"]]
    data["id"] = "odd_names"
    return Plan.from_dict(data)


# -- measuring ------------------------------------------------------------------------------
TIME = shutil.which("time") or "/usr/bin/time"


def run(args: list[str], cwd: Path) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak RSS in MiB, last stderr line) of ``diffkit args``.

    Peak RSS comes from GNU time (``%M``): a child forked from this (large) process would
    report this process's size as its own maximum, so a small ``time`` process forks it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "diffkit", *args]
    if Path(TIME).exists():
        cmd = [TIME, "-f", "%M", "-o", str(cwd / "rss.txt"), *cmd]
    start = time.perf_counter()
    with open(cwd / "stderr.txt", "wb") as err:
        code = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                              stderr=err).returncode
    seconds = time.perf_counter() - start
    rss = (cwd / "rss.txt").read_text().split()[-1] if (cwd / "rss.txt").exists() else "nan"
    lines = (cwd / "stderr.txt").read_text("utf-8", errors="replace").strip().splitlines()
    return code, seconds, float(rss) / 1024, (lines[-1] if lines else "")


ROWS: list[tuple[str, str, int, float, float, str]] = []


def case(label: str, size: str, args: list[str], cwd: Path) -> tuple[float, float]:
    code, secs, mib, last = run(args, cwd)
    ROWS.append((label, size, code, secs, mib, last))
    print(f"{label:<34} {size:>14} exit {code}  {secs:7.2f} s  {mib:7.0f} MiB"
          + (f"  | {last[:110]}" if code else ""), flush=True)
    return secs, mib


def ratio(label: str, small: float, big: float, size_ratio: float) -> None:
    print(f"   growth {label}: time ×{big / small:.1f} for size ×{size_ratio:g}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes (smoke run)")
    quick = ap.parse_args().quick
    copies = (10, 100) if quick else (100, 1000)          # 2 MB and 20 MB of text
    tasks = (2_000, 10_000) if quick else (10_000, 50_000)
    pairs = (500, 1_000) if quick else (1_000, 2_000)
    long_chars = (10_000, 20_000) if quick else (10_000, 100_000)
    tmp = Path(tempfile.mkdtemp(prefix="diffkit-big-"))
    try:
        _text_cases(tmp, copies)
        _plan_cases(tmp, tasks)
        _compare_cases(tmp, pairs, tasks[1])
        _long_cases(tmp, long_chars)
        _odd_cases(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _text_cases(tmp: Path, copies: tuple[int, int]) -> None:
    source = (SEED / "source.txt").read_text("utf-8")
    times = []
    for n in copies:
        path = tmp / f"text{n}.txt"
        path.write_text("\n".join([source] * n), encoding="utf-8")
        mb = path.stat().st_size / 1e6
        times.append(case("parse (seed text repeated)", f"{mb:.1f} MB", ["parse", path.name,
                                                                         "-o", f"text{n}.json"],
                          tmp)[0])
    ratio("parse", times[0], times[1], copies[1] / copies[0])


def _plan_cases(tmp: Path, sizes: tuple[int, int]) -> None:
    timing: dict[str, list[float]] = {}
    for n in sizes:
        name = f"plan{n}.json"
        big_plan(n).save(tmp / name)
        size = f"{n:,} tasks"
        for label, args in [("validate", ["validate", name]),
                            ("show --format csv", ["show", name, "--format", "csv"]),
                            ("agencies", ["agencies", name, "--format", "json"]),
                            ("migrate --as-of 2020-01-01", ["migrate", name, "--as-of",
                                                            "2020-01-01", "-o", "m.json"]),
                            ("export .csv", ["export", name, "-o", f"p{n}.csv"]),
                            ("import .csv", ["import", f"p{n}.csv", "-o", "i.json"]),
                            ("export .xlsx", ["export", name, "-o", f"p{n}.xlsx"]),
                            ("import .xlsx", ["import", f"p{n}.xlsx", "-o", "i.json"])]:
            timing.setdefault(label, []).append(case(label, size, args, tmp)[0])
    for label, (small, big) in timing.items():
        ratio(label, small, big, sizes[1] / sizes[0])


def _compare_cases(tmp: Path, sizes: tuple[int, int], huge: int) -> None:
    times = []
    for n in sizes:
        a = big_plan(n, id=f"a{n}")
        a.save(tmp / f"a{n}.json")
        variant(a).save(tmp / f"b{n}.json")
        times.append(case("compare A vs 10% reworded", f"{n:,}×{n:,} tasks",
                          ["compare", f"a{n}.json", f"b{n}.json", "--format", "json"], tmp)[0])
    ratio("compare", times[0], times[1], (sizes[1] / sizes[0]) ** 2)
    case("compare plan with itself (limit)", f"{huge:,}×{huge:,} tasks",
         ["compare", f"plan{huge}.json", f"plan{huge}.json"], tmp)


def _long_cases(tmp: Path, sizes: tuple[int, int]) -> None:
    times = []
    for n in sizes:
        long_task_plan(n, id=f"la{n}").save(tmp / f"la{n}.json")
        long_task_plan(n, id=f"lb{n}", reword=0.05).save(tmp / f"lb{n}.json")
        times.append(case("compare one long task (5% changed)", f"{n:,} chars",
                          ["compare", f"la{n}.json", f"lb{n}.json", "--format", "json"],
                          tmp)[0])
        text = "一、总体要求\n（一）长任务\n" + load(tmp / f"la{n}.json").tasks[0].text + \
            "\n牵头单位：省发展改革委\n"
        (tmp / f"long{n}.txt").write_text(text, encoding="utf-8")
        case("parse one long task", f"{n:,} chars", ["parse", f"long{n}.txt"], tmp)
        case("export .csv one long task", f"{n:,} chars",
             ["export", f"la{n}.json", "-o", f"la{n}.csv"], tmp)
        case("import .csv one long task", f"{n:,} chars", ["import", f"la{n}.csv"], tmp)
    ratio("compare long task", times[0], times[1], sizes[1] / sizes[0])


def _odd_cases(tmp: Path) -> None:
    from diffkit import workload
    odd = odd_names_plan()
    odd.save(tmp / "odd.json")
    case("agencies, names with odd characters", f"{len(odd.tasks)} tasks",
         ["agencies", "odd.json"], tmp)
    clean = workload(load(SEED / "plan.json"))
    got = workload(odd)
    print(f"   odd names: {len(got.unresolved)} unresolved (clean seed: "
          f"{len(clean.unresolved)}); same workload rows as the clean seed: "
          f"{got.rows() == clean.rows()}", flush=True)

if __name__ == "__main__":
    main()
