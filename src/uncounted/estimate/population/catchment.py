"""Lists that cover different parts of the population: a log-linear model over catchments.

Some lists, by their documented scope, can only see part of the population: a
shelter records only women who left exploitation, an arrival list only those who
reached South Korea. An ordinary log-linear model reads their silence about
everyone else as chance. Following Zwane, van der Pal & van der Heijden (2004,
"The multiple-record systems estimator when registrations refer to different but
overlapping populations", Statistics in Medicine 23: 2267-2281), the population is
split into *catchment classes* named by the lists' scopes:

- the *base* class, seen only by the lists without a scope;
- one class per scope, seen by the lists without a scope and the lists of that scope.

A list's cells in a class it cannot see are structural zeros. Every class has its
own size; the lists' main effects (and any chosen interactions) are shared by
every class a list can see, so a list's capture probability is the same wherever it
operates. Only list metadata (who each list can see) is used, never a person's
unobserved class. Cells seen by several classes are sums over classes (a
composite-link Poisson model), fitted by maximum likelihood with an analytic
gradient. N̂ = n + the classes' all-zero cells; the interval is log-normal on the
number missing with its Fisher-information variance (SparseMSE's Wald interval).
A class seen by fewer than two lists is refused: its size would rest on that
assumption alone, not on any overlap.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from scipy.stats import norm

from uncounted.errors import ConfigError, EstimationError, MLENotFoundError
from uncounted.estimate.population.design import Model, design_matrix, model_label
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import CaptureTable

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
BASE = "outside every scope"
BOUND = 30.0  # |parameter| bound: exp(30) ~ 1e13, far beyond any list
MAX_VAR_LOG_MISSING = 25.0  # sd of log(missing) 5: a flat likelihood, not an estimate
GRADIENT_TOLERANCE = 1e-6  # score of every parameter at the optimum, per person observed


@dataclass(frozen=True)
class Catchments:
    """The catchment classes: their names, their lists and the cells each can fill."""

    names: tuple[str, ...]
    lists: tuple[tuple[str, ...], ...]
    visible: BoolArray  # (classes, 2**K): cell (code order, with zero) possible in the class


@dataclass(frozen=True)
class CatchmentFit:
    """Class sizes and missing counts at the maximum-likelihood estimate."""

    catchments: Catchments
    model: Model
    sizes: FloatArray
    missing: FloatArray
    var_log_missing: float
    loglik: float
    n_params: int


def catchment_classes(lists: Sequence[str], scopes: Mapping[str, str]) -> Catchments:
    """Classes from ``scopes`` (list -> scope name; lists not named see everyone)."""
    unknown = [name for name in scopes if name not in lists]
    if unknown:
        raise ConfigError(f"scope given for {unknown[0]!r}, which is not a list of the table")
    shared = tuple(name for name in lists if name not in scopes)
    labels = [BASE, *dict.fromkeys(scopes.values())]
    members = [shared, *(shared + _scoped(lists, scopes, s) for s in labels[1:])]
    for label, seen in zip(labels, members, strict=True):
        if len(seen) < 2:
            raise EstimationError(
                f"catchment {label!r} is seen by {len(seen)} list(s); multiple systems "
                "estimation needs at least two lists there",
                catchment=label,
            )
    k = len(lists)
    codes = np.arange(2**k)
    visible = np.array([_cells_within(codes, lists, seen) for seen in members], dtype=np.bool_)
    return Catchments(tuple(labels), tuple(members), visible)


def _scoped(lists: Sequence[str], scopes: Mapping[str, str], scope: str) -> tuple[str, ...]:
    return tuple(name for name in lists if scopes.get(name) == scope)


def _cells_within(
    codes: npt.NDArray[np.int64], lists: Sequence[str], seen: Sequence[str]
) -> BoolArray:
    outside = sum(1 << j for j, name in enumerate(lists) if name not in seen)
    return np.asarray((codes & outside) == 0, dtype=np.bool_)


def fit_catchments(table: CaptureTable, catchments: Catchments, model: Model = ()) -> CatchmentFit:
    """Maximum likelihood of the composite-link Poisson model."""
    counts = np.concatenate([[0], table.full_counts()]).astype(np.float64)
    _check_cells(table, catchments, counts)
    x = design_matrix(table.n_lists, model, with_zero=True)[:, 1:]
    n_classes = len(catchments.names)
    start = np.concatenate(
        [np.full(n_classes, math.log(table.n_observed)), np.full(x.shape[1], 0.0)]
    )
    start[n_classes : n_classes + table.n_lists] = -2.0
    result = minimize(
        _objective,
        start,
        args=(x, catchments.visible, counts),
        jac=True,
        method="L-BFGS-B",
        bounds=[(-BOUND, BOUND)] * start.size,
        options={"ftol": 1e-15, "gtol": 1e-9, "maxiter": 20_000},
    )
    theta = np.asarray(result.x, dtype=np.float64)
    # Judged by the gradient: at machine precision L-BFGS may stop "abnormally" at the optimum.
    scale = max(table.n_observed, 100)
    stationary = float(np.max(np.abs(result.jac))) <= GRADIENT_TOLERANCE * scale
    if not stationary or np.any(theta > BOUND - 1e-6) or np.any(theta[n_classes:] < 1e-6 - BOUND):
        raise MLENotFoundError("the catchment model's MLE was not found (a parameter is unbounded)")
    fit = _fit_summary(theta, x, catchments, counts, model=model, neg_value=-float(result.fun))
    if not math.isfinite(fit.var_log_missing) or fit.var_log_missing > MAX_VAR_LOG_MISSING:
        raise MLENotFoundError("the overlaps do not bound the number missing (no finite MLE)")
    return fit


def _check_cells(table: CaptureTable, catchments: Catchments, counts: FloatArray) -> None:
    impossible = (counts > 0) & ~catchments.visible.any(axis=0)
    if impossible.any():
        code = int(np.flatnonzero(impossible)[0])
        names = [name for j, name in enumerate(table.lists) if code >> j & 1]
        raise EstimationError(
            f"people seen on {', '.join(names)} together fit no catchment: the scopes exclude it",
            lists=names,
        )


def _means(theta: FloatArray, x: FloatArray, visible: BoolArray) -> FloatArray:
    """Per-class expected counts, shape (classes, cells)."""
    n_classes = visible.shape[0]
    eta = theta[:n_classes, None] + (x @ theta[n_classes:])[None, :]
    return np.where(visible, np.exp(np.minimum(eta, 2 * BOUND)), 0.0)


def _objective(
    theta: FloatArray, x: FloatArray, visible: BoolArray, counts: FloatArray
) -> tuple[float, FloatArray]:
    """Negative Poisson log-likelihood of the observed cells (code > 0) and its gradient."""
    per_class = _means(theta, x, visible)
    mu = per_class.sum(axis=0)[1:]
    y = counts[1:]
    ok = mu > 0
    value = float(mu.sum() - (y[ok] * np.log(mu[ok])).sum())
    weight = np.where(ok, 1.0 - y / np.where(ok, mu, 1.0), 0.0)
    grad_classes = per_class[:, 1:] @ weight
    grad_effects = x[1:].T @ (weight * mu)
    return value, np.concatenate([grad_classes, grad_effects])


def _fit_summary(
    theta: FloatArray,
    x: FloatArray,
    catchments: Catchments,
    counts: FloatArray,
    *,
    model: Model,
    neg_value: float,
) -> CatchmentFit:
    per_class = _means(theta, x, catchments.visible)
    y = counts[1:]
    constant = float(sum(math.lgamma(v + 1) for v in y))
    return CatchmentFit(
        catchments=catchments,
        model=model,
        sizes=per_class.sum(axis=1),
        missing=per_class[:, 0],
        var_log_missing=_var_log_missing(per_class, x),
        loglik=neg_value - constant,
        n_params=theta.size,
    )


def _var_log_missing(per_class: FloatArray, x: FloatArray) -> float:
    """Delta-method variance of log(missing) from the expected Fisher information."""
    mu = per_class.sum(axis=0)[1:]
    ok = mu > 0
    jac = np.hstack([per_class[:, 1:].T, mu[:, None] * x[1:]])[ok]
    info = jac.T @ (jac / mu[ok, None])
    missing = per_class[:, 0]
    grad = np.concatenate([missing, np.zeros(x.shape[1])]) / missing.sum()
    return float(grad @ np.linalg.pinv(info, hermitian=True) @ grad)


def estimate_catchment(
    table: CaptureTable,
    scopes: Mapping[str, str],
    model: Model = (),
    *,
    level: float = 0.95,
) -> PopulationEstimate:
    """N̂ over catchment classes named by the lists' scopes (independence by default)."""
    catchments = catchment_classes(table.lists, scopes)
    fit = fit_catchments(table, catchments, model)
    missing = float(fit.missing.sum())
    z = float(norm.ppf(0.5 + level / 2))
    spread = z * math.sqrt(max(fit.var_log_missing, 0.0))
    n = table.n_observed
    warnings = _warnings(fit, n)
    return PopulationEstimate(
        method="catchment",
        n_observed=n,
        estimate=n + missing,
        interval=(n + missing * math.exp(-spread), n + missing * math.exp(spread)),
        level=level,
        details=_details(fit, table, scopes),
        warnings=warnings,
    )


def _warnings(fit: CatchmentFit, n: int) -> tuple[str, ...]:
    if fit.missing.sum() > 20 * n:
        return ("more than 20 missing for each person observed: the overlaps are too thin",)
    return ()


def _details(
    fit: CatchmentFit, table: CaptureTable, scopes: Mapping[str, str]
) -> dict[str, object]:
    classes = {
        name: {"lists": list(lists), "size": float(size), "missing": float(missing)}
        for name, lists, size, missing in zip(
            fit.catchments.names, fit.catchments.lists, fit.sizes, fit.missing, strict=True
        )
    }
    return {
        "scopes": dict(scopes),
        "catchments": classes,
        "model": model_label(fit.model) if fit.model else "independence",
        "loglik": fit.loglik,
        "aic": 2 * fit.n_params - 2 * fit.loglik,
        "interval_method": "log-normal on the number missing (Fisher information)",
        "reference": "Zwane, van der Pal & van der Heijden (2004)",
    }
