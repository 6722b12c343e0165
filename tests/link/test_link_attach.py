"""The second clustering pass: a record left alone joins the cluster that together agrees
with it, within the same constraints (one-to-one lists, negative judgements).

Hand-made weights: the prior's weight is -10 bits in every pair; with the default
boost 10 a cluster whose strongest evidence sums to +2 bits has odds 10 * 2**2 = 40,
so posterior 40/41 when it is the only one, 40/81 beside an equal rival.
"""

from __future__ import annotations

import pandas as pd

from uncounted.link.attach import Attach
from uncounted.link.clusters import cluster_pairs

PRIOR = -10.0
COMPARISONS = ("surname", "given_name", "birth_year", "origin")


def _ids(*uids: str) -> pd.DataFrame:
    return pd.DataFrame({"unique_id": uids, "source_dataset": [u.split(":")[0] for u in uids]})


def _pair(a: str, b: str, **weights: float) -> dict[str, object]:
    row: dict[str, object] = {f"mw_{c}": weights.get(c, 0.0) for c in COMPARISONS}
    weight = PRIOR + sum(weights.values())
    row.update(unique_id_l=a, unique_id_r=b, match_weight=weight)
    row["match_probability"] = 2**weight / (1 + 2**weight)
    return row


def _linked(a: str, b: str) -> dict[str, object]:
    return _pair(a, b, surname=5, given_name=10, birth_year=3)


# Renamed on list a: her surname agrees with b:1 (c:1 has no name), her origin with c:1
# (b:1 has none), her birth year with both; each pair alone scores 6 % or 11 %.
RENAMED = [
    _pair("a:1", "b:1", surname=5, given_name=-2, birth_year=3),
    _pair("a:1", "c:1", birth_year=3, origin=4),
]


def _groups(
    ids: pd.DataFrame,
    rows: list[dict[str, object]],
    attach: Attach | None = None,
    negative: tuple[tuple[str, str], ...] = (),
) -> set[frozenset[str]]:
    lists = ["a", "b", "c", "d"]
    pairs = pd.DataFrame(rows)
    result = cluster_pairs(ids, pairs, 0.5, duplicate_free=lists, attach=attach, negative=negative)
    return {frozenset(g["unique_id"]) for _, g in result.clusters.groupby("cluster_id")}


def test_a_record_alone_joins_the_cluster_whose_records_together_agree_with_it() -> None:
    ids = _ids("a:1", "b:1", "c:1")
    rows = [_linked("b:1", "c:1"), *RENAMED]
    assert frozenset({"b:1", "c:1"}) in _groups(ids, rows)
    assert _groups(ids, rows, attach=Attach()) == {frozenset({"a:1", "b:1", "c:1"})}
    result = cluster_pairs(ids, pd.DataFrame(rows), 0.5, attach=Attach())
    assert "cluster agreement" in set(result.accepted["reason"])


def test_an_equally_good_rival_cluster_leaves_the_record_alone() -> None:
    ids = _ids("a:1", "b:1", "c:1", "b:2", "d:2")
    rival = [
        _linked("b:2", "d:2"),
        _pair("a:1", "b:2", surname=5, given_name=-2, birth_year=3),
        _pair("a:1", "d:2", birth_year=3, origin=4),
    ]
    rows = [_linked("b:1", "c:1"), *RENAMED, *rival]
    assert frozenset({"a:1"}) in _groups(ids, rows, attach=Attach())


def test_no_cluster_that_already_holds_a_record_of_its_list() -> None:
    ids = _ids("a:1", "b:1", "c:1", "a:2")
    rows = [_linked("b:1", "c:1"), _linked("a:2", "b:1"), *RENAMED]
    groups = _groups(ids, rows, attach=Attach())
    assert frozenset({"a:1"}) in groups


def test_a_negative_judgement_keeps_the_record_out() -> None:
    ids = _ids("a:1", "b:1", "c:1")
    rows = [_linked("b:1", "c:1"), *RENAMED]
    groups = _groups(ids, rows, attach=Attach(), negative=(("a:1", "c:1"),))
    assert frozenset({"a:1"}) in groups


def test_pairs_without_comparison_weights_leave_clusters_as_they_were() -> None:
    ids = _ids("a:1", "b:1")
    pairs = pd.DataFrame(
        [("a:1", "b:1", 0.3)], columns=["unique_id_l", "unique_id_r", "match_probability"]
    )
    result = cluster_pairs(ids, pairs, 0.5, attach=Attach())
    assert result.clusters["cluster_id"].nunique() == 2


def test_a_cluster_record_that_contradicts_counts_against_the_cluster() -> None:
    # A third record of the cluster gives a birth year far off: evidence against
    # (-8 bits) that the other records' agreement does not cancel.
    ids = _ids("a:1", "b:1", "c:1", "d:1")
    far = _pair("a:1", "d:1", birth_year=-8)
    rows = [_linked("b:1", "c:1"), _linked("c:1", "d:1"), *RENAMED, far]
    assert frozenset({"a:1"}) in _groups(ids, rows, attach=Attach())


def test_a_strong_pair_does_not_join_a_cluster_another_record_of_which_contradicts_it() -> None:
    # a:1 and b:1 agree in name (p > 0.99), but c:1, already one with b:1, gives
    # another origin and a birth year far off: taken together, they are not one.
    ids = _ids("a:1", "b:1", "c:1")
    rows = [
        _linked("b:1", "c:1"),
        _linked("a:1", "b:1"),
        _pair("a:1", "c:1", surname=5, given_name=10, birth_year=-8, origin=-9),
    ]
    rows[1]["match_probability"] = 0.9
    checked = _groups(ids, rows, attach=Attach())
    assert frozenset({"a:1"}) in checked
    unchecked = _groups(ids, rows, attach=Attach(check_joins=False))
    assert unchecked == {frozenset({"a:1", "b:1", "c:1"})}
