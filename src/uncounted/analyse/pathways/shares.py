"""Pathway shares with intervals, overall and by period.

Two estimators. ``pathway_shares`` describes the documented cases: shares with
Wilson score intervals. ``corrected_shares`` estimates the shares in the whole
population when documentation reaches pathways unequally: each pathway's size is
estimated from its own capture histories (one population estimate per stratum),
and the interval comes from a bootstrap over documented persons.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from uncounted.errors import InputError

PATHWAYS = ("prostitution", "forced_marriage", "cybersex", "other")


def wilson(
    successes: np.ndarray, n: np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial proportion (vectorised)."""
    z = stats.norm.ppf((1 + level) / 2)
    n = np.maximum(n, 1)
    p = successes / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def period_of(years: pd.Series, cuts: Sequence[int]) -> pd.Series:
    """Label each year with its period, e.g. cuts (2015,) → '…–2014', '2015–…'."""
    edges = [-np.inf, *cuts, np.inf]
    labels = [_label(lo, hi) for lo, hi in itertools.pairwise(edges)]
    return pd.cut(years, bins=edges, labels=labels, right=False).astype(str)


def _label(lo: float, hi: float) -> str:
    start = "" if np.isinf(lo) else str(int(lo))
    end = "" if np.isinf(hi) else str(int(hi) - 1)
    return f"{start}–{end}"


def _check_pathways(frame: pd.DataFrame) -> None:
    if "pathway" not in frame:
        raise InputError("table lacks column 'pathway'", column="pathway")


def pathway_shares(
    persons: pd.DataFrame, *, by: str | None = None, level: float = 0.95
) -> pd.DataFrame:
    """Share of each pathway among persons with a known pathway (per group in ``by``)."""
    _check_pathways(persons)
    known = persons[persons["pathway"].isin(PATHWAYS)]
    keys = [by] if by else []
    counts = known.groupby([*keys, "pathway"]).size().rename("n").reset_index()
    grid = _complete(counts, keys)
    grid["total"] = grid.groupby(keys)["n"].transform("sum") if keys else grid["n"].sum()
    grid["share"] = grid["n"] / grid["total"].clip(lower=1)
    grid["low"], grid["high"] = wilson(grid["n"].to_numpy(), grid["total"].to_numpy(), level)
    grid["level"] = level
    return grid


def _complete(counts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    groups = counts[keys].drop_duplicates() if keys else pd.DataFrame(index=[0])
    grid = groups.merge(pd.DataFrame({"pathway": PATHWAYS}), how="cross")
    merged = grid.merge(counts, on=[*keys, "pathway"], how="left")
    merged["n"] = merged["n"].fillna(0).astype(int)
    return merged


SizeEstimator = Callable[[pd.DataFrame], float]


def corrected_shares(
    documented: pd.DataFrame,
    estimate_size: SizeEstimator,
    *,
    replicates: int = 200,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Population pathway shares from one size estimate per pathway, bootstrapped.

    ``documented`` has one row per documented person: ``pathway`` and one 0/1
    column per list; ``estimate_size`` turns such rows (one stratum) into an
    estimated stratum size. Intervals: percentile bootstrap over persons.
    """
    _check_pathways(documented)
    if replicates < 1:
        raise InputError("replicates must be positive", column="replicates")
    point = _stratum_shares(documented, estimate_size)
    rng = np.random.default_rng(seed)
    draws = np.array(
        [
            _stratum_shares(
                documented.iloc[rng.integers(0, len(documented), len(documented))], estimate_size
            )
            for _ in range(replicates)
        ]
    )
    alpha = (1 - level) / 2
    low, high = np.nanquantile(draws, [alpha, 1 - alpha], axis=0)
    return pd.DataFrame(
        {"pathway": PATHWAYS, "share": point, "low": low, "high": high, "level": level}
    )


def _stratum_shares(rows: pd.DataFrame, estimate_size: SizeEstimator) -> np.ndarray:
    sizes = np.array(
        [
            estimate_size(rows[rows["pathway"] == p]) if (rows["pathway"] == p).any() else 0.0
            for p in PATHWAYS
        ]
    )
    total = sizes.sum()
    return sizes / total if total > 0 else np.full(len(PATHWAYS), np.nan)


def chao_corrected_shares(
    documented: pd.DataFrame,
    lists: Sequence[str],
    *,
    replicates: int = 2_000,
    level: float = 0.95,
    seed: int = 0,
    small_k_factor: bool = False,
) -> pd.DataFrame:
    """Population pathway shares from Chao's lower bound per pathway, bootstrapped.

    The same estimator as :func:`corrected_shares` with ``estimate_chao`` (Chao
    1987: n + f1²/(2 f2), f2 taken as at least 1), vectorised: each stratum's bound
    needs only n, f1 and f2, and a bootstrap replicate is a multinomial weighting of
    the documented persons (percentile interval). ``small_k_factor`` multiplies the
    unseen part by (K − 1)/K as ``estimate_chao`` does; off by default, because in
    the simulated study (docs/findings-study.md) the plain 1987 bound covers better.
    """
    _check_pathways(documented)
    if replicates < 1:
        raise InputError("replicates must be positive", column="replicates")
    seen = documented[list(lists)].to_numpy(dtype=np.int64).sum(axis=1)
    strata = np.stack([(documented["pathway"] == p).to_numpy() for p in PATHWAYS])
    ones, twos = strata * (seen == 1), strata * (seen == 2)
    rng = np.random.default_rng(seed)
    n = len(documented)
    weights = rng.multinomial(n, np.full(n, 1 / n), replicates).astype(np.float64)
    factor = (len(lists) - 1) / len(lists) if small_k_factor else 1.0
    point = _chao_shares(np.ones((1, n)), strata, ones, twos, factor)[0]
    draws = _chao_shares(weights, strata, ones, twos, factor)
    alpha = (1 - level) / 2
    low, high = np.nanquantile(draws, [alpha, 1 - alpha], axis=0)
    return pd.DataFrame(
        {"pathway": PATHWAYS, "share": point, "low": low, "high": high, "level": level}
    )


def _chao_shares(
    weights: np.ndarray, strata: np.ndarray, ones: np.ndarray, twos: np.ndarray, factor: float
) -> np.ndarray:
    n, f1, f2 = weights @ strata.T, weights @ ones.T, weights @ twos.T
    sizes = n + factor * f1**2 / (2 * np.maximum(f2, 1))
    total = sizes.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(sizes / total, dtype=np.float64)
