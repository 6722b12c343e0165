"""Impossible priors and scenario values are refused, naming the input."""

from __future__ import annotations

from pathlib import Path

import pytest

from uncounted.errors import InputError
from uncounted.estimate.profits import load_scenario
from uncounted.estimate.profits.priors import parse_prior


def _spec(**kw: object) -> dict[str, object]:
    return {"source": "test", **kw}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            _spec(dist="uniform", low=-10, high=30, kind="price", currency="CNY", price_year=2019),
            "negative price",
        ),
        (
            _spec(dist="normal", mean=30, sd=40, kind="price", currency="CNY", price_year=2019),
            "negative price",
        ),
        (_spec(dist="uniform", low=0.5, high=1.2, kind="share"), "share outside 0–1"),
        (_spec(dist="fixed", value=-0.1, kind="share"), "share outside 0–1"),
        (_spec(dist="beta", mean=0.5, sd=0.6, kind="share"), "beta mean/sd impossible"),
        (
            _spec(dist="lognormal", median=30, p90=400, kind="price", currency="CNY"),
            "without a price year",
        ),
        (
            _spec(dist="lognormal", median=30, p90=400, kind="price", price_year=2019),
            "without a currency",
        ),
        (_spec(dist="lognormal", median=300, p90=40), "0 < median < p90"),
        (_spec(dist="dirichlet", mean={"a": 0.7, "b": 0.7}, concentration=5), "sum to 1"),
        ({"dist": "fixed", "value": 1}, "has no source"),
        (_spec(dist="poisson", mean=2), "unknown distribution"),
    ],
)
def test_impossible_priors_are_refused(spec: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_prior("price_per_client", spec)
    assert "price_per_client" in str(info.value)


def test_a_scenario_file_may_change_one_switch(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("switches: {population_scenario: 200k}\n")
    scenario = load_scenario(path)
    assert scenario.population_scenario == "200k"
    assert scenario.active_priors()["north_koreans_in_china"].params["value"] == 200_000


def test_a_scenario_file_with_a_negative_price_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "priors:\n  price_per_client: {dist: uniform, low: -5, high: 30, kind: price,"
        " currency: CNY, price_year: 2019, source: x}\n"
    )
    with pytest.raises(InputError, match="'price_per_client': negative price"):
        load_scenario(path)


def test_unknown_switch_values_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("switches: {revenue_mode: guess}\n")
    with pytest.raises(InputError, match="unknown revenue mode"):
        load_scenario(path)
    path.write_text("switches: {population_scenario: 7k}\n")
    with pytest.raises(InputError, match="unknown population scenario"):
        load_scenario(path)
