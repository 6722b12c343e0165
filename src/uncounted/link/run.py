"""Link records end to end: derive keys, train (or reuse) a model, score, cluster.

:func:`link_records` is the library entry point the CLI and the vault use.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from uncounted.errors import LinkageError
from uncounted.link.attach import Attach
from uncounted.link.clusters import cluster_pairs
from uncounted.link.collector import fewer_collections
from uncounted.link.engine import PairScores, connect, link_frame
from uncounted.link.frame import linkage_frame, unique_id
from uncounted.link.large import LARGE_RECORDS, link_large
from uncounted.model import Record

__all__ = [
    "DEFAULT_THRESHOLD",
    "LinkResult",
    "duplicate_free_lists",
    "link_records",
    "possible_pairs",
]

DEFAULT_THRESHOLD = 0.5
_LOG = logging.getLogger(__name__)
CANDIDATE_THRESHOLD = 0.01


@dataclass(frozen=True)
class LinkResult:
    """``clusters``: record_id, list, cluster_id, match_probability (one row per record);
    ``pairs``: every scored candidate pair above 1 % that may be one person (none
    within a duplicate-free list); ``model``: Splink settings JSON."""

    clusters: pd.DataFrame
    pairs: pd.DataFrame
    model: dict[str, Any]
    accepted: pd.DataFrame


def duplicate_free_lists(records: Sequence[Record]) -> list[str]:
    """Lists whose records all carry distinct names (a heuristic for 'no duplicates')."""
    seen: dict[str, set[str]] = {}
    duplicated: set[str] = set()
    for record in records:
        names = seen.setdefault(record.list, set())
        if record.name and record.name in names:
            duplicated.add(record.list)
        if record.name:
            names.add(record.name)
    return sorted(set(seen) - duplicated)


@fewer_collections()
def link_records(
    records: Sequence[Record],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    model: dict[str, Any] | None = None,
    attributes: tuple[str, ...] = (),
    names_only: bool = False,
    duplicate_free: Sequence[str] | None = None,
    positive: Iterable[tuple[str, str]] = (),
    negative: Iterable[tuple[str, str]] = (),
    memory_limit: str = "4GB",
    large_inputs: bool | None = None,
) -> LinkResult:
    """Link ``records`` across (and within) lists.

    ``model`` reuses trained Splink settings; otherwise one is trained without
    labels. ``duplicate_free`` lists allow one record per cluster (default: none;
    pass :func:`duplicate_free_lists` to guess). ``positive``/``negative`` are
    judged pairs of unique ids ("list:record_id") that override scores.

    From ``LARGE_RECORDS`` records the path for large inputs is taken
    (:mod:`uncounted.link.large`: chunked table, capped blocking keys, EM on blocks
    that suit a large list): the default path does not finish there (no result in
    20 minutes at 100,000 records) and links worse well before (pairwise F1 0.42
    against 0.82 at 20,000 simulated records). ``large_inputs`` None (the default)
    takes it and says so in a logged warning; True takes it without the warning;
    False keeps the default path at any size.
    """
    if not 0.0 < threshold < 1.0:
        raise LinkageError("threshold must be between 0 and 1", setting="threshold")
    if _large(len(records), large_inputs):
        frame = _ids(records)
        scores = link_large(
            records,
            model,
            attributes=attributes,
            names_only=names_only,
            threshold=CANDIDATE_THRESHOLD,
            con=connect(memory_limit),
        )
        if duplicate_free:
            scores = PairScores(_with_lists(scores.pairs, frame), scores.settings)
    else:
        frame = linkage_frame(records)
        _add_attributes(frame, records, attributes)
        scores = link_frame(
            frame,
            model,
            attributes=attributes,
            names_only=names_only,
            threshold=CANDIDATE_THRESHOLD,
            con=connect(memory_limit),
        )
    pairs = possible_pairs(scores.pairs, duplicate_free or ())
    result = cluster_pairs(
        frame[["unique_id", "source_dataset"]],
        pairs,
        threshold,
        duplicate_free=duplicate_free or (),
        positive=positive,
        negative=negative,
        attach=Attach(),
    )
    clusters = frame[["unique_id", "record_id", "source_dataset"]].merge(result.clusters)
    clusters = clusters.rename(columns={"source_dataset": "list"})
    columns = ["record_id", "list", "cluster_id", "match_probability"]
    return LinkResult(clusters[columns], pairs, scores.settings, result.accepted)


def possible_pairs(pairs: pd.DataFrame, duplicate_free: Sequence[str]) -> pd.DataFrame:
    """``pairs`` less those joining two records of one list declared duplicate-free: they
    cannot be one person, so they are neither candidates for review nor anyone's best
    match (the model scores them, since it links and dedupes)."""
    if pairs.empty or not duplicate_free or "source_dataset_l" not in pairs.columns:
        return pairs
    same = pairs["source_dataset_l"] == pairs["source_dataset_r"]
    impossible = same & pairs["source_dataset_l"].isin(list(duplicate_free))
    return pairs[~impossible].reset_index(drop=True)


def _large(n: int, large_inputs: bool | None) -> bool:
    """Whether ``n`` records take the large-input path (logged when chosen by size alone)."""
    if large_inputs is False or n < LARGE_RECORDS:
        return False
    if large_inputs is None:
        _LOG.warning(
            "%d records (from %d): linking with the path for large inputs "
            "(uncounted.link.large; large_inputs=False keeps the default path)",
            n,
            LARGE_RECORDS,
        )
    return True


def _add_attributes(frame: pd.DataFrame, records: Sequence[Record], names: tuple[str, ...]) -> None:
    for name in names:
        values = [r.attributes.get(name) for r in records]
        frame[name] = [v.strip() if v and v.strip() else None for v in values]


def _with_lists(pairs: pd.DataFrame, ids: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` with each side's list (the large path scores ids alone), so that
    :func:`possible_pairs` can drop those within a duplicate-free list."""
    lists = pd.Series(ids["source_dataset"].to_numpy(), index=ids["unique_id"])
    return pairs.assign(
        source_dataset_l=pairs["unique_id_l"].map(lists),
        source_dataset_r=pairs["unique_id_r"].map(lists),
    )


def _ids(records: Sequence[Record]) -> pd.DataFrame:
    """unique_id, record_id and source_dataset of each record (what clustering reads)."""
    return pd.DataFrame(
        {
            "unique_id": [unique_id(r.list, r.record_id) for r in records],
            "record_id": [r.record_id for r in records],
            "source_dataset": [r.list for r in records],
        }
    )
