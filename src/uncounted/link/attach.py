"""Second clustering pass: a record left alone joins the cluster that together agrees with it.

A record renamed without an alias, or written without a name, meets each
record of her other lists with little evidence: the same surname, a birth
year two or three years off, the same origin. No one pair reaches the
threshold, yet her other records, already linked into one cluster by their
names, carry between them her surname, a birth year and her origin. So, after
the first pass, each record alone is scored against each cluster it has a
candidate pair with, where it may join (no list twice where a list has no
duplicates, no two records judged apart):

- weight: the prior's weight plus, for each comparison, the strongest
  evidence for any record of the cluster gives (the surname agrees with one,
  the origin is known only on another) and the strongest evidence against
  (a birth year ten years off on a third). Taking the strongest, not the sum,
  counts once what the cluster's records share (one surname, one origin); a
  comparison left null by a record's missing field gives neither;
- posterior: ``boost`` times the odds ``2 ** weight`` for this cluster over
  one plus the same summed over every cluster the record may join. The record
  joins the cluster whose posterior reaches ``threshold``. ``boost`` raises the
  prior of a record left alone: it may only join clusters without a record of
  its list, a few among all.

The pairs must carry Splink's per-comparison match weights (``mw_*``, and
``mw_tf_adj_*`` for term-frequency adjustments; Splink's
``retain_intermediate_calculation_columns``). ``boost`` and ``threshold``
were chosen on the cross-script Korean benchmark (seed 20260101) and checked
on a held-out seed (7): see ``docs/link-korean.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Attach", "ClusterEvidence", "proposals"]

_TF = "mw_tf_adj_"


@dataclass(frozen=True)
class Attach:
    """The second pass's settings (see the module docstring)."""

    boost: float = 10.0
    threshold: float = 0.7
    check_joins: bool = True


class ClusterEvidence:
    """The weight of two groups of records being one person, from every scored pair
    between them: the prior's weight plus, per comparison, the strongest evidence for
    and the strongest against (as for a record joining a cluster). With
    ``Attach.check_joins`` the first pass joins two clusters only when this reaches
    its threshold: a pair above it does not join a cluster another of whose records
    contradicts it (a birth year ten years off, another origin)."""

    def __init__(self, pairs: pd.DataFrame) -> None:
        weights = comparison_weights(pairs)
        self.usable = not weights.empty and not pairs.empty
        self._weights = weights.to_numpy(dtype=float)
        self._prior = prior_weight(pairs, weights) if self.usable else 0.0
        self._index: dict[tuple[str, str], int] = {}
        if not self.usable:  # pairs without per-comparison weights: nothing to look up
            return
        for row, (a, b) in enumerate(zip(pairs["unique_id_l"], pairs["unique_id_r"], strict=True)):
            self._index[(a, b)] = self._index[(b, a)] = row

    def probability(self, left: list[str], right: list[str]) -> float:
        """Match probability of the groups ``left`` and ``right`` (1.0 when unusable)."""
        rows = [self._index[(a, b)] for a in left for b in right if (a, b) in self._index]
        if not self.usable or not rows:
            return 1.0
        block = self._weights[rows]
        support = np.clip(block.max(axis=0), 0.0, None).sum()
        against = np.clip(block.min(axis=0), None, 0.0).sum()
        weight = min(max(self._prior + support + against, -60.0), 60.0)
        return float(1.0 / (1.0 + 2.0**-weight))


def comparison_weights(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per comparison, its match weight with its term-frequency adjustment (one
    column per comparison, named after it); empty when ``pairs`` has none."""
    names = [c[3:] for c in pairs.columns if c.startswith("mw_") and not c.startswith(_TF)]
    out = pd.DataFrame(index=pairs.index)
    for name in names:
        weight = pairs[f"mw_{name}"].astype(float).fillna(0.0)
        if f"{_TF}{name}" in pairs.columns:
            weight = weight + pairs[f"{_TF}{name}"].astype(float).fillna(0.0)
        out[name] = weight
    return out


def prior_weight(pairs: pd.DataFrame, weights: pd.DataFrame) -> float:
    """The prior's match weight: each pair's total less its comparisons' weights."""
    return float(np.median(pairs["match_weight"].astype(float) - weights.sum(axis=1)))


def proposals(
    pairs: pd.DataFrame,
    alone: set[str],
    root: Callable[[str], str],
    may_join: Callable[[str, str], bool],
    settings: Attach,
) -> list[tuple[str, str, float]]:
    """(record alone, a record of the cluster it joins, posterior), strongest first.
    ``root``: a record's cluster; ``may_join(record, other)``: whether their clusters
    may be joined."""
    weights = comparison_weights(pairs)
    if weights.empty or not alone or pairs.empty:
        return []
    prior = prior_weight(pairs, weights)
    sides = []
    for mine, other in (("unique_id_l", "unique_id_r"), ("unique_id_r", "unique_id_l")):
        touching = pairs[mine].isin(alone)
        side = weights[touching].copy()
        side["record"], side["other"] = pairs.loc[touching, mine], pairs.loc[touching, other]
        sides.append(side)
    candidates = pd.concat(sides, ignore_index=True)
    keep = [may_join(r, o) for r, o in zip(candidates["record"], candidates["other"], strict=True)]
    candidates = candidates[keep]
    if candidates.empty:
        return []
    candidates["cluster"] = [root(o) for o in candidates["other"]]
    return _posteriors(candidates, list(weights.columns), prior, settings)


def _posteriors(
    candidates: pd.DataFrame, comparisons: list[str], prior: float, settings: Attach
) -> list[tuple[str, str, float]]:
    grouped = candidates.groupby(["record", "cluster"], sort=False)
    support = grouped[comparisons].max().clip(lower=0.0).sum(axis=1)
    against = grouped[comparisons].min().clip(upper=0.0).sum(axis=1)
    member = grouped["other"].first()
    weight = (prior + support + against).clip(upper=60.0)
    odds = settings.boost * weight.rpow(2.0)
    total = odds.groupby(level="record").transform("sum")
    posterior = odds / (1.0 + total)
    chosen = posterior[posterior >= settings.threshold].sort_values(ascending=False, kind="stable")
    records = chosen.index.get_level_values("record")
    clusters = chosen.index.get_level_values("cluster")
    return [
        (str(r), str(member[(r, c)]), float(p))
        for r, c, p in zip(records, clusters, chosen.to_numpy(), strict=True)
    ]
