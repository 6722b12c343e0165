"""Property tests (Hypothesis) of the log-linear estimators."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from uncounted.errors import MLENotFoundError
from uncounted.estimate.population.averaging import estimate_average
from uncounted.estimate.population.chao import estimate_chao
from uncounted.estimate.population.design import design_matrix, interaction_terms
from uncounted.estimate.population.exhaustive import rank_models
from uncounted.estimate.population.existence import Problem, check, structure
from uncounted.estimate.population.irls import fit_poisson
from uncounted.estimate.population.loglinear import fit_model, require_mle
from uncounted.estimate.population.selected import estimate_stepwise
from uncounted.estimate.population.table import CaptureTable
from uncounted.estimate.population.twolist import estimate_chapman

FAST = settings(max_examples=40, deadline=None)


@st.composite
def tables(draw: st.DrawFn, min_count: int = 1, max_lists: int = 5) -> CaptureTable:
    k = draw(st.integers(3, max_lists))
    patterns = [p for p in itertools.product((0, 1), repeat=k) if any(p)]
    counts = draw(st.lists(st.integers(min_count, 60), min_size=len(patterns),
                           max_size=len(patterns)))  # fmt: skip
    keep = [i for i, c in enumerate(counts) if c > 0]
    assume(len(keep) >= k + 1)
    return CaptureTable(
        tuple(chr(65 + j) for j in range(k)),
        np.array([patterns[i] for i in keep], dtype=np.int8),
        np.array([counts[i] for i in keep], dtype=np.int64),
    )


def _model(table: CaptureTable, seed: int) -> tuple[tuple[int, ...], ...]:
    rng = np.random.default_rng(seed)
    return tuple(t for t in interaction_terms(table.n_lists, 2) if rng.random() < 0.3)


@FAST
@given(tables(min_count=0), st.integers(0, 1000))
def test_estimates_are_at_least_the_number_observed(table: CaptureTable, seed: int) -> None:
    n = table.n_observed
    try:
        fit = fit_model(table, _model(table, seed))
        require_mle(fit)
        assert fit.estimate >= n
        assert estimate_stepwise(table).estimate >= n
    except MLENotFoundError:
        pass
    assert estimate_chao(table, bias_corrected=True).estimate >= n
    chapman = estimate_chapman(table)
    assert chapman.estimate >= chapman.n_observed - 1e-9


@FAST
@given(tables(), st.integers(0, 1000), st.randoms(use_true_random=False))
def test_invariant_under_permuting_lists(table: CaptureTable, seed: int, rnd: object) -> None:
    order = list(range(table.n_lists))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    permuted = table.permuted(order)
    position = {old: new for new, old in enumerate(order)}
    model = _model(table, seed)
    moved = tuple(tuple(sorted(position[i] for i in term)) for term in model)
    a, b = fit_model(table, model), fit_model(permuted, moved)
    assert a.estimate == pytest.approx(b.estimate, rel=1e-6)
    ra, rb = rank_models(table), rank_models(permuted)
    assert ra.criterion("bic")[ra.interior].min() == pytest.approx(
        rb.criterion("bic")[rb.interior].min(), rel=1e-9, abs=1e-6
    )


@FAST
@given(tables(), st.integers(0, 1000), st.integers(2, 9))
def test_scaling_counts_scales_loglinear_estimate(table: CaptureTable, seed: int, c: int) -> None:
    scaled = CaptureTable(table.lists, table.patterns, table.counts * c)
    model = _model(table, seed)
    assert fit_model(scaled, model).estimate == pytest.approx(
        c * fit_model(table, model).estimate, rel=1e-6
    )


@settings(max_examples=60, deadline=None)
@given(tables(min_count=0, max_lists=4), st.integers(0, 1000))
def test_existence_check_agrees_with_the_likelihood(table: CaptureTable, seed: int) -> None:
    """Where the LP says no MLE exists, the fitted means run to zero; elsewhere they do not."""
    model = _model(table, seed)
    x = design_matrix(table.n_lists, model)
    y = table.full_counts().astype(float)
    found = structure(x, y, table.n_lists)
    problem = check(x, y, found)
    assume(not problem & Problem.NOT_IDENTIFIABLE)
    fit = fit_poisson(x, y, found.cells, found.pars)
    smallest = fit.mu[found.cells > 0].min()
    if problem & Problem.NOT_EXIST:
        assert smallest < 1e-4
    else:
        assert smallest > 1e-8
        assert np.abs(fit.beta).max() < 30


def test_nonexistent_mle_is_reported_not_returned() -> None:
    # Three lists, A and B meet only with C: the saturated two-way model has no MLE.
    table = CaptureTable(
        ("A", "B", "C"),
        np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [1, 0, 1]], dtype=np.int8),
        np.array([5, 7, 9, 2, 3], dtype=np.int64),
    )
    fit = fit_model(table, ((0, 1), (0, 2), (1, 2)))
    assert fit.problem & Problem.NOT_EXIST
    with pytest.raises(MLENotFoundError):
        require_mle(fit)


@settings(max_examples=10, deadline=None)
@given(tables(max_lists=4))
def test_model_average_is_invariant_under_reversing_lists(table: CaptureTable) -> None:
    order = list(range(table.n_lists))[::-1]
    a = estimate_average(table).estimate
    b = estimate_average(table.permuted(order)).estimate
    assert a == pytest.approx(b, rel=1e-6)
