"""The ``dask`` engine of `corpus.corpus`: chunks of plan *paths* go to a Dask distributed
scheduler (or to a `distributed.LocalCluster` started here); the workers read and check the
plans (the client gathers only the checks: one bad plan still stops the run before any
scoring, or is skipped with ``skip_invalid``), then score them where they were read
(`corpus.score_chunk`, one ``cdist`` thread per task). Dask is imported only here, and only
when this engine runs: ``pip install -e '.[dask]'``.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Mapping

from ..compare import read_plan
from ..errors import DiffkitError, InputError
from ..model import Plan
from . import run as _corpus


def run_dask(sources, index, score_cutoff, scheduler, workers, chunk_size, skip_invalid,
             progress, agencies=None) -> tuple[list[list[_corpus.Result]], list[_corpus.Skipped]]:
    """Read and check the plans on the cluster, chunk by chunk; stop (or skip) on bad
    plans before any scoring; then score the chunks where they were read."""
    if not sources:
        raise InputError("no plans given", fix="give plan JSON files, directories or glob "
                                               "patterns")
    distributed = _import_dask()
    client, owned = _client(distributed, scheduler, workers)
    try:
        token = uuid.uuid4().hex
        chunks = [sources[k:k + chunk_size] for k in range(0, len(sources), chunk_size)]
        # positional arguments only: submit() takes ``workers=`` as a worker restriction
        loads = [client.submit(_dask_load, _payload(client, chunk), pure=False,
                               key=f"diffkit-load-{token}-{k}") for k, chunk in enumerate(chunks)]
        checks = client.gather([client.submit(_dask_check, f, pure=False,
                                              key=f"diffkit-check-{token}-{k}")
                                for k, f in enumerate(loads)])
        drops, skipped = _vet(checks, skip_invalid)
        shared = client.scatter(index, broadcast=True)
        futures = [client.submit(_dask_score, f, drop, shared, score_cutoff, agencies, pure=False,
                                 key=f"diffkit-corpus-{token}-{k}")
                   for k, (f, drop) in enumerate(zip(loads, drops, strict=True))]
        size = {f.key: len(c) - len(d) for f, c, d in zip(futures, chunks, drops, strict=True)}
        with _corpus._progress_bar(sum(size.values()), progress) as bar:
            for done in distributed.as_completed(futures):
                bar.update(size[done.key])
        return client.gather(futures), skipped
    finally:
        for thing in owned:
            thing.close()


class _Box:
    """Plans given as objects travel to the cluster as one scattered value per chunk."""

    def __init__(self, items) -> None:
        self.items = items


def _payload(client, chunk):
    if all(isinstance(x, (str, os.PathLike)) for x in chunk):
        return [os.fspath(x) for x in chunk]
    return client.scatter(_Box(chunk))


def _dask_load(payload) -> list[tuple[Plan | None, str | None, str | None]]:
    """On a worker: (plan, file, None) or (None, file, error line) per source."""
    out = []
    for source in payload.items if isinstance(payload, _Box) else payload:
        file = None if isinstance(source, (Plan, Mapping)) else os.fspath(source)
        try:
            out.append((read_plan(source, argument="plan"), file, None))
        except DiffkitError as exc:
            out.append((None, file, exc.line()))
    return out


def _dask_check(loaded) -> list[tuple[str | None, str | None, str | None]]:
    return [(file, None if plan is None else plan.id, error) for plan, file, error in loaded]


def _vet(checks, skip_invalid: bool) -> tuple[list[set[int]], list[_corpus.Skipped]]:
    """As `read_plans`: the first bad or repeated plan raises, or every one is skipped."""
    seen: dict[str, str] = {}
    drops, skipped = [], []
    for check in checks:
        drop = set()
        for pos, (file, plan_id, error) in enumerate(check):
            if error is None and plan_id in seen:
                error = _corpus._duplicate(plan_id, file, seen).line()
            if error is not None:
                if not skip_invalid:
                    raise InputError(error)
                skipped.append(_corpus.Skipped(file or "<plan>", error))
                drop.add(pos)
                continue
            seen[plan_id] = file or "another plan"
        drops.append(drop)
    if not seen:
        raise InputError("no valid plans to compare",
                         fix="give plan JSON files, directories or glob patterns")
    return drops, skipped


def _dask_score(loaded, drop: set[int], index, score_cutoff: float, agencies=None
                ) -> list[_corpus.Result]:
    """One chunk on a Dask worker: one cdist thread, the cluster gives the parallelism (the
    garbage collector paused, as in `corpus.corpus`)."""
    chunk = [(plan, file) for pos, (plan, file, _) in enumerate(loaded) if pos not in drop]
    with _corpus.collector_paused():
        return _corpus.score_chunk(chunk, index, score_cutoff=score_cutoff, workers=1,
                                   agencies=agencies)


def _import_dask():
    try:
        import distributed
    except ImportError:
        raise InputError("the dask engine needs Dask distributed, which is not installed",
                         place="engine", fix="pip install -e '.[dask]', or use --engine "
                         "local") from None
    return distributed


def _client(distributed, scheduler, workers):
    """A client for ``scheduler`` (address, Client, or cluster), or for a new local
    cluster; also the things to close afterwards."""
    if isinstance(scheduler, distributed.Client):
        return scheduler, []
    if scheduler is None:
        # its processes log nothing below CRITICAL: their shutdown races (a worker's
        # heartbeat to a scheduler closing first, dask/distributed#9032) would print
        # tracebacks after a run that went well; errors of the work reach the client
        cluster = distributed.LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                           threads_per_worker=1, processes=True,
                                           dashboard_address=None,
                                           silence_logs=logging.CRITICAL)
        client = distributed.Client(cluster)
        return client, [client, cluster]
    address = getattr(scheduler, "scheduler_address", scheduler)
    try:
        client = distributed.Client(address, timeout=_corpus.CONNECT_TIMEOUT)
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


__all__ = ["run_dask"]
