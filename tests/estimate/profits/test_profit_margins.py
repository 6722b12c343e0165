"""Sale margins telescope along resale chains; bad sales are refused by name."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.errors import InputError
from uncounted.estimate.profits import Currency
from uncounted.estimate.profits.margins import (
    chain_margin,
    check_sale_dates,
    normalise_sales,
    sale_margins,
)


def _chain(
    prices: list[float], person: str = "P1", costs: list[float] | None = None
) -> pd.DataFrame:
    n = len(prices)
    frame = pd.DataFrame(
        {
            "sale_id": [f"{person}-S{i}" for i in range(n)],
            "person_id": person,
            "seq": range(1, n + 1),
            "date": pd.date_range("2018-01-01", periods=n, freq="7D").strftime("%Y-%m-%d"),
            "seller_id": [f"K{i}" for i in range(n)],
            "buyer_id": [f"K{i + 1}" for i in range(n)],
            "price_cny": prices,
            "price_year": 2019,
        }
    )
    if costs is not None:
        frame["cost"] = costs
    return frame


def test_margins_of_a_three_sale_chain() -> None:
    margins = sale_margins(normalise_sales(_chain([1000, 3000, 6000])))
    assert margins["acquisition"].tolist() == [0, 1000, 3000]
    assert margins["margin"].tolist() == [1000, 2000, 3000]
    # telescoping: the sum is the last price, not the 10,000 of gross prices
    assert chain_margin(normalise_sales(_chain([1000, 3000, 6000]))).iloc[0] == 6000


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 50_000, allow_nan=False), min_size=1, max_size=6),
    st.floats(0, 500, allow_nan=False),
)
def test_sum_of_margins_is_last_price_minus_costs(prices: list[float], cost: float) -> None:
    sales = normalise_sales(_chain(prices, costs=[cost] * len(prices)))
    total = chain_margin(sales).iloc[0]
    assert total == pytest.approx(prices[-1] - cost * len(prices), abs=1e-6)


def test_a_seller_who_did_not_buy_paid_nothing() -> None:
    sales = _chain([1000, 3000])
    sales.loc[1, "seller_id"] = "K9"  # abducted again from someone else
    assert sale_margins(normalise_sales(sales))["acquisition"].tolist() == [0, 0]


def test_conversion_to_one_currency_and_year() -> None:
    sales = _chain([6908.0]).rename(columns={"price_cny": "amount"}).assign(currency="CNY")
    converted = normalise_sales(sales, currency=Currency.USD, price_year=2019)
    assert converted["amount"].iloc[0] == pytest.approx(1000.0)


def test_negative_price_is_refused_naming_the_sale() -> None:
    with pytest.raises(InputError, match="sale P1-S1: negative price") as info:
        normalise_sales(_chain([1000, -5]))
    assert info.value.row == 2 and info.value.column == "amount"


def test_amount_without_currency_or_year_is_refused() -> None:
    sales = _chain([1000]).rename(columns={"price_cny": "amount"}).assign(currency="")
    with pytest.raises(InputError, match="without a currency"):
        normalise_sales(sales)
    no_year = _chain([1000]).assign(price_year=None)
    with pytest.raises(InputError, match="sale P1-S0: amount without a price year"):
        normalise_sales(no_year)


def test_sale_outside_time_in_china_is_refused_naming_the_sale() -> None:
    sales = _chain([1000, 3000])
    persons = pd.DataFrame(
        {"person_id": ["P1"], "crossing_date": ["2018-01-03"], "exit_date": [""]}
    )
    with pytest.raises(InputError, match="sale P1-S0 is dated outside") as info:
        check_sale_dates(sales, persons.replace("", None))
    assert info.value.detail["record"] == "P1-S0"
    persons["crossing_date"] = "2017-12-01"
    persons["exit_date"] = "2018-01-02"
    with pytest.raises(InputError, match="sale P1-S1"):
        check_sale_dates(sales, persons)
    persons["exit_date"] = None
    check_sale_dates(sales, persons)
