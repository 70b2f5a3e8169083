"""`diffkit parse`: output, warnings, and every bad input → exit 2, one line, no output file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from diffkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "datasets/sichuan_2016"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_parse_seed_to_stdout_is_plan_json_byte_for_byte():
    result = run("parse", str(SEED / "source.txt"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (SEED / "plan.json").read_bytes()
    assert result.stderr == (f"diffkit: {SEED / 'source.txt'}: "
                             "34 tasks, 34 with agencies, 0 warnings\n")


def test_parse_as_a_subprocess(tmp_path):
    out = tmp_path / "plan.json"
    proc = subprocess.run([sys.executable, "-m", "diffkit", "parse", str(SEED / "source.txt"),
                           "-o", str(out)], cwd=ROOT, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == (SEED / "plan.json").read_bytes()


def test_options_id_encoding_simplified(tmp_path):
    src = tmp_path / "doc.txt"
    src.write_bytes("一、總體\n（一）建設。推進。\n牽頭單位：甲廳\n".encode("big5"))
    out = tmp_path / "doc.json"
    result = run("parse", str(src), "-o", str(out), "--id", "x1", "--encoding", "big5",
                 "--simplified")
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text("utf-8"))
    assert data["id"] == "x1"
    assert data["sections"][0]["items"][0]["tasks"][0]["lead"] == ["甲厅"]


def test_warnings_go_to_stderr(tmp_path):
    src = tmp_path / "p.txt"
    src.write_text("浏览次数：9\n一、甲\n(一)甲。事。\n牵头单位:甲\n", "utf-8")
    result = run("parse", str(src))
    assert result.exit_code == 0
    assert result.stderr == (f"diffkit: warning: {src}: line 1: web page chrome left out: 浏览次数：9\n"
                             f"diffkit: {src}: 1 tasks, 1 with agencies, 1 warnings\n")
    assert json.loads(result.stdout)["unplaced"] == [{"line": 1, "text": "浏览次数：9"}]


def _bad(tmp_path: Path, kind: str) -> Path:
    p = tmp_path / "in.txt"
    if kind == "missing":
        return p
    if kind == "directory":
        p.mkdir()
    elif kind == "empty":
        p.write_bytes(b"")
    elif kind == "binary":
        p.write_bytes(bytes(range(256)) * 20)
    elif kind == "no tasks":
        p.write_text("这只是一段话。\n没有编号的任务。\n", "utf-8")
    return p


@pytest.mark.parametrize("kind,message", [
    ("missing", "no such plan text"), ("directory", "is a directory"),
    ("empty", "file is empty"), ("binary", "binary data|cannot decode"),
    ("no tasks", "no numbered tasks found in 2 non-blank lines; is this a plan?")])
def test_bad_input_exit_2_one_line_no_output(tmp_path, kind, message):
    import re
    src = _bad(tmp_path, kind)
    out = tmp_path / "out.json"
    result = run("parse", str(src), "-o", str(out))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"diffkit: {src}: ")
    assert re.search(message, lines[0])
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_undecodable_with_given_encoding_suggests_gb18030(tmp_path):
    src = tmp_path / "p.txt"
    src.write_bytes("一、甲\n(一)甲。事。\n".encode("gb18030"))
    result = run("parse", str(src), "--encoding", "utf-8")
    assert result.exit_code == 2
    assert "--encoding gb18030" in result.stderr


def test_output_under_a_file_no_work_done(tmp_path):
    (tmp_path / "nope").write_text("a file", "utf-8")
    result = run("parse", str(SEED / "source.txt"), "-o", str(tmp_path / "nope" / "p.json"))
    assert result.exit_code == 2
    assert "is a file" in result.stderr
    assert (tmp_path / "nope").read_text("utf-8") == "a file"


def test_output_directory_not_writable():
    # /sys refuses new files even to root (tests run as root, where chmod 500 is no barrier)
    result = run("parse", str(SEED / "source.txt"), "-o", "/sys/diffkit-test-plan.json")
    assert result.exit_code == 2
    assert "/sys/diffkit-test-plan.json" in result.stderr and "Traceback" not in result.output
    assert not Path("/sys/diffkit-test-plan.json").exists()


def test_input_is_unchanged(tmp_path):
    src = tmp_path / "source.txt"
    data = (SEED / "source.txt").read_bytes().replace(b"\n", b"\r\n")
    src.write_bytes(data)
    assert run("parse", str(src), "-o", str(tmp_path / "o.json")).exit_code == 0
    assert src.read_bytes() == data


def test_output_is_deterministic(tmp_path):
    src = ROOT / "tests/cases/parse/web_copy/input.txt"
    first, second = run("parse", str(src)), run("parse", str(src))
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stderr == second.stderr
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    run("export", str(SEED / "plan.json"), "-o", str(a))
    run("export", str(SEED / "plan.json"), "-o", str(b))
    assert a.read_bytes() == b.read_bytes()


def test_plan_json_given_to_parse_gets_a_hint():
    result = run("parse", str(SEED / "plan.json"))
    assert result.exit_code == 2
    assert "plan JSON needs no parsing; try `diffkit validate`" in result.stderr


def test_parse_warnings_from_raw_text_in_other_commands(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("浏览次数：5\n一、甲\n(一)建设平台。推进建设。\n牵头单位:甲厅\n", "utf-8")
    result = run("compare", str(src), str(SEED / "plan.json"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"diffkit: warning: {src}: line 1: web page chrome left out: 浏览次数：5\n"
