"""Clustering with judgements and one-to-one lists: judgements always win over scores."""

from __future__ import annotations

import pandas as pd

from uncounted.link.clusters import cluster_pairs


def _ids(*uids: str) -> pd.DataFrame:
    return pd.DataFrame({"unique_id": uids, "source_dataset": [u.split(":")[0] for u in uids]})


def _pairs(*rows: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "match_probability"])


def _groups(result: pd.DataFrame) -> set[frozenset[str]]:
    return {frozenset(g["unique_id"]) for _, g in result.groupby("cluster_id")}


def test_threshold_and_transitive_clusters() -> None:
    ids = _ids("a:1", "b:1", "c:1", "a:2")
    pairs = _pairs(("a:1", "b:1", 0.99), ("b:1", "c:1", 0.95), ("a:2", "c:1", 0.4))
    result = cluster_pairs(ids, pairs, 0.9).clusters
    assert _groups(result) == {frozenset({"a:1", "b:1", "c:1"}), frozenset({"a:2"})}
    assert pd.isna(result.set_index("unique_id").loc["a:2", "match_probability"])


def test_one_to_one_within_duplicate_free_lists() -> None:
    ids = _ids("a:1", "a:2", "b:1")
    pairs = _pairs(("a:1", "b:1", 0.99), ("a:2", "b:1", 0.98))
    free = cluster_pairs(ids, pairs, 0.9).clusters
    assert len(_groups(free)) == 1
    strict = cluster_pairs(ids, pairs, 0.9, duplicate_free=["a"]).clusters
    assert _groups(strict) == {frozenset({"a:1", "b:1"}), frozenset({"a:2"})}


def test_negative_judgement_keeps_records_apart_even_through_a_chain() -> None:
    ids = _ids("a:1", "b:1", "c:1")
    pairs = _pairs(("a:1", "b:1", 0.999), ("b:1", "c:1", 0.998), ("a:1", "c:1", 0.997))
    result = cluster_pairs(ids, pairs, 0.5, negative=[("a:1", "c:1")]).clusters
    groups = _groups(result)
    assert not any({"a:1", "c:1"} <= g for g in groups)
    assert frozenset({"a:1", "b:1"}) in groups


def test_positive_judgement_keeps_records_together_at_any_score() -> None:
    ids = _ids("a:1", "b:1")
    result = cluster_pairs(ids, _pairs(("a:1", "b:1", 0.0001)), 0.9, positive=[("a:1", "b:1")])
    assert _groups(result.clusters) == {frozenset({"a:1", "b:1"})}
    assert list(result.accepted["reason"]) == ["positive judgement"]
