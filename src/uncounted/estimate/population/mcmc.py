"""Convergence diagnostics for several Markov chains: rank-normalised split R-hat and ESS.

Following Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization,
folding, and localization: an improved R-hat", Bayesian Analysis 16(2): the draws
(chains × iterations) are split in halves, rank-normalised, and R-hat is the larger
of the bulk and folded (tail) values; the effective sample size uses Geyer's
initial monotone sequence on the combined autocorrelation, as Stan does.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import ndtri
from scipy.stats import rankdata

FloatArray = npt.NDArray[np.float64]


def _split(draws: FloatArray) -> FloatArray:
    half = draws.shape[1] // 2
    return np.concatenate([draws[:, :half], draws[:, -half:]], axis=0)


def _rank_normalise(draws: FloatArray) -> FloatArray:
    ranks = rankdata(draws, method="average").reshape(draws.shape)
    return np.asarray(ndtri((ranks - 0.375) / (draws.size + 0.25)), dtype=np.float64)


def _rhat(chains: FloatArray) -> float:
    n = chains.shape[1]
    within = float(np.mean(np.var(chains, axis=1, ddof=1)))
    between = n * float(np.var(np.mean(chains, axis=1), ddof=1))
    if within == 0.0:
        return 1.0 if between == 0.0 else float("inf")
    return float(np.sqrt(((n - 1) / n * within + between / n) / within))


def split_rhat(draws: FloatArray) -> float:
    """Rank-normalised split R-hat of ``draws`` (chains, iterations): max of bulk and tail."""
    draws = np.asarray(draws, dtype=np.float64)
    split = _split(draws)
    bulk = _rhat(_rank_normalise(split))
    folded = np.abs(split - np.median(split))
    return max(bulk, _rhat(_rank_normalise(folded)))


def _autocovariance(chain: FloatArray) -> FloatArray:
    n = chain.size
    centred = chain - chain.mean()
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    acov = np.fft.irfft(spectrum * np.conjugate(spectrum), size)[:n]
    return np.asarray(acov / n, dtype=np.float64)


def _ess(chains: FloatArray) -> float:
    m, n = chains.shape
    acov = np.array([_autocovariance(c) for c in chains])
    within = float(np.mean(acov[:, 0])) * n / (n - 1)
    var_plus = within * (n - 1) / n + (float(np.var(chains.mean(axis=1), ddof=1)) if m > 1 else 0)
    if var_plus <= 0:
        return float(m * n)
    rho = 1.0 - (within - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    pairs = rho[: n - n % 2].reshape(-1, 2).sum(axis=1)
    positive = np.flatnonzero(pairs <= 0)
    pairs = pairs[: positive[0] if positive.size else pairs.size]
    pairs = np.minimum.accumulate(pairs)
    tau = max(-1.0 + 2.0 * float(pairs.sum()), 1.0 / np.log10(m * n))
    return float(m * n / tau)


def ess_bulk(draws: FloatArray) -> float:
    """Bulk effective sample size of ``draws`` (chains, iterations), split and rank-normalised."""
    draws = np.asarray(draws, dtype=np.float64)
    return _ess(_rank_normalise(_split(draws)))
