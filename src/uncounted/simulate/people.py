"""The women who cross: when, from where, how old, whether and how trafficked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from uncounted.simulate._draw import Floats, Ints, child, choose, choose_rows, year_end, year_start
from uncounted.simulate.names import Names, draw_names
from uncounted.simulate.scenario import Scenario, age_bands
from uncounted.simulate.schema import PATHWAYS

Objects = npt.NDArray[Any]


@dataclass
class People:
    """One entry per woman who crossed; victim fields matter where ``trafficked``."""

    crossing: Ints
    trafficked: npt.NDArray[np.bool_]
    entry: Objects
    birth_year: Ints
    origin: Objects
    pathway: Objects
    first_exploitation: Ints
    reachability: Floats
    names: Names

    @property
    def size(self) -> int:
        return len(self.crossing)


def draw_people(scenario: Scenario, seed: int, size: int) -> People:
    """Crossings, trafficking, entry, age, origin, first pathway and first exploitation."""
    rng = child(seed, "people")
    years = np.arange(scenario["start_year"], scenario["end_year"] + 1)
    crossing = _crossing_days(rng, scenario, years, size)
    age = _ages(rng, scenario, size)
    delay = np.ceil(
        rng.gamma(
            scenario["exploitation_delay_days"]["shape"],
            scenario["exploitation_delay_days"]["scale"],
            size,
        )
    ).astype(np.int64)
    first = crossing + np.maximum(delay, 1)
    wants = rng.random(size) < scenario["trafficked_share"]
    return People(
        crossing=crossing,
        trafficked=wants & (first <= year_end(scenario["end_year"])),
        entry=choose(rng, scenario["entry_mechanism_mix"], size),
        birth_year=_crossing_years(crossing, years) - age,
        origin=choose(rng, scenario["origin_mix"], size),
        pathway=pathway_at(rng, scenario, _crossing_years(crossing, years)),
        first_exploitation=first,
        reachability=rng.normal(0.0, 1.0, size),
        names=draw_names(child(seed, "names"), size),
    )


def _crossing_days(rng: np.random.Generator, scenario: Scenario, years: Ints, size: int) -> Ints:
    weights = np.array([scenario["crossing_weights"][int(y)] for y in years], dtype=float)
    chosen = rng.choice(years, size=size, p=weights / weights.sum())
    starts = np.array([year_start(int(y)) for y in years])
    lengths = np.array([year_end(int(y)) - year_start(int(y)) + 1 for y in years])
    index = chosen - years[0]
    return np.asarray(starts[index] + np.floor(rng.random(size) * lengths[index]), dtype=np.int64)


def _crossing_years(crossing: Ints, years: Ints) -> Ints:
    starts = np.array([year_start(int(y)) for y in years])
    return years[np.searchsorted(starts, crossing, side="right") - 1].astype(np.int64)


def _ages(rng: np.random.Generator, scenario: Scenario, size: int) -> Ints:
    bands = age_bands(scenario["age_band_mix"])
    low = np.array([b[0] for b in bands])
    high = np.array([b[1] for b in bands])
    weights = np.array([b[2] for b in bands])
    band = rng.choice(len(bands), size=size, p=weights / weights.sum())
    ages = low[band] + np.floor(rng.random(size) * (high[band] - low[band] + 1))
    return np.asarray(ages, dtype=np.int64)


def pathway_mix_matrix(scenario: Scenario, years: Ints) -> Floats:
    """(n, 4) pathway probabilities for each year, moving from the early to the late mix."""
    early_until, late_from = scenario["pathway_mix_early_until"], scenario["pathway_mix_late_from"]
    w = np.clip((years - early_until) / (late_from - early_until), 0.0, 1.0)[:, None]
    early = np.array([scenario["pathway_mix_early"][p] for p in PATHWAYS])
    late = np.array([scenario["pathway_mix_late"][p] for p in PATHWAYS])
    return np.asarray((1 - w) * early + w * late, dtype=float)


def pathway_at(rng: np.random.Generator, scenario: Scenario, years: Ints) -> Objects:
    """A pathway per entry, drawn from the mix in force in that year."""
    index = choose_rows(rng, pathway_mix_matrix(scenario, years))
    return np.array(PATHWAYS, dtype=object)[index]
