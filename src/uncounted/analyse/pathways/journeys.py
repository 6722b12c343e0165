"""Journey sequences: flows from one stage to the next (transit → pathway → … → exit)."""

from __future__ import annotations

import pandas as pd

from uncounted.errors import InputError


def _state(journeys: pd.DataFrame) -> pd.Series:
    stage = journeys["stage"].astype(str)
    return stage.where(stage != "exploitation", journeys["pathway"].astype(str))


def stage_flows(journeys: pd.DataFrame, persons: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of ``source → target`` moves over all journeys, largest first.

    Consecutive transit rows collapse into one ``transit`` state. When ``persons``
    (with ``exit_type``) is given, each journey ends in its exit (``still held``
    when empty).
    """
    for column in ("person_id", "seq", "stage", "pathway"):
        if column not in journeys:
            raise InputError(f"journeys table lacks column {column!r}", column=column)
    ordered = journeys.sort_values(["person_id", "seq"])
    states = ordered.assign(state=_state(ordered))[["person_id", "state"]]
    states = states[states["state"] != states.groupby("person_id")["state"].shift(1)]
    if persons is not None:
        states = pd.concat([states, _exits(persons, states["person_id"].unique())])
        states = states.reset_index(drop=True)
    states["target"] = states.groupby("person_id", sort=False)["state"].shift(-1)
    moves = states.dropna(subset=["target"]).rename(columns={"state": "source"})
    counts = moves.groupby(["source", "target"]).size().rename("count").reset_index()
    return counts.sort_values("count", ascending=False).reset_index(drop=True)


def _exits(persons: pd.DataFrame, ids: object) -> pd.DataFrame:
    chosen = persons[persons["person_id"].isin(ids)]  # type: ignore[arg-type]
    exit_type = chosen["exit_type"].fillna("").astype(str).replace("", "still held")
    return pd.DataFrame({"person_id": chosen["person_id"], "state": "exit: " + exit_type})
