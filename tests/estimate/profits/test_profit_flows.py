"""Stock versus flow: stock = inflow × mean duration in a steady state."""

from __future__ import annotations

import numpy as np
import pytest

from uncounted.estimate.profits import Duration, Flow, Stock, flow_from_stock, stock_from_flow
from uncounted.estimate.profits.model import steady_state


def test_little_law_on_a_simulated_steady_state_queue() -> None:
    # Victims enter at 400 a year for 60 years; each stays an exponential time of mean
    # 2.5 years. Counting those present at year 50 (long after the start) gives the stock.
    rng = np.random.default_rng(7)
    arrivals = rng.uniform(0, 60, rng.poisson(400 * 60))
    leaves = arrivals + rng.exponential(2.5, arrivals.size)
    present = np.count_nonzero((arrivals <= 50) & (leaves > 50))
    expected = stock_from_flow(Flow.of(400), Duration.of(2.5)).count
    assert expected == pytest.approx(1000)
    # Poisson-like count: sd ~ sqrt(1000) ~ 32; allow 4 sd
    assert abs(present - expected) < 4 * np.sqrt(1000)


def test_flow_from_stock_inverts_stock_from_flow() -> None:
    flow = flow_from_stock(Stock.of(np.array([1000.0, 50.0])), Duration.of(np.array([2.0, 0.5])))
    np.testing.assert_allclose(flow.per_year, [500.0, 100.0])
    np.testing.assert_allclose(stock_from_flow(flow, Duration.of([2.0, 0.5])).count, [1000, 50])


def test_model_inflows_times_durations_give_the_stocks() -> None:
    values = {
        "victims": np.array([24_000.0]),
        "pathway_mix.prostitution": np.array([5.0]),
        "pathway_mix.forced_marriage": np.array([3.0]),
        "pathway_mix.cybersex": np.array([2.0]),
        "duration.prostitution": np.array([1.0]),
        "duration.forced_marriage": np.array([3.0]),
        "duration.cybersex": np.array([0.5]),
    }
    stocks, inflows = steady_state(values)
    assert stocks["prostitution"].count[0] == pytest.approx(12_000)
    assert inflows["forced_marriage"].per_year[0] == pytest.approx(7_200 / 3)
    assert inflows["cybersex"].per_year[0] == pytest.approx(4_800 / 0.5)
    for p in stocks:
        back = stock_from_flow(inflows[p], Duration(values[f"duration.{p}"]))
        assert back.count[0] == pytest.approx(stocks[p].count[0])
