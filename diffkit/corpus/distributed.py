"""The ``dask`` engine of `corpus.run.corpus`: the same chunks as the local engine
(`sources.Unit`s: plan paths, byte ranges of JSON Lines, slices of Parquet files) go to a
Dask distributed scheduler, or to a `distributed.LocalCluster` started here with one
single-threaded worker process per CPU of the affinity mask (as the local engine). Each
worker reads, checks, routes, scores and, with ``--output``, writes its chunk
(`chunk.run_chunk`): the paths must be readable, and the output directory writable, on
every worker (a shared file system). The client submits a few chunks ahead and gathers
the results in input order. Dask is imported only here: ``pip install 'diffkit[dask]'``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import DiffkitError, InputError
from .chunk import ChunkResult, Job, run_chunk
from .local import AHEAD, cpus
from .sources import portable

CONNECT_TIMEOUT = 3         # seconds to wait for a Dask scheduler


def run_dask(units: Iterator, job: Job, scheduler, workers: int | None
             ) -> Iterator[ChunkResult]:
    """Each unit's `ChunkResult`, in input order, computed on the cluster."""
    distributed = _import_dask()
    client, owned = _client(distributed, scheduler, workers)
    futures: list = []
    try:
        with _worker_imports():
            yield from _run(distributed, client, futures, units, job)
    finally:
        for f in futures:
            f.cancel()
        for thing in owned:
            thing.close()


def _run(distributed, client, futures: list, units: Iterator, job: Job
         ) -> Iterator[ChunkResult]:
    """The chunks submitted a few ahead of the results taken, in input order."""
    token = uuid.uuid4().hex
    shared = client.scatter(job, broadcast=True)
    window = AHEAD * max(1, sum(client.nthreads().values()))
    for k, unit in enumerate(units):
        futures.append(client.submit(run_chunk, k, portable(unit), shared, pure=False,
                                     key=f"diffkit-chunk-{token}-{k}"))
        while len(futures) >= window:
            yield _result(distributed, futures.pop(0))
    while futures:
        yield _result(distributed, futures.pop(0))


@contextmanager
def _worker_imports():
    """A worker whose Python lacks (this) diffkit cannot unpickle the job or a chunk: Dask
    sends back the ImportError, or an Exception that names it; say so in one line."""
    try:
        yield
    except Exception as exc:
        if isinstance(exc, ImportError) or "No module named" in str(exc):
            raise DiffkitError(f"a Dask worker cannot import diffkit ({_short(exc)})",
                               place="engine dask",
                               fix="install this diffkit on every worker machine (pip install "
                                   "'diffkit[dask,parquet]'), then restart `dask worker`"
                               ) from None
        raise


def _result(distributed, future) -> ChunkResult:
    """A chunk's result; a worker that died (and was retried until the scheduler gave
    up) is one clear error line."""
    try:
        return future.result()
    except distributed.KilledWorker:
        raise DiffkitError("a Dask worker died while scoring a chunk (killed by the system, "
                           "perhaps for want of memory)", place="engine dask",
                           fix="give the workers more memory, or use a smaller "
                               "--chunk-size") from None


def _import_dask():
    try:
        import distributed
    except ImportError:
        raise InputError("the dask engine needs Dask distributed, which is not installed",
                         place="engine", fix="pip install 'diffkit[dask]', or use --engine "
                         "local") from None
    return distributed


def _client(distributed, scheduler, workers):
    """A client for ``scheduler`` (address, Client, or cluster), or for a new local
    cluster; also the things to close afterwards."""
    if isinstance(scheduler, distributed.Client):
        return scheduler, []
    if scheduler is None:
        # sized like the local engine; its logs at ERROR and above reach stderr
        cluster = distributed.LocalCluster(n_workers=workers or cpus(), threads_per_worker=1,
                                           processes=True, dashboard_address=":0",
                                           silence_logs=logging.ERROR)
        client = distributed.Client(cluster)
        return client, [client, cluster]
    address = getattr(scheduler, "scheduler_address", scheduler)
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach a Dask scheduler at {address} ({_short(exc)})",
                         place="--scheduler",
                         fix="start one with `dask scheduler` and workers with `dask worker "
                             f"{address}`, or leave out --scheduler to start a local "
                             "cluster") from None
    return client, [client]


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


__all__ = ["run_dask", "CONNECT_TIMEOUT"]
