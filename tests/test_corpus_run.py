"""diffkit.corpus.run: the diffkit.corpus/1 contract, engines and chunk sizes that agree, rows for
uncovered tasks, bad plans."""

from __future__ import annotations

import dataclasses
import gc
import importlib
import json
import os
import signal
from importlib import resources

import pytest

import diffkit
from benchmarks.simcorpus import fast_plans, simulated_plans
from diffkit.corpus.run import CHUNK_SIZE, FORMAT, corpus, plan_files
from diffkit.errors import DiffkitError, InputError
from diffkit.model import schema_problems
from tests.builders import SEED_DIR as SEED

corpus_local = importlib.import_module("diffkit.corpus.local")


@pytest.fixture(scope="module")
def plans():
    return simulated_plans(6, seed=1) + fast_plans(14, seed=2)


@pytest.fixture(scope="module")
def result(plans, guideline):
    return corpus(plans, guideline, chunk_size=7)


def _schema():
    return json.loads(resources.files("diffkit").joinpath("schemas/corpus.schema.json")
                      .read_text("utf-8"))


def test_contract(result, plans, guideline):
    data = json.loads(result.to_json())
    assert schema_problems(data, _schema()) == []
    assert data["format"] == FORMAT
    assert list(data)[:4] == ["format", "guideline", "plans", "coverage"]
    assert data["guideline"] == {"id": guideline.id, "title": guideline.title, "tasks": 34}
    assert [p["id"] for p in data["plans"]] == [p.id for p in plans]
    # one row per plan and guideline task, plans in order, guideline tasks in document order
    g_ids = [r.task.id for r in guideline.refs]
    assert [(r["plan"], r["guideline"]) for r in data["coverage"]] == [
        (p.id, g) for p in plans for g in g_ids]
    for entry in data["plans"]:
        assert {"id", "tasks", "coverage", "added", "retained", "lead", "participants",
                "agencies"} <= set(entry)


def test_json_text_is_json_dumps_of_the_dict(result):
    """`Corpus.to_json` writes its rows from templates: the text is still exactly
    ``json.dumps(to_dict(), ensure_ascii=False, indent=2)``, also for strings that need
    escapes, rows without tasks or score, and skipped files."""
    from diffkit.corpus.run import AgencyCount, Skipped

    odd = 'a"b\\c\n\t\x01 牵头单位𠀀\u2028'
    row = result.coverage[0]
    rows = (row._replace(plan=odd, tasks=(odd, "t2")), row._replace(tasks=(), score=None),
            *result.coverage[2:])
    odd_result = dataclasses.replace(
        result, coverage=rows, agencies=(AgencyCount(odd, odd, 0, 7), *result.agencies),
        skipped=(Skipped(odd, odd),))
    for c in (result, odd_result, dataclasses.replace(result, plans=(), coverage=(),
                                                      agencies=())):
        assert c.to_json() == json.dumps(c.to_dict(), ensure_ascii=False, indent=2) + "\n"


def test_schema_rejects_a_broken_row(result):
    data = result.to_dict()
    data["coverage"][0] = {**data["coverage"][0], "status": "removed"}
    assert schema_problems(data, _schema())  # removed rows must have no tasks and no score


def test_figures_agree_with_compare(result, plans, guideline):
    """The per-plan fidelity is compare's three-way fidelity of the same plan."""
    for plan, summary in list(zip(plans, result.plans, strict=True))[:3]:
        fid = diffkit.compare(guideline, plan, guideline).fidelity["b"]
        assert (summary.coverage, summary.retained, summary.added) == (
            fid["covered"], fid["retained"], fid["local"])
        assert summary.tasks == len(plan.refs)


def test_uncovered_rows(guideline):
    keep = guideline.sections[:2]
    partial = dataclasses.replace(guideline, id="partial", sections=keep,
                                  meta={"title": "partial"})
    c = corpus([partial], guideline)
    kept = {r.task.id for r in partial.refs}
    rows = {r.guideline: r for r in c.coverage}
    assert len(rows) == 34
    for gid, row in rows.items():
        if gid in kept:
            assert (row.tasks, row.status.value, row.score) == ((gid,), "unchanged", 100.0)
        else:
            assert (row.tasks, row.status.value, row.score) == ((), "removed", None)
            assert row.to_dict()["tasks"] == []
    (summary,) = c.plans
    assert summary.covered == len(kept)
    assert summary.coverage == round(len(kept) / 34, 4)
    assert summary.statuses[-1] == 34 - len(kept)


def test_plan_without_tasks(guideline):
    empty = diffkit.Plan(id="empty", meta={"title": "empty"})
    c = corpus([empty, guideline], guideline, chunk_size=2)
    assert [p.covered for p in c.plans] == [0, 34]
    assert all(r.status.value == "removed" for r in c.coverage[:34])


def test_progress_bar_only_when_asked(guideline, plans, capsys):
    corpus(plans[:2], guideline)  # stderr is not a terminal here: silent
    assert capsys.readouterr().err == ""
    corpus(plans[:2], guideline, progress=True)
    assert "plan" in capsys.readouterr().err


def test_chunk_sizes_give_identical_results(plans, guideline, result):
    for size in (1, 3, 50):
        assert corpus(plans, guideline, chunk_size=size, workers=1) == result


def test_worker_processes_give_identical_results(plans, guideline, result):
    serial = corpus(plans, guideline, workers=1)  # one process: no pool
    assert serial == result  # `result` ran 4 chunks in a pool of forked workers
    for workers in (2, 3):
        assert corpus(plans, guideline, chunk_size=3, workers=workers) == serial


def test_pool_at_default_chunk_size(guideline):
    many = fast_plans(CHUNK_SIZE + 10, seed=8)  # two chunks: worker processes
    pooled, serial = corpus(many, guideline), corpus(many, guideline, workers=1)
    assert pooled == serial and pooled.to_json() == serial.to_json()
    assert [p.id for p in pooled.plans] == [p.id for p in many]


def test_units_have_the_chunk_size_and_processes_follow_the_affinity_mask(monkeypatch):
    from diffkit.corpus.sources import plan_units

    plans = fast_plans(23, seed=3)
    units = list(plan_units(plans, 5))
    assert [len(u.items) for u in units] == [5, 5, 5, 5, 3]
    assert [p for u in units for p in u.items] == plans
    assert corpus_local._processes(1) == 1 and corpus_local._processes(3) == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert corpus_local.cpus() == 3 and corpus_local._processes(None) == 3


@pytest.fixture(scope="module")
def cluster():
    import distributed  # the test extra installs dask[distributed]: no skipping
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        yield cluster


def test_dask_engine_identical(plans, guideline, result, cluster):
    got = corpus(plans, guideline, engine="dask", scheduler=cluster.scheduler_address,
                 chunk_size=4)
    assert got == result
    assert got.to_dict() == result.to_dict()


def test_dask_reads_files_on_workers(tmp_path, plans, guideline, cluster):
    for plan in plans[:5]:
        plan.save(tmp_path / f"{plan.id}.json")
    bad = tmp_path / "zz_bad.json"
    bad.write_text('{"format": "diffkit.plan/1", "id": "x"}', "utf-8")
    plans[0].save(tmp_path / "zz_copy.json")  # the same id again
    with pytest.raises(DiffkitError) as local:
        corpus([tmp_path], guideline)
    with pytest.raises(DiffkitError) as remote:
        corpus([tmp_path], guideline, engine="dask", scheduler=cluster.scheduler_address,
               chunk_size=2)
    assert remote.value.line() == local.value.line()
    want = corpus([tmp_path], guideline, skip_invalid=True)
    got = corpus([tmp_path], guideline, engine="dask", scheduler=cluster.scheduler_address,
                 chunk_size=2, skip_invalid=True)
    assert got == want and len(got.skipped) == 2 and len(got.plans) == 5


def test_unreachable_scheduler(plans, guideline, monkeypatch):
    monkeypatch.setattr(importlib.import_module("diffkit.corpus.distributed"),
                        "CONNECT_TIMEOUT", 1)
    with pytest.raises(InputError) as err:
        corpus(plans[:1], guideline, engine="dask", scheduler="tcp://127.0.0.1:9")
    assert "tcp://127.0.0.1:9" in str(err.value) and "dask scheduler" in str(err.value)


def test_agency_counts(guideline, seed_plan):
    from diffkit.agencies import resolution as _agencies

    c = corpus([seed_plan], guideline)
    (summary,) = c.plans
    assert summary.lead == sum(len(_agencies.canonical_names(t.lead, plan=seed_plan))
                               for t in seed_plan.tasks)
    assert summary.participants == sum(
        len(_agencies.canonical_names(t.participants, plan=seed_plan)) for t in seed_plan.tasks)
    assert summary.agencies == len(c.agencies) == len({a.agency for a in c.agencies})
    assert sum(a.lead for a in c.agencies) == summary.lead
    first = _agencies.canonical_names(seed_plan.tasks[0].lead, plan=seed_plan)[0]
    assert c.agencies[0].agency == first and c.agencies[0].lead >= 1


def test_agencies_are_read_in_each_plans_own_region(guideline, seed_plan):
    """Plans read in different regions do not share their names' readings: two plans that
    give their region only in their title (北京市 and 广东省), and plans of counties of one
    class, count the agencies `canonical_names` gives for each plan alone (the corpus kept
    them per meta.region and issuer before: the second plan got the first's readings)."""
    import dataclasses

    from diffkit.agencies import resolution as _agencies

    def placed(pid: str, **meta):
        return dataclasses.replace(seed_plan, id=pid, meta={**meta, "level": "provincial"}
                                   if "title" in meta else meta)

    plans = [placed("bj", title="北京市贯彻落实方案"), placed("gd", title="广东省贯彻落实方案"),
             placed("rs", region="仁寿县"), placed("wh", region="武侯区"),
             placed("yb", region="宜宾县")]
    c = corpus(plans, guideline, workers=1)
    for p, summary in zip(plans, c.plans, strict=True):
        counts = {a.agency: (a.lead, a.participants) for a in c.agencies if a.plan == p.id}
        lead = [n for t in p.tasks for n in _agencies.canonical_names(t.lead, plan=p)]
        assert summary.lead == len(lead) and set(lead) <= set(counts), p.id
        assert sum(v[0] for v in counts.values()) == len(lead)
    by_plan = {p.id: {a.agency for a in c.agencies if a.plan == p.id} for p in plans}
    assert "市发展改革委" in by_plan["bj"] and "省发展改革委" in by_plan["gd"]
    assert "市发展改革委" not in by_plan["gd"]


def test_responsible_units_are_counted_as_workload_counts_them(guideline, seed_plan):
    """Tasks that name 责任单位 with no lead/participant distinction, and leads named again
    among the participants: the corpus counts each agency once a task in its strongest role
    (lead, participant, responsible), as `workload` does."""
    import dataclasses

    from diffkit.agencies.workload import workload

    def recast(k: int, task):
        if k % 3 == 0:  # 责任单位 alone: the lead and participants, undistinguished
            return dataclasses.replace(task, lead=(), participants=(),
                                       responsible=task.lead + task.participants)
        if k % 3 == 1:  # the lead named again among the responsible units and participants
            return dataclasses.replace(task, responsible=task.lead + ("省审计厅",),
                                       participants=task.participants + task.lead)
        return task

    k = iter(range(1000))
    plan = dataclasses.replace(seed_plan, id="resp", sections=tuple(
        dataclasses.replace(s, items=tuple(dataclasses.replace(i, tasks=tuple(
            recast(next(k), t) for t in i.tasks)) for i in s.items)) for s in seed_plan.sections))
    c = corpus([plan], guideline, workers=1)
    expected = {a.agency: a.responsible for a in workload(plan).agencies if a.responsible}
    got = {a.agency: a.responsible for a in c.agencies if a.responsible}
    assert got == expected and sum(got.values()) > 20
    roles = {a.agency: (a.lead, a.participants) for a in workload(plan).agencies}
    assert {a.agency: (a.lead, a.participants) for a in c.agencies} == roles
    (summary,) = c.plans
    assert summary.responsible == sum(got.values())
    assert summary.to_dict()["responsible"] == summary.responsible
    assert c.agencies_frame()["responsible"].sum() == summary.responsible
    assert c.plans_frame()["responsible"].tolist() == [summary.responsible]


def test_frames(result):
    cov = result.coverage_frame()
    assert len(cov) == len(result.coverage)
    assert list(cov.columns) == ["plan", "guideline", "tasks", "score", "status"]
    plans = result.plans_frame()
    assert list(plans["plan"]) == [p.id for p in result.plans]
    assert len(result.agencies_frame()) == len(result.agencies)


def test_bad_plan_stops_before_work(tmp_path, guideline, plans):
    good = tmp_path / "a.json"
    plans[0].save(good)
    bad = tmp_path / "b.json"
    bad.write_text('{"format": "diffkit.plan/1", "id": "x"}', "utf-8")
    with pytest.raises(DiffkitError) as err:
        corpus([good, bad], guideline)
    assert str(bad) in str(err.value)
    c = corpus([tmp_path], guideline, skip_invalid=True)
    assert [p.id for p in c.plans] == [plans[0].id]
    assert [s.file for s in c.skipped] == [str(bad)]
    assert "sections" in c.skipped[0].reason


def test_duplicate_ids(guideline, plans):
    with pytest.raises(InputError, match="already used"):
        corpus([plans[0], plans[0]], guideline)
    c = corpus([plans[0], plans[0]], guideline, skip_invalid=True)
    assert len(c.plans) == 1 and len(c.skipped) == 1


def test_plan_files(tmp_path, plans):
    (tmp_path / "d").mkdir()
    for k, p in enumerate(plans[:3]):
        p.save(tmp_path / "d" / f"{k}.json")
    (tmp_path / "d" / "notes.txt").write_text("x", "utf-8")
    one = tmp_path / "d" / "0.json"
    got = plan_files([tmp_path / "d", str(tmp_path / "d" / "*.json"), one])
    assert got == sorted((tmp_path / "d").glob("*.json"))
    with pytest.raises(InputError, match="no files match"):
        plan_files([str(tmp_path / "nothing*.json")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no \\*.json") as info:
        plan_files([tmp_path / "empty"])
    assert "run `diffkit parse` first" in info.value.line() and ", but" not in info.value.line()


def test_a_directory_of_documents_names_them_and_the_pattern_that_reads_them(tmp_path,
                                                                            guideline):
    text = SEED / "source.txt"
    folder = tmp_path / "docs"
    (folder / "city").mkdir(parents=True)
    for where in (folder / "a.txt", folder / "city" / "b.txt"):
        where.write_text(text.read_text("utf-8"), "utf-8")
    (folder / "c.html").write_text("<html><body><p>x</p></body></html>", "utf-8")
    with pytest.raises(InputError) as info:
        corpus(folder, guideline)
    line = info.value.line()
    assert "no *.json plan files in this directory or below it, but 1 .html and 2 .txt" in line
    pattern = str(folder / "**" / "*.txt")
    assert f"name documents with a pattern such as '{pattern}'" in line
    got = corpus(pattern, guideline, workers=1)  # the pattern named reads them
    assert [p.file for p in got.plans] == [str(folder / "a.txt"), str(folder / "city" / "b.txt")]


def test_bad_arguments(guideline, plans):
    with pytest.raises(InputError, match="unknown engine"):
        corpus(plans[:1], guideline, engine="spark")
    with pytest.raises(InputError, match="no plans"):
        corpus([], guideline)


class _Killer(dict):
    """A plan mapping that kills the worker process reading it (as the kernel's
    out-of-memory killer does); harmless in the process that made it."""

    def __init__(self, data, home: int) -> None:
        super().__init__(data)
        self.home = home

    def get(self, *args):
        if os.getpid() != self.home:
            os.kill(os.getpid(), signal.SIGKILL)
        return super().get(*args)


def test_a_killed_worker_ends_the_run_with_a_clear_error(guideline):
    many = [p.to_dict() for p in fast_plans(12, seed=8)]
    many[7] = _Killer(many[7], os.getpid())
    with pytest.raises(DiffkitError, match="worker process of the local engine died") as err:
        corpus(many, guideline, workers=2, chunk_size=4)
    assert "--workers 1" in err.value.line()
    assert corpus(many[:3], guideline, workers=2, chunk_size=2).plans  # a new pool


def test_concurrent_callers_get_their_own_results(guideline, plans):
    from concurrent.futures import ThreadPoolExecutor

    a, b = fast_plans(110, seed=8), fast_plans(120, seed=9)
    with ThreadPoolExecutor(2) as threads:
        got = list(threads.map(lambda ps: corpus(ps, guideline, workers=2, chunk_size=50),
                               (a, b)))
    assert got == [corpus(a, guideline, workers=1), corpus(b, guideline, workers=1)]


def test_the_library_call_pauses_the_collector_for_a_local_run_and_restores_it(
        guideline, plans, monkeypatch):
    """A local run makes no reference cycles in this process: collections meanwhile would
    only walk the results coming back and the caller's own objects. The collector is paused
    while the chunks are read (here, in this process: one chunk) and gathered, and comes
    back as the caller had it."""
    from diffkit.corpus import sources

    seen = []
    real = sources.read_unit
    monkeypatch.setattr(sources, "read_unit", lambda unit: seen.append(gc.isenabled())
                        or real(unit))
    got = corpus(plans[:2], guideline)
    assert seen == [False] and gc.isenabled() and len(got.plans) == 2
    gc.disable()  # a caller that paused it itself finds it paused still
    try:
        corpus(plans[:2], guideline)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(DiffkitError):  # and an error on the way restores it too
        corpus([*plans[:2], plans[0]], guideline)
    assert gc.isenabled()


def test_a_runs_results_join_the_oldest_generation_and_frozen_objects_stay_frozen(
        guideline, plans):
    """The objects a local run leaves (its results) join the oldest generation when the
    collector comes back, instead of crowding the youngest, whose next collection would walk
    them all; objects a caller froze (`gc.freeze`) stay frozen."""
    gc.collect()
    young_before = len(gc.get_objects(generation=0))
    got = corpus(plans, guideline)
    assert len(got.coverage) >= 600
    assert len(gc.get_objects(generation=0)) <= young_before + 50
    assert any(r is got.coverage[0] for r in gc.get_objects(generation=2))
    kept = [[] for _ in range(3)]
    gc.freeze()
    try:
        corpus(plans, guideline)
        assert gc.get_freeze_count() > 0  # not released by the run:
        assert not any(x is kept[0] for x in gc.get_objects())  # still frozen
    finally:
        gc.unfreeze()
    assert any(x is kept[0] for x in gc.get_objects())


def test_the_command_pauses_the_collector_for_the_local_engine_only(guideline, plans,
                                                                    monkeypatch, tmp_path):
    from click.testing import CliRunner

    from diffkit.cli import cli
    seen = []
    real = corpus_local.run_local
    monkeypatch.setattr(corpus_local, "run_local",
                        lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k))
    paths = []
    for p in [guideline, *plans[:2]]:
        paths.append(tmp_path / f"{p.id}.json")
        paths[-1].write_text(p.to_json(), "utf-8")
    result = CliRunner().invoke(cli, ["corpus", *map(str, paths[1:]), "--guideline",
                                      str(paths[0])])
    assert result.exit_code == 0, result.output
    assert seen == [False] and gc.isenabled()


def test_dask_writes_the_same_parquet_as_the_local_engine(tmp_path, plans, guideline,
                                                          cluster):
    """``--output`` on a real LocalCluster: the workers write the same part files, byte
    for byte, as the local engine's worker processes."""
    path = tmp_path / "plans.jsonl"
    path.write_text("".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n"
                            for p in plans), "utf-8")
    local = corpus([path], guideline, output=tmp_path / "local", chunk_size=6, workers=2)
    remote = corpus([path], guideline, output=tmp_path / "dask", chunk_size=6,
                    engine="dask", scheduler=cluster.scheduler_address)
    parts = sorted(p.relative_to(tmp_path / "local")
                   for p in (tmp_path / "local").rglob("*.parquet"))
    assert len(parts) == 3 * 4  # plans, coverage, agencies for each of 4 chunks
    assert parts == sorted(p.relative_to(tmp_path / "dask")
                           for p in (tmp_path / "dask").rglob("*.parquet"))
    for part in parts:
        assert (tmp_path / "local" / part).read_bytes() == (tmp_path / "dask" / part).read_bytes()
    assert local.summary == remote.summary and local.summary["plans"] == len(plans)
    memory = corpus([path], guideline)
    assert sorted(map(tuple, local.frame("coverage")[["plan", "guideline", "status"]]
                      .itertuples(index=False))) == sorted(
        (r.plan, r.guideline, r.status.value) for r in memory.coverage)



def test_a_worker_chunk_restores_the_collector_after_its_objects_are_gone(guideline, plans,
                                                                          tmp_path):
    """`chunk.run_chunk` in a worker (``own``) pauses the collector while it works and
    turns it back on only once the chunk's plans are gone: the first collection then walks
    what the chunk returns, not every object of its plans."""
    from diffkit import files
    from diffkit.corpus import chunk, coverage, sources

    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n"
                            for p in plans[:5]), "utf-8")
    job = chunk.Job((chunk.Guide(guideline.id, guideline.title, None,
                                 coverage.GuidelineIndex.of(guideline)),), 35.0)
    alive_at_enable = []

    class _Gc:  # the collector as `files.collector_paused` sees it
        isenabled, disable = staticmethod(gc.isenabled), staticmethod(gc.disable)

        @staticmethod
        def enable():
            alive_at_enable.append(any(_plan_list(o) for o in gc.get_objects()))
            gc.enable()

    real, files.gc = files.gc, _Gc
    try:
        assert gc.isenabled()
        out = chunk.run_chunk(0, next(sources.plan_units([str(path)], 5)), job)
    finally:
        files.gc = real
    assert [pid for pid, _, _ in out.order] == [p.id for p in plans[:5]]
    assert gc.isenabled() and alive_at_enable == [False]  # the chunk's plans were gone


def _plan_list(o) -> bool:
    """A list of (plan record, label) pairs, as `chunk.run_chunk` keeps its plans."""
    from diffkit.corpus import records

    return (type(o) is list and len(o) > 0 and type(o[0]) is tuple and len(o[0]) == 2
            and isinstance(o[0][0], records.PlanRecord))


def test_a_short_list_of_plans_is_cut_into_smaller_chunks(guideline, monkeypatch):
    """Without a chunk size, a list of more than CHUNK_SIZE plans held in memory, run by
    more than one local process, is cut into about four chunks a process (at least
    SMALL_CHUNK plans); paths, one process, short lists and output runs keep CHUNK_SIZE.
    The results are the same."""
    from diffkit.corpus import sources

    size = corpus_local.chunk_size
    plans = fast_plans(3, seed=1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert size([plans[0]] * 1000, None, CHUNK_SIZE) == 125
    assert size([plans[0]] * 2000, None, CHUNK_SIZE) == 250
    assert size([plans[0]] * 501, None, CHUNK_SIZE) == corpus_local.SMALL_CHUNK
    assert size([plans[0]] * 9000, None, CHUNK_SIZE) == CHUNK_SIZE
    assert size([plans[0]] * 1000, 1, CHUNK_SIZE) == CHUNK_SIZE
    assert size([plans[0]] * 400, None, CHUNK_SIZE) == CHUNK_SIZE
    assert size(["p.json"] * 1000, None, CHUNK_SIZE) == CHUNK_SIZE
    assert size(iter([plans[0]] * 1000), None, CHUNK_SIZE) == CHUNK_SIZE
    many = fast_plans(CHUNK_SIZE + 30, seed=8)
    cut: list[int] = []
    real = sources.plan_units
    monkeypatch.setattr(sources, "plan_units",
                        lambda p, n, **kw: cut.append(n) or real(p, n, **kw))
    assert corpus(many, guideline) == corpus(many, guideline, workers=1)
    assert cut == [corpus_local.SMALL_CHUNK, CHUNK_SIZE]
