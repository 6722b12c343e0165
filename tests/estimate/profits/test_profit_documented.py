"""The documented path on a real simulated world: amounts, refusals naming the record."""

from __future__ import annotations

import pandas as pd
import pytest

from uncounted.errors import InputError
from uncounted.estimate.profits.demo import pinned_rates
from uncounted.estimate.profits.documented import documented_amounts
from uncounted.simulate import simulate_world


@pytest.fixture(scope="module")
def world():  # type: ignore[no-untyped-def]
    return simulate_world("default", seed=5, size=800)


def test_amounts_add_up_to_the_world_totals_when_everyone_is_documented(world) -> None:  # type: ignore[no-untyped-def]
    # With every trafficked person "documented", per-victim amounts summed over victims
    # reproduce the simulator's true sales margins and sex-trade revenue of the year.
    ids = world.persons.loc[world.persons["trafficked"] == 1, "person_id"]
    end = f"{world.scenario['end_year']}-12-31"
    amounts = documented_amounts(
        ids,
        world.sales,
        world.journeys,
        world.persons,
        year=2016,
        end=end,
        rates=pinned_rates(world),  # nominal, as the simulator states its truth
    )
    truth = world.profits_by_year.query("year == 2016").set_index("component")["amount_cny"]
    margins = amounts["margin.exploiter"].sum() + amounts["margin.forced_marriage"].sum()
    assert margins == pytest.approx(truth["sales_margin"], rel=1e-6)
    revenue = amounts["gross.prostitution"].sum()
    assert revenue == pytest.approx(truth["prostitution_revenue"], rel=0.02)


def test_a_sale_dated_outside_the_victims_time_in_china_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    sales = world.sales.copy()
    documented = sales.index[sales["person_id"].isin(world.membership["person_id"])][0]
    sales.loc[documented, "date"] = "1999-01-01"
    end = f"{world.scenario['end_year']}-12-31"
    with pytest.raises(
        InputError, match=f"sale {sales.loc[documented, 'sale_id']} is dated outside"
    ):
        documented_amounts(
            world.membership["person_id"].pipe(pd.Series),
            sales,
            world.journeys,
            world.persons,
            year=2016,
            end=end,
        )


def test_the_demo_takes_the_population_stages_estimate(world) -> None:  # type: ignore[no-untyped-def]
    """The profit stage's population prior is centred on the estimate it is handed."""
    from uncounted.estimate.population.result import PopulationEstimate
    from uncounted.estimate.profits.demo import demo_population

    def handed(n: float) -> PopulationEstimate:
        return PopulationEstimate("lcmcr", 100, n, (0.8 * n, 1.3 * n))

    small = demo_population(world.capture_histories, handed(1_000.0))
    large = demo_population(world.capture_histories, handed(5_000.0))
    assert small.params["median"] == 1_000.0
    assert large.params["median"] == 5_000.0
    assert "lcmcr" in large.source
