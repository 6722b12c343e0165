"""Documented case tables read from a simulation folder (contract 4 layout).

The analyses take the coded facts of *documented* victims: the persons on at
least one list, with their sales and journeys. ``read_documented`` reads
``DIR/truth/*.csv`` and keeps only those persons, so nothing about undocumented
people reaches an analysis.
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


def _read(root: Path, name: str) -> pd.DataFrame:
    path = root / "truth" / f"{name}.csv"
    if not path.is_file():
        raise InputError(f"missing table truth/{name}.csv", file=str(path))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    for column in NUMERIC.get(name, ()):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column])
    return frame


def read_documented(folder: str | Path, end: str | None = None) -> CaseTables:
    """The documented victims' tables in ``folder`` (``end`` defaults to the last date seen)."""
    root = Path(folder)
    ids = set(_read(root, "membership")["person_id"])
    persons = _read(root, "persons")
    persons = persons[persons["person_id"].isin(ids)].reset_index(drop=True)
    sales = _read(root, "sales")
    journeys = _read(root, "journeys")
    last = max(pd.to_datetime(journeys["start"]).max(), pd.to_datetime(sales["date"]).max())
    return CaseTables(
        persons=persons,
        sales=sales[sales["person_id"].isin(ids)].reset_index(drop=True),
        journeys=journeys[journeys["person_id"].isin(ids)].reset_index(drop=True),
        perpetrators=_read(root, "perpetrators"),
        end=end or f"{last.year}-12-31",
    )
