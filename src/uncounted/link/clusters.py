"""Clusters from scored pairs, with human judgements as constraints.

Greedy agglomeration (highest match probability first) over a union–find:

1. pairs judged *positive* are joined first, whatever their score;
2. then automatic links at or above the threshold, strongest first, unless
   joining would put two records judged *negative* in one cluster, or two
   records of a list declared duplicate-free in one cluster (one-to-one
   within a list).

So a negative judgement keeps two records apart however high their score
rises, and a positive one keeps them together however low it falls.

3. with ``attach``, a record still alone then joins the cluster whose records
   together agree with it (:mod:`uncounted.link.attach`), under the same
   constraints; and (``Attach.check_joins``) step 2 joins two clusters only when
   every scored pair between them, taken together, still reaches the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from uncounted.link.attach import Attach, ClusterEvidence, proposals

__all__ = ["ClusterResult", "cluster_pairs"]


@dataclass
class _Forest:
    parent: dict[str, str]
    lists: dict[str, dict[str, int]]
    apart: dict[str, set[str]] = field(default_factory=dict)

    def find(self, node: str) -> str:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def can_join(self, a: str, b: str, strict: frozenset[str]) -> bool:
        if a == b:
            return True
        if b in self.apart.get(a, set()):
            return False
        shared = set(self.lists[a]) & set(self.lists[b]) & strict
        return not shared

    def join(self, a: str, b: str) -> None:
        if a == b:
            return
        if len(self.lists[a]) < len(self.lists[b]):
            a, b = b, a
        self.parent[b] = a
        for name, count in self.lists.pop(b).items():
            self.lists[a][name] = self.lists[a].get(name, 0) + count
        forbidden = self.apart.pop(b, set())
        self.apart.setdefault(a, set()).update(forbidden)
        for other in forbidden:
            peers = self.apart.setdefault(other, set())
            peers.discard(b)
            peers.add(a)


@dataclass(frozen=True)
class ClusterResult:
    """``clusters``: unique_id, cluster_id, match_probability (strongest accepted link);
    ``accepted``: the pairs that made the clusters, with ``reason`` (judgement or score)."""

    clusters: pd.DataFrame
    accepted: pd.DataFrame


def _forest(ids: pd.DataFrame) -> _Forest:
    parent = {u: u for u in ids["unique_id"]}
    lists = {u: {str(s): 1} for u, s in zip(ids["unique_id"], ids["source_dataset"], strict=True)}
    return _Forest(parent, lists)


def _keep_apart(forest: _Forest, negatives: Iterable[tuple[str, str]]) -> None:
    for a, b in negatives:
        if a in forest.parent and b in forest.parent:
            ra, rb = forest.find(a), forest.find(b)
            forest.apart.setdefault(ra, set()).add(rb)
            forest.apart.setdefault(rb, set()).add(ra)


def cluster_pairs(
    ids: pd.DataFrame,
    pairs: pd.DataFrame,
    threshold: float,
    *,
    duplicate_free: Sequence[str] = (),
    positive: Iterable[tuple[str, str]] = (),
    negative: Iterable[tuple[str, str]] = (),
    attach: Attach | None = None,
) -> ClusterResult:
    """Cluster records (``ids``: unique_id, source_dataset) from scored ``pairs``
    (unique_id_l, unique_id_r, match_probability; with ``attach``, also match_weight
    and the per-comparison ``mw_*`` columns); see the module docstring."""
    forest = _forest(ids)
    _keep_apart(forest, negative)
    strict = frozenset(duplicate_free)
    accepted: list[tuple[str, str, float, str]] = []
    for a, b in positive:
        if a in forest.parent and b in forest.parent:
            ra, rb = forest.find(a), forest.find(b)
            if b not in forest.apart.get(ra, set()):
                forest.join(ra, rb)
                accepted.append((a, b, 1.0, "positive judgement"))
    _join_strong(forest, pairs, threshold, strict=strict, attach=attach, accepted=accepted)
    if attach is not None:
        _attach_alone(forest, pairs, strict, attach, accepted)
    return ClusterResult(_cluster_table(ids, forest, accepted), _accepted_table(accepted))


def _join_strong(
    forest: _Forest,
    pairs: pd.DataFrame,
    threshold: float,
    *,
    strict: frozenset[str],
    attach: Attach | None,
    accepted: list[tuple[str, str, float, str]],
) -> None:
    """Step 2: automatic links at or above the threshold, strongest first."""
    strong = pairs[pairs["match_probability"] >= threshold]
    strong = strong.sort_values("match_probability", ascending=False, kind="stable")
    evidence = ClusterEvidence(pairs) if attach is not None and attach.check_joins else None
    members: dict[str, list[str]] = {}
    for uid in forest.parent:
        members.setdefault(forest.find(uid), []).append(uid)
    for a, b, p in strong[["unique_id_l", "unique_id_r", "match_probability"]].itertuples(
        index=False
    ):
        ra, rb = forest.find(a), forest.find(b)
        if ra == rb or not forest.can_join(ra, rb, strict):
            continue
        left, right = members[ra], members[rb]
        if (
            evidence
            and len(left) * len(right) > 1
            and evidence.probability(left, right) < threshold
        ):
            continue
        forest.join(ra, rb)
        members[forest.find(ra)] = left + right
        members.pop(rb if forest.find(ra) == ra else ra)
        accepted.append((a, b, float(p), "score"))


def _attach_alone(
    forest: _Forest,
    pairs: pd.DataFrame,
    strict: frozenset[str],
    settings: Attach,
    accepted: list[tuple[str, str, float, str]],
) -> None:
    """The second pass: each record alone may join the cluster that agrees with it."""
    roots = [forest.find(u) for u in forest.parent]
    size: dict[str, int] = {}
    for root in roots:
        size[root] = size.get(root, 0) + 1
    alone = {u for u, root in zip(forest.parent, roots, strict=True) if size[root] == 1}

    def may_join(a: str, b: str) -> bool:
        ra, rb = forest.find(a), forest.find(b)
        return ra != rb and forest.can_join(ra, rb, strict)

    for record, other, p in proposals(pairs, alone, forest.find, may_join, settings):
        ra, rb = forest.find(record), forest.find(other)
        if ra != record or sum(forest.lists[ra].values()) != 1 or not may_join(record, other):
            continue
        forest.join(ra, rb)
        accepted.append((record, other, p, "cluster agreement"))


def _accepted_table(accepted: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    columns = ["unique_id_l", "unique_id_r", "match_probability", "reason"]
    return pd.DataFrame(accepted, columns=columns)


def _cluster_table(
    ids: pd.DataFrame, forest: _Forest, accepted: list[tuple[str, str, float, str]]
) -> pd.DataFrame:
    best: dict[str, float] = {}
    for a, b, p, _ in accepted:
        for node in (a, b):
            best[node] = max(best.get(node, 0.0), p)
    roots = {u: forest.find(u) for u in ids["unique_id"]}
    first: dict[str, str] = {}
    for uid in sorted(roots):
        first.setdefault(roots[uid], uid)
    return pd.DataFrame(
        {
            "unique_id": ids["unique_id"],
            "cluster_id": [first[roots[u]] for u in ids["unique_id"]],
            "match_probability": [best.get(u) for u in ids["unique_id"]],
        }
    )
