"""Input distributions ("priors"), each with its source, and their validation.

Every input of the profit model is a :class:`Prior`: a named univariate
distribution with a ``source:`` note, a ``kind`` (price, share, count, rate,
duration, weight) and, for prices, a currency and a price year. Every prior can
map uniform numbers to values (``ppf``), so the same object serves Monte Carlo
draws, the one-at-a-time tornado (P10/P90) and Sobol sampling. A Dirichlet mix is
expanded into independent Gamma weights (normalised inside the model).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from uncounted.errors import InputError
from uncounted.estimate.profits.flows import Values
from uncounted.estimate.profits.money import Currency, parse_currency

KINDS = ("price", "share", "count", "rate", "duration", "weight")
Z90 = 1.2815515655446004  # standard normal quantile of 0.90


@dataclass(frozen=True)
class Prior:
    """One input: a distribution over values with the source that supports it."""

    name: str
    dist: str
    params: Mapping[str, float]
    source: str
    kind: str = "rate"
    currency: Currency | None = None
    price_year: int | None = None
    samples: Values | None = field(default=None, compare=False, repr=False)
    columns: tuple[str, ...] = ()

    def ppf(self, u: Values) -> Values:
        """Values at the uniform quantiles ``u`` (vectorised); rows for a joint bootstrap."""
        if self.columns and self.samples is not None:
            rows = np.minimum(
                (np.asarray(u) * len(self.samples)).astype(int), len(self.samples) - 1
            )
            return np.asarray(self.samples[rows], dtype=np.float64)
        if self.dist == "fixed":
            return np.full(np.shape(u), self.params["value"], dtype=np.float64)
        if self.dist == "empirical" and self.samples is not None:
            return np.quantile(self.samples, u, method="inverted_cdf").astype(np.float64)
        return np.asarray(_frozen(self).ppf(u), dtype=np.float64)

    def median(self) -> float | None:
        """The median (None for a joint bootstrap, which has no single value)."""
        if self.columns:
            return None
        return float(self.ppf(np.array([0.5]))[0])


def _frozen(prior: Prior) -> Any:
    p = prior.params
    if prior.dist == "lognormal":
        sigma = math.log(p["p90"] / p["median"]) / Z90
        return stats.lognorm(s=sigma, scale=p["median"])
    if prior.dist == "beta":
        return stats.beta(p["a"], p["b"])
    if prior.dist == "uniform":
        return stats.uniform(loc=p["low"], scale=p["high"] - p["low"])
    if prior.dist == "gamma":
        return stats.gamma(p["shape"], scale=p.get("scale", 1.0))
    if prior.dist == "triangular":
        width = p["high"] - p["low"]
        return stats.triang((p["mode"] - p["low"]) / width, loc=p["low"], scale=width)
    if prior.dist == "normal":
        return stats.norm(p["mean"], p["sd"])
    raise InputError(f"prior {prior.name!r}: unknown distribution {prior.dist!r}", column="dist")


def _beta_params(spec: Mapping[str, Any], name: str) -> dict[str, float]:
    if "a" in spec and "b" in spec:
        return {"a": float(spec["a"]), "b": float(spec["b"])}
    mean, sd = float(spec["mean"]), float(spec["sd"])
    if not 0 < mean < 1 or sd <= 0 or sd**2 >= mean * (1 - mean):
        raise InputError(f"prior {name!r}: beta mean/sd impossible", column="sd")
    common = mean * (1 - mean) / sd**2 - 1
    return {"a": mean * common, "b": (1 - mean) * common}


_PARAMS = {
    "fixed": ("value",),
    "lognormal": ("median", "p90"),
    "uniform": ("low", "high"),
    "gamma": ("shape",),
    "triangular": ("low", "mode", "high"),
    "normal": ("mean", "sd"),
}


def parse_prior(name: str, spec: Mapping[str, Any]) -> list[Prior]:
    """Priors from one YAML entry (a Dirichlet entry gives one Gamma weight per part)."""
    if not isinstance(spec, Mapping):
        raise InputError(f"prior {name!r} is not a mapping", column=name)
    if not str(spec.get("source", "")).strip():
        raise InputError(f"prior {name!r} has no source:", column=name)
    dist = str(spec.get("dist", ""))
    if dist == "dirichlet":
        return _dirichlet(name, spec)
    params = _beta_params(spec, name) if dist == "beta" else _numbers(name, dist, spec)
    prior = Prior(
        name,
        dist,
        params,
        str(spec["source"]),
        str(spec.get("kind", "rate")),
        *_money_unit(name, spec),
    )
    validate_prior(prior)
    return [prior]


def _numbers(name: str, dist: str, spec: Mapping[str, Any]) -> dict[str, float]:
    if dist not in _PARAMS:
        raise InputError(f"prior {name!r}: unknown distribution {dist!r}", column="dist")
    try:
        params = {key: float(spec[key]) for key in _PARAMS[dist]}
    except (KeyError, TypeError, ValueError):
        raise InputError(
            f"prior {name!r}: {dist} needs {', '.join(_PARAMS[dist])}", column=name
        ) from None
    if "scale" in spec:
        params["scale"] = float(spec["scale"])
    return params


def _money_unit(name: str, spec: Mapping[str, Any]) -> tuple[Currency | None, int | None]:
    if spec.get("kind") != "price":
        return None, None
    if spec.get("price_year") in (None, ""):
        raise InputError(f"prior {name!r}: amount without a price year", column="price_year")
    if not str(spec.get("currency") or "").strip():
        raise InputError(f"prior {name!r}: amount without a currency", column="currency")
    return parse_currency(spec.get("currency")), int(spec["price_year"])


def _dirichlet(name: str, spec: Mapping[str, Any]) -> list[Prior]:
    mean = {str(k): float(v) for k, v in dict(spec.get("mean", {})).items()}
    concentration = float(spec.get("concentration", 0))
    if (
        not mean
        or any(not 0 <= v <= 1 for v in mean.values())
        or abs(sum(mean.values()) - 1) > 1e-6
    ):
        raise InputError(f"prior {name!r}: mix shares must lie in 0–1 and sum to 1", column=name)
    if concentration <= 0:
        raise InputError(f"prior {name!r}: concentration must be positive", column=name)
    return [
        Prior(
            f"{name}.{part}",
            "gamma",
            {"shape": max(concentration * share, 1e-6)},
            str(spec["source"]),
            "weight",
        )
        for part, share in mean.items()
    ]


def validate_prior(prior: Prior) -> None:
    """Refuse impossible values: negative prices/counts/durations, shares outside 0–1."""
    if prior.kind not in KINDS:
        raise InputError(f"prior {prior.name!r}: unknown kind {prior.kind!r}", column="kind")
    if prior.dist == "lognormal" and not 0 < prior.params["median"] < prior.params["p90"]:
        raise InputError(
            f"prior {prior.name!r}: lognormal needs 0 < median < p90", column=prior.name
        )
    low, high = _range(prior)
    if math.isnan(low) or math.isnan(high):
        raise InputError(f"prior {prior.name!r}: parameters impossible", column=prior.name)
    if prior.kind == "share" and (low < 0 or high > 1):
        raise InputError(f"prior {prior.name!r}: a share outside 0–1", column=prior.name)
    if prior.kind != "share" and low < 0:
        raise InputError(f"prior {prior.name!r}: negative {prior.kind}", column=prior.name)


def _range(prior: Prior) -> tuple[float, float]:
    values = prior.ppf(np.array([0.0, 1.0]))
    if prior.columns:
        return float(np.min(values)), float(np.max(values))
    return float(values[0]), float(values[1])


def parse_priors(specs: Mapping[str, Any]) -> dict[str, Prior]:
    """All priors of a ``priors:`` mapping, keyed by name."""
    return {p.name: p for name, spec in specs.items() for p in parse_prior(str(name), spec)}


def empirical(name: str, samples: Values, source: str, kind: str = "rate") -> Prior:
    """A prior made of bootstrap replicates (from documented records)."""
    values = np.asarray(samples, dtype=np.float64)
    if values.size == 0 or not np.isfinite(values).all():
        raise InputError(f"prior {name!r}: no usable bootstrap replicates", column=name)
    prior = Prior(name, "empirical", {}, source, kind, samples=np.sort(values))
    validate_prior(prior)
    return prior


def fixed(name: str, value: float, source: str, kind: str = "rate") -> Prior:
    """A prior that is one stated value (a scenario switch, not a distribution)."""
    prior = Prior(name, "fixed", {"value": float(value)}, source, kind)
    validate_prior(prior)
    return prior
