"""Small hand-made cross-script lists for tests and examples (no real person)."""

from __future__ import annotations

import random

from uncounted.link.names import System, romanise_name
from uncounted.model import Record

__all__ = ["cross_script_lists"]

_SYLLABLES = "명희순영정옥미숙자경현은철수진선민성혜란춘화"
_SURNAMES = "김이박최정강조윤장임한오서신권황안송"


def _people(n: int, seed: int) -> list[tuple[str, str, int, str]]:
    rng = random.Random(seed)
    seen: set[str] = set()
    people: list[tuple[str, str, int, str]] = []
    while len(people) < n:
        surname = rng.choice(_SURNAMES)
        given = rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES)
        if surname + given in seen:
            continue
        seen.add(surname + given)
        origin = rng.choice(["North Hamgyong", "Ryanggang", "South Hamgyong", "Chagang"])
        people.append((surname, given, rng.randint(1975, 2000), origin))
    return people


def cross_script_lists(n: int = 120, seed: int = 7) -> list[Record]:
    """``n`` made-up people on list ``ngo`` (Hangul) and ``shelter`` (NK, MR or passport
    romanisation, birth year ±2, origin sometimes missing); record ``k{i}`` ↔ ``r{i}``."""
    rng = random.Random(seed)
    records = []
    for index, (surname, given, year, origin) in enumerate(_people(n, seed)):
        records.append(
            Record(
                record_id=f"k{index}",
                list="ngo",
                name=surname + given,
                birth_year=year,
                origin=origin,
            )
        )
        system = (System.NK, System.MR, System.PASSPORT)[index % 3]
        latin = romanise_name(surname, given, system, ascii=True)
        records.append(
            Record(
                record_id=f"r{index}",
                list="shelter",
                name=latin,
                birth_year=year + rng.randint(-2, 2),
                origin=origin if index % 4 else None,
            )
        )
    return records
