"""The ``local`` engine of `corpus.run.corpus`: each chunk (a `sources.Unit`: plan paths,
a byte range of JSON Lines, a slice of a Parquet file) is read, checked, routed, scored and,
with ``--output``, written by a worker process or by this one (`chunk.run_chunk`); this
process cuts the units, scores a chunk whenever the workers have enough in hand, and gathers
what comes back, in input order, a few chunks ahead at most (its memory does not grow with
the corpus).

Workers are started by a ``forkserver`` (a clean helper process that has imported the
scoring modules once), never forked from this process: the caller may have threads (a
Jupyter kernel, a Dask client), and forking a multi-threaded process can deadlock (Python
3.12 warns). By default as many processes score as the affinity mask has CPUs
(``os.sched_getaffinity``, as the Dask engine's local cluster): this one and a worker per
other CPU — this process would otherwise wait most of the time, and a chunk it scores is
neither packed, pickled nor sent (docs/corpus.md, twelfth round). With ``--output`` only
workers score, one per CPU. One chunk, ``workers=1`` or a system without forkserver
(Windows, macOS) runs everything in this process, with ``cdist`` on all cores.

A call that ends well keeps its workers for the next call with the same job (`_Kept`): a
researcher in a notebook calls `corpus` again and again, and workers started anew would
spend the first ≈ 30 ms starting and their first chunk relearning what the last call's
had learnt (1,000 plans: 0.60 → 0.56 s on a new corpus, 0.57 → 0.47 s on the same one
again; docs/corpus.md, thirteenth round).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..errors import DiffkitError
from .chunk import ChunkResult, Job, run_chunk
from .sources import portable

AHEAD = 2                   # chunks submitted per worker beyond the one it scores
WINDOW = 4                  # chunks per process in flight or waiting to be yielded, at most
PRELOAD = ["diffkit.corpus.chunk", "diffkit.corpus.pairing", "diffkit.corpus.coverage",
           "diffkit.corpus.records", "diffkit.corpus.sources", "diffkit.corpus.counts"]
WARM = ["diffkit.corpus.warm"]   # last: it prepares what the modules before it need


def cpus() -> int:
    """CPUs this process may run on (the affinity mask), else ``os.cpu_count()``."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def run_local(units: Iterator, job: Job, workers: int | None) -> Iterator[ChunkResult]:
    """Each unit's `ChunkResult`, in input order."""
    procs = _processes(workers)
    head = list(islice(units, 2))
    if procs < 2 or len(head) < 2:
        threads = -1 if workers is None else workers
        for k, unit in enumerate([*head, *units]):
            yield run_chunk(k, unit, job, threads=threads, own=False)
        return
    yield from _pool(iter([*head, *units]), job, procs)


# writing Parquet: pyarrow (not pandas, which pyarrow would import on its first conversion,
# ≈ 0.3 s, only to ask whether it is there: `warm` answers no, `parquet.without_pandas`)
PRELOAD_OUTPUT = ["diffkit.corpus.parquet", "pyarrow.parquet"]


def preload(output: bool) -> list[str]:
    """The modules the forkserver imports before it forks a worker."""
    return PRELOAD + (PRELOAD_OUTPUT if output else []) + WARM


def warm_up(workers: int | None, *, output: bool = False) -> None:
    """Start the forkserver now (it imports the scoring modules and prepares what they
    need, ≈ 0.3 s here, and with ``output`` pyarrow, ≈ 0.15 s more), while the caller reads
    the guidelines: the pool's workers then fork from it at once, with nothing left to
    import."""
    if _processes(workers) > 1:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(preload(output))
        from multiprocessing import forkserver
        forkserver.ensure_running()


def chunk_size(plans: Any, workers: int | None, default: int) -> int:
    """The chunk size of a library call without ``output`` and without one given: for a
    list of more than ``default`` plans held in memory (objects, not paths) and more than
    one process, about four chunks a process, at least `SMALL_CHUNK` plans, at most
    ``default``: with a few chunks only, the process that starts last (a worker) and the
    last chunk decide when the run ends (1,000 plans in chunks of 125: a median 0.58 s
    against 0.66 in chunks of 500; docs/corpus.md, twelfth round); else ``default``."""
    if (not isinstance(plans, (list, tuple)) or len(plans) <= default
            or any(isinstance(p, (str, os.PathLike)) for p in plans)):
        return default
    procs = _processes(workers)
    if procs < 2:
        return default
    return min(default, max(SMALL_CHUNK, -(-len(plans) // (4 * procs))))


SMALL_CHUNK = 100


def _processes(workers: int | None) -> int:
    if ("forkserver" not in multiprocessing.get_all_start_methods() or _INHERITED
            or sys.platform == "darwin" or multiprocessing.current_process().daemon):
        return 1
    return workers if workers is not None and workers > 0 else cpus()


_ONE_POOL = threading.Lock()
IDLE = 300.0   # seconds a kept pool's workers wait for the next call (loky's default)


@dataclass
class _Kept:
    """The pool a call leaves for the next one (a notebook calls `corpus` again and again):
    its workers keep what they learnt (folded texts, agency readings, group scores), and the
    next call with the same job (same guidelines and options: ``key``, a digest of the
    pickled job) and as many workers sends them chunks at once, without starting them. A
    call with another job ends it first; ``IDLE`` seconds unused end it too."""

    pool: ProcessPoolExecutor
    key: tuple
    uses: int = 0
    timer: threading.Timer | None = None

    def end(self) -> None:
        """End the workers (and the idle timer)."""
        if self.timer is not None:
            self.timer.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def rest(self) -> None:
        """Arm the idle timer."""
        self.uses += 1
        self.timer = threading.Timer(IDLE, _retire, (self, self.uses))
        self.timer.daemon = True
        self.timer.start()


_KEPT: _Kept | None = None


def _forget() -> None:
    """In a child forked from this process: the kept pool (and its threads) is the
    parent's, and the lock may have been held by a thread that is not here; a forkserver
    the parent started is not the child's to use (multiprocessing would fail on it), so
    the child runs everything itself (`_processes`)."""
    global _KEPT, _ONE_POOL, _INHERITED
    from multiprocessing import forkserver

    _KEPT, _ONE_POOL = None, threading.Lock()
    _INHERITED = getattr(forkserver._forkserver, "_forkserver_pid", None) is not None


_INHERITED = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget)


def _retire(kept: _Kept | None, uses: int | None = None) -> None:
    """End ``kept``'s workers (when it is still the kept pool and, with ``uses``, unused
    since its timer was armed)."""
    global _KEPT
    with _ONE_POOL:
        if kept is None or _KEPT is not kept or (uses is not None and kept.uses != uses):
            return
        kept.end()
        _KEPT = None


def shutdown() -> None:
    """End the kept pool's workers now (the next call starts new ones)."""
    _retire(_KEPT)


def _pool_for(job: Job, helpers: int, context) -> _Kept:
    """The kept pool when it serves this job with as many workers, else a new one (the
    old ended). Called with `_ONE_POOL` held."""
    global _KEPT
    key = (hashlib.sha1(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)).digest(),
           helpers)
    kept = _KEPT
    if kept is not None:
        if kept.timer is not None:
            kept.timer.cancel()
        if kept.key == key and not getattr(kept.pool, "_broken", False):
            return kept
        _KEPT = None
        kept.end()
    _KEPT = _Kept(ProcessPoolExecutor(helpers, mp_context=context, initializer=_start,
                                      initargs=(job,)), key)
    return _KEPT


def _pool(units: Iterator, job: Job, procs: int) -> Iterator[ChunkResult]:
    """``procs`` processes score: ``procs - 1`` workers and this one. A chunk goes to a
    worker while they have fewer than `AHEAD` each in hand (the one they score and the next),
    else this process scores it itself, as it comes (no packing, no pickling either way) —
    the last chunk too when every worker has one in hand, so that they end together. With
    ``--output`` only workers score: writing Parquet here would import pyarrow and pandas
    (0.5 s, 200 MB) into this process. At most ``procs * WINDOW`` chunks are in flight or
    wait to be yielded: memory stays bounded. The workers are kept for the next call
    (`_Kept`) when this one ends well; an error or a call left unfinished ends them."""
    global _KEPT
    here = job.output is None
    helpers = procs - 1 if here else procs
    context = multiprocessing.get_context("forkserver")
    # (a forkserver already running, from `warm_up`, keeps the modules it has)
    context.set_forkserver_preload(preload(job.output is not None))
    with _ONE_POOL:
        kept = _pool_for(job, helpers, context)
        pool, flow, finished = kept.pool, _Flow(), False
        try:
            for k, (unit, last) in enumerate(_with_last(units)):
                yield from flow.ready(procs * WINDOW, None if here else helpers * AHEAD)
                if not here or len(flow.pending) < helpers or (
                        len(flow.pending) < helpers * AHEAD and not last):
                    unit = portable(unit)  # (the caller, `run.corpus`, paused the collector)
                    with _main_not_rerun():  # submit starts the workers
                        flow.pending[pool.submit(_work, k, unit)] = k
                else:
                    flow.done[k] = run_chunk(k, unit, job, threads=1, own=False)
            yield from flow.ready(1, None)
            finished = not flow.pending
        except BrokenProcessPool:
            raise DiffkitError("a worker process of the local engine died (killed by the "
                               "system, perhaps for want of memory)", place="engine local",
                               fix="rerun with --workers 1 (one process), or a smaller "
                                   "--chunk-size") from None
        finally:
            if finished:
                kept.rest()
            else:
                _KEPT = None
                kept.end()


@dataclass
class _Flow:
    """Chunks in a worker's hands (future → chunk number) and finished ones (number →
    result), yielded in input order."""

    pending: dict = field(default_factory=dict)
    done: dict[int, ChunkResult] = field(default_factory=dict)
    nxt: int = 0

    def ready(self, limit: int, busy: int | None) -> Iterator[ChunkResult]:
        """The finished chunks that come next in order, waiting for the workers while the
        chunks held number ``limit`` or more, or those in their hands ``busy`` or more."""
        self._collect(block=False)
        while True:
            while self.nxt in self.done:
                yield self.done.pop(self.nxt)
                self.nxt += 1
            held = len(self.pending) + len(self.done)
            if held < limit and (busy is None or len(self.pending) < busy):
                return
            self._collect(block=True)

    def _collect(self, *, block: bool) -> None:
        if not self.pending:
            return
        finished, _ = wait(list(self.pending), timeout=None if block else 0,
                           return_when=FIRST_COMPLETED)
        for future in finished:
            self.done[self.pending.pop(future)] = future.result()


def _with_last(items: Iterator) -> Iterator[tuple]:
    """Each item and whether it is the last."""
    items = iter(items)
    for current in items:
        for following in items:
            yield current, False
            current = following
        yield current, True


@contextmanager
def _main_not_rerun():
    """While workers start, the caller's main module looks like an interactive session's,
    which multiprocessing does not import again in a worker: a researcher's script that
    calls `corpus` without an ``if __name__ == "__main__":`` guard would otherwise run again
    in every worker (and fail). The workers need nothing from it."""
    main = sys.modules.get("__main__")
    saved = {k: getattr(main, k) for k in ("__spec__", "__file__") if hasattr(main, k)}
    if main is None or not any(saved.values()):
        yield
        return
    main.__spec__ = None
    if "__file__" in saved:
        del main.__file__
    try:
        yield
    finally:
        for key, value in saved.items():
            setattr(main, key, value)


_JOB: Job | None = None


def _start(job: Job) -> None:
    """In a worker: keep the job; Ctrl-C is the parent's to handle (it ends the pool)."""
    global _JOB
    _JOB = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(k: int, unit) -> ChunkResult:
    """Chunk ``k`` in a worker. A `DiffkitError` arrives whole; any other error arrives as
    a RuntimeError carrying the worker's traceback."""
    try:
        return run_chunk(k, unit, _JOB, threads=1)
    except DiffkitError:
        raise
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
        raise RuntimeError(f"{type(exc).__name__}: {exc} (in a diffkit corpus worker "
                           f"process:\n{traceback.format_exc()})") from None


__all__ = ["run_local", "chunk_size", "cpus", "shutdown", "AHEAD", "IDLE"]
