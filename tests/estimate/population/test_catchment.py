"""The catchment log-linear model (lists with documented scopes), against references and truth.

Without scopes the model is the ordinary log-linear model, so it must reproduce the
Rcapture references of tests/data/mse/SOURCES.md. With scopes it is checked against
populations whose truth is known: an exact expected table and seeded random draws.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from mse_references import MT_INDEPENDENCE

from uncounted.errors import ConfigError, EstimationError, MLENotFoundError
from uncounted.estimate.population.catchment import BASE, estimate_catchment
from uncounted.estimate.population.design import parse_model
from uncounted.estimate.population.loglinear import estimate_loglinear
from uncounted.estimate.population.table import CaptureTable, read_capture_table

MSE = Path(__file__).resolve().parents[2] / "data" / "mse"
LISTS = ("A", "B", "C", "D")
SCOPES = {"C": "left", "D": "left"}  # C and D only see the "left" class
PROBABILITIES = np.array([0.30, 0.20, 0.25, 0.35])
SIZES = {BASE: 40_000, "left": 60_000}


def _close(got: float, want: float, rel: float) -> bool:
    return abs(got - want) <= rel * abs(want)


@pytest.mark.parametrize(("name", "want"), MT_INDEPENDENCE)
def test_without_scopes_it_is_the_independence_model(name: str, want: float) -> None:
    table = read_capture_table(MSE / f"{name}.csv")
    got = estimate_catchment(table, {})
    assert _close(got.estimate, want, 1e-3)
    wald = estimate_loglinear(table, interval="wald").interval
    assert np.allclose(got.interval, wald, rtol=1e-5)


def test_without_scopes_a_fixed_model_matches_rcapture() -> None:
    # Rcapture closedpCI.t(kosovo, mX = [123,14,34]): N̂ = 10,356.5
    table = read_capture_table(MSE / "kosovo_1999.csv")
    got = estimate_catchment(table, {}, parse_model("[123,14,34]", 4))
    assert _close(got.estimate, 10356.5, 1e-3)


def _pattern_probabilities(seen: tuple[str, ...]) -> dict[tuple[int, ...], float]:
    """Independent captures by the lists in ``seen``; other lists never capture."""
    out = {}
    for code in range(1, 2 ** len(LISTS)):
        pattern = tuple(code >> j & 1 for j in range(len(LISTS)))
        if any(pattern[j] and LISTS[j] not in seen for j in range(len(LISTS))):
            continue
        inside = [j for j, name in enumerate(LISTS) if name in seen]
        p = [PROBABILITIES[j] if pattern[j] else 1 - PROBABILITIES[j] for j in inside]
        out[pattern] = float(np.prod(p))
    return out


def _table(counts: dict[tuple[int, ...], float]) -> CaptureTable:
    rows = [dict(zip(LISTS, p, strict=True), count=int(c)) for p, c in counts.items() if c > 0]
    return CaptureTable.from_frame(pd.DataFrame(rows))


def _expected() -> dict[tuple[int, ...], float]:
    counts: dict[tuple[int, ...], float] = {}
    for seen, size in ((("A", "B"), SIZES[BASE]), (LISTS, SIZES["left"])):
        for pattern, p in _pattern_probabilities(seen).items():
            counts[pattern] = counts.get(pattern, 0.0) + round(size * p)
    return counts


def test_an_exact_table_gives_back_the_class_sizes() -> None:
    got = estimate_catchment(_table(_expected()), SCOPES)
    assert _close(got.estimate, 100_000, 1e-3)
    classes = got.details["catchments"]
    assert _close(classes[BASE]["size"], 40_000, 2e-3)
    assert _close(classes["left"]["size"], 60_000, 2e-3)
    assert classes["left"]["lists"] == list(LISTS)


def test_ignoring_the_scopes_is_biased_on_the_same_table() -> None:
    # The same table read as if every list saw everyone: C and D's silence about the
    # base class looks like chance, and N̂ moves far from the truth.
    got = estimate_loglinear(_table(_expected()))
    assert abs(got.estimate / 100_000 - 1) > 0.05


def test_random_populations_bias_and_coverage() -> None:
    rng = np.random.default_rng(20261127)
    truth, estimates, covered = 2_000, [], []
    for _ in range(120):
        classes = rng.random(truth) < 0.6  # True: left (seen by all four lists)
        caught = rng.random((truth, len(LISTS))) < PROBABILITIES
        caught[~classes, 2:] = False
        frame = pd.DataFrame(caught[caught.any(axis=1)].astype(int), columns=list(LISTS))
        table = CaptureTable.from_frame(frame.value_counts().rename("count").reset_index())
        got = estimate_catchment(table, SCOPES)
        estimates.append(got.estimate)
        covered.append(got.interval[0] <= truth <= got.interval[1])
    assert abs(np.mean(estimates) / truth - 1) < 0.02
    assert 0.88 <= np.mean(covered) <= 0.995


def test_permuting_lists_changes_nothing() -> None:
    table = _table(_expected())
    order = [3, 1, 0, 2]
    frame = table.to_frame()[[LISTS[j] for j in order] + ["count"]]
    permuted = CaptureTable.from_frame(frame)
    want = estimate_catchment(table, SCOPES).estimate
    assert _close(estimate_catchment(permuted, SCOPES).estimate, want, 1e-6)


def test_a_scope_for_an_unknown_list_is_refused() -> None:
    with pytest.raises(ConfigError, match="'E'"):
        estimate_catchment(_table(_expected()), {"E": "left"})


def test_a_catchment_seen_by_one_list_is_refused() -> None:
    with pytest.raises(EstimationError, match="outside every scope") as error:
        estimate_catchment(_table(_expected()), {"B": "left", "C": "left", "D": "left"})
    assert error.value.detail["catchment"] == BASE


def test_people_on_lists_of_two_different_scopes_are_refused() -> None:
    scopes = {"C": "left", "D": "arrived elsewhere"}
    with pytest.raises(EstimationError, match="C, D together"):
        estimate_catchment(_table(_expected()), scopes)


def test_lists_that_never_overlap_have_no_estimate() -> None:
    # No one is on both A and B: the independence model's N̂ is unbounded (its MLE does
    # not exist); it must be refused, not returned as a huge number.
    frame = pd.DataFrame({"A": [1, 0], "B": [0, 1], "count": [50, 40]})
    with pytest.raises(MLENotFoundError):
        estimate_catchment(CaptureTable.from_frame(frame), {})
