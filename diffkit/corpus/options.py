"""A corpus run's options checked together, before any work: the engine and its scheduler,
the report files' names and places, and how many guidelines a workbook or web page can hold.

`check_options` is what ``diffkit corpus`` runs first; the Python API's `corpus` takes the
same names (``engine``, ``scheduler``, ``output``). Each refusal is an `OptionError` that
names the option to change; the command line shows it as a usage error (exit 2)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from ..errors import OptionError
from ..files import check_reports
from ..model import Plan
from .sources import Source, plan_files


def check_options(guideline: Source | Sequence[Source], *, engine: str | None = None,
                  scheduler: object = None, output: str | os.PathLike | None = None,
                  excel: str | os.PathLike | None = None,
                  html: str | os.PathLike | None = None, format: str = "table") -> str:
    """Refuse options that cannot work together, in this order: a ``scheduler`` with the
    ``local`` engine; an ``excel`` path that cannot be written or does not end in .xlsx; an
    ``html`` path not ending in .html or not writable; ``excel`` or ``html`` with several
    guidelines (files named, directories expanded: a pattern that matches nothing is an
    error here). Returns the engine to run on: the one given, else ``dask`` when a scheduler
    is given, else ``local``. (With ``output``, the reports are made from the Parquet read
    back: `wants_reports`.)"""
    if engine == "local" and scheduler:
        raise OptionError("--scheduler needs --engine dask")
    check_reports(excel, html)
    if (excel or html) and guideline_count(guideline) > 1:
        raise OptionError("--excel and --html take one guideline",
                          fix="for several, use --output or --format json")
    return engine or ("dask" if scheduler else "local")


def wants_reports(*, excel=None, html=None, format: str = "table") -> bool:
    """Whether a run asks for reports beside its Parquet (``--output``): a workbook, a web
    page or a ``format`` other than the table. They are made from the Parquet read back
    (`CorpusOutput.corpus`), which holds every row in memory: for small corpora."""
    return bool(excel or html or format != "table")


def guideline_count(guideline: Source | Sequence[Source]) -> int:
    """How many guidelines ``guideline`` names: a file or object counts one, a directory or
    pattern its plan files (each file once); errors name the path."""
    items = [guideline] if isinstance(guideline, (str, os.PathLike, Plan, Mapping)) else (
        list(guideline))
    paths = [g for g in items if isinstance(g, (str, os.PathLike))]
    return len(plan_files(paths)) + len(items) - len(paths)


__all__ = ["check_options", "guideline_count", "wants_reports"]
