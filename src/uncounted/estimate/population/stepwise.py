"""Forward stepwise selection of Chan, Silverman & Vincent (SparseMSE ``stepwisefit``).

Start from the main-effects model. For every pairwise interaction not yet in the
model, compare the number of people on both lists with its Poisson distribution
under the current fit: the p-value is ``min(P(X <= n_ij), P(X >= n_ij))``. Add the
interaction with the smallest p-value (lowest index on ties) if it is below
``pthresh`` and the enlarged model passes the existence and identifiability check
(:mod:`.existence`); otherwise stop.

For speed, candidates are checked in order of p-value and the linear programme
runs only when the enlarged fit did not reach a finite stationary point (a
finite stationary point of the concave log-likelihood *is* the MLE, so the LP
would agree); the chosen model is the same as checking every candidate.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import poisson

from uncounted.estimate.population import existence
from uncounted.estimate.population.design import Model, design_matrix
from uncounted.estimate.population.irls import PoissonFit, fit_poisson
from uncounted.estimate.population.table import CaptureTable

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
PTHRESH = 0.02


@dataclass(frozen=True)
class Selection:
    """The chosen model, its fit, and the p-value of each interaction as it entered."""

    model: Model
    fit: PoissonFit
    p_values: tuple[float, ...]

    @property
    def log_missing(self) -> float:
        return float(self.fit.beta[0])


class PairDesign:
    """The all-pairs design of one table of counts; models are parameter masks."""

    def __init__(self, n_lists: int, y: FloatArray) -> None:
        self.n_lists = n_lists
        self.pairs = tuple(itertools.combinations(range(n_lists), 2))
        self.x = design_matrix(n_lists, self.pairs)
        self.y = y
        self.pair_x = self.x[:, 1 + n_lists :]
        self.overlap = self.pair_x.T @ y

    def masks(self, chosen: BoolArray) -> tuple[FloatArray, BoolArray]:
        """Cell and parameter masks of the model with the pairs ``chosen``."""
        pars = np.concatenate([np.ones(1 + self.n_lists, dtype=np.bool_), chosen])
        empty = chosen & (self.overlap == 0)
        cells = np.ones(len(self.y))
        if empty.any():
            cells[(self.pair_x[:, empty] > 0).any(axis=1)] = 0.0
            pars[1 + self.n_lists :][empty] = False
        return cells, pars

    def fit(self, chosen: BoolArray) -> PoissonFit:
        cells, pars = self.masks(chosen)
        return fit_poisson(self.x, self.y, cells, pars)

    def acceptable(self, chosen: BoolArray, fit: PoissonFit) -> bool:
        """SparseMSE's ``checkident`` == 0, with the LP skipped for interior fits."""
        cells, pars = self.masks(chosen)
        keep = cells > 0
        if fit.converged and _interior(fit, keep):
            a = self.x[np.ix_(keep, pars)]
            return bool(np.linalg.matrix_rank(a) == a.shape[1])
        found = existence.Structure(cells, pars, ())
        return existence.check(self.x, self.y, found) == existence.Problem.NONE

    def p_values(self, fit: PoissonFit, chosen: BoolArray) -> FloatArray:
        expected = self.pair_x.T @ fit.mu
        low = poisson.cdf(self.overlap, expected)
        high = poisson.sf(self.overlap - 1, expected)
        return np.where(chosen, 1.0, np.minimum(low, high))


def _interior(fit: PoissonFit, keep: BoolArray) -> bool:
    return bool(np.all(fit.mu[keep] > 1e-6) and np.all(np.abs(fit.beta) < 25.0))


def select_stepwise(table: CaptureTable, *, pthresh: float = PTHRESH) -> Selection:
    """Run the stepwise procedure on ``table``."""
    return select_stepwise_counts(table.n_lists, table.full_counts().astype(np.float64), pthresh)


def select_stepwise_counts(n_lists: int, y: FloatArray, pthresh: float = PTHRESH) -> Selection:
    """The same on a vector of the ``2**K - 1`` cell counts (for bootstraps)."""
    design = PairDesign(n_lists, y)
    chosen = np.zeros(len(design.pairs), dtype=np.bool_)
    fit = design.fit(chosen)
    entered: list[int] = []
    p_entered: list[float] = []
    for _ in design.pairs:
        step = _next_step(design, chosen, fit, pthresh)
        if step is None:
            break
        index, p_value, fit = step
        chosen[index] = True
        entered.append(index)
        p_entered.append(p_value)
    model = tuple(design.pairs[i] for i in entered)
    return Selection(model, fit, tuple(p_entered))


def _next_step(
    design: PairDesign, chosen: BoolArray, fit: PoissonFit, pthresh: float
) -> tuple[int, float, PoissonFit] | None:
    p_values = design.p_values(fit, chosen)
    for index in np.argsort(p_values, kind="stable"):
        if p_values[index] >= pthresh:
            return None
        trial = chosen.copy()
        trial[index] = True
        trial_fit = design.fit(trial)
        if design.acceptable(trial, trial_fit):
            return int(index), float(p_values[index]), trial_fit
    return None
