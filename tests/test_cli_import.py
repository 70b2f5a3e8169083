"""`diffkit import` and `diffkit export`: round trips, researchers' sheets, untrusted
workbooks (zip bombs, entity expansion, text renamed .xlsx, corrupt zips) → exit 2."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from diffkit.cli import cli
from diffkit.model import Item, Plan, Section, Task, load
from diffkit.read.untrusted import MAX_PART_BYTES
from tests import hostile
from tests.builders import SEED_JSON


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_line_error(result, pattern: str) -> None:
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_the_plan_back(tmp_path, suffix):
    sheet = tmp_path / f"seed{suffix}"
    assert run("export", str(SEED_JSON), "-o", str(sheet)).exit_code == 0
    out = tmp_path / "back.json"
    result = run("import", str(sheet), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == SEED_JSON.read_bytes()


def test_import_to_stdout_with_id(tmp_path):
    sheet = tmp_path / "s.csv"
    run("export", str(SEED_JSON), "-o", str(sheet))
    result = run("import", str(sheet), "--id", "other")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "other"


def test_researcher_csv_in_gbk_with_map(tmp_path):
    sheet = tmp_path / "guangxi.csv"
    sheet.write_bytes("序号,具体工作,牵头单位,配合单位,完成时限\n"
                      "1,建设平台。,自治区发展改革委,\"科技厅、商务厅\",2017年底前\n"
                      "2,推进合作。,商务厅,,\n".encode("gbk"))
    result = run("import", str(sheet), "--map", "具体工作=text")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "guangxi"
    tasks = [t for s in data["sections"] for i in s["items"] for t in i["tasks"]]
    assert tasks[0] == {"id": "1.1", "text": "建设平台。", "lead": ["自治区发展改革委"],
                        "participants": ["科技厅", "商务厅"], "deadline": "2017年底前"}


def test_formula_like_text_is_never_a_formula(tmp_path):
    plan = Plan("f", (Section("1", "=HYPERLINK()", (Item("1", "@x", (
        Task("1.1", "=1+1", ("+甲",), ("-乙",)),)),)),))
    src = tmp_path / "f.json"
    plan.save(src)
    xlsx, csv_path = tmp_path / "f.xlsx", tmp_path / "f.csv"
    assert run("export", str(src), "-o", str(xlsx)).exit_code == 0
    assert run("export", str(src), "-o", str(csv_path)).exit_code == 0
    with zipfile.ZipFile(xlsx) as zf:
        sheet_xml = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "=1+1" in sheet_xml
    assert "'=1+1" in csv_path.read_text("utf-8-sig")
    for path in (xlsx, csv_path):
        result = run("import", str(path))
        assert result.exit_code == 0
        assert load(json.loads(result.stdout)) == plan


def test_sheet_option(tmp_path):
    xlsx = tmp_path / "s.xlsx"
    run("export", str(SEED_JSON), "-o", str(xlsx))
    result = run("import", str(xlsx), "--sheet", "tasks")
    assert result.exit_code == 0
    imported, seed = load(json.loads(result.stdout)), load(SEED_JSON)
    # the tasks sheet alone carries every task, its text and its agencies
    assert [(t.id, t.text, t.lead, t.participants) for t in imported.tasks] == \
        [(t.id, t.text, t.lead, t.participants) for t in seed.tasks]
    one_line_error(run("import", str(xlsx), "--sheet", "Sheet9"),
                   r"no sheet named 'Sheet9' \(sheets are: tasks, plan\)")


# -- bad inputs -------------------------------------------------------------------------------------
def _text_named_xlsx(p: Path) -> Path:
    p.write_text("序号,任务\n1,甲\n", "utf-8")
    return p


def _zip_bomb(p: Path) -> Path:
    return hostile.zip_bomb_xlsx(p, part_bytes=MAX_PART_BYTES + (1 << 20))


@pytest.mark.parametrize("make,pattern", [
    (_text_named_xlsx, r"not an \.xlsx workbook \(not a zip archive"),
    (hostile.corrupt_zip, r"not an \.xlsx workbook|corrupt"),
    (hostile.zip_without_workbook, r"no xl/workbook\.xml"),
    (_zip_bomb, r"would expand to .* refusing a possible zip bomb"),
    (hostile.billion_laughs_xlsx, r"cannot read workbook: .*Entit"),
])
def test_untrusted_workbooks_exit_2(tmp_path, make, pattern):
    src = make(tmp_path / "in.xlsx")
    before = src.read_bytes()
    out = tmp_path / "out.json"
    one_line_error(run("import", str(src), "-o", str(out)), pattern)
    assert not out.exists()
    assert src.read_bytes() == before


@pytest.mark.parametrize("args,pattern", [
    (["import", "missing.csv"], "no such workbook|no such plan text"),
    (["import", "{tmp}/empty.csv"], "file is empty"),
    (["import", "{tmp}/notable.csv"], "no task text column found"),
    (["import", "{tmp}/notable.csv", "--map", "a=words"], "unknown field 'words'"),
    (["import", "{tmp}/s.xls"], r"save it as \.xlsx first"),
    (["export", str(SEED_JSON), "-o", "{tmp}/s.ods"], r"\.xlsx or \.csv"),
    (["export", str(SEED_JSON), "-o", "{tmp}/empty.csv/s.csv"], "is a file"),
    (["export", "{tmp}/notable.csv", "-o", "{tmp}/x.csv"], "invalid JSON"),
])
def test_bad_input_and_output(tmp_path, args, pattern):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "notable.csv").write_text("a,b\n1,2\n", "utf-8")
    (tmp_path / "s.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = run(*[a.format(tmp=tmp_path) for a in args])
    one_line_error(result, pattern)
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "s.ods").exists()


def test_bad_map_syntax_is_a_usage_error(tmp_path):
    result = run("import", "x.csv", "--map", "nocolumn")
    assert result.exit_code == 2
    assert "COLUMN=FIELD" in result.stderr
