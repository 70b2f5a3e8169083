"""`diffkit guideline` and `diffkit.guideline`: a plan without agencies, level national."""

from __future__ import annotations

import json

import diffkit
from diffkit.cli import cli
from diffkit.model import validate_plan


def test_guideline_strips_agencies_and_says_so(seed_plan):
    g = diffkit.guideline(seed_plan)
    assert g.id == "sichuan_2016_guideline"
    assert [t.text for t in g.tasks] == [t.text for t in seed_plan.tasks]
    assert [t.id for t in g.tasks] == [t.id for t in seed_plan.tasks]
    assert not any(t.lead or t.participants or t.labels or t.responsible or t.leaders
                   for t in g.tasks)
    assert g.meta["level"] == "national" and "region" not in g.meta
    assert g.meta["derived"]["from"] == "sichuan_2016"
    assert "agencies removed" in g.meta["derived"]["note"]
    assert g.meta["title"] == seed_plan.meta["title"] and not g.abbreviations
    assert validate_plan(g.to_dict()) == []
    assert any(t.lead for t in seed_plan.tasks)  # the source is untouched


def test_cli_twin_writes_the_same_plan(runner, seed_path, tmp_path):
    out = tmp_path / "g" / "guideline.json"
    result = runner.invoke(cli, ["guideline", str(seed_path), "-o", str(out), "--id", "g1"])
    assert result.exit_code == 0, result.stderr
    assert "agencies removed, level national" in result.stderr
    data = json.loads(out.read_text("utf-8"))
    assert data == diffkit.guideline(seed_path, id="g1").to_dict()
    stdout = runner.invoke(cli, ["guideline", str(seed_path)])
    assert json.loads(stdout.stdout)["id"] == "sichuan_2016_guideline"


def test_a_corpus_runs_against_the_made_guideline(seed_plan):
    c = diffkit.corpus([seed_plan], diffkit.guideline(seed_plan))
    assert c.plans[0].coverage == 1.0


def test_guideline_refuses_to_overwrite_its_input(runner, seed_path, tmp_path):
    copy = tmp_path / "plan.json"
    copy.write_bytes(seed_path.read_bytes())
    result = runner.invoke(cli, ["guideline", str(copy), "-o", str(copy)])
    assert result.exit_code == 2 and "input file" in result.stderr
    assert copy.read_bytes() == seed_path.read_bytes()


def test_responsible_units_and_leaders_go_too():
    plan = diffkit.Plan.from_dict({
        "format": "diffkit.plan/1", "id": "county", "meta": {"level": "county",
                                                              "region": "某县"},
        "sections": [{"id": "1", "title": "重点任务", "items": [{"id": "1", "title": "项目", "tasks": [
            {"id": "1.1", "text": "推进项目建设。", "lead": [], "participants": [],
             "responsible": ["县发改局", "县财政局"], "leaders": ["张某某"]}]}]}]})
    assert plan.tasks[0].responsible and plan.tasks[0].leaders
    g = diffkit.guideline(plan)
    assert not (g.tasks[0].responsible or g.tasks[0].leaders)
    assert g.meta["level"] == "national" and "region" not in g.meta
    assert validate_plan(g.to_dict()) == []
