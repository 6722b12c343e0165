"""Linkage raises the cyclic collector's threshold while it runs, and puts it back."""

from __future__ import annotations

import gc

import pytest

from uncounted.link.collector import ALLOCATIONS, fewer_collections


def test_the_threshold_is_raised_within_and_restored_after_even_on_error() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= ALLOCATIONS
        with fewer_collections():
            assert gc.get_threshold()[0] >= ALLOCATIONS
        # The inner block ending leaves the outer one's setting in place.
        assert gc.get_threshold()[0] >= ALLOCATIONS
    assert gc.get_threshold() == before
    with pytest.raises(ValueError), fewer_collections():
        raise ValueError("boom")
    assert gc.get_threshold() == before


def test_a_decorated_function_runs_with_the_raised_threshold() -> None:
    before = gc.get_threshold()

    @fewer_collections()
    def threshold() -> int:
        return gc.get_threshold()[0]

    assert threshold() >= ALLOCATIONS
    assert threshold() >= ALLOCATIONS  # the decorator serves every call
    assert gc.get_threshold() == before
