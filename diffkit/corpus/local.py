"""The ``local`` engine of `corpus.corpus`: the chunks are scored in this process and in
``workers - 1`` forked ones (one process per core by default), each taking the next chunk
not yet taken until none is left. Forked workers inherit the plans and the guideline index
(nothing is pickled on the way there) and send back plain tuples (`corpus._score`); this
process builds the result objects (`corpus._expand`) between its own chunks, and puts them
back in input order. With one process, one chunk, or where processes cannot be forked
safely, everything runs here, with ``cdist`` on all cores.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool

from ..errors import DiffkitError
from . import run as _corpus

POOL_MIN = 100              # plans from which one chunk is split for the processes
CHUNK_MIN = 50              # the smallest chunk the local engine cuts for its processes


def run_local(loaded: list, index, score_cutoff: float, workers: int | None,
              chunk_size: int, bar, agencies=None) -> list[list]:
    """The results of every (plan, file) of ``loaded``, per chunk, in input order."""
    procs = _processes(workers)
    chunks = _chunks(loaded, chunk_size, procs)
    if procs > 1 and len(chunks) > 1:
        return _run_pool(chunks, index, score_cutoff, min(procs, len(chunks)), bar, agencies)
    out = []  # one process or one chunk: cdist gets ``workers`` threads (all cores)
    for chunk in chunks:
        out.append(_corpus.score_chunk(chunk, index, score_cutoff=score_cutoff,
                                       workers=-1 if workers is None else workers,
                                       agencies=agencies))
        bar.update(len(chunk))
    return out


def _processes(workers: int | None) -> int:
    """Processes of the local engine: ``workers``, or (None, -1) one per core; one where
    processes cannot be forked safely (Windows, macOS; inside a pool worker), and the work
    then runs in this process."""
    if ("fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin"
            or multiprocessing.current_process().daemon):  # a pool worker has no children
        return 1
    if workers is not None and workers > 0:
        return workers
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def _chunks(loaded: list, chunk_size: int, procs: int) -> list[list]:
    """At most ``chunk_size`` plans per chunk. With several processes (and more than one
    chunk, or `POOL_MIN` plans), chunks shrink towards the end — each takes its share of
    what is left, down to `CHUNK_MIN` plans — so that the processes, taking chunks as they
    finish, also finish together."""
    n = len(loaded)
    if procs < 2 or (n <= chunk_size and n < POOL_MIN):
        return [loaded[k:k + chunk_size] for k in range(0, n, chunk_size)]
    out, start = [], 0
    while start < n:
        size = min(chunk_size, max(CHUNK_MIN, -(-(n - start) // procs)))
        if n - start - size < CHUNK_MIN and n - start <= chunk_size:
            size = n - start  # no chunk smaller than CHUNK_MIN at the end
        out.append(loaded[start:start + size])
        start += size
    return out


_JOB: tuple | None = None  # (plans per chunk, index, score_cutoff, next chunk): inherited
_ONE_POOL = threading.Lock()  # the job is module state: one pool run at a time per process


def _run_pool(chunks, index, score_cutoff, procs, bar, agencies=None) -> list[list]:
    """Score the chunks in this process and ``procs - 1`` forked ones, each taking the next
    chunk not yet taken (a shared counter) until none is left. Forked workers inherit the
    plans (nothing is pickled on the way there) and send back plain tuples; this process
    builds the result objects between its own chunks. Results are put back in input order.
    A worker that dies (killed by the system, say for want of memory) ends the run with a
    `DiffkitError` instead of a wait for ever."""
    global _JOB
    context = multiprocessing.get_context("fork")
    out: list = [None] * len(chunks)

    def keep(future) -> None:
        k, scored, error = future.result()
        if error is not None:
            raise error
        if k is not None:
            out[k] = _corpus._expand(chunks[k], scored, index)
            bar.update(len(chunks[k]))

    with _ONE_POOL:
        _JOB = ([[plan for plan, _ in chunk] for chunk in chunks], index,
                (score_cutoff, agencies), context.Value("l", 0))
        pool = ProcessPoolExecutor(procs - 1, mp_context=context, initializer=_ignore_sigint)
        try:
            pending = {pool.submit(_pool_score, k) for k in range(len(chunks))}
            while (k := _next_chunk()) is not None:
                out[k] = _corpus.score_chunk(chunks[k], index, score_cutoff=score_cutoff,
                                              workers=1, agencies=agencies)
                bar.update(len(chunks[k]))
                done, pending = wait(pending, timeout=0)  # the workers' chunks that are ready
                for future in done:
                    keep(future)
            for future in as_completed(pending):
                keep(future)
        except BrokenProcessPool:
            raise DiffkitError("a worker process of the local engine died (killed by the "
                               "system, perhaps for want of memory)", place="engine local",
                               fix="rerun with --workers 1 (one process), or on fewer plans "
                                   "at a time") from None
        finally:
            _stop(pool)
            _JOB = None
    return out


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the pool: no worker takes another chunk; pending calls are cancelled; this
    waits only for the chunks being scored (after an error or Ctrl-C)."""
    _, _, _, counter = _JOB
    with counter.get_lock():
        counter.value = len(_JOB[0])
    pool.shutdown(wait=True, cancel_futures=True)


def _next_chunk() -> int | None:
    """The index of the next chunk nobody has taken yet, or None."""
    plans, _, _, counter = _JOB
    with counter.get_lock():
        k = counter.value
        if k >= len(plans):
            return None
        counter.value = k + 1
    return k


def _ignore_sigint() -> None:
    """In a pool worker: Ctrl-C is the parent's to handle (it ends the pool)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool_score(_task: int):
    """The next chunk, in a pool worker: (k, results, None), (k, None, the error), or
    (None, None, None) when none is left. A `DiffkitError` arrives whole (its file, place
    and fix); any other error that would not survive the trip back arrives as a
    RuntimeError with the worker's traceback."""
    plans, index, (score_cutoff, agencies), _ = _JOB
    k = _next_chunk()
    if k is None:
        return None, None, None
    try:
        return k, _corpus._score(plans[k], index, score_cutoff, 1, agencies), None  # 1 thread
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
        where = "in a diffkit corpus worker process:\n" + traceback.format_exc()
        if not isinstance(exc, DiffkitError):
            exc.add_note(where)
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # noqa: BLE001
            exc = RuntimeError(f"{type(exc).__name__}: {exc} ({where})")
        return k, None, exc


__all__ = ["run_local", "POOL_MIN", "CHUNK_MIN"]
