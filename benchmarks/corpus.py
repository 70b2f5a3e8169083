"""Corpus benchmark: N simulated plans against a simulated guideline.

    python benchmarks/corpus.py                       # N = 100, 1,000, 10,000
    python benchmarks/corpus.py --sizes 100,1000 --repeat 3
    python benchmarks/corpus.py --sizes 2000,20000,100000 --format jsonl --output [--estimate]
    python benchmarks/corpus.py --sizes 1000 --mix [--format jsonl [--output]]
    python benchmarks/corpus.py --sizes 1000 --mix --related
    python benchmarks/corpus.py --sizes 1000 --workers 1

``--format jsonl`` measures the whole command on a JSON Lines file instead (corpus_scale.py:
time, the client's peak RSS, ratios to the parsing and cdist floors; with ``--output`` it
writes Parquet; ``--estimate`` adds a 1M-plan estimate from a LocalCluster's chunk costs).

For each N, a fresh subprocess first calls ``diffkit.corpus`` on another corpus of the same
shape (seed + 1000, at most 1,000 plans: imports, OpenCC, the registry, and the local
engine's workers, which a call keeps for the next — warm, as in a session that calls
``corpus`` again, but not with the texts timed), then, for each repeat, generates N plans
with `simcorpus.fast_plans` (not timed; repeat r takes seed + r: before 6 December 2026
every repeat scored the same corpus, whose texts the caches of the last call then held),
and measures, side by side in the same process:

* ``cdist``: a bare ``rapidfuzz.process.cdist(guideline texts, all plan texts,
  scorer=fuzz.ratio, workers=-1)`` — the similarity matrix alone — and ``cdist dist``, the
  same over the distinct texts only (diffkit scores each distinct text once: the real
  floor);
* ``corpus``: ``diffkit.corpus(plans, guideline)`` with the local engine — folding, the same
  ratio matrix, clause coverage both ways, the per-plan alignment that ``diffkit compare``
  makes, fidelity, agency counts and the result objects;

and prints the share of distinct task texts (kept tasks are verbatim copies, as in real
plans; diffkit scores each distinct text once, ``--unique`` removes all repeats,
``--fresh`` those of reworded texts only), wall
times (best of ``--repeat``), their ratio, microseconds per plan (linear time means a flat
column), ``CPU /dist``: the CPU time of the run against that of the distinct-text floor
(``time.process_time`` plus the CPU time of the local engine's worker processes, which
are the forkserver's children — counted from its ``cutime`` and ``cstime`` in ``/proc``,
and from their own ``utime`` and ``stime`` while they live: the engine keeps them between
calls; less sensitive to other jobs on a shared machine; cdist runs on all cores, so its CPU time
is about cores × its wall time; before 5 December 2026 this column was taken against the
all-texts cdist and missed the workers, which made it far too low), peak resident memory of this
process (``resource.getrusage``) after generation and at the end, the peak proportional set
size of this process and its workers together (sampled from ``/proc`` every 100 ms, in one
more call, not timed: reading ``smaps_rollup`` walks the page tables of the process read,
which stalls it — every 20 ms in the timed calls it slowed 10,000 plans by 5–15% once this
process scored chunks too; memory that forked workers share with this process is counted
once), and the load average. The
guideline and plans are simulated (see simcorpus.py).

``--workers K`` passes ``workers=K`` to the library call (default: one process per CPU).
With ``--workers 1`` every chunk is scored in this process, and ``CPU /dist`` is then the
work itself against the floor's: what no way of spreading it over the cores can go below
(the ``ratio`` and ``/dist`` columns compare one core with the floor's all).

``--traditional SHARE`` sets the share of plans written in Traditional characters (the
simulator's 0.05 by default; plans of mainland governments are Simplified, so 0 is the
common case, and a chunk with no Traditional text takes another road: docs/corpus.md).

``--unshared`` gives every plan its own copies of its texts and names, as plans read from
files or parsed hold them (the simulator's plans share the guideline's string objects, which
pickle writes once when a chunk is sent to a worker process: `records.pack`).

``--mappings`` gives the plans as plain dicts, as ``json.load`` of plan files gives them.

``--regions K`` gives the plans K simulated regions, cities and counties in turn (``meta.region``
and ``level``): a plan's agency names are read in its own region and level, so a corpus of
many places reads each name once per place, where the one-region default reads it once.

``--mix`` measures a mixed corpus instead (`simmix.mixed_corpus`: plans of 5–300 tasks at
three levels, routed among three guidelines by citation or similarity or left unrouted, 5%
mirror copies). Its floor scores each distinct text once against each guideline it must be
compared with: the guideline a plan cites; every guideline for a plan that cites none
(routing has to try them all); ``cdist`` the same over all texts. Under the figures it prints
the corpus's shape and the routing diffkit reported against the generator's intent, per
route (citation, similarity, unrouted), and the disagreements. ``--related`` (library call
only) gives it two more guidelines on subjects next to g1's: g4 (another region's
cooperation, two of g1's tasks word for word) and g5 (a revision of g1), as
`simmix.mixed_corpus` says.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRADITIONAL = 0.05   # `simcorpus.fast_plans`'s share of plans in Traditional characters
WARM_SEED, WARM_MAX = 1000, 1000   # the warm-up corpus: seed + 1000, at most 1,000 plans


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process, of its finished children and of the children of the
    multiprocessing forkserver (the local engine's worker processes are the forkserver's
    children, not this process's)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime + _forkserver_children()


def _forkserver_children() -> float:
    """CPU seconds of the forkserver's children: those it has reaped (its ``cutime`` and
    ``cstime``) and those alive (their own ``utime`` and ``stime``: the local engine keeps
    its workers between calls)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if pid is None:
        return 0.0
    fields = _stat(str(pid))
    if fields is None:
        return 0.0
    ticks = int(fields[13]) + int(fields[14])  # cutime, cstime
    for child in _children(str(pid)):
        own = _stat(child)
        if own is not None:
            ticks += int(own[11]) + int(own[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _stat(pid: str) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name (the 3rd field on), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _pss_kib(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        return 0


def _children(pid: str) -> list[str]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            out += task.read_text().split()
        except OSError:
            pass
    return out


class _PeakMemory(threading.Thread):
    """Samples (at the start, every 100 ms and at the end) the proportional set size of this
    process and its worker processes together: memory shared by forked workers is counted
    once, not per process. Linux only (``/proc``); the peak is 0 elsewhere."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak, self._done = 0, threading.Event()
        self.start()

    def run(self) -> None:
        self._sample()
        while not self._done.wait(0.1):
            self._sample()

    def _sample(self) -> None:
        me = str(os.getpid())
        self.peak = max(self.peak, sum(_pss_kib(p) for p in [me, *_children(me)]))

    def stop(self) -> float:
        self._done.set()
        self.join()
        self._sample()  # (a call shorter than the interval is sampled at its end too)
        return self.peak / 1024


def _corpus_of(n: int, *, seed: int, unique: bool, fresh: bool, mix: bool,
               related: bool = False, traditional: float = TRADITIONAL, regions: int = 0,
               unshared: bool = False, mappings: bool = False):
    """The plans, the guideline(s) and the floor's pairs: (guideline texts, the texts that
    must be scored against it, all, in corpus order) per guideline; with ``mix`` also the
    `simmix.Mix` (its intents and shape)."""
    if mix:
        from benchmarks.simmix import mixed_corpus

        made = mixed_corpus(n, seed=seed, related=related)
        needed = made.needed_texts()
        pairs = [([t.text for t in g.tasks], needed[g.id]) for g in made.guidelines]
        return list(made.plans), list(made.guidelines), pairs, made
    from benchmarks.simcorpus import fast_plans, simulated_guideline

    guideline = simulated_guideline()
    plans = fast_plans(n, seed=seed, unique=unique, fresh=fresh, traditional=traditional,
                       unshared=unshared)
    if regions:
        plans = [dataclasses.replace(p, meta={**p.meta, "region": region_name(k % regions),
                                              "level": "municipal" if k % regions % 3 == 0
                                              else "county"})
                 for k, p in enumerate(plans)]
    pairs = [([t.text for t in guideline.tasks], [t.text for p in plans for t in p.tasks])]
    if mappings:  # as json.load gives them (the floor's texts are the same)
        plans = [json.loads(json.dumps(p.to_dict(), ensure_ascii=False)) for p in plans]
    return plans, guideline, pairs, None


def region_name(k: int) -> str:
    """The ``k``-th simulated region: a city (every third) or a county, named 模拟…市/县
    (no real place)."""
    return f"模拟{k}{'市' if k % 3 == 0 else '县'}"


def _cdist(pairs) -> None:
    """The bare matrices: each guideline's texts against the texts paired with it."""
    from rapidfuzz import fuzz, process

    for g_texts, texts in pairs:
        process.cdist(g_texts, texts, scorer=fuzz.ratio, workers=-1)


def measure(n: int, *, seed: int, repeat: int, chunk_size: int | None,
            workers: int | None = None, unique: bool = False, fresh: bool = False,
            mix: bool = False, related: bool = False, traditional: float = TRADITIONAL,
            regions: int = 0, unshared: bool = False, mappings: bool = False) -> dict:
    sys.path.insert(0, str(ROOT))
    import diffkit

    shape = {"unique": unique, "fresh": fresh, "mix": mix, "related": related,
             "traditional": traditional, "regions": regions, "unshared": unshared,
             "mappings": mappings}
    kwargs = {"chunk_size": chunk_size} if chunk_size else {}
    if workers is not None:
        kwargs["workers"] = workers
    # warm up (imports, OpenCC, the registry, the local engine's kept workers and what they
    # learn of any corpus) on another corpus of the same shape: not on the one timed, whose
    # texts the caches would then hold
    warm, warm_guideline, _, _ = _corpus_of(min(n, WARM_MAX), seed=seed + WARM_SEED, **shape)
    diffkit.corpus(warm, warm_guideline, **kwargs)
    del warm
    bare, full, bare_cpu, full_cpu, floor, floor_cpu = [], [], [], [], [], []
    for r in range(repeat):  # each repeat a corpus of its own (seed, seed + 1, …), untimed
        t0 = time.perf_counter()
        plans, guideline, pairs, made = _corpus_of(n, seed=seed + r, **shape)
        if r == 0:
            generate, rss_plans = time.perf_counter() - t0, _rss_mib()
            texts = pairs[0][1] if mappings else [t.text for p in plans for t in p.tasks]
        distinct = [(g_texts, list(dict.fromkeys(t))) for g_texts, t in pairs]
        t0, c0 = time.perf_counter(), _cpu()
        _cdist(pairs)
        bare.append(time.perf_counter() - t0)
        bare_cpu.append(_cpu() - c0)
        t0, c0 = time.perf_counter(), _cpu()
        _cdist(distinct)
        floor.append(time.perf_counter() - t0)
        floor_cpu.append(_cpu() - c0)
        t0, c0 = time.perf_counter(), _cpu()
        result = diffkit.corpus(plans, guideline, **kwargs)
        full.append(time.perf_counter() - t0)
        full_cpu.append(_cpu() - c0)
        if made is not None:
            from benchmarks.simmix import agreement, routing_of

            routed = agreement(made.intents, routing_of(result))
        del result
    memory = _PeakMemory()  # in a call of its own: sampling /proc slows the process sampled
    diffkit.corpus(plans, guideline, **kwargs)
    row = {"n": n, "tasks": len(texts), "distinct": len(set(texts)), "generate": generate,
           "cdist": min(bare), "cdist_distinct": min(floor), "corpus": min(full),
           "cdist_cpu": min(bare_cpu), "corpus_cpu": min(full_cpu),
           "cdist_distinct_cpu": min(floor_cpu),
           "load": os.getloadavg()[0], "rss_plans": rss_plans, "rss_peak": _rss_mib(),
           "pss_peak": memory.stop(), "cpus": os.cpu_count()}
    if made is not None:
        row.update(shape=made.shape(), routing=routed,
                   scored=sum(len(t) for _, t in distinct))
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000",
                    help="comma-separated numbers of plans [100,1000,10000]")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=None,
                    help="timed repeats per size, best kept [3 up to 1,000 plans, else 1]")
    ap.add_argument("--chunk-size", type=int, default=None)
    ap.add_argument("--workers", type=int, default=None, metavar="K",
                    help="library call: processes that score (diffkit.corpus's workers) "
                         "[one per CPU]; 1: CPU /dist is the work itself against the floor's")
    ap.add_argument("--unique", action="store_true",
                    help="worst case: no task text repeats anywhere in the corpus")
    ap.add_argument("--fresh", action="store_true",
                    help="every reworded text is its plan's own (kept, split, merged and "
                         "added texts still recur); without it rewordings recur in large "
                         "corpora")
    ap.add_argument("--traditional", type=float, default=TRADITIONAL, metavar="SHARE",
                    help="share of plans written in Traditional characters (0-1) [%(default)s]; "
                         "plans of mainland governments are Simplified: 0 is the common case")
    ap.add_argument("--regions", type=int, default=0, metavar="K",
                    help="library call: the plans spread over K simulated cities and counties "
                         "(meta.region, level), whose agency names are read anew in each, as "
                         "in real corpora; 0: no region, all plans read alike [0]")
    ap.add_argument("--unshared", action="store_true",
                    help="library call: every plan holds its own copies of its texts and "
                         "names, as plans read from files or parsed do (the simulator's "
                         "plans share the guideline's string objects)")
    ap.add_argument("--mappings", action="store_true",
                    help="library call: the plans given as plain dicts, as json.load gives "
                         "them (read on the workers: records.fast_record)")
    ap.add_argument("--mix", action="store_true",
                    help="a mixed corpus (simmix.py): plans of 5-300 tasks routed among three "
                         "guidelines (by citation, by similarity, or unrouted), 5%% mirror "
                         "copies; the floor scores each distinct text against the guideline(s) "
                         "it must be compared with")
    ap.add_argument("--related", action="store_true",
                    help="with --mix (library call only): two more guidelines on subjects next "
                         "to g1's, g4 (another region's cooperation) and g5 (a revision of g1)")
    ap.add_argument("--format", choices=("objects", "jsonl"), default="objects",
                    help="objects: diffkit.corpus on Plan objects in this process; jsonl: "
                         "the whole command on a JSON Lines file [objects]")
    ap.add_argument("--output", action="store_true", help="jsonl: write Parquet (--output)")
    ap.add_argument("--estimate", action="store_true",
                    help="jsonl: also estimate 1M plans from a LocalCluster's chunk costs")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mix and (args.unique or args.fresh or args.estimate or args.unshared):
        ap.error("--mix makes its own corpus: not with --unique, --fresh, --unshared or "
                 "--estimate")
    if (args.unshared or args.mappings) and (args.format == "jsonl" or args.mix):
        ap.error("--unshared and --mappings go with the library call on the simulated corpus")
    if args.regions and (args.mix or args.format == "jsonl" or args.regions < 0):
        ap.error("--regions K (K > 0) goes with the library call on the simulated corpus")
    if args.mix and args.traditional != TRADITIONAL:
        ap.error("--mix makes its own corpus: not with --traditional")
    if not 0 <= args.traditional <= 1:
        ap.error("--traditional is a share: 0 to 1")
    if args.workers is not None and (args.workers < 1 or args.format == "jsonl"):
        ap.error("--workers K (K >= 1) goes with the library call (not --format jsonl)")
    if args.related and (not args.mix or args.format == "jsonl"):
        ap.error("--related goes with --mix, for the library call (not --format jsonl)")
    if args.format == "jsonl":
        return _command(args)
    if args.one:
        repeat = args.repeat or (3 if args.one <= 1000 else 1)
        print(json.dumps(measure(args.one, seed=args.seed, repeat=repeat,
                                 chunk_size=args.chunk_size, workers=args.workers,
                                 unique=args.unique,
                                 fresh=args.fresh, mix=args.mix, related=args.related,
                                 traditional=args.traditional, regions=args.regions,
                                 unshared=args.unshared, mappings=args.mappings)))
        return
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)]
        for opt in ("repeat", "chunk_size", "workers"):
            if getattr(args, opt):
                cmd += [f"--{opt.replace('_', '-')}", str(getattr(args, opt))]
        out = subprocess.run(cmd + _flags(args), check=True, capture_output=True, text=True,
                             cwd=ROOT)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        _print(rows)
        _print_mix(rows[-1])


def _flags(args) -> list[str]:
    return [f"--{f}" for f in ("unique", "fresh", "mix", "related", "unshared", "mappings")
            if getattr(args, f)] + [
        "--traditional", str(args.traditional)] + (
        ["--regions", str(args.regions)] if args.regions else [])


def _print_mix(row: dict) -> None:
    """A mixed corpus's shape and its routing against the generator's intent."""
    if "shape" in row:
        from benchmarks.simmix import describe

        print(describe(row), flush=True)


def _command(args) -> None:
    """``--format jsonl``: each size in a fresh process (corpus_scale.measure)."""
    from benchmarks import corpus_scale

    if args.one:
        print(json.dumps(corpus_scale.estimate(args.one, seed=args.seed) if args.estimate
                         else corpus_scale.measure(args.one, seed=args.seed,
                                                   output=args.output, unique=args.unique,
                                                   fresh=args.fresh, mix=args.mix,
                                                   traditional=args.traditional)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(corpus_scale.HEAD, flush=True)
    for n in sizes:
        cmd = [sys.executable, __file__, "--format", "jsonl", "--one", str(n), "--seed",
               str(args.seed), *(["--output"] if args.output else []), *_flags(args)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(corpus_scale.line(row), flush=True)
        _print_mix(row)
    if args.estimate:
        cmd = [sys.executable, __file__, "--format", "jsonl", "--estimate", "--one",
               str(sizes[0]), "--seed", str(args.seed)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
        print(corpus_scale.estimate_line(json.loads(out.stdout.strip().splitlines()[-1])))


def _print(rows: list[dict]) -> None:
    head = (f"{'plans':>7} {'tasks':>8} {'distinct':>8} {'cdist s':>8} {'dist s':>7} "
            f"{'corpus s':>9} {'ratio':>6} {'/dist':>6} "
            f"{'us/plan':>8} {'CPU /dist':>9} {'RSS plans MiB':>14} {'RSS peak MiB':>13} "
            f"{'PSS peak MiB':>13} {'load':>5}")
    print(head if len(rows) == 1 else "", end="\n" if len(rows) == 1 else "")
    r = rows[-1]
    print(f"{r['n']:>7,} {r['tasks']:>8,} {r['distinct'] / r['tasks']:>8.0%} {r['cdist']:>8.2f} "
          f"{r['cdist_distinct']:>7.2f} {r['corpus']:>9.2f} {r['corpus'] / r['cdist']:>6.2f} "
          f"{r['corpus'] / r['cdist_distinct']:>6.2f} {1e6 * r['corpus'] / r['n']:>8.0f} "
          f"{r['corpus_cpu'] / r['cdist_distinct_cpu']:>9.2f} {r['rss_plans']:>14.0f} "
          f"{r['rss_peak']:>13.0f} {r['pss_peak']:>13.0f} {r['load']:>5.1f}", flush=True)


if __name__ == "__main__":
    main()
