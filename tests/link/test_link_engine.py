"""Linkage end to end on small hand-made lists in different scripts, with real Splink."""

from __future__ import annotations

import json
import random

import pytest

from uncounted.errors import LinkageError
from uncounted.link.engine import connect
from uncounted.link.names import System, romanise_name
from uncounted.link.run import link_records
from uncounted.model import Record

_SYLLABLES = "명희순영정옥미숙자경현은철수진선민성혜란춘화"
_SURNAMES = "김이박최정강조윤장임한오서신권황안송"


def _people(n: int, seed: int) -> list[tuple[str, str, int, str]]:
    rng = random.Random(seed)
    seen: set[str] = set()
    people = []
    while len(people) < n:
        surname = rng.choice(_SURNAMES)
        given = rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES)
        if surname + given in seen:
            continue
        seen.add(surname + given)
        origin = rng.choice(["North Hamgyong", "Ryanggang", "South Hamgyong", "Chagang"])
        people.append((surname, given, rng.randint(1975, 2000), origin))
    return people


def _lists(n: int = 120, seed: int = 7) -> list[Record]:
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


@pytest.fixture(scope="module")
def linked() -> tuple[list[Record], object]:
    records = _lists()
    return records, link_records(records, threshold=0.5, duplicate_free=["ngo", "shelter"])


def test_cross_script_lists_link_to_the_same_people(linked: tuple[list[Record], object]) -> None:
    records, result = linked
    clusters = result.clusters  # type: ignore[attr-defined]
    assert list(clusters.columns) == ["record_id", "list", "cluster_id", "match_probability"]
    assert len(clusters) == len(records)
    by_id = dict(
        zip(clusters["list"] + ":" + clusters["record_id"], clusters["cluster_id"], strict=True)
    )
    right = sum(by_id[f"ngo:k{i}"] == by_id[f"shelter:r{i}"] for i in range(120))
    assert right >= 110


def test_model_is_splink_settings_json(linked: tuple[list[Record], object]) -> None:
    records, result = linked
    model = json.loads(json.dumps(result.model))  # type: ignore[attr-defined]
    assert model["link_type"] == "link_and_dedupe"
    names = [c["output_column_name"] for c in model["comparisons"]]
    assert names[:3] == ["surname", "given_name", "aliases"]
    again = link_records(records, threshold=0.5, model=model, duplicate_free=["ngo", "shelter"])
    assert again.clusters.equals(result.clusters)  # type: ignore[attr-defined]


def test_duckdb_never_spills_to_disk() -> None:
    con = connect("256MB")
    assert con.execute("select current_setting('temp_directory')").fetchall() == [("",)]
    size = con.execute("select current_setting('max_temp_directory_size')").fetchall()[0][0]
    assert str(size).startswith("0")
    with pytest.raises(LinkageError):
        connect("lots")


def test_threshold_must_be_a_probability() -> None:
    with pytest.raises(LinkageError):
        link_records(_lists(4), threshold=1.5)
