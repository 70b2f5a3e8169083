"""`diffkit compare` and `diffkit simulate` on the command line: outputs, exit codes, errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from diffkit.cli import cli
from diffkit.compare import comparison_schema
from diffkit.model import schema_problems
from tests.conftest import ROOT


@pytest.fixture
def variant(tmp_path, runner, seed_path):
    out = tmp_path / "sim"
    result = runner.invoke(cli, ["simulate", str(seed_path), "--edits", "6", "--seed", "3",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out / "plan.json"


def test_same_plan_exits_0_even_with_exit_code(runner, seed_path):
    result = runner.invoke(cli, ["compare", str(seed_path), str(seed_path), "--exit-code"])
    assert result.exit_code == 0
    assert "unchanged 34" in result.stdout and "No differences." in result.stdout


def test_differences_exit_1_only_with_exit_code(runner, seed_path, variant):
    plain = runner.invoke(cli, ["compare", str(seed_path), str(variant)])
    assert plain.exit_code == 0
    flagged = runner.invoke(cli, ["compare", str(seed_path), str(variant), "--exit-code"])
    assert flagged.exit_code == 1
    assert flagged.stdout == plain.stdout
    lines = plain.stdout.splitlines()
    assert lines[3].startswith("unchanged ")
    assert "Tasks (" in plain.stdout and "\x1b[" not in plain.stdout


def test_json_output_follows_the_contract(runner, seed_path, variant):
    result = runner.invoke(cli, ["compare", str(seed_path), str(variant), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["format"] == "diffkit.comparison/1"
    assert not schema_problems(data, comparison_schema())
    truth = json.loads((variant.parent / "truth.json").read_text("utf-8"))
    assert {(tuple(p["a"]), tuple(p["b"]), p["status"]) for p in data["pairs"]} == \
        {(tuple(p["a"]), tuple(p["b"]), p["status"]) for p in truth["pairs"]}


def test_csv_one_row_per_pair(runner, seed_path, variant):
    result = runner.invoke(cli, ["compare", str(seed_path), str(variant), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    data = json.loads(runner.invoke(cli, ["compare", str(seed_path), str(variant),
                                          "--format", "json"]).stdout)
    assert len(rows) == len(data["pairs"])
    assert [r["status"] for r in rows] == [p["status"] for p in data["pairs"]]


def test_guideline_option_adds_fidelity(runner, seed_path, variant):
    result = runner.invoke(cli, ["compare", str(seed_path), str(variant), "--guideline",
                                 str(seed_path), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["guideline"]["id"] == "sichuan_2016"
    assert data["summary"]["fidelity"]["a"] == {"covered": 1.0, "retained": 1.0, "local": 0}
    table = runner.invoke(cli, ["compare", str(seed_path), str(variant), "-g", str(seed_path)])
    assert "A covers 100.0% of the guideline's tasks and retains 100.0% of its text" in \
        table.stdout
    assert table.stdout.splitlines()[2].startswith("guideline: ")


def test_score_cutoff_is_passed_on(runner, seed_path, variant):
    def summary(*extra):
        result = runner.invoke(cli, ["compare", str(seed_path), str(variant), "--format",
                                     "json", *extra])
        return json.loads(result.stdout)["summary"]

    default, strict = summary(), summary("--score-cutoff", "100")
    assert strict["unchanged"] == default["unchanged"]
    assert strict["removed"] > default["removed"] and strict["added"] > default["added"]


@pytest.mark.parametrize("which", ["A", "B", "guideline"])
def test_bad_input_exit_2_names_the_argument(runner, seed_path, tmp_path, which):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "diffkit.plan/1", "id": "x"}', encoding="utf-8")
    args = {"A": [str(bad), str(seed_path)], "B": [str(seed_path), str(bad)],
            "guideline": [str(seed_path), str(seed_path), "--guideline", str(bad)]}[which]
    result = runner.invoke(cli, ["compare", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"diffkit: {which} {bad}: $.sections")
    assert "Traceback" not in result.stderr


def test_raw_text_is_parsed_on_the_fly(runner, seed_path, tmp_path):
    raw = tmp_path / "plan.txt"
    raw.write_text("一、总体要求\n（一）加强区域合作。\n牵头单位：省发展改革委\n", encoding="utf-8")
    result = runner.invoke(cli, ["compare", str(seed_path), str(raw), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["tasks_a"] == 34 and data["summary"]["tasks_b"] == 1
    assert data["b"]["id"] == raw.parent.name


def test_bad_options_exit_2(runner, seed_path):
    result = runner.invoke(cli, ["compare", str(seed_path), str(seed_path), "--as-of", "soon"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr
    result = runner.invoke(cli, ["compare", str(seed_path), str(seed_path),
                                 "--score-cutoff", "120"])
    assert result.exit_code == 2
    result = runner.invoke(cli, ["compare", str(seed_path), str(seed_path), "--format", "xml"])
    assert result.exit_code == 2 and "table" in result.stderr


def test_simulate_writes_variant_and_truth(runner, seed_path, tmp_path):
    out = tmp_path / "sim"
    result = runner.invoke(cli, ["simulate", str(seed_path), "--edits", "5", "--seed", "7",
                                 "-o", str(out)])
    assert result.exit_code == 0
    meta = json.loads((out / "plan.json").read_text("utf-8"))["meta"]
    assert meta["simulated"]["seed"] == 7 and len(meta["simulated"]["edits"]) == 5
    truth = json.loads((out / "truth.json").read_text("utf-8"))
    assert not schema_problems(truth, comparison_schema())
    again = tmp_path / "again"
    runner.invoke(cli, ["simulate", str(seed_path), "--edits", "5", "--seed", "7",
                        "-o", str(again)])
    assert (again / "plan.json").read_bytes() == (out / "plan.json").read_bytes()


def test_simulate_bad_output_exit_2(runner, seed_path, tmp_path):
    afile = tmp_path / "file"
    afile.write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["simulate", str(seed_path), "-o", str(afile)])
    assert result.exit_code == 2 and "not a directory" in result.stderr
    result = runner.invoke(cli, ["simulate", str(seed_path), "-o", str(afile / "b")])
    assert result.exit_code == 2 and "is a file" in result.stderr


def test_simulate_creates_missing_parent_folders(runner, seed_path, tmp_path):
    out = tmp_path / "a" / "b"
    result = runner.invoke(cli, ["simulate", str(seed_path), "--edits", "2", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert (out / "plan.json").is_file() and (out / "truth.json").is_file()


def test_compare_does_not_import_pandas_or_openpyxl(seed_path, tmp_path):
    """Nor jsonschema for a parsed plan with lines its parser could not place (most have)."""
    parsed = tmp_path / "parsed.json"
    data = json.loads(seed_path.read_text("utf-8"))
    data["unplaced"] = [{"line": 2, "text": "抄送:省委各部门"}]
    parsed.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code = ("import sys; from diffkit.cli import main; sys.argv = ['diffkit', 'compare', "
            f"{str(seed_path)!r}, {str(parsed)!r}, '--format', '{{fmt}}'];\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "heavy = [m for m in ('pandas', 'openpyxl', 'jsonschema', 'numpy', 'msgspec', "
            "'pyarrow', "
            "'diffkit.corpus.run', 'diffkit.agencies.workload', 'diffkit.overrides', 'diffkit.read.parse', "
            "'lxml', 'docx', 'pdfplumber', 'pdfminer', 'diffkit.read.source') "
            "if m in sys.modules]\nprint('HEAVY', heavy, file=sys.stderr)")
    for fmt in ("table", "json", "csv"):
        proc = subprocess.run([sys.executable, "-c", code.replace("{fmt}", fmt)], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        assert "HEAVY []" in proc.stderr, proc.stderr


# -- agencies: --by agency, --region ----------------------------------------------------------
def _agency_plan(path, pid, meta, lead, participants):
    data = {"format": "diffkit.plan/1", "id": pid, "meta": meta, "sections": [
        {"id": "1", "title": "一", "items": [{"id": "1", "title": "事项", "tasks": [
            {"id": "1.1", "text": "建立毗邻省区间发展规划衔接机制，推动空间布局协调。",
             "lead": lead, "participants": participants}]}]}]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_by_agency_table_csv_and_json_refused(runner, tmp_path):
    a = _agency_plan(tmp_path / "a.json", "sc", {"region": "四川省"}, ["省发展改革委"], ["商务厅"])
    b = _agency_plan(tmp_path / "b.json", "gd", {"region": "广东省"}, ["广东省发展和改革委员会"],
                     ["省商务厅", "省财政厅"])
    result = runner.invoke(cli, ["compare", a, b, "--by", "agency"])
    assert result.exit_code == 0, result.output
    assert "agencies matched by function; 3 lines of responsibility" in result.stdout
    result = runner.invoke(cli, ["compare", a, b, "--by", "agency", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["function"] for r in rows] == ["development_reform", "commerce", "finance"]
    assert rows[2]["gained"] == "1" and rows[0]["lost"] == "0"
    result = runner.invoke(cli, ["compare", a, b, "--by", "agency", "--format", "json"])
    assert result.exit_code == 2 and "--by" in result.stderr and "Traceback" not in result.output


def test_region_option_reads_a_plan_that_names_none(runner, tmp_path):
    a = _agency_plan(tmp_path / "a.json", "gd1", {}, ["省商务厅"], [])
    b = _agency_plan(tmp_path / "b.json", "gd2", {}, ["广东省商务厅"], [])
    # without a region the plans are read as the shipped registry's (Sichuan's): 广东省商务厅
    # is then another region's agency, a change
    result = runner.invoke(cli, ["compare", a, b, "--format", "json"])
    assert json.loads(result.stdout)["summary"]["agency_changes"] == 2
    result = runner.invoke(cli, ["compare", a, b, "--format", "json", "--region", "广东省"])
    data = json.loads(result.stdout)
    assert data["summary"]["agency_changes"] == 0 and data["agencies_matched_by"] == "identity"


def test_simulate_kinds_chooses_the_edits_and_an_unknown_kind_is_exit_2(runner, seed_path,
                                                                        tmp_path):
    out = tmp_path / "sim"
    result = runner.invoke(cli, ["simulate", str(seed_path), "--edits", "2", "--kinds",
                                 "regroup, borrow_clause", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    edits = json.loads((out / "plan.json").read_text("utf-8"))["meta"]["simulated"]["edits"]
    assert edits and set(edits) <= {"regroup", "borrow_clause"}
    result = runner.invoke(cli, ["simulate", str(seed_path), "--kinds", "shuffle", "-o",
                                 str(tmp_path / "bad")])
    assert result.exit_code == 2 and "unknown edit kind shuffle" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "bad").exists()
