"""Small vectorised helpers: days as integers, draws from mixes and lognormals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
EPOCH = dt.date(1970, 1, 1)


def day(value: dt.date | str) -> int:
    """Days since 1970-01-01 of a date or ISO text."""
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return (date - EPOCH).days


def year_start(year: int) -> int:
    return day(dt.date(year, 1, 1))


def year_end(year: int) -> int:
    return day(dt.date(year, 12, 31))


def years_of(days: Ints) -> Ints:
    """Calendar year of each day number."""
    as_dates = np.asarray(days, dtype="int64").astype("datetime64[D]")
    return as_dates.astype("datetime64[Y]").astype(np.int64) + 1970


def iso(days: npt.NDArray[Any]) -> list[str]:
    """ISO dates; negative sentinel (-1) or NaN gives an empty string."""
    values = np.asarray(days, dtype="float64")
    texts = np.datetime_as_string(
        np.nan_to_num(values, nan=0).astype("int64").astype("datetime64[D]")
    )
    return ["" if (np.isnan(v) or v < 0) else str(t) for v, t in zip(values, texts, strict=True)]


def choose(rng: np.random.Generator, mix: Mapping[Any, float], size: int) -> npt.NDArray[Any]:
    """Draw ``size`` keys of ``mix`` with its (renormalised) weights."""
    keys = list(mix)
    weights = np.array([mix[k] for k in keys], dtype=float)
    index = rng.choice(len(keys), size=size, p=weights / weights.sum())
    return np.array(keys, dtype=object)[index]


def choose_rows(rng: np.random.Generator, probabilities: Floats) -> Ints:
    """For each row of an (n, k) probability matrix, one column index."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.random(len(probabilities))[:, None]
    index = np.minimum((u > cumulative).sum(axis=1), probabilities.shape[1] - 1)
    return np.asarray(index, dtype=np.int64)


def lognormal(rng: np.random.Generator, spec: Mapping[str, float], size: int) -> Floats:
    """Lognormal with median ``spec['median']`` and log-sd ``spec['sigma']``."""
    return np.exp(rng.normal(np.log(spec["median"]), spec["sigma"], size))


def floored(rng: np.random.Generator, spec: Mapping[str, float], size: int) -> Floats:
    """``floor + LN(median - floor, sigma)``, capped at ``spec['cap']`` when given."""
    above = lognormal(rng, {"median": spec["median"] - spec["floor"], "sigma": spec["sigma"]}, size)
    values = spec["floor"] + above
    return np.minimum(values, spec["cap"]) if "cap" in spec else values


def zipf_weights(n: int, exponent: float) -> Floats:
    """Heavy-tailed activity weights for a pool of ``n`` actors."""
    weights = 1.0 / np.arange(1, n + 1, dtype=float) ** exponent
    return np.asarray(weights / weights.sum(), dtype=float)


def child(seed: int, stream: str) -> np.random.Generator:
    """An independent generator per model component, stable across code changes elsewhere."""
    key = [seed, *(ord(c) for c in stream)]
    return np.random.default_rng(key)


def fill_rows(groups: Sequence[str]) -> dict[str, list[int]]:
    """Row indices of each distinct value, in first-seen order."""
    rows: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        rows.setdefault(g, []).append(i)
    return rows
