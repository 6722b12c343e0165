"""A simulated world: deterministic, and its truth is internally consistent."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from uncounted.simulate import World, simulate_world

SIZE = 3000


@pytest.fixture(scope="module")
def world() -> World:
    return simulate_world("default", seed=7, size=SIZE)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_same_seed_gives_byte_identical_files(tmp_path: Path, world: World) -> None:
    world.write(tmp_path / "a")
    simulate_world("default", seed=7, size=SIZE).write(tmp_path / "b")
    simulate_world("default", seed=8, size=SIZE).write(tmp_path / "c")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert "lists/ngo.csv" in first and "truth/persons.csv" in first
    assert first == second
    assert _files(tmp_path / "c")["truth/persons.csv"] != first["truth/persons.csv"]


def test_every_sale_has_parties_and_a_date_inside_time_in_china(world: World) -> None:
    sales, persons = world.sales, world.persons.set_index("person_id")
    known = set(world.perpetrators["perpetrator_id"])
    assert sales["seller_id"].isin(known).all() and sales["buyer_id"].isin(known).all()
    assert (sales["seller_id"] != sales["buyer_id"]).all()
    victim = persons.loc[sales["person_id"]]
    assert (victim["trafficked"] == 1).all()
    date = pd.to_datetime(sales["date"]).to_numpy()
    assert (date >= pd.to_datetime(victim["crossing_date"]).to_numpy()).all()
    left = pd.to_datetime(victim["exit_date"].replace("", "2024-12-31")).to_numpy()
    assert (date <= left).all()
    assert (pd.to_datetime(sales["date"]).dt.year == sales["price_year"]).all()


def test_resale_chains_are_time_ordered_and_connected(world: World) -> None:
    sales = world.sales.sort_values(["person_id", "seq"])
    dates = pd.to_datetime(sales["date"])
    same = sales["person_id"].eq(sales["person_id"].shift())
    assert (dates.diff()[same] >= pd.Timedelta(0)).all()
    assert (sales["buyer_id"].shift()[same] == sales["seller_id"][same]).all()
    assert (
        sales.groupby("person_id")["seq"].apply(lambda s: list(s) == list(range(1, len(s) + 1)))
    ).all()


def test_margins_telescope_to_the_last_price(world: World) -> None:
    by_person = world.sales.sort_values("seq").groupby("person_id")
    assert (by_person["margin_cny"].sum() == by_person["price_cny"].last()).all()


def test_profits_equal_the_sum_of_their_parts(world: World) -> None:
    profits = world.profits_by_year.pivot(index="year", columns="component", values="amount_cny")
    parts = profits.drop(columns="total").sum(axis=1)
    assert np.allclose(parts, profits["total"], atol=0.05)
    margin = world.sales.groupby("price_year")["margin_cny"].sum()
    assert np.allclose(profits["sales_margin"].reindex(margin.index), margin)
    assert np.allclose(profits["sales_costs"].sum(), -world.sales["costs_cny"].sum())
    stages = world.journeys[world.journeys["stage"] == "exploitation"]
    revenue = stages.groupby("pathway")["revenue_cny"].sum()
    tolerance = 0.01 * len(stages)
    assert abs(profits["prostitution_revenue"].sum() - revenue["prostitution"]) < tolerance
    assert abs(profits["cybersex_revenue"].sum() - revenue["cybersex"]) < tolerance
    gross = profits["prostitution_revenue"].sum() + profits["cybersex_revenue"].sum()
    assert abs(profits["victim_share"].sum() - stages["victim_share_cny"].sum()) < tolerance
    assert profits["victim_share"].sum() < 0 < gross


def test_exploiters_match_the_pathway(world: World) -> None:
    roles = world.perpetrators.set_index("perpetrator_id")["role"]
    stages = world.journeys[world.journeys["stage"] == "exploitation"]
    expected = stages["pathway"].map(
        {
            "prostitution": "brothel_operator",
            "cybersex": "cybersex_operator",
            "forced_marriage": "husband",
            "other": "other_exploiter",
        }
    )
    assert (roles.loc[stages["perpetrator_id"]].to_numpy() == expected.to_numpy()).all()
    orgs = set(world.organisations["organisation_id"])
    with_org = world.perpetrators[world.perpetrators["role"] != "husband"]
    assert with_org["organisation_id"].isin(orgs).all()


def test_capture_histories_equal_those_recomputed_from_membership(world: World) -> None:
    lists = world.scenario.list_names
    on: dict[str, set[str]] = {}
    for row in world.membership.itertuples():
        on.setdefault(str(row.person_id), set()).add(str(row.list))
    expected = Counter(tuple(int(name in seen) for name in lists) for seen in on.values())
    table = world.capture_histories
    got = {tuple(int(v) for v in row[:-1]): int(row[-1]) for row in table.itertuples(index=False)}
    assert got == dict(expected)
    assert list(table.columns) == [*lists, "count"]


def test_membership_matches_the_list_files(world: World) -> None:
    for name, records in world.lists.items():
        members = world.membership[world.membership["list"] == name]
        assert sorted(members["record_id"]) == sorted(records["record_id"])
        assert records["record_id"].is_unique
    assert world.membership["person_id"].isin(world.victims["person_id"]).all()


def test_records_carry_the_mess_linkage_must_handle(world: World) -> None:
    records = pd.concat(world.lists.values())
    assert (records["name"].fillna("") == "").any()
    assert records["aliases"].fillna("").str.contains(r"\|").any()
    assert records["birth_year_min"].notna().any() and records["age"].notna().any()
    assert records["recorded_on"].str.len().isin([4, 7, 10]).all()
    assert (records["pathway"] == "unknown").any()
    north = set(world.persons["name_hangul"])
    assert records["name"].isin(north).any()


def test_files_do_not_depend_on_the_process_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = "import sys; from uncounted.simulate import simulate_world; "
    code += "simulate_world(seed=5, size=800).write(sys.argv[1])"
    src = str(Path(__file__).resolve().parents[2] / "src")
    for folder, hash_seed in (("x", "1"), ("y", "2")):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": src}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / folder)], env=env, check=True)
    assert _files(tmp_path / "x") == _files(tmp_path / "y")


def test_scenario_switches_change_what_they_should() -> None:
    base = simulate_world("default", seed=2, size=4000)
    floor = simulate_world("kfi_floor", seed=2, size=4000)
    park = simulate_world("park2018", seed=2, size=4000)

    def total(world: World) -> float:
        profits = world.profits_by_year
        return float(
            profits.loc[profits["component"] == "prostitution_revenue", "amount_cny"].sum()
        )

    assert total(floor) < 0.3 * total(base)
    deceived = (park.victims["entry_mechanism"] == "deceived_in_north_korea").mean()
    assert deceived > 0.5 > (base.victims["entry_mechanism"] == "deceived_in_north_korea").mean()
