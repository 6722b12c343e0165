"""Linkage speed: FEBRL4 and a 1,000,000-record dedupe, ours beside plain Splink.

Each job runs in a child process of its own (under ``nice``), so the peak
resident memory (``ru_maxrss`` of the child) of one does not mix with another.

- ``febrl4``: link the two FEBRL4 lists (5,000 + 5,000): ours (name keys,
  attributes, training, prediction, clustering) beside plain Splink 5 with the
  usual FEBRL model (Jaro–Winkler on given name and surname, exact date of
  birth, postcode, suburb, soc_sec_id; same training steps).
- ``dedupe``: N records of the frozen Korean generator (``korean_lists``) as
  one table, deduplicated, ours beside plain Splink on raw names.

Targets (issue 5): FEBRL4 ≤ 1.2 × plain Splink; 1M records ≤ 10 min, ≤ 4 GB.
Run: ``python -m benchmarks.bench_link_speed [N]`` (default 1,000,000).
"""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd


def year_levels() -> dict[str, Any]:
    """Birth year same / ±1 / ±2 / ±5 / else, as plain Splink levels."""
    levels: list[dict[str, Any]] = [
        {"sql_condition": '"birth_year_l" IS NULL OR "birth_year_r" IS NULL', "is_null_level": True}
    ]
    for step in (0, 1, 2, 5):
        levels.append({"sql_condition": f'abs("birth_year_l" - "birth_year_r") <= {step}'})
    levels.append({"sql_condition": "ELSE"})
    return {"output_column_name": "birth_year", "comparison_levels": levels}


def _child(job: str, method: str, n: int) -> dict[str, Any]:
    code = (
        "import json, sys, resource; from benchmarks.bench_link_speed import _run;"
        f"out = _run({job!r}, {method!r}, {n});"
        "out['peak_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024;"
        "print(json.dumps(out))"
    )
    done = subprocess.run(
        ["nice", "-n", "10", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"job": job, "method": method, "error": done.stderr[-300:]}
    return dict(json.loads(lines[-1]))


def _run(job: str, method: str, n: int) -> dict[str, Any]:
    records = _febrl() if job == "febrl4" else _korean(n)
    start = time.perf_counter()
    pairs = _ours(records, job) if method == "uncounted" else _plain(records, job)
    return {
        "job": job,
        "method": method,
        "records": len(records),
        "pairs": pairs,
        "seconds": time.perf_counter() - start,
    }


def _febrl() -> list[Any]:
    from uncounted.link.febrl import febrl4_records

    return febrl4_records()


def _korean(n: int) -> list[Any]:
    from benchmarks.korean_lists import generate
    from uncounted.intake.reader import read_records

    people = max(1, int(n / 2.2))
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), people, 4, 7)
        records = [r for f in files for r in read_records(f)]
    return records[:n]


def _ours(records: list[Any], job: str) -> int:
    from uncounted.link.febrl import ATTRIBUTES
    from uncounted.link.run import link_records

    if job == "febrl4":
        result = link_records(
            records, threshold=0.5, attributes=ATTRIBUTES, duplicate_free=["A", "B"]
        )
    else:
        result = link_records(records, threshold=0.9)
    return len(result.pairs)


def _plain(records: list[Any], job: str) -> int:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from uncounted.link.clusters import cluster_pairs
    from uncounted.link.engine import connect

    frame = pd.DataFrame(
        {
            "unique_id": [f"{r.list}:{r.record_id}" for r in records],
            "source_dataset": [r.list for r in records],
            "name": [r.name.lower() if r.name else None for r in records],
            "birth_year": [r.birth_year for r in records],
            "origin": [r.origin for r in records],
        }
    )
    comparisons = [
        cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.7]),
        cl.CustomComparison(**year_levels()),
        cl.ExactMatch("origin"),
    ]
    rules = [block_on("substr(name, 1, 4)", "birth_year"), block_on("name")]
    if job == "febrl4":
        for column in ("date_of_birth", "postcode", "soc_sec_id"):
            frame[column] = [r.attributes.get(column) or None for r in records]
            comparisons.append(cl.ExactMatch(column))
        rules = [block_on("substr(name, 1, 3)"), block_on("date_of_birth"), block_on("postcode")]
    settings = SettingsCreator(
        link_type="link_and_dedupe",
        source_dataset_column_name="source_dataset",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        max_iterations=12,
    )
    linker = Linker(DuckDBAPI(connect()).register(frame), settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match([block_on("name")], recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("birth_year"), block_on("substr(name, 1, 2)")):
        with contextlib.suppress(ValueError):
            linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=2e6)
    pairs = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    lists = ["A", "B"] if job == "febrl4" else []
    cluster_pairs(frame[["unique_id", "source_dataset"]], pairs, 0.5, duplicate_free=lists)
    return len(pairs)


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    n = int(args[0]) if args else 1_000_000
    rows = [
        _child(job, method, n)
        for job in ("febrl4", "dedupe")
        for method in ("uncounted", "plain Splink")
    ]
    table = pd.DataFrame(rows)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    _ = resource


if __name__ == "__main__":
    main()
