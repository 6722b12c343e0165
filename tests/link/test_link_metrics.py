"""The benchmarks' top-1 measure: ties at the best weight share the credit, so the
figure does not depend on the order the pairs arrive in (hand-made pairs)."""

from __future__ import annotations

import pandas as pd
import pytest
from benchmarks.link_metrics import top1


def _pairs(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "match_weight"])


TRUTH = {("a:1", "b:1"), ("a:2", "b:2")}
RECORDS = {"a:1", "a:2", "b:1", "b:2", "b:3"}


def test_a_strict_best_true_partner_counts_one() -> None:
    pairs = _pairs([("a:1", "b:1", 5.0), ("a:1", "b:3", 1.0), ("a:2", "b:2", 2.0)])
    assert top1(pairs, TRUTH, RECORDS) == 1.0


def test_a_tie_with_a_false_partner_counts_half_in_either_order() -> None:
    rows = [("a:1", "b:1", 3.0), ("a:1", "b:3", 3.0), ("a:2", "b:2", 2.0)]
    # a:1 ties (1/2); b:1, a:2 and b:2 have one partner each, all true.
    expected = (0.5 + 1 + 1 + 1) / 4
    assert top1(_pairs(rows), TRUTH, RECORDS) == pytest.approx(expected)
    assert top1(_pairs(rows[::-1]), TRUTH, RECORDS) == pytest.approx(expected)


def test_a_record_without_pairs_or_beaten_by_a_false_partner_counts_zero() -> None:
    pairs = _pairs([("a:1", "b:3", 4.0), ("a:1", "b:1", 1.0)])
    # a:1 misses (b:3 is best), b:1 hits (its one partner is true), a:2 and b:2 have none.
    assert top1(pairs, TRUTH, RECORDS) == pytest.approx(1 / 4)
