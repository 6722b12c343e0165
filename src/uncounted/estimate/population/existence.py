"""Does the maximum-likelihood estimate of a log-linear model exist and is it identifiable?

The check of Chan, Silverman & Vincent (SparseMSE ``checkident``), after Fienberg &
Rinaldo (2012): the MLE exists iff some strictly positive table has the same
sufficient statistics as the observed one, decided by the linear programme
``max s  subject to  A' x = A' y,  x_i >= s,  x >= 0`` (exists iff ``s > 0``);
it is identifiable iff the design restricted to the fitted cells has full column
rank. Interactions between lists with no overlap are handled as SparseMSE does:
their cells are structural zeros and the parameter is dropped from the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntFlag

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


class Problem(IntFlag):
    """SparseMSE's error code: 1 the MLE does not exist, 2 not identifiable, 3 both."""

    NONE = 0
    NOT_EXIST = 1
    NOT_IDENTIFIABLE = 2


@dataclass(frozen=True)
class Structure:
    """The cells and parameters a model fits on this table."""

    cells: FloatArray  # 1.0 for fitted cells, 0.0 for structural zeros
    pars: BoolArray  # False for interactions of non-overlapping lists
    empty: tuple[int, ...]  # design columns of those interactions


def structure(x: FloatArray, y: FloatArray, n_lists: int) -> Structure:
    """Structural zeros of interaction columns (beyond the main effects) with no count."""
    n_cols = x.shape[1]
    cells = np.ones(x.shape[0])
    pars = np.ones(n_cols, dtype=np.bool_)
    empty: list[int] = []
    for col in range(1 + n_lists, n_cols):
        if float(x[:, col] @ y) == 0.0:
            cells[x[:, col] > 0] = 0.0
            pars[col] = False
            empty.append(col)
    return Structure(cells, pars, tuple(empty))


def check(x: FloatArray, y: FloatArray, found: Structure) -> Problem:
    """SparseMSE's ``checkident`` on the fitted cells and parameters."""
    keep = found.cells > 0
    a = x[np.ix_(keep, found.pars)]
    problem = Problem.NONE
    if np.linalg.matrix_rank(a) < a.shape[1]:
        problem |= Problem.NOT_IDENTIFIABLE
    if not _positive_table_exists(a, y[keep]):
        problem |= Problem.NOT_EXIST
    return problem


def _positive_table_exists(a: FloatArray, y: FloatArray) -> bool:
    n_cells, _ = a.shape
    if (y > 0).all():
        return True
    cost = np.zeros(n_cells + 1)
    cost[-1] = -1.0  # maximise s
    a_eq = np.hstack([a.T, np.zeros((a.shape[1], 1))])
    a_ub = np.hstack([-np.eye(n_cells), np.ones((n_cells, 1))])  # s - x_i <= 0
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.zeros(n_cells),
        A_eq=a_eq,
        b_eq=a.T @ y,
        bounds=[(0, None)] * (n_cells + 1),
        method="highs",
    )
    return bool(result.status == 0 and -result.fun > 1e-9 * max(1.0, float(y.sum())))
