"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997).

The same model as the R package ``dga`` (Johndrow, Lum & Ball), function
``bma.cr``: every decomposable graph on the lists is a model; cell
probabilities get a hyper-Dirichlet prior with ``delta`` prior counts per cell
(so ``delta * 2**(p - |A|)`` per cell of the marginal table on the lists A);
the number missing has the prior ``log_prior_n`` (dga's default
``-log(N)``, N = observed + missing) on the grid ``0..n_max``; graphs have
equal prior weight. The posterior over (graph, missing) is

    log p ∝ Σ_cliques f(C) − Σ_separators f(S) + log multinomial coefficient + log prior,

with ``f(A)`` the Dirichlet-multinomial log marginal likelihood of the marginal
table on ``A`` whose all-absent cell holds the missing people. Graphs are
streamed through a numba kernel: no graphs × grid matrix is held.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt
from numba import njit
from scipy.special import gammaln

from uncounted.errors import ConfigError, EstimationError
from uncounted.estimate.population.decomposable import DecomposableGraph, decomposable_graphs
from uncounted.estimate.population.posterior import (
    GridPosterior,
    histogram_from_grid,
    summarise_grid,
)
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import CaptureTable

FloatArray = npt.NDArray[np.float64]
DEFAULT_MISSING_MULTIPLE = 30  # dga's MSEfit wrapper: grid up to 30 x observed
BOUND_MASS_WARNING = 0.01


def _cell_counts(table: CaptureTable) -> npt.NDArray[np.int64]:
    """Counts indexed by pattern bitmask (list j is bit j); the all-absent cell is 0."""
    return np.concatenate([[0], table.full_counts()]).astype(np.int64)


def _marginal(cells: npt.NDArray[np.int64], subset: int) -> npt.NDArray[np.int64]:
    """Counts of the marginal table on ``subset``, indexed by the masked pattern."""
    codes = np.arange(cells.size, dtype=np.int64) & subset
    return np.bincount(codes, weights=cells, minlength=cells.size).astype(np.int64)


def component_terms(
    table: CaptureTable, delta: float, missing: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """``f(A) = const[A] + rows[A, :]`` over the grid of missing counts, for every subset A.

    Row and constant 0 (the empty set) are zero, so they pad clique lists safely.
    """
    p = table.n_lists
    cells = _cell_counts(table)
    n, total_prior = float(cells.sum()), delta * 2.0**p
    const = np.zeros(1 << p)
    rows = np.zeros((1 << p, missing.size))
    for subset in range(1, 1 << p):
        prior = delta * 2.0 ** (p - subset.bit_count())
        marginal = _marginal(cells, subset)
        observed = marginal[np.flatnonzero(marginal[1:]) + 1]
        const[subset] = (
            np.sum(gammaln(observed + prior) - gammaln(prior))
            - gammaln(prior)
            + gammaln(total_prior)
        )
        rows[subset] = gammaln(missing + marginal[0] + prior) - gammaln(missing + n + total_prior)
    return const, rows


def graph_log_posterior(
    table: CaptureTable, graph: DecomposableGraph, delta: float, missing: FloatArray
) -> FloatArray:
    """Unnormalised log marginal likelihood of one graph at each number missing.

    Excludes the multinomial coefficient and the prior on N (common to all graphs).
    """
    const, rows = component_terms(table, delta, missing)
    out = np.zeros(missing.size)
    for sign, sets in ((1.0, graph.cliques), (-1.0, graph.separators)):
        for subset in sets:
            out += sign * (const[subset] + rows[subset])
    return out


def _padded(sets: Sequence[tuple[int, ...]]) -> npt.NDArray[np.int64]:
    width = max(1, *(len(s) for s in sets))
    out = np.zeros((len(sets), width), dtype=np.int64)
    for g, members in enumerate(sets):
        out[g, : len(members)] = members
    return out


@njit(cache=True, nogil=True)
def _stream_graphs(rows, const, cliques, separators, common):  # type: ignore[no-untyped-def]
    """Sum exp(log posterior) over graphs, per grid point and per graph, in one pass.

    Values are held relative to the running maximum ``top``; when a graph
    exceeds it, what has been accumulated so far is rescaled.
    """
    n_graphs, size = cliques.shape[0], common.size
    grid_sum = np.zeros(size)
    graph_sum = np.zeros(n_graphs)
    values = np.empty(size)
    top = -np.inf
    for g in range(n_graphs):
        base = 0.0
        for c in cliques[g]:
            base += const[c]
        for s in separators[g]:
            base -= const[s]
        values[:] = common
        values += base
        for c in cliques[g]:
            if c:
                values += rows[c]
        for s in separators[g]:
            if s:
                values -= rows[s]
        peak = values.max()
        if peak > top:
            scale = np.exp(top - peak)
            grid_sum *= scale
            graph_sum[:g] *= scale
            top = peak
        total = 0.0
        for i in range(size):
            d = values[i] - top
            if d > -80.0:
                e = np.exp(d)
                grid_sum[i] += e
                total += e
        graph_sum[g] = total
    return grid_sum, graph_sum, top


def _stream_in_threads(
    rows: FloatArray,
    const: FloatArray,
    cliques: npt.NDArray[np.int64],
    separators: npt.NDArray[np.int64],
    common: FloatArray,
    *,
    threads: int = 2,
) -> tuple[FloatArray, FloatArray]:
    """Split the graphs over ``threads`` (the kernel releases the GIL) and merge the sums."""
    chunks = np.array_split(np.arange(cliques.shape[0]), threads)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        parts = list(
            pool.map(
                lambda idx: _stream_graphs(rows, const, cliques[idx], separators[idx], common),
                chunks,
            )
        )
    top = max(part[2] for part in parts)
    grid_sum = sum((part[0] * np.exp(part[2] - top) for part in parts), np.zeros(common.size))
    graph_sum = np.concatenate([part[1] * np.exp(part[2] - top) for part in parts])
    return grid_sum, graph_sum


def _graph_label(graph: DecomposableGraph, lists: tuple[str, ...]) -> str:
    if not graph.edges:
        return "independence"
    return ", ".join(f"{lists[i]}:{lists[j]}" for i, j in graph.edges)


def _check_arguments(table: CaptureTable, delta: float, n_max: int) -> None:
    if not 3 <= table.n_lists <= 5:
        raise EstimationError(
            "dga averages over decomposable graphs on 3 to 5 lists",
            n_lists=table.n_lists,
        )
    if not delta > 0:
        raise ConfigError("delta must be positive", field="delta")
    if n_max < 1:
        raise ConfigError("n_max must be at least 1", field="n_max")


def dga_posterior(
    table: CaptureTable,
    *,
    delta: float,
    n_max: int,
    log_prior_n: FloatArray | None = None,
) -> tuple[GridPosterior, FloatArray]:
    """Posterior over the number missing (grid ``0..n_max``) and over the graphs."""
    _check_arguments(table, delta, n_max)
    missing = np.arange(n_max + 1, dtype=np.float64)
    n = float(table.n_observed)
    prior = -np.log(n + missing) if log_prior_n is None else np.asarray(log_prior_n, float)
    if prior.shape != missing.shape:
        raise ConfigError(
            "log_prior_n needs one value per grid point 0..n_max", field="log_prior_n"
        )
    const, rows = component_terms(table, delta, missing)
    common = gammaln(missing + n + 1) - gammaln(missing + 1) + prior
    graphs = decomposable_graphs(table.n_lists)
    cliques = _padded([g.cliques for g in graphs])
    separators = _padded([g.separators for g in graphs])
    grid_sum, graph_sum = _stream_in_threads(rows, const, cliques, separators, common)
    total = grid_sum.sum()
    return GridPosterior(missing + n, grid_sum / total), graph_sum / total


def estimate_dga(
    table: CaptureTable,
    *,
    delta: float | None = None,
    n_max: int | None = None,
    log_prior_n: FloatArray | None = None,
    level: float = 0.95,
    seed: int | None = None,
) -> PopulationEstimate:
    """Posterior median of N, averaged over all decomposable graphs (as dga's ``bma.cr``).

    ``delta`` defaults to ``2**-p`` (dga's suggestion), ``n_max`` (largest
    number missing on the grid) to 30 × observed; ``log_prior_n`` (one value
    per grid point) to dga's ``-log(N)``. The computation is exact and
    deterministic: ``seed`` is accepted (and ignored) so every estimator can be
    called alike.
    """
    del seed
    delta = 2.0**-table.n_lists if delta is None else float(delta)
    n_max = DEFAULT_MISSING_MULTIPLE * table.n_observed if n_max is None else int(n_max)
    posterior, graph_weights = dga_posterior(
        table, delta=delta, n_max=n_max, log_prior_n=log_prior_n
    )
    summary = summarise_grid(posterior, level)
    graphs = decomposable_graphs(table.n_lists)
    order = np.argsort(graph_weights)[::-1][:5]
    warnings = []
    if summary.mass_near_bound > BOUND_MASS_WARNING:
        warnings.append(
            f"{summary.mass_near_bound:.1%} of the posterior lies in the top 5% of the grid "
            f"(n_max = {n_max} missing): raise n_max"
        )
    details = {
        "delta": delta,
        "n_max": n_max,
        "n_graphs": len(graphs),
        "posterior_mean": summary.mean,
        "mass_near_n_max": summary.mass_near_bound,
        "posterior_histogram": histogram_from_grid(posterior),
        "top_graphs": [
            {"graph": _graph_label(graphs[g], table.lists), "weight": float(graph_weights[g])}
            for g in order
        ],
    }
    return PopulationEstimate(
        method="dga",
        n_observed=table.n_observed,
        estimate=summary.median,
        interval=summary.interval,
        level=level,
        details=details,
        warnings=tuple(warnings),
    )
