"""diffkit.corpus.options: the corpus run's options checked together, before any work, at
the public-function level (the command line shows the same refusals as usage errors)."""

from __future__ import annotations

import pytest

from diffkit import OptionError, OutputError, load
from diffkit.corpus.options import check_options, guideline_count, wants_reports
from diffkit.errors import DiffkitError, InputError

SEED = "datasets/sichuan_2016/plan.json"
REVISION = "datasets/examples/sichuan_2016_simulated_revision/plan.json"


@pytest.mark.parametrize(("engine", "scheduler", "expected"), [
    (None, None, "local"), (None, "tcp://127.0.0.1:9", "dask"), ("dask", None, "dask"),
    ("local", None, "local"), ("dask", "tcp://127.0.0.1:9", "dask")])
def test_the_engine_to_run_on(engine, scheduler, expected):
    assert check_options(SEED, engine=engine, scheduler=scheduler) == expected


def test_a_scheduler_needs_the_dask_engine():
    with pytest.raises(OptionError) as info:
        check_options(SEED, engine="local", scheduler="tcp://127.0.0.1:9")
    assert info.value.option is None
    assert info.value.text() == "--scheduler needs --engine dask"
    assert isinstance(info.value, DiffkitError)


@pytest.mark.parametrize("extra", [{"excel": "c.xlsx"}, {"html": "c.html"},
                                   {"format": "json"}, {"format": "csv"}])
def test_parquet_output_takes_the_reports_too(tmp_path, extra):
    """Beside the Parquet, the reports are made from it, read back (nothing is made here)."""
    extra = {k: tmp_path / v if k != "format" else v for k, v in extra.items()}
    assert check_options(SEED, output=tmp_path / "out", **extra) == "local"
    assert wants_reports(**extra)
    assert not (tmp_path / "out").exists()


def test_parquet_output_alone_is_fine(tmp_path):
    assert check_options(SEED, output=tmp_path / "out", format="table") == "local"
    assert not wants_reports(format="table")


def test_report_names(tmp_path):
    with pytest.raises(OptionError) as info:
        check_options(SEED, excel=tmp_path / "c.csv")
    assert info.value.option == "--excel" and ".xlsx" in info.value.text()
    assert info.value.line().startswith("--excel: ")
    with pytest.raises(OptionError) as info:
        check_options(SEED, html=tmp_path / "c.txt")
    assert info.value.option == "--html" and "does not end in .html" in info.value.text()
    (tmp_path / "file").write_text("not a folder", "utf-8")
    with pytest.raises(OutputError, match="is a file, not a directory"):
        check_options(SEED, excel=tmp_path / "file" / "c.xlsx")
    with pytest.raises(OutputError, match="is a file, not a directory"):
        check_options(SEED, html=tmp_path / "file" / "c.html")
    assert check_options(SEED, excel=tmp_path / "c.xlsx", html=tmp_path / "c.HTM") == "local"
    assert list(tmp_path.iterdir()) == [tmp_path / "file"]   # nothing written by a check


def test_a_workbook_or_page_takes_one_guideline(tmp_path):
    for extra in ({"excel": tmp_path / "c.xlsx"}, {"html": tmp_path / "c.html"}):
        with pytest.raises(OptionError, match="take one guideline"):
            check_options([SEED, REVISION], **extra)
        assert check_options([SEED, SEED], **extra) == "local"   # one file named twice
    assert check_options([SEED, REVISION], format="json") == "local"


def test_guideline_count(tmp_path):
    (tmp_path / "a").mkdir()
    for name in ("g1.json", "a/g2.json", "a/notes.txt"):
        (tmp_path / name).write_text("{}", "utf-8")
    assert guideline_count(SEED) == 1
    assert guideline_count([tmp_path]) == 2                      # a directory, recursively
    assert guideline_count([str(tmp_path / "*.json"), tmp_path / "g1.json"]) == 1
    assert guideline_count([load(SEED), SEED]) == 2               # an object counts one
    with pytest.raises(InputError, match="no files match this pattern"):
        guideline_count([str(tmp_path / "none*.json")])

