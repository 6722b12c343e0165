"""Poisson regression by iteratively reweighted least squares, compiled with numba.

The same algorithm as R's ``glm(family = poisson)`` (start at ``mu = y + 0.1``,
stop when the relative change in deviance is below ``1e-8``), written for many
small models: one fit of a 63-cell, 22-parameter model takes microseconds, and
``fit_many`` fits a batch in parallel threads. Cells can be switched off
(``cell_mask``: structural zeros, e.g. two lists with no overlap whose interaction
is in the model) and parameters fixed at zero (``par_mask``), so every model of
a family shares one design matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt

F = TypeVar("F", bound=Callable[..., Any])
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

MAX_ITER = 100
TOL = 1e-8


def _jit(parallel: bool = False) -> Callable[[F], F]:
    return cast(Callable[[F], F], numba.njit(cache=True, parallel=parallel))


@_jit()
def _irls(  # noqa: PLR0917 (numba has no keyword-only arguments)
    x: FloatArray, y: FloatArray, cells: FloatArray, pars: BoolArray, max_iter: int, tol: float
) -> tuple[FloatArray, FloatArray, float, float, int]:
    """Fit one model; returns (beta, mu, deviance, var(beta_0), iterations or -1)."""
    n_cells, n_all = x.shape
    active = np.nonzero(pars)[0]
    p = active.size
    xa = np.empty((n_cells, p))
    for j in range(p):
        xa[:, j] = x[:, active[j]]
    mu: FloatArray = (y + 0.1) * cells + (1.0 - cells)
    eta = np.log(mu)
    dev_old = np.inf
    iterations = -1
    info = np.eye(p)
    coef = np.zeros(p)
    for it in range(max_iter):
        w = mu * cells
        z = eta + (y - mu) / mu
        info = (xa * w[:, None]).T @ xa
        coef = np.linalg.solve(info, xa.T @ (w * z))  # type: ignore[assignment]
        eta = xa @ coef
        mu = np.exp(eta)
        dev = 0.0
        for i in range(n_cells):
            if cells[i] > 0.0:
                dev += mu[i] - y[i]
                if y[i] > 0.0:
                    dev += y[i] * np.log(y[i] / mu[i])
        dev *= 2.0
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            iterations = it + 1
            break
        dev_old = dev
    w = mu * cells
    info = (xa * w[:, None]).T @ xa
    var0 = np.linalg.inv(info)[0, 0] if pars[0] else np.nan
    beta = np.zeros(n_all)
    for j in range(p):
        beta[active[j]] = coef[j]
    return beta, mu * cells, dev, var0, iterations


@_jit(parallel=True)
def _irls_many(  # noqa: PLR0917
    x: FloatArray, y: FloatArray, cells: FloatArray, pars: BoolArray, max_iter: int, tol: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, npt.NDArray[np.int64]]:
    n_models = pars.shape[0]
    betas = np.zeros((n_models, x.shape[1]))
    devs = np.zeros(n_models)
    var0 = np.zeros(n_models)
    min_mu = np.zeros(n_models)
    iters = np.zeros(n_models, dtype=np.int64)
    for b in numba.prange(n_models):
        beta, mu, dev, v0, it = _irls(x, y, cells[b], pars[b], max_iter, tol)
        betas[b] = beta
        devs[b] = dev
        var0[b] = v0
        iters[b] = it
        lowest = np.inf
        for i in range(mu.size):
            if cells[b, i] > 0.0 and mu[i] < lowest:
                lowest = mu[i]
        min_mu[b] = lowest
    return betas, devs, var0, min_mu, iters


@dataclass(frozen=True)
class PoissonFit:
    """One fitted Poisson log-linear model."""

    beta: FloatArray
    mu: FloatArray
    deviance: float
    var_intercept: float
    converged: bool


def fit_poisson(
    x: FloatArray,
    y: FloatArray,
    cell_mask: FloatArray | None = None,
    par_mask: BoolArray | None = None,
) -> PoissonFit:
    """Fit ``log E[y] = x @ beta`` over the cells where ``cell_mask`` is 1."""
    cells = np.ones(len(y)) if cell_mask is None else np.asarray(cell_mask, dtype=np.float64)
    pars = np.ones(x.shape[1], dtype=np.bool_) if par_mask is None else par_mask
    y64 = np.ascontiguousarray(y, dtype=np.float64)
    beta, mu, dev, var0, it = _irls(np.ascontiguousarray(x), y64, cells, pars, MAX_ITER, TOL)
    return PoissonFit(beta, mu, float(dev), float(var0), it > 0)


@dataclass(frozen=True)
class BatchFit:
    """Many models fitted on one design: row b of each array is model b."""

    beta: FloatArray
    deviance: FloatArray
    var_intercept: FloatArray
    min_mu: FloatArray
    iterations: npt.NDArray[np.int64]


def fit_many(
    x: FloatArray, y: FloatArray, cell_masks: FloatArray, par_masks: BoolArray
) -> BatchFit:
    """Fit every model (rows of the masks) in parallel threads."""
    out = _irls_many(
        np.ascontiguousarray(x),
        np.ascontiguousarray(y, dtype=np.float64),
        np.ascontiguousarray(cell_masks, dtype=np.float64),
        np.ascontiguousarray(par_masks, dtype=np.bool_),
        MAX_ITER,
        TOL,
    )
    return BatchFit(*out)
