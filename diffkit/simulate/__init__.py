"""Simulation: a plan → seeded simulated variants and their true comparison.

Enters: a plan, a number of edits and a seed. Leaves: a variant plan that says it is simulated
(:mod:`.variants`) and the comparison it should produce (:mod:`.truth`), for measuring accuracy.
"""

from .variants import simulate, write_simulation

__all__ = ["simulate", "write_simulation"]
