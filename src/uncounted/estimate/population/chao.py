"""Chao's lower bound for heterogeneous capture probabilities (Chao 1987).

With K lists, ``f1`` people on exactly one list and ``f2`` on exactly two, the
bound is ``n + A f1^2 / (2 f2)`` with the small-K factor ``A = (K - 1)/K``; the
bias-corrected form ``n + A f1 (f1 - 1) / (2 (f2 + 1))`` is defined even when
``f2 = 0`` (Chao 1987; Chao 2005, incidence form "Chao2"). Variances are
Chao's; the interval is log-normal, ``n + (N - n)/C .. n + (N - n) C`` with
``C = exp(z sqrt(log(1 + var / (N - n)^2)))``.
"""

from __future__ import annotations

import math

from scipy.stats import norm

from uncounted.errors import EstimationError
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import CaptureTable


def _frequencies(table: CaptureTable) -> tuple[int, int]:
    lists_per_person = table.patterns.sum(axis=1)
    f1 = int(table.counts[lists_per_person == 1].sum())
    f2 = int(table.counts[lists_per_person == 2].sum())
    return f1, f2


def _variance(f1: int, f2: int, a: float, bias_corrected: bool) -> float:
    if bias_corrected:
        g = f2 + 1
        return (
            a * f1 * (f1 - 1) / (2 * g)
            + a**2 * f1 * (2 * f1 - 1) ** 2 / (4 * g**2)
            + a**2 * f1**2 * (f1 - 1) ** 2 * f2 / (4 * g**4)
        )
    r = f1 / f2
    return f2 * (a * r**2 / 2 + a**2 * r**3 + a**2 * r**4 / 4)


def estimate_chao(
    table: CaptureTable, *, bias_corrected: bool = False, level: float = 0.95
) -> PopulationEstimate:
    """Chao's lower bound (or its bias-corrected form) with a log-normal interval."""
    f1, f2 = _frequencies(table)
    if f2 == 0 and not bias_corrected:
        raise EstimationError("nobody is on exactly two lists: use the bias-corrected bound")
    n = table.n_observed
    a = (table.n_lists - 1) / table.n_lists
    missing = a * (f1 * (f1 - 1) / (2 * (f2 + 1)) if bias_corrected else f1**2 / (2 * f2))
    variance = _variance(f1, f2, a, bias_corrected)
    if missing > 0:
        z = float(norm.ppf(0.5 + level / 2))
        c = math.exp(z * math.sqrt(math.log(1 + variance / missing**2)))
        interval = (n + missing / c, n + missing * c)
    else:
        interval = (float(n), float(n))
    return PopulationEstimate(
        method="chao_bc" if bias_corrected else "chao",
        n_observed=n,
        estimate=n + missing,
        interval=interval,
        level=level,
        details={"f1": f1, "f2": f2, "se": math.sqrt(variance), "lower_bound": True},
    )
