"""The ``local`` engine of `corpus.run.corpus`: each chunk (a `sources.Unit`: plan paths,
a byte range of JSON Lines, a slice of a Parquet file) is read, checked, routed, scored and,
with ``--output``, written by a worker process (`chunk.run_chunk`); this process only cuts
the units and gathers what comes back, in input order, a few chunks ahead at most (its
memory does not grow with the corpus).

Workers are started by a ``forkserver`` (a clean helper process that has imported the
scoring modules once), never forked from this process: the caller may have threads (a
Jupyter kernel, a Dask client), and forking a multi-threaded process can deadlock (Python
3.12 warns). One worker per CPU of the affinity mask by default (``os.sched_getaffinity``,
as the Dask engine's local cluster). One chunk, ``workers=1`` or a system without
forkserver (Windows, macOS) runs everything in this process, with ``cdist`` on all cores.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import islice

from ..errors import DiffkitError
from .chunk import ChunkResult, Job, run_chunk
from .sources import portable

AHEAD = 2                   # chunks submitted per worker beyond the one it scores
PRELOAD = ["diffkit.corpus.chunk", "diffkit.corpus.pairing", "diffkit.corpus.coverage",
           "diffkit.corpus.records", "diffkit.corpus.sources"]


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


# writing Parquet: pyarrow imports pandas on its first conversion (≈0.5 s in each worker)
PRELOAD_OUTPUT = ["diffkit.corpus.parquet", "pyarrow.parquet", "pandas"]


def warm_up(workers: int | None, *, output: bool = False) -> None:
    """Start the forkserver now (it imports the scoring modules, ≈0.8 s, and with
    ``output`` what writing Parquet needs), while the caller reads the guidelines: the
    pool's workers then fork from it at once, with nothing left to import."""
    if _processes(workers) > 1:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD + (PRELOAD_OUTPUT if output else []))
        from multiprocessing import forkserver
        forkserver.ensure_running()


def _processes(workers: int | None) -> int:
    if ("forkserver" not in multiprocessing.get_all_start_methods()
            or sys.platform == "darwin" or multiprocessing.current_process().daemon):
        return 1
    return workers if workers is not None and workers > 0 else cpus()


_ONE_POOL = threading.Lock()


def _pool(units: Iterator, job: Job, procs: int) -> Iterator[ChunkResult]:
    context = multiprocessing.get_context("forkserver")
    # (a forkserver already running, from `warm_up`, keeps the modules it has)
    context.set_forkserver_preload(PRELOAD + (PRELOAD_OUTPUT if job.output else []))
    with _ONE_POOL:
        pool = ProcessPoolExecutor(procs, mp_context=context, initializer=_start,
                                   initargs=(job,))
        try:
            pending: dict = {}
            done: dict[int, ChunkResult] = {}
            k = nxt = 0
            for unit in units:
                unit = portable(unit)  # (the caller, `run.corpus`, paused the collector)
                with _main_not_rerun():  # submit starts the workers
                    pending[pool.submit(_work, k, unit)] = k
                k += 1
                while len(pending) >= procs * AHEAD or nxt in done:
                    if nxt in done:
                        yield done.pop(nxt)
                        nxt += 1
                        continue
                    _collect(pending, done)
            while nxt < k:
                if nxt not in done:
                    _collect(pending, done)
                    continue
                yield done.pop(nxt)
                nxt += 1
        except BrokenProcessPool:
            raise DiffkitError("a worker process of the local engine died (killed by the "
                               "system, perhaps for want of memory)", place="engine local",
                               fix="rerun with --workers 1 (one process), or a smaller "
                                   "--chunk-size") from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


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


def _collect(pending: dict, done: dict) -> None:
    finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
    for future in finished:
        done[pending.pop(future)] = future.result()


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


__all__ = ["run_local", "cpus", "AHEAD"]
