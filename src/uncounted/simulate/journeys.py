"""Each victim's path: chains of sales, placements with exploiters, and the exit.

Everything is vectorised over victims; the only loop is over the placement
number (at most ``max_placements``). Days are integers (days since 1970).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from uncounted.simulate._draw import Ints, child, choose, day, lognormal, year_end, years_of
from uncounted.simulate.people import People, pathway_at
from uncounted.simulate.scenario import Scenario
from uncounted.simulate.schema import PATHWAYS

RUNNING = -1  # an end day meaning "still running at the end of the scenario"


@dataclass
class Journeys:
    """Placements (exploitation), chains (sales leading to a placement), exits."""

    placements: pd.DataFrame  # person, seq, start, end, pathway, end_event
    chains: pd.DataFrame  # person, target, n_sales, t0, t1, first_role
    exit_type: np.ndarray  # per person ('' none)
    exit_date: Ints  # per person (RUNNING none)
    arrival: Ints  # per person (RUNNING none)


def draw_journeys(scenario: Scenario, seed: int, people: People) -> Journeys:
    rng = child(seed, "journeys")
    end = year_end(scenario["end_year"])
    victims = np.flatnonzero(people.trafficked)
    exit_type = np.full(people.size, "", dtype=object)
    exit_date = np.full(people.size, RUNNING, dtype=np.int64)
    placements, chains = _placements(
        rng, scenario, people, victims=victims, end=end, exits=(exit_type, exit_date)
    )
    placements, chains = _apply_shocks(rng, scenario, placements, chains, (exit_type, exit_date))
    arrival = _arrivals(rng, scenario, exit_type, exit_date, end)
    return Journeys(placements, chains, exit_type, exit_date, arrival)


def _placements(
    rng: np.random.Generator,
    scenario: Scenario,
    people: People,
    *,
    victims: Ints,
    end: int,
    exits: tuple[np.ndarray, Ints],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    exit_type, exit_date = exits
    cur, start, path = victims, people.first_exploitation[victims], people.pathway[victims]
    first_role = np.where(people.entry[victims] == "deceived_in_north_korea", "recruiter", "broker")
    n_first = choose(rng, scenario["first_chain_sales_mix"], len(cur))
    chain_rows = [
        _chain_frame(
            cur, 0, n_first, (people.crossing[victims], start), first_role=first_role, pathway=path
        )
    ]
    place_rows = []
    for k in range(scenario["max_placements"]):
        if len(cur) == 0:
            break
        placed = _place(rng, scenario, cur, k=k, start=start, path=path, end=end)
        place_rows.append(placed)
        event, stop = placed["end_event"].to_numpy(), placed["end"].to_numpy()
        exited = (event != "") & (event != "resale")
        exit_type[cur[exited]] = event[exited]
        exit_date[cur[exited]] = stop[exited]
        resold = event == "resale"
        chain = _resale_chain(rng, scenario, cur[resold], (k + 1, stop[resold]), path[resold])
        chain_rows.append(chain)
        keep = chain["t1"].to_numpy() <= end
        cur, start = cur[resold][keep], chain["t1"].to_numpy()[keep]
        path = chain["pathway"].to_numpy()[keep]
    chains = pd.concat(chain_rows, ignore_index=True)
    chains["cutoff"] = RUNNING
    return pd.concat(place_rows, ignore_index=True), chains


def _place(
    rng: np.random.Generator,
    scenario: Scenario,
    cur: Ints,
    *,
    k: int,
    start: Ints,
    path: np.ndarray,
    end: int,
) -> pd.DataFrame:
    """Placement number ``k`` of each victim in ``cur``: duration and how it ends."""
    stop = start + _durations(rng, scenario, path)
    running = stop > end
    event = choose(rng, scenario["placement_end_mix"], len(cur))
    if k == scenario["max_placements"] - 1:
        event[event == "resale"] = "escape"
    event[running] = ""
    stop[running] = RUNNING
    frame = {"person": cur, "seq": k, "start": start, "end": stop, "pathway": path}
    return pd.DataFrame(frame).assign(end_event=event)


def _resale_chain(
    rng: np.random.Generator,
    scenario: Scenario,
    cur: Ints,
    target_stop: tuple[int, Ints],
    path: np.ndarray,
) -> pd.DataFrame:
    """The sales that take a resold victim from her exploiter to the next one."""
    target, stop = target_stop
    n_sales = choose(rng, scenario["resale_chain_sales_mix"], len(cur)).astype(np.int64)
    transit = lognormal(rng, scenario["resale_transit_days"], len(cur))
    start = stop + np.maximum(np.ceil(transit), n_sales).astype(np.int64)
    change = rng.random(len(cur)) < scenario["pathway_change_on_resale"]
    path = np.where(change, pathway_at(rng, scenario, years_of(start)), path)
    exploiter = np.full(len(cur), "exploiter", dtype=object)
    return _chain_frame(cur, target, n_sales, (stop, start), first_role=exploiter, pathway=path)


def _chain_frame(
    person: Ints,
    target: int,
    n_sales: np.ndarray,
    span: tuple[Ints, Ints],
    *,
    first_role: np.ndarray,
    pathway: np.ndarray,
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person": person,
            "target": target,
            "n_sales": n_sales.astype(np.int64),
            "t0": span[0],
            "t1": span[1],
            "first_role": first_role,
            "pathway": pathway,
        }
    )


def _durations(rng: np.random.Generator, scenario: Scenario, path: np.ndarray) -> Ints:
    days = np.zeros(len(path))
    for name in PATHWAYS:
        mask = path == name
        days[mask] = lognormal(rng, scenario["placement_days"][name], int(mask.sum()))
    return np.maximum(np.ceil(days), 1).astype(np.int64)


def _apply_shocks(
    rng: np.random.Generator,
    scenario: Scenario,
    placements: pd.DataFrame,
    chains: pd.DataFrame,
    exits: tuple[np.ndarray, Ints],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mass repatriations: each victim held on the day is returned with the shock's probability."""
    exit_type, exit_date = exits
    for shock in sorted(scenario["repatriation_shocks"], key=lambda s: s["date"]):
        when = day(shock["date"])
        held = _held_on(chains, exit_date, when)
        hit = held[rng.random(len(held)) < shock["probability"]]
        if len(hit) == 0:
            continue
        exit_type[hit], exit_date[hit] = "repatriation", when
        placements, chains = _truncate(placements, chains, hit, when)
    return placements, chains


def _held_on(chains: pd.DataFrame, exit_date: Ints, when: int) -> Ints:
    first = chains[chains["target"] == 0]
    persons = first["person"].to_numpy()
    started = first["t0"].to_numpy() <= when
    not_out = (exit_date[persons] == RUNNING) | (exit_date[persons] > when)
    return np.sort(persons[started & not_out])


def _truncate(
    placements: pd.DataFrame, chains: pd.DataFrame, hit: Ints, when: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    p_hit = placements["person"].isin(hit)
    placements = placements[~(p_hit & (placements["start"] > when))].copy()
    p_hit = placements["person"].isin(hit)
    cut = p_hit & ((placements["end"] == RUNNING) | (placements["end"] > when))
    placements.loc[cut, "end"] = when
    placements.loc[cut, "end_event"] = "repatriation"
    c_hit = chains["person"].isin(hit)
    chains = chains[~(c_hit & (chains["t0"] > when))].copy()
    c_hit = chains["person"].isin(hit)
    chains.loc[c_hit & (chains["t1"] > when), "cutoff"] = when
    return placements.reset_index(drop=True), chains.reset_index(drop=True)


def _arrivals(
    rng: np.random.Generator, scenario: Scenario, exit_type: np.ndarray, exit_date: Ints, end: int
) -> Ints:
    """Arrival in South Korea after escape or rescue, damped by the year's arrival factor."""
    arrival = np.full(len(exit_type), RUNNING, dtype=np.int64)
    reach = np.zeros(len(exit_type))
    for kind, p in scenario["reach_south_korea"].items():
        reach[exit_type == kind] = p
    delay = np.ceil(lognormal(rng, scenario["arrival_delay_days"], len(exit_type))).astype(np.int64)
    when = exit_date + np.maximum(delay, 1)
    inside = (reach > 0) & (when <= end)
    factor = np.zeros(len(exit_type))
    factor_by_year = scenario["arrival_year_factor"]
    years = years_of(np.where(inside, when, 0))
    factor[inside] = [factor_by_year.get(int(y), 0.0) for y in years[inside]]
    arrived = inside & (rng.random(len(exit_type)) < reach * factor)
    arrival[arrived] = when[arrived]
    return arrival
