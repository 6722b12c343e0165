"""The perpetrator network: typed perpetrators in pools per role and place, and organisations.

Perpetrators are created on demand: a pool per (role, location) sized by the
role's load (victims or placements per perpetrator), from which actors are
drawn with Zipf weights, so a few brokers and brothels handle many victims.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from uncounted.simulate._draw import zipf_weights

EXPLOITER_ROLE = {
    "prostitution": "brothel_operator",
    "cybersex": "cybersex_operator",
    "forced_marriage": "husband",
    "other": "other_exploiter",
}
ORGANISATION_KIND = {
    "brothel_operator": "brothel",
    "cybersex_operator": "cybersex_den",
    "other_exploiter": "labour_site",
}
RING_ROLES = ("recruiter", "broker", "wholesaler")


class Registry:
    """Perpetrators created so far; ids are ``X000001``… in creation order."""

    def __init__(self, load: dict[str, float], exponent: float) -> None:
        self.load, self.exponent = load, exponent
        self.roles: list[str] = []
        self.locations: list[str] = []

    def assign(self, rng: np.random.Generator, role: str, locations: np.ndarray) -> np.ndarray:
        """One perpetrator id per entry of ``locations``, drawn from that place's pool."""
        result = np.empty(len(locations), dtype=object)
        for place in sorted(set(locations.tolist())):
            rows = np.flatnonzero(locations == place)
            size = max(1, math.ceil(len(rows) / self.load[role]))
            first = len(self.roles)
            self.roles.extend([role] * size)
            self.locations.extend([place] * size)
            picks = rng.choice(size, size=len(rows), p=zipf_weights(size, self.exponent))
            result[rows] = [f"X{first + i + 1:06d}" for i in picks]
        return result

    def frames(
        self, rng: np.random.Generator, used: set[str], ring_size: int
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """``(perpetrators, organisations)`` keeping only perpetrators that took part."""
        ids = np.array([f"X{i + 1:06d}" for i in range(len(self.roles))], dtype=object)
        people = pd.DataFrame(
            {"perpetrator_id": ids, "role": self.roles, "location": self.locations}
        )
        people = people[people["perpetrator_id"].isin(used)].reset_index(drop=True)
        people["organisation_id"] = ""
        orgs = [_rings(rng, people, ring_size), _venues(people)]
        organisations = pd.concat(orgs, ignore_index=True)
        people = people[["perpetrator_id", "role", "organisation_id", "location"]]
        return people, organisations


def _rings(rng: np.random.Generator, people: pd.DataFrame, ring_size: int) -> pd.DataFrame:
    members = np.flatnonzero(people["role"].isin(RING_ROLES).to_numpy())
    members = members[rng.permutation(len(members))]
    n_rings = max(1, math.ceil(len(members) / ring_size))
    ring_of = np.arange(len(members)) % n_rings
    ids = np.array([f"O{r + 1:05d}" for r in range(n_rings)], dtype=object)
    people.loc[people.index[members], "organisation_id"] = ids[ring_of]
    ring_members = people.loc[people.index[members]]
    home = ring_members.groupby("organisation_id")["location"].agg(lambda s: s.mode().iloc[0])
    return pd.DataFrame(
        {"organisation_id": home.index, "kind": "trafficking_ring", "location": home.to_numpy()}
    )


def _venues(people: pd.DataFrame) -> pd.DataFrame:
    venue_rows = np.flatnonzero(people["role"].isin(list(ORGANISATION_KIND)).to_numpy())
    start = int(people["organisation_id"].str.slice(1).replace("", "0").astype(int).max()) + 1
    ids = np.array([f"O{start + i:05d}" for i in range(len(venue_rows))], dtype=object)
    people.loc[people.index[venue_rows], "organisation_id"] = ids
    venues = people.loc[people.index[venue_rows]]
    return pd.DataFrame(
        {
            "organisation_id": ids,
            "kind": venues["role"].map(ORGANISATION_KIND).to_numpy(),
            "location": venues["location"].to_numpy(),
        }
    )
