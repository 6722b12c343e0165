"""A victim's documented journey and the perpetrators' profiles.

A :class:`Journey` is one documented victim's case as the findings need it: when
she crossed into China, how old she was when trafficked, her first pathway and
first exploitation, how and when her time in China ended (none: still held),
and the documentation lists she is on (for capture histories). Her time in China
runs from ``crossing_date`` to ``exit_date``.

A :class:`JourneyStage` is one step of it, in order (``seq``): ``transit``
(held between sales) or ``exploitation`` (a placement in a pathway), with the
holder, and for prostitution and cybersex the units a day (clients or shows)
and the price per unit with its currency and price year.

A :class:`Perpetrator` profiles a person (names on the :class:`~uncounted.model.Person`,
sealed) by the role they mostly play and the organisation they belong to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from uncounted.errors import InputError
from uncounted.model import checks
from uncounted.model.money import PRICE_YEAR_RANGE, to_amount
from uncounted.model.records import Pathway

AGE_RANGE = (0, 100)


class ExitType(StrEnum):
    """How a victim's time in China ended."""

    ESCAPE = "escape"
    RESCUE = "rescue"
    REPATRIATION = "repatriation"
    DEATH = "death"


class StageKind(StrEnum):
    """Held between sales, or placed in a pathway of exploitation."""

    TRANSIT = "transit"
    EXPLOITATION = "exploitation"


def _not_before(column: str, value: date | None, start: date) -> None:
    if value is not None and value < start:
        raise InputError(f"{column} must not be before the start", column=column)


def _optional_pathway(value: Pathway | str | None) -> Pathway | None:
    return None if value is None else checks.member(Pathway, "pathway", value)


@dataclass(frozen=True)
class Journey:
    """One documented victim's time in China and the lists that document her."""

    victim_id: str
    crossing_date: date
    lists: tuple[str, ...] = ()
    age_at_trafficking: int | None = None
    pathway: Pathway | None = None
    first_exploitation_date: date | None = None
    exit_type: ExitType | None = None
    exit_date: date | None = None

    def __post_init__(self) -> None:
        checks.identifier("victim_id", self.victim_id)
        lists = tuple(checks.non_empty("lists", name) for name in self.lists)
        object.__setattr__(self, "lists", tuple(dict.fromkeys(lists)))
        checks.within("age_at_trafficking", self.age_at_trafficking, *AGE_RANGE)
        object.__setattr__(self, "pathway", _optional_pathway(self.pathway))
        if self.exit_type is not None:
            object.__setattr__(
                self, "exit_type", checks.member(ExitType, "exit_type", self.exit_type)
            )
        if (self.exit_type is None) != (self.exit_date is None):
            raise InputError("exit_type and exit_date are given together", column="exit_date")
        _not_before("first_exploitation_date", self.first_exploitation_date, self.crossing_date)
        _not_before("exit_date", self.exit_date, self.crossing_date)

    def in_china(self, day: date) -> bool:
        """Whether ``day`` lies in her time in China (an open end when still held)."""
        return self.crossing_date <= day and (self.exit_date is None or day <= self.exit_date)


@dataclass(frozen=True)
class JourneyStage:
    """One step of a journey: transit or a placement, with its holder and unit prices."""

    victim_id: str
    seq: int
    stage: StageKind
    start: date
    end: date | None = None
    pathway: Pathway | None = None
    holder_id: str | None = None
    location_id: str | None = None
    units_per_day: float | None = None
    unit_price: Decimal | None = None
    currency: str | None = None
    price_year: int | None = None

    def __post_init__(self) -> None:
        checks.identifier("victim_id", self.victim_id)
        checks.within("seq", self.seq, 1, 10_000)
        object.__setattr__(self, "stage", checks.member(StageKind, "stage", self.stage))
        object.__setattr__(self, "pathway", _optional_pathway(self.pathway))
        checks.optional_identifier("holder_id", self.holder_id)
        checks.optional_identifier("location_id", self.location_id)
        _not_before("end", self.end, self.start)
        if self.units_per_day is not None and not (
            math.isfinite(self.units_per_day) and self.units_per_day >= 0
        ):
            raise InputError(
                "units_per_day must be a finite number, not negative", column="units_per_day"
            )
        self._check_price()

    def _check_price(self) -> None:
        if self.unit_price is None:
            return
        try:
            object.__setattr__(self, "unit_price", to_amount(self.unit_price))
        except InputError:
            raise InputError(
                "unit_price must be a finite number, not negative", column="unit_price"
            ) from None
        if self.currency is None:
            raise InputError("unit_price needs a currency", column="currency")
        checks.term("currency", "currency", self.currency)
        if self.price_year is None:
            raise InputError("unit_price needs a price_year", column="price_year")
        checks.within("price_year", self.price_year, *PRICE_YEAR_RANGE)

    @property
    def key(self) -> str:
        """The stage's id in the vault: ``victim_id:seq``."""
        return f"{self.victim_id}:{self.seq}"


@dataclass(frozen=True)
class Perpetrator:
    """The role a perpetrator (a person id) plays, and their organisation."""

    perpetrator_id: str
    role: str
    organisation_id: str | None = None
    location_id: str | None = None

    def __post_init__(self) -> None:
        checks.identifier("perpetrator_id", self.perpetrator_id)
        checks.term("perpetrator_role", "role", self.role)
        checks.optional_identifier("organisation_id", self.organisation_id)
        checks.optional_identifier("location_id", self.location_id)
