"""Summaries of a posterior for N held on a grid of values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

NEAR_BOUND_FRACTION = 0.05
HISTOGRAM_BINS = 40
HISTOGRAM_TAIL = 0.001


@dataclass(frozen=True)
class GridPosterior:
    """Posterior probabilities ``probs`` (summing to 1) of the totals ``n_values`` (ascending)."""

    n_values: npt.NDArray[np.float64]
    probs: npt.NDArray[np.float64]

    def quantile(self, q: float) -> float:
        """The smallest grid value whose cumulative probability reaches ``q``."""
        cdf = np.cumsum(self.probs)
        index = int(np.searchsorted(cdf, q * cdf[-1], side="left"))
        return float(self.n_values[min(index, self.n_values.size - 1)])


@dataclass(frozen=True)
class GridSummary:
    """Median, equal-tailed interval, mean and the posterior mass in the top 5% of the grid."""

    median: float
    interval: tuple[float, float]
    mean: float
    mass_near_bound: float


def summarise_grid(posterior: GridPosterior, level: float = 0.95) -> GridSummary:
    """Median, equal-tailed ``level`` interval, mean and mass near the grid's upper end."""
    tail = (1.0 - level) / 2.0
    low, high = posterior.n_values[0], posterior.n_values[-1]
    near = posterior.n_values >= high - NEAR_BOUND_FRACTION * (high - low)
    return GridSummary(
        median=posterior.quantile(0.5),
        interval=(posterior.quantile(tail), posterior.quantile(1.0 - tail)),
        mean=float(np.dot(posterior.n_values, posterior.probs)),
        mass_near_bound=float(posterior.probs[near].sum()),
    )


def _edges(low: float, high: float) -> npt.NDArray[np.float64]:
    return np.linspace(low, max(high, low + 1.0), HISTOGRAM_BINS + 1)


def histogram_from_grid(posterior: GridPosterior) -> dict[str, list[float]]:
    """A 40-bin density over the central 99.8% of a grid posterior (JSON-ready)."""
    edges = _edges(posterior.quantile(HISTOGRAM_TAIL), posterior.quantile(1 - HISTOGRAM_TAIL))
    mass, _ = np.histogram(posterior.n_values, bins=edges, weights=posterior.probs)
    return {"edges": edges.tolist(), "density": (mass / np.diff(edges)).tolist()}


def histogram_from_draws(draws: npt.NDArray[np.float64]) -> dict[str, list[Any]]:
    """A 40-bin density of pooled draws (chains, draws) and one per chain (JSON-ready)."""
    low, high = np.quantile(draws, [HISTOGRAM_TAIL, 1 - HISTOGRAM_TAIL])
    edges = _edges(float(low), float(high))
    pooled, _ = np.histogram(draws.ravel(), bins=edges, density=True)
    chains = [np.histogram(chain, bins=edges, density=True)[0].tolist() for chain in draws]
    return {"edges": edges.tolist(), "density": pooled.tolist(), "chains": chains}
