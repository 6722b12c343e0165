"""The vault path: the pathway mix from record counts (Bayesian bootstrap)."""

from __future__ import annotations

import pytest

from uncounted.errors import InputError
from uncounted.estimate.profits import load_scenario, run_monte_carlo
from uncounted.estimate.profits.records_mix import mix_from_counts, with_record_mix
from uncounted.estimate.profits.run import ProfitRequest, estimate_profits


def test_more_prostitution_records_raise_the_prostitution_component() -> None:
    base = load_scenario()
    few = with_record_mix(base, {"prostitution": 10, "forced_marriage": 90})
    many = with_record_mix(base, {"prostitution": 90, "forced_marriage": 10, "unknown": 500})
    a = run_monte_carlo(few, draws=4_000, seed=1).components["prostitution"].median
    b = run_monte_carlo(many, draws=4_000, seed=1).components["prostitution"].median
    assert b > 4 * a


def test_record_mix_is_refused_without_known_pathways() -> None:
    with pytest.raises(InputError, match="no documented record has a known pathway"):
        mix_from_counts({"unknown": 12}, "records")
    with pytest.raises(InputError, match="negative record count"):
        mix_from_counts({"prostitution": -1, "other": 3}, "records")


def test_vault_request_with_switches_and_sensitivity() -> None:
    request = ProfitRequest(
        vault_counts={"prostitution": 30, "cybersex": 5},
        draws=2_000,
        switches={"population_scenario": "10k"},
        sensitivity=True,
    )
    report = estimate_profits(request)
    assert report["switches"]["population_scenario"] == "10k"
    assert report["tornado"][0]["swing"] >= report["tornado"][-1]["swing"]
    assert "clients_per_day" in report["sobol"]
