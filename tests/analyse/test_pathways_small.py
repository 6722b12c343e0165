"""Pathway analyses on hand-made cases with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from uncounted.analyse.pathways import (
    ages_by_pathway,
    naive_median_days,
    pathway_shares,
    period_of,
    prices_by_pathway_year,
    resale_counts,
    stage_flows,
    time_to_exploitation,
)
from uncounted.analyse.pathways.shares import wilson
from uncounted.errors import InputError


def test_wilson_interval_matches_the_textbook_value() -> None:
    # Wilson (1927) / Agresti & Coull (1998): 8 successes of 10 at 95% -> (0.490, 0.943).
    low, high = wilson(np.array([8]), np.array([10]))
    assert (round(float(low[0]), 3), round(float(high[0]), 3)) == (0.490, 0.943)


def test_shares_by_period_sum_to_one_and_include_empty_pathways() -> None:
    persons = pd.DataFrame(
        {
            "pathway": ["prostitution"] * 6 + ["forced_marriage"] * 3 + ["unknown"] + ["cybersex"],
            "year": [2016] * 10 + [2012],
        }
    )
    persons["period"] = period_of(persons["year"], [2015])
    table = pathway_shares(persons, by="period")
    late = table[table["period"] == "2015–"].set_index("pathway")
    assert late["share"].sum() == pytest.approx(1)
    assert late.loc["prostitution", "share"] == pytest.approx(6 / 9)
    assert late.loc["cybersex", "n"] == 0 and late.loc["cybersex", "high"] > 0
    assert set(table["period"]) == {"–2014", "2015–"}


def _persons() -> pd.DataFrame:
    base = pd.Timestamp("2018-01-01")
    days = [10, 20, 30, 40, 50]
    return pd.DataFrame(
        {
            "person_id": [f"P{i}" for i in range(5)],
            "crossing_date": [base] * 5,
            "first_exploitation_date": [base + pd.Timedelta(days=d) for d in days],
            "exit_date": [None] * 5,
        }
    )


def test_kaplan_meier_censors_ongoing_cases() -> None:
    persons = _persons()
    # observation ends on day 35: P3, P4 are ongoing (censored at 35).
    end = pd.Timestamp("2018-01-01") + pd.Timedelta(days=35)
    km = time_to_exploitation(persons, end)
    assert (km.events, km.censored) == (3, 2)
    # S(10)=0.8, S(20)=0.6, S(30)=0.4 -> median 30 days (hand computation)
    assert km.median_days == 30
    assert naive_median_days(persons, end) == 20  # dropping the censored biases it down


def test_exit_before_exploitation_is_censored_at_exit() -> None:
    persons = _persons()
    persons.loc[0, "first_exploitation_date"] = None
    persons.loc[0, "exit_date"] = pd.Timestamp("2018-01-06")
    km = time_to_exploitation(persons, "2019-01-01")
    assert km.censored == 1 and km.events == 4


def test_exploitation_before_crossing_is_refused_naming_the_person() -> None:
    persons = _persons()
    persons.loc[2, "first_exploitation_date"] = pd.Timestamp("2017-12-01")
    with pytest.raises(InputError, match="person P2: exploitation dated before crossing"):
        time_to_exploitation(persons, "2019-01-01")


def test_stage_flows_collapse_transit_and_end_in_exits() -> None:
    journeys = pd.DataFrame(
        {
            "person_id": ["A", "A", "A", "A", "B", "B"],
            "seq": [1, 2, 3, 4, 1, 2],
            "stage": [
                "transit",
                "transit",
                "exploitation",
                "exploitation",
                "transit",
                "exploitation",
            ],
            "pathway": ["", "", "forced_marriage", "prostitution", "", "prostitution"],
        }
    )
    persons = pd.DataFrame({"person_id": ["A", "B"], "exit_type": ["escape", None]})
    flows = stage_flows(journeys, persons).set_index(["source", "target"])["count"]
    assert flows[("transit", "prostitution")] == 1
    assert flows[("transit", "forced_marriage")] == 1
    assert flows[("forced_marriage", "prostitution")] == 1
    assert flows[("prostitution", "exit: escape")] == 1
    assert flows[("prostitution", "exit: still held")] == 1
    assert ("transit", "transit") not in flows


def test_ages_resales_and_prices() -> None:
    persons = pd.DataFrame(
        {
            "person_id": ["A", "B", "C", "D"],
            "pathway": ["prostitution", "prostitution", "cybersex", "forced_marriage"],
            "age_at_trafficking": [16, 24, 14, 30],
            "n_sales": [1, 3, 2, 1],
        }
    )
    ages = ages_by_pathway(persons).set_index("pathway")
    assert ages.loc["prostitution", "median"] == 20
    assert ages.loc["prostitution", "under_18"] == 0.5
    resales = resale_counts(persons)
    assert resales["share_resold"] == 0.5 and resales["distribution"] == {"1": 2, "2": 1, "3": 1}
    sales = pd.DataFrame(
        {
            "person_id": ["A", "B", "B", "D"],
            "seq": [1, 1, 2, 1],
            "date": ["2018-03-01", "2018-05-01", "2019-01-02", "2018-07-01"],
            "price_cny": [9000, 2000, 12000, 6500],
            "price_year": 2019,
        }
    )
    prices = prices_by_pathway_year(sales, persons).set_index(["pathway", "year"])
    assert prices.loc[("prostitution", 2018), "median_cny"] == 9000
    assert prices.loc[("prostitution", 2019), "median_cny"] == 12000  # last sale of B only
    sales.loc[0, "price_cny"] = -1
    with pytest.raises(InputError, match="negative price in the chain of A"):
        prices_by_pathway_year(sales, persons)


def test_vectorised_chao_shares_agree_with_the_population_estimator() -> None:
    # differential test: the vectorised bound equals estimate_chao per stratum (mse module)
    from uncounted.analyse.pathways import chao_corrected_shares, corrected_shares
    from uncounted.analyse.truth import chao_size

    rng = np.random.default_rng(4)
    n = 400
    frame = pd.DataFrame(rng.random((n, 3)) < [0.3, 0.2, 0.25], columns=["a", "b", "c"])
    frame = frame[frame.any(axis=1)].astype(int)
    frame["pathway"] = rng.choice(
        ["prostitution", "forced_marriage", "cybersex", "other"], len(frame), p=[0.4, 0.3, 0.2, 0.1]
    )
    fast = chao_corrected_shares(frame, ["a", "b", "c"], replicates=200, small_k_factor=True)
    slow = corrected_shares(frame, chao_size, replicates=5)
    np.testing.assert_allclose(fast["share"], slow["share"])
    assert (fast["low"] <= fast["share"]).all() and (fast["share"] <= fast["high"]).all()
