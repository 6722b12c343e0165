"""Documented case tables read from a simulation folder (contract 4 layout).

The analyses take the coded facts of *documented* victims: the persons on at
least one list, with their sales and journeys. ``read_documented`` reads
``DIR/truth/*.csv`` and keeps only those persons and the perpetrators their
sales and journeys name, so nothing about undocumented people reaches an
analysis. :mod:`uncounted.analyse.cases` gives the same tables from a vault.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from uncounted.errors import InputError

NUMERIC = {
    "persons": ("age_at_trafficking", "n_sales", "trafficked"),
    "sales": ("seq", "price_cny", "price_year", "margin_cny"),
    "journeys": ("seq", "units_per_day", "unit_price_cny"),
}


@dataclass(frozen=True)
class CaseTables:
    """Persons, sales, journeys and perpetrators of documented victims."""

    persons: pd.DataFrame
    sales: pd.DataFrame
    journeys: pd.DataFrame
    perpetrators: pd.DataFrame
    end: str
    membership: pd.DataFrame | None = None
    capture_histories: pd.DataFrame | None = None


def _read(root: Path, name: str) -> pd.DataFrame:
    path = root / "truth" / f"{name}.csv"
    if not path.is_file():
        raise InputError(f"missing table truth/{name}.csv", file=str(path))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    for column in NUMERIC.get(name, ()):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column])
    return frame


def observation_end(journeys: pd.DataFrame, sales: pd.DataFrame) -> str:
    """The last day of the year of the last stage start or sale date seen."""
    dates = pd.concat([pd.to_datetime(journeys["start"]), pd.to_datetime(sales["date"])])
    if dates.dropna().empty:
        raise InputError("no dated stage or sale: give the end of observation", column="end")
    return f"{dates.max().year}-12-31"


def _named(perpetrators: pd.DataFrame, sales: pd.DataFrame, journeys: pd.DataFrame) -> pd.DataFrame:
    """The perpetrators the documented sales and journeys name (a team knows no others)."""
    named = set(sales["seller_id"]) | set(sales["buyer_id"]) | set(journeys["perpetrator_id"])
    return perpetrators[perpetrators["perpetrator_id"].isin(named)].reset_index(drop=True)


def read_documented(folder: str | Path, end: str | None = None) -> CaseTables:
    """The documented victims' tables in ``folder`` (``end`` defaults to the end of the year
    of the last date seen in them)."""
    root = Path(folder)
    membership = _read(root, "membership")
    ids = set(membership["person_id"])
    persons = _read(root, "persons")
    persons = persons[persons["person_id"].isin(ids)].reset_index(drop=True)
    sales = _read(root, "sales")
    sales = sales[sales["person_id"].isin(ids)].reset_index(drop=True)
    journeys = _read(root, "journeys")
    journeys = journeys[journeys["person_id"].isin(ids)].reset_index(drop=True)
    return CaseTables(
        persons=persons,
        sales=sales,
        journeys=journeys,
        perpetrators=_named(_read(root, "perpetrators"), sales, journeys),
        end=end or observation_end(journeys, sales),
        membership=membership,
    )
