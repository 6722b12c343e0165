"""The demo's profit stage: annual profit from documented cases, beside the truth.

The documented victims' transactions and placements (the case facts of people
on at least one list, as the vault stage stored and read them back) give
per-victim amounts for each year of the scenario, averaged over the years. The
population is the population stage's head estimate (by default the catchment
log-linear model over the lists' documented scopes, ``--population-head lcmcr``
the latent-class model; from the linked capture table when linkage ran), drawn
from its own posterior so its uncertainty is carried into the Monte Carlo (a
lognormal fitted to the interval for estimators without one, as the catchment
model); else SparseMSE stepwise on the true capture histories, else Chao's lower
bound. The population estimate's own bias
passes into the profit one for one (docs/findings-study-population.md). Amounts
are nominal CNY converted at the scenario's pinned rate, which is how the
simulator states its true profits.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from uncounted.analyse.charts import tornado_svg
from uncounted.analyse.tables import CaseTables
from uncounted.demo.analyses import documented_cases
from uncounted.demo.stages import DemoContext, Quantity, StageOutput
from uncounted.demo.truth import LABELS
from uncounted.errors import UncountedError
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.selected import estimate_stepwise
from uncounted.estimate.population.table import CaptureTable
from uncounted.estimate.profits.documented import (
    documented_amounts,
    documented_scenario,
    population_prior,
)
from uncounted.estimate.profits.from_tables import chao_population
from uncounted.estimate.profits.money import Currency, Rates
from uncounted.estimate.profits.montecarlo import ProfitEstimate, run_monte_carlo
from uncounted.estimate.profits.priors import Prior
from uncounted.estimate.profits.scenario import ProfitScenario, load_scenario
from uncounted.estimate.profits.sensitivity import tornado
from uncounted.publish.sections import Figure, Paragraph, Section, Table
from uncounted.simulate import World

DRAWS = 20_000


def average_amounts(world: World, cases: CaseTables) -> pd.DataFrame:
    """Per documented victim (``cases``, read back from the vault): the amounts of each of
    ``world``'s scenario years, averaged over the years."""
    start, end = int(world.scenario["start_year"]), int(world.scenario["end_year"])
    tables = [
        documented_amounts(
            cases.persons["person_id"],
            cases.sales,
            cases.journeys,
            cases.persons,
            year=year,
            end=f"{end}-12-31",
            rates=pinned_rates(world),
        )
        for year in range(start, end + 1)
    ]
    return sum(tables[1:], tables[0]) / len(tables)


def pinned_rates(world: World) -> Rates:
    """The simulator's convention: one CNY/USD rate, nominal prices."""
    rate = float(world.scenario["cny_per_usd"])
    years = range(2000, 2031)
    flat = {c: {y: 100.0 for y in years} for c in Currency}
    return Rates(
        cny_per_usd={y: rate for y in years},
        price_index=flat,
        source="the scenario's pinned rate, nominal prices",
    )


def demo_population(histories: pd.DataFrame, estimate: PopulationEstimate | None = None) -> Prior:
    """The population stage's head ``estimate`` when given; else SparseMSE stepwise on
    ``histories``; else Chao's bound."""
    try:
        if estimate is None:
            estimate = estimate_stepwise(CaptureTable.from_frame(histories))
        return population_prior(estimate)
    except UncountedError:
        return chao_population(histories)


def profit_scenario(
    world: World, cases: CaseTables, estimate: PopulationEstimate | None = None
) -> ProfitScenario:
    """The documented scenario for the demo world's documented ``cases`` (population from
    ``estimate`` if given)."""
    end = int(world.scenario["end_year"])
    base = replace(load_scenario(), currency=Currency.USD, price_year=end)
    population = demo_population(world.capture_histories, estimate)
    return documented_scenario(base, average_amounts(world, cases), population, year=end, seed=0)


def profits_stage(ctx: DemoContext) -> StageOutput:
    """Annual profit (mean over the scenario's years) with 90% interval, components, tornado."""
    assert ctx.world is not None
    scenario = profit_scenario(ctx.world, documented_cases(ctx), ctx.value("population_estimate"))
    result = run_monte_carlo(scenario, draws=DRAWS, seed=ctx.seed, rates=pinned_rates(ctx.world))
    low, high = result.total.intervals[0.90]
    quantity = Quantity(
        "annual_profit_usd",
        LABELS["annual_profit_usd"],
        None,
        result.total.median,
        (low, high),
        "Monte Carlo, documented path (90%)",
        "profits",
        f"population: the population stage's estimate ({_head(ctx)}) with its stated "
        "uncertainty (else MSE stepwise, else Chao's bound); conditional on that estimate "
        "of N; mean over the years",
    )
    return StageOutput(
        [quantity],
        [_section(result, scenario, pinned_rates(ctx.world))],
        f"median US${result.total.median / 1e6:,.2f}M a year",
    )


def _head(ctx: DemoContext) -> str:
    estimate = ctx.value("population_estimate")
    return estimate.method if isinstance(estimate, PopulationEstimate) else "missing"


def _section(result: ProfitEstimate, scenario: ProfitScenario, rates: Rates) -> Section:
    section = Section("profits", "Criminal profits (annual flow)")
    low, high = result.total.intervals[0.90]
    section.add(
        Paragraph(
            f"Median US${result.total.median:,.0f} a year (90% interval {low:,.0f}–{high:,.0f}; "
            f"Monte Carlo standard error of the median {result.total.mcse['median']:,.0f}; "
            f"{result.draws:,} draws). Components are kept apart; sale margins telescope along "
            "each chain, so gross prices are never added up a chain. The number of victims is "
            "the population estimate, drawn from its posterior (or a lognormal fitted to its "
            "interval): the profit interval carries that stated uncertainty "
            "but is conditional on it — if the lists miss a part of the "
            "population that none of them can see, the profit is low by the same factor."
        )
    )
    rows = [
        {
            "component": name,
            "median": s.median,
            "low_90": s.intervals[0.90][0],
            "high_90": s.intervals[0.90][1],
        }
        for name, s in result.components.items()
    ]
    section.add(Table(pd.DataFrame(rows), "Components of the annual profit (US$)"))
    bars = tornado(scenario, rates)[:8]
    svg = tornado_svg(
        [b.name for b in bars],
        [b.low for b in bars],
        [b.high for b in bars],
        bars[0].base if bars else 0.0,
        "US$",
    )
    section.add(Figure(svg, "One-at-a-time sensitivity: each input at its P10 and P90"))
    return section
