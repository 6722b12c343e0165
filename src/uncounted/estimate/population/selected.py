"""Estimates from a selected log-linear model: stepwise (SparseMSE) or best AIC/BIC.

Without a bootstrap the interval is the profile-likelihood interval of the chosen
model (conditional on the choice, so too narrow: said in ``details``). With
``bootstrap=B`` the stepwise procedure is re-run on every replicate (model
uncertainty included, as SparseMSE's BCa interval); for AIC/BIC selection the
chosen model is held fixed in the replicates (said in ``details``) because
re-enumerating 32,768 models per replicate is not worth its cost.
"""

from __future__ import annotations

import functools
from typing import Literal

import numpy as np
import numpy.typing as npt

from uncounted.errors import MLENotFoundError
from uncounted.estimate.population import bootstrap as boot
from uncounted.estimate.population.design import Model, design_matrix, model_label, term_names
from uncounted.estimate.population.exhaustive import Criterion, best_fit, rank_models, weights
from uncounted.estimate.population.existence import structure
from uncounted.estimate.population.irls import fit_poisson
from uncounted.estimate.population.loglinear import fit_model, require_mle
from uncounted.estimate.population.profile import profile_interval
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.stepwise import PTHRESH, select_stepwise_counts
from uncounted.estimate.population.table import CaptureTable

FloatArray = npt.NDArray[np.float64]


def stepwise_statistic(pthresh: float, n_lists: int, y: FloatArray) -> float:
    """N̂ of the stepwise procedure on cell counts ``y``."""
    selection = select_stepwise_counts(n_lists, y, pthresh)
    return float(y.sum() + np.exp(selection.log_missing))


def fixed_statistic(model: Model, n_lists: int, y: FloatArray) -> float:
    """N̂ of one fixed model on cell counts ``y`` (NaN when the fit is not finite)."""
    x = design_matrix(n_lists, model)
    found = structure(x, y, n_lists)
    fit = fit_poisson(x, y, found.cells, found.pars)
    if not fit.converged or abs(fit.beta).max() > 25:
        return float("nan")
    return float(y.sum() + np.exp(fit.beta[0]))


def _with_interval(
    table: CaptureTable,
    method: str,
    model: Model,
    statistic: boot.Statistic,
    details: dict[str, object],
    *,
    options: BootstrapOptions,
) -> PopulationEstimate:
    fit = fit_model(table, model)
    require_mle(fit)
    details = details | fit.details()
    if options.replicates > 0:
        y = table.full_counts().astype(np.float64)
        result = boot.bootstrap_interval(
            statistic, table.n_lists, y, fit.mu, fit.estimate,
            replicates=options.replicates, kind=options.kind, method=options.method,
            level=options.level, seed=options.seed, workers=options.workers,
            progress=options.progress,
        )  # fmt: skip
        interval = result.interval
        details |= boot.summary(result, options.kind) | {"interval_method": options.method}
    else:
        interval = profile_interval(table, model, options.level)
        details["interval_method"] = "profile (conditional on the selected model)"
    return PopulationEstimate(
        method, table.n_observed, fit.estimate, interval, options.level, details
    )


class BootstrapOptions:
    """How to bootstrap: replicates (0 = none), kind, interval method, seed, workers.

    The default is SparseMSE's ``estimatepopulation``: the observed counts
    resampled as one multinomial (``rmultinom(1, nobs, countsobserved)``), the
    stepwise selection re-run on each replicate, BCa with a jackknife over people.
    """

    def __init__(
        self,
        replicates: int = 0,
        *,
        kind: boot.Kind = "nonparametric",
        method: Literal["bca", "percentile"] = "bca",
        level: float = 0.95,
        seed: int | None = None,
        workers: int = 2,
        progress: boot.Progress | None = None,
    ) -> None:
        self.replicates, self.kind, self.method = replicates, kind, method
        self.level, self.seed, self.workers, self.progress = level, seed, workers, progress


def estimate_stepwise(
    table: CaptureTable, *, pthresh: float = PTHRESH, options: BootstrapOptions | None = None
) -> PopulationEstimate:
    """SparseMSE ``estimatepopulation(method = "stepwise", pthresh)``."""
    options = options or BootstrapOptions()
    y = table.full_counts().astype(np.float64)
    selection = select_stepwise_counts(table.n_lists, y, pthresh)
    details: dict[str, object] = {
        "selection": "stepwise",
        "pthresh": pthresh,
        "entry_p_values": list(selection.p_values),
    }
    statistic = functools.partial(stepwise_statistic, pthresh)
    estimate = _with_interval(
        table, "loglinear", selection.model, statistic, details, options=options
    )
    estimate.details["interactions"] = term_names(selection.model, table.lists)
    return estimate


def estimate_selected(
    table: CaptureTable,
    criterion: Criterion = "bic",
    *,
    max_order: int = 2,
    options: BootstrapOptions | None = None,
) -> PopulationEstimate:
    """Best model by AIC or BIC among all hierarchical models (Rcapture ``closedpMS.t``)."""
    options = options or BootstrapOptions()
    ranking = rank_models(table, max_order)
    fit = best_fit(ranking, table, criterion)
    w = weights(ranking, criterion)
    top = ranking.order(criterion)[:5]
    details: dict[str, object] = {
        "selection": criterion,
        "max_order": max_order,
        "models_fitted": len(ranking.masks),
        "models_not_interior": int((~ranking.interior).sum()),
        "top_models": [
            {
                "model": model_label(ranking.model(int(i))),
                criterion: float(ranking.criterion(criterion)[i]),
                "estimate": float(ranking.estimates()[i]),
                "weight": float(w[i]),
            }
            for i in top
        ],
    }
    if options.replicates > 0:
        details["bootstrap_model"] = "held fixed at the selected model"
    statistic = functools.partial(fixed_statistic, fit.model)
    return _with_interval(table, "loglinear", fit.model, statistic, details, options=options)


def mle_or_none(table: CaptureTable, model: Model) -> float | None:
    """N̂ of ``model`` or None when its MLE does not exist (for panels)."""
    try:
        fit = fit_model(table, model)
        require_mle(fit)
    except MLENotFoundError:
        return None
    return fit.estimate
