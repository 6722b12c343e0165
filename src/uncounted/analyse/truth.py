"""Findings from a simulated world's documented cases, set beside the world's truth.

Used by the statistical tests, the study script in ``docs/`` and the demo's
summary. Only documented victims (persons on at least one list) feed the
estimates; the truth is the whole simulated population.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from uncounted.analyse.network import victim_flow
from uncounted.analyse.pathways import (
    PATHWAYS,
    chao_corrected_shares,
    naive_median_days,
    period_of,
    time_to_exploitation,
)
from uncounted.errors import EstimationError
from uncounted.estimate.population.catchment import estimate_catchment
from uncounted.estimate.population.chao import estimate_chao
from uncounted.estimate.population.dga import estimate_dga
from uncounted.estimate.population.lcmcr import estimate_lcmcr
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.selected import estimate_stepwise
from uncounted.estimate.population.table import CaptureTable
from uncounted.estimate.profits.documented import lognormal_population, population_prior
from uncounted.estimate.profits.from_tables import DocumentedTables, estimate_documented
from uncounted.estimate.profits.money import Currency
from uncounted.estimate.profits.priors import Prior, empirical, fixed
from uncounted.estimate.profits.scenario import load_scenario
from uncounted.simulate import World

PERIOD_CUTS = (2015,)  # KFI's shares are for 2015-18; the earlier mix was marriage-dominated


def world_end(world: World) -> str:
    return f"{world.scenario['end_year']}-12-31"


def histories(world: World) -> pd.DataFrame:
    """One row per documented person: pathway and a 0/1 column per list."""
    lists = [c for c in world.capture_histories.columns if c != "count"]
    marks = world.membership.assign(seen=1).pivot_table(
        index="person_id", columns="list", values="seen", aggfunc="max", fill_value=0
    )
    marks = marks.reindex(columns=lists, fill_value=0)
    pathway = world.persons.set_index("person_id")["pathway"]
    return marks.join(pathway).reset_index()


def chao_size(rows: pd.DataFrame) -> float:
    """Chao's lower bound of one stratum (its observed size when it cannot be computed)."""
    lists = [c for c in rows.columns if c not in ("person_id", "pathway", "period")]
    table = rows.groupby(lists).size().rename("count").reset_index()
    try:
        return float(estimate_chao(CaptureTable.from_frame(table)).estimate)
    except (EstimationError, ValueError):
        return float(len(rows))


def shares_check(world: World, *, replicates: int = 2_000, seed: int = 0) -> pd.DataFrame:
    """Capture-corrected pathway shares by crossing period (95%) beside the true shares."""
    lists = [c for c in world.capture_histories.columns if c != "count"]
    years = pd.to_datetime(world.persons["crossing_date"]).dt.year
    persons = world.persons.assign(period=period_of(years, PERIOD_CUTS))
    documented = histories(world).join(persons.set_index("person_id")["period"], on="person_id")
    trafficked = persons[persons["trafficked"].astype(int) == 1]
    tables = []
    for period, rows in documented.groupby("period"):
        table = chao_corrected_shares(rows, lists, replicates=replicates, seed=seed)
        truth = trafficked[trafficked["period"] == period]["pathway"].value_counts(normalize=True)
        table["truth"] = truth.reindex(PATHWAYS, fill_value=0).to_numpy()
        tables.append(table.assign(period=period))
    table = pd.concat(tables, ignore_index=True)
    covered = (table["low"] <= table["truth"]) & (table["truth"] <= table["high"])
    return table.assign(covered=covered)


def km_check(world: World, cutoff: str | None = None) -> dict[str, float]:
    """Kaplan–Meier median (documented, censored at ``cutoff``) beside the true median."""
    cutoff = cutoff or f"{int(world.scenario['end_year']) - 3}-12-31"
    documented = world.persons[world.persons["person_id"].isin(world.membership["person_id"])]
    trafficked = world.persons[world.persons["trafficked"].astype(int) == 1]
    crossing = pd.to_datetime(trafficked["crossing_date"])
    delay = pd.to_datetime(trafficked["first_exploitation_date"]) - crossing
    true_median = float(delay[crossing <= pd.Timestamp(cutoff)].dt.days.median())
    km = time_to_exploitation(documented, cutoff)
    return {
        "true_median_days": true_median,
        "km_median_days": km.median_days,
        "relative_error": km.median_days / true_median - 1,
        "naive_median_days": naive_median_days(documented, cutoff),
        "censored": float(km.censored),
    }


def broker_check(world: World, top: int = 10) -> dict[str, Any]:
    """Top sellers by documented victim flow beside the true top by victims sold."""
    true_flow = victim_flow(world.sales)["victims_sold"].sort_values(ascending=False, kind="stable")
    documented = world.sales[world.sales["person_id"].isin(world.membership["person_id"])]
    found = victim_flow(documented)["victims_sold"].sort_values(ascending=False, kind="stable")
    true_top, found_top = list(true_flow.index[:top]), list(found.index[:top])
    return {
        "overlap": len(set(true_top) & set(found_top)),
        "true_top": true_top,
        "found_top": found_top,
    }


def profit_check(
    world: World,
    *,
    year: int = 2018,
    population: float | Prior | None = None,
    draws: int = 20_000,
    replicates: int = 500,
    seed: int = 0,
) -> dict[str, Any]:
    """The documented profit estimate for ``year`` beside the true total (CNY of that year).

    Compared in CNY because the simulator converts to USD at one pinned rate.
    """
    tables = DocumentedTables(
        world.persons,
        world.membership,
        world.sales,
        world.journeys,
        world.capture_histories,
        world_end(world),
    )
    scenario = replace(load_scenario(), currency=Currency.CNY, price_year=year)
    result = estimate_documented(
        tables,
        year=year,
        population=population,
        scenario=scenario,
        draws=draws,
        replicates=replicates,
        seed=seed,
    )
    rows = world.profits_by_year
    total = rows[(rows["year"] == year) & (rows["component"] == "total")]
    truth = float(total["amount_cny"].iloc[0])
    low, high = result.total.intervals[0.90]
    return {
        "truth_cny": truth,
        "median_cny": result.total.median,
        "interval_90": [low, high],
        "covered_90": low <= truth <= high,
        "estimate": result,
    }


def demo_lcmcr(table: CaptureTable, seed: int) -> PopulationEstimate:
    """LCMCR with the demo population stage's settings (uncounted.demo.builtin), 1 thread."""
    return estimate_lcmcr(table, chains=2, iterations=20_000, burn_in=5_000, seed=seed, workers=1)


def true_victims(world: World) -> float:
    """The world's true number of victims (everyone trafficked, documented or not)."""
    return float((world.persons["trafficked"].astype(int) == 1).sum())


@dataclass(frozen=True)
class PopulationSource:
    """One way of giving the profit model N: the prior and the estimate behind it."""

    name: str
    prior: Prior
    estimate: float
    low: float
    high: float
    observed: int
    warned: bool = False


def _source(name: str, prior: Prior, estimate: PopulationEstimate) -> PopulationSource:
    low, high = estimate.interval
    return PopulationSource(
        name, prior, estimate.estimate, low, high, estimate.n_observed, bool(estimate.warnings)
    )


SOURCES = (
    "given",
    "chao",
    "stepwise",
    "lcmcr_lognormal",
    "lcmcr",
    "dga",
    "catchment",
    "lcmcr_recentred",
)


def population_sources(
    world: World, *, seed: int = 0, names: Sequence[str] = SOURCES
) -> list[PopulationSource]:
    """N for the profit model from each estimator on the true capture histories.

    ``given`` is the true N (fixed); ``lcmcr_recentred`` is a diagnostic, the LCMCR
    posterior scaled so that its median is the true N (same relative spread).
    """
    table = CaptureTable.from_frame(world.capture_histories)
    victims = true_victims(world)
    given = PopulationEstimate("given", table.n_observed, victims, (victims, victims))
    lcmcr = (
        demo_lcmcr(table, seed)
        if {"lcmcr", "lcmcr_lognormal", "lcmcr_recentred"} & set(names)
        else given
    )
    makers: dict[str, Callable[[], PopulationSource]] = {
        "given": lambda: _source("given", fixed("victims", victims, "true N", "count"), given),
        "chao": lambda: _fitted("chao", estimate_chao(table, bias_corrected=True)),
        "stepwise": lambda: _fitted("stepwise", estimate_stepwise(table)),
        "lcmcr_lognormal": lambda: _fitted("lcmcr_lognormal", lcmcr),
        "lcmcr": lambda: _source("lcmcr", population_prior(lcmcr), lcmcr),
        "dga": lambda: _posterior("dga", estimate_dga(table)),
        "catchment": lambda: _fitted(
            "catchment", estimate_catchment(table, world.scenario.list_scopes)
        ),
        "lcmcr_recentred": lambda: _source("lcmcr_recentred", _recentred(lcmcr, victims), given),
    }
    return [makers[name]() for name in names]


def _fitted(name: str, estimate: PopulationEstimate) -> PopulationSource:
    return _source(name, lognormal_population(estimate), estimate)


def _posterior(name: str, estimate: PopulationEstimate) -> PopulationSource:
    return _source(name, population_prior(estimate), estimate)


def _recentred(estimate: PopulationEstimate, victims: float) -> Prior:
    samples = population_prior(estimate).samples
    if samples is None:
        raise EstimationError("the estimate has no posterior to recentre")
    return empirical("victims", samples * victims / estimate.estimate, "recentred", "count")
