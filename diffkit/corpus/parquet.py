"""Parquet for corpora: plans read from Parquet, and a run's results written as Parquet,
chunk by chunk, by whoever computed the chunk. The one module that imports pyarrow
(``pip install 'diffkit[parquet]'``), and only when Parquet is read or written.

Layout of ``--output DIR`` (docs/corpus.md)::

    DIR/plans/guideline_id=G/part-000000.parquet      one row per plan routed to G
    DIR/coverage/guideline_id=G/part-000000.parquet   one row per plan and task of G
    DIR/agencies/guideline_id=G/part-000000.parquet   one row per canonical agency and plan
    DIR/plans/guideline_id=unrouted/…                 plans routed to no guideline
    DIR/summary.json                                  counts, guidelines, skipped plans

``part-NNNNNN`` is the chunk's number: the same input, chunk size and options give the same
files, whichever engine computed them. Hive-style partitions: pandas, pyarrow, DuckDB and
Spark read ``guideline_id`` as a column.

Parquet of plans (input): one row per plan, its ``diffkit.plan/1`` JSON text in a string
column ``plan``; any other column is ignored (`write_plans` writes one).
"""

from __future__ import annotations

import os
from itertools import repeat
from pathlib import Path
from urllib.parse import quote

from ..errors import InputError

TABLES = ("plans", "coverage", "agencies")
STATUSES = ("unchanged", "reworded", "split", "merged", "removed")
UNROUTED = "unrouted"


def _pa():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("Parquet needs pyarrow, which is not installed", place="--output",
                         fix="pip install 'diffkit[parquet]'") from None
    return pa, pq


def without_pandas() -> None:
    """Answer pyarrow's question "is pandas installed?" with no, in a process that never
    hands pyarrow a pandas object: the local engine's forkserver, whose workers write
    Parquet from plain lists (`corpus.warm`). pyarrow asks on its first conversion of any
    array, and importing pandas to answer cost each run 0.3 s before its first worker could
    start. It asks once; a later ``to_pandas`` imports pandas as usual. A process that has
    imported pandas is left as it is."""
    import sys

    if "pandas" in sys.modules:
        return
    pa, _ = _pa()
    sys.meta_path.insert(0, _NoPandas)  # (``import pandas`` raises ImportError: this answer)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(_NoPandas)


class _NoPandas:
    """A finder that refuses pandas (`without_pandas`)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is not imported here", name=name)
        return None


# -- plans in ------------------------------------------------------------------------------
def row_groups(path: str) -> list[int]:
    """Rows per row group of a Parquet file of plans (it must have a string ``plan``)."""
    pa, pq = _pa()
    try:
        meta = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"not a readable Parquet file ({str(exc).splitlines()[0][:100]})",
                         file=path, fix="give a Parquet file with one plan JSON per row in a "
                                        "column 'plan'") from None
    field = meta.schema_arrow.field("plan") if "plan" in meta.schema_arrow.names else None
    if field is None or not (pa.types.is_string(field.type)
                             or pa.types.is_large_string(field.type)):
        raise InputError("no string column 'plan'", file=path,
                         fix="put each plan's diffkit.plan/1 JSON text in a column 'plan'")
    return [meta.metadata.row_group(g).num_rows for g in range(meta.num_row_groups)]


def plan_texts(path: str, group: int, offset: int, rows: int) -> list[str | None]:
    _, pq = _pa()
    column = pq.ParquetFile(path).read_row_group(group, columns=["plan"]).column("plan")
    return column.slice(offset, rows).to_pylist()


def write_plans(plans, path: str | os.PathLike, *, row_group_size: int = 10_000) -> Path:
    """Plans (`Plan` objects) as a Parquet file of plans: columns ``id`` and ``plan``."""
    import json

    from ..files import write_atomic

    pa, pq = _pa()
    texts = [json.dumps(p.to_dict(), ensure_ascii=False) for p in plans]
    table = pa.table({"id": [p.id for p in plans], "plan": texts})
    return write_atomic(path, lambda fh: pq.write_table(table, fh,
                                                        row_group_size=row_group_size))


# -- results out -----------------------------------------------------------------------------
def write_chunk(job, k: int, rows: dict[int, list[tuple]], unrouted: list) -> dict[int, list]:
    """Write chunk ``k``'s rows under ``job.output``; per guideline position, what the
    summary adds up: (plan id, coverage, retained, routed_by) per plan."""
    pa, pq = _pa()
    counts: dict[int, list] = {}
    for g, plans in rows.items():
        guide = job.guides[g]
        _write(pq, pa.table(_plans_columns(plans), schema=_plans_schema(pa)), job.output,
               "plans", guide.id, k)
        _write(pq, pa.table(_coverage_columns(plans, guide.index.ids),
                            schema=_coverage_schema(pa)), job.output, "coverage", guide.id, k)
        _write(pq, pa.table(_agency_columns(plans), schema=_agency_schema(pa)), job.output,
               "agencies", guide.id, k)
        counts[g] = [(p[0], p[5], p[6], p[9]) for p in plans]
    if unrouted:
        cols = _plans_columns([(pid, title, file, None, None, None, None, None, None,
                                UNROUTED) for pid, title, file in unrouted])
        _write(pq, pa.table(cols, schema=_plans_schema(pa)), job.output, "plans", UNROUTED, k)
    return counts


def _write(pq, table, root: str, name: str, guideline: str, k: int) -> None:
    folder = Path(root, name, f"guideline_id={quote(guideline, safe='')}")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".part-{k:06d}.parquet.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, folder / f"part-{k:06d}.parquet")


def _plans_columns(plans: list[tuple]) -> dict[str, list]:
    cols: dict[str, list] = {n: [] for n in ("plan", "title", "file", *_FIGURES, "routed_by")}
    for pid, title, file, ntasks, rows, covered, retained, local, agencies, how in plans:
        cols["plan"].append(pid)
        cols["title"].append(title)
        cols["file"].append(file)
        cols["routed_by"].append(how)
        if rows is None:  # unrouted: no figures
            for name in _FIGURES:
                cols[name].append(None)
            continue
        statuses = [r[2] for r in rows]
        cols["tasks"].append(ntasks)
        cols["covered"].append(len(rows) - statuses.count("removed"))
        cols["coverage"].append(covered)
        cols["retained"].append(retained)
        cols["added"].append(local)
        for s in STATUSES:
            cols[s].append(statuses.count(s))
        _, lead, part, resp = zip(*agencies, strict=True) if agencies else ((), (), (), ())
        cols["lead"].append(sum(lead))
        cols["participants"].append(sum(part))
        cols["responsible"].append(sum(resp))
        cols["agencies"].append(len(agencies))
    return cols


_FIGURES = ("tasks", "covered", "coverage", "retained", "added", *STATUSES, "lead",
            "participants", "responsible", "agencies")


def _plans_schema(pa):
    """Plan rows: the corpus JSON's plan keys (``id`` named ``plan``) and ``routed_by``."""
    floats = ("coverage", "retained")
    return pa.schema([("plan", pa.string()), ("title", pa.string()), ("file", pa.string()),
                      *((n, pa.float64() if n in floats else pa.int64()) for n in _FIGURES),
                      ("routed_by", pa.string())])


def _coverage_columns(plans: list[tuple], ids: tuple[str, ...]) -> dict[str, list]:
    cols: dict[str, list] = {"plan": [], "guideline": [], "tasks": [], "score": [],
                             "status": []}
    for plan in plans:  # column by column: a row's tuple of task ids is a list value as is
        pid, rows = plan[0], plan[4]
        tasks, scores, statuses = zip(*rows, strict=True)
        cols["plan"] += repeat(pid, len(rows))
        cols["guideline"] += ids
        cols["tasks"] += tasks
        cols["score"] += scores
        cols["status"] += statuses
    return cols


def _coverage_schema(pa):
    return pa.schema([("plan", pa.string()), ("guideline", pa.string()),
                      ("tasks", pa.list_(pa.string())), ("score", pa.float64()),
                      ("status", pa.string())])


def _agency_columns(plans: list[tuple]) -> dict[str, list]:
    cols: dict[str, list] = {"agency": [], "plan": [], "lead": [], "participants": [],
                             "responsible": []}
    for plan in plans:
        if plan[8]:
            agency, lead, part, resp = zip(*plan[8], strict=True)
            cols["agency"] += agency
            cols["plan"] += repeat(plan[0], len(agency))
            cols["lead"] += lead
            cols["participants"] += part
            cols["responsible"] += resp
    return cols


def _agency_schema(pa):
    return pa.schema([("agency", pa.string()), ("plan", pa.string()), ("lead", pa.int64()),
                      ("participants", pa.int64()), ("responsible", pa.int64())])


def drop_plans(root: str, drops: dict[int, set[str]]) -> None:
    """Remove plans (by id, per chunk number) from the parts already written: repeated plan
    ids skipped with ``skip_invalid`` after their chunk was written."""
    pa, pq = _pa()
    import pyarrow.compute as pc

    for name in TABLES:
        for k, ids in drops.items():
            for part in Path(root, name).glob(f"*/part-{k:06d}.parquet"):
                table = pq.read_table(part)
                keep = pc.invert(pc.is_in(table["plan"],
                                                          value_set=pa.array(sorted(ids))))
                tmp = part.with_name(f".{part.name}.tmp")
                pq.write_table(table.filter(keep), tmp)
                os.replace(tmp, part)


def read_parts(root: str | os.PathLike, name: str, guideline: str) -> list[dict]:
    """The rows of one table of one guideline (its partition), as dicts, parts in chunk
    order: the plans in input order."""
    _, pq = _pa()
    folder = Path(root, name, f"guideline_id={quote(guideline, safe='')}")
    rows: list[dict] = []
    for part in sorted(folder.glob("part-*.parquet")):
        rows += pq.read_table(part).to_pylist()
    return rows


def read_table(root: str | os.PathLike, name: str):
    """One of the tables of an output directory, as a pyarrow Table (all guidelines)."""
    import pyarrow.dataset as ds

    _pa()
    return ds.dataset(Path(root, name), format="parquet", partitioning="hive").to_table()


__all__ = ["TABLES", "UNROUTED", "row_groups", "plan_texts", "write_plans", "write_chunk",
           "drop_plans", "read_parts", "read_table"]
