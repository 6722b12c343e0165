"""Documented case tables from a vault's case facts (the layout ``read_documented`` gives).

Journeys, stages, sales and perpetrators stored in a vault become the same
tables a simulation folder gives, so every analysis runs unchanged on either:

* ``persons``: one row per journey; ``n_sales`` counts her sales in the vault;
* ``sales``: ``seq`` orders a victim's sales by date (then id); ``placement`` is
  1 + the number of her placements that started before the sale; an uncertain
  date counts as its earliest day; amounts in CNY of their own price year;
* ``journeys``: the stages; ``perpetrators``: the profiles;
* ``membership`` and ``capture_histories`` from each journey's ``lists``.

The end of observation is the last day of the year of the last date seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from uncounted.analyse.tables import CaseTables, observation_end
from uncounted.errors import InputError
from uncounted.estimate.profits.from_tables import DocumentedTables
from uncounted.estimate.profits.money import Currency, Money
from uncounted.model import Journey, JourneyStage, Perpetrator, Transaction, TransactionKind
from uncounted.vault import Vault


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _cny(amount: Any, currency: str | None, price_year: int | None, column: str) -> float:
    if amount is None:
        return float("nan")
    if currency not in tuple(Currency) or price_year is None:
        raise InputError(f"the analyses take amounts in CNY or USD ({column})", column=column)
    return Money(float(amount), Currency(currency), price_year).to(Currency.CNY, price_year).amount


def persons_frame(journeys: Sequence[Journey], sales: pd.DataFrame) -> pd.DataFrame:
    counts = sales.groupby("person_id").size()
    frame = pd.DataFrame(
        {
            "person_id": [j.victim_id for j in journeys],
            "trafficked": 1,
            "crossing_date": [_iso(j.crossing_date) for j in journeys],
            "age_at_trafficking": pd.to_numeric(
                pd.Series([j.age_at_trafficking for j in journeys])
            ),
            "pathway": [None if j.pathway is None else j.pathway.value for j in journeys],
            "first_exploitation_date": [_iso(j.first_exploitation_date) for j in journeys],
            "exit_type": [None if j.exit_type is None else j.exit_type.value for j in journeys],
            "exit_date": [_iso(j.exit_date) for j in journeys],
        }
    )
    frame["n_sales"] = counts.reindex(frame["person_id"]).fillna(0).astype(int).to_numpy()
    return frame.sort_values("person_id").reset_index(drop=True)


def journeys_frame(stages: Sequence[JourneyStage]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "person_id": [s.victim_id for s in stages],
            "seq": [s.seq for s in stages],
            "stage": [s.stage.value for s in stages],
            "start": [_iso(s.start) for s in stages],
            "end": [_iso(s.end) for s in stages],
            "pathway": [None if s.pathway is None else s.pathway.value for s in stages],
            "perpetrator_id": [s.holder_id for s in stages],
            "location": [s.location_id for s in stages],
            "unit_price_cny": [
                _cny(s.unit_price, s.currency, s.price_year, "unit_price") for s in stages
            ],
            "units_per_day": pd.to_numeric(
                pd.Series([s.units_per_day for s in stages], dtype=float)
            ),
        }
    )
    return frame.sort_values(["person_id", "seq"]).reset_index(drop=True)


def _placements(sales: pd.DataFrame, journeys: pd.DataFrame) -> Any:
    starts = journeys.loc[journeys["stage"] == "exploitation", ["person_id", "start"]]
    pairs = sales[["sale_id", "person_id", "date"]].merge(starts, on="person_id", how="left")
    before = pd.to_datetime(pairs["start"]) < pd.to_datetime(pairs["date"])
    counts = before.groupby(pairs["sale_id"]).sum()
    return counts.reindex(sales["sale_id"]).astype(int).to_numpy() + 1


def sales_frame(transactions: Sequence[Transaction], journeys: pd.DataFrame) -> pd.DataFrame:
    sold = [t for t in transactions if t.kind is TransactionKind.SALE]
    frame = pd.DataFrame(
        {
            "sale_id": [t.transaction_id for t in sold],
            "person_id": [t.victim_id for t in sold],
            "date": [_iso(t.date.earliest if t.date else None) for t in sold],
            "seller_id": [t.seller_id for t in sold],
            "buyer_id": [t.buyer_id for t in sold],
            "price_cny": [_cny(t.amount, t.currency, t.price_year, "amount") for t in sold],
            "price_year": pd.array([t.price_year for t in sold], dtype="Int64"),
        },
        columns=[
            "sale_id",
            "person_id",
            "date",
            "seller_id",
            "buyer_id",
            "price_cny",
            "price_year",
        ],
    )
    frame = frame.sort_values(["person_id", "date", "sale_id"]).reset_index(drop=True)
    frame.insert(2, "seq", frame.groupby("person_id").cumcount() + 1)
    frame["placement"] = _placements(frame, journeys) if len(frame) else []
    return frame


def perpetrators_frame(perpetrators: Sequence[Perpetrator]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "perpetrator_id": [p.perpetrator_id for p in perpetrators],
            "role": [p.role for p in perpetrators],
            "organisation_id": [p.organisation_id for p in perpetrators],
            "location": [p.location_id for p in perpetrators],
        },
        columns=["perpetrator_id", "role", "organisation_id", "location"],
    )
    return frame.sort_values("perpetrator_id").reset_index(drop=True)


def membership_frame(journeys: Sequence[Journey]) -> pd.DataFrame:
    rows = [(j.victim_id, name) for j in journeys for name in j.lists]
    frame = pd.DataFrame(rows, columns=["person_id", "list"])
    return frame.sort_values(["person_id", "list"]).reset_index(drop=True)


def capture_histories(membership: pd.DataFrame) -> pd.DataFrame:
    """The aggregated 0/1 table (one column per list, sorted, and ``count``)."""
    marks = pd.crosstab(membership["person_id"], membership["list"]).clip(upper=1)
    lists = sorted(marks.columns)
    return marks.groupby(lists).size().rename("count").reset_index()


def case_tables(
    journeys: Sequence[Journey],
    stages: Sequence[JourneyStage],
    transactions: Sequence[Transaction],
    perpetrators: Sequence[Perpetrator],
    end: str | None = None,
) -> CaseTables:
    """The documented case tables of these objects."""
    if not journeys:
        raise InputError("no journeys of documented victims in the vault", column="Journey")
    steps = journeys_frame(stages)
    sales = sales_frame(transactions, steps)
    membership = membership_frame(journeys)
    return CaseTables(
        persons=persons_frame(journeys, sales),
        sales=sales,
        journeys=steps,
        perpetrators=perpetrators_frame(perpetrators),
        end=end or observation_end(steps, sales),
        membership=membership,
        capture_histories=capture_histories(membership) if len(membership) else None,
    )


def read_vault(vault: Vault, end: str | None = None) -> CaseTables:
    """The documented case tables stored in ``vault`` (audited reads, one per kind)."""
    return case_tables(
        vault.get(Journey),
        vault.get(JourneyStage),
        vault.get(Transaction),
        vault.get(Perpetrator),
        end,
    )


def has_journeys(vault: Vault) -> bool:
    """Whether the vault holds case facts (counted without reading them)."""
    return vault.count(Journey) > 0


def documented_tables(cases: CaseTables, end: str | None = None) -> DocumentedTables:
    """The profit model's documented tables from case tables.

    Every victim with a journey counts as documented; the capture histories come
    from the lists the journeys name (empty when none does: then give a population).
    """
    histories = cases.capture_histories
    return DocumentedTables(
        persons=cases.persons,
        membership=cases.persons[["person_id"]],
        sales=cases.sales,
        journeys=cases.journeys,
        capture_histories=histories if histories is not None else pd.DataFrame({"count": []}),
        end=end or cases.end,
    )


def profit_inputs(vault: Vault) -> tuple[dict[str, int] | None, DocumentedTables | None]:
    """What ``estimate profits VAULT`` takes: the documented tables when the vault holds
    case facts, else the records' counts by pathway."""
    if has_journeys(vault):
        return None, documented_tables(read_vault(vault))
    return dict(vault.stats().by_pathway), None
