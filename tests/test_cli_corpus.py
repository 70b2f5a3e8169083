"""`diffkit corpus`: outputs, exit codes and stderr."""

from __future__ import annotations

import csv
import importlib
import io
import json
import sys

import pytest

from benchmarks.simcorpus import fast_plans, simulated_guideline
from diffkit.cli import cli


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    guideline = root / "guideline.json"
    simulated_guideline().save(guideline)
    (root / "plans").mkdir()
    for plan in fast_plans(4, seed=7):
        plan.save(root / "plans" / f"{plan.id}.json")
    return root, guideline


def test_json(runner, files):
    root, guideline = files
    result = runner.invoke(cli, ["corpus", str(root / "plans"), "-g", str(guideline),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "diffkit.corpus/1"
    assert len(data["plans"]) == 4 and len(data["coverage"]) == 4 * 34
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_table_and_csv(runner, files):
    root, guideline = files
    result = runner.invoke(cli, ["corpus", str(root / "plans" / "*.json"), "-g", str(guideline)])
    assert result.exit_code == 0, result.output
    assert "4 plans" in result.stdout and "guideline tasks: how many plans carry each" in (
        result.stdout)
    result = runner.invoke(cli, ["corpus", str(root / "plans"), "-g", str(guideline),
                                 "--format", "csv"])
    assert result.stdout.startswith("\ufeff")  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0] == ["plan", "guideline", "tasks", "score", "status"]
    assert len(rows) == 1 + 4 * 34
    plain = runner.invoke(cli, ["corpus", str(root / "plans"), "-g", str(guideline),
                                "--format", "csv", "--no-bom"])
    assert plain.stdout == result.stdout.removeprefix("\ufeff")


def test_invalid_plan_exit_2_before_work(runner, files, tmp_path):
    root, guideline = files
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", "utf-8")
    out = tmp_path / "out.xlsx"
    result = runner.invoke(cli, ["corpus", str(root / "plans"), str(bad), "-g", str(guideline),
                                 "--excel", str(out)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"diffkit: plan {bad}: line 1 column 2: invalid JSON")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_skip_invalid(runner, files, tmp_path):
    root, guideline = files
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", "utf-8")
    result = runner.invoke(cli, ["corpus", str(root / "plans"), str(bad), "-g", str(guideline),
                                 "--skip-invalid", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"diffkit: skipped plan {bad}: line 1 column 2: ")
    data = json.loads(result.stdout)
    assert len(data["plans"]) == 4
    assert data["skipped"][0]["file"] == str(bad)


def test_missing_plan(runner, files):
    _, guideline = files
    result = runner.invoke(cli, ["corpus", "nope/*.json", "-g", str(guideline)])
    assert result.exit_code == 2
    assert result.stderr == ("diffkit: nope/*.json: no files match this pattern (check the "
                             "pattern (quote it to let diffkit expand it))\n")


def test_unreachable_scheduler(runner, files, monkeypatch):
    monkeypatch.setattr(importlib.import_module("diffkit.corpus.distributed"),
                        "CONNECT_TIMEOUT", 1)
    root, guideline = files
    result = runner.invoke(cli, ["corpus", str(root / "plans"), "-g", str(guideline),
                                 "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot reach a Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert "`dask scheduler`" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_scheduler_needs_dask_engine(runner, files):
    root, guideline = files
    result = runner.invoke(cli, ["corpus", str(root / "plans"), "-g", str(guideline),
                                 "--engine", "local", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "--scheduler needs --engine dask" in result.stderr


def test_excel(runner, files, tmp_path):
    import openpyxl
    root, guideline = files
    out = tmp_path / "corpus.xlsx"
    result = runner.invoke(cli, ["corpus", str(root / "plans"), "-g", str(guideline),
                                 "--excel", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Coverage", "Plans", "Agencies"]
    cov = list(wb["Coverage"].iter_rows(values_only=True))
    assert cov[0][:3] == ("plan", "title", "1.1")
    assert [r[0] for r in cov[1:5]] == [p["id"] for p in data["plans"]]
    first = [r for r in data["coverage"] if r["plan"] == data["plans"][0]["id"]]
    assert list(cov[1][2:36]) == [r["score"] for r in first]
    plans = list(wb["Plans"].iter_rows(values_only=True))
    assert plans[1][0] == data["plans"][0]["id"] and plans[1][5] == data["plans"][0]["coverage"]
    agencies = list(wb["Agencies"].iter_rows(values_only=True))
    assert agencies[0][:5] == ("agency", "lead tasks", "participant tasks", "responsible tasks",
                               "plans")
    assert sum(r[1] for r in agencies[1:]) == sum(p["lead"] for p in data["plans"])
    assert sum(r[3] for r in agencies[1:]) == sum(p["responsible"] for p in data["plans"])


def test_excel_unwritable_fails_first(runner, files, tmp_path):
    root, guideline = files
    (tmp_path / "no").write_text("a file, not a folder", "utf-8")
    result = runner.invoke(cli, ["corpus", str(root / "plans"), "-g", str(guideline),
                                 "--excel", str(tmp_path / "no" / "x.xlsx")])
    assert result.exit_code == 2
    assert "is a file" in result.stderr and result.stdout == ""


def test_dask_engine_on_its_own_local_cluster_is_quiet(files):
    """`--engine dask` without --scheduler starts (and stops) a LocalCluster: the same JSON
    as the local engine, and nothing on stderr — its processes' shutdown races used to print
    a worker's heartbeat traceback after a run that went well (a real subprocess: the
    cluster's processes write to the real stderr)."""
    import subprocess

    root, guideline = files
    args = [sys.executable, "-m", "diffkit", "corpus", str(root / "plans"), "-g",
            str(guideline), "--format", "json"]
    local = subprocess.run(args, capture_output=True, text=True, timeout=300)
    dask = subprocess.run([*args, "--engine", "dask", "--workers", "2"], capture_output=True,
                          text=True, timeout=300)
    assert (dask.returncode, dask.stderr) == (0, "")
    assert dask.stdout == local.stdout and json.loads(local.stdout)["plans"]


def test_its_own_local_cluster_shows_worker_errors_not_chatter():
    """The local cluster diffkit starts no longer silences its workers below CRITICAL
    (that hid their errors): an error a worker logs reaches stderr; its info and warning
    chatter does not."""
    import subprocess

    code = ("import logging, distributed\n"
            "from diffkit.corpus import distributed as corpus_dask\n"
            "client, owned = corpus_dask._client(distributed, None, 1)\n"
            "log = lambda: (logging.getLogger('distributed.worker').warning('chatter'),\n"
            "               logging.getLogger('distributed.worker').error('worker broke'))\n"
            "client.run(log)\n"
            "for thing in owned:\n    thing.close()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0
    assert "worker broke" in done.stderr and "chatter" not in done.stderr


def test_agencies_and_region_options_reach_resolution(runner, files, tmp_path):
    root, guideline = files
    mine = tmp_path / "mine.csv"
    mine.write_text("canonical,full_name,aliases,kind,note,source,region\n"
                    "省合作办,,省区域合作办,provincial_department,,constructed,\n",
                    encoding="utf-8")
    base = ["corpus", str(root / "plans"), "-g", str(guideline), "--format", "json",
            "--workers", "1"]
    plain = json.loads(runner.invoke(cli, base).stdout)
    result = runner.invoke(cli, [*base, "--agencies", str(mine), "--region", "广东省"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["coverage"] == plain["coverage"]  # agencies change nothing else
    result = runner.invoke(cli, [*base, "--agencies", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2 and "--agencies" in result.stderr


def test_region_reads_plans_that_name_none_as_that_regions():
    from dataclasses import replace

    from diffkit.corpus.run import corpus
    plan = replace(fast_plans(1, seed=3)[0], meta={})
    g = simulated_guideline()
    sichuan = {a.agency for a in corpus([plan], g, workers=1).agencies}
    guangdong = {a.agency for a in corpus([plan], g, workers=1, region="广东省").agencies}
    assert "商务厅" in sichuan and "商务厅" not in guangdong and "省商务厅" in guangdong
