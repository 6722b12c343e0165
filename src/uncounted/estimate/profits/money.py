"""Money with a currency and a price year, and the rates that convert it.

Every amount in the profit model is a :class:`Money`: an amount, a currency
(CNY or USD) and the year whose prices it is expressed in. Amounts in different
currencies or price years are never added silently; :meth:`Money.to` converts
with a stated :class:`Rates` table (exchange rate per year and a consumer price
index per currency), and the table says where its figures come from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from uncounted.errors import InputError


class Currency(StrEnum):
    """The currencies the model handles."""

    CNY = "CNY"
    USD = "USD"


# Annual average CNY per USD (World Bank indicator PA.NUS.FCRF, period average),
# rounded to 3 decimals. 2019 = 6.908 agrees with the ~6.9 implied by KFI's own
# conversions (calibration.md §1.1).
CNY_PER_USD: dict[int, float] = {
    2008: 6.949,
    2009: 6.831,
    2010: 6.770,
    2011: 6.461,
    2012: 6.312,
    2013: 6.196,
    2014: 6.161,
    2015: 6.227,
    2016: 6.644,
    2017: 6.759,
    2018: 6.616,
    2019: 6.908,
    2020: 6.901,
    2021: 6.449,
    2022: 6.737,
    2023: 7.084,
    2024: 7.190,
    2025: 7.190,
}

# Annual consumer-price inflation, % (World Bank FP.CPI.TOTL.ZG), rounded to 1 decimal.
_INFLATION: dict[Currency, dict[int, float]] = {
    Currency.CNY: {
        2009: -0.7,
        2010: 3.3,
        2011: 5.4,
        2012: 2.6,
        2013: 2.6,
        2014: 2.0,
        2015: 1.4,
        2016: 2.0,
        2017: 1.6,
        2018: 2.1,
        2019: 2.9,
        2020: 2.5,
        2021: 0.9,
        2022: 2.0,
        2023: 0.2,
        2024: 0.2,
        2025: 0.0,
    },
    Currency.USD: {
        2009: -0.4,
        2010: 1.6,
        2011: 3.2,
        2012: 2.1,
        2013: 1.5,
        2014: 1.6,
        2015: 0.1,
        2016: 1.3,
        2017: 2.1,
        2018: 2.4,
        2019: 1.8,
        2020: 1.2,
        2021: 4.7,
        2022: 8.0,
        2023: 4.1,
        2024: 2.9,
        2025: 2.7,
    },
}

RATES_SOURCE = (
    "World Bank WDI: PA.NUS.FCRF (official exchange rate, LCU per US$, period average) "
    "and FP.CPI.TOTL.ZG (consumer prices, annual %), rounded"
)


def _index_from_inflation(inflation: Mapping[int, float], base: int = 2008) -> dict[int, float]:
    index = {base: 100.0}
    for year in sorted(y for y in inflation if y > base):
        index[year] = index[year - 1] * (1 + inflation[year] / 100)
    return index


@dataclass(frozen=True)
class Rates:
    """Exchange rates (CNY per USD by year) and price indices (by currency and year)."""

    cny_per_usd: Mapping[int, float] = field(default_factory=lambda: dict(CNY_PER_USD))
    price_index: Mapping[Currency, Mapping[int, float]] = field(
        default_factory=lambda: {c: _index_from_inflation(v) for c, v in _INFLATION.items()}
    )
    source: str = RATES_SOURCE

    def rate(self, year: int) -> float:
        """CNY per USD in ``year``; refuses a year without a stated rate."""
        if year not in self.cny_per_usd:
            raise InputError(f"no CNY/USD rate stated for year {year}", column="price_year")
        return self.cny_per_usd[year]

    def index(self, currency: Currency, year: int) -> float:
        """The consumer price index of ``currency`` in ``year``."""
        table = self.price_index[currency]
        if year not in table:
            raise InputError(f"no {currency} price index for year {year}", column="price_year")
        return table[year]


DEFAULT_RATES = Rates()


@dataclass(frozen=True)
class Money:
    """An amount in a currency at the prices of ``price_year``."""

    amount: float
    currency: Currency
    price_year: int

    def __post_init__(self) -> None:
        if not isinstance(self.currency, Currency):
            object.__setattr__(self, "currency", parse_currency(self.currency))
        if not math.isfinite(self.amount):
            raise InputError("amount is not a finite number", column="amount")

    def __add__(self, other: Money) -> Money:
        self._same_unit(other)
        return Money(self.amount + other.amount, self.currency, self.price_year)

    def __sub__(self, other: Money) -> Money:
        self._same_unit(other)
        return Money(self.amount - other.amount, self.currency, self.price_year)

    def __mul__(self, factor: float) -> Money:
        return Money(self.amount * factor, self.currency, self.price_year)

    __rmul__ = __mul__

    def _same_unit(self, other: Money) -> None:
        if (self.currency, self.price_year) != (other.currency, other.price_year):
            raise InputError(
                f"cannot combine {self.currency} {self.price_year} prices with "
                f"{other.currency} {other.price_year} prices without converting",
                column="currency",
            )

    def to(self, currency: Currency | str, price_year: int, rates: Rates = DEFAULT_RATES) -> Money:
        """Re-base to ``price_year`` (own-currency inflation), then convert at that year's rate."""
        target = parse_currency(currency)
        factor = rates.index(self.currency, price_year) / rates.index(
            self.currency, self.price_year
        )
        amount = self.amount * factor * conversion_factor(self.currency, target, price_year, rates)
        return Money(amount, target, price_year)

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,.0f} ({self.price_year} prices)"


def conversion_factor(source: Currency, target: Currency, year: int, rates: Rates) -> float:
    """Multiply a ``source`` amount by this to get ``target`` at ``year``'s rate."""
    if source == target:
        return 1.0
    return 1 / rates.rate(year) if source == Currency.CNY else rates.rate(year)


def parse_currency(value: object, *, row: int | None = None) -> Currency:
    """A :class:`Currency` from text; an empty or unknown value is refused, naming the row."""
    text = "" if value is None else str(value).strip().upper()
    if text in {"", "NAN", "NONE"}:
        raise InputError("amount without a currency", row=row, column="currency")
    try:
        return Currency(text)
    except ValueError:
        raise InputError(f"unknown currency {text!r}", row=row, column="currency") from None
