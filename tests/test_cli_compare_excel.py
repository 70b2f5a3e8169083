"""``diffkit compare --excel`` and ``--overrides``, ``diffkit plan-workbook``: exit codes,
stderr, no partial output; and the workbook opened by a real client (LibreOffice) when
``soffice`` is installed."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from diffkit.cli import cli
from diffkit.model import load
from tests.builders import ROOT, SEED_JSON, revised


@pytest.fixture(scope="module")
def plan_b(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "revised.json"
    revised(load(SEED_JSON)).save(path)
    return path


def test_excel_written(runner, plan_b, tmp_path):
    out = tmp_path / "r.xlsx"
    result = runner.invoke(cli, ["compare", str(SEED_JSON), str(plan_b), "--excel", str(out)])
    assert result.exit_code == 0, result.output
    assert f"diffkit: wrote {out}" in result.stderr
    assert "reworded" in result.stdout  # the usual rendering still goes to stdout
    assert load_workbook(out).sheetnames[:2] == ["Summary", "Tasks"]
    assert os.listdir(tmp_path) == ["r.xlsx"]


def test_excel_path_checked_before_the_comparison(runner, tmp_path):
    """An output path under a file is reported even though plan B is bad too: the output
    path is checked before anything is read or computed."""
    (tmp_path / "afile").write_text("a file", "utf-8")
    out = tmp_path / "afile" / "r.xlsx"
    result = runner.invoke(cli, ["compare", str(SEED_JSON), str(tmp_path / "nope.json"),
                                 "--excel", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (f"diffkit: {out}: {out.parent} is a file, not a directory "
                             "(choose another output path)\n")


def test_a_missing_output_folder_is_made_only_when_the_work_is_done(runner, tmp_path):
    out = tmp_path / "missing" / "r.xlsx"
    result = runner.invoke(cli, ["compare", str(SEED_JSON), str(tmp_path / "nope.json"),
                                 "--excel", str(out)])
    assert result.exit_code == 2 and "nope.json" in result.stderr
    assert not out.parent.exists()


def test_excel_path_is_a_directory(runner, plan_b, tmp_path):
    result = runner.invoke(cli, ["compare", str(SEED_JSON), str(plan_b), "--excel", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"diffkit: {tmp_path}: is a directory (give a file name)\n"
    assert os.listdir(tmp_path) == []


def _tasks_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["A ids", "B ids", "status", "verdict", "note"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_bad_verdict_exit_2_no_workbook(runner, plan_b, tmp_path):
    reviewed = _tasks_csv(tmp_path / "reviewed.csv", [
        {"A ids": "1.1", "B ids": "1.1", "verdict": "same"},
        {"A ids": "2.1", "B ids": "2.1", "verdict": "perhaps"}])
    out = tmp_path / "r.xlsx"
    result = runner.invoke(cli, ["compare", str(SEED_JSON), str(plan_b), "--excel", str(out),
                                 "--overrides", str(reviewed)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"diffkit: {reviewed}: Tasks row 3: unknown verdict 'perhaps' (use same = ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not out.exists() and sorted(os.listdir(tmp_path)) == ["reviewed.csv"]


def test_unknown_task_id_exit_2(runner, plan_b, tmp_path):
    reviewed = _tasks_csv(tmp_path / "reviewed.csv", [
        {"A ids": "1.1", "B ids": "1.1", "verdict": "A:3.1=B:99.1"}])
    result = runner.invoke(cli, ["compare", str(SEED_JSON), str(plan_b), "--overrides",
                                 str(reviewed)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"diffkit: {reviewed}: Tasks row 2: B task '99.1' does not exist in B "
        "(constructed_revision) (correct the B ids of this row or its verdict "
        "'A:3.1=B:99.1')\n")


def test_overrides_from_a_reviewed_workbook(runner, plan_b, tmp_path):
    first = tmp_path / "first.xlsx"
    assert runner.invoke(cli, ["compare", str(SEED_JSON), str(plan_b), "--excel",
                               str(first)]).exit_code == 0
    wb = load_workbook(first)
    ws = wb["Tasks"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, header.index("A ids") + 1).value == "3.1")
    ws.cell(row, header.index("verdict") + 1).value = "A:3.1=B:5.2"
    wb.save(first)
    second = tmp_path / "second.xlsx"
    result = runner.invoke(cli, ["compare", str(SEED_JSON), str(plan_b), "--format", "json",
                                 "--overrides", str(first), "--excel", str(second)])
    assert result.exit_code == 0, result.output
    assert '"a": [\n        "3.1"\n      ],\n      "b": [\n        "5.2"\n      ]' in result.stdout
    rows = list(load_workbook(second)["Tasks"].iter_rows(min_row=2, values_only=True))
    assert any(r[header.index("verdict")] == "A:3.1=B:5.2" for r in rows)


def test_no_openpyxl_without_excel(plan_b, tmp_path):
    """Neither plain compare nor CSV overrides import openpyxl or pandas."""
    reviewed = _tasks_csv(tmp_path / "r.csv", [{"A ids": "1.1", "B ids": "1.1",
                                                "verdict": "same"}])
    code = ("import sys\nfrom diffkit.cli import cli\n"
            f"try:\n    cli(['compare', {str(SEED_JSON)!r}, {str(plan_b)!r}, '--format', 'json',"
            f" '--overrides', {str(reviewed)!r}])\nexcept SystemExit as e:\n"
            "    assert e.code == 0, e.code\n"
            "bad = [m for m in ('openpyxl', 'pandas') if m in sys.modules]\n"
            "assert not bad, bad\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr


def test_plan_workbook_command(runner, tmp_path):
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(cli, ["plan-workbook", str(SEED_JSON), "-o", str(out)])
    assert result.exit_code == 0 and result.stderr == f"diffkit: wrote {out}\n"
    assert load_workbook(out).sheetnames == ["Tasks", "Matrix", "Agencies"]
    bad = runner.invoke(cli, ["plan-workbook", str(SEED_JSON), "-o", str(out / "p.xlsx")])
    assert bad.exit_code == 2 and "is a file" in bad.stderr
    later = tmp_path / "later.xlsx"
    assert runner.invoke(cli, ["plan-workbook", str(SEED_JSON), "-o", str(later), "--as-of",
                               "2019-06-01"]).exit_code == 0
    header = [c.value for c in load_workbook(later)["Matrix"][1]]
    assert "省市场监管局" in header and "省工商局" not in header
    bad_day = runner.invoke(cli, ["plan-workbook", str(SEED_JSON), "-o", str(later), "--as-of", "x"])
    assert bad_day.exit_code == 2 and "--as-of" in bad_day.stderr


# -- a real client ----------------------------------------------------------------------------
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: this extra check runs "
    "where it is (apt-get install libreoffice-calc); CI does not install it")


def _soffice(args: list[str], tmp_path: Path) -> None:
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                           *args], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr


@needs_soffice
def test_libreoffice_reads_every_sheet(plan_b, tmp_path):
    from diffkit.compare import compare
    comparison = compare(load(SEED_JSON), load(plan_b), load(SEED_JSON))
    path = comparison.to_excel(tmp_path / "report.xlsx")
    out = tmp_path / "csv"
    # 44,34,76: comma, double quote, UTF-8; the final -1 writes every sheet to its own file
    _soffice(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
              "false,false,false,-1", "--outdir", str(out), str(path)], tmp_path)
    names = ["Summary", "Tasks", "Redline", "Agencies", "Changes", "Coverage"]
    assert sorted(os.listdir(out)) == sorted(f"report-{n}.csv" for n in names)
    with open(out / "report-Tasks.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(comparison.pairs)
    assert [r["status"] for r in rows] == [p.status.value for p in comparison.pairs]
    from tests.builders import ADDED_TEXT
    assert ADDED_TEXT in {r["B text"] for r in rows}  # text, not a formula result


@needs_soffice
def test_libreoffice_round_trip_keeps_text_and_rich_text(plan_b, tmp_path):
    from diffkit.compare import compare
    from diffkit.report.workbook import DELETE_COLOUR, INSERT_COLOUR
    path = compare(load(SEED_JSON), load(plan_b)).to_excel(tmp_path / "report.xlsx")
    out = tmp_path / "lo"
    _soffice(["--convert-to", "xlsx", "--outdir", str(out), str(path)], tmp_path)
    wb = load_workbook(out / "report.xlsx", rich_text=True)
    assert wb.sheetnames == ["Summary", "Tasks", "Redline", "Agencies", "Changes"]
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {str(c.value) for c in wb["Tasks"]["H"]}
    from tests.builders import ADDED_TEXT
    assert ADDED_TEXT in texts
    fonts = [(r.font.color.rgb, bool(r.font.strike), r.font.u)
             for row in wb["Redline"].iter_rows(min_row=2, min_col=7, max_col=7)
             for r in row[0].value if not isinstance(r, str) and r.font.color is not None
             and r.font.color.rgb in (DELETE_COLOUR, INSERT_COLOUR)]
    assert (DELETE_COLOUR, True, None) in fonts and (INSERT_COLOUR, False, "single") in fonts


# -- the README's main job on the shipped example ---------------------------------------------
EXAMPLE = ROOT / "datasets" / "examples" / "sichuan_2016_simulated_revision"


def test_example_is_rebuilt_by_its_readme_commands(runner, tmp_path):
    sim = tmp_path / "sim23"
    assert runner.invoke(cli, ["simulate", str(SEED_JSON), "--edits", "12", "--seed", "23",
                               "-o", str(sim)]).exit_code == 0
    out = tmp_path / "plan.json"
    result = runner.invoke(cli, ["migrate", str(sim / "plan.json"), "--as-of", "2019-06-01",
                                 "--id", "sichuan_2016_simulated_revision", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (EXAMPLE / "plan.json").read_bytes(), (
        "the example no longer matches its commands (diffkit simulate or the agency registry "
        "changed): rerun the two commands in " + str(EXAMPLE / "README.md"))
    meta = load(out).meta
    assert meta["simulated"]["seed"] == 23
    assert meta["derived"]["note"] == "derived, not an official document"
    assert "SIMULATED, not an official document" in (EXAMPLE / "README.md").read_text("utf-8")


def test_main_job(runner, tmp_path):
    out = tmp_path / "reports" / "sichuan_2016_vs_revision.xlsx"
    out.parent.mkdir()
    result = runner.invoke(cli, ["compare", str(SEED_JSON), str(EXAMPLE / "plan.json"),
                                 "--excel", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Tasks", "Redline", "Agencies", "Changes"]
    statuses = {row[8] for row in wb["Tasks"].iter_rows(min_row=2, values_only=True)}
    assert statuses == {"unchanged", "reworded", "split", "merged", "added", "removed"}
    kinds = {row[5] for row in wb["Changes"].iter_rows(min_row=2, values_only=True)}
    assert "renamed" in kinds


@needs_soffice
def test_libreoffice_reads_the_plan_workbook(tmp_path):
    from diffkit.report.excel import plan_workbook
    plan = load(SEED_JSON)
    path = plan_workbook(plan, tmp_path / "plan.xlsx")
    out = tmp_path / "csv"
    _soffice(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
              "false,false,false,-1", "--outdir", str(out), str(path)], tmp_path)
    with open(out / "plan-Matrix.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[0] for r in rows[1:]] == [t.id for t in plan.tasks]
    assert {c for r in rows[1:] for c in r[2:]} == {"", "L", "P"}
