"""Shared fixtures: paths of the shipped datasets and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "datasets" / "sichuan_2016"


@pytest.fixture
def seed_path() -> Path:
    return SEED / "plan.json"


@pytest.fixture
def seed_plan():
    import diffkit
    return diffkit.load(SEED / "plan.json")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
