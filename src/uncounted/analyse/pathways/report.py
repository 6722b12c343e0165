"""Every pathway finding of a set of documented cases, as one JSON-ready mapping."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from uncounted.analyse.pathways.describe import (
    ages_by_pathway,
    prices_by_pathway_year,
    resale_counts,
)
from uncounted.analyse.pathways.exploitation_time import time_to_exploitation
from uncounted.analyse.pathways.journeys import stage_flows
from uncounted.analyse.pathways.shares import pathway_shares, period_of


def pathway_findings(
    persons: pd.DataFrame,
    sales: pd.DataFrame,
    journeys: pd.DataFrame,
    *,
    end: str,
    cuts: Sequence[int] = (2015,),
) -> dict[str, Any]:
    """Shares by period (Wilson 95%), ages, resales, prices, time to exploitation, flows."""
    years = pd.to_datetime(persons["crossing_date"]).dt.year
    periods = persons.assign(period=period_of(years, cuts))
    timing = time_to_exploitation(persons, end)
    return {
        "documented_victims": len(persons),
        "shares_by_period": pathway_shares(periods, by="period").to_dict("records"),
        "shares": pathway_shares(persons).to_dict("records"),
        "ages_by_pathway": ages_by_pathway(persons).to_dict("records"),
        "resales": resale_counts(persons),
        "prices_by_pathway_year": prices_by_pathway_year(sales, persons).to_dict("records"),
        "time_to_exploitation": timing.to_dict(),
        "stage_flows": stage_flows(journeys, persons).to_dict("records"),
    }
