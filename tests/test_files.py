"""diffkit.files: reading JSON safely."""

from __future__ import annotations

import gc

import pytest

from diffkit.errors import InputError
from diffkit.files import read_json


def _depth(n: int) -> int:
    return _depth(n - 1) if n else 0


def test_deeply_nested_json_runs_no_finalizer_deep_in_the_recursion(tmp_path):
    """CI once printed "Exception ignored in sys.unraisablehook" before the one-line error:
    the collector ran in json's recursion and an unrelated finalizer failed there."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    seen: list[str] = []

    class Cycle:
        def __del__(self) -> None:
            try:
                _depth(600)
                seen.append("ok")
            except RecursionError:
                seen.append("deep")

    gc.collect()
    for _ in range(100):  # garbage the collector finds during the next allocations
        c = Cycle()
        c.me = c
    del c
    with pytest.raises(InputError, match="nested too deeply"):
        read_json(path)
    gc.collect()
    assert seen and "deep" not in seen
    assert gc.isenabled()


def test_write_atomic_syncs_the_data_before_the_rename(tmp_path, monkeypatch):
    import os

    from diffkit.files import write_text_atomic
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(os, "replace", lambda a, b: calls.append("replace") or real_replace(a, b))
    out = write_text_atomic(tmp_path / "x.json", "{}")
    assert calls == ["fsync", "replace"] and out.read_text("utf-8") == "{}"


WRITERS = [
    ("parse", lambda src, o: ["parse", src["text"], "-o", o], "p.json"),
    ("export", lambda src, o: ["export", src["plan"], "-o", o], "p.xlsx"),
    ("export", lambda src, o: ["export", src["plan"], "-o", o], "p.csv"),
    ("compare", lambda src, o: ["compare", src["plan"], src["plan"], "--excel", o], "r.xlsx"),
    ("compare", lambda src, o: ["compare", src["plan"], src["plan"], "--html", o], "r.html"),
    ("migrate", lambda src, o: ["migrate", src["plan"], "--as-of", "2020-01-01", "-o", o],
     "m.json"),
    ("plan-workbook", lambda src, o: ["plan-workbook", src["plan"], "-o", o], "w.xlsx"),
    ("guideline", lambda src, o: ["guideline", src["plan"], "-o", o], "g.json"),
]


@pytest.mark.parametrize("command, argv, name", WRITERS, ids=[w[2] for w in WRITERS])
def test_writers_create_missing_parent_folders(tmp_path, command, argv, name):
    from click.testing import CliRunner

    from diffkit.cli import cli
    from tests.builders import SEED_DIR

    src = {"plan": str(SEED_DIR / "plan.json"), "text": str(SEED_DIR / "source.txt")}
    out = tmp_path / "new" / "deeper" / name
    result = CliRunner().invoke(cli, argv(src, str(out)))
    assert result.exit_code == 0, result.stderr
    assert out.is_file() and out.stat().st_size > 0
    assert [p.name for p in out.parent.iterdir()] == [name]  # no temporary file left


def test_output_checks_name_the_option_to_change(tmp_path):
    from diffkit.errors import OptionError, OutputError
    from diffkit.files import check_html_name, check_output, check_workbook, check_xlsx_name

    with pytest.raises(OptionError) as info:
        check_xlsx_name("report.csv", option="--output")
    assert info.value.option == "--output"
    assert info.value.text() == ("'report.csv' does not end in .xlsx (the report is an Excel "
                                 "workbook; for CSV use --format csv)")
    check_xlsx_name("Report.XLSX", option="--excel")
    check_html_name(None)
    with pytest.raises(OptionError, match="does not end in .html"):
        check_html_name(tmp_path / "page.txt")
    plan = tmp_path / "plan.json"
    plan.write_text("{}", "utf-8")
    with pytest.raises(OptionError) as info:
        check_output(str(tmp_path / "." / "plan.json"), plan)  # the same file, another spelling
    assert info.value.option == "--output" and "is the input file" in info.value.text()
    check_output(None, plan)
    check_output(tmp_path / "new.json", plan)
    with pytest.raises(OutputError, match="is a directory"):
        check_workbook(tmp_path, option="--output")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]
