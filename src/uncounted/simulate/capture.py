"""Which victims each documentation list sees, and when.

Each list sees only *eligible* victims (all, after an exit, rescued, or arrived
in South Korea) during its years. Among them, capture is logistic in
``intercept + pathway effect + loading x reachability + dependence on earlier
lists``. Reachability is one latent normal per victim shared by all lists, so
lists depend on each other positively; ``depends_on`` adds direct dependence
(e.g. rescue -> arrival). The intercept is solved so that the expected
coverage (share of all victims on the list) equals the scenario's target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from uncounted.simulate._draw import Floats, Ints, child, year_end, year_start, years_of
from uncounted.simulate.journeys import RUNNING, Journeys
from uncounted.simulate.people import People
from uncounted.simulate.scenario import ListSpec, Scenario

MAX_DELAY_DAYS = {"exited": 60, "arrived": 30}


def draw_captures(
    scenario: Scenario, seed: int, people: People, journeys: Journeys
) -> pd.DataFrame:
    """``person, list, day`` for every (victim, list) capture, in scenario list order."""
    victims = np.flatnonzero(people.trafficked)
    captured: dict[str, np.ndarray] = {}
    frames = []
    end = year_end(scenario["end_year"])
    for spec in scenario.lists:
        rng = child(seed, f"capture:{spec.name}")
        eligible, when = _eligibility(rng, spec, people, journeys, victims=victims, end=end)
        logit = _linear(spec, people, victims, captured)
        target = spec.coverage * len(victims)
        p = _probabilities(logit, eligible, target)
        hit = rng.random(len(victims)) < p
        captured[spec.name] = hit
        frames.append(pd.DataFrame({"person": victims[hit], "list": spec.name, "day": when[hit]}))
    return pd.concat(frames, ignore_index=True)


def _linear(
    spec: ListSpec, people: People, victims: Ints, captured: dict[str, np.ndarray]
) -> Floats:
    path = people.pathway[victims]
    effect = np.array([spec.pathway_effects[p] for p in path], dtype=float)
    logit = effect + spec.reachability_loading * people.reachability[victims]
    for other, weight in spec.depends_on.items():
        logit = logit + weight * captured[other]
    return logit


def _probabilities(logit: Floats, eligible: np.ndarray, target: float) -> Floats:
    """Logistic probabilities with the intercept solved by bisection to hit ``target``."""
    low, high = -30.0, 30.0
    for _ in range(80):
        mid = (low + high) / 2
        expected = float((eligible / (1 + np.exp(-(mid + logit)))).sum())
        low, high = (mid, high) if expected < target else (low, mid)
    return np.asarray(eligible / (1 + np.exp(-((low + high) / 2 + logit))), dtype=float)


def _eligibility(
    rng: np.random.Generator,
    spec: ListSpec,
    people: People,
    journeys: Journeys,
    *,
    victims: Ints,
    end: int,
) -> tuple[np.ndarray, Ints]:
    """Who the list can see and the day it would record them."""
    first, last = year_start(spec.years[0]), year_end(spec.years[1])
    exit_type, exit_date = journeys.exit_type[victims], journeys.exit_date[victims]
    arrival = journeys.arrival[victims]
    if spec.eligible == "all":
        return _present(
            rng,
            people.first_exploitation[victims],
            (exit_type, exit_date, arrival),
            (first, last),
            end,
        )
    if spec.eligible == "arrived":
        base, ok = arrival, arrival != RUNNING
    elif spec.eligible == "rescued":
        base, ok = exit_date, exit_type == "rescue"
    else:
        base, ok = exit_date, np.isin(exit_type, ("escape", "rescue"))
    delay = rng.integers(0, MAX_DELAY_DAYS.get(spec.eligible, 0) + 1, len(victims))
    when = np.minimum(base + delay, end)
    in_years = np.isin(years_of(np.where(ok, base, 0)), np.arange(spec.years[0], spec.years[1] + 1))
    return ok & in_years, when


def _present(
    rng: np.random.Generator,
    start: Ints,
    exits: tuple[np.ndarray, Ints, Ints],
    window: tuple[int, int],
    end: int,
) -> tuple[np.ndarray, Ints]:
    """Victims in China (from first exploitation to leaving China) during the list's years."""
    exit_type, exit_date, arrival = exits
    first, last = window
    leaves = np.where(np.isin(exit_type, ("repatriation", "death")), exit_date, end)
    exit_type, exit_date, arrival = exits
    first, last = window
    leaves = np.where(arrival != RUNNING, arrival, leaves)
    lo = np.maximum(start, first)
    hi = np.minimum(leaves, last)
    ok = hi >= lo
    when = lo + np.floor(rng.random(len(start)) * (np.maximum(hi - lo, 0) + 1)).astype(np.int64)
    return ok, when
