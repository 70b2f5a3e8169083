"""The least a chunked corpus run does, against the distinct-text floor of issue #20.

    python benchmarks/corpus_bound.py                 # N = 1,000, 10,000, 20,000
    python benchmarks/corpus_bound.py --sizes 100000 --file /tmp/plans-100000.jsonl
    python benchmarks/corpus_bound.py --sizes 2000 --mix

For each N, N simulated plans are written as JSON Lines (corpus_scale.write_corpus, not
timed; or ``--file`` names such a file, with its ``guideline.json`` beside it), then, in one
process and one thread, side by side:

* ``read``: every chunk of 500 plans read and checked (`sources.read_unit`: msgspec
  decoding and the rules), as a worker reads it;
* ``signals``: each chunk's signals against the guideline (`coverage.signals`: each of the
  chunk's distinct texts folded once and scored once — ratios and clause coverage both
  ways), as a worker computes them;
* ``floor``: a bare one-thread ``rapidfuzz.process.cdist(guideline texts, distinct texts,
  scorer=fuzz.ratio)`` over the distinct texts of the *whole corpus*;
* ``chunk floor``: the same cdist over each chunk's distinct texts, summed over the chunks
  (what a run that holds one chunk at a time cannot go below when it scores with cdist).

Nothing else of a run is done: no assignment, no rows, no agency counts, no output. So
``(read + signals) / floor`` is a lower bound of what a run that holds one chunk at a time
(memory flat in N) can reach against that floor: the floor scores each distinct text of the
corpus once, a chunked run each distinct text of each chunk once (``chunk distinct``, summed
over the chunks). The share of the corpus's distinct texts falls as N grows; the share of a
chunk's does not.

``--mix`` (a mixed corpus, `simmix.mixed_corpus`, three guidelines): each chunk's signals are
computed per guideline over the texts of the plans that must be scored against it — a plan
that cites one, that guideline; a plan that cites none, all three (routing tries them all),
as `chunk.route` does — and both floors score each distinct (text, guideline) pair once;
``distinct`` then counts those pairs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 500


def measure(path: Path, needs: dict[str, tuple[str, ...]] | None = None,
            guidelines: Path | None = None) -> dict:
    """The figures for the JSON Lines file ``path``. ``needs`` (a mixed corpus): per plan
    id, the guidelines (ids, files in the directory ``guidelines``) it must be scored
    against; else every plan against ``guideline.json`` beside the file."""
    sys.path.insert(0, str(ROOT))
    from diffkit.corpus import coverage, sources

    found = sources.read_guidelines(str(guidelines or path.parent / "guideline.json"))
    guides = [(g.id, coverage.GuidelineIndex.of(g), [r.task.text for r in g.refs])
              for g in found]
    read = scored = chunk_floor = 0.0
    plans = chunk_distinct = 0
    everything: dict[str, dict[str, None]] = {g: {} for g, _, _ in guides}
    gc.disable()  # as in the workers
    for unit in sources.plan_units([str(path)], CHUNK):
        t0 = time.perf_counter()
        got = [p for p, _, _ in sources.read_unit(unit)]
        read += time.perf_counter() - t0
        plans += len(got)
        for gid, index, g_texts in guides:
            mine = got if needs is None else [p for p in got if gid in needs[p.id]]
            texts, titles, sizes = _chunk_texts(mine)
            t0 = time.perf_counter()
            coverage.signals(texts, titles, sizes, index, 1)
            scored += time.perf_counter() - t0
            own = list(dict.fromkeys(texts))
            chunk_floor += _cdist(g_texts, own)
            chunk_distinct += len(own)
            everything[gid].update(dict.fromkeys(own))
    gc.enable()
    floor = sum(_cdist(g_texts, list(everything[gid])) for gid, _, g_texts in guides)
    return {"plans": plans, "distinct": sum(map(len, everything.values())),
            "chunk_distinct": chunk_distinct, "read": read, "signals": scored,
            "floor": floor, "chunk_floor": chunk_floor, "load": os.getloadavg()[0]}


def _chunk_texts(plans) -> tuple[list[str], list[str], list[int]]:
    """The task texts of the plans' task sections, their item titles, tasks per plan."""
    from diffkit.model import section_kind

    texts, titles, sizes = [], [], []
    for plan in plans:
        before = len(texts)
        for section in plan.sections:
            if section_kind(section) == "tasks":
                for item in section.items:
                    texts += [t.text for t in item.tasks]
                    titles += [item.title] * len(item.tasks)
        sizes.append(len(texts) - before)
    return texts, titles, sizes


def _cdist(g_texts: list[str], texts: list[str]) -> float:
    """Seconds of a bare one-thread cdist of the guideline's texts against ``texts``."""
    from rapidfuzz import fuzz, process

    t0 = time.perf_counter()
    if texts:
        process.cdist(g_texts, texts, scorer=fuzz.ratio, workers=1)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,20000")
    ap.add_argument("--file", help="a JSON Lines file of plans (guideline.json beside it)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--fresh", action="store_true",
                    help="every reworded text its plan's own (simcorpus.fast_plans)")
    ap.add_argument("--mix", action="store_true",
                    help="a mixed corpus (simmix.py): each plan's texts scored against the "
                         "guideline it cites, a plan citing none against all three")
    args = ap.parse_args()
    if args.mix and (args.file or args.fresh):
        ap.error("--mix makes its own corpus: not with --file or --fresh")
    print(f"{'plans':>8} {'distinct':>9} {'chunk distinct':>14} {'read s':>7} {'signals s':>9} "
          f"{'floor s':>8} {'chunk floor s':>13} {'(read+signals)/floor':>20} "
          f"{'/chunk floor':>12} {'load':>5}")
    if args.file:
        rows = [measure(Path(args.file))]
    else:
        sys.path.insert(0, str(ROOT))
        from benchmarks.corpus_scale import write_corpus, write_mix

        rows = []
        for n in (int(s) for s in args.sizes.split(",")):
            with tempfile.TemporaryDirectory(prefix="diffkit-bound-") as tmp:
                if args.mix:
                    gdir, path, _, _, intents = write_mix(n, Path(tmp), seed=args.seed)
                    rows.append(measure(path, {i.plan: i.needs for i in intents}, gdir))
                else:
                    _, path, _, _ = write_corpus(n, Path(tmp), seed=args.seed,
                                                 fresh=args.fresh)
                    rows.append(measure(path))
            _line(rows[-1])
        return
    for row in rows:
        _line(row)


def _line(r: dict) -> None:
    print(f"{r['plans']:>8,} {r['distinct'] / max(1, r['plans']):>6.1f}/pl "
          f"{r['chunk_distinct'] / max(1, r['plans']):>11.1f}/pl {r['read']:>7.2f} "
          f"{r['signals']:>9.2f} {r['floor']:>8.2f} {r['chunk_floor']:>13.2f} "
          f"{(r['read'] + r['signals']) / r['floor']:>20.2f} "
          f"{(r['read'] + r['signals']) / r['chunk_floor']:>12.2f} {r['load']:>5.1f}", flush=True)
    print(json.dumps(r), file=sys.stderr)


if __name__ == "__main__":
    main()
