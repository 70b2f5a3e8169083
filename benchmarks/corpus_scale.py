"""The whole ``diffkit corpus`` command at scale (called by ``corpus.py --format jsonl``).

For each N, in a fresh process: N simulated plans are generated in batches and written as
one JSON Lines file (not timed; the plans are not kept), then measured side by side:

* ``json``: ``json.loads`` of every line (reading at the speed of parsing: the floor of
  reading);
* ``cdist all``: a bare ``rapidfuzz.process.cdist(guideline texts, every task text,
  scorer=fuzz.ratio, workers=-1)``;
* ``cdist distinct``: the same over the *distinct* task texts (diffkit scores each distinct
  text once: the real floor of scoring);
* ``corpus``: the command ``diffkit corpus FILE.jsonl -g G [--output DIR]`` in a subprocess
  (local engine, all CPUs): wall time, the peak RSS of that client process (``VmHWM`` of
  its memory map, read at exit), and the peak PSS of the client and its workers together
  (sampled from /proc every 50 ms).

With ``--mix`` (`write_mix`) the corpus is a mixed one (simmix.py) with its three guidelines
in a directory; each cdist pairs a guideline with the texts that must be scored against it,
and the routing the command wrote is compared with the generator's intent.

``--estimate`` also runs the command's work on a ``distributed.LocalCluster`` (one worker
per CPU) with ``--output``, takes each chunk's compute time on the workers from Dask's task
stream, and estimates 1M plans from the median cost per chunk (each worker's first chunk
also pays for imports and caches).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BATCH = 5000


def write_corpus(n: int, folder: Path, *, seed: int, unique: bool = False, fresh: bool = False,
                 traditional: float = 0.05) -> tuple[Path, Path, list[str], list[str]]:
    """The guideline and N plans as JSON Lines in ``folder``; guideline texts and the
    corpus's task texts (all, in order)."""
    import dataclasses

    from benchmarks.simcorpus import fast_plans, simulated_guideline

    guideline = simulated_guideline()
    g = folder / "guideline.json"
    guideline.save(g)
    path = folder / f"plans-{n}.jsonl"
    texts: list[str] = []
    with open(path, "w", encoding="utf-8") as fh:
        for start in range(0, n, BATCH):
            batch = fast_plans(min(BATCH, n - start), seed=seed + start, unique=unique,
                               fresh=fresh, traditional=traditional)
            for k, plan in enumerate(batch):
                plan = dataclasses.replace(plan, id=f"p{start + k:07d}")
                texts += (t.text for t in plan.tasks)
                fh.write(json.dumps(plan.to_dict(), ensure_ascii=False) + "\n")
    return g, path, [t.text for t in guideline.tasks], texts


def write_mix(n: int, folder: Path, *, seed: int) -> tuple[Path, Path, list, list[str], list]:
    """A mixed corpus (`simmix.mixed_corpus`, in batches) in ``folder``: the given guidelines
    in ``guidelines/``, the plans as JSON Lines; the floor's pairs (guideline texts, the texts
    that must be scored against it), the corpus's task texts and the intents (plan ids of a
    batch after the first end in ``-BATCH``)."""
    import dataclasses

    from benchmarks.simmix import mixed_corpus

    gdir, path = folder / "guidelines", folder / f"plans-{n}.jsonl"
    gdir.mkdir()
    texts: list[str] = []
    intents: list = []
    needed: dict[str, list[str]] = {}
    with open(path, "w", encoding="utf-8") as fh:
        for start in range(0, n, BATCH):
            made = mixed_corpus(min(BATCH, n - start), seed=seed + start)
            tag = f"-{start // BATCH}" if start else ""
            for plan, intent in zip(made.plans, made.intents, strict=True):
                plan = dataclasses.replace(plan, id=plan.id + tag)
                intents.append(dataclasses.replace(intent, plan=plan.id, mirror_of=(
                    intent.mirror_of and intent.mirror_of + tag)))
                texts += (t.text for t in plan.tasks)
                fh.write(json.dumps(plan.to_dict(), ensure_ascii=False) + "\n")
            for g, more in made.needed_texts().items():
                needed.setdefault(g, []).extend(more)
    for g in made.guidelines:
        g.save(gdir / f"{g.id}.json")
    pairs = [([t.text for t in g.tasks], needed[g.id]) for g in made.guidelines]
    return gdir, path, pairs, texts, intents


def routing_read(folder: Path, output: bool) -> dict[str, tuple[str | None, str]]:
    """Per plan id, (guideline id or None, routed_by) as the command wrote it: from the
    Parquet plans table (``--output``) or the JSON on its standard output."""
    if output:
        import pyarrow.dataset as ds

        table = ds.dataset(folder / "out" / "plans", format="parquet",
                           partitioning="hive").to_table(["plan", "routed_by", "guideline_id"])
        return {p: (None if g == "unrouted" else g, how) for p, how, g in zip(
            *(table.column(c).to_pylist() for c in ("plan", "routed_by", "guideline_id")),
            strict=True)}
    data = json.loads((folder / "stdout.json").read_text("utf-8"))
    out = {p["id"]: (p["guideline_id"], p["routed_by"]) for p in data["plans"]}
    out.update((u["id"], (None, "unrouted")) for u in data["unrouted"])
    return out


def _pss_tree(pid: int) -> int:
    total, todo = 0, [str(pid)]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next(int(x.split()[1]) for x in f if x.startswith("Pss:"))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += (task / "children").read_text().split()
        except (OSError, StopIteration, ValueError):
            continue
    return total


# the client's own peak: VmHWM of its memory map (ru_maxrss would also count the pages of
# the large benchmark process it was forked from, before exec)
CLIENT = ("import json, sys\n"
          "from diffkit.cli import main\n"
          "out = sys.argv.pop(1)\n"
          "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
          "hwm = next(int(x.split()[1]) for x in open('/proc/self/status') "
          "if x.startswith('VmHWM:'))\n"
          "open(out, 'w').write(json.dumps(hwm))\n"
          "sys.exit(code)\n")


def run_command(args: list[str], folder: Path, *, keep: bool = False) -> dict:
    """``diffkit ARGS`` in a subprocess: wall seconds, client peak RSS, tree peak PSS
    (``keep``: its standard output in ``folder/stdout.json``)."""
    rss = folder / "client-rss.json"
    stdout = open(folder / "stdout.json", "wb") if keep else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CLIENT, str(rss), *args], cwd=ROOT,
                            stdout=stdout, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _pss_tree(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    if keep:
        stdout.close()
    watcher.join()
    if proc.returncode:
        raise SystemExit(f"diffkit failed ({proc.returncode}): {err}")
    return {"corpus": wall, "client_rss": json.loads(rss.read_text()) / 1024,
            "tree_pss": peak[0] / 1024}


def floors(lines_path: Path, pairs: list[tuple[list[str], list[str]]], texts: list[str]
           ) -> dict:
    """Reading at the speed of parsing, and the bare cdist of each guideline's texts against
    the texts paired with it (``pairs``; one guideline: all the corpus's texts), all and
    distinct; ``texts``: the corpus's task texts (for its counts)."""
    from rapidfuzz import fuzz, process

    t0 = time.perf_counter()
    with open(lines_path, "rb") as fh:
        for line in fh:
            json.loads(line)
    parse = time.perf_counter() - t0
    distinct = [(g_texts, list(dict.fromkeys(t))) for g_texts, t in pairs]
    t0 = time.perf_counter()
    for g_texts, own in distinct:
        process.cdist(g_texts, own, scorer=fuzz.ratio, workers=-1)
    cd_distinct = time.perf_counter() - t0
    t0 = time.perf_counter()
    for g_texts, some in pairs:
        for k in range(0, len(some), 200_000):  # in slices: the full matrix may not fit
            process.cdist(g_texts, some[k:k + 200_000], scorer=fuzz.ratio, workers=-1)
    cd_all = time.perf_counter() - t0
    return {"json": parse, "cdist_distinct": cd_distinct, "cdist_all": cd_all,
            "tasks": len(texts), "distinct": len(set(texts)),
            "scored": sum(len(own) for _, own in distinct)}


def measure(n: int, *, seed: int, output: bool, unique: bool = False,
            fresh: bool = False, mix: bool = False, traditional: float = 0.05) -> dict:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="diffkit-bench-") as tmp:
        folder = Path(tmp)
        if mix:
            g, path, pairs, texts, intents = write_mix(n, folder, seed=seed)
        else:
            g, path, g_texts, texts = write_corpus(n, folder, seed=seed, unique=unique,
                                                   fresh=fresh, traditional=traditional)
            pairs = [(g_texts, texts)]
        row = {"n": n, **floors(path, pairs, texts)}
        if mix:
            from benchmarks.simmix import agreement, shape_of

            row["shape"] = shape_of(intents, texts)
        del texts, pairs
        args = ["corpus", str(path), "-g", str(g)]
        args += ["--output", str(folder / "out")] if output else ["--format", "json"]
        row.update(run_command(args, folder, keep=mix and not output))
        if mix:
            row["routing"] = agreement(intents, routing_read(folder, output))
    row.update(load=os.getloadavg()[0], cpus=len(os.sched_getaffinity(0)))
    return row


def estimate(n: int, *, seed: int) -> dict:
    """Median compute seconds per chunk on a LocalCluster's workers (each worker's first
    chunk left out: it also pays for imports and caches), and 1M plans from it."""
    sys.path.insert(0, str(ROOT))
    import distributed

    import diffkit
    from diffkit.corpus.local import cpus
    from diffkit.corpus.run import CHUNK_SIZE

    with tempfile.TemporaryDirectory(prefix="diffkit-bench-") as tmp, \
            distributed.LocalCluster(n_workers=cpus(), threads_per_worker=1,
                                     dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        g, path, _, _ = write_corpus(n, Path(tmp), seed=seed)
        t0 = time.perf_counter()
        with distributed.get_task_stream(client) as stream:
            diffkit.corpus([path], g, engine="dask", scheduler=client,
                           output=Path(tmp) / "out", chunk_size=CHUNK_SIZE)
        wall = time.perf_counter() - t0
        tasks = sorted((t for t in stream.data if "diffkit-chunk" in str(t["key"])),
                       key=lambda t: min(s["start"] for s in t["startstops"]))
        seen, chunks, later = set(), [], []
        for t in tasks:
            compute = sum(s["stop"] - s["start"] for s in t["startstops"]
                          if s["action"] == "compute")
            chunks.append(compute)
            if t["worker"] in seen:
                later.append(compute)
            seen.add(t["worker"])
    per_chunk = sorted(later or chunks)[len(later or chunks) // 2]
    million = 1_000_000 / CHUNK_SIZE * per_chunk
    return {"n": n, "chunks": len(chunks), "counted": len(later or chunks),
            "chunk_size": CHUNK_SIZE, "per_chunk": per_chunk, "wall": wall,
            "workers": cpus(), "cpu_hours_1m": million / 3600,
            "minutes_1m_64": million / 64 / 60, "minutes_1m_8": million / 8 / 60,
            "load": os.getloadavg()[0]}


COLUMNS = (  # (heading, width, the value of a result row)
    ("plans", 8, lambda r: f"{r['n']:,}"), ("tasks", 10, lambda r: f"{r['tasks']:,}"),
    ("distinct", 8, lambda r: f"{r['distinct'] / r['tasks']:.0%}"),
    ("json s", 7, lambda r: f"{r['json']:.2f}"), ("cdist all", 9, lambda r: f"{r['cdist_all']:.2f}"),
    ("cdist dist", 10, lambda r: f"{r['cdist_distinct']:.2f}"),
    ("corpus s", 9, lambda r: f"{r['corpus']:.2f}"),
    ("/dist", 6, lambda r: f"{r['corpus'] / r['cdist_distinct']:.2f}"),
    ("/(json+dist)", 12, lambda r: f"{r['corpus'] / (r['json'] + r['cdist_distinct']):.2f}"),
    ("/all", 5, lambda r: f"{r['corpus'] / r['cdist_all']:.2f}"),
    ("us/plan", 8, lambda r: f"{1e6 * r['corpus'] / r['n']:.0f}"),
    ("client RSS MiB", 14, lambda r: f"{r['client_rss']:.0f}"),
    ("tree PSS MiB", 12, lambda r: f"{r['tree_pss']:.0f}"), ("load", 5, lambda r: f"{r['load']:.1f}"))
HEAD = " ".join(f"{name:>{width}}" for name, width, _ in COLUMNS)


def line(r: dict) -> str:
    return " ".join(f"{value(r):>{width}}" for _, width, value in COLUMNS)


def estimate_line(e: dict) -> str:
    chunks = 1_000_000 // e["chunk_size"]
    return (f"LocalCluster ({e['workers']} workers), {e['n']:,} plans: {e['chunks']} chunks "
            f"({e['counted']} counted: not a worker's first), median {e['per_chunk']:.2f} s "
            f"compute per {e['chunk_size']}-plan chunk on a worker (wall {e['wall']:.1f} s, "
            f"load {e['load']:.1f}); 1M plans = {chunks:,} chunks = "
            f"{e['cpu_hours_1m']:.2f} CPU-hours: ~{e['minutes_1m_64']:.1f} min on 64 cores, "
            f"~{e['minutes_1m_8']:.0f} min on 8 (estimate, not measured)")
