"""``simulate_world``: one synthetic world with its truth and its documentation lists."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from uncounted.simulate._draw import child, iso, years_of
from uncounted.simulate.capture import draw_captures
from uncounted.simulate.journeys import RUNNING, Journeys, draw_journeys
from uncounted.simulate.network import Registry
from uncounted.simulate.people import People, draw_people
from uncounted.simulate.recording import RECORD_COLUMNS, draw_records
from uncounted.simulate.revenue import daily_amounts, profits_by_year, with_revenue
from uncounted.simulate.sales import draw_sales, place_exploiters
from uncounted.simulate.scenario import Scenario, load_scenario

SCOPES_FILE = "list_scopes.json"
"""List metadata beside the lists: each scoped list's documented scope (not truth)."""


@dataclass
class World:
    """Every table of contract 4 as pandas DataFrames; ``lists`` maps list name to records."""

    scenario: Scenario
    seed: int
    size: int
    persons: pd.DataFrame
    membership: pd.DataFrame
    sales: pd.DataFrame
    journeys: pd.DataFrame
    perpetrators: pd.DataFrame
    organisations: pd.DataFrame
    profits_by_year: pd.DataFrame
    lists: dict[str, pd.DataFrame]
    capture_histories: pd.DataFrame
    list_summary: pd.DataFrame
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def victims(self) -> pd.DataFrame:
        """Persons who were trafficked."""
        return self.persons[self.persons["trafficked"] == 1]

    def write(self, out: str | Path) -> None:
        """Write the files of contract 4 into ``out`` (which must exist)."""
        write_world(self, Path(out))


def simulate_world(
    scenario: Scenario | str | Path = "default", seed: int = 1, size: int | None = None
) -> World:
    """Simulate one world. ``size`` (women crossing) defaults to the scenario's ``size``."""
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    size = int(size if size is not None else scenario["size"])
    people = draw_people(scenario, seed, size)
    journeys = draw_journeys(scenario, seed, people)
    registry = Registry(scenario["perpetrator_load"], scenario["hub_exponent"])
    placements = place_exploiters(scenario, seed, journeys.placements, registry)
    sales = draw_sales(scenario, seed, journeys, placements, registry)
    daily = daily_amounts(scenario, seed, placements)
    placements = with_revenue(scenario, placements, daily)
    profits = profits_by_year(scenario, sales, placements, daily)
    used = set(sales["seller_id"]) | set(sales["buyer_id"]) | set(placements["perpetrator_id"])
    perpetrators, organisations = registry.frames(
        child(seed, "network"), used, scenario["ring_size"]
    )
    seen = _seen(draw_captures(scenario, seed, people, journeys), placements)
    records = draw_records(scenario, seed, people, seen, sales)
    return _assemble(
        scenario,
        seed,
        size,
        people,
        journeys,
        placements=placements,
        sales=sales,
        profits=profits,
        network=(perpetrators, organisations),
        records=records,
    )


def _seen(captures: pd.DataFrame, placements: pd.DataFrame) -> pd.DataFrame:
    """Captures with the location and pathway of the placement current on the day."""
    left = captures.reset_index(names="order").sort_values("day")
    right = placements[["person", "start", "location", "pathway"]].sort_values("start")
    merged = pd.merge_asof(left, right, left_on="day", right_on="start", by="person")
    first = placements[placements["seq"] == 0].set_index("person")
    for column in ("location", "pathway"):
        fallback = merged["person"].map(first[column])
        merged[column] = merged[column].fillna(fallback)
    return merged.sort_values("order").drop(columns=["order", "start"]).reset_index(drop=True)


def _assemble(
    scenario: Scenario,
    seed: int,
    size: int,
    people: People,
    journeys: Journeys,
    *,
    placements: pd.DataFrame,
    sales: pd.DataFrame,
    profits: pd.DataFrame,
    network: tuple[pd.DataFrame, pd.DataFrame],
    records: dict[str, pd.DataFrame],
) -> World:
    pid = np.array([f"P{i + 1:06d}" for i in range(people.size)], dtype=object)
    membership = pd.concat(
        [r[["person", "list", "record_id"]] for r in records.values()], ignore_index=True
    )
    membership["person_id"] = pid[membership["person"].to_numpy()]
    membership = membership[["person_id", "list", "record_id"]]
    membership = membership.sort_values(["person_id", "list", "record_id"]).reset_index(drop=True)
    persons = _persons(people, journeys, placements, sales, pid)
    lists = {name: frame[list(RECORD_COLUMNS)] for name, frame in records.items()}
    return World(
        scenario=scenario,
        seed=seed,
        size=size,
        persons=persons,
        membership=membership,
        sales=_sales_table(sales, pid),
        journeys=_journey_table(journeys, placements, sales, pid),
        perpetrators=network[0],
        organisations=network[1],
        profits_by_year=profits,
        lists=lists,
        capture_histories=capture_histories(membership, scenario.list_names),
        list_summary=_list_summary(scenario, membership, lists, int(people.trafficked.sum())),
    )


def _persons(
    people: People,
    journeys: Journeys,
    placements: pd.DataFrame,
    sales: pd.DataFrame,
    pid: np.ndarray,
) -> pd.DataFrame:
    t = people.trafficked
    first_year = years_of(people.first_exploitation)
    n_sales = np.bincount(sales["person"].to_numpy(), minlength=people.size)
    n_place = np.bincount(placements["person"].to_numpy(), minlength=people.size)
    blank = np.where(t, 0, np.nan)
    frame = pd.DataFrame(
        {
            "person_id": pid,
            "trafficked": t.astype(int),
            "name_hangul": people.names.north,
            "name_hanja": people.names.hanja,
            "aliases": [" | ".join(a) for a in people.names.aliases],
            "birth_year": people.birth_year,
            "origin": people.origin,
            "entry_mechanism": np.where(t, people.entry, ""),
            "crossing_date": iso(people.crossing),
            "age_at_trafficking": pd.array(
                np.where(t, first_year - people.birth_year, 0), dtype="Int64"
            ),
            "pathway": np.where(t, people.pathway, ""),
            "first_exploitation_date": iso(people.first_exploitation + blank),
            "exit_type": journeys.exit_type,
            "exit_date": iso(journeys.exit_date),
            "arrival_sk_date": iso(journeys.arrival),
            "n_sales": n_sales,
            "n_placements": n_place,
        }
    )
    frame.loc[~t, "age_at_trafficking"] = pd.NA
    return frame


def _sales_table(sales: pd.DataFrame, pid: np.ndarray) -> pd.DataFrame:
    out = sales.assign(
        person_id=pid[sales["person"].to_numpy()], date=iso(sales["date"].to_numpy())
    )
    columns = [
        "sale_id",
        "person_id",
        "seq",
        "date",
        "seller_id",
        "buyer_id",
        "price_cny",
        "price_year",
        "acquisition_cny",
        "margin_cny",
        "costs_cny",
        "placement",
    ]
    return out[columns].reset_index(drop=True)


def _journey_table(
    journeys: Journeys, placements: pd.DataFrame, sales: pd.DataFrame, pid: np.ndarray
) -> pd.DataFrame:
    holder = sales.sort_values(["chain", "j"]).groupby("chain").last()
    chains = journeys.chains.copy()
    chains["perpetrator_id"] = holder["seller_id"].reindex(chains.index).fillna("")
    chains["location"] = holder["hub"].reindex(chains.index).fillna("")
    cut = np.where(chains["cutoff"] != RUNNING, chains["cutoff"], chains["t1"])
    reached = chains.merge(
        placements[["person", "seq"]],
        left_on=["person", "target"],
        right_on=["person", "seq"],
        how="left",
        indicator=True,
    )
    transit = pd.DataFrame(
        {
            "person": chains["person"],
            "order": chains["target"] * 2,
            "stage": "transit",
            "start": chains["t0"],
            "end": np.where(
                reached["_merge"].to_numpy() == "both",
                chains["t1"],
                np.where(chains["cutoff"] != RUNNING, cut, RUNNING),
            ),
            "pathway": chains["pathway"],
            "perpetrator_id": chains["perpetrator_id"],
            "location": chains["location"],
            "revenue_cny": 0.0,
            "costs_cny": 0.0,
            "victim_share_cny": 0.0,
            "unit_price_cny": np.nan,
            "units_per_day": np.nan,
        }
    )
    exploitation = placements.assign(order=placements["seq"] * 2 + 1, stage="exploitation")
    table = pd.concat([transit, exploitation[transit.columns]], ignore_index=True)
    table = table.sort_values(["person", "order"]).reset_index(drop=True)
    table["seq"] = table.groupby("person").cumcount() + 1
    table["person_id"] = pid[table["person"].to_numpy()]
    table["start"], table["end"] = iso(table["start"].to_numpy()), iso(table["end"].to_numpy())
    columns = [
        "person_id",
        "seq",
        "stage",
        "start",
        "end",
        "pathway",
        "perpetrator_id",
        "location",
        "revenue_cny",
        "costs_cny",
        "victim_share_cny",
        "unit_price_cny",
        "units_per_day",
    ]
    return table[columns]


def capture_histories(membership: pd.DataFrame, lists: tuple[str, ...]) -> pd.DataFrame:
    """The aggregated 0/1 capture-history table (one column per list, then ``count``)."""
    flags = pd.crosstab(membership["person_id"], membership["list"]).reindex(
        columns=list(lists), fill_value=0
    )
    flags = (flags > 0).astype(int)
    table = flags.value_counts().reset_index(name="count")
    table = table.sort_values(list(lists), ascending=False).reset_index(drop=True)
    return table[[*lists, "count"]]


def _list_summary(
    scenario: Scenario, membership: pd.DataFrame, lists: dict[str, pd.DataFrame], n_victims: int
) -> pd.DataFrame:
    rows = []
    for spec in scenario.lists:
        persons = membership.loc[membership["list"] == spec.name, "person_id"].nunique()
        rows.append(
            {
                "list": spec.name,
                "label": spec.label,
                "n_records": len(lists[spec.name]),
                "n_persons": persons,
                "coverage": round(persons / max(n_victims, 1), 6),
            }
        )
    return pd.DataFrame(rows)


def write_world(world: World, out: Path) -> None:
    """The files of contract 4, byte-identical for the same scenario and seed."""
    (out / "lists").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    for name, frame in world.lists.items():
        _csv(frame, out / "lists" / f"{name}.csv")
    _csv(world.capture_histories, out / "capture_histories.csv")
    for name in (
        "persons",
        "membership",
        "sales",
        "journeys",
        "perpetrators",
        "organisations",
        "profits_by_year",
    ):
        _csv(getattr(world, name), out / "truth" / f"{name}.csv")
    _csv(world.list_summary, out / "truth" / "lists.csv")
    scopes = json.dumps(world.scenario.list_scopes, indent=2, ensure_ascii=False)
    (out / SCOPES_FILE).write_text(scopes + "\n", encoding="utf-8")
    document = {**world.scenario.document, "seed": world.seed, "size": world.size}
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    (out / "truth" / "scenario.yaml").write_text(text, encoding="utf-8")


def _csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
