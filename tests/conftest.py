"""Shared fixtures: paths of the shipped datasets, the seed plan and a CLI runner. Helpers that
build plans are in tests/builders.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.builders import ROOT, SEED_DIR, SEED_JSON

SEED = SEED_DIR
__all__ = ["ROOT", "SEED"]


@pytest.fixture
def seed_path() -> Path:
    return SEED_JSON


@pytest.fixture(scope="session")
def seed_plan():
    """The seed plan, loaded once (a frozen `Plan`: tests build changed copies, never edit it)."""
    import diffkit
    return diffkit.load(SEED_JSON)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def guideline():
    """The simulated guideline of the corpus benchmark (`benchmarks/simcorpus.py`)."""
    from benchmarks.simcorpus import simulated_guideline

    return simulated_guideline()


@pytest.fixture(scope="session")
def chain_comparison(seed_plan):
    """A real comparison with provenance: A (a province's plan) and B (a city's, implementing
    it) through the guideline, with two added tasks of B that borrow a clause of A's tasks
    (`tests.builders.chain`; all constructed from the seed)."""
    import diffkit
    from tests.builders import chain

    g, a, b = chain(seed_plan)
    return diffkit.compare(a, b, g)
