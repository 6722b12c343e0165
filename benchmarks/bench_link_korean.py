"""Cross-script Korean linkage: ours beside plain Splink on raw names, in one run.

Data: ``benchmarks.korean_lists`` (frozen generator, cited tables): N people on
four lists (Hangul; DPRK romanisation; Hanja or pinyin; passport/RR/MR), with
age noise, renaming, missing fields. Reported, for names only and for
names + birth year + origin (+ sex):

- pairwise precision / recall / F1 of the one-to-one clusters at p ≥ 0.5,
  with the second pass that lets a record left alone join the cluster that
  together agrees with it (``uncounted.link.attach``);
- top-1: share of records with a true match on another list whose
  best-scored partner is one;
- blocking recall: share of true pairs among the pairs the blocking rules
  produce (every candidate, whatever its score), beside their number; and the
  share among the candidates scored p ≥ 0.01 (kept for review).

Baseline: plain Splink 5 on the raw ``name`` string (Jaro–Winkler levels),
the same attributes, blocking on the first two characters of the name or the
birth year, the same training steps and the same clustering.

Run: ``python -m benchmarks.bench_link_korean [N] [SEED]``.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from benchmarks.korean_lists import generate
from benchmarks.link_metrics import blocked_recall, cluster_pairs, prf, top1, true_pairs
from uncounted.intake.reader import read_records
from uncounted.link.attach import Attach
from uncounted.link.clusters import cluster_pairs as make_clusters
from uncounted.link.engine import connect, predict_pairs
from uncounted.link.frame import linkage_frame
from uncounted.link.run import link_records
from uncounted.model import Record


def _years_baseline() -> cl.CustomComparison:
    """Birth year same / within 1 / 2 / 5 / else, from Splink's level library (Splink 5
    has no AbsoluteDifferenceAtThresholds comparison)."""
    levels = [cll.NullLevel("birth_year"), cll.ExactMatchLevel("birth_year")]
    levels += [cll.AbsoluteDifferenceLevel("birth_year", step) for step in (1, 2, 5)]
    return cl.CustomComparison([*levels, cll.ElseLevel()], output_column_name="birth_year")


Result = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]


def _baseline(records: list[Record], names_only: bool) -> Result:
    frame = linkage_frame(records)[["unique_id", "source_dataset", "birth_year", "sex", "origin"]]
    frame["name"] = [r.name.lower() if r.name else None for r in records]
    comparisons = [cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.7])]
    if not names_only:
        comparisons += [
            _years_baseline(),
            cl.ExactMatch("origin"),
            cl.ExactMatch("sex"),
        ]
    settings = SettingsCreator(
        link_type="link_and_dedupe",
        source_dataset_column_name="source_dataset",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[
            block_on("substr(name, 1, 2)"),
            block_on("birth_year"),
        ],
        max_iterations=12,
        retain_intermediate_calculation_columns=True,
    )
    linker = Linker(DuckDBAPI(connect()).register(frame), settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match([block_on("name")], recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    rules = [block_on("birth_year")] + ([] if names_only else [block_on("substr(name, 1, 2)")])
    for rule in rules:
        with contextlib.suppress(ValueError):
            linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=2e6)
    pairs = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    blocked = linker.inference.predict(threshold_match_probability=0.0).as_pandas_dataframe()
    lists = sorted(frame["source_dataset"].unique())
    ids = frame[["unique_id", "source_dataset"]]
    result = make_clusters(ids, pairs, 0.5, duplicate_free=lists, attach=Attach())
    clusters = frame[["unique_id", "source_dataset"]].merge(result.clusters)
    clusters["record_id"] = clusters["unique_id"].str.split(":", n=1).str[1]
    return clusters.rename(columns={"source_dataset": "list"}), pairs, blocked


def _ours(records: list[Record], names_only: bool) -> Result:
    lists = sorted({r.list for r in records})
    result = link_records(records, threshold=0.5, names_only=names_only, duplicate_free=lists)
    blocked = predict_pairs(linkage_frame(records), result.model, threshold=0.0).pairs
    return result.clusters, result.pairs, blocked


METHODS: dict[str, Callable[[list[Record], bool], Result]] = {
    "uncounted": _ours,
    "plain Splink (raw names)": _baseline,
}


def compare(
    records: list[Record], truth: set[tuple[str, str]]
) -> tuple[list[dict[str, Any]], dict[tuple[str, bool], Result]]:
    """Every method with names only and with attributes: the table rows and the results."""
    ids = {f"{r.list}:{r.record_id}" for r in records}
    rows, results = [], {}
    for method, fn in METHODS.items():
        for names_only in (True, False):
            start = time.perf_counter()
            clusters, pairs, blocked = fn(records, names_only)
            seconds = time.perf_counter() - start
            results[(method, names_only)] = (clusters, pairs, blocked)
            precision, recall, f1 = prf(cluster_pairs(clusters), truth)
            rows.append(
                {
                    "method": method,
                    "fields": "names only" if names_only else "names + birth year + origin",
                    "precision": precision,
                    "recall": recall,
                    "F1": f1,
                    "top-1": top1(pairs, truth, ids),
                    "blocking recall": blocked_recall(blocked, truth),
                    "candidate pairs": len(blocked),
                    "recall p≥0.01": blocked_recall(pairs, truth),
                    "seconds": seconds,
                }
            )
    return rows, results


def run(n: int = 1500, seed: int = 20260101) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), n, 4, seed)
        records = [r for f in files for r in read_records(f)]
        truth = true_pairs(pd.read_csv(Path(tmp) / "truth.csv", dtype=str))
    return compare(records, truth)[0]


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    n = int(args[0]) if args else 1500
    seed = int(args[1]) if len(args) > 1 else 20260101
    table = pd.DataFrame(run(n, seed))
    print(f"Cross-script Korean benchmark: {n} people, 4 lists, seed {seed}")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
