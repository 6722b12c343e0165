"""Linkage on the simulator's lists against the true capture histories.

``simulate_world`` (default scenario) writes lists of the same simulated women
(names in Hangul, Hanja/pinyin and romanisations, with the simulator's noise)
and the true capture-history table. This links the lists (one-to-one within
each list), builds the capture-history table from the clusters, and reports
beside the truth: the number of distinct people observed and two population
estimates (stepwise log-linear, as SparseMSE; Chao's bias-corrected lower
bound) from each table, with relative errors; and the pairwise precision,
recall and F1 of the clusters against the simulator's membership table.
Run: ``python -m benchmarks.bench_link_simulated [SEED ...]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.link_metrics import cluster_pairs, prf, true_pairs
from uncounted.estimate.population import (
    CaptureTable,
    estimate_chao,
    estimate_stepwise,
    read_capture_table,
)
from uncounted.link.files import capture_histories, link_files
from uncounted.simulate.world import simulate_world, write_world

THRESHOLD = float(os.environ.get("LINK_THRESHOLD", "0.5"))


def _estimates(table: Any) -> tuple[Any, Any]:
    return estimate_stepwise(table), estimate_chao(table, bias_corrected=True)


@dataclass(frozen=True)
class Measured:
    """One simulated world linked: the true and the linked capture-history tables'
    figures (each estimate's pair: true table, linked table; ``*_interval``: the true
    table's 95% interval), and the clusters' pairwise quality against the simulator's
    membership."""

    seed: int
    records: int
    nameless: int
    observed: tuple[int, int]
    stepwise: tuple[float, float]
    chao: tuple[float, float]
    stepwise_interval: tuple[float, float]
    chao_interval: tuple[float, float]
    moved: int
    precision: float
    recall: float
    f1: float

    def rows(self) -> list[dict[str, Any]]:
        """One row per figure: truth, linked, and the linked figure's relative error
        (for the cells moved, none of which the truth has: their share of the people
        observed)."""
        observed_true = self.observed[0]
        figures = [
            ("people observed", *self.observed, self.observed[1] / observed_true - 1),
            ("capture-history cells moved", 0, self.moved, self.moved / observed_true),
            (
                "stepwise log-linear estimate",
                *self.stepwise,
                self.stepwise[1] / self.stepwise[0] - 1,
            ),
            ("Chao bias-corrected estimate", *self.chao, self.chao[1] / self.chao[0] - 1),
        ]
        figures += [
            (f"pairwise {what}", 1.0, value, None)
            for what, value in (
                ("precision", self.precision),
                ("recall", self.recall),
                ("F1", self.f1),
            )
        ]
        return [
            {"seed": self.seed, "quantity": q, "truth": t, "linked": v, "relative error": e}
            for q, t, v, e in figures
        ]


def table_distance(a: CaptureTable, b: CaptureTable) -> int:
    """The sum over capture patterns of the two tables' count differences (people
    counted in another cell, or not at all; each misplaced person counts twice)."""

    def cells(table: CaptureTable) -> dict[tuple[int, ...], int]:
        order = [table.lists.index(name) for name in sorted(table.lists)]
        return {
            tuple(int(p[i]) for i in order): int(c)
            for p, c in zip(table.patterns, table.counts, strict=True)
        }

    left, right = cells(a), cells(b)
    return sum(abs(left.get(k, 0) - right.get(k, 0)) for k in left.keys() | right.keys())


def measure(seed: int, threshold: float = THRESHOLD) -> Measured:
    """Simulate the default world at ``seed``, link its lists, compare with the truth."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        write_world(simulate_world("default", seed), out)
        truth = read_capture_table(out / "capture_histories.csv")
        files = sorted((out / "lists").glob("*.csv"))
        clusters = link_files(files, threshold=threshold).clusters
        members = pd.read_csv(out / "truth" / "membership.csv", dtype=str)
        names = pd.concat([pd.read_csv(f, dtype=str, usecols=["name"]) for f in files])
    linked = capture_histories(clusters)
    precision, recall, f1 = prf(cluster_pairs(clusters), true_pairs(members))
    t_step, t_chao = _estimates(truth)
    l_step, l_chao = _estimates(linked)
    return Measured(
        seed,
        len(clusters),
        int(names["name"].isna().sum()),
        (truth.n_observed, linked.n_observed),
        (t_step.estimate, l_step.estimate),
        (t_chao.estimate, l_chao.estimate),
        t_step.interval,
        t_chao.interval,
        table_distance(truth, linked),
        precision,
        recall,
        f1,
    )


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    seeds = [int(a) for a in args] or [1, 2, 3]
    table = pd.DataFrame([row for seed in seeds for row in measure(seed).rows()])
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
