"""Alignment: two task lists (and a guideline) → scored correspondences.

Enters: two plans (or a plan and its guideline). Leaves: pairs of task ids with scores
(0–100) and the signals behind them.

- :mod:`.similarity` — the similarity signals (the only module that imports rapidfuzz);
- :mod:`.clausecut` — clause cutting for clause-level coverage;
- :mod:`.assign` — the correspondences: greedy pairs, splits and merges, sections, order.

Imports flow down only: align → model, normalize, errors.
"""
