"""Run every writing command once into OUT_DIR (used by test_properties: two processes with
different PYTHONHASHSEED must write the same bytes / the same workbook cells)."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from diffkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "datasets" / "sichuan_2016"
PLAN = str(SEED / "plan.json")
REVISION = str(ROOT / "datasets" / "examples" / "sichuan_2016_simulated_revision" / "plan.json")


def commands(out: Path) -> dict[str, list[str]]:
    """name of the stdout capture → command line (files named in it are written to ``out``)."""
    o = str(out)
    return {
        "parse.json": ["parse", str(SEED / "source.txt"), "-o", f"{o}/parsed.json"],
        "show.json": ["show", PLAN, "--format", "json"],
        "show.csv": ["show", PLAN, "--format", "csv"],
        "agencies.json": ["agencies", PLAN, "--format", "json", "--as-of", "2019-06-01"],
        "agencies.csv": ["agencies", PLAN, "--format", "csv"],
        "migrate.txt": ["migrate", PLAN, "--as-of", "2020-01-01", "-o", f"{o}/migrated.json"],
        "compare.json": ["compare", PLAN, REVISION, "--format", "json"],
        "compare.csv": ["compare", PLAN, REVISION, "--format", "csv", "--excel",
                        f"{o}/compare.xlsx"],
        "compare3.json": ["compare", PLAN, REVISION, "-g", PLAN, "--format", "json"],
        "corpus.json": ["corpus", PLAN, REVISION, "-g", PLAN, "--format", "json", "--excel",
                        f"{o}/corpus.xlsx"],
        "corpus.csv": ["corpus", PLAN, REVISION, "-g", PLAN, "--format", "csv"],
        "simulate.txt": ["simulate", PLAN, "-o", f"{o}/sim", "--seed", "3"],
        "export.txt": ["export", PLAN, "-o", f"{o}/export.csv"],
        "export_xlsx.txt": ["export", PLAN, "-o", f"{o}/export.xlsx"],
        "plan_workbook.txt": ["plan-workbook", PLAN, "-o", f"{o}/plan.xlsx"],
    }


def main(out: Path) -> None:
    runner = CliRunner()
    for name, argv in commands(out).items():
        result = runner.invoke(cli, argv)
        assert result.exit_code == 0, (argv, result.stderr)
        (out / name).write_text(result.stdout.replace(str(out), "OUT"), encoding="utf-8")
    runner.invoke(cli, ["import", f"{out}/export.csv", "-o", f"{out}/imported.json"])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
