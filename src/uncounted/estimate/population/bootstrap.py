"""Bootstrap intervals for any estimator of N, with the whole procedure re-run.

``parametric``: cell counts drawn as Poisson from the fitted model's expected
counts; ``nonparametric``: people resampled with replacement (multinomial on
the observed cells, as SparseMSE's ``estimatepopulation`` does). Either way the
selection is repeated on each replicate, so model uncertainty is included.
Intervals are percentile or BCa (Efron 1987) with the acceleration from a
jackknife over people (one jackknife value per observed cell, weighted by its
count) and SparseMSE's quantile rule (R's type 8, numpy's ``median_unbiased``).
Replicates are drawn in the
parent from ``seed`` so results do not depend on the number of workers; work is
spread over ``workers`` processes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.stats import norm

FloatArray = npt.NDArray[np.float64]
Statistic = Callable[[int, FloatArray], float]
Kind = Literal["parametric", "nonparametric"]
Progress = Callable[[int], None]
CHUNKS = 40


@dataclass(frozen=True)
class BootstrapResult:
    """Replicate estimates (failures dropped), jackknife values and the interval."""

    replicates: FloatArray
    failures: int
    interval: tuple[float, float]
    method: str


def draw(y: FloatArray, mu: FloatArray, kind: Kind, count: int, seed: int | None) -> FloatArray:
    """``count`` replicate count vectors."""
    rng = np.random.default_rng(seed)
    if kind == "parametric":
        return rng.poisson(mu, size=(count, len(mu))).astype(np.float64)
    total = int(y.sum())
    return rng.multinomial(total, y / total, size=count).astype(np.float64)


def _run_chunk(statistic: Statistic, n_lists: int, ys: FloatArray) -> FloatArray:
    out = np.empty(len(ys))
    for i, y in enumerate(ys):
        try:
            out[i] = statistic(n_lists, y)
        except Exception:  # a replicate the estimator cannot fit counts as a failure
            out[i] = np.nan
    return out


def run(
    statistic: Statistic,
    n_lists: int,
    ys: FloatArray,
    *,
    workers: int = 2,
    progress: Progress | None = None,
) -> FloatArray:
    """Apply ``statistic`` to every row of ``ys``, in ``workers`` processes."""
    chunks = np.array_split(np.arange(len(ys)), min(CHUNKS, max(len(ys), 1)))
    results: dict[int, FloatArray] = {}
    if workers <= 1:
        for k, idx in enumerate(chunks):
            results[k] = _run_chunk(statistic, n_lists, ys[idx])
            if progress:
                progress(len(idx))
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {
                pool.submit(_run_chunk, statistic, n_lists, ys[idx]): k
                for k, idx in enumerate(chunks)
            }
            for future in as_completed(futures):
                k = futures[future]
                results[k] = future.result()
                if progress:
                    progress(len(chunks[k]))
    return np.concatenate([results[k] for k in range(len(chunks))]) if chunks else np.empty(0)


def jackknife(statistic: Statistic, n_lists: int, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Leave-one-person-out values (one per non-empty cell) and their weights."""
    cells = np.flatnonzero(y > 0)
    values = np.empty(len(cells))
    for i, c in enumerate(cells):
        less = y.copy()
        less[c] -= 1
        values[i] = statistic(n_lists, less)
    return values, y[cells]


def acceleration(values: FloatArray, weights: FloatArray) -> float:
    mean = float(np.sum(weights * values) / weights.sum())
    d = mean - values
    denominator = 6.0 * float(np.sum(weights * d**2)) ** 1.5
    return float(np.sum(weights * d**3)) / denominator if denominator > 0 else 0.0


def bca(estimate: float, replicates: FloatArray, accel: float, level: float) -> tuple[float, float]:
    """The BCa interval from replicates and the acceleration."""
    below = np.mean(replicates < estimate) + 0.5 * np.mean(replicates == estimate)
    z0 = float(norm.ppf(np.clip(below, 1e-6, 1 - 1e-6)))
    ends = []
    for alpha in ((1 - level) / 2, (1 + level) / 2):
        za = float(norm.ppf(alpha))
        ends.append(float(norm.cdf(z0 + (z0 + za) / (1 - accel * (z0 + za)))))
    low, high = np.quantile(replicates, ends, method="median_unbiased")
    return float(low), float(high)


def percentile(replicates: FloatArray, level: float) -> tuple[float, float]:
    low, high = np.quantile(replicates, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)


def bootstrap_interval(
    statistic: Statistic,
    n_lists: int,
    y: FloatArray,
    mu: FloatArray,
    estimate: float,
    *,
    replicates: int = 1000,
    kind: Kind = "parametric",
    method: Literal["bca", "percentile"] = "bca",
    level: float = 0.95,
    seed: int | None = None,
    workers: int = 2,
    progress: Progress | None = None,
) -> BootstrapResult:
    """Re-run ``statistic`` on resampled tables and return the interval."""
    ys = draw(y, mu, kind, replicates, seed)
    values = run(statistic, n_lists, ys, workers=workers, progress=progress)
    good = values[np.isfinite(values)]
    if len(good) < max(10, replicates // 2):
        return BootstrapResult(good, replicates - len(good), (np.nan, np.nan), method)
    if method == "percentile":
        return BootstrapResult(good, replicates - len(good), percentile(good, level), method)
    jack, weights = jackknife(statistic, n_lists, y)
    interval = bca(estimate, good, acceleration(jack, weights), level)
    return BootstrapResult(good, replicates - len(good), interval, method)


def summary(result: BootstrapResult, kind: str) -> dict[str, object]:
    """JSON details of a bootstrap."""
    reps = result.replicates
    return {
        "bootstrap": kind,
        "bootstrap_interval": result.method,
        "replicates": len(reps),
        "failed_replicates": result.failures,
        "bootstrap_median": float(np.median(reps)) if len(reps) else None,
    }
