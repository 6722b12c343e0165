"""Latent-class capture-recapture, checked against R's LCMCR (Manrique-Vallier 2016).

Reference values: tests/data/mse/SOURCES.md, computed with LCMCR's
``lcmCR(captures, tabular = TRUE, K = 10, a_alpha = 0.25, b_alpha = 0.25)`` then
``lcmCR_PostSampl(object, burnin = 200000, samples = 2000, thinning = 500)``,
three chains. Runs here are shorter (seeded) and pooled over four chains.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from uncounted.errors import ConfigError
from uncounted.estimate.population.lcmcr import (
    LcmcrSettings,
    estimate_lcmcr,
    sample_lcmcr,
    summarise_draws,
)
from uncounted.estimate.population.table import CaptureTable, read_capture_table

MSE = Path(__file__).resolve().parents[2] / "data" / "mse"


def _table(name: str) -> CaptureTable:
    return read_capture_table(MSE / name)


def test_kosovo_matches_lcmcr() -> None:
    # LCMCR K = 10, a = b = 0.25: chain medians 10,442 / 10,444 / 10,423;
    # 95% interval about 9,100-13,700 (SOURCES.md).
    result = estimate_lcmcr(
        _table("kosovo_1999.csv"), iterations=60_000, burn_in=10_000, thin=10, seed=11
    )
    assert result.estimate == pytest.approx(10_442, rel=0.03)
    # The interval ends rest on few effective draws in a short test run: 8%.
    assert result.interval[0] == pytest.approx(9_100, rel=0.08)
    assert result.interval[1] == pytest.approx(13_700, rel=0.08)
    assert result.details["rhat"] < 1.05
    assert result.details["ess"] > 100
    assert not any("disagree" in w for w in result.warnings)
    assert len(result.details["chain_medians"]) == 4


def test_western_us_matches_lcmcr() -> None:
    # LCMCR 0.4.13 lcmCR(captures, tabular = TRUE, K = 10, a_alpha = 0.25,
    # b_alpha = 0.25) then lcmCR_PostSampl(burnin = 200000, samples = 2000,
    # thinning = 500), three chains: medians 1,834 / 1,848 / 1,833; 95% interval
    # about 1,310-3,000 (SOURCES.md). This table is where clipping the stick
    # V at 1 - 1e-12 showed (median 1,960): the sticks are drawn in log space.
    # LCMCR's burn-in: chains can spend 100,000+ sweeps early on in a two-class
    # state (chain medians near 1,970) before settling.
    result = estimate_lcmcr(
        _table("western_us.csv"), iterations=50_000, burn_in=200_000, thin=10, seed=12
    )
    assert result.estimate == pytest.approx(1_838, rel=0.03)
    assert result.interval[0] == pytest.approx(1_310, rel=0.05)
    assert result.interval[1] == pytest.approx(3_000, rel=0.08)
    assert result.details["rhat"] < 1.05


def test_netherlands_chains_disagree_and_are_reported() -> None:
    # LCMCR chains on the Netherlands 6-list table disagree (51,000 vs 140,000,
    # issue 4): the result must carry a non-convergence warning, not one number.
    result = estimate_lcmcr(
        _table("netherlands_2010_2015.csv"), iterations=30_000, burn_in=5_000, thin=10, seed=13
    )
    assert result.details["rhat"] > 1.05
    assert any("chains disagree" in w for w in result.warnings)
    medians = result.details["chain_medians"]
    assert max(medians) / min(medians) > 1.2


@pytest.mark.parametrize("hmc_move", [False, True])
def test_seeded_runs_repeat_whatever_the_threads(hmc_move: bool) -> None:
    # With the HMC move too: its step size is tuned per chain in the burn-in.
    table = _table("kosovo_1999.csv")
    run = {"iterations": 2_000, "burn_in": 100, "thin": 10, "hmc_move": hmc_move}
    one = estimate_lcmcr(table, seed=5, workers=1, **run)  # type: ignore[arg-type]
    two = estimate_lcmcr(table, seed=5, workers=2, **run)  # type: ignore[arg-type]
    assert one.details["chain_medians"] == two.details["chain_medians"]
    assert one.estimate == two.estimate
    other = estimate_lcmcr(table, seed=6, **run)  # type: ignore[arg-type]
    assert other.details["chain_medians"] != one.details["chain_medians"]


def test_draws_respect_observed_and_explicit_bound() -> None:
    # A deliberately low bound: the draws pile up at it, and the result says so.
    table = _table("kosovo_1999.csv")
    result = estimate_lcmcr(table, iterations=4_000, burn_in=500, thin=10, seed=3, n_max=6_000)
    assert table.n_observed <= result.interval[0] <= result.interval[1] <= 6_000
    assert result.details["n_max"] == 6_000
    assert result.details["mass_near_n_max"] > 0.3
    assert any("bound" in w for w in result.warnings)


def test_default_bound_is_explicit() -> None:
    table = _table("kosovo_1999.csv")
    result = estimate_lcmcr(table, iterations=1_000, burn_in=0, thin=10, seed=1)
    assert result.details["n_max"] == 100 * table.n_observed
    assert result.details["mass_near_n_max"] == 0.0


def test_progress_counts_every_sweep() -> None:
    seen: list[int] = []
    estimate_lcmcr(
        _table("western_us.csv"),
        chains=3,
        iterations=3_000,
        burn_in=500,
        thin=10,
        seed=2,
        progress=seen.append,
    )
    assert sum(seen) == 3 * 3_500


def test_small_random_table_bounds() -> None:
    rng = np.random.default_rng(8)
    patterns = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1]])
    table = CaptureTable(("A", "B", "C"), patterns.astype(np.int8), rng.integers(1, 40, 6))
    result = estimate_lcmcr(table, K=4, iterations=2_000, burn_in=200, thin=5, seed=4)
    assert result.interval[0] >= table.n_observed
    assert result.interval[0] <= result.estimate <= result.interval[1]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"K": 1}, "K"),
        ({"chains": 0}, "chains"),
        ({"thin": 0}, "thin"),
        ({"a": 0.0}, "a"),
        ({"burn_in": -1}, "burn_in"),
        ({"n_max": 10}, "n_max"),
    ],
)
def test_bad_settings(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(ConfigError) as caught:
        estimate_lcmcr(_table("kosovo_1999.csv"), iterations=100, **kwargs)  # type: ignore[arg-type]
    assert caught.value.detail["field"] == field


MOVES = [
    pytest.param({"scale_move": True, "flow_move": True}, id="scale-flow"),
    pytest.param({"hmc_move": True}, id="hmc"),
]


@pytest.mark.parametrize("moves", MOVES)
@pytest.mark.parametrize(
    ("name", "reference", "low", "high"),
    [
        # Same LCMCR references as above (SOURCES.md): Western US medians
        # 1,834 / 1,848 / 1,833, 95% about 1,310-3,000; Kosovo 10,442 / 10,444 /
        # 10,423, 95% about 9,100-13,700.
        ("western_us.csv", 1_838, 1_310, 3_000),
        ("kosovo_1999.csv", 10_442, 9_100, 13_700),
    ],
)
def test_capture_moves_keep_lcmcr_posterior(
    name: str, reference: float, low: float, high: float, moves: dict[str, bool]
) -> None:
    # The opt-in moves of the capture probabilities with N and allocations
    # integrated out (scaling and flow slice steps; the HMC trajectory) mix N
    # faster; the posterior must stay LCMCR's, with a burn-in of only 20,000
    # sweeps on Western US.
    table = _table(name)
    settings = LcmcrSettings(iterations=50_000, burn_in=20_000, thin=10, seed=12, **moves)  # type: ignore[arg-type]
    result = summarise_draws(table, settings, sample_lcmcr(table, settings))
    assert result.estimate == pytest.approx(reference, rel=0.03)
    assert result.interval[0] == pytest.approx(low, rel=0.05)
    assert result.interval[1] == pytest.approx(high, rel=0.08)
    assert result.details["rhat"] < 1.05


def test_hmc_option_reaches_the_sampler() -> None:
    # estimate_lcmcr(hmc_move=True) runs the HMC move: far more effective
    # draws of N than the same run without it (same seed, same length).
    table = _table("kosovo_1999.csv")
    runs = [
        estimate_lcmcr(table, iterations=10_000, burn_in=2_000, thin=5, seed=9, hmc_move=hmc)
        for hmc in (False, True)
    ]
    assert runs[1].details["ess"] > 4 * runs[0].details["ess"]
    # Each chain reports its tuned step size and the share of trajectories
    # accepted after the burn-in (tuned towards 0.75).
    assert runs[0].details["hmc_step_acceptance"] == []
    tuned = runs[1].details["hmc_step_acceptance"]
    assert len(tuned) == 4
    assert all(step > 0 and 0.4 < accepted < 0.98 for step, accepted in tuned)


def test_hmc_steps_must_be_positive() -> None:
    with pytest.raises(ConfigError) as caught:
        LcmcrSettings(hmc_move=True, hmc_steps=0).check()
    assert caught.value.detail["field"] == "hmc_steps"
