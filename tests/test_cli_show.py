"""`diffkit show`: one row per task as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

from diffkit.cli import cli


def test_table(runner, seed_path):
    result = runner.invoke(cli, ["show", str(seed_path)])
    assert result.exit_code == 0
    lines = result.stdout.split("\n")
    assert lines[0].startswith("四川省深化泛珠三角区域合作重点工作分工方案 (sichuan_2016)")
    assert "34 tasks" in lines[0]
    rows = [ln for ln in lines if ln.split()[:1] and ln.split()[0].isdigit()]
    assert len(rows) == 34
    assert rows[2].split()[:3] == ["1", "2", "2.2"]


def test_json_is_complete(runner, seed_path, seed_plan):
    result = runner.invoke(cli, ["show", str(seed_path), "--format", "json"])
    data = json.loads(result.stdout)
    assert [r["task"] for r in data["tasks"]] == [t.id for t in seed_plan.tasks]
    assert data["tasks"][2]["lead"] == ["商务厅", "省发展改革委"]
    assert data["tasks"][2]["text"] == seed_plan.ref("2.2").task.text


def test_csv(runner, seed_path):
    result = runner.invoke(cli, ["show", str(seed_path), "--format", "csv"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["section", "item", "task", "title", "text", "lead", "participants"]
    assert len(rows) == 35 and rows[1][5] == "省发展改革委"


def test_unknown_format_lists_choices(runner, seed_path):
    result = runner.invoke(cli, ["show", str(seed_path), "--format", "xml"])
    assert result.exit_code == 2
    assert "'table', 'json', 'csv'" in result.stderr


def test_missing_file(runner, tmp_path):
    result = runner.invoke(cli, ["show", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert result.stderr == f"diffkit: {tmp_path / 'x.json'}: no such plan JSON (check the path)\n"
