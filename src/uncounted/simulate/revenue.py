"""Exploitation revenue and costs per placement, and the true profits by year.

Prostitution: days x clients a day x price per client (floor CNY 30).
Cybersex: days x shows a day x price per show. Other labour and (optionally)
forced-marriage labour: a value per victim-year. The victim's share and the
operating costs are deducted from prostitution and cybersex revenue. Each
placement's amounts are split over calendar years by days, so
``profits_by_year`` is exactly the sum of the sales and the placements.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from uncounted.simulate._draw import Floats, child, floored, year_end, year_start
from uncounted.simulate.journeys import RUNNING
from uncounted.simulate.scenario import Scenario

COMPONENTS = (
    "sales_margin",
    "sales_costs",
    "prostitution_revenue",
    "cybersex_revenue",
    "other_labour",
    "marriage_labour",
    "victim_share",
    "exploitation_costs",
)


def daily_amounts(scenario: Scenario, seed: int, placements: pd.DataFrame) -> pd.DataFrame:
    """Per placement: revenue a day by component, victim share and costs a day."""
    rng = child(seed, "revenue")
    n, path = len(placements), placements["pathway"].to_numpy()
    clients = floored(rng, scenario["clients_per_day"], n)
    per_client = floored(rng, scenario["price_per_client_cny"], n)
    shows = floored(rng, scenario["shows_per_day"], n)
    per_show = floored(rng, scenario["price_per_show_cny"], n)
    daily = pd.DataFrame(index=placements.index)
    daily["prostitution_revenue"] = np.where(path == "prostitution", clients * per_client, 0.0)
    daily["cybersex_revenue"] = np.where(path == "cybersex", shows * per_show, 0.0)
    daily["other_labour"] = np.where(
        path == "other", scenario["other_labour_cny_per_year"] / 365, 0
    )
    marriage = scenario["marriage_labour_cny_per_year"] / 365
    daily["marriage_labour"] = np.where(path == "forced_marriage", marriage, 0.0)
    daily["unit_price"] = np.select(
        [path == "prostitution", path == "cybersex"], [per_client, per_show], np.nan
    )
    daily["units_per_day"] = np.select(
        [path == "prostitution", path == "cybersex"], [clients, shows], np.nan
    )
    sex = daily["prostitution_revenue"] + daily["cybersex_revenue"]
    daily["victim_share"] = -scenario["victim_share"] * sex
    daily["exploitation_costs"] = -scenario["exploitation_cost_share"] * sex
    return daily


def placement_days(placements: pd.DataFrame, end: int) -> Floats:
    """Days each placement lasted up to its end or the scenario's end (inclusive)."""
    stop = placements["end"].to_numpy()
    stop = np.where(stop == RUNNING, end + 1, stop)
    return np.asarray(stop - placements["start"].to_numpy(), dtype=float)


def with_revenue(scenario: Scenario, placements: pd.DataFrame, daily: pd.DataFrame) -> pd.DataFrame:
    """Placements with total ``revenue_cny``, ``costs_cny`` and ``victim_share_cny``."""
    days = placement_days(placements, year_end(scenario["end_year"]))
    gross = daily[["prostitution_revenue", "cybersex_revenue", "other_labour", "marriage_labour"]]
    return placements.assign(
        revenue_cny=np.round(gross.sum(axis=1).to_numpy() * days, 2),
        costs_cny=np.round(daily["exploitation_costs"].to_numpy() * days, 2) + 0.0,
        victim_share_cny=np.round(daily["victim_share"].to_numpy() * days, 2) + 0.0,
        unit_price_cny=np.round(daily["unit_price"].to_numpy(), 2),
        units_per_day=np.round(daily["units_per_day"].to_numpy(), 3),
    )


def profits_by_year(
    scenario: Scenario, sales: pd.DataFrame, placements: pd.DataFrame, daily: pd.DataFrame
) -> pd.DataFrame:
    """Long table ``year, component, amount_cny, amount_usd`` with a ``total`` row per year."""
    end = year_end(scenario["end_year"])
    stop = placements["end"].to_numpy()
    stop = np.where(stop == RUNNING, end + 1, stop)
    start = placements["start"].to_numpy()
    rows: list[dict[str, object]] = []
    for year in range(scenario["start_year"], scenario["end_year"] + 1):
        overlap = np.clip(
            np.minimum(stop, year_end(year) + 1) - np.maximum(start, year_start(year)), 0, None
        )
        amounts = {c: float((daily[c].to_numpy() * overlap).sum()) for c in COMPONENTS[2:]}
        in_year = sales["price_year"].to_numpy() == year
        amounts["sales_margin"] = float(sales["margin_cny"].to_numpy()[in_year].sum())
        amounts["sales_costs"] = -float(sales["costs_cny"].to_numpy()[in_year].sum())
        rounded = {c: round(amounts[c], 2) for c in COMPONENTS}
        rounded["total"] = round(sum(rounded.values()), 2)
        rows.extend({"year": year, "component": c, "amount_cny": v} for c, v in rounded.items())
    frame = pd.DataFrame(rows)
    frame["amount_usd"] = np.round(frame["amount_cny"] / scenario["cny_per_usd"], 2)
    return frame
