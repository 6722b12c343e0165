"""R-hat and effective sample size on chains with known behaviour."""

from __future__ import annotations

import numpy as np
import pytest

from uncounted.estimate.population.mcmc import ess_bulk, split_rhat


def _ar1(rng: np.random.Generator, rho: float, chains: int, n: int) -> np.ndarray:
    out = np.empty((chains, n))
    out[:, 0] = rng.normal(size=chains) / np.sqrt(1 - rho**2)
    for t in range(1, n):
        out[:, t] = rho * out[:, t - 1] + rng.normal(size=chains)
    return out


def test_independent_chains_have_rhat_one_and_full_ess() -> None:
    draws = np.random.default_rng(1).normal(size=(4, 2000))
    assert split_rhat(draws) == pytest.approx(1.0, abs=0.01)
    assert ess_bulk(draws) == pytest.approx(8000, rel=0.1)


def test_ess_of_ar1_matches_theory() -> None:
    # For AR(1) with coefficient rho the integrated autocorrelation time is (1+rho)/(1-rho).
    rho = 0.8
    draws = _ar1(np.random.default_rng(2), rho, 4, 20_000)
    expected = draws.size * (1 - rho) / (1 + rho)
    assert ess_bulk(draws) == pytest.approx(expected, rel=0.15)
    assert split_rhat(draws) < 1.01


def test_shifted_chain_is_flagged() -> None:
    draws = np.random.default_rng(3).normal(size=(4, 1000))
    draws[0] += 2.0
    assert split_rhat(draws) > 1.1


def test_trending_chain_is_flagged_by_splitting() -> None:
    # One chain drifting within itself: same mean as the others over all, but split halves differ.
    rng = np.random.default_rng(4)
    draws = rng.normal(size=(4, 1000))
    draws[1] += np.linspace(-3, 3, 1000)
    assert split_rhat(draws) > 1.05


def test_different_scale_is_flagged_by_folding() -> None:
    rng = np.random.default_rng(5)
    draws = rng.normal(size=(4, 2000))
    draws[0] *= 4.0
    assert split_rhat(draws) > 1.05
