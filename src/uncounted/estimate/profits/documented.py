"""Inputs measured from documented records, bootstrapped over victims.

For each documented victim and the reference year: person-years spent in each
pathway, gross revenue of prostitution and cybersex (days × units a day × unit
price, from the testimony), the telescoped sale margins of sales made that year
(to exploiters, and into forced marriage) and their gross prices. The bootstrap
resamples victims; each replicate's means form one row of a joint prior, so the
correlation between the amounts is kept. The population size comes from a
population estimate (its posterior draws when it has them, else a lognormal fitted
to its interval) or a stated scenario value.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from uncounted.errors import InputError
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.profits.margins import check_sale_dates, normalise_sales, sale_margins
from uncounted.estimate.profits.model import PATHWAYS
from uncounted.estimate.profits.money import DEFAULT_RATES, Currency, Rates
from uncounted.estimate.profits.priors import Z90, Prior, empirical, fixed
from uncounted.estimate.profits.scenario import ProfitScenario

SEX_TRADE = ("prostitution", "cybersex")


def _overlap_days(journeys: pd.DataFrame, year: int, end: pd.Timestamp) -> pd.Series:
    start = pd.to_datetime(journeys["start"])
    stop = pd.to_datetime(journeys["end"]).fillna(end + pd.Timedelta(days=1))
    first, last = pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year + 1}-01-01")
    begin = start.where(start > first, first)
    finish = stop.where(stop < last, last)
    days: pd.Series = (finish - begin).dt.days.clip(lower=0).astype(float)
    return days


def _placements(journeys: pd.DataFrame, year: int, end: pd.Timestamp) -> pd.DataFrame:
    placed = journeys[journeys["stage"] == "exploitation"].copy()
    placed["days"] = _overlap_days(placed, year, end)
    for column in ("units_per_day", "unit_price_cny"):
        if column not in placed:
            placed[column] = np.nan
    units = pd.to_numeric(placed["units_per_day"], errors="coerce").fillna(0)
    price = pd.to_numeric(placed["unit_price_cny"], errors="coerce").fillna(0)
    if (price < 0).any() or (units < 0).any():
        who = placed.loc[(price < 0) | (units < 0), "person_id"].iloc[0]
        raise InputError(f"placement of {who}: negative price or units", column="unit_price_cny")
    placed["gross"] = placed["days"] * units * price
    placed["placement"] = placed.groupby("person_id").cumcount() + 1
    return placed


def documented_amounts(
    person_ids: pd.Series,
    sales: pd.DataFrame,
    journeys: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    year: int,
    end: str,
    rates: Rates = DEFAULT_RATES,
) -> pd.DataFrame:
    """Per documented victim: exposure (years), gross revenue, margins (CNY of ``year``).

    Earlier acquisitions are re-based to ``year``'s prices with ``rates`` (pass a
    flat price index for nominal margins, as the simulator states them).
    """
    ids = pd.Index(pd.unique(person_ids.astype(str)))
    chosen = journeys[journeys["person_id"].isin(ids)]
    placed = _placements(chosen, year, pd.Timestamp(end))
    table = pd.DataFrame(index=ids)
    for p in PATHWAYS:
        rows = placed[placed["pathway"] == p]
        table[f"exposure.{p}"] = rows.groupby("person_id")["days"].sum() / 365.0
    for p in SEX_TRADE:
        rows = placed[placed["pathway"] == p]
        table[f"gross.{p}"] = rows.groupby("person_id")["gross"].sum()
    chosen_sales = sales[sales["person_id"].isin(ids)]
    table = table.join(_margins(chosen_sales, persons, placed, year, end=end, rates=rates))
    return table.fillna(0.0)


def _margins(
    sales: pd.DataFrame,
    persons: pd.DataFrame,
    placed: pd.DataFrame,
    year: int,
    *,
    end: str,
    rates: Rates,
) -> pd.DataFrame:
    check_sale_dates(sales, persons, end=end)
    frame = sale_margins(
        normalise_sales(sales, currency=Currency.CNY, price_year=year, rates=rates)
    )
    frame = frame[frame["date"].dt.year == year]
    pathway = placed.set_index(["person_id", "placement"])["pathway"]
    keys = pd.MultiIndex.from_arrays([frame["person_id"], frame.get("placement", 1)])
    marriage = pathway.reindex(keys).to_numpy() == "forced_marriage"
    frame = frame.assign(
        exploiter=frame["margin"].where(~marriage, 0.0),
        marriage=frame["margin"].where(marriage, 0.0),
    )
    grouped = frame.groupby("person_id")
    return pd.DataFrame(
        {
            "margin.exploiter": grouped["exploiter"].sum(),
            "margin.forced_marriage": grouped["marriage"].sum(),
            "sale_gross": grouped["amount"].sum(),
        }
    )


CHUNK = 100


def _resampled_means(values: np.ndarray, rng: np.random.Generator, count: int) -> np.ndarray:
    """Means of ``count`` bootstrap resamples of the rows (counts by bincount, no big copies)."""
    n = len(values)
    picks = rng.integers(0, n, (count, n), dtype=np.int64) + np.arange(count)[:, None] * n
    weights = np.bincount(picks.ravel(), minlength=count * n).reshape(count, n)
    return np.asarray(weights @ values / n, dtype=np.float64)


def bootstrap_prior(
    amounts: pd.DataFrame, *, year: int, replicates: int = 1000, seed: int = 0
) -> Prior:
    """A joint prior of the per-victim means, one row per bootstrap replicate."""
    if len(amounts) == 0 or replicates < 1:
        raise InputError("no documented victims to bootstrap", column="documented_sample")
    rng = np.random.default_rng(seed)
    values = amounts.to_numpy(dtype=np.float64)
    means = np.vstack(
        [
            _resampled_means(values, rng, min(CHUNK, replicates - start))
            for start in range(0, replicates, CHUNK)
        ]
    )
    money = [i for i, c in enumerate(amounts.columns) if not str(c).startswith("exposure.")]
    order = np.argsort(means[:, money].sum(axis=1))
    return Prior(
        "documented_sample",
        "bootstrap",
        {"replicates": replicates},
        f"bootstrap over {len(values)} documented victims",
        "price",
        Currency.CNY,
        year,
        samples=means[order],
        columns=tuple(amounts.columns),
    )


POSTERIOR_POINTS = 4_000


def population_prior(estimate: PopulationEstimate) -> Prior:
    """The population size with the estimator's own uncertainty.

    The posterior of N itself when the estimator gives one (LCMCR, dga: the
    ``posterior_histogram`` of their draws or grid), so its skew is kept; else a
    lognormal fitted to the estimate and its interval.
    """
    histogram = estimate.details.get("posterior_histogram")
    if isinstance(histogram, dict) and _usable(histogram):
        return posterior_prior(estimate, histogram)
    return lognormal_population(estimate)


def _usable(histogram: dict[str, Any]) -> bool:
    edges = np.asarray(histogram.get("edges", []), dtype=np.float64)
    density = np.asarray(histogram.get("density", []), dtype=np.float64)
    return (
        edges.size == density.size + 1
        and density.size > 0
        and bool(np.all(np.diff(edges) > 0))
        and bool(np.all(density >= 0))
        and float(density.sum()) > 0
        and float(edges[0]) > 0
    )


def posterior_prior(estimate: PopulationEstimate, histogram: dict[str, Any]) -> Prior:
    """N drawn from a posterior histogram (piecewise uniform within bins)."""
    edges = np.asarray(histogram["edges"], dtype=np.float64)
    mass = np.asarray(histogram["density"], dtype=np.float64) * np.diff(edges)
    cdf = np.concatenate([[0.0], np.cumsum(mass) / mass.sum()])
    grid = (np.arange(POSTERIOR_POINTS) + 0.5) / POSTERIOR_POINTS
    # the bin holding each quantile: cdf[b] < u <= cdf[b + 1], so it has mass > 0
    b = np.clip(np.searchsorted(cdf, grid, side="left") - 1, 0, mass.size - 1)
    within = (grid - cdf[b]) / (cdf[b + 1] - cdf[b])
    values = edges[b] + within * np.diff(edges)[b]
    return empirical(
        "victims", values, f"population estimate ({estimate.method}): its posterior", "count"
    )


def lognormal_population(estimate: PopulationEstimate) -> Prior:
    """A lognormal for the population size fitted to an estimate and its interval."""
    low, high = estimate.interval
    if not 0 < low <= estimate.estimate <= high:
        raise InputError("population estimate without a usable interval", column="victims")
    z = {0.9: 1.6449, 0.95: 1.96}.get(round(estimate.level, 2), 1.96)
    sigma = max(np.log(high / low) / (2 * z), 1e-6)
    return Prior(
        "victims",
        "lognormal",
        {"median": estimate.estimate, "p90": estimate.estimate * np.exp(Z90 * sigma)},
        f"population estimate ({estimate.method})",
        "count",
    )


def documented_scenario(
    base: ProfitScenario,
    amounts: pd.DataFrame,
    population: Prior | float,
    *,
    year: int,
    replicates: int = 1000,
    seed: int = 0,
) -> ProfitScenario:
    """``base`` switched to the documented structure with these inputs."""
    victims = (
        population
        if isinstance(population, Prior)
        else fixed("victims", population, "scenario value", "count")
    )
    sample = bootstrap_prior(amounts, year=year, replicates=replicates, seed=seed)
    priors = {**base.priors, "victims": victims, "documented_sample": sample}
    return replace(
        base,
        priors=priors,
        structure="documented",
        reference_year=year,
        population_scenario="estimate",
    )
