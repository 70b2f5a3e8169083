"""The bad-input catalogue: every command × every bad input that applies to one of its inputs.

Each case runs the command in-process (click's CliRunner) in a fresh directory that holds good
inputs, the bad input and an ``out/`` directory, and asserts:

- exit code 2;
- at most `MAX_LINES` lines on stderr, naming the bad file (or option), no "Traceback";
- a DiffkitError line ends with its fix in parentheses (or, for a validation report, names the
  JSON path), and a few inputs must name a particular next step (``diffkit parse``, …);
- every file in the directory has the same bytes afterwards and no file appeared (no output,
  no temporary file): the input is unchanged and nothing is half written.

The case list is built from three tables, so a new command or a new bad input is one row:
`SLOTS` (which input of which command takes what kind of file), `BAD` (bad files, each with the
kinds it applies to), and `OUTPUTS` / `USAGE` (bad output paths and bad options).

Unwritable output as root: tests run as root, for whom a chmod 555 directory is still writable,
so "read-only" is tested with paths no one can create: ``/sys/<name>`` (sysfs refuses new files
with EACCES even for root, although ``os.access`` says writable) and a path *under a regular
file* (``note.txt/out.json``: ENOTDIR).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from diffkit.cli import cli
from diffkit.read.sniff import OLE2
from tests import containers, hostile

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "datasets" / "sichuan_2016"
MAX_LINES = 6
UNWRITABLE = Path("/sys")  # refuses new files even for root (see the module doc)


# -- the kinds of input a command takes ---------------------------------------------------------
# json: plan JSON only · plan: plan JSON or raw text (compare, simulate's sources) · text: raw
# text (parse) · xlsx / csv: a spreadsheet (import) · ov_xlsx / ov_csv: reviewer overrides ·
# registry: an agency registry CSV (--agencies) · corpus: corpus plan arguments
SUFFIX = {"json": ".json", "plan": ".json", "text": ".txt", "xlsx": ".xlsx", "csv": ".csv",
          "ov_xlsx": ".xlsx", "ov_csv": ".csv", "registry": ".csv", "corpus": ".json",
          "guideline": ".json"}
ALL = frozenset(SUFFIX)
JSONISH = frozenset({"json", "plan", "corpus", "guideline"})
XLSX = frozenset({"xlsx", "ov_xlsx"})
RAW = frozenset({"text", "plan"})  # raw plan files: parse, and compare's or simulate's inputs


@dataclass(frozen=True)
class Bad:
    """A bad input file: ``make(path)`` writes it; ``kinds`` are the inputs it applies to;
    ``says`` is a phrase stderr must contain (the helpful next step), if any."""

    name: str
    make: Callable[[Path], object]
    kinds: frozenset[str]
    says: str | None = None


def _plan_dict() -> dict:
    return json.loads((SEED / "plan.json").read_text(encoding="utf-8"))


def _json(change: Callable[[dict], object]) -> Callable[[Path], object]:
    def make(path: Path) -> None:
        data = _plan_dict()
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return make


def _task(data: dict, k: int = 0) -> dict:
    return [t for s in data["sections"] for i in s["items"] for t in i["tasks"]][k]


def _set(obj: dict, key: str, value) -> None:
    obj[key] = value


def _bytes(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


def _text(text: str) -> Callable[[Path], object]:
    return lambda path: path.write_text(text, encoding="utf-8")


_SEED_TEXT = (SEED / "plan.json").read_text(encoding="utf-8")
_NO_TASKS = "关于做好有关工作的通知\n\n各有关单位：\n请认真贯彻落实。\n\n2020年1月1日\n"
_CSV_HEADER_ONLY = "\ufeff任务编号,重点任务,牵头单位\n"
_OV_UNKNOWN = "A ids,B ids,verdict\n1.1,1.1,maybe\n"
_OV_MISSING_TASK = "A ids,B ids,verdict\n99.9,1.1,same\n"
_REGISTRY_BAD = "name,kind\n省发展改革委,provincial_department\n"

BAD = [
    Bad("missing", lambda p: None, ALL),
    Bad("directory", lambda p: p.mkdir(), ALL - {"corpus"}),
    Bad("empty_dir", lambda p: p.mkdir(), frozenset({"corpus"})),
    Bad("empty", _bytes(b""), ALL),
    Bad("blank", _bytes(b" \n\r\n\t"), ALL),
    Bad("random_bytes", _bytes(hostile.random_bytes()), ALL),
    Bad("truncated_json", _bytes(_SEED_TEXT.encode()[:500]), JSONISH | {"text"}),
    Bad("truncated_in_string", _text(_SEED_TEXT[:_SEED_TEXT.index('"text"') + 12]), JSONISH,
        says="truncated"),
    Bad("json_list", _text("[1, 2, 3]"), JSONISH | {"text"}),
    Bad("json_string", _text('"plan"'), JSONISH),
    Bad("deep_json", _text("[" * 100_000 + "]" * 100_000), JSONISH),
    Bad("unknown_format", _json(lambda d: _set(d, "format", "diffkit.plan/9")), JSONISH,
        says="diffkit.plan/1"),
    Bad("comparison_json", _text('{"format": "diffkit.comparison/1", "pairs": []}'), JSONISH),
    Bad("wrong_type_lead", _json(lambda d: _set(_task(d), "lead", "省发展改革委")), JSONISH,
        says="lead"),
    Bad("wrong_type_sections", _json(lambda d: _set(d, "sections", {"1": "x"})), JSONISH),
    Bad("wrong_type_id", _json(lambda d: _set(d, "id", 7)), JSONISH),
    Bad("missing_text", _json(lambda d: _task(d).pop("text")), JSONISH, says="text"),
    Bad("null_text", _json(lambda d: _set(_task(d), "text", None)), JSONISH),
    Bad("duplicate_ids", _json(lambda d: _set(_task(d, 1), "id", _task(d, 0)["id"])), JSONISH,
        says="1.1"),
    Bad("raw_text_as_json", _bytes((SEED / "source.txt").read_bytes()), frozenset({"json"}),
        says="diffkit parse"),
    Bad("undecodable", _bytes(hostile.UNDECODABLE),
        ALL - XLSX, says=None),
    Bad("gb18030_json", _bytes(_SEED_TEXT.encode("gb18030")), frozenset({"json"}),
        says="UTF-8"),
    Bad("no_tasks", _text(_NO_TASKS), frozenset({"text", "plan"})),
    Bad("nul_text", _bytes(b"\x00" * 64 + "一、总体要求\n".encode()), frozenset({"text", "plan"})),
    Bad("text_as_xlsx", _bytes((SEED / "source.txt").read_bytes()), XLSX),
    Bad("corrupt_zip", hostile.corrupt_zip, XLSX),
    Bad("zip_not_workbook", hostile.zip_without_workbook, XLSX),
    Bad("billion_laughs", hostile.billion_laughs_xlsx, XLSX),
    Bad("external_entity", hostile.external_entity_xlsx, XLSX),
    Bad("zip_bomb", lambda p: shutil.copy(_bomb(), p), XLSX, says="zip bomb"),
    Bad("lying_zip", hostile.lying_zip_xlsx, XLSX),
    Bad("csv_header_only", _text(_CSV_HEADER_ONLY), frozenset({"csv"})),
    Bad("csv_no_task_column", _text("a,b\n1,2\n"), frozenset({"csv"})),
    Bad("verdict_unknown", _text(_OV_UNKNOWN), frozenset({"ov_csv"}), says="same"),
    Bad("verdict_missing_task", _text(_OV_MISSING_TASK), frozenset({"ov_csv"}), says="99.9"),
    Bad("overrides_no_columns", _text("x,y\n1,2\n"), frozenset({"ov_csv"}), says="verdict"),
    Bad("registry_columns", _text(_REGISTRY_BAD), frozenset({"registry"})),
    # containers: Word, PDF, web pages, old Office files
    Bad("truncated_docx", lambda p: p.write_bytes(containers.bad_docx()[:2000]), RAW,
        says="download or save"),
    Bad("truncated_pdf", lambda p: p.write_bytes(containers.bad_pdf()[:1500]), RAW,
        says="not a readable PDF"),
    Bad("encrypted_pdf", lambda p: p.write_bytes(containers.encrypted_pdf()), RAW,
        says="password"),
    Bad("scanned_pdf", lambda p: p.write_bytes(containers.scanned_pdf()), RAW,
        says="no text layer: it is a scan; OCR it first"),
    Bad("docx_zip_bomb", lambda p: p.write_bytes(_docx_bomb()), RAW, says="zip bomb"),
    Bad("old_word_doc", _bytes(OLE2 + bytes(504)), RAW,
        says="soffice --headless --convert-to docx"),
    Bad("workbook_as_plan", lambda p: p.write_bytes(hostile.plain_workbook_bytes()), RAW,
        says="diffkit import"),
    Bad("html_50mb_script", lambda p: p.write_bytes(containers.html_page(
        ["关于做好有关工作的通知", "请认真贯彻落实。"], script_bytes=50_000_000)),
        frozenset({"text"}), says="no numbered tasks"),
    Bad("pdf_500_pages", lambda p: p.write_bytes(containers.long_pdf(500)),
        frozenset({"text"}), says="no numbered tasks"),
]

_BOMB: list[Path] = []


def _bomb() -> Path:
    """One zip bomb per session (just over the per-part limit; ~100 KB on disk)."""
    if not _BOMB:
        import tempfile

        from diffkit.read.untrusted import MAX_PART_BYTES
        path = Path(tempfile.mkdtemp(prefix="diffkit-bomb-")) / "bomb.xlsx"
        _BOMB.append(hostile.zip_bomb_xlsx(path, part_bytes=MAX_PART_BYTES + (1 << 20)))
    return _BOMB[0]


def _docx_bomb() -> bytes:
    from diffkit.read.untrusted import MAX_PART_BYTES
    return containers.docx_bomb(MAX_PART_BYTES + (1 << 20))


# -- which input of which command takes what --------------------------------------------------
@dataclass(frozen=True)
class Slot:
    """Input ``kind`` of ``command``: ``argv(bad, good)`` builds the command line, where
    ``good`` maps good-input names to paths in the case directory."""

    command: str
    kind: str
    argv: Callable[[str, dict], list[str]]
    label: str = ""


SLOTS = [
    Slot("parse", "text", lambda b, g: ["parse", b, "-o", g["out"] + "/plan.json"]),
    Slot("import", "xlsx", lambda b, g: ["import", b, "-o", g["out"] + "/plan.json"]),
    Slot("import", "csv", lambda b, g: ["import", b, "-o", g["out"] + "/plan.json"]),
    Slot("validate", "json", lambda b, g: ["validate", b]),
    Slot("validate", "json", lambda b, g: ["validate", g["plan"], b], "second"),
    Slot("show", "json", lambda b, g: ["show", b]),
    Slot("agencies", "json", lambda b, g: ["agencies", b]),
    Slot("agencies", "registry", lambda b, g: ["agencies", g["plan"], "--agencies", b]),
    Slot("migrate", "json", lambda b, g: ["migrate", b, "--as-of", "2020-01-01",
                                          "-o", g["out"] + "/m.json"]),
    Slot("migrate", "registry", lambda b, g: ["migrate", g["plan"], "--as-of", "2020-01-01",
                                              "--agencies", b, "-o", g["out"] + "/m.json"]),
    Slot("compare", "plan", lambda b, g: ["compare", b, g["plan"]], "A"),
    Slot("compare", "plan", lambda b, g: ["compare", g["plan"], b, "--format", "json"], "B"),
    Slot("compare", "plan", lambda b, g: ["compare", g["plan"], g["plan"], "-g", b], "guideline"),
    Slot("compare", "registry", lambda b, g: ["compare", g["plan"], g["plan"], "--agencies", b]),
    Slot("compare", "ov_xlsx", lambda b, g: ["compare", g["plan"], g["plan"], "--overrides", b,
                                             "--excel", g["out"] + "/r.xlsx"]),
    Slot("compare", "ov_csv", lambda b, g: ["compare", g["plan"], g["plan"], "--overrides", b]),
    Slot("compare", "plan", lambda b, g: ["compare", b, g["plan"], "--excel",
                                          g["out"] + "/r.xlsx"], "A+excel"),
    Slot("corpus", "corpus", lambda b, g: ["corpus", g["plan2"], b, "-g", g["plan"]]),
    Slot("corpus", "guideline", lambda b, g: ["corpus", g["plan2"], "-g", b, "--excel",
                                              g["out"] + "/c.xlsx"]),
    Slot("simulate", "plan", lambda b, g: ["simulate", b, "-o", g["out"] + "/sim"]),
    Slot("export", "json", lambda b, g: ["export", b, "-o", g["out"] + "/p.xlsx"], "xlsx"),
    Slot("export", "json", lambda b, g: ["export", b, "-o", g["out"] + "/p.csv"], "csv"),
    Slot("plan-workbook", "json", lambda b, g: ["plan-workbook", b, "-o", g["out"] + "/w.xlsx"]),
]

# -- bad output paths: (name, path builder from the case directory) ----------------------------
# (a missing folder is no longer bad: writers create it; tests/test_files.py checks that)
OUTPUTS = [
    ("under_a_file", lambda d, ext: str(d / "note.txt" / f"out{ext}")),
    ("is_a_directory", lambda d, ext: str(d / "out")),
    ("unwritable_dir", lambda d, ext: str(UNWRITABLE / f"diffkit-robust-out{ext}")),
]
# command line with the output path last-but-one: (command, argv(good, out), extension)
WRITERS = [
    ("parse", lambda g, o: ["parse", g["text"], "-o", o], ".json"),
    ("import", lambda g, o: ["import", g["csv"], "-o", o], ".json"),
    ("migrate", lambda g, o: ["migrate", g["plan"], "--as-of", "2020-01-01", "-o", o], ".json"),
    ("export", lambda g, o: ["export", g["plan"], "-o", o], ".xlsx"),
    ("export", lambda g, o: ["export", g["plan"], "-o", o], ".csv"),
    ("plan-workbook", lambda g, o: ["plan-workbook", g["plan"], "-o", o], ".xlsx"),
    ("compare", lambda g, o: ["compare", g["plan"], g["plan2"], "--excel", o], ".xlsx"),
    ("compare", lambda g, o: ["compare", g["plan"], g["plan2"], "--html", o], ".html"),
    ("corpus", lambda g, o: ["corpus", g["plan2"], "-g", g["plan"], "--excel", o], ".xlsx"),
    ("corpus", lambda g, o: ["corpus", g["plan2"], "-g", g["plan"], "--html", o], ".html"),
    ("simulate", lambda g, o: ["simulate", g["plan"], "-o", o], ""),
]

# -- usage errors and conflicting options: (command, argv(good), phrase stderr names) ----------
USAGE = [
    ("(none)", lambda g: ["frobnicate"], "frobnicate"),
    ("(none)", lambda g: ["--bogus", "show"], "--bogus"),
    ("parse", lambda g: ["parse"], "SOURCE"),
    ("parse", lambda g: ["parse", g["text"], "--encoding", "klingon"], "klingon"),
    ("parse", lambda g: ["parse", g["plan"]], "diffkit validate"),
    ("parse", lambda g: ["parse", g["text"], "-o", g["text"]], "the input file"),
    ("import", lambda g: ["import", g["csv"], "-o", g["csv"]], "the input file"),
    ("migrate", lambda g: ["migrate", g["plan"], "--as-of", "2020-01-01", "-o", g["plan"]],
     "the input file"),
    ("import", lambda g: ["import", g["csv"], "--map", "nocolumn"], "--map"),
    ("import", lambda g: ["import", g["csv"], "--map", "任务编号=colour"], "colour"),
    ("import", lambda g: ["import", g["xlsx"], "--sheet", "Nope"], "Nope"),
    ("import", lambda g: ["import", g["plan"]], ".xlsx"),
    ("import", lambda g: ["import", g["csv"], "--encoding", "klingon"], "klingon"),
    ("validate", lambda g: ["validate"], "PLANS"),
    ("show", lambda g: ["show", g["plan"], "--format", "xml"], "table"),
    ("show", lambda g: ["show", g["plan"], g["plan"]], "unexpected extra argument"),
    ("agencies", lambda g: ["agencies", g["plan"], "--as-of", "2020-13-45"], "--as-of"),
    ("agencies", lambda g: ["agencies", g["plan"], "--min-confidence", "sure"], "high"),
    ("agencies", lambda g: ["agencies", g["plan"], "--format", "yaml"], "json"),
    ("migrate", lambda g: ["migrate", g["plan"]], "--as-of"),
    ("migrate", lambda g: ["migrate", g["plan"], "--as-of", "last year"], "--as-of"),
    ("compare", lambda g: ["compare", g["plan"]], "B"),
    ("compare", lambda g: ["compare", g["plan"], g["plan"], "--format", "html"], "csv"),
    ("compare", lambda g: ["compare", g["plan"], g["plan"], "--score-cutoff", "150"],
     "--score-cutoff"),
    ("compare", lambda g: ["compare", g["plan"], g["plan"], "--as-of", "soon"], "--as-of"),
    ("compare", lambda g: ["compare", g["plan"], g["plan"], "--overrides", g["plan"]],
     ".csv"),
    ("compare", lambda g: ["compare", g["plan"], g["plan"], "--excel", g["out"] + "/r.pdf"],
     ".xlsx"),
    ("compare", lambda g: ["compare", g["plan"], g["plan"], "--html", g["out"] + "/r.txt"],
     ".html"),
    ("corpus", lambda g: ["corpus", g["plan2"]], "--guideline"),
    ("corpus", lambda g: ["corpus", g["plan2"], "-g", g["plan"], "--engine", "spark"], "dask"),
    ("corpus", lambda g: ["corpus", g["plan2"], "-g", g["plan"], "--engine", "local",
                          "--scheduler", "tcp://127.0.0.1:1"], "--scheduler"),
    ("corpus", lambda g: ["corpus", g["plan2"], "-g", g["plan"], "--workers", "0"], "--workers"),
    ("corpus", lambda g: ["corpus", g["plan2"], "-g", g["plan"], "--format", "xml"], "json"),
    ("corpus", lambda g: ["corpus", g["out"] + "/*.json", "-g", g["plan"]], "*.json"),
    ("corpus", lambda g: ["corpus", g["plan"], g["same_id"], "-g", g["plan"]], "sichuan_2016"),
    ("corpus", lambda g: ["corpus", g["plan2"], "-g", g["plan"], "--excel",
                          g["out"] + "/c.csv"], ".xlsx"),
    ("simulate", lambda g: ["simulate", g["plan"], "-o", g["out"] + "/s", "--edits", "-1"],
     "--edits"),
    ("simulate", lambda g: ["simulate", g["plan"], "-o", g["text"]], "directory"),
    ("simulate", lambda g: ["simulate", g["plan"]], "--output"),
    ("export", lambda g: ["export", g["plan"]], "--output"),
    ("export", lambda g: ["export", g["plan"], "-o", g["out"] + "/p.pdf"], ".csv"),
    ("export", lambda g: ["export", g["plan"], "-o", g["plan"]], "plan.json"),
    ("plan-workbook", lambda g: ["plan-workbook", g["plan"], "-o", g["out"] + "/w.xlsx",
                                 "--as-of", "2020-02-30"], "--as-of"),
]


@dataclass(frozen=True)
class Case:
    id: str
    argv: Callable[[dict, Path], list[str]]
    names: str  # what stderr must mention (a file name or an option)
    says: str | None = None  # a helpful phrase stderr must contain


def _input_cases() -> list[Case]:
    cases = []
    for slot in SLOTS:
        for bad in BAD:
            if slot.kind not in bad.kinds:
                continue
            fname = f"bad_{bad.name}{SUFFIX[slot.kind]}"

            def argv(g, d, slot=slot, bad=bad, fname=fname):
                path = d / fname
                if not path.exists() and bad.name != "missing":
                    bad.make(path)
                return slot.argv(str(path), g)
            label = f"-{slot.label}" if slot.label else ""
            cases.append(Case(f"{slot.command}{label}[{slot.kind}]:{bad.name}", argv,
                              fname, bad.says))
    return cases


def _output_cases() -> list[Case]:
    cases = []
    for command, argv_of, ext in WRITERS:
        for name, out_of in OUTPUTS:
            if command == "simulate" and name == "is_a_directory":
                continue  # simulate writes into a directory
            def argv(g, d, argv_of=argv_of, out_of=out_of, ext=ext):
                return argv_of(g, out_of(d, ext))
            shown = "out" if name != "unwritable_dir" else str(UNWRITABLE)
            cases.append(Case(f"{command}{ext}:out_{name}", argv, shown))
    return cases


def _usage_cases() -> list[Case]:
    return [Case(f"{command}:usage:{' '.join(argv_of(_PLACEHOLDER))[-40:]}",
                 lambda g, d, argv_of=argv_of: argv_of(g), phrase)
            for command, argv_of, phrase in USAGE]


_PLACEHOLDER = {k: k for k in ("plan", "plan2", "text", "csv", "xlsx", "out", "same_id")}
CASES = _input_cases() + _output_cases() + _usage_cases()


def test_catalogue_size():
    """The catalogue covers every command; the count is printed for the report."""
    commands = {c.id.split("[")[0].split(":")[0].split("-")[0] for c in CASES}
    assert {"parse", "import", "validate", "show", "agencies", "migrate", "compare", "corpus",
            "simulate", "export", "plan"} <= commands
    counts = {kind: sum(1 for c in CASES if kind in c.id) for kind in (":out_", ":usage:")}
    print(f"\nbad-input catalogue: {len(CASES)} cases "
          f"({len(CASES) - sum(counts.values())} bad inputs, {counts[':out_']} bad outputs, "
          f"{counts[':usage:']} usage errors)")
    assert len(CASES) >= 250


# -- running a case ------------------------------------------------------------------------------
GOOD = {"plan": "plan.json", "plan2": "plan2.json", "text": "source.txt", "csv": "sheet.csv",
        "xlsx": "sheet.xlsx", "out": "out", "same_id": "same_id.json"}


def _good_inputs(d: Path) -> None:
    from diffkit import export_sheet, load

    shutil.copy(SEED / "plan.json", d / "plan.json")
    plan = load(d / "plan.json")
    data = plan.to_dict()
    data["id"] = "variant"
    data["sections"] = data["sections"][:5]
    (d / "plan2.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copy(SEED / "plan.json", d / "same_id.json")  # another file, the same plan id
    shutil.copy(SEED / "source.txt", d / "source.txt")
    export_sheet(plan, d / "sheet.csv")
    export_sheet(plan, d / "sheet.xlsx")
    (d / "note.txt").write_text("a regular file, used as a 'directory'\n", encoding="utf-8")
    (d / "out").mkdir()


def snapshot(d: Path) -> dict[str, bytes | None]:
    """Every file and directory under ``d`` (relative path → bytes, None for a directory)."""
    out: dict[str, bytes | None] = {}
    for p in sorted(d.rglob("*")):
        out[str(p.relative_to(d))] = None if p.is_dir() else p.read_bytes()
    return out


def _unwritable_leftovers() -> list[str]:
    return sorted(p.name for p in UNWRITABLE.iterdir() if "diffkit" in p.name)


@pytest.fixture(scope="module")
def good_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("good")
    _good_inputs(d)
    return d


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, good_dir: Path, tmp_path: Path):
    shutil.copytree(good_dir, tmp_path, dirs_exist_ok=True)
    good = {k: str(tmp_path / v) for k, v in GOOD.items()}
    argv = case.argv(good, tmp_path)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(cli, argv, catch_exceptions=True)
    check(result.exit_code, result.stderr, case, argv, result.exception)
    assert snapshot(tmp_path) == before, "a file was created, changed or removed"
    assert not _unwritable_leftovers()


def check(code: int, stderr: str, case: Case, argv: list[str], exc=None) -> None:
    lines = stderr.strip().splitlines()
    where = f"diffkit {' '.join(argv)}\n{stderr}"
    assert code == 2, f"exit {code} ({exc!r}) for {where}"
    assert "Traceback" not in stderr, where
    assert exc is None or isinstance(exc, SystemExit), where
    assert 1 <= len(lines) <= MAX_LINES, f"{len(lines)} lines: {where}"
    assert case.names in stderr, f"stderr does not name {case.names!r}: {where}"
    if case.says:
        assert case.says in stderr, f"stderr does not say {case.says!r}: {where}"
    if stderr.startswith("diffkit: "):  # a DiffkitError: its line ends with a fix, or a path
        first = lines[0]
        assert re.search(r"\(.+\)$", first) or ": $" in first, f"no fix given: {where}"
    else:  # a click usage error: usage line, help hint, the error
        assert "Error:" in stderr and "help" in stderr, where


# -- a few real processes: nothing reaches a real terminal as a traceback --------------------
SUBPROCESS = ["parse[text]:missing", "validate[json]:deep_json", "import[xlsx]:billion_laughs",
              "compare-A[plan]:random_bytes", "export.csv:out_unwritable_dir",
              "corpus:usage:corpus plan2 -g plan --engine spark"]


@pytest.mark.parametrize("prefix", SUBPROCESS)
def test_real_process(prefix: str, good_dir: Path, tmp_path: Path):
    case = next(c for c in CASES if c.id.startswith(prefix))
    shutil.copytree(good_dir, tmp_path, dirs_exist_ok=True)
    good = {k: str(tmp_path / v) for k, v in GOOD.items()}
    argv = case.argv(good, tmp_path)
    before = snapshot(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "diffkit", *argv], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    check(proc.returncode, proc.stderr, case, argv)
    assert proc.stdout == ""
    assert snapshot(tmp_path) == before


def test_verbose_shows_the_traceback(tmp_path: Path):
    """--verbose adds the traceback (for bug reports) and still exits 2 with the one line."""
    bad = tmp_path / "list.json"
    bad.write_text("[1]", encoding="utf-8")
    quiet = CliRunner().invoke(cli, ["show", str(bad)])
    loud = CliRunner().invoke(cli, ["--verbose", "show", str(bad)])
    assert quiet.exit_code == loud.exit_code == 2
    assert "Traceback" not in quiet.stderr
    assert "Traceback (most recent call last)" in loud.stderr
    assert "ValidationError" in loud.stderr or "InputError" in loud.stderr
    assert loud.stderr.strip().splitlines()[-1] == quiet.stderr.strip().splitlines()[-1]


# -- helpful errors: valid choices and the next step ----------------------------------------
HELPFUL = [
    ("undecodable text → name the encoding",
     lambda g, d: ["parse", _put(d, "u.txt", hostile.UNDECODABLE)], ["--encoding gb18030"]),
    ("raw text where JSON is expected → diffkit parse",
     lambda g, d: ["show", g["text"]], ["diffkit parse"]),
    ("plan JSON given to parse → diffkit validate",
     lambda g, d: ["parse", g["plan"]], ["diffkit validate"]),
    ("JSON cut short → truncated",
     lambda g, d: ["validate", _put(d, "t.json", _SEED_TEXT.encode()[:301])], ["truncated"]),
    ("formats listed", lambda g, d: ["compare", g["plan"], g["plan"], "--format", "x"],
     ["'table'", "'json'", "'csv'"]),
    ("engines listed", lambda g, d: ["corpus", g["plan"], "-g", g["plan"], "--engine", "x"],
     ["'local'", "'dask'"]),
    ("verdicts listed",
     lambda g, d: ["compare", g["plan"], g["plan"], "--overrides",
                   _put(d, "v.csv", _OV_UNKNOWN.encode())], ["same", "different", "A:2.1=B:3.2"]),
    ("import fields listed",
     lambda g, d: ["import", g["csv"], "--map", "任务编号=colour"], ["text", "lead", "deadline"]),
    ("spreadsheet suffixes listed", lambda g, d: ["export", g["plan"], "-o", "x.pdf"],
     [".xlsx", ".csv"]),
    ("confidence levels listed",
     lambda g, d: ["agencies", g["plan"], "--min-confidence", "x"], ["low", "medium", "high"]),
    ("sheets listed", lambda g, d: ["import", g["xlsx"], "--sheet", "x"], ["tasks", "plan"]),
    ("date format shown", lambda g, d: ["migrate", g["plan"], "--as-of", "x"], ["YYYY-MM-DD"]),
]


def _put(d: Path, name: str, data: bytes) -> str:
    (d / name).write_bytes(data)
    return str(d / name)


@pytest.mark.parametrize("argv_of,phrases", [h[1:] for h in HELPFUL],
                         ids=[h[0] for h in HELPFUL])
def test_errors_list_choices_and_suggest_the_next_step(argv_of, phrases, good_dir, tmp_path):
    shutil.copytree(good_dir, tmp_path, dirs_exist_ok=True)
    good = {k: str(tmp_path / v) for k, v in GOOD.items()}
    result = CliRunner().invoke(cli, argv_of(good, tmp_path))
    assert result.exit_code == 2
    for phrase in phrases:
        assert phrase in result.stderr, (phrase, result.stderr)
