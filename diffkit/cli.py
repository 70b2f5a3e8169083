"""The ``diffkit`` command line: each command parses options, calls one public function and
renders its result. Any `DiffkitError` becomes exit code 2 and one line per problem on stderr;
``--verbose`` adds the traceback for bug reports."""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Sequence

import click

from . import __version__
from .errors import DiffkitError, DiffkitWarning, ManyErrors, OptionError, Problem, ValidationError
from .files import check_output, check_workbook, read_json
from .model import Plan, load, validate_plan
from .report.render import FORMATS, RENAMES, with_bom
from .report.render import show as render_show

# one instance for every path argument: each click.Path() looks up its translated name in
# the locale directories, ≈ 0.15 ms each at start-up
PATH = click.Path()
HTML_OPTION = click.option("--html", "html_out", type=PATH, default=None, metavar="OUT.html",
                           help="Also write the report as one self-contained web page.")
BOM_OPTION = click.option("--bom/--no-bom", default=True, show_default=True,
                          help="Start CSV output with a UTF-8 byte-order mark (for Excel).")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                             show_default=True, help="Output format.")


class _Command(click.Command):
    """Shows an `OptionError` (options checked by a public function) as click shows a bad
    option: usage, help hint and the error, exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OptionError as exc:
            if exc.option:
                raise click.BadParameter(exc.text(), ctx, param_hint=exc.option) from None
            raise click.UsageError(exc.text(), ctx) from None


class _Group(click.Group):
    """Turns diffkit errors into exit code 2 with a clear message and no traceback."""

    command_class = _Command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DiffkitError as exc:
            _report(ctx, exc.lines())
            ctx.exit(2)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # a bug: say so, and how to report it
            _report(ctx, [f"internal error: {type(exc).__name__}: {exc}; rerun with "
                          "`diffkit --verbose ...` and report the traceback"])
            ctx.exit(3)


def _report(ctx: click.Context, lines: list[str]) -> None:
    if (ctx.obj or {}).get("verbose"):
        import traceback  # only for --verbose: not on every command's start-up path

        traceback.print_exc()
    for line in lines:
        click.echo(f"diffkit: {line}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diffkit")
@click.option("--verbose", is_flag=True, help="Show tracebacks (for bug reports).")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Compare Chinese government implementation plans task by task and agency by agency."""
    ctx.ensure_object(dict)["verbose"] = verbose
    ctx.with_resource(_parse_warnings_to_stderr())


def emit(text: str) -> None:
    """Write a rendering to stdout."""
    click.echo(text, nl=False)


# -- plans ----------------------------------------------------------------------------------
@cli.command()
@click.argument("plans", nargs=-1, required=True, type=PATH)
def validate(plans: tuple[str, ...]) -> None:
    """Check plan JSON files against the schema and consistency rules.

    Exit 0 when all are valid; 2 with one line per problem (file and JSON path) otherwise."""
    problems: list[str] = []
    for path in plans:
        try:
            found = validate_plan(read_json(path))
        except DiffkitError as exc:
            problems.extend(exc.lines())
            continue
        problems.extend(ValidationError(found, file=path).lines() if found else [])
        if not found:
            click.echo(f"{path}: valid")
    if problems:
        raise ManyErrors(problems)


@cli.command()
@click.argument("plan", type=PATH)
@FORMAT_OPTION
def show(plan: str, fmt: str) -> None:
    """List the tasks of PLAN with their lead and participating agencies."""
    emit(render_show(load(plan), format=fmt))


# -- workbooks ----------------------------------------------------------------------------------
@cli.command("plan-workbook")
@click.argument("plan", type=PATH)
@click.option("-o", "--output", required=True, type=PATH,
              help="The .xlsx file to write.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="Name agencies by their reform successors as of this day.")
def plan_workbook(plan: str, output: str, as_of: str | None) -> None:
    """Write a workbook for one PLAN: Tasks, a task × agency Matrix (L lead, P participating)
    and Agencies (workload), with agencies under their canonical names."""
    from .agencies.resolution import parse_as_of
    from .report.excel import plan_workbook as write
    day = parse_as_of(as_of, option="--as-of")
    check_workbook(output, option="--output")
    write(load(plan), output, as_of=day)
    click.echo(f"diffkit: wrote {output}", err=True)


# -- agencies: workload and migrate ----------------------------------------------------------
def _registry(extend: str | None, min_confidence: str):
    from .agencies.resolution import default_registry, load_registry
    registry = load_registry(extend=extend) if extend else default_registry()
    return registry.at_least(min_confidence)


AS_OF_HELP = "Map names to their successors as of this day (YYYY-MM-DD)."
REGISTRY_OPTION = click.option("--agencies", "registry_file", type=PATH,
                               metavar="FILE", help="Registry CSV (or directory) that extends "
                               "or overrides the shipped one.")
REGION_OPTION = click.option("--region", default=None, metavar="REGION",
                             help="Region of a plan that names none in its header (广东省, "
                                  "东莞市, 全国 for the State Council): its agency names are "
                                  "read as that region's and level's.")
AGENCIES_FILE_OPTION = click.option("--agencies", "agencies_file", type=PATH, default=None,
                                    help="A CSV of agency rows that extends or overrides the "
                                         "shipped registry.")
CONFIDENCE_OPTION = click.option("--min-confidence", type=click.Choice(["low", "medium", "high"]),
                                 default="low", show_default=True,
                                 help="Ignore successions graded below this.")


@cli.command()
@click.argument("plan", type=PATH)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help=AS_OF_HELP)
@FORMAT_OPTION
@REGISTRY_OPTION
@CONFIDENCE_OPTION
@REGION_OPTION
def agencies(plan: str, as_of: str | None, fmt: str, registry_file: str | None,
             min_confidence: str, region: str | None) -> None:
    """Workload per canonical agency of PLAN: kind, tasks led, tasks joined, task ids.

    Names the registry does not know are listed as unresolved (a warning, exit 0)."""
    from .agencies.resolution import parse_as_of
    from .agencies.workload import workload
    day = parse_as_of(as_of, option="--as-of")
    registry = _registry(registry_file, min_confidence)
    emit(workload(load(plan), as_of=day, registry=registry, region=region).render(format=fmt))


@cli.command()
@click.argument("plan", type=PATH)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", required=True, help=AS_OF_HELP)
@click.option("-o", "--output", type=PATH, help="Plan JSON to write (default: stdout).")
@click.option("--id", "plan_id", help="Id of the derived plan (default: <id>_reformed).")
@REGISTRY_OPTION
@CONFIDENCE_OPTION
def migrate(plan: str, as_of: str, output: str | None, plan_id: str | None,
            registry_file: str | None, min_confidence: str) -> None:
    """Rewrite PLAN's agency names to their successors as of a day; the result is a derived
    plan whose meta says so."""
    from .agencies.resolution import parse_as_of
    from .agencies.workload import migrate as migrate_plan
    day = parse_as_of(as_of, option="--as-of")
    check_output(output, plan)
    registry = _registry(registry_file, min_confidence)
    result = migrate_plan(load(plan), as_of=day, registry=registry, id=plan_id)
    if output:
        result.save(output)
        changed = result.meta["derived"]["tasks_changed"]
        click.echo(f"{output}: {len(result.tasks)} tasks, {changed} with renamed agencies "
                   f"as of {day.isoformat()}", err=True)
    else:
        emit(result.to_json())


@cli.command("guideline")
@click.argument("plan", type=PATH)
@click.option("-o", "--output", type=PATH, help="Plan JSON to write (default: stdout).")
@click.option("--id", "plan_id", help="Id of the guideline (default: <id>_guideline).")
def guideline_command(plan: str, output: str | None, plan_id: str | None) -> None:
    """Make a stand-in guideline from PLAN: the same tasks without agencies, level national;
    its meta says it was derived (twin: diffkit.guideline)."""
    from .model import guideline
    check_output(output, plan)
    result = guideline(load(plan), id=plan_id)
    if output:
        result.save(output)
        click.echo(f"{output}: guideline {result.id} with {len(result.tasks)} tasks, agencies "
                   "removed, level national", err=True)
    else:
        emit(result.to_json())


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="diffkit")


__all__ = ["cli", "main", "Plan", "Problem"]


# -- parse, import, export (the parser's commands) ---------------------------------------------
MAX_WARNINGS = 20


@contextlib.contextmanager
def _parse_warnings_to_stderr():
    """While a command runs, a `ParseWarning` (e.g. from parsing raw text given to compare)
    prints as ``diffkit: warning: FILE: line N: …``; other warnings as Python prints them."""
    with warnings.catch_warnings():  # restores showwarning and the filters afterwards
        shown = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            if isinstance(message, DiffkitWarning):  # ParseWarning (parse is loaded lazily)
                where = f"{message.file}: " if getattr(message, "file", None) else ""
                click.echo(f"diffkit: warning: {where}{message}", err=True)
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        warnings.simplefilter("always", DiffkitWarning)
        yield


def _warn(source: str, warnings: Sequence[object]) -> None:
    for w in warnings[:MAX_WARNINGS]:
        click.echo(f"diffkit: warning: {source}: {w}", err=True)
    if len(warnings) > MAX_WARNINGS:
        click.echo(f"diffkit: warning: {source}: and {len(warnings) - MAX_WARNINGS} more "
                   "(every unplaced line is kept in the plan's \"unplaced\" list)", err=True)


def _write_plan(plan: Plan, output: str | None) -> None:
    if output:
        plan.save(output)
    else:
        emit(plan.to_json())


@cli.command("parse", short_help="Raw plan text (web, PDF, Word copy) → plan JSON.")
@click.argument("source", type=PATH)
@click.option("-o", "--output", type=PATH, help="Write the plan JSON here "
              "(default: standard output).")
@click.option("--id", "plan_id", help="Plan id (default: the file's stem, or its folder's "
              "name for source.txt).")
@click.option("--encoding", help="Text encoding, e.g. gb18030 (default: detected).")
@click.option("--simplified", is_flag=True, help="Store Traditional text as Simplified.")
def parse_command(source: str, output: str | None, plan_id: str | None, encoding: str | None,
                  simplified: bool) -> None:
    """Parse the raw text of a plan (web, PDF or Word copy) into plan JSON.

    Lines that fit nowhere are kept in the plan's "unplaced" list and reported as warnings."""
    from .read.source import parse_source
    check_output(output, source)
    result = parse_source(source, id=plan_id, encoding=encoding, simplified=simplified)
    _warn(source, result.warnings)
    _write_plan(result.plan, output)
    click.echo(f"diffkit: {source}: {result.summary}", err=True)


@cli.command("import", short_help="A spreadsheet (.xlsx, .csv) → plan JSON.")
@click.argument("sheet_file", metavar="SHEET", type=PATH)
@click.option("-o", "--output", type=PATH, help="Write the plan JSON here "
              "(default: standard output).")
@click.option("--sheet", help="The worksheet to read (default: the first).")
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD",
              help="Read the column headed COLUMN as FIELD (repeatable). Fields: "
                   "task, text, lead, participants, responsible, deadline, section_title, "
                   "item_title, ….")
@click.option("--id", "plan_id", help="Plan id (default: from the sheet, else its file name).")
@click.option("--encoding", help="Encoding of a CSV file (default: detected).")
def import_command(sheet_file: str, output: str | None, sheet: str | None,
                   mapping: tuple[str, ...], plan_id: str | None, encoding: str | None) -> None:
    """Read a spreadsheet with one row per task (.xlsx or .csv) into plan JSON."""
    from .read.columns import column_map
    from .read.sheet import import_sheet
    columns = column_map(mapping)
    check_output(output, sheet_file)
    plan = import_sheet(sheet_file, sheet=sheet, columns=columns, id=plan_id, encoding=encoding)
    _write_plan(plan, output)


@cli.command("export", short_help="Plan JSON → a spreadsheet that imports back.")
@click.argument("plan")
@click.option("-o", "--output", type=PATH, required=True,
              help="The spreadsheet to write: .xlsx or .csv.")
def export_command(plan: str, output: str) -> None:
    """Write a plan as a spreadsheet (one row per task) that `diffkit import` reads back."""
    from .read.sheet import export_sheet
    export_sheet(load(plan), output)


# -- compare --------------------------------------------------------------------------------
@cli.command("compare")
@click.argument("a", type=PATH)
@click.argument("b", type=PATH)
@click.option("--guideline", "-g", type=PATH, default=None,
              help="The guideline both plans implement (three-way comparison).")
@FORMAT_OPTION
@click.option("--score-cutoff", type=click.FloatRange(0, 100), default=None,
              help="Combined similarity (0-100) a one-to-one pair needs [default: calibrated].")
@click.option("--as-of", default=None, metavar="DATE",
              help="Compare agencies under their reform successors' names at DATE (YYYY-MM-DD).")
@AGENCIES_FILE_OPTION
@click.option("--exit-code", is_flag=True,
              help="Exit 1 when anything differs (as diff does).")
@click.option("--excel", "excel_out", type=PATH, default=None, metavar="OUT.xlsx",
              help="Also write the Excel report (Summary, Tasks, Redline, Agencies, ...).")
@click.option("--overrides", type=PATH, default=None, metavar="REVIEWED.xlsx|.csv",
              help="Reviewer verdicts (verdict column of the Tasks sheet) to apply.")
@HTML_OPTION
@click.option("--changed-only", is_flag=True,
              help="List only pairs where something changed (table and csv).")
@click.option("--renames", type=click.Choice(RENAMES), default="group", show_default=True,
              help="Reform renames in the table: one line per renamed agency (group), "
                   "under each task (show), or only counted (hide).")
@click.option("--full", is_flag=True, help="Whole texts in the table, not just the changes.")
@BOM_OPTION
@REGION_OPTION
@click.option("--by", "by", type=click.Choice(["pair", "agency"]), default="pair",
              show_default=True, help="One row per pair of tasks, or per agency (its line of "
                                      "responsibility: tasks led and joined, gained, lost).")
def compare_command(a: str, b: str, guideline: str | None, fmt: str,
                    score_cutoff: float | None, as_of: str | None, agencies_file: str | None,
                    exit_code: bool, excel_out: str | None, overrides: str | None,
                    html_out: str | None, changed_only: bool, renames: str, full: bool,
                    bom: bool, region: str | None, by: str) -> None:
    """Compare plan A with plan B task by task and agency by agency.

    A, B and the guideline may be plan JSON or raw text. Exit 0 when done; with --exit-code,
    1 when anything differs; 2 for bad input."""
    from .compare import compare, load_agencies
    from .report.comparison import agencies_text, check_outputs, comparison_text

    check_outputs(by=by, format=fmt, excel=excel_out, html=html_out)  # before any work
    from .agencies.resolution import parse_as_of
    parse_as_of(as_of, option="--as-of")  # a bad date names the option, before any work
    registry = load_agencies(agencies_file) if agencies_file else None
    kwargs = {} if score_cutoff is None else {"score_cutoff": score_cutoff}
    result = compare(a, b, guideline, as_of=as_of, registry=registry, overrides=overrides,
                     region=region, **kwargs)
    if excel_out:
        result.to_excel(excel_out)
        click.echo(f"diffkit: wrote {excel_out}", err=True)
    if html_out:
        result.to_html(html_out)
        click.echo(f"diffkit: wrote {html_out}", err=True)
    if by == "agency":
        text = agencies_text(result, format=fmt)
    else:
        text = comparison_text(result, format=fmt, color=fmt == "table" and sys.stdout.isatty(),
                               changed_only=changed_only, renames=renames, full=full)
    emit(with_bom(text, fmt, bom))
    if exit_code and result.changed:
        click.get_current_context().exit(1)


# -- simulate -------------------------------------------------------------------------------
@cli.command("simulate")
@click.argument("plan", type=PATH)
@click.option("--edits", type=click.IntRange(0), default=8, show_default=True,
              help="How many edits to make.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("-o", "--output", "out_dir", type=PATH, required=True,
              help="Directory for plan.json (the variant) and truth.json (its comparison).")
@click.option("--kinds", default=None, metavar="KIND,...",
              help="Only these kinds of edit, comma-separated (e.g. split,borrow_clause); "
                   "borrow_clause, task_to_subitems, items_to_subitems, regroup and "
                   "principles come only when named [default: the usual mix].")
def simulate_command(plan: str, edits: int, seed: int, out_dir: str,
                     kinds: str | None) -> None:
    """Write a simulated variant of PLAN and the true comparison, to measure accuracy."""
    from .simulate.variants import write_simulation

    chosen = [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None
    variant, truth = write_simulation(plan, out_dir, edits=edits, seed=seed, kinds=chosen)
    click.echo(f"wrote {variant} and {truth}")


# -- corpus ---------------------------------------------------------------------------------
@cli.command("corpus")
@click.argument("plans", nargs=-1, required=True)
@click.option("--guideline", "-g", "guidelines", type=PATH, required=True, multiple=True,
              help="A guideline (plan JSON, level national), or a directory of them; repeat "
                   "for several: each plan goes to the one its meta.implements cites, else "
                   "to the most similar (see --route-cutoff).")
@FORMAT_OPTION
@click.option("--excel", "excel_out", type=PATH, default=None, metavar="OUT.xlsx",
              help="Also write a workbook: Coverage, Plans, Agencies (one guideline).")
@click.option("--output", "output", type=PATH, default=None, metavar="DIR",
              help="Write Parquet to this new directory, chunk by chunk, where each chunk is "
                   "computed: plans/, coverage/, agencies/ (by guideline) and summary.json. "
                   "--excel, --html and --format are then made from it, read back (every "
                   "row in memory: small corpora).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
              help="local (this machine, all cores) or dask (a Dask cluster) "
                   "[default: local; dask when --scheduler is given].")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (start one with "
                   "`dask scheduler`); without it the dask engine starts a local cluster.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes of the local engine (1: all work in this process, on one "
                   "core), or of the local Dask cluster [default: one per CPU].")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None,
              help="Plans per chunk (what one worker reads, scores and writes at a time) "
                   "[default: 500].")
@click.option("--score-cutoff", type=click.FloatRange(0, 100), default=None,
              help="Combined similarity (0-100) a pair needs, as in compare "
                   "[default: calibrated].")
@click.option("--route-cutoff", type=click.FloatRange(0, 100), default=None,
              help="With several guidelines: a plan citing none goes to a guideline it retains "
                   "this % of, or pairing max(50, this) % of its tasks at 70+ [default: 20].")
@click.option("--skip-invalid", is_flag=True,
              help="Report unreadable or invalid plans on stderr and go on without them.")
@HTML_OPTION
@BOM_OPTION
@AGENCIES_FILE_OPTION
@REGION_OPTION
def corpus_command(plans: tuple[str, ...], guidelines: tuple[str, ...], fmt: str,
                   excel_out: str | None, output: str | None, engine: str | None,
                   scheduler: str | None, workers: int | None, chunk_size: int | None,
                   score_cutoff: float | None, route_cutoff: float | None,
                   skip_invalid: bool, html_out: str | None, bom: bool,
                   agencies_file: str | None, region: str | None) -> None:
    """Compare many PLANS with their guideline(s): coverage per plan and guideline task,
    fidelity per plan, agencies per plan. PLANS: plan JSON files, directories (searched
    recursively), glob patterns, JSON Lines files (.jsonl, one plan per line; - for
    stdin) and Parquet files of plans (.parquet, the plan JSON in a column 'plan').

    Exit 0 when done; 2 for bad input (an invalid plan or line stops the run and nothing is
    written, unless --skip-invalid) or an unreachable scheduler."""
    from .corpus.options import check_options, wants_reports
    from .corpus.report import render_corpus, render_corpus_set, skipped_reasons, written_line
    from .corpus.run import corpus

    engine = check_options(guidelines, engine=engine, scheduler=scheduler, output=output,
                           excel=excel_out, html=html_out, format=fmt)
    kwargs = {k: v for k, v in (("score_cutoff", score_cutoff), ("route_cutoff", route_cutoff),
                                ("chunk_size", chunk_size)) if v is not None}
    if agencies_file:
        from .compare import load_agencies
        kwargs["registry"] = load_agencies(agencies_file)
    result = corpus(list(plans), list(guidelines), engine=engine, scheduler=scheduler,
                    workers=workers, skip_invalid=skip_invalid, output=output, region=region,
                    note=_note if sys.stderr.isatty() else None, **kwargs)  # (collector paused)
    for reason in skipped_reasons(result):
        click.echo(f"diffkit: skipped {reason}", err=True)
    if output and not wants_reports(excel=excel_out, html=html_out, format=fmt):
        emit(written_line(result))
        return
    if output:  # the reports asked beside the Parquet are made from it, read back
        click.echo(f"diffkit: {written_line(result).strip()}", err=True)
        result = result.corpus(list(guidelines))
    if excel_out:
        from .report.excel import write_corpus_workbook
        write_corpus_workbook(result, excel_out)
    if html_out:
        result.to_html(html_out)
        click.echo(f"diffkit: wrote {html_out}", err=True)
    render = render_corpus if hasattr(result, "guideline") else render_corpus_set
    emit(with_bom(render(result, format=fmt), fmt, bom))


def _note(line: str) -> None:
    """What was found (plan files in a directory), on a terminal's stderr as the progress
    bar (a script's stderr stays empty on success)."""
    click.echo(f"diffkit: {line}", err=True)
