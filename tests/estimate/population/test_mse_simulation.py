"""Estimators against simulated truth: bias and coverage (small study; see
benchmarks/mse_simulation_study.py for the full table in docs/)."""

from __future__ import annotations

import numpy as np

from uncounted.estimate.population.loglinear import estimate_loglinear
from uncounted.estimate.population.selected import estimate_stepwise
from uncounted.estimate.population.synthetic import simulate_table

TRUTH = 2000


def test_homogeneous_independent_lists_independence_model_covers_truth() -> None:
    rng = np.random.default_rng(11)
    hits, estimates = 0, []
    for _ in range(120):
        table = simulate_table(TRUTH, [[0.2, 0.25, 0.3, 0.15]], rng=rng)
        est = estimate_loglinear(table)
        estimates.append(est.estimate)
        hits += est.interval[0] <= TRUTH <= est.interval[1]
    assert abs(np.mean(estimates) / TRUTH - 1) < 0.02
    assert 0.88 <= hits / 120 <= 0.995  # nominal 95%; binomial sd about 2%


def test_homogeneous_lists_stepwise_near_truth() -> None:
    rng = np.random.default_rng(12)
    estimates = [
        estimate_stepwise(simulate_table(TRUTH, [[0.2, 0.25, 0.3, 0.15]], rng=rng)).estimate
        for _ in range(60)
    ]
    assert abs(np.median(estimates) / TRUTH - 1) < 0.05


def test_heterogeneous_capture_biases_independence_low() -> None:
    rng = np.random.default_rng(13)
    probs = [[0.5, 0.45, 0.5, 0.4], [0.06, 0.05, 0.08, 0.04]]
    independence, stepwise = [], []
    for _ in range(40):
        table = simulate_table(TRUTH, probs, [0.3, 0.7], rng=rng)
        independence.append(estimate_loglinear(table, interval="wald").estimate)
        stepwise.append(estimate_stepwise(table).estimate)
    bias_ind = np.mean(independence) / TRUTH - 1
    bias_step = np.median(stepwise) / TRUTH - 1
    assert bias_ind < -0.15
    assert abs(bias_step) < abs(bias_ind)
