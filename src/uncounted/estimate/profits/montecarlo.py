"""Monte Carlo propagation (JCGM 101 style): draw every input, evaluate, summarise.

Vectorised numpy, seedable: every draw of every input is made in one array, and
the same seed gives the same numbers. The summary reports the median, 90% and
95% equal-tailed intervals, the mean with its standard error, and the Monte
Carlo standard error of the median and interval ends (batch method).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from uncounted.errors import ConfigError
from uncounted.estimate.profits.flows import Values
from uncounted.estimate.profits.model import COMPONENTS, evaluate
from uncounted.estimate.profits.money import DEFAULT_RATES, Currency, Money, Rates
from uncounted.estimate.profits.priors import Prior
from uncounted.estimate.profits.scenario import ProfitScenario

LEVELS = (0.90, 0.95)
BATCHES = 20


@dataclass(frozen=True)
class Summary:
    """Median, intervals, mean and Monte Carlo standard errors of one quantity."""

    median: float
    mean: float
    mean_se: float
    intervals: Mapping[float, tuple[float, float]]
    mcse: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "median": self.median,
            "mean": self.mean,
            "mean_se": self.mean_se,
            "intervals": {f"{lvl:.2f}": list(iv) for lvl, iv in self.intervals.items()},
            "mcse": dict(self.mcse),
        }


def _quantiles(values: Values) -> Values:
    probs = [0.5] + [q for lvl in LEVELS for q in ((1 - lvl) / 2, (1 + lvl) / 2)]
    return np.quantile(values, probs, axis=-1)


def summarise(values: Values) -> Summary:
    """The summary of a vector of draws."""
    q = _quantiles(values)
    n = values.size
    batches = BATCHES if n >= 10 * BATCHES else 1
    per_batch = np.asarray(_quantiles(values[: n - n % batches].reshape(batches, -1)))
    se = per_batch.std(axis=1, ddof=1) / np.sqrt(batches) if batches > 1 else np.full(5, np.nan)
    names = ["median", "low_90", "high_90", "low_95", "high_95"]
    return Summary(
        median=float(q[0]),
        mean=float(values.mean()),
        mean_se=float(values.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan"),
        intervals={lvl: (float(q[1 + 2 * i]), float(q[2 + 2 * i])) for i, lvl in enumerate(LEVELS)},
        mcse=dict(zip(names, (float(s) for s in se), strict=True)),
    )


def unit_factor(prior: Prior, currency: Currency, price_year: int, rates: Rates) -> float:
    """Multiply a price prior's draws by this to express them in the output unit."""
    if prior.kind != "price" or prior.currency is None or prior.price_year is None:
        return 1.0
    return Money(1.0, prior.currency, prior.price_year).to(currency, price_year, rates).amount


def transform(
    priors: Mapping[str, Prior],
    u: Mapping[str, Values],
    scenario: ProfitScenario,
    rates: Rates = DEFAULT_RATES,
) -> dict[str, Values]:
    """Input values (in the output currency and price year) at uniform quantiles ``u``."""
    values: dict[str, Values] = {}
    for name, prior in priors.items():
        factor = unit_factor(prior, scenario.currency, scenario.price_year, rates)
        drawn = prior.ppf(u[name])
        if not prior.columns:
            values[name] = drawn * factor
            continue
        for i, column in enumerate(prior.columns):
            scale = 1.0 if column.startswith("exposure.") else factor
            values[f"doc.{column}"] = drawn[:, i] * scale
    return values


def model_output(scenario: ProfitScenario, values: Mapping[str, Values]) -> dict[str, Values]:
    """Evaluate the model with the scenario's switches."""
    return evaluate(
        values,
        structure=scenario.structure,
        mode=scenario.revenue_mode,
        forced_labour=scenario.forced_labour,
    )


@dataclass(frozen=True)
class ProfitEstimate:
    """Annual profit: total and components, with the run's provenance."""

    total: Summary
    components: Mapping[str, Summary]
    currency: Currency
    price_year: int
    reference_year: int
    draws: int
    seed: int | None
    switches: Mapping[str, Any]
    inputs: list[dict[str, Any]]
    samples: Values = field(repr=False, compare=False, default_factory=lambda: np.zeros(0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "quantity": "annual criminal profit (flow per year)",
            "currency": self.currency.value,
            "price_year": self.price_year,
            "reference_year": self.reference_year,
            "draws": self.draws,
            "seed": self.seed,
            "switches": dict(self.switches),
            "total": self.total.to_dict(),
            "components": {k: v.to_dict() for k, v in self.components.items()},
            "inputs": self.inputs,
        }


def _inputs_table(priors: Mapping[str, Prior]) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "dist": p.dist,
            "kind": p.kind,
            "median": p.median(),
            "source": p.source,
            "currency": p.currency.value if p.currency else None,
            "price_year": p.price_year,
        }
        for p in priors.values()
    ]


def run_monte_carlo(
    scenario: ProfitScenario,
    *,
    draws: int = 100_000,
    seed: int | None = 0,
    rates: Rates = DEFAULT_RATES,
) -> ProfitEstimate:
    """Propagate every input's uncertainty to the annual profit."""
    if draws < 2:
        raise ConfigError(f"draws must be at least 2 (got {draws})", column="draws")
    priors = scenario.active_priors()
    rng = np.random.default_rng(seed)
    u = {name: rng.random(draws) for name in sorted(priors)}
    out = model_output(scenario, transform(priors, u, scenario, rates))
    return ProfitEstimate(
        total=summarise(out["total"]),
        components={c: summarise(out[c]) for c in COMPONENTS},
        currency=scenario.currency,
        price_year=scenario.price_year,
        reference_year=scenario.reference_year,
        draws=draws,
        seed=seed,
        switches=switches_of(scenario),
        inputs=_inputs_table(priors),
        samples=out["total"],
    )


def switches_of(scenario: ProfitScenario) -> dict[str, Any]:
    """The structural switches of a scenario, for reports."""
    return {
        "population_scenario": scenario.population_scenario,
        "revenue_mode": scenario.revenue_mode,
        "include_forced_labour": scenario.forced_labour,
        "structure": scenario.structure,
    }
