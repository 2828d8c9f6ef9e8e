"""Shared fixtures: the seeds, their gold files, ingested models, a fixed build time."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DATA = Path(__file__).resolve().parent / "data"

# Parsed fonts and compiled templates go to a cache of this test run, not the user's (~/.cache/briefgen).
os.environ["BRIEFGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefgen-test-cache-")


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch):
    """Every test builds with one timestamp, so outputs are reproducible."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return SEEDS


def gold_path(seed: Path) -> Path:
    return DATA / f"indicators-{seed.name.split('_')[0]}.yaml"


@pytest.fixture(scope="session")
def briefs():
    """{seed id prefix ('000', '002'): Brief} ingested once per session."""
    from briefgen.ingest import ingest

    return {p.name.split("_")[0]: ingest(p) for p in SEEDS}


@pytest.fixture
def cfg():
    from briefgen.config import load_config

    return load_config(None)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current outputs instead of comparing")
