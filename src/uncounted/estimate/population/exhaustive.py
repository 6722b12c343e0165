"""Every hierarchical model up to an interaction order, ranked by AIC or BIC.

As Rcapture's ``closedpMS.t`` (``maxorder = 2``: all ``2**(K(K-1)/2)`` models of
pairwise interactions, 32,768 for six lists). All models share one design
matrix and are fitted in parallel by :func:`.irls.fit_many`. Interactions of
lists with no overlap make their cells structural zeros and still count as a
parameter (as in SparseMSE's AIC and Rcapture's parameter count). A fit that did
not reach a finite stationary point is marked ``interior = False``; the model
chosen for reporting must also pass the existence check (:mod:`.existence`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln

from uncounted.errors import ConfigError, MLENotFoundError
from uncounted.estimate.population.design import (
    Model,
    Term,
    cell_patterns,
    design_matrix,
    interaction_terms,
    term_column,
)
from uncounted.estimate.population.irls import fit_many
from uncounted.estimate.population.loglinear import LoglinearFit, fit_model
from uncounted.estimate.population.table import CaptureTable

Criterion = Literal["aic", "bic"]
MAX_MODELS = 2**20
CHUNK = 4096
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Ranking:
    """All candidate models of one table: row b of each array is model b."""

    lists: tuple[str, ...]
    terms: tuple[Term, ...]
    masks: BoolArray
    loglik: FloatArray
    n_params: npt.NDArray[np.int64]
    log_missing: FloatArray
    var_log_missing: FloatArray
    interior: BoolArray
    n_observed: int

    def criterion(self, which: Criterion) -> FloatArray:
        penalty = 2.0 if which == "aic" else math.log(self.n_observed)
        return np.asarray(-2.0 * self.loglik + penalty * self.n_params)

    def estimates(self) -> FloatArray:
        return np.asarray(self.n_observed + np.exp(np.minimum(self.log_missing, 700.0)))

    def model(self, index: int) -> Model:
        return tuple(t for t, on in zip(self.terms, self.masks[index], strict=True) if on)

    def order(self, which: Criterion) -> npt.NDArray[np.int64]:
        """Model indices from best to worst (interior fits first)."""
        score = np.where(self.interior, self.criterion(which), np.inf)
        return np.asarray(np.lexsort((np.arange(len(score)), score)), dtype=np.int64)


def enumerate_models(n_lists: int, max_order: int) -> tuple[tuple[Term, ...], BoolArray]:
    """Terms and one boolean row per hierarchical model (downward-closed term set)."""
    if not 1 <= max_order < n_lists:
        raise ConfigError(f"max order must be between 1 and {n_lists - 1} for {n_lists} lists")
    terms = interaction_terms(n_lists, max_order)
    pairs = [t for t in terms if len(t) == 2]
    if 2 ** len(pairs) > MAX_MODELS:
        raise ConfigError(f"too many models to enumerate for {n_lists} lists; use stepwise")
    codes = np.arange(2 ** len(pairs), dtype=np.int64)
    rows = ((codes[:, None] >> np.arange(len(pairs))) & 1).astype(np.bool_)
    for order in range(3, max_order + 1):
        rows = _extend(rows, terms, order)
    return terms, rows


def _extend(rows: BoolArray, terms: tuple[Term, ...], order: int) -> BoolArray:
    index = {t: i for i, t in enumerate(terms)}
    new = [t for t in terms if len(t) == order]
    out = np.zeros((0, len(terms)), dtype=np.bool_)
    for row in rows:
        allowed = [t for t in new if all(row[index[s]] for s in _faces(t))]
        subsets = 2 ** len(allowed)
        if len(out) + subsets > MAX_MODELS:
            raise ConfigError("too many hierarchical models to enumerate; lower --max-order")
        block = np.repeat(row[None, :], subsets, axis=0)
        bits = ((np.arange(subsets)[:, None] >> np.arange(len(allowed))) & 1).astype(np.bool_)
        for j, term in enumerate(allowed):
            block[:, index[term]] = bits[:, j]
        out = np.vstack([out, block])
    return out


def _faces(term: Term) -> list[Term]:
    return [tuple(x for x in term if x != drop) for drop in term]


def rank_models(table: CaptureTable, max_order: int = 2) -> Ranking:
    """Fit every hierarchical model up to ``max_order`` (Rcapture ``closedpMS.t``)."""
    terms, masks = enumerate_models(table.n_lists, max_order)
    x = design_matrix(table.n_lists, terms)
    y = table.full_counts().astype(np.float64)
    term_cells = np.column_stack([term_column(cell_patterns(table.n_lists), t) for t in terms])
    empty_terms = (term_cells.T @ y) == 0
    parts = [
        _fit_chunk(x, y, masks[s : s + CHUNK], term_cells, empty_terms, n_lists=table.n_lists)
        for s in range(0, len(masks), CHUNK)
    ]
    beta0, var0, dev, interior = (np.concatenate(p) for p in zip(*parts, strict=True))
    constant = float(
        np.sum(np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0) - y - gammaln(y + 1.0))
    )
    return Ranking(
        lists=table.lists,
        terms=terms,
        masks=masks,
        loglik=constant - dev / 2.0,
        n_params=(1 + table.n_lists + masks.sum(axis=1)).astype(np.int64),
        log_missing=beta0,
        var_log_missing=var0,
        interior=interior.astype(np.bool_),
        n_observed=table.n_observed,
    )


def _fit_chunk(
    x: FloatArray,
    y: FloatArray,
    masks: BoolArray,
    term_cells: FloatArray,
    empty_terms: BoolArray,
    *,
    n_lists: int,
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    empty = masks & empty_terms[None, :]
    cells = np.asarray(1.0 - ((empty.astype(np.float64) @ term_cells.T) > 0), dtype=np.float64)
    pars = np.hstack([np.ones((len(masks), 1 + n_lists), dtype=np.bool_), masks & ~empty])
    fits = fit_many(x, y, cells, pars)
    interior = (fits.iterations > 0) & (fits.min_mu > 1e-6) & (np.abs(fits.beta).max(axis=1) < 25.0)
    return fits.beta[:, 0], fits.var_intercept, fits.deviance, interior


def best_fit(ranking: Ranking, table: CaptureTable, which: Criterion) -> LoglinearFit:
    """The best-ranked model whose MLE exists and is identifiable (LP-checked)."""
    for index in ranking.order(which)[:50]:
        if not ranking.interior[index]:
            break
        fit = fit_model(table, ranking.model(int(index)))
        if fit.problem == 0 and fit.converged:
            return fit
    raise MLENotFoundError("no candidate model has a maximum-likelihood estimate on this table")


def weights(ranking: Ranking, which: Criterion = "bic") -> FloatArray:
    """Akaike/Schwarz weights ``exp(-delta/2)``, zero for fits not interior."""
    score = np.where(ranking.interior, ranking.criterion(which), np.inf)
    delta = score - score.min()
    raw = np.where(np.isfinite(delta), np.exp(-delta / 2.0), 0.0)
    return np.asarray(raw / raw.sum())
