"""True values of the summary quantities, read from a simulated world."""

from __future__ import annotations

import pandas as pd

from uncounted.simulate import World
from uncounted.simulate.schema import PATHWAYS


def true_values(world: World) -> dict[str, float]:
    """``victims_population``, ``victims_documented``, ``pathway_share.<p>``, ``median_age``,
    ``resale_rate``, ``annual_profit_usd`` (mean over the scenario's years)."""
    victims = world.victims
    shares = victims["pathway"].value_counts(normalize=True)
    profits = world.profits_by_year
    totals = profits.loc[profits["component"] == "total", "amount_usd"]
    values = {
        "victims_population": float(len(victims)),
        "victims_documented": float(world.membership["person_id"].nunique()),
        "median_age": float(pd.to_numeric(victims["age_at_trafficking"]).median()),
        "resale_rate": float((victims["n_sales"] >= 2).mean()),
        "annual_profit_usd": float(totals.mean()),
    }
    for pathway in PATHWAYS:
        values[f"pathway_share.{pathway}"] = float(shares.get(pathway, 0.0))
    return values


LABELS = {
    "victims_population": "Victims in the population",
    "victims_documented": "Victims documented (on at least one list)",
    "median_age": "Median age at trafficking",
    "resale_rate": "Share sold more than once",
    "annual_profit_usd": "Annual criminal profit (US$)",
    **{f"pathway_share.{p}": f"Pathway share: {p.replace('_', ' ')}" for p in PATHWAYS},
}
