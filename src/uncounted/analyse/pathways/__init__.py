"""Pathways and journeys of documented victims.

Shares by pathway with intervals (by period), age at trafficking by pathway,
resale counts, prices by pathway and year, the time from crossing to first
exploitation (Kaplan–Meier, ongoing cases censored) and stage-to-stage flows.
The functions take the tables of contract 4 (persons, sales, journeys).
"""

from uncounted.analyse.pathways.describe import (
    ages_by_pathway,
    prices_by_pathway_year,
    resale_counts,
)
from uncounted.analyse.pathways.exploitation_time import (
    TimeToExploitation,
    naive_median_days,
    time_to_exploitation,
)
from uncounted.analyse.pathways.journeys import stage_flows
from uncounted.analyse.pathways.shares import (
    PATHWAYS,
    chao_corrected_shares,
    corrected_shares,
    pathway_shares,
    period_of,
)

__all__ = [
    "PATHWAYS",
    "TimeToExploitation",
    "ages_by_pathway",
    "chao_corrected_shares",
    "corrected_shares",
    "naive_median_days",
    "pathway_shares",
    "period_of",
    "prices_by_pathway_year",
    "resale_counts",
    "stage_flows",
    "time_to_exploitation",
]
