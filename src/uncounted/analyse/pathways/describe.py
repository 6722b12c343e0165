"""Descriptive findings: age at trafficking by pathway, resale counts, prices."""

from __future__ import annotations

import numpy as np
import pandas as pd

from uncounted.analyse.pathways.shares import PATHWAYS, wilson
from uncounted.errors import InputError


def _require(frame: pd.DataFrame, columns: tuple[str, ...], table: str) -> None:
    for column in columns:
        if column not in frame:
            raise InputError(f"{table} table lacks column {column!r}", column=column)


def ages_by_pathway(persons: pd.DataFrame) -> pd.DataFrame:
    """Age at trafficking per pathway: n, median, quartiles, share under 18."""
    _require(persons, ("pathway", "age_at_trafficking"), "persons")
    known = persons[persons["pathway"].isin(PATHWAYS)].dropna(subset=["age_at_trafficking"])
    ages = known.assign(age=pd.to_numeric(known["age_at_trafficking"]))
    grouped = ages.groupby("pathway")["age"]
    table = pd.DataFrame(
        {
            "n": grouped.size(),
            "median": grouped.median(),
            "q25": grouped.quantile(0.25),
            "q75": grouped.quantile(0.75),
            "min": grouped.min(),
            "max": grouped.max(),
            "under_18": grouped.apply(lambda a: float((a < 18).mean())),
        }
    )
    return table.reset_index()


def resale_counts(persons: pd.DataFrame, level: float = 0.95) -> dict[str, object]:
    """Distribution of sales per victim and the share sold more than once (Wilson interval)."""
    _require(persons, ("n_sales",), "persons")
    sales = pd.to_numeric(persons["n_sales"]).dropna().astype(int)
    sold = sales[sales > 0]
    resold = int((sold >= 2).sum())
    low, high = wilson(np.array([resold]), np.array([len(sold)]), level)
    return {
        "n": len(sold),
        "distribution": {str(k): int(v) for k, v in sold.value_counts().sort_index().items()},
        "mean_sales": float(sold.mean()) if len(sold) else float("nan"),
        "share_resold": resold / len(sold) if len(sold) else float("nan"),
        "interval": [float(low[0]), float(high[0])],
        "level": level,
    }


def prices_by_pathway_year(sales: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """Final sale price per victim chain by pathway and year (CNY of the stated price year)."""
    _require(sales, ("person_id", "seq", "date", "price_cny", "price_year"), "sales")
    last = sales.sort_values(["person_id", "seq"]).groupby("person_id").tail(1)
    joined = last.merge(persons[["person_id", "pathway"]], on="person_id", how="inner")
    if (pd.to_numeric(joined["price_cny"]) < 0).any():
        bad = joined.loc[pd.to_numeric(joined["price_cny"]) < 0, "person_id"].iloc[0]
        raise InputError(f"negative price in the chain of {bad}", column="price_cny")
    joined = joined.assign(
        year=pd.to_datetime(joined["date"]).dt.year, price=pd.to_numeric(joined["price_cny"])
    )
    grouped = joined.groupby(["pathway", "year"])["price"]
    table = pd.DataFrame(
        {
            "n": grouped.size(),
            "median_cny": grouped.median(),
            "q25_cny": grouped.quantile(0.25),
            "q75_cny": grouped.quantile(0.75),
        }
    )
    return table.reset_index()
