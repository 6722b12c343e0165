"""Sales along chains of perpetrators, with prices in CNY, and the network they form.

A chain of ``n`` sales takes a victim from her first holder (a recruiter or a
broker, or her previous exploiter when she is resold) through brokers and a
wholesaler to her next exploiter. Sale ``j`` happens at
``t0 + round((t1 - t0) * j / n)``, so the last sale is the day the placement
starts. Earlier links sell at ``chain_discount`` of the next price.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from uncounted.simulate._draw import child, choose, floored, year_end, years_of
from uncounted.simulate.journeys import RUNNING, Journeys
from uncounted.simulate.network import EXPLOITER_ROLE, Registry
from uncounted.simulate.scenario import Scenario
from uncounted.simulate.schema import PATHWAYS

FIRST_CHAIN_ROLES = ("broker", "wholesaler", "broker")


def place_exploiters(
    scenario: Scenario, seed: int, placements: pd.DataFrame, registry: Registry
) -> pd.DataFrame:
    """Add ``location`` and ``perpetrator_id`` (the exploiter) to every placement."""
    rng = child(seed, "exploiters")
    placements = placements.copy()
    location = np.empty(len(placements), dtype=object)
    exploiter = np.empty(len(placements), dtype=object)
    path = placements["pathway"].to_numpy()
    for name in PATHWAYS:
        rows = np.flatnonzero(path == name)
        mix = {place: w[name] for place, w in scenario["locations"].items() if w[name] > 0}
        location[rows] = choose(rng, mix, len(rows))
        exploiter[rows] = registry.assign(rng, EXPLOITER_ROLE[name], location[rows])
    return placements.assign(location=location, perpetrator_id=exploiter)


def draw_sales(
    scenario: Scenario, seed: int, journeys: Journeys, placements: pd.DataFrame, registry: Registry
) -> pd.DataFrame:
    """One row per sale that happened before the end (or before a repatriation)."""
    rng = child(seed, "sales")
    chains = journeys.chains.reset_index(drop=True)
    chains["hub"] = choose(rng, _transit_mix(scenario), len(chains))
    rows = _expand(chains)
    rows["seller_id"] = _sellers(rng, scenario, rows, placements, registry)
    rows = _buyers(rows, placements)
    rows = _dated(rows, year_end(scenario["end_year"]))
    return _priced(rng, scenario, rows)


def _transit_mix(scenario: Scenario) -> dict[str, float]:
    return {p: w["transit"] for p, w in scenario["locations"].items() if w["transit"] > 0}


def _expand(chains: pd.DataFrame) -> pd.DataFrame:
    """One row per (chain, position j = 1..n)."""
    rows = chains.loc[chains.index.repeat(chains["n_sales"])].reset_index(names="chain")
    rows["j"] = rows.groupby("chain").cumcount() + 1
    roles = np.array(FIRST_CHAIN_ROLES, dtype=object)
    later = roles[np.minimum(rows["j"].to_numpy() - 2, len(roles) - 1).clip(0)]
    is_first = rows["j"].to_numpy() == 1
    resale = rows["target"].to_numpy() > 0
    later = np.where(resale, "broker", later)
    rows["seller_role"] = np.where(is_first, rows["first_role"].to_numpy(), later)
    return rows


def _sellers(
    rng: np.random.Generator,
    scenario: Scenario,
    rows: pd.DataFrame,
    placements: pd.DataFrame,
    registry: Registry,
) -> np.ndarray:
    seller = np.empty(len(rows), dtype=object)
    role = rows["seller_role"].to_numpy()
    towns = choose(rng, scenario["recruitment_towns"], len(rows))
    hubs = rows["hub"].to_numpy()
    for name in ("recruiter", "broker", "wholesaler"):
        mask = role == name
        places = towns[mask] if name == "recruiter" else hubs[mask]
        seller[mask] = registry.assign(rng, name, places)
    previous = placements.set_index(["person", "seq"])["perpetrator_id"]
    mask = role == "exploiter"
    keys = pd.MultiIndex.from_arrays([rows["person"][mask], rows["target"][mask] - 1])
    seller[mask] = previous.reindex(keys).to_numpy()
    return seller


def _buyers(rows: pd.DataFrame, placements: pd.DataFrame) -> pd.DataFrame:
    """The buyer of sale j is the seller of sale j+1; the last buyer is the exploiter."""
    rows = rows.sort_values(["chain", "j"]).reset_index(drop=True)
    following = rows.groupby("chain")["seller_id"].shift(-1)
    exploiter = placements.set_index(["person", "seq"])["perpetrator_id"]
    keys = pd.MultiIndex.from_arrays([rows["person"], rows["target"]])
    final = pd.Series(exploiter.reindex(keys).to_numpy(), index=rows.index)
    rows["buyer_id"] = following.fillna(final)
    self_sale = rows["seller_id"].to_numpy() == rows["buyer_id"].to_numpy()
    kept: pd.DataFrame = rows[~self_sale]
    return kept.reset_index(drop=True)


def _dated(rows: pd.DataFrame, end: int) -> pd.DataFrame:
    span = (rows["t1"] - rows["t0"]).to_numpy()
    rows["date"] = rows["t0"].to_numpy() + np.round(span * rows["j"] / rows["n_sales"]).astype(
        np.int64
    )
    cutoff = rows["cutoff"].to_numpy()
    happened = (rows["date"].to_numpy() <= end) & (
        (cutoff == RUNNING) | (rows["date"].to_numpy() < cutoff)
    )
    kept: pd.DataFrame = rows[happened & rows["buyer_id"].notna().to_numpy()]
    return kept.reset_index(drop=True)


def _priced(rng: np.random.Generator, scenario: Scenario, rows: pd.DataFrame) -> pd.DataFrame:
    final = np.zeros(rows["chain"].max() + 1 if len(rows) else 0)
    chain_path = rows.groupby("chain")["pathway"].first()
    for name in PATHWAYS:
        ids = chain_path.index[chain_path.to_numpy() == name].to_numpy()
        final[ids] = floored(rng, scenario["final_price_cny"][name], len(ids))
    steps_left = (rows["n_sales"] - rows["j"]).to_numpy()
    price = final[rows["chain"].to_numpy()] * scenario["chain_discount"] ** steps_left
    rows["price_cny"] = np.round(price).astype(np.int64)
    rows["costs_cny"] = np.round(rows["price_cny"] * scenario["sale_cost_share"]).astype(np.int64)
    rows = rows.sort_values(["person", "date", "target", "j"]).reset_index(drop=True)
    rows["seq"] = rows.groupby("person").cumcount() + 1
    previous = rows.groupby("person")["price_cny"].shift(1)
    rows["acquisition_cny"] = previous.fillna(0).astype(np.int64)
    rows["margin_cny"] = rows["price_cny"] - rows["acquisition_cny"]
    rows["price_year"] = years_of(rows["date"].to_numpy())
    rows["sale_id"] = [f"S{i + 1:07d}" for i in range(len(rows))]
    rows["placement"] = rows["target"] + 1
    return rows
