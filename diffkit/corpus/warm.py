"""What every local worker would otherwise prepare for its first chunk, prepared once in
the local engine's forkserver (`local.PRELOAD` imports this module there, and the workers
fork from it with all of it in hand): OpenCC's converter and the tables of its changing
keys that folding reads (`coverage.prepare`), and the shipped agency registry. Measured
in a fresh process: about 20 ms and 8 ms, a fifth of a fresh worker's first 125-plan
chunk (docs/corpus.md, thirteenth round). For a run with ``--output`` (pyarrow imported
first) it also tells pyarrow that pandas is not there (`parquet.without_pandas`): the
workers write Parquet from plain lists, and pyarrow imported pandas (0.3 s) only to ask.
Imported anywhere else, it does the same work once. A step that fails is left to the
workers, as before."""

from __future__ import annotations

import sys
from contextlib import suppress

from ..agencies.registry import default_registry
from .coverage import prepare

with suppress(Exception):
    prepare()
with suppress(Exception):
    default_registry()
if "pyarrow" in sys.modules:   # a forkserver for a run with --output (imported after pyarrow)
    with suppress(Exception):
        from .parquet import without_pandas
        without_pandas()
