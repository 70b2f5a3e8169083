"""`diffkit compare`'s terminal table (ids never cut, --changed-only, --renames, --full,
wrapping to the terminal's width) and its CSV (byte-order mark, --no-bom)."""

from __future__ import annotations

import csv
import io

import pytest

import diffkit
from diffkit.cli import cli
from diffkit.normalize import text_width
from diffkit.report.comparison import comparison_table
from tests.builders import ROOT

REVISION = ROOT / "datasets" / "examples" / "sichuan_2016_simulated_revision" / "plan.json"


@pytest.fixture(scope="module")
def demo(seed_plan):
    return diffkit.compare(seed_plan, REVISION)


def _run(runner, *extra, columns=100):
    result = runner.invoke(cli, ["compare", str(ROOT / "datasets/sichuan_2016/plan.json"),
                                 str(REVISION), *extra], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("columns", [60, 100, 140])
def test_lines_fit_the_width_and_nothing_is_cut(demo, columns):
    text = comparison_table(demo, width=columns, renames="show", full=True)
    assert all(text_width(line) <= columns for line in text.splitlines())
    assert "…" not in text  # --full: whole texts
    flat = "".join(line.strip() for line in text.splitlines())
    for p in demo.pairs:  # every id and every changed agency name, whole
        assert f"{', '.join(p.a) or '—'} → {', '.join(p.b) or '—'}".replace(" ", "") in \
            flat.replace(" ", "")
        for ch in p.agency_changes:
            assert all(n in flat for n in (ch.a, ch.b) if n)


def test_full_shows_whole_texts_of_added_and_removed_tasks(demo):
    text = comparison_table(demo, width=80, full=True)
    flat = "".join(line.strip() for line in text.splitlines())
    for p in demo.pairs:
        if not (p.a and p.b):
            assert "".join((p.a_text or p.b_text).split()) in flat


def test_changed_only_and_renames(runner, demo):
    everything = _run(runner)
    changed = _run(runner, "--changed-only")
    listed = [p for p in demo.pairs if p.status.value != "unchanged" or p.moved
              or any(ch.change != "renamed" for ch in p.agency_changes)]
    assert f"Changed tasks ({len(listed)} of {len(demo.pairs)} pairs)" in changed
    assert f"Tasks ({len(demo.pairs)} pairs)" in everything
    assert len(changed.splitlines()) < len(everything.splitlines())
    renames = {(ch.a, ch.b) for _, ch in demo.agency_changes if ch.change == "renamed"}
    assert renames
    grouped = changed.split("Renamed agencies")[1].splitlines()[1:]
    assert sorted(line.split(":")[0].strip() for line in grouped) == \
        sorted(f"{a} → {b}" for a, b in renames)
    hidden = _run(runner, "--changed-only", "--renames", "hide")
    assert "(renamed" not in hidden and "Renamed agencies" not in hidden
    n = sum(1 for _, ch in demo.agency_changes if ch.change == "renamed")
    assert f"{n} agency renames not shown" in hidden
    shown = _run(runner, "--changed-only", "--renames", "show")
    assert shown.count("(renamed") == n  # "(renamed, function)" under each task


def test_group_counts_tasks_per_rename(demo):
    text = comparison_table(demo, width=200)
    a, b = next((ch.a, ch.b) for _, ch in demo.agency_changes if ch.change == "renamed")
    tasks = {t for p, ch in demo.agency_changes if (ch.a, ch.b) == (a, b) for t in p.a}
    line = next(line for line in text.splitlines() if line.strip().startswith(f"{a} → {b}:"))
    assert f": {len(tasks)} task" in line


def test_csv_starts_with_a_bom_unless_no_bom(runner, demo):
    with_bom = _run(runner, "--format", "csv")
    assert with_bom.startswith("\ufeffa,b,guideline,status")
    without = _run(runner, "--format", "csv", "--no-bom")
    assert without == with_bom[1:]
    rows = list(csv.DictReader(io.StringIO(with_bom.lstrip("\ufeff"))))
    assert len(rows) == len(demo.pairs)
    changed = list(csv.DictReader(io.StringIO(_run(runner, "--format", "csv", "--no-bom",
                                                   "--changed-only"))))
    assert len(changed) == sum(p.changed for p in demo.pairs) < len(rows)
    assert not _run(runner, "--format", "json").startswith("\ufeff")


def test_table_and_csv_show_borrows_and_follows(runner, seed_plan, tmp_path):
    """A chain written to files and compared by the command: each pair's head line says what
    it borrows and follows, the CSV has the two columns; a comparison of two plans of one
    level says neither."""
    from tests.builders import chain

    paths = []
    for name, p in zip("gab", chain(seed_plan), strict=True):
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(p.to_json(), "utf-8")
    g, a, b = map(str, paths)
    c = diffkit.compare(a, b, g)
    result = runner.invoke(cli, ["compare", a, b, "--guideline", g], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    heads = [line for line in result.stdout.splitlines() if " → " in line and ": " in line
             and line.startswith("  ") and not line.startswith("   ")]
    assert len(heads) == len(c.pairs)
    words = {"guideline": "follows the guideline", "a": "follows A",
             "local": "follows neither (local)"}
    for line, p in zip(heads, c.pairs, strict=True):
        assert words[p.follows] in line
        assert ("borrows a clause of A's " + ", ".join(p.borrows) in line) == bool(p.borrows)
    assert sum("borrows a clause" in line for line in heads) == 2
    out = runner.invoke(cli, ["compare", a, b, "--guideline", g, "--format", "csv",
                              "--no-bom"]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["borrows"], r["follows"]) for r in rows] == \
        [(";".join(p.borrows), p.follows) for p in c.pairs]
    plain = _run(runner)
    assert "borrows a clause" not in plain and "follows" not in plain
