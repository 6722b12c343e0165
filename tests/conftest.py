"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


@pytest.fixture
def data_dir() -> Path:
    """``tests/data``: small fixtures, each with its source noted in SOURCES.md."""
    return TESTS / "data"
