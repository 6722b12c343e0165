"""Linkage on the simulator's lists against the true capture histories.

``simulate_world`` (default scenario) writes lists of the same simulated women
(names in Hangul, Hanja/pinyin and romanisations, with the simulator's noise)
and the true capture-history table. This links the lists (one-to-one within
each list), builds the capture-history table from the clusters, and reports
beside the truth: the number of distinct people observed and two population
estimates (stepwise log-linear, as SparseMSE; Chao's bias-corrected lower
bound) from each table, with relative errors.
Run: ``python -m benchmarks.bench_link_simulated [SEED ...]``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from uncounted.estimate.population import estimate_chao, estimate_stepwise, read_capture_table
from uncounted.link.files import capture_histories, link_files
from uncounted.simulate.world import simulate_world, write_world

THRESHOLD = float(os.environ.get("LINK_THRESHOLD", "0.5"))


def _estimates(table: Any) -> tuple[float, float]:
    return estimate_stepwise(table).estimate, estimate_chao(table, bias_corrected=True).estimate


def run(seed: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        write_world(simulate_world("default", seed), out)
        truth = read_capture_table(out / "capture_histories.csv")
        files = sorted((out / "lists").glob("*.csv"))
        linked = capture_histories(link_files(files, threshold=THRESHOLD).clusters)
    rows = []
    t_step, t_chao = _estimates(truth)
    l_step, l_chao = _estimates(linked)
    for what, t, v in (
        ("people observed", truth.n_observed, linked.n_observed),
        ("stepwise log-linear estimate", t_step, l_step),
        ("Chao bias-corrected estimate", t_chao, l_chao),
    ):
        rows.append(
            {"seed": seed, "quantity": what, "truth": t, "linked": v, "relative error": v / t - 1}
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    seeds = [int(a) for a in args] or [1, 2, 3]
    table = pd.DataFrame([row for seed in seeds for row in run(seed)])
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
