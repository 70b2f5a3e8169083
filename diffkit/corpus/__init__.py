"""Corpora: many plans against their guidelines → coverage, fidelity, agencies.

Enters: plan files, directories, globs, JSON Lines, Parquet of plans, and one or more
guidelines. Leaves: a ``Corpus`` (``diffkit.corpus/1``: one coverage row per plan and
guideline task, per-plan fidelity, agency counts), a ``CorpusSet`` (several guidelines), or
Parquet written chunk by chunk (``CorpusOutput``).

- :mod:`.run` — the runner (``corpus``, ``Corpus``, ``CorpusSet``) and results;
  :mod:`.options` — the run's options checked together before any work (``check_options``);
- :mod:`.sources` — inputs cut into units a worker reads by itself; :mod:`.records` — plans
  decoded and checked with msgspec;
- :mod:`.chunk` — one chunk: read, check, route, score, write; :mod:`.gather` — the client's
  side: order, bad and repeated plans, the output directory and its summary;
- :mod:`.local` — the local engine (forkserver worker processes); :mod:`.distributed` — the
  Dask engine; :mod:`.parquet` — Parquet in and out (pyarrow); :mod:`.readback` — a
  ``Corpus`` read back from an output directory (``CorpusOutput.corpus``);
- :mod:`.coverage` — a chunk's similarity signals with NumPy; :mod:`.pairing` — each plan's
  assignment in plain Python;
- :mod:`.report` — corpus JSON, CSV, table and HTML.
"""

from .gather import CorpusOutput
from .run import Corpus, CorpusSet, corpus

__all__ = ["Corpus", "CorpusSet", "CorpusOutput", "corpus"]
