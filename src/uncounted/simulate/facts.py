"""A simulated world's documented case facts as domain objects (for a vault).

What a documentation team would have coded for the people on at least one
list: their journeys and stages, the sales of them, and the perpetrators and
organisations those name, with places. Nobody off the lists appears. Amounts are
the simulator's nominal CNY, the price year being the year of the sale or stage.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from uncounted.model import (
    Journey,
    JourneyStage,
    Location,
    Organisation,
    Perpetrator,
    Transaction,
    TransactionKind,
    UncertainDate,
)

ORGANISATION_KINDS = {"trafficking_ring": "criminal_group", "labour_site": "employer"}
TABLES = ("persons", "membership", "sales", "journeys", "perpetrators", "organisations")


def place_id(name: str) -> str:
    """A place's id from its name: ``Yanji (Jilin)`` → ``yanji-jilin``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _read(root: Path, name: str) -> pd.DataFrame:
    frame = pd.read_csv(root / "truth" / f"{name}.csv", dtype=str, keep_default_na=False)
    return frame.replace("", None)


def _day(text: str | None) -> Any:
    return None if text is None else pd.Timestamp(text).date()


def _journey(row: Any, lists: tuple[str, ...]) -> Journey:
    age = row.age_at_trafficking
    return Journey(
        victim_id=row.person_id,
        crossing_date=_day(row.crossing_date),
        lists=lists,
        age_at_trafficking=None if age is None else int(float(age)),
        pathway=row.pathway,
        first_exploitation_date=_day(row.first_exploitation_date),
        exit_type=row.exit_type,
        exit_date=_day(row.exit_date),
    )


def _stage(row: Any) -> JourneyStage:
    priced = row.unit_price_cny is not None
    start = _day(row.start)
    return JourneyStage(
        victim_id=row.person_id,
        seq=int(row.seq),
        stage=row.stage,
        start=start,
        end=_day(row.end),
        pathway=row.pathway,
        holder_id=row.perpetrator_id,
        location_id=None if row.location is None else place_id(row.location),
        units_per_day=None if row.units_per_day is None else float(row.units_per_day),
        unit_price=Decimal(row.unit_price_cny) if priced else None,
        currency="CNY" if priced else None,
        price_year=start.year if priced else None,
    )


def _sale(row: Any) -> Transaction:
    return Transaction(
        transaction_id=row.sale_id,
        kind=TransactionKind.SALE,
        amount=Decimal(row.price_cny),
        currency="CNY",
        date=UncertainDate.parse(row.date),
        price_year=int(row.price_year),
        seller_id=row.seller_id,
        buyer_id=row.buyer_id,
        victim_id=row.person_id,
    )


def _network(
    frames: dict[str, pd.DataFrame], sales: pd.DataFrame, stages: pd.DataFrame
) -> list[Any]:
    named = (
        set(sales["seller_id"]) | set(sales["buyer_id"]) | set(stages["perpetrator_id"].dropna())
    )
    perpetrators = frames["perpetrators"][frames["perpetrators"]["perpetrator_id"].isin(named)]
    organisations = frames["organisations"][
        frames["organisations"]["organisation_id"].isin(set(perpetrators["organisation_id"]))
    ]
    places = set(perpetrators["location"].dropna()) | set(organisations["location"].dropna())
    places |= set(stages["location"].dropna())
    found: list[Any] = [Location(place_id(p), p) for p in sorted(places)]
    found += [_organisation(o) for o in organisations.itertuples()]
    found += [_perpetrator(p) for p in perpetrators.itertuples()]
    return found


def _organisation(row: Any) -> Organisation:
    kind = str(row.kind)
    return Organisation(
        str(row.organisation_id), ORGANISATION_KINDS.get(kind, kind), location_id=_place(row)
    )


def _perpetrator(row: Any) -> Perpetrator:
    return Perpetrator(str(row.perpetrator_id), str(row.role), row.organisation_id, _place(row))


def _place(row: Any) -> str | None:
    return None if row.location is None else place_id(row.location)


def documented_facts(folder: str | Path) -> list[Any]:
    """The case facts of the documented victims of the world written in ``folder``."""
    frames = {name: _read(Path(folder), name) for name in TABLES}
    membership = frames["membership"]
    lists = membership.groupby("person_id")["list"].agg(tuple)
    persons = frames["persons"][frames["persons"]["person_id"].isin(lists.index)]
    sales = frames["sales"][frames["sales"]["person_id"].isin(lists.index)]
    stages = frames["journeys"][frames["journeys"]["person_id"].isin(lists.index)]
    facts: list[Any] = _network(frames, sales, stages)
    facts += [_journey(row, lists[row.person_id]) for row in persons.itertuples()]
    facts += [_stage(row) for row in stages.itertuples()]
    facts += [_sale(row) for row in sales.itertuples()]
    return facts
