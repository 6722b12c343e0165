"""How each list writes a victim down: records CSV rows (contract 1) with real-world mess.

Names in North or South Korean Hangul spelling, Chinese characters, a
romanisation or not at all; some aliases; birth year exact, as a range, as an
age only, or missing, sometimes wrong by 1-3 years; origin missing or wrong;
pathway unknown; narratives that keep only some of the facts; recording dates
at day, month or year precision.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from uncounted.intake.columns import COLUMNS
from uncounted.simulate._draw import child, choose, iso, years_of
from uncounted.simulate.names import pinyin_name, romanised
from uncounted.simulate.people import People
from uncounted.simulate.scenario import ListSpec, Scenario

RECORD_COLUMNS = (*COLUMNS, "interviewer_code", "language")
"""The records CSV columns (``uncounted.intake.columns``) plus two kept as attributes."""
ENTRY_TEXT = {
    "deceived_in_north_korea": "Recruited in North Korea with a promise of work in China.",
    "coerced_in_china": "Coerced by a broker after arriving in China.",
    "sold_in_china": "Sold by a broker soon after arriving in China.",
    "abducted_in_china": "Abducted in China.",
}
PATHWAY_TEXT = {
    "prostitution": "forced into prostitution",
    "forced_marriage": "sold as a wife",
    "cybersex": "forced into cybersex",
    "other": "forced to work",
}


def draw_records(
    scenario: Scenario, seed: int, people: People, seen: pd.DataFrame, sales: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Records per list. ``seen`` has person, list, day, location, pathway, exit facts."""
    result = {}
    for spec in scenario.lists:
        rows = seen[seen["list"] == spec.name].reset_index(drop=True)
        rng = child(seed, f"record:{spec.name}")
        rows["n_sales"] = _sales_by(rows, sales)
        result[spec.name] = _records(rng, scenario, spec, people, rows)
    return result


def _sales_by(rows: pd.DataFrame, sales: pd.DataFrame) -> np.ndarray:
    """How many times each person had been sold by the recording day."""
    merged = (
        rows[["person", "day"]]
        .reset_index()
        .merge(sales[["person", "date"]], on="person", how="left")
    )
    merged["before"] = merged["date"] <= merged["day"]
    return merged.groupby("index")["before"].sum().reindex(rows.index, fill_value=0).to_numpy()


def _records(
    rng: np.random.Generator, scenario: Scenario, spec: ListSpec, people: People, rows: pd.DataFrame
) -> pd.DataFrame:
    n, rec = len(rows), spec.recording
    person = rows["person"].to_numpy()
    numbers = rng.permutation(n) + 1
    out = pd.DataFrame({"record_id": [f"{spec.name}-{k:05d}" for k in numbers], "list": spec.name})
    out["name"] = _names(rng, rec["name_forms"], people, person)
    out["aliases"] = _aliases(rng, rec["alias_share"], people, person)
    out["sex"] = "F"
    out = pd.concat([out, _birth(rng, rec, people.birth_year[person], rows["day"])], axis=1)
    out["recorded_on"] = _dates(rng, rec["date_precision"], rows["day"].to_numpy())
    out["origin"] = _origins(rng, scenario, rec, people.origin[person])
    out["location"] = spec.location or rows["location"].fillna("")
    known = rng.random(n) < rec["pathway_known_share"]
    out["pathway"] = np.where(known, rows["pathway"].fillna("unknown"), "unknown")
    out["narrative"] = _narratives(rng, rec, people, rows)
    out["interviewer_code"] = [f"{spec.name[:2].upper()}{k}" for k in rng.integers(1, 9, n)]
    out["language"] = rec["language"]
    out["person"] = person
    return out.sort_values("record_id").reset_index(drop=True)


def _names(
    rng: np.random.Generator, forms: dict[str, float], people: People, person: Any
) -> list[str]:
    chosen = choose(rng, forms, len(person))
    names = people.names
    result = []
    for form, i in zip(chosen, person, strict=True):
        if form == "hangul_north":
            result.append(names.north[i])
        elif form == "hangul_south":
            result.append(names.south[i])
        elif form == "hanja":
            result.append(names.hanja[i])
        elif form == "romanised":
            result.append(romanised(names, i, rng))
        elif form == "pinyin":
            result.append(pinyin_name(names, i))
        else:
            result.append("")
    return result


def _aliases(rng: np.random.Generator, share: float, people: People, person: Any) -> list[str]:
    keep = rng.random(len(person)) < share
    return [
        " | ".join(people.names.aliases[i]) if k else "" for k, i in zip(keep, person, strict=True)
    ]


def _birth(
    rng: np.random.Generator, rec: dict[str, Any], true_year: Any, day: pd.Series
) -> pd.DataFrame:
    n = len(true_year)
    wrong = rng.random(n) < rec["birth_year_error_share"]
    shift = rng.integers(1, 4, n) * rng.choice((-1, 1), n)
    reported = np.asarray(true_year) + np.where(wrong, shift, 0)
    form = choose(rng, rec["birth_year_forms"], n)
    age = years_of(day.to_numpy()) - reported
    spread = rng.integers(1, 4, n)
    blank = pd.array([None] * n, dtype="Int64")
    frame = pd.DataFrame(
        {"birth_year": blank, "birth_year_min": blank, "birth_year_max": blank, "age": blank}
    )
    exact, ranged, aged = form == "exact", form == "range", form == "age_only"
    frame.loc[exact, "birth_year"] = reported[exact]
    frame.loc[exact | aged, "age"] = age[exact | aged]
    frame.loc[ranged, "birth_year_min"] = (reported - spread)[ranged]
    frame.loc[ranged, "birth_year_max"] = (reported + spread)[ranged]
    return frame


def _dates(rng: np.random.Generator, precision: dict[str, float], days: Any) -> list[str]:
    chosen = choose(rng, precision, len(days))
    full = iso(days)
    cut = {"day": 10, "month": 7, "year": 4}
    return [text[: cut[p]] for text, p in zip(full, chosen, strict=True)]


def _origins(
    rng: np.random.Generator, scenario: Scenario, rec: dict[str, Any], origin: Any
) -> np.ndarray:
    n = len(origin)
    wrong = choose(rng, scenario["origin_mix"], n)
    result = np.where(rng.random(n) < rec["origin_error_share"], wrong, origin)
    return np.where(rng.random(n) < rec["origin_missing_share"], "", result)


def _narratives(
    rng: np.random.Generator, rec: dict[str, Any], people: People, rows: pd.DataFrame
) -> list[str]:
    n = len(rows)
    present = rng.random(n) < rec["narrative_share"]
    keep = rng.random((n, 4)) < rec["narrative_detail_share"]
    person = rows["person"].to_numpy()
    crossed = years_of(people.crossing[person])
    places = rows["location"].fillna("").astype(str).tolist()
    paths = rows["pathway"].fillna("").astype(str).tolist()
    sold = rows["n_sales"].astype(int).tolist()
    texts = []
    for k, i in enumerate(person):
        parts = [
            f"Crossed into China in {crossed[k]} from {people.origin[i]}.",
            ENTRY_TEXT[str(people.entry[i])],
            f"Sold {sold[k]} time{'s' if sold[k] != 1 else ''}.",
            f"Held in {places[k]} and {PATHWAY_TEXT.get(paths[k], 'exploited')}."
            if places[k]
            else "",
        ]
        chosen = [p for p, on in zip(parts, keep[k], strict=True) if on and p]
        texts.append(" ".join(chosen) if present[k] else "")
    return texts
