"""Corpus at scale: JSON Lines and Parquet inputs, recursive directories, the msgspec check,
several guidelines (routing), Parquet output read back by pandas, pyarrow and DuckDB, the
local engine's forkserver workers."""

from __future__ import annotations

import dataclasses
import json
import os
from importlib import resources
from pathlib import Path

import pytest

from benchmarks.simcorpus import fast_plans, second_guideline, simulated_guideline
from diffkit.cli import cli
from diffkit.corpus.run import corpus
from diffkit.errors import DiffkitError, InputError
from diffkit.model import Plan, schema_problems

G1_NUMBER = "模发〔2026〕1号"


@pytest.fixture(scope="module")
def g1() -> Plan:
    g = simulated_guideline()
    return dataclasses.replace(g, meta={**g.meta, "doc_number": G1_NUMBER})


@pytest.fixture(scope="module")
def g2() -> Plan:
    return second_guideline()


@pytest.fixture(scope="module")
def plans():
    return fast_plans(9, seed=5)


def _jsonl(path, plans, *, extra: dict[int, str] | None = None):
    lines = [json.dumps(p.to_dict(), ensure_ascii=False) for p in plans]
    for k, text in sorted((extra or {}).items()):
        lines.insert(k, text)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _no_files(c):
    return [dataclasses.replace(p, file=None) for p in c.plans]


# -- inputs ----------------------------------------------------------------------------------
def test_jsonl_and_parquet_give_the_same_results_as_plan_files(tmp_path, plans, g1):
    from diffkit.corpus.parquet import write_plans

    (tmp_path / "d").mkdir()
    for p in plans:
        p.save(tmp_path / "d" / f"{p.id}.json")
    files = corpus([tmp_path / "d"], g1, chunk_size=4)
    lines = corpus([_jsonl(tmp_path / "p.jsonl", plans)], g1, chunk_size=4)
    table = corpus([write_plans(plans, tmp_path / "p.parquet", row_group_size=5)], g1,
                   chunk_size=3)
    assert _no_files(lines) == _no_files(files) == _no_files(table)
    assert lines.coverage == files.coverage == table.coverage
    assert [p.file for p in lines.plans] == [f"{tmp_path / 'p.jsonl'}:{k}"
                                             for k in range(1, 10)]
    assert [p.file for p in table.plans][5:7] == [f"{tmp_path / 'p.parquet'}:{k}"
                                                  for k in (6, 7)]


def test_bad_lines_are_named_by_number(tmp_path, plans, g1):
    path = _jsonl(tmp_path / "p.jsonl", plans[:4], extra={2: '{"format": "diffkit.plan/1"',
                                                          4: ""})
    with pytest.raises(InputError) as err:
        corpus([path], g1, chunk_size=2)
    assert err.value.line().startswith(f"{path}: line 3: invalid JSON")
    c = corpus([path], g1, chunk_size=2, skip_invalid=True)  # the blank line 5 holds nothing
    assert [p.id for p in c.plans] == [p.id for p in plans[:4]]
    assert [s.file for s in c.skipped] == [f"{path}:3"]
    bad = plans[0].to_dict()
    bad["sections"][0]["items"][0]["tasks"][0]["lead"] = [" "]
    path = _jsonl(tmp_path / "q.jsonl", plans[1:3], extra={1: json.dumps(bad)})
    with pytest.raises(DiffkitError, match=r"line 2: \$\.sections\[0\]\.items\[0\]\.tasks"
                                           r"\[0\]\.lead\[0\]: must not be empty"):
        corpus([path], g1)


def test_stdin_jsonl_through_the_command(runner, tmp_path, plans, g1):
    g = tmp_path / "g.json"
    g1.save(g)
    text = "\n".join(json.dumps(p.to_dict(), ensure_ascii=False) for p in plans[:3]) + "\n"
    result = runner.invoke(cli, ["corpus", "-", "-g", str(g), "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["file"] for p in data["plans"]] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]
    result = runner.invoke(cli, ["corpus", "-", "-g", str(g)], input=text + "[1]\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("diffkit: <stdin>: line 4: $: expected a plan object")


def test_directories_are_searched_recursively_and_counted(tmp_path, plans, g1):
    for k, p in enumerate(plans[:5]):
        folder = tmp_path / "top" / ("" if k < 2 else f"sub{k % 2}")
        folder.mkdir(parents=True, exist_ok=True)
        p.save(folder / f"{p.id}.json")
    notes: list[str] = []
    c = corpus([tmp_path / "top"], g1, note=notes.append)
    assert notes == [f"{tmp_path / 'top'}: 5 plan files (searched recursively)"]
    again = corpus([tmp_path / "top", str(tmp_path / "top" / "*.json")], g1)  # named twice
    assert again.plans == c.plans
    assert [p.file for p in c.plans][:3] == [str(tmp_path / "top" / f"{plans[k].id}.json")
                                             for k in (0, 1)] + [
        str(tmp_path / "top" / "sub0" / f"{plans[2].id}.json")]


def test_parquet_without_a_plan_column(tmp_path, g1):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"text": ["x"]}), tmp_path / "x.parquet")
    with pytest.raises(InputError, match="no string column 'plan'"):
        corpus([tmp_path / "x.parquet"], g1)


# -- the check ---------------------------------------------------------------------------------
def test_a_packed_plan_reads_back_with_every_field_the_scorer_reads(plans):
    """`records.pack` (a Plan sent to a worker process) and `records.unpack` keep the ids,
    titles, kinds, meta, abbreviations and each task's text and agencies, in order."""
    from diffkit.corpus.records import pack, unpack
    from diffkit.model import Item, Section, Task

    task = Task("1.1", "统筹推进示范区建设。", lead=("甲局",), participants=("乙局", "丙委"),
                responsible=("丁办",), leaders=("分管副市长",))
    plan = dataclasses.replace(plans[0], abbreviations={"甲局": "某甲管理局"}, sections=(
        *plans[0].sections, Section("s9", "九、保障措施", (Item("1", "加强领导", (task,)),),
                                    kind="principles")))
    back = unpack(pack([plan])[0])
    assert (back.id, back.title, back.meta, back.abbreviations) == (
        plan.id, plan.title, dict(plan.meta), {"甲局": "某甲管理局"})
    assert [(s.id, s.title, s.kind) for s in back.sections] == [
        (s.id, s.title, s.kind) for s in plan.sections]
    fields = ("id", "text", "lead", "participants", "responsible", "leaders")
    assert [[tuple(getattr(t, f) for f in fields) for i in s.items for t in i.tasks]
            for s in back.sections] == [
        [tuple(getattr(t, f) for f in fields) for i in s.items for t in i.tasks]
        for s in plan.sections]
    assert back.sections[-1].items[0].tasks[0].leaders == ("分管副市长",)


def test_fast_check_agrees_with_validate(plans):
    """decode_plan takes the fast road only for plans validate_plan accepts, and answers
    any other input with the slow road's own error."""
    from diffkit.corpus.records import PlanRecord, decode_plan
    from diffkit.model import validate_plan

    good = plans[0].to_dict()
    assert isinstance(decode_plan(json.dumps(good).encode(), file="f"), PlanRecord)
    cases = []
    for path, value in ((("id",), " "), (("meta", "date"), "2016-13-01"),
                        (("meta", "level"), "galactic"), (("format",), "x/1"),
                        (("sections", 0, "items", 0, "tasks", 0, "id"), "9.9"),
                        (("sections", 0, "items", 0, "tasks", 0, "text"), "\u3000"),
                        (("abbreviations",), {"x": " "}), (("sections", 0, "id"), 7),
                        (("sections", 0, "items", 0, "tasks", 0, "lead"), ["某局", " "]),
                        (("sections", 0, "items", 0, "tasks", 0, "participants"), ["\t"]),
                        (("sections", 0, "items", 0, "tasks", 0, "leaders"), ["\u3000"]),
                        (("sections", 0, "items", 0, "id"), " "), (("sections", 0, "id"), " "),
                        # empty, not blank: checked after decoding too
                        (("id",), ""), (("sections", 0, "id"), ""),
                        (("sections", 0, "items", 0, "id"), ""),
                        (("sections", 0, "items", 0, "tasks", 0, "id"), ""),
                        (("sections", 0, "items", 0, "tasks", 0, "text"), ""),
                        (("sections", 0, "items", 0, "tasks", 0, "lead"), [""]),
                        (("sections", 0, "items", 0, "tasks", 0, "participants"), ["某局", ""]),
                        (("sections", 0, "items", 0, "tasks", 0, "responsible"), [""]),
                        (("sections", 0, "items", 0, "tasks", 0, "leaders"), [""]),
                        (("abbreviations",), {"x": ""})):
        bad = json.loads(json.dumps(good))
        parent = bad
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
        cases.append(bad)
    dup = json.loads(json.dumps(good))
    dup["sections"].append(dup["sections"][0])
    cases.append(dup)
    for bad in cases:
        assert validate_plan(bad)
        with pytest.raises(DiffkitError) as err:
            decode_plan(json.dumps(bad), file="f")
        assert str(validate_plan(bad)[0]) in err.value.line()
    roles = json.loads(json.dumps(good))  # the parser's roles: still the fast road
    roles["sections"][0]["items"][0]["tasks"][0].update(
        responsible=["某局"], leaders=["分管副省长"], labels={"responsible": "责任单位"})
    assert isinstance(decode_plan(json.dumps(roles), file="f"), PlanRecord)
    roles["sections"][0]["items"][0]["tasks"][0]["responsible"] = [" "]
    with pytest.raises(DiffkitError, match="responsible"):
        decode_plan(json.dumps(roles), file="f")
    parsed = json.loads(json.dumps(good))  # lines the parser could not place: the fast road
    parsed["unplaced"] = [{"line": 3, "text": "kept"}, {"line": 9, "text": ""}]
    assert isinstance(decode_plan(json.dumps(parsed), file="f"), PlanRecord)
    for bad in ([{"line": 0, "text": "x"}], [{"line": "3", "text": "x"}], [{"line": 3}],
                [{"line": 3, "text": "x", "more": 1}], [{"line": True, "text": "x"}],
                {"line": 3, "text": "x"}, [{"line": 3, "text": None}]):
        parsed["unplaced"] = bad
        assert validate_plan(parsed), bad
        with pytest.raises(DiffkitError) as err:
            decode_plan(json.dumps(parsed), file="f")
        assert str(validate_plan(parsed)[0]) in err.value.line()


# -- several guidelines ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mixed(plans, g2):
    """Plans of guideline 1 citing it (as 国发(2026)… with other brackets), plans of
    guideline 2 citing nothing, one citing both, one on neither subject."""
    cite = [dataclasses.replace(p, meta={**p.meta, "implements": ["模发(2026)1号"]})
            for p in plans[:3]]
    second = [dataclasses.replace(p, id=f"b{p.id}") for p in fast_plans(3, seed=6, plan=g2)]
    both = dataclasses.replace(plans[3], id="both", meta={
        **plans[3].meta, "implements": [G1_NUMBER, "模发〔2026〕2号"]})
    neither = Plan.from_dict({"format": "diffkit.plan/1", "id": "neither", "sections": [
        {"id": "1", "title": "其他", "items": [{"id": "1", "title": "其他事项", "tasks": [
            {"id": "1.1", "text": "做好本单位档案数字化整理和移交工作。", "lead": [],
             "participants": []}]}]}]})
    return [*cite, second[0], both, neither, *second[1:]]


def test_routing_by_citation_similarity_or_none(mixed, g1, g2):
    got = corpus(mixed, [g1, g2], chunk_size=3)
    one, two = got.corpora
    assert [(p.id, p.routed_by) for p in one.plans] == [
        (p.id, "citation") for p in mixed[:3]] + [("both", "citation")]
    assert [(p.id, p.routed_by) for p in two.plans] == [
        (mixed[3].id, "similarity"), ("both", "citation"),
        *((p.id, "similarity") for p in mixed[6:])]
    assert [u[0] for u in got.unrouted] == ["neither"]
    assert len(two.coverage) == len(two.plans) * len(g2.refs)
    alone = corpus([mixed[3]], g2)  # the same figures as a run against that guideline alone
    assert dataclasses.replace(two.plans[0], routed_by=None) == alone.plans[0]
    data = got.to_dict()
    assert schema_problems(data, _schema()) == []
    assert {r["guideline_id"] for r in data["coverage"]} == {g1.id, g2.id}
    assert corpus(mixed, [g1, g2], route_cutoff=100).unrouted[0][0] == mixed[3].id



def test_a_small_plan_citing_nothing_goes_to_the_guideline_carrying_its_tasks(g1, g2, mixed):
    """A county plan keeping five of a 34-task guideline's tasks retains under a fifth of
    its text (the route cutoff), yet the guideline carries five of its six tasks: routed by
    similarity. A cutoff above half (here 100) asks that share of the plan's tasks too."""
    refs = g1.refs[3:8]
    small = Plan.from_dict({"format": "diffkit.plan/1", "id": "county", "sections": [
        {"id": "1", "title": "重点任务", "items": [
            {"id": str(k), "title": r.item.title, "tasks": [
                {"id": f"{k}.1", "text": r.task.text.replace("。", "，县里抓好落实。", 1),
                 "lead": ["县发展改革局"], "participants": []}]}
            for k, r in enumerate(refs, 1)] + [
            {"id": "9", "title": "本县事项", "tasks": [
                {"id": "9.1", "text": "建设县级农产品冷链物流中心，年底前投入使用。",
                 "lead": ["县商务局"], "participants": []}]}]}]})
    got = corpus([small, mixed[5]], [g1, g2])
    one = got.corpora[0]
    assert [(p.id, p.routed_by) for p in one.plans] == [("county", "similarity")]
    assert one.plans[0].retained < 0.2 and not got.corpora[1].plans
    assert [u[0] for u in got.unrouted] == ["neither"]
    strict = corpus([small], [g1, g2], route_cutoff=100)
    assert [u[0] for u in strict.unrouted] == ["county"]


def test_several_guidelines_through_the_command(runner, tmp_path, mixed, g1, g2):
    (tmp_path / "gs").mkdir()
    g1.save(tmp_path / "gs" / "g1.json")
    g2.save(tmp_path / "gs" / "g2.json")
    path = _jsonl(tmp_path / "m.jsonl", mixed)
    result = runner.invoke(cli, ["corpus", str(path), "-g", str(tmp_path / "gs"), "--format",
                                 "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [g["id"] for g in data["guidelines"]] == [g1.id, g2.id]
    assert data["unrouted"] == [{"id": "neither", "title": "neither", "file": f"{path}:6"}]
    table = runner.invoke(cli, ["corpus", str(path), "-g", str(tmp_path / "gs" / "g1.json"),
                                "-g", str(tmp_path / "gs" / "g2.json")])
    assert table.exit_code == 0 and "unrouted: 1 plans (neither)" in table.stdout
    excel = runner.invoke(cli, ["corpus", str(path), "-g", str(tmp_path / "gs"), "--excel",
                                str(tmp_path / "x.xlsx")])
    assert excel.exit_code == 2 and "--excel and --html take one guideline" in excel.stderr


def test_single_guideline_json_keeps_its_keys(plans, g1):
    data = corpus(plans[:2], g1).to_dict()
    assert "guidelines" not in data and "routed_by" not in data["plans"][0]


def _schema():
    return json.loads(resources.files("diffkit").joinpath("schemas/corpus.schema.json")
                      .read_text("utf-8"))


# -- Parquet output ------------------------------------------------------------------------------
def _rows(table) -> list[dict]:
    rows = table.to_pylist()
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))


def test_output_directory_read_by_pandas_pyarrow_and_duckdb(tmp_path, mixed, g1, g2):
    import duckdb
    import pandas as pd

    out = corpus(mixed, [g1, g2], output=tmp_path / "out", chunk_size=3)
    memory = corpus(mixed, [g1, g2], chunk_size=3).to_dict()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "agencies", "coverage", "plans", "summary.json"]
    assert sorted(os.listdir(tmp_path / "out" / "plans")) == sorted([
        f"guideline_id={g1.id}", f"guideline_id={g2.id}", "guideline_id=unrouted"])
    coverage = out.table("coverage")
    want = [{**r, "tasks": list(r["tasks"])} for r in memory["coverage"]]
    assert _rows(coverage) == _rows(_Listed(want))
    plans = pd.read_parquet(tmp_path / "out" / "plans")  # pandas, hive partitions
    routed = plans[plans["guideline_id"] != "unrouted"]
    assert len(routed) == len(memory["plans"])
    mine = {(p["guideline_id"], p["id"]): p for p in memory["plans"]}
    for row in routed.to_dict("records"):
        p = mine[(row["guideline_id"], row["plan"])]
        assert (row["coverage"], row["retained"], row["added"], row["routed_by"]) == (
            p["coverage"], p["retained"], p["added"], p["routed_by"])
    glob = str(tmp_path / "out" / "coverage" / "*" / "*.parquet")
    counts = duckdb.sql(f"SELECT guideline_id, status, count(*) AS n FROM read_parquet('{glob}', "
                        "hive_partitioning = true) GROUP BY ALL ORDER BY ALL").fetchall()
    assert sum(n for _, _, n in counts) == len(memory["coverage"])
    s = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert s["plans"] == len(mixed) and s["unrouted"] == 1 and s == out.summary
    assert [g["plans"] for g in s["guidelines"]] == [4, 4]


class _Listed:
    def __init__(self, rows):
        self.rows = rows

    def to_pylist(self):
        return self.rows


def test_output_is_all_or_nothing(tmp_path, plans, g1):
    path = _jsonl(tmp_path / "p.jsonl", plans[:5], extra={4: "{oops"})
    with pytest.raises(InputError, match="line 5"):
        corpus([path], g1, output=tmp_path / "out", chunk_size=2)
    assert sorted(os.listdir(tmp_path)) == ["p.jsonl"]  # no directory, no temporary left
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(DiffkitError, match="not an empty directory"):
        corpus([path], g1, output=tmp_path / "full")
    out = corpus([path], g1, output=tmp_path / "out", chunk_size=2, skip_invalid=True)
    assert out.summary["skipped_count"] == 1 and out.summary["plans"] == 5


def test_repeated_ids_skipped_after_their_chunk_was_written(tmp_path, plans, g1):
    twice = [*plans[:3], plans[0]]
    out = corpus(twice, g1, output=tmp_path / "out", chunk_size=3, skip_invalid=True)
    assert sorted(out.frame("plans")["plan"]) == sorted(p.id for p in plans[:3])
    assert len(out.frame("coverage")) == 3 * len(g1.refs)
    assert out.summary["plans"] == out.summary["guidelines"][0]["plans"] == 3
    assert out.summary["skipped"][0]["reason"] == (
        f"plan {plans[0].id}: plan id {plans[0].id!r} is already used by an earlier plan of "
        "this corpus (give every plan of a corpus its own id)")


def test_digests_of_plan_ids(monkeypatch):
    from diffkit.corpus.gather import Digests

    monkeypatch.setattr(Digests, "RECENT", 250)  # merged into the sorted array now and then
    d = Digests()
    seen = []
    for k in range(0, 3000, 100):  # chunks, with ids repeated from earlier chunks
        ids = [f"p{i}" for i in range(k, k + 100)] + ([f"p{k // 2}"] if k else [])
        seen += [i for i, s in zip(ids, d.add(ids), strict=True) if s]
    assert len(d) == 3000 and seen == [f"p{k // 2}" for k in range(100, 3000, 100)]
    assert len(d.sorted) >= 2750 and len(d.recent) < 250
    assert d.add(["p1", "p2"]) == [True, True] and d.add([]) == [] and len(d) == 3000


def test_output_through_the_command(runner, tmp_path, plans, g1):
    g = tmp_path / "g.json"
    g1.save(g)
    path = _jsonl(tmp_path / "p.jsonl", plans[:3])
    result = runner.invoke(cli, ["corpus", str(path), "-g", str(g), "--output",
                                 str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"wrote {tmp_path / 'out'}: 3 plans, 1 guideline, 0 unrouted, "
                             "0 skipped\n")
    again = runner.invoke(cli, ["corpus", str(path), "-g", str(g), "--output",
                                str(tmp_path / "out")])
    assert again.exit_code == 2 and "not an empty directory" in again.stderr


def test_reports_beside_the_parquet_are_made_from_it(runner, tmp_path, plans, g1):
    """--output with --format, --excel and --html: the Parquet, and the same reports as a
    run without --output, made from the Parquet read back."""
    import openpyxl

    g = tmp_path / "g.json"
    g1.save(g)
    path = _jsonl(tmp_path / "p.jsonl", plans[:5])
    runs = {}
    for name, extra in (("memory", []), ("parquet", ["--output", str(tmp_path / "out")])):
        got = runner.invoke(cli, ["corpus", str(path), "-g", str(g), "--chunk-size", "2",
                                  "--format", "json", "--excel", str(tmp_path / f"{name}.xlsx"),
                                  "--html", str(tmp_path / f"{name}.html"), *extra])
        assert got.exit_code == 0, got.output
        runs[name] = got
    memory, parquet = runs["memory"], runs["parquet"]
    assert (tmp_path / "out" / "summary.json").is_file()
    assert f"diffkit: wrote {tmp_path / 'out'}: 5 plans, 1 guideline" in parquet.stderr
    assert json.loads(parquet.stdout) == json.loads(memory.stdout)
    books = [openpyxl.load_workbook(tmp_path / f"{n}.xlsx") for n in ("memory", "parquet")]
    assert books[0].sheetnames == books[1].sheetnames
    for sheet in books[0].sheetnames:
        assert (list(books[1][sheet].iter_rows(values_only=True))
                == list(books[0][sheet].iter_rows(values_only=True)))
    assert ((tmp_path / "parquet.html").read_text("utf-8")
            == (tmp_path / "memory.html").read_text("utf-8"))
    table = runner.invoke(cli, ["corpus", str(path), "-g", str(g), "--output",
                                str(tmp_path / "o3"), "--format", "csv"])
    assert table.exit_code == 0 and table.stdout.startswith("\ufeffplan,guideline,tasks")
    bad = runner.invoke(cli, ["corpus", str(path), "-g", str(g), "--output",
                              str(tmp_path / "o4"), "--excel", str(path / "x.xlsx")])
    assert bad.exit_code == 2 and "is a file" in bad.stderr  # refused before any work
    assert not (tmp_path / "o4").exists()


# -- engine manners ------------------------------------------------------------------------------
class _Where(dict):
    """A plan mapping that notes, where it is read, the reading process's parent (not a
    plain dict: the fast road leaves it to be read where it is scored, as it behaves)."""

    def __init__(self, data, note: str) -> None:
        super().__init__(data)
        self.note = note

    def get(self, *args):
        import gc

        with open(self.note, "a") as fh:
            fh.write(f"{os.getpid()} {os.getppid()} {int(gc.isenabled())}\n")
        return super().get(*args)


def test_local_workers_are_not_forked_from_the_caller(tmp_path, plans, g1):
    """The pool's workers come from a forkserver: their parent is not this process (a
    fork of a multi-threaded caller, such as a Jupyter kernel, could deadlock); they pause
    their own garbage collector while they work. This process scores chunks too (the
    last one here: the worker has one in hand), with its collector paused as well."""
    note = str(tmp_path / "where")
    data = [_Where(p.to_dict(), note) for p in plans[:6]]
    c = corpus(data, g1, workers=2, chunk_size=2)
    assert len(c.plans) == 6
    seen = {tuple(map(int, line.split())) for line in open(note)}
    workers = {(pid, ppid) for pid, ppid, _ in seen if pid != os.getpid()}
    assert workers and all(ppid != os.getpid() for _, ppid in workers)
    assert len(seen) > len(workers)  # and some chunk was read here
    assert {gc for _, _, gc in seen} == {0}  # a worker pauses its collector, as corpus does
    open(note, "w").close()  # with output, only workers score (and write Parquet)
    out = corpus(data, g1, workers=2, chunk_size=2, output=tmp_path / "out")
    assert out.summary["plans"] == 6
    seen = {tuple(map(int, line.split())) for line in open(note)}
    assert seen and all(pid != os.getpid() and ppid != os.getpid() for pid, ppid, _ in seen)


def _worker_pids(note: str) -> set[int]:
    return {int(line.split()[0]) for line in open(note)} - {os.getpid()}


def test_the_pool_is_kept_for_the_next_call_of_the_same_job(tmp_path, plans, g1, g2,
                                                            monkeypatch):
    """A call leaves its workers for the next call with the same guidelines and options
    (they keep what they learnt); another job, an error, `local.shutdown` or `local.IDLE`
    seconds unused end them."""
    import importlib
    import time

    local = importlib.import_module("diffkit.corpus.local")
    note = str(tmp_path / "where")
    data = [_Where(p.to_dict(), note) for p in plans[:6]]
    first = corpus(data, g1, workers=2, chunk_size=2)
    used = _worker_pids(note)
    kept = local._KEPT
    assert used and kept is not None
    open(note, "w").close()
    assert corpus(data, g1, workers=2, chunk_size=2) == first
    assert local._KEPT is kept and _worker_pids(note) <= used  # the same workers
    processes = list(kept.pool._processes.values())
    open(note, "w").close()
    corpus(data, g2, workers=2, chunk_size=2)  # another guideline: other workers
    assert local._KEPT is not kept and not _worker_pids(note) & used
    assert not any(p.is_alive() for p in processes)
    kept = local._KEPT
    bad = [*data[:3], {"id": "broken"}, *data[3:]]
    with pytest.raises(DiffkitError):
        corpus(bad, g2, workers=2, chunk_size=2)
    assert local._KEPT is None  # an error ends them
    corpus(data, g2, workers=2, chunk_size=2)
    assert local._KEPT is not None
    pid = os.fork()  # a child forked now uses neither the parent's pool (it would hang)
    if pid == 0:    # nor its forkserver (multiprocessing fails on it): it runs alone
        code = 1
        try:
            alone = corpus(data, g2, workers=2, chunk_size=2)
            code = 0 if alone == corpus(data, g2, workers=1) and local._KEPT is None else 3
        finally:
            os._exit(code)
    assert os.waitpid(pid, 0)[1] == 0
    local.shutdown()
    assert local._KEPT is None
    monkeypatch.setattr(local, "IDLE", 0.2)
    corpus(data, g2, workers=2, chunk_size=2)
    kept = local._KEPT
    processes = list(kept.pool._processes.values())
    for _ in range(100):
        if local._KEPT is None:
            break
        time.sleep(0.05)
    assert local._KEPT is None and not any(p.is_alive() for p in processes)


def test_the_forkserver_prepares_what_every_worker_needs():
    """The forkserver imports `corpus.warm`, which builds OpenCC's tables and loads the
    shipped registry once, before the workers fork from it."""
    import importlib
    import subprocess
    import sys

    local = importlib.import_module("diffkit.corpus.local")
    assert local.preload(False)[-1] == local.preload(True)[-1] == "diffkit.corpus.warm"
    assert "pyarrow.parquet" in local.preload(True) and "pandas" not in local.preload(True)
    code = ("import diffkit.corpus.warm\n"
            "from diffkit.agencies.registry import default_registry\n"
            "from diffkit.corpus.coverage import _t2s_tables\n"
            "print(default_registry.cache_info().currsize, _t2s_tables.cache_info().currsize)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert done.stdout.split() == ["1", "1"], done.stderr


def test_workers_write_parquet_without_importing_pandas(tmp_path):
    """The forkserver of a run with output tells pyarrow that pandas is not there (pyarrow
    imported it, 0.3 s, only to ask on its first conversion): tables are written and read
    without pandas, and pandas still works when something asks for it."""
    import subprocess
    import sys

    code = ("import sys, pyarrow as pa, pyarrow.parquet as pq\n"
            "import diffkit.corpus.warm\n"
            "t = pa.table({'a': ['x', None], 'b': [[' p'], []], 'c': [1.5, None]})\n"
            f"pq.write_table(t, {str(tmp_path / 't.parquet')!r})\n"
            f"back = pq.read_table({str(tmp_path / 't.parquet')!r})\n"
            "print(back.to_pylist() == t.to_pylist(), 'pandas' in sys.modules)\n"
            "print(back.to_pandas().shape, 'pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert done.stdout.split("\n")[:2] == ["True False", "(2, 3) True"], done.stderr


def test_a_script_without_a_main_guard(tmp_path, plans, g1):
    """A researcher's script that calls corpus at its top level (no ``if __name__ ==
    "__main__"``) runs once, with worker processes, as it did when workers were forked."""
    import subprocess
    import sys

    _jsonl(tmp_path / "p.jsonl", plans[:6])
    g1.save(tmp_path / "g.json")
    script = tmp_path / "study.py"
    script.write_text("import diffkit\n"
                      "c = diffkit.corpus(['p.jsonl'], 'g.json', workers=2, chunk_size=2)\n"
                      "print('RAN', len(c.plans))\n", "utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert (done.returncode, done.stdout) == (0, "RAN 6\n"), done.stderr


def test_results_read_back_from_the_output_equal_the_in_memory_ones(tmp_path, mixed, plans,
                                                                     g1, g2):
    """JSON and workbooks of a corpus can be made from its Parquet output:
    `CorpusOutput.corpus` gives the `Corpus` (one guideline) or `CorpusSet` (several) that
    `corpus` gives without ``output``, plans in input order across chunks."""
    from diffkit.corpus.readback import read_output

    one = corpus(plans, g1, output=tmp_path / "one", chunk_size=2)
    back = one.corpus(g1)
    assert back == corpus(plans, g1, chunk_size=2)
    assert back.to_json() == corpus(plans, g1).to_json()
    several = corpus(mixed, [g1, g2], output=tmp_path / "two", chunk_size=3)
    assert several.corpus([g1, g2]) == corpus(mixed, [g1, g2])
    assert several.corpus([g1, g2]).unrouted  # one plan on neither subject
    with pytest.raises(DiffkitError, match="guidelines of that run"):
        several.corpus([g2, g1])
    with pytest.raises(DiffkitError, match="summary.json"):
        read_output(tmp_path, g1)
