"""Currency and price-year conversions of :class:`Money`."""

from __future__ import annotations

import pytest

from uncounted.errors import InputError
from uncounted.estimate.profits.money import CNY_PER_USD, Currency, Money, Rates


def test_cny_to_usd_uses_the_stated_rate_of_the_year() -> None:
    # 2019 rate 6.908 CNY/USD (World Bank PA.NUS.FCRF); KFI's own conversions imply ~6.9.
    usd = Money(6908.0, Currency.CNY, 2019).to(Currency.USD, 2019)
    assert (usd.amount, usd.currency, usd.price_year) == (pytest.approx(1000.0), Currency.USD, 2019)


def test_kfi_floor_price_converts_to_about_us_146() -> None:
    # KFI: "sold as a wife for CNY 1,000 (~US$146)" (calibration §1.1).
    assert Money(1000, "CNY", 2019).to("USD", 2019).amount == pytest.approx(144.8, abs=0.1)


def test_price_year_rebasing_uses_own_currency_inflation() -> None:
    # China CPI 2019 inflation 2.9 % (World Bank FP.CPI.TOTL.ZG): 100 CNY of 2018 = 102.9 of 2019.
    assert Money(100, Currency.CNY, 2018).to(Currency.CNY, 2019).amount == pytest.approx(102.9)


def test_conversion_round_trips_are_identities() -> None:
    original = Money(5000, Currency.CNY, 2012)
    back = original.to(Currency.USD, 2012).to(Currency.CNY, 2012)
    assert back.amount == pytest.approx(5000)
    assert back.currency is Currency.CNY and back.price_year == 2012
    assert original.to(Currency.CNY, 2021).to(Currency.CNY, 2012).amount == pytest.approx(5000)


def test_order_is_rebase_then_convert() -> None:
    # CNY 2018 -> USD 2019: inflate with China's CPI to 2019, then divide by the 2019 rate.
    amount = Money(1000, Currency.CNY, 2018).to(Currency.USD, 2019).amount
    assert amount == pytest.approx(1000 * 1.029 / 6.908)


def test_adding_different_units_is_refused() -> None:
    with pytest.raises(InputError, match="without converting"):
        _ = Money(1, Currency.CNY, 2019) + Money(1, Currency.USD, 2019)
    with pytest.raises(InputError, match="without converting"):
        _ = Money(1, Currency.CNY, 2019) + Money(1, Currency.CNY, 2018)
    assert (Money(1, "CNY", 2019) + Money(2, "CNY", 2019)).amount == 3


def test_amount_without_currency_is_refused() -> None:
    with pytest.raises(InputError, match="without a currency"):
        Money(1, "", 2019)
    with pytest.raises(InputError, match="unknown currency"):
        Money(1, "EUR", 2019)


def test_year_without_a_stated_rate_is_refused() -> None:
    rates = Rates(cny_per_usd={2019: 6.9})
    with pytest.raises(InputError, match="no CNY/USD rate stated for year 2018"):
        Money(1, "CNY", 2018).to("USD", 2018, rates)
    assert 2019 in CNY_PER_USD
