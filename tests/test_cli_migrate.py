"""``diffkit migrate``: the shipped derived dataset is reproducible; bad input exits 2 and
writes nothing."""

from __future__ import annotations

import json

from click.testing import CliRunner

from diffkit.cli import cli
from tests.builders import ROOT, SEED_JSON

REFORMED = ROOT / "datasets" / "sichuan_2016_reformed" / "plan.json"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_rebuilds_the_shipped_dataset_byte_for_byte(tmp_path):
    before = SEED_JSON.read_bytes()
    out = tmp_path / "plan.json"
    r = run("migrate", SEED_JSON, "--as-of", "2019-06-01", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert out.read_bytes() == REFORMED.read_bytes(), (
        "rerun: python -m diffkit migrate datasets/sichuan_2016/plan.json --as-of 2019-06-01 "
        "-o datasets/sichuan_2016_reformed/plan.json")
    assert SEED_JSON.read_bytes() == before
    assert r.stderr == f"{out}: 34 tasks, 31 with renamed agencies as of 2019-06-01\n"
    assert run("validate", out).exit_code == 0


def test_shipped_dataset_says_it_is_derived():
    meta = json.loads(REFORMED.read_text("utf-8"))["meta"]
    assert meta["derived"]["note"] == "derived, not an official document"
    assert meta["derived"]["by"] == "diffkit migrate"
    assert meta["derived"]["from"].startswith("sichuan_2016")
    readme = (REFORMED.parent / "README.md").read_text("utf-8")
    assert "derived, not an official document" in readme
    assert "diffkit migrate datasets/sichuan_2016/plan.json --as-of 2019-06-01" in readme


def test_stdout_when_no_output():
    r = run("migrate", SEED_JSON, "--as-of", "2024-01-01", "--id", "later")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["id"] == "later"
    names = [n for s in data["sections"] for i in s["items"] for t in i["tasks"]
             for n in t["lead"] + t["participants"]]
    assert "四川金融监管局" in names and "四川银监局" not in names


def test_min_confidence_high_keeps_medium_rows_out(tmp_path):
    r = run("migrate", SEED_JSON, "--as-of", "2019-06-01", "--min-confidence", "high")
    assert r.exit_code == 0
    text = r.stdout
    assert "省投资促进局" in text and "省经济合作局" not in text
    assert "省市场监管局" in text


def test_bad_as_of_writes_nothing(tmp_path):
    out = tmp_path / "out.json"
    r = run("migrate", SEED_JSON, "--as-of", "2019-6-1", "-o", out)
    assert r.exit_code == 2
    assert r.stderr == ("diffkit: --as-of: '2019-6-1' is not a date "
                        "(use YYYY-MM-DD, e.g. 2019-06-01)\n")
    assert not out.exists()


def test_as_of_is_required():
    r = run("migrate", SEED_JSON)
    assert r.exit_code == 2
    assert "Missing option '--as-of'" in r.stderr


def test_unwritable_output_exits_2(tmp_path):
    (tmp_path / "afile").write_text("a file, not a folder", "utf-8")
    out = tmp_path / "afile" / "out.json"
    r = run("migrate", SEED_JSON, "--as-of", "2019-06-01", "-o", out)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"diffkit: {out}: {out.parent} is a file")
    assert (tmp_path / "afile").read_text("utf-8") == "a file, not a folder"


def test_invalid_plan_exits_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "diffkit.plan/1", "id": "x"}', "utf-8")
    out = tmp_path / "out.json"
    r = run("migrate", bad, "--as-of", "2019-06-01", "-o", out)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"diffkit: {bad}: $.sections: missing")
    assert not out.exists()


def test_shipped_dataset_lists_medium_rows_it_applied():
    applied = json.loads(REFORMED.read_text("utf-8"))["meta"]["derived"]["applied"]
    medium = {(r["old"], r["new"]) for r in applied if r["confidence"] == "medium"}
    assert medium == {("省外事侨务(港澳)办", "省外办"), ("四川银监局", "四川银保监局"),
                      ("四川保监局", "四川银保监局"), ("省投资促进局", "省经济合作局")}
    assert all(r["date"] <= "2019-06-01" for r in applied)
