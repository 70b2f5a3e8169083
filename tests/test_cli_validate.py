"""`diffkit validate`: exit codes and one line per problem naming file and JSON path."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

from diffkit.cli import cli


def test_valid(runner, seed_path):
    result = runner.invoke(cli, ["validate", str(seed_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{seed_path}: valid\n"


def test_every_problem_one_line_each(runner, seed_path, tmp_path):
    data = json.loads(seed_path.read_text("utf-8"))
    data["sections"][0]["items"][0]["tasks"][0].pop("text")
    data["meta"]["date"] = "2016/12/30"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    before = bad.read_bytes()
    result = runner.invoke(cli, ["validate", str(seed_path), str(bad)])
    assert result.exit_code == 2
    lines = result.stderr.strip().split("\n")
    assert lines == [f"diffkit: {bad}: $.meta.date: '2016/12/30' is not an ISO date YYYY-MM-DD",
                     f"diffkit: {bad}: $.sections[0].items[0].tasks[0].text: missing"]
    assert "Traceback" not in result.output
    assert bad.read_bytes() == before


def test_schema_then_consistency_are_both_reported_for_many_files(runner, seed_path, tmp_path):
    data = json.loads(seed_path.read_text("utf-8"))
    data["sections"][1]["id"] = "1"
    data["meta"]["date"] = "30.12.2016"
    bad = tmp_path / "dup.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = runner.invoke(cli, ["validate", str(bad), str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    lines = result.stderr.strip().split("\n")
    assert lines == [
        f"diffkit: {bad}: $.meta.date: '30.12.2016' is not an ISO date YYYY-MM-DD",
        f"diffkit: {bad}: $.sections[1].id: duplicate section id '1' (first at $.sections[0].id)",
        f"diffkit: {tmp_path / 'nope.json'}: no such plan JSON (check the path)",
    ]


def test_bad_inputs(runner, tmp_path):
    cases = {
        "empty.json": ("", "file is empty"),
        "trunc.json": ('{"format": "diffkit.plan/1", "id": "x", "sec', "invalid JSON"),
        "list.json": ("[1, 2]", "expected a plan object, found a JSON list"),
        "fmt.json": ('{"format": "other/2", "id": "x", "sections": []}', "unknown format 'other/2'"),
        "raw.txt": ("一、总体要求\n(一)做事。\n", "diffkit parse"),
    }
    for name, (content, needle) in cases.items():
        path = tmp_path / name
        path.write_text(content, "utf-8")
        result = runner.invoke(cli, ["validate", str(path)])
        assert result.exit_code == 2, name
        assert needle in result.stderr and str(path) in result.stderr, (name, result.stderr)
        assert len(result.stderr.strip().split("\n")) == 1, result.stderr
    result = runner.invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_usage_error_is_exit_2(runner):
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 2 and "Missing argument" in result.stderr


def test_python_m_and_version():
    out = subprocess.run([sys.executable, "-m", "diffkit", "--version"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    import diffkit
    assert out.stdout.strip() == f"diffkit, version {diffkit.__version__}"
