"""The large-input path: chunked table, capped blocking keys, EM on blocks that suit it."""

from __future__ import annotations

import logging
import multiprocessing
import os
from dataclasses import replace

import pandas as pd
import pytest

from uncounted.link import large, run
from uncounted.link.engine import _rows, connect
from uncounted.link.fixtures import cross_script_lists
from uncounted.link.large import add_capped_keys, materialise_records
from uncounted.model import Record


def _named(names: list[tuple[str, int]]) -> list[Record]:
    return [
        Record(record_id=str(i), list="a", name=name, birth_year=year)
        for i, (name, year) in enumerate(names)
    ]


def _keys(records: list[Record], cap: int) -> dict[str, set[str]]:
    """Each record's capped keys as text."""
    con = connect()
    materialise_records(records, con, "t")
    add_capped_keys("t", con, cap, hashed=False)
    rows = _rows(con, "SELECT unique_id, cap_keys FROM t")
    return {str(uid): set(keys or []) for uid, keys in rows}


def _blocked_pairs(records: list[Record], cap: int, *, hashed: bool) -> set[tuple[str, str]]:
    """The pairs of records that share a capped key."""
    con = connect()
    materialise_records(records, con, "t")
    add_capped_keys("t", con, cap, hashed=hashed)
    _rows(con, "CREATE TABLE k AS SELECT unique_id, unnest(cap_keys) AS k FROM t")
    rows = _rows(
        con,
        "SELECT DISTINCT x.unique_id, y.unique_id FROM k x JOIN k y USING (k) "
        "WHERE x.unique_id < y.unique_id",
    )
    return {(str(a), str(b)) for a, b in rows}


def test_a_rare_key_is_kept_as_it_is() -> None:
    keys = _keys(_named([("김명희", 1980), ("김명희", 1990), ("박순자", 1970)]), cap=3)
    assert keys["a:0"] & keys["a:1"]
    assert not any(k.split(":", 1)[0] in "ag" and "#" in k for k in keys["a:0"])
    assert not keys["a:2"]


def test_a_common_key_is_used_with_the_birth_year_bin() -> None:
    names = [("김명희", 1980)] * 4 + [("김명희", 1995)] * 2
    keys = _keys(_named(names), cap=4)
    assert keys["a:0"] & keys["a:3"]
    assert all("#" in k for k in keys["a:0"])
    assert not keys["a:0"] & keys["a:4"]
    assert keys["a:4"] & keys["a:5"]


def test_a_key_too_common_even_by_bin_is_dropped() -> None:
    keys = _keys(_named([("김명희", 1980)] * 6), cap=4)
    assert all(not k for k in keys.values())


def test_chunks_make_one_table_with_typed_columns() -> None:
    records = cross_script_lists(60)
    con = connect()
    before = large.CHUNK_ROWS
    large.CHUNK_ROWS = 7
    try:
        materialise_records(records, con, "t")
    finally:
        large.CHUNK_ROWS = before
    assert _rows(con, "SELECT count(*) FROM t")[0][0] == len(records)
    types = dict((str(r[0]), str(r[1])) for r in _rows(con, "DESCRIBE t"))
    assert types["syl_direct"] == "VARCHAR[]"
    assert types["birth_year"] == "INTEGER"


def test_worker_processes_build_the_same_table_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    records = [
        replace(r, attributes={"camp": f"camp {len(r.record_id)}"}) if i % 3 == 0 else r
        for i, r in enumerate(cross_script_lists(60))
    ]
    monkeypatch.setattr(large, "CHUNK_ROWS", 11)
    tables = []
    for workers in (1, 2):
        con = connect()
        materialise_records(records, con, "t", ("camp",), workers=workers)
        tables.append(con.execute("SELECT * FROM t").df())
    alone, apart = tables
    assert len(alone) == len(records)
    assert apart.columns.tolist() == alone.columns.tolist()
    pd.testing.assert_frame_equal(apart, alone)
    assert alone["camp"].notna().sum() == len(records[::3])


def test_large_path_links_the_cross_script_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same people as the small path's test, through the large path (forced)."""
    monkeypatch.setattr(run, "LARGE_RECORDS", 0)
    records = cross_script_lists(300)
    result = run.link_records(records, threshold=0.5, large_inputs=True)
    clusters = result.clusters
    by_id = dict(
        zip(clusters["list"] + ":" + clusters["record_id"], clusters["cluster_id"], strict=True)
    )
    right = sum(by_id[f"ngo:k{i}"] == by_id[f"shelter:r{i}"] for i in range(300))
    assert right >= 200
    rules = result.model["blocking_rules_to_generate_predictions"]
    assert [r["blocking_rule"] for r in rules] == [large.CAPPED_RULE["blocking_rule"]]


def test_large_path_keeps_no_pair_within_a_duplicate_free_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run, "LARGE_RECORDS", 0)
    records = cross_script_lists(150)
    within = run.link_records(records, threshold=0.5, large_inputs=True).pairs
    ngo = within["unique_id_l"].str.startswith("ngo:") & within["unique_id_r"].str.startswith(
        "ngo:"
    )
    assert ngo.any()
    free = run.link_records(records, threshold=0.5, large_inputs=True, duplicate_free=["ngo"])
    lists = free.pairs[["source_dataset_l", "source_dataset_r"]]
    assert not ((lists["source_dataset_l"] == "ngo") & (lists["source_dataset_r"] == "ngo")).any()
    assert len(free.pairs) > 0


def test_large_path_reuses_a_trained_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "LARGE_RECORDS", 0)
    records = cross_script_lists(150)
    first = run.link_records(records, threshold=0.5, large_inputs=True)
    again = run.link_records(records, threshold=0.5, model=first.model, large_inputs=True)
    assert again.model["probability_two_random_records_match"] == pytest.approx(
        first.model["probability_two_random_records_match"]
    )
    assert (again.clusters["cluster_id"] == first.clusters["cluster_id"]).mean() >= 0.95


def test_large_path_is_chosen_by_size_and_said(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """From ``LARGE_RECORDS`` records the large path is taken, with a logged warning."""
    monkeypatch.setattr(run, "LARGE_RECORDS", 0)
    with caplog.at_level(logging.WARNING, logger="uncounted.link.run"):
        result = run.link_records(cross_script_lists(60), threshold=0.5)
    rules = result.model["blocking_rules_to_generate_predictions"]
    assert [r["blocking_rule"] for r in rules] == [large.CAPPED_RULE["blocking_rule"]]
    assert "large inputs" in caplog.text


def test_the_default_path_can_be_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """``large_inputs=False`` keeps the default path (its usual blocking rules) at any size."""
    monkeypatch.setattr(run, "LARGE_RECORDS", 0)
    result = run.link_records(cross_script_lists(60), threshold=0.5, large_inputs=False)
    rules = result.model["blocking_rules_to_generate_predictions"]
    assert large.CAPPED_RULE["blocking_rule"] not in [r["blocking_rule"] for r in rules]


def _pairwise_f1(result: run.LinkResult, n: int) -> float:
    """Pairwise F1 of the clusters against the fixture's truth (``ngo:k{i}`` ↔ ``shelter:r{i}``)."""
    clusters = result.clusters
    ids = clusters["list"] + ":" + clusters["record_id"]
    members: dict[str, list[str]] = {}
    for uid, cluster in zip(ids, clusters["cluster_id"], strict=True):
        members.setdefault(str(cluster), []).append(str(uid))
    found = {
        tuple(sorted((a, b))) for group in members.values() for a in group for b in group if a < b
    }
    truth = {tuple(sorted((f"ngo:k{i}", f"shelter:r{i}"))) for i in range(n)}
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth)
    return 2 * precision * recall / (precision + recall) if hits else 0.0


def test_large_path_agrees_with_the_default_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """On 2,000 records both paths run: the large path (forced) links about as well as the
    default path (pairwise F1 within 0.05), and both link most people (F1 ≥ 0.8)."""
    n = 1000
    records = cross_script_lists(n, seed=11)
    default = _pairwise_f1(run.link_records(records, threshold=0.5, large_inputs=False), n)
    monkeypatch.setattr(run, "LARGE_RECORDS", 0)
    large_f1 = _pairwise_f1(run.link_records(records, threshold=0.5, large_inputs=True), n)
    assert default >= 0.8
    assert large_f1 >= default - 0.05


def test_surname_and_two_given_syllables_block_what_the_commoner_keys_cannot() -> None:
    # Pinyin "Piao Dimu" and 박체목 share no full-name skeleton; their surname × first
    # syllable (pak|ce) is borne by too many records even within a birth-year bin, so
    # only the surname × first × second syllable key (pak|ce|mok) joins them.
    names = [("박체목", 1980), ("Piao Dimu", 1980)] + [(f"박체{c}", 1980) for c in "가나다라마바"]
    keys = _keys(_named(names), cap=4)
    shared = keys["a:0"] & keys["a:1"]
    assert shared
    assert all(k.startswith("n:") for k in shared)


def test_hashed_keys_block_the_same_pairs_as_their_text() -> None:
    # The cross-script lists, plus common names (kept only with a birth-year bin, or
    # dropped) and records without a birth year or name.
    records = cross_script_lists(300)
    records += _named([("김명희", 1980 + i % 12) for i in range(30)])
    records += [
        Record(record_id=f"x{i}", list="b", name="박순자", birth_year=1990 if i > 2 else None)
        for i in range(6)
    ]
    records += [Record(record_id=f"y{i}", list="b", birth_year=1980) for i in range(3)]
    text = _blocked_pairs(records, 4, hashed=False)
    assert len(text) > 300
    assert _blocked_pairs(records, 4, hashed=True) == text


def test_hashed_first_block_key_is_null_without_a_name() -> None:
    con = connect()
    records = [*_named([("김명희", 1980), ("김명희", 1981)]), Record(record_id="z", list="a")]
    materialise_records(records, con, "t")
    add_capped_keys("t", con, 4)
    rows = dict(_rows(con, "SELECT unique_id, first_block_key FROM t"))
    assert rows["a:0"] == rows["a:1"] is not None
    assert rows["a:z"] is None


def test_chunks_each_with_a_linker_score_the_pairs_of_one_chunk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Prediction in seven chunks (a fresh linker each) gives the pairs and scores of one."""
    monkeypatch.setattr(run, "LARGE_RECORDS", 0)
    records = cross_script_lists(150)
    model = run.link_records(records, threshold=0.5, large_inputs=True).model

    def scored(chunk_records: int) -> pd.DataFrame:
        monkeypatch.setattr(large, "PREDICT_CHUNK_RECORDS", chunk_records)
        pairs = run.link_records(records, model=model, large_inputs=True).pairs
        pairs = pairs[["unique_id_l", "unique_id_r", "match_probability"]]
        return pairs.sort_values(["unique_id_l", "unique_id_r"], ignore_index=True)

    whole, chunked = scored(10_000), scored(45)
    assert len(whole) > 100
    pd.testing.assert_frame_equal(whole, chunked)


def _dies_in_a_worker(chunk: list[Record], attributes: tuple[str, ...]) -> bytes:
    """Stands in for a worker's frame: the worker process running it dies."""
    assert multiprocessing.parent_process() is not None, "only workers send streams"
    os._exit(3)


def test_a_dead_worker_leaves_the_frame_to_this_process(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    records = cross_script_lists(40)
    monkeypatch.setattr(large, "CHUNK_ROWS", 9)
    expected_con = connect()
    materialise_records(records, expected_con, "t", workers=1)
    monkeypatch.setattr(large, "_frame_stream", _dies_in_a_worker)
    con = connect()
    with caplog.at_level(logging.WARNING, logger="uncounted.link.large"):
        materialise_records(records, con, "t", workers=2)
    assert "worker processes stopped" in caplog.text
    pd.testing.assert_frame_equal(
        con.execute("SELECT * FROM t").df(), expected_con.execute("SELECT * FROM t").df()
    )
