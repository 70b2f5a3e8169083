"""``diffkit agencies``: exit codes, stdout formats and one-line errors on stderr."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from diffkit.cli import cli
from tests.builders import ROOT, SEED_JSON

SEED = str(SEED_JSON)


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_json_contract():
    r = run("agencies", SEED, "--format", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert list(data) == ["format", "plan", "as_of", "agencies", "unresolved"]
    assert data["format"] == "diffkit.agencies/1" and data["plan"] == "sichuan_2016"
    assert data["as_of"] is None and data["unresolved"] == []
    # "function" is an additive key, present for standard organs and vertical agencies
    assert all(list(a) in (["agency", "kind", "lead", "participants", "tasks"],
                           ["agency", "kind", "lead", "participants", "tasks", "function"])
               for a in data["agencies"])
    by_name = {a["agency"]: a for a in data["agencies"]}
    assert by_name["省发展改革委"]["function"] == "development_reform"
    assert "function" not in by_name["省铁投集团"]
    assert len(data["agencies"]) == 54
    assert r.stderr == ""


def test_as_of_merges_predecessors():
    r = run("agencies", SEED, "--as-of", "2019-06-01", "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    names = {a["agency"]: a for a in data["agencies"]}
    assert "省工商局" not in names and "省质监局" not in names
    smr = names["省市场监管局"]
    # 4.1 names 省工商局 and 省质监局: one task, counted once
    assert smr["tasks"].count("4.1") == 1
    assert len(smr["tasks"]) == smr["lead"] + smr["participants"]


def test_table_and_csv():
    r = run("agencies", SEED)
    assert r.exit_code == 0
    assert r.stdout.startswith("sichuan_2016: 54 agencies, 0 unresolved names")
    assert "省发展改革委" in r.stdout
    r = run("agencies", SEED, "--format", "csv")
    assert r.stdout.splitlines()[0] == "agency,kind,lead,participants,tasks"


def _seed_led_by(tmp_path: Path, lead: str) -> Path:
    """The seed with task 1.1 led by ``lead`` (a name as written), saved in ``tmp_path``."""
    data = json.loads(Path(SEED).read_text("utf-8"))
    data["sections"][0]["items"][0]["tasks"][0]["lead"] = [lead]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return p


def test_unknown_agency_is_a_warning(tmp_path):
    p = _seed_led_by(tmp_path, "省发展改革局")
    r = run("agencies", str(p), "--format", "json")
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert out["unresolved"][0]["name"] == "省发展改革局"
    assert out["unresolved"][0]["tasks"] == ["1.1"]
    assert "省发展改革委" in out["unresolved"][0]["suggestions"]


def test_bad_as_of_exits_2_with_the_format():
    r = run("agencies", SEED, "--as-of", "2019/06/01")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr == ("diffkit: --as-of: '2019/06/01' is not a date "
                        "(use YYYY-MM-DD, e.g. 2019-06-01)\n")


def test_missing_plan_exits_2(tmp_path):
    r = run("agencies", str(tmp_path / "nope.json"))
    assert r.exit_code == 2
    assert r.stderr.startswith("diffkit: ") and "no such plan JSON" in r.stderr


def test_extension_registry(tmp_path):
    ext = tmp_path / "mine.csv"
    ext.write_text("canonical,full_name,aliases,kind,note,source\n"
                   "省发展改革委,四川省发展和改革委员会,省发展改革局,provincial_department,,\n",
                   "utf-8")
    p = _seed_led_by(tmp_path, "省发展改革局")
    r = run("agencies", str(p), "--agencies", str(ext), "--format", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["unresolved"] == []


def test_bad_registry_exits_2_naming_file_line_column(tmp_path):
    d = tmp_path / "reg"
    shutil.copytree(ROOT / "datasets" / "agencies", d)
    with (d / "successors.csv").open("a", encoding="utf-8") as fh:
        fh.write("商务厅,财政厅,renamed,someday,x,high,\n")
    lines = (d / "successors.csv").read_text("utf-8").count("\n")
    r = run("agencies", SEED, "--agencies", str(d))
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr == (f"diffkit: {d / 'successors.csv'}: line {lines}, column 4 (date): "
                        "unparseable date 'someday' (use YYYY-MM-DD, YYYY-MM or YYYY)\n")


def test_bad_min_confidence_is_a_usage_error():
    r = run("agencies", SEED, "--min-confidence", "sure")
    assert r.exit_code == 2
    assert "'sure' is not one of 'low', 'medium', 'high'" in r.stderr


AGENCY_HEADER = "canonical,full_name,aliases,kind,note,source\n"


def test_registry_problems_exit_2_naming_file_line_column(tmp_path):
    cases = {
        "missing.csv": ("canonical,full_name,aliases,note,source\n甲局,,,,\n",
                        "line 1, column 6: missing column 'kind'"),
        "dup.csv": (AGENCY_HEADER + "甲局,,甲,provincial_department,,\n"
                                    "乙局,,甲,provincial_department,,\n",
                    "line 3, column 3 (aliases): '甲' already names '甲局' (line 2)"),
        "cycle.csv": ("old,new,relation,date,source,confidence,note\n"
                      "商务厅,财政厅,renamed,2030,x,low,\n财政厅,商务厅,renamed,2031,x,low,\n",
                      "line 3, column 2 (new): successor cycle 商务厅 → 财政厅 → 商务厅"),
    }
    for name, (text, message) in cases.items():
        p = tmp_path / name
        p.write_text(text, "utf-8")
        r = run("agencies", SEED, "--agencies", str(p))
        assert r.exit_code == 2, name
        assert r.stdout == ""
        assert r.stderr.startswith(f"diffkit: {p}: {message}"), r.stderr
        assert r.stderr.count("\n") == 1
