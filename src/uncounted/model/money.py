"""Transactions: sales of persons and payments, with the price year for deflation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from uncounted.errors import InputError
from uncounted.model import checks
from uncounted.model.dates import UncertainDate

PRICE_YEAR_RANGE = (1950, 2100)


class TransactionKind(StrEnum):
    """A sale of a person, or another payment (fee, bribe, debt, earnings taken)."""

    SALE = "sale"
    PAYMENT = "payment"


def to_amount(value: Decimal | int | str) -> Decimal:
    """A non-negative, finite amount of money."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError):
        raise InputError("amount must be a number", column="amount") from None
    if not amount.is_finite() or amount < 0:
        raise InputError("amount must be a finite number, not negative", column="amount")
    return amount


@dataclass(frozen=True)
class Transaction:
    """Money changing hands: who paid whom, for whom, how much, in which currency and year."""

    transaction_id: str
    kind: TransactionKind
    amount: Decimal
    currency: str
    date: UncertainDate | None = None
    price_year: int | None = None
    seller_id: str | None = None
    buyer_id: str | None = None
    victim_id: str | None = None
    act_id: str | None = None

    def __post_init__(self) -> None:
        checks.identifier("transaction_id", self.transaction_id)
        object.__setattr__(self, "kind", checks.member(TransactionKind, "kind", self.kind))
        object.__setattr__(self, "amount", to_amount(self.amount))
        checks.term("currency", "currency", self.currency)
        for column in ("seller_id", "buyer_id", "victim_id", "act_id"):
            checks.optional_identifier(column, getattr(self, column))
        if self.price_year is None and self.date is not None:
            object.__setattr__(self, "price_year", self.date.year)
        checks.within("price_year", self.price_year, *PRICE_YEAR_RANGE)
        if self.kind is TransactionKind.SALE and self.victim_id is None:
            raise InputError("a sale names the victim sold", column="victim_id")
