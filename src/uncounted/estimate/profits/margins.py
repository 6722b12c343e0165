"""Sale margins along resale chains.

A seller's margin on one sale is ``price − what that seller paid for the victim −
the seller's costs``. Along one victim's chain the margins telescope: their sum is
the last price minus the first acquisition cost (0 when the first seller abducted
or deceived the victim) minus the costs. Gross prices are never added along a
chain: that would count the same money once per resale.
"""

from __future__ import annotations

import pandas as pd

from uncounted.errors import InputError
from uncounted.estimate.profits.money import DEFAULT_RATES, Currency, Money, Rates, parse_currency

SALE_COLUMNS = ("sale_id", "person_id", "seq", "date", "seller_id", "buyer_id")


def normalise_sales(
    sales: pd.DataFrame,
    *,
    currency: Currency = Currency.CNY,
    price_year: int = 2019,
    rates: Rates = DEFAULT_RATES,
) -> pd.DataFrame:
    """Validated sales with ``amount`` in one currency and price year.

    Accepts either ``amount, currency, price_year`` columns or the simulator's
    ``price_cny, price_year``. Refuses, naming the sale, a negative price, an amount
    without a currency or price year, and a missing column.
    """
    frame = sales.copy()
    if "amount" not in frame and "price_cny" in frame:
        frame = frame.rename(columns={"price_cny": "amount"}).assign(currency="CNY")
    missing = [c for c in (*SALE_COLUMNS, "amount", "currency", "price_year") if c not in frame]
    if missing:
        raise InputError(f"sales table lacks column {missing[0]!r}", column=missing[0])
    frame["amount"] = [
        _converted(row, i, currency, price_year, rates) for i, row in enumerate(frame.itertuples())
    ]
    frame["currency"] = currency.value
    frame["price_year"] = price_year
    frame["date"] = pd.to_datetime(frame["date"])
    if "cost" not in frame:
        frame["cost"] = 0.0
    return frame.sort_values(["person_id", "seq"]).reset_index(drop=True)


def _converted(row: object, index: int, currency: Currency, year: int, rates: Rates) -> float:
    sale = getattr(row, "sale_id", index)
    amount = float(getattr(row, "amount", float("nan")))
    if pd.isna(amount):
        raise InputError(f"sale {sale}: amount missing", row=index + 1, column="amount")
    if amount < 0:
        raise InputError(f"sale {sale}: negative price", row=index + 1, column="amount")
    price_year = getattr(row, "price_year", None)
    if price_year is None or pd.isna(price_year):
        raise InputError(
            f"sale {sale}: amount without a price year", row=index + 1, column="price_year"
        )
    money = Money(
        amount, parse_currency(getattr(row, "currency", None), row=index + 1), int(price_year)
    )
    return money.to(currency, year, rates).amount


def sale_margins(sales: pd.DataFrame) -> pd.DataFrame:
    """Each sale with ``acquisition`` (what its seller paid) and ``margin``.

    ``sales`` comes from :func:`normalise_sales`. The seller's acquisition is the
    previous sale's price when the previous buyer is this seller, otherwise 0.
    """
    frame = sales.sort_values(["person_id", "seq"]).copy()
    grouped = frame.groupby("person_id", sort=False)
    previous_buyer = grouped["buyer_id"].shift(1)
    previous_price = grouped["amount"].shift(1)
    bought = previous_buyer.notna() & (previous_buyer == frame["seller_id"])
    frame["acquisition"] = previous_price.where(bought, 0.0).astype(float)
    frame["margin"] = frame["amount"] - frame["acquisition"] - frame["cost"]
    return frame


def chain_margin(sales: pd.DataFrame) -> pd.Series:
    """Total margin per victim (sum of the margins along the chain)."""
    return sale_margins(sales).groupby("person_id")["margin"].sum()


def check_sale_dates(sales: pd.DataFrame, persons: pd.DataFrame, *, end: str | None = None) -> None:
    """Refuse a sale dated outside its victim's time in China, naming the sale.

    ``persons`` has ``person_id, crossing_date, exit_date`` (empty exit = still held;
    then ``end``, when given, bounds the time).
    """
    span = persons.set_index("person_id")[["crossing_date", "exit_date"]]
    joined = sales.join(span, on="person_id")
    date = pd.to_datetime(joined["date"])
    start = pd.to_datetime(joined["crossing_date"])
    stop = pd.to_datetime(joined["exit_date"])
    if end is not None:
        stop = stop.fillna(pd.Timestamp(end))
    unknown = joined["crossing_date"].isna()
    outside = unknown | (date < start) | (stop.notna() & (date > stop))
    if outside.any():
        index = int(outside.to_numpy().nonzero()[0][0])
        sale = joined["sale_id"].iloc[index]
        raise InputError(
            f"sale {sale} is dated outside its victim's time in China",
            row=index + 1,
            column="date",
            record=str(sale),
        )
