"""A fixed hierarchical log-linear model: N̂ = n + exp(intercept).

The Poisson log-linear model of the observed cells (Fienberg 1972; Rcapture
``closedpCI.t``; SparseMSE ``modelfit``). Interactions of lists with no overlap
make their cells structural zeros (as SparseMSE does); a model whose MLE does not
exist or is not identifiable raises :class:`MLENotFoundError` instead of
returning an unbounded estimate. The interval is the profile-likelihood interval
(:mod:`.profile`) unless ``interval="wald"`` (SparseMSE's log-normal interval).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln
from scipy.stats import norm

from uncounted.errors import MLENotFoundError
from uncounted.estimate.population import existence
from uncounted.estimate.population.design import (
    Model,
    Term,
    design_matrix,
    model_label,
    term_names,
)
from uncounted.estimate.population.irls import fit_poisson
from uncounted.estimate.population.profile import profile_interval
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import CaptureTable

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LoglinearFit:
    """One model fitted to one table."""

    lists: tuple[str, ...]
    model: Model
    n_observed: int
    log_missing: float
    var_log_missing: float
    loglik: float
    n_params: int
    deviance: float
    converged: bool
    problem: existence.Problem
    empty_overlaps: tuple[Term, ...]
    mu: FloatArray

    @property
    def estimate(self) -> float:
        return self.n_observed + math.exp(min(self.log_missing, 700.0))

    @property
    def aic(self) -> float:
        return -2.0 * self.loglik + 2.0 * self.n_params

    @property
    def bic(self) -> float:
        return -2.0 * self.loglik + self.n_params * math.log(self.n_observed)

    def wald_interval(self, level: float = 0.95) -> tuple[float, float]:
        """SparseMSE's interval: the dark figure is log-normal."""
        z = float(norm.ppf(0.5 + level / 2))
        sd = math.sqrt(max(self.var_log_missing, 0.0))
        return tuple(  # type: ignore[return-value]
            self.n_observed + math.exp(self.log_missing + s * z * sd) for s in (-1.0, 1.0)
        )

    def details(self) -> dict[str, object]:
        return {
            "model": model_label(self.model),
            "interactions": term_names(self.model, self.lists),
            "empty_overlaps": term_names(self.empty_overlaps, self.lists),
            "aic": self.aic,
            "bic": self.bic,
            "deviance": self.deviance,
            "n_params": self.n_params,
            "se": math.exp(self.log_missing) * math.sqrt(max(self.var_log_missing, 0.0)),
        }


def poisson_loglik(y: FloatArray, mu: FloatArray, cells: FloatArray) -> float:
    """Poisson log-likelihood over the fitted cells."""
    keep = cells > 0
    yk, mk = y[keep], mu[keep]
    logs = np.where(yk > 0, yk * np.log(np.where(mk > 0, mk, 1.0)), 0.0)
    return float(np.sum(logs - mk - gammaln(yk + 1.0)))


def fit_model(table: CaptureTable, model: Sequence[Term], *, check: bool = True) -> LoglinearFit:
    """Fit ``model`` (interaction terms; main effects always in) to ``table``."""
    model = tuple(model)
    x = design_matrix(table.n_lists, model)
    y = table.full_counts().astype(np.float64)
    found = existence.structure(x, y, table.n_lists)
    problem = existence.check(x, y, found) if check else existence.Problem.NONE
    fit = fit_poisson(x, y, found.cells, found.pars)
    empty = tuple(model[c - 1 - table.n_lists] for c in found.empty)
    return LoglinearFit(
        lists=table.lists,
        model=model,
        n_observed=table.n_observed,
        log_missing=float(fit.beta[0]),
        var_log_missing=fit.var_intercept,
        loglik=poisson_loglik(y, fit.mu, found.cells),
        n_params=x.shape[1],
        deviance=fit.deviance,
        converged=fit.converged,
        problem=problem,
        empty_overlaps=empty,
        mu=fit.mu,
    )


def require_mle(fit: LoglinearFit) -> None:
    """Raise :class:`MLENotFoundError` when the fit cannot give a finite, unique N̂."""
    label = model_label(fit.model)
    if fit.problem & existence.Problem.NOT_IDENTIFIABLE:
        raise MLENotFoundError(f"model {label} is not identifiable on this table", model=label)
    if fit.problem & existence.Problem.NOT_EXIST or not fit.converged:
        raise MLENotFoundError(
            f"the maximum-likelihood estimate of model {label} does not exist on this table "
            "(some overlap is too sparse for the model)",
            model=label,
        )


def estimate_loglinear(
    table: CaptureTable,
    model: Sequence[Term] = (),
    *,
    level: float = 0.95,
    interval: Literal["profile", "wald"] = "profile",
) -> PopulationEstimate:
    """N̂ of one fixed model (independence by default) with its interval."""
    fit = fit_model(table, model)
    require_mle(fit)
    bounds = profile_interval(table, fit.model, level) if interval == "profile" else None
    selection = "fixed" if fit.model else "independence"
    details = fit.details() | {"interval_method": interval, "selection": selection}
    return PopulationEstimate(
        method="loglinear",
        n_observed=table.n_observed,
        estimate=fit.estimate,
        interval=bounds if bounds is not None else fit.wald_interval(level),
        level=level,
        details=details,
    )
