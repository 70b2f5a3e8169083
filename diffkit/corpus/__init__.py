"""Corpora: many plans against a guideline → coverage, fidelity, agencies.

Enters: plan files and a guideline. Leaves: a ``Corpus`` (``diffkit.corpus/1``): one coverage
row per plan and guideline task, per-plan fidelity, agency counts.

- :mod:`.run` — the runner (``corpus``, ``Corpus``), chunking and results;
- :mod:`.local` — the local engine (worker processes); :mod:`.distributed` — the Dask engine;
- :mod:`.coverage` — a chunk's similarity signals with NumPy; :mod:`.pairing` — each plan's
  assignment in plain Python;
- :mod:`.report` — corpus JSON, CSV, table and HTML.
"""

from .run import Corpus, corpus

__all__ = ["Corpus", "corpus"]
