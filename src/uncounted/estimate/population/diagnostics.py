"""Diagnostics of a capture table: list sizes, overlaps, pairwise odds ratios, sparsity.

Pairwise odds ratios are computed on the observed people only (the cell "on
neither list" is the people seen on some other list), as is usual in MSE: an odds
ratio far above 1 suggests positive dependence between two lists, below 1
negative dependence. A pair with no overlap is reported: such pairs make some
models' MLEs fail to exist (Chan, Silverman & Vincent 2021).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from uncounted.estimate.population.table import CaptureTable


@dataclass(frozen=True)
class SparsityReport:
    """List sizes, the overlap matrix, odds ratios and the pairs that never overlap."""

    list_sizes: dict[str, int]
    overlap: pd.DataFrame
    odds_ratios: pd.DataFrame
    non_overlapping: list[tuple[str, str]]
    observed_patterns: int
    possible_patterns: int

    def to_dict(self) -> dict[str, object]:
        return {
            "list_sizes": self.list_sizes,
            "overlap": self.overlap.to_dict(),
            "odds_ratios": self.odds_ratios.replace({np.nan: None}).to_dict(),
            "non_overlapping_pairs": [list(p) for p in self.non_overlapping],
            "observed_patterns": self.observed_patterns,
            "possible_patterns": self.possible_patterns,
        }


def overlap_matrix(table: CaptureTable) -> pd.DataFrame:
    """People on both lists i and j (diagonal: list sizes)."""
    weighted = table.patterns.astype(np.int64) * table.counts[:, None]
    matrix = weighted.T @ table.patterns.astype(np.int64)
    return pd.DataFrame(matrix, index=list(table.lists), columns=list(table.lists))


def odds_ratios(table: CaptureTable) -> pd.DataFrame:
    """Pairwise odds ratios among the observed (NaN where a cell is empty)."""
    k = table.n_lists
    out = np.full((k, k), np.nan)
    for i, j in itertools.combinations(range(k), 2):
        a, b = table.patterns[:, i] == 1, table.patterns[:, j] == 1
        n11, n10 = table.counts[a & b].sum(), table.counts[a & ~b].sum()
        n01, n00 = table.counts[~a & b].sum(), table.counts[~a & ~b].sum()
        if n10 * n01 > 0:
            out[i, j] = out[j, i] = (n11 * n00) / (n10 * n01)
    return pd.DataFrame(out, index=list(table.lists), columns=list(table.lists))


def sparsity_report(table: CaptureTable) -> SparsityReport:
    """Everything an analyst should see before trusting a log-linear model."""
    overlap = overlap_matrix(table)
    names = list(table.lists)
    empty = [
        (names[i], names[j])
        for i, j in itertools.combinations(range(len(names)), 2)
        if overlap.iat[i, j] == 0
    ]
    sizes = np.diag(overlap.to_numpy())
    return SparsityReport(
        list_sizes={name: int(sizes[i]) for i, name in enumerate(names)},
        overlap=overlap,
        odds_ratios=odds_ratios(table),
        non_overlapping=empty,
        observed_patterns=len(table.counts),
        possible_patterns=2**table.n_lists - 1,
    )
