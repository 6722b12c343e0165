"""Model averaging over all hierarchical log-linear models with BIC (or AIC) weights.

Weights ``w_m ∝ exp(-BIC_m / 2)`` over every model whose fit is finite (an
approximation to posterior model probabilities under equal prior weights). The
averaged N̂ is ``Σ w_m N̂_m``; its standard error is Buckland et al.'s (1997)
unconditional one, ``Σ w_m sqrt(var_m + (N̂_m - N̄)^2)``, with ``var_m`` from the
delta method; the interval is log-normal on the number missing.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import norm

from uncounted.estimate.population.design import model_label
from uncounted.estimate.population.exhaustive import Criterion, rank_models, weights
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import CaptureTable


def estimate_average(
    table: CaptureTable, criterion: Criterion = "bic", *, max_order: int = 2, level: float = 0.95
) -> PopulationEstimate:
    """Model-averaged N̂ over all hierarchical models up to ``max_order``."""
    ranking = rank_models(table, max_order)
    w = weights(ranking, criterion)
    keep = w > 0
    estimates = ranking.estimates()[keep]
    missing = estimates - table.n_observed
    variances = missing**2 * np.maximum(ranking.var_log_missing[keep], 0.0)
    mean = float(np.sum(w[keep] * estimates))
    se = float(np.sum(w[keep] * np.sqrt(variances + (estimates - mean) ** 2)))
    dark = mean - table.n_observed
    z = float(norm.ppf(0.5 + level / 2))
    spread = math.exp(z * math.sqrt(math.log(1 + se**2 / dark**2))) if dark > 0 else 1.0
    interval = (table.n_observed + dark / spread, table.n_observed + dark * spread)
    top = np.argsort(-w)[:10]
    details: dict[str, object] = {
        "selection": f"average ({criterion} weights)",
        "max_order": max_order,
        "models_fitted": len(ranking.masks),
        "models_weighted": int(keep.sum()),
        "se": se,
        "top_models": [
            {
                "model": model_label(ranking.model(int(i))),
                "estimate": float(ranking.estimates()[i]),
                "weight": float(w[i]),
            }
            for i in top
        ],
    }
    return PopulationEstimate("loglinear", table.n_observed, mean, interval, level, details)
