"""Which inputs matter: one-at-a-time tornado and global Sobol' indices (SALib).

Tornado: every input at its median, then one input moved to its P10 and P90;
inputs sorted by the swing in the total. Sobol': first-order and total indices of
the total profit, with Saltelli sampling on the uniform scale mapped through each
prior's quantile function (so any prior, including bootstrap replicates, works).
Fixed inputs (scenario switches) are left out: they have no spread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from uncounted.errors import ConfigError
from uncounted.estimate.profits.money import DEFAULT_RATES, Rates
from uncounted.estimate.profits.montecarlo import model_output, transform
from uncounted.estimate.profits.scenario import ProfitScenario

EDGE = 1e-9


@dataclass(frozen=True)
class TornadoBar:
    """The total at an input's P10 and P90 with every other input at its median."""

    name: str
    low: float
    high: float
    base: float

    @property
    def swing(self) -> float:
        return abs(self.high - self.low)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "p10": self.low,
            "p90": self.high,
            "base": self.base,
            "swing": self.swing,
        }


def _varying(scenario: ProfitScenario) -> list[str]:
    return sorted(n for n, p in scenario.active_priors().items() if p.dist != "fixed")


def tornado(scenario: ProfitScenario, rates: Rates = DEFAULT_RATES) -> list[TornadoBar]:
    """One bar per varying input, largest swing first."""
    priors = scenario.active_priors()
    names = _varying(scenario)
    rows = 1 + 2 * len(names)
    u = {n: np.full(rows, 0.5) for n in priors}
    for i, name in enumerate(names):
        u[name][1 + 2 * i], u[name][2 + 2 * i] = 0.1, 0.9
    total = model_output(scenario, transform(priors, u, scenario, rates))["total"]
    bars = [
        TornadoBar(name, float(total[1 + 2 * i]), float(total[2 + 2 * i]), float(total[0]))
        for i, name in enumerate(names)
    ]
    return sorted(bars, key=lambda b: b.swing, reverse=True)


def sobol_indices(
    scenario: ProfitScenario, *, base_samples: int = 1024, seed: int = 0
) -> dict[str, dict[str, float]]:
    """First-order (S1) and total (ST) Sobol' indices of the total, per varying input."""
    if base_samples < 2 or base_samples & (base_samples - 1):
        raise ConfigError("base_samples must be a power of two", column="base_samples")
    priors = scenario.active_priors()
    names = _varying(scenario)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    unit = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    unit = np.clip(unit, EDGE, 1 - EDGE)
    u = {n: np.full(len(unit), 0.5) for n in priors}
    u.update({n: unit[:, i] for i, n in enumerate(names)})
    total = model_output(scenario, transform(priors, u, scenario))["total"]
    result = sobol_analyze.analyze(problem, total, calc_second_order=False, seed=seed)
    return {
        n: {
            "S1": float(result["S1"][i]),
            "S1_conf": float(result["S1_conf"][i]),
            "ST": float(result["ST"][i]),
            "ST_conf": float(result["ST_conf"][i]),
        }
        for i, n in enumerate(names)
    }
