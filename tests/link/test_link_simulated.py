"""Linkage on the simulator's lists, checked against the simulator's known truth.

The capture-history table built from the clusters must give nearly the true number
of people observed and population estimates close to those of the true table
(`benchmarks.bench_link_simulated`; the figures for seeds 1-5 are in
docs/link-simulated.md). An over-merging model once halved the demo's estimate; a
model that stops linking inflates it: either fails here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from benchmarks.bench_link_simulated import Measured, measure, table_distance
from benchmarks.link_metrics import markdown_table

from uncounted.estimate.population import CaptureTable

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _doc_row(m: Measured) -> str:
    """The row docs/scripts/link_simulated.py writes for ``m``."""
    spec = importlib.util.spec_from_file_location(
        "link_simulated", DOCS / "scripts" / "link_simulated.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return markdown_table(pd.DataFrame([script._row(m)])).splitlines()[-1]


@pytest.mark.parametrize("seed", [1, 2])
def test_linked_capture_histories_track_the_true_ones(seed: int) -> None:
    m = measure(seed)
    observed_true, observed_linked = m.observed
    assert abs(observed_linked / observed_true - 1) <= 0.02
    chao_true, chao_linked = m.chao
    assert abs(chao_linked / chao_true - 1) <= 0.08
    # the stepwise search may select another log-linear model for the linked table
    # (seed 1), but its estimate stays inside the true table's 95% interval
    low, high = m.stepwise_interval
    assert low <= m.stepwise[1] <= high
    assert m.precision >= 0.8
    assert m.recall >= 0.85
    assert m.f1 >= 0.85
    # docs/link-simulated.md holds this seed's figures as measured now
    assert _doc_row(m) in (DOCS / "link-simulated.md").read_text(encoding="utf-8")


def _table(lists: tuple[str, ...], cells: dict[tuple[int, ...], int]) -> CaptureTable:
    patterns = np.array(list(cells), dtype=np.int8)
    return CaptureTable(lists, patterns, np.array(list(cells.values()), dtype=np.int64))


def test_table_distance_counts_people_out_of_place() -> None:
    truth = _table(("a", "b"), {(1, 0): 5, (0, 1): 4, (1, 1): 3})
    # two women seen on both lists, left unlinked: each of the three cells off by two
    unlinked = _table(("a", "b"), {(1, 0): 7, (0, 1): 6, (1, 1): 1})
    assert table_distance(truth, unlinked) == 6
    # the same table with its lists in another order is no distance away
    swapped = _table(("b", "a"), {(0, 1): 5, (1, 0): 4, (1, 1): 3})
    assert table_distance(truth, swapped) == 0
