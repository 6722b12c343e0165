"""The population size enters the Monte Carlo with the estimator's own uncertainty."""

from __future__ import annotations

import numpy as np
import pytest

from uncounted.estimate.population.posterior import histogram_from_draws
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.profits.documented import population_prior

PROBS = np.array([0.05, 0.25, 0.5, 0.75, 0.95])


def _skewed_draws() -> np.ndarray:
    # A right-skewed posterior of N (shifted gamma, as latent-class posteriors often are),
    # shaped (chains, draws) like LCMCR's.
    rng = np.random.default_rng(7)
    return 1_000 + rng.gamma(1.5, 400.0, size=(2, 20_000))


def test_the_prior_follows_a_posterior_histogram() -> None:
    draws = _skewed_draws()
    low, high = np.quantile(draws, [0.025, 0.975])
    estimate = PopulationEstimate(
        "lcmcr",
        800,
        float(np.median(draws)),
        (float(low), float(high)),
        details={"posterior_histogram": histogram_from_draws(draws)},
    )
    prior = population_prior(estimate)
    assert prior.dist == "empirical"
    assert "lcmcr" in prior.source
    # quantiles of the prior match the draws' (40 bins: within 2% of N)
    assert prior.ppf(PROBS) == pytest.approx(np.quantile(draws, PROBS), rel=0.02)


def test_without_a_posterior_a_lognormal_is_fitted_to_the_interval() -> None:
    estimate = PopulationEstimate("loglinear", 800, 2_000.0, (1_500.0, 3_000.0))
    prior = population_prior(estimate)
    assert prior.dist == "lognormal"
    low, median, high = prior.ppf(np.array([0.025, 0.5, 0.975]))
    assert median == pytest.approx(2_000.0)
    # the fitted lognormal has the interval's log-width
    assert np.log(high / low) == pytest.approx(np.log(3_000.0 / 1_500.0), rel=1e-3)


def test_a_broken_histogram_falls_back_to_the_interval() -> None:
    broken = {"edges": [0.0, 1.0], "density": [0.0]}
    estimate = PopulationEstimate(
        "dga", 800, 2_000.0, (1_500.0, 3_000.0), details={"posterior_histogram": broken}
    )
    assert population_prior(estimate).dist == "lognormal"


def test_empty_bins_hold_no_draws() -> None:
    # mass in [100, 200) and [300, 400) only: no value may fall in the empty bin between
    histogram = {"edges": [100.0, 200.0, 300.0, 400.0], "density": [0.005, 0.0, 0.005]}
    estimate = PopulationEstimate(
        "lcmcr", 50, 250.0, (105.0, 395.0), details={"posterior_histogram": histogram}
    )
    values = population_prior(estimate).samples
    assert values is not None
    assert not np.any((values > 200.0) & (values < 300.0))
    assert np.mean(values < 200.0) == pytest.approx(0.5)
    assert values.min() >= 100.0 and values.max() <= 400.0
