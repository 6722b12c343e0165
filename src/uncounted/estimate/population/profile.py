"""Profile-likelihood interval for N under a log-linear model (Cormack 1992).

For a candidate N the unobserved cell holds N - n and the model is fitted to the
complete ``2**K`` table; the multinomial profile log-likelihood is
``log N! - log (N - n)! + sum_w y_w log(mu_w / N)``. The interval is where twice
the drop from the maximum stays below the chi-squared(1) quantile, as Rcapture's
``closedpCI.t`` reports.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2

from uncounted.estimate.population import existence
from uncounted.estimate.population.design import Term, design_matrix
from uncounted.estimate.population.irls import fit_poisson
from uncounted.estimate.population.table import CaptureTable


def profile_loglik(table: CaptureTable, model: Sequence[Term]) -> Callable[[float], float]:
    """The profile log-likelihood of N (up to a constant)."""
    x = design_matrix(table.n_lists, model, with_zero=True)
    observed = table.full_counts().astype(np.float64)
    found = existence.structure(x[1:], observed, table.n_lists)
    cells = np.concatenate([[1.0], found.cells])
    n = float(table.n_observed)

    def loglik(total: float) -> float:
        y = np.concatenate([[total - n], observed])
        mu = fit_poisson(x, y, cells, found.pars).mu
        keep = (cells > 0) & (y > 0)
        core = float(np.sum(y[keep] * np.log(mu[keep] / total)))
        return float(gammaln(total + 1.0) - gammaln(total - n + 1.0)) + core

    return loglik


def profile_interval(
    table: CaptureTable, model: Sequence[Term], level: float = 0.95
) -> tuple[float, float]:
    """The ``level`` profile-likelihood interval for N."""
    loglik = profile_loglik(table, model)
    n = float(table.n_observed)
    best = _maximise(loglik, n)
    top = loglik(best)
    cut = float(chi2.ppf(level, 1)) / 2.0

    def drop(total: float) -> float:
        return top - loglik(total) - cut

    low = n if drop(n + 1e-9) <= 0 else brentq(drop, n + 1e-9, best, xtol=1e-6)
    high_end = best * 2.0
    while drop(high_end) < 0:
        if high_end > 1e12:
            return (low, math.inf)
        high_end *= 2.0
    return (float(low), float(brentq(drop, best, high_end, xtol=1e-6)))


def _maximise(loglik: Callable[[float], float], n: float) -> float:
    grid = n * np.geomspace(1.0 + 1e-6, 200.0, 60)
    values = [loglik(float(t)) for t in grid]
    i = int(np.argmax(values))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    res = minimize_scalar(
        lambda t: -loglik(t), bounds=(lo, hi), method="bounded", options={"xatol": 1e-6}
    )
    return float(res.x)
