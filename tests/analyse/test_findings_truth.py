"""Findings against simulated truth over 50 seeded worlds (small worlds, test budget).

Each world: the default scenario, 2,000 women crossing (about 1,200 trafficked,
about 300 documented). Only documented victims feed the estimates; the truth is
the whole world. The full study with larger worlds is ``docs/scripts/findings_study.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from uncounted.analyse.truth import (
    broker_check,
    km_check,
    population_sources,
    profit_check,
    shares_check,
    true_victims,
)
from uncounted.simulate import simulate_world

SEEDS = range(1, 51)
SIZE = 2_000

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results() -> list[dict[str, Any]]:
    rows = []
    for seed in SEEDS:
        world = simulate_world("default", seed=seed, size=SIZE)
        victims = true_victims(world)
        known = profit_check(
            world, year=2018, population=victims, draws=5_000, replicates=300, seed=seed
        )
        chao = profit_check(world, year=2018, draws=5_000, replicates=300, seed=seed)
        (head,) = population_sources(world, seed=seed, names=("catchment",))
        demo = profit_check(
            world, year=2018, population=head.prior, draws=5_000, replicates=300, seed=seed
        )
        rows.append(
            {
                "profit": known["covered_90"],
                "profit_chao": chao["covered_90"],
                "profit_demo": demo["covered_90"],
                "shares": shares_check(world, seed=seed)["covered"].tolist(),
                "km": km_check(world),
                "brokers": broker_check(world)["overlap"],
            }
        )
    return rows


def test_true_annual_profit_inside_the_90_interval_in_85_percent(
    results: list[dict[str, Any]],
) -> None:
    # The profit model's own honesty: population size given as a scenario value (the
    # world's number of victims), everything else from documented records and priors.
    coverage = np.mean([r["profit"] for r in results])
    assert coverage >= 0.85, coverage
    # With the population from Chao's lower bound (estimate_chao, bias-corrected) the
    # bound's downward bias under capture heterogeneity costs some coverage (about
    # 0.84 over these worlds): said plainly, and held above 0.7.
    assert np.mean([r["profit_chao"] for r in results]) >= 0.70


def test_with_the_demos_own_population_estimate_too(results: list[dict[str, Any]]) -> None:
    # N from the demo's default head (the catchment model over the lists' scopes): 47 of
    # these 50 worlds; 98% of 60 larger worlds in docs/findings-study.md. The latent-class
    # model, the demo's earlier head, reached 55-57% (docs/findings-study-population.md).
    coverage = np.mean([r["profit_demo"] for r in results])
    assert coverage >= 0.85, coverage


def test_pathway_share_95_intervals_cover_truth_in_90_percent(
    results: list[dict[str, Any]],
) -> None:
    coverage = np.mean([c for r in results for c in r["shares"]])
    assert coverage >= 0.90, coverage


def test_kaplan_meier_median_within_10_percent_of_truth(results: list[dict[str, Any]]) -> None:
    errors = np.array([r["km"]["relative_error"] for r in results])
    # the estimator is unbiased: its average over worlds is within 10% (in fact a few %)
    assert abs(errors.mean()) < 0.10, errors.mean()
    # and in each small world (~300 documented) it is within 10% in most worlds
    assert np.mean(np.abs(errors) <= 0.10) >= 0.70, errors


def test_top_10_brokers_overlap_the_true_top_10_in_7(results: list[dict[str, Any]]) -> None:
    overlaps = np.array([r["brokers"] for r in results])
    assert np.mean(overlaps >= 7) >= 0.9, overlaps
