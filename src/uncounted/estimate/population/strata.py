"""Stratified estimation: one estimate per stratum and their total.

Strata (e.g. pathway or period) are estimated separately and added up. The
total's interval assumes independent strata with normal errors, each stratum's
standard error read from its own interval (``(high - low) / (2 z)``), and is
never below the number observed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from scipy.stats import norm

from uncounted.errors import EstimationError
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import CaptureTable

Estimator = Callable[[CaptureTable], PopulationEstimate]


@dataclass(frozen=True)
class StratifiedEstimate:
    """Per-stratum estimates and the total."""

    strata: dict[str, PopulationEstimate]
    total: PopulationEstimate


def estimate_stratified(
    tables: Mapping[str, CaptureTable], estimator: Estimator, *, level: float = 0.95
) -> StratifiedEstimate:
    """Apply ``estimator`` to every stratum and add the results."""
    results: dict[str, PopulationEstimate] = {}
    for label, table in tables.items():
        try:
            results[label] = estimator(table)
        except EstimationError as error:
            raise type(error)(f"stratum {label}: {error.message}", stratum=label) from None
    z = float(norm.ppf(0.5 + level / 2))
    observed = sum(r.n_observed for r in results.values())
    value = sum(r.estimate for r in results.values())
    se = math.sqrt(sum(((r.interval[1] - r.interval[0]) / (2 * z)) ** 2 for r in results.values()))
    first = next(iter(results.values()))
    total = PopulationEstimate(
        method=first.method,
        n_observed=observed,
        estimate=value,
        interval=(max(float(observed), value - z * se), value + z * se),
        level=level,
        details={
            "stratified": True,
            "strata": {k: r.to_dict() for k, r in results.items()},
            "interval_method": "normal, independent strata",
        },
        warnings=tuple(f"stratum {k}: {w}" for k, r in results.items() for w in r.warnings),
    )
    return StratifiedEstimate(results, total)
