"""Linkage speed: FEBRL4 and a 1,000,000-record dedupe, ours beside plain Splink.

Each job runs in a child process of its own, so the peak
resident memory of one does not mix with another: the child's ``ru_maxrss``, or
the highest sum over the child and the worker processes it starts (the large
path builds its frame in the child and one worker per further CPU), sampled every
0.2 s, whichever is larger. Ours and plain Splink alternate, ``--repeat`` times, in the
same run; the table gives the fastest and the median wall time of each, the
fewest CPU seconds (user + system, all threads and worker processes: steadier
than wall time on a shared machine), the highest load average seen before a run, and the pairwise
precision, recall and F1 of the clusters against the truth (so speed is not bought with quality).

- ``febrl4``: link the two FEBRL4 lists (5,000 + 5,000): ours (name keys,
  attributes, training, prediction, clustering) beside plain Splink 5 with the
  usual FEBRL model (Jaro–Winkler on the name, birth year, state, exact date of
  birth, postcode, soc_sec_id; same training steps).
- ``dedupe``: N records of the frozen Korean generator (``korean_lists``, its
  lists as one table, generated once before the jobs), deduplicated, ours
  (``large_inputs=True``: the large-input path, which link_records takes from
  ``link.large.LARGE_RECORDS`` records) beside plain Splink on raw names. When
  plain Splink fails at N (memory), it is tried at N/2, N/4, … so the table shows
  the largest size it manages.

Both cluster at ``THRESHOLD`` (0.5). Targets (issue 5): FEBRL4 ≤ 1.2 × plain
Splink; 1M records ≤ 10 min, ≤ 4 GB.
Run: ``python -m benchmarks.bench_link_speed [N] [--repeat R] [--jobs febrl4,dedupe]
[--data DIR]`` (defaults 1,000,000, 1, both). ``--data DIR`` keeps the generated
records in DIR and reuses them on later runs of the same N (generating 1,000,000
records takes about 120-210 s); the generation is never part of a job's timing, and
its seconds are printed apart when it runs. ``--duplicate-free`` adds a row linking
with every list duplicate-free (each simulated list holds a person at most once);
the dedupe job's first row is the large path's blocking recall (``--no-blocking``
skips it); ``--no-plain`` leaves plain Splink out of the dedupe job (to compare two
versions of ours; the table is then no peer comparison).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

THRESHOLD = 0.5
DUPLICATE_FREE = "uncounted, duplicate-free lists"
BLOCKING = "uncounted blocking"
MIN_PLAIN_RECORDS = 50_000


def year_levels() -> dict[str, Any]:
    """Birth year same / ±1 / ±2 / ±5 / else, as plain Splink levels."""
    levels: list[dict[str, Any]] = [
        {"sql_condition": '"birth_year_l" IS NULL OR "birth_year_r" IS NULL', "is_null_level": True}
    ]
    for step in (0, 1, 2, 5):
        levels.append({"sql_condition": f'abs("birth_year_l" - "birth_year_r") <= {step}'})
    levels.append({"sql_condition": "ELSE"})
    return {"output_column_name": "birth_year", "comparison_levels": levels}


def _child(job: str, method: str, n: int, data: str) -> dict[str, Any]:
    code = (
        "import json; from benchmarks.bench_link_speed import _measured;"
        f"print(json.dumps(_measured({job!r}, {method!r}, {n}, {data!r})))"
    )
    load = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    out: dict[str, Any] = {"job": job, "method": method, "records": n}
    if lines:
        out = dict(json.loads(lines[-1]))
    else:
        out["error"] = done.stderr.strip().splitlines()[-1][:120] if done.stderr else "?"
    return out | {"load_before": load, "load_after": os.getloadavg()[0]}


def _measured(job: str, method: str, n: int, data: str) -> dict[str, Any]:
    """Run one job in this (child) process; add its peak memory and CPU seconds, its
    worker processes' included: the peak is the larger of this process's
    ``ru_maxrss`` and the highest sum of resident memory over this process and every
    descendant, sampled every ``SAMPLE_SECONDS``; the CPU seconds add the
    descendants' once the fork server that starts the frame's workers is stopped
    and reaped (``RUSAGE_CHILDREN`` counts only children waited for)."""
    sampler = _TreeMemory()
    sampler.start()
    try:
        out = _run(job, method, n, data)
    finally:
        sampler.stop()
    _stop_fork_server()
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    out["peak_mb"] = max(own.ru_maxrss / 1024, sampler.peak_mb)
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    out["cpu_s"] = cpu - out.pop("cpu_before")
    return out


SAMPLE_SECONDS = 0.2


class _TreeMemory(threading.Thread):
    """Samples the resident memory of this process and its descendants (from /proc)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(SAMPLE_SECONDS):
            self.peak_mb = max(self.peak_mb, _tree_rss_mb(os.getpid()))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree_rss_mb(root: int) -> float:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier += children
    total_kb = 0
    for pid in tree:
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
    return total_kb / 1024


def _stop_fork_server() -> None:
    """Stop multiprocessing's fork server (if one runs) and reap it, so the CPU time of
    the workers it started counts in ``RUSAGE_CHILDREN``."""
    from multiprocessing import forkserver

    server = forkserver._forkserver  # no public way to stop it
    with contextlib.suppress(Exception):
        server._stop()


def _run(job: str, method: str, n: int, data: str) -> dict[str, Any]:
    records, truth = _febrl() if job == "febrl4" else _korean(n, data)
    use = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    if method == BLOCKING:
        return _blocking_row(records, truth, use, start)
    if method == "plain Splink":
        clusters, pairs = _plain(records, job)
    else:
        clusters, pairs = _ours(records, job, duplicate_free=method == DUPLICATE_FREE)
    seconds = time.perf_counter() - start
    precision, recall, f1 = _quality(clusters, truth if isinstance(truth, set) else truth())
    return {
        "job": job,
        "method": method,
        "records": len(records),
        "pairs": pairs,
        "seconds": seconds,
        "cpu_before": use.ru_utime + use.ru_stime,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def _blocking_row(records: list[Any], truth: Any, use: Any, start: float) -> dict[str, Any]:
    """The large path's blocking alone: the share of true pairs that share a capped key
    (``cap_keys``: every pair the model can score), and the pairs the keys block
    counted per key (an upper bound: a pair sharing two keys counts twice)."""
    from uncounted.link.engine import _rows, connect
    from uncounted.link.large import add_capped_keys, materialise_records

    con = connect()
    materialise_records(records, con, "records")
    add_capped_keys("records", con)
    seconds = time.perf_counter() - start
    _rows(con, "CREATE TABLE keys AS SELECT unique_id, unnest(cap_keys) AS k FROM records")
    _rows(con, "DROP TABLE records")
    pairs = _rows(con, "SELECT sum(c * (c - 1) / 2) FROM (SELECT count(*) c FROM keys GROUP BY k)")
    true = truth if isinstance(truth, set) else truth()
    con.register("truth", pd.DataFrame(sorted(true), columns=["a", "b"]))
    found = _rows(
        con,
        "SELECT count(*) FROM truth t WHERE EXISTS (SELECT 1 FROM keys x JOIN keys y "
        "USING (k) WHERE x.unique_id = t.a AND y.unique_id = t.b)",
    )
    return {
        "job": "dedupe",
        "method": BLOCKING,
        "records": len(records),
        "pairs": int(pairs[0][0] or 0),
        "seconds": seconds,
        "cpu_before": use.ru_utime + use.ru_stime,
        "blocking_recall": int(found[0][0]) / len(true) if true else 1.0,
    }


def _febrl() -> tuple[list[Any], set[tuple[str, str]]]:
    from uncounted.link.febrl import febrl4_records, febrl4_true_pairs

    records = febrl4_records()
    return records, febrl4_true_pairs(records)


def _generate(n: int, out: Path) -> str:
    """Generate the Korean lists once; the records pickled for the children (the truth
    stays in ``truth.csv`` beside them)."""
    from benchmarks.korean_lists import generate
    from uncounted.intake.reader import read_records

    files = generate(out, max(1, int(n / 2.2)), 4, 7)
    records = [r for f in files for r in read_records(f)][:n]
    path = out / "records.pickle"
    path.write_bytes(pickle.dumps(records))
    (out / "generated.json").write_text(json.dumps({"n": n, "lists": 4, "seed": 7}))
    return str(path)


def _stored(n: int, out: Path) -> str:
    """The records of an earlier run in ``out`` when they were generated for ``n``;
    otherwise generated there now (a directory holding another N's records is refused,
    not overwritten)."""
    marker = out / "generated.json"
    if marker.exists():
        made = json.loads(marker.read_text())
        if made.get("n") != n:
            raise SystemExit(f"{out} holds the records of N={made.get('n')}, not {n}")
        return str(out / "records.pickle")
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    path = _generate(n, out)
    print(f"generated {n} records in {time.perf_counter() - start:.0f} s (not timed)")
    return path


def _korean(n: int, data: str) -> tuple[list[Any], Callable[[], set[tuple[str, str]]]]:
    """The first ``n`` records, and the true pairs among them, read when asked (after the
    linkage, so the truth is not counted in the linkage's peak memory)."""
    from benchmarks.link_metrics import true_pairs

    records = pickle.loads(Path(data).read_bytes())[:n]

    def truth() -> set[tuple[str, str]]:
        table = pd.read_csv(Path(data).parent / "truth.csv", dtype=str)
        kept = {f"{r.list}:{r.record_id}" for r in records}
        return true_pairs(table[(table["list"] + ":" + table["record_id"]).isin(kept)])

    return records, truth


def _quality(clusters: pd.DataFrame, truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    from benchmarks.link_metrics import cluster_pairs, prf

    return prf(cluster_pairs(clusters), truth)


def _ours(records: list[Any], job: str, *, duplicate_free: bool) -> tuple[pd.DataFrame, int]:
    from uncounted.link.febrl import ATTRIBUTES
    from uncounted.link.run import link_records

    if job == "febrl4":
        result = link_records(
            records, threshold=THRESHOLD, attributes=ATTRIBUTES, duplicate_free=["A", "B"]
        )
    else:
        lists = sorted({r.list for r in records}) if duplicate_free else None
        result = link_records(records, threshold=THRESHOLD, large_inputs=True, duplicate_free=lists)
    return result.clusters, len(result.pairs)


def _plain(records: list[Any], job: str) -> tuple[pd.DataFrame, int]:
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
    result = cluster_pairs(
        frame[["unique_id", "source_dataset"]], pairs, THRESHOLD, duplicate_free=lists
    )
    clusters = result.clusters.assign(
        list=frame["source_dataset"], record_id=frame["unique_id"].str.split(":", n=1).str[1]
    )
    return clusters, len(pairs)


def _order(index: int) -> tuple[str, str]:
    """Ours first on even repeats, plain Splink first on odd ones (drifting load evens out)."""
    methods = ("uncounted", "plain Splink")
    return methods if index % 2 == 0 else methods[::-1]


def _dedupe_rows(
    n: int, data: str, repeat: int, extra: tuple[str, ...], *, plain: bool
) -> list[dict[str, Any]]:
    rows = [_child("dedupe", method, n, data) for method in extra if method == BLOCKING]
    for index in range(repeat):
        ours = [m for m in _order(index) if plain or m != "plain Splink"]
        for method in (*ours, *(m for m in extra if m != BLOCKING)):
            size = n
            while True:
                row = _child("dedupe", method, size, data)
                rows.append(row)
                if "error" not in row or method != "plain Splink" or size // 2 < MIN_PLAIN_RECORDS:
                    break
                size //= 2
    return rows


def _summary(rows: list[dict[str, Any]]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    if "seconds" not in table:
        return table
    keys = ["job", "method", "records"]
    done = table[table["seconds"].notna()] if "error" in table else table
    summary = done.groupby(keys, sort=False).agg(
        runs=("seconds", "size"),
        best_s=("seconds", "min"),
        median_s=("seconds", statistics.median),
        best_cpu_s=("cpu_s", "min"),
        peak_mb=("peak_mb", "max"),
        pairs=("pairs", "max"),
        precision=("precision", "mean"),
        recall=("recall", "mean"),
        f1=("f1", "mean"),
        load=("load_before", "max"),
    )
    for column in ("blocking_recall",):
        if column in done:
            summary[column] = done.groupby(keys, sort=False)[column].max()
    return summary.reset_index()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_link_speed")
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", default="febrl4,dedupe")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--duplicate-free", action="store_true")
    parser.add_argument("--blocking", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--plain", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    jobs = args.jobs.split(",")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        data = ""
        if "dedupe" in jobs:
            data = _stored(args.n, args.data) if args.data else _generate(args.n, Path(tmp))
        for index in range(args.repeat if "febrl4" in jobs else 0):
            rows += [_child("febrl4", method, 0, data) for method in _order(index)]
        if "dedupe" in jobs:
            extra = (BLOCKING,) * args.blocking + (DUPLICATE_FREE,) * args.duplicate_free
            rows += _dedupe_rows(args.n, data, args.repeat, extra, plain=args.plain)
    for row in rows:
        print(json.dumps(row))
    summary = _summary(rows)
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    febrl = summary[summary["job"] == "febrl4"].set_index("method") if "job" in summary else None
    if febrl is not None and {"uncounted", "plain Splink"} <= set(febrl.index):
        ratio = febrl.loc["uncounted", "median_s"] / febrl.loc["plain Splink", "median_s"]
        best = febrl.loc["uncounted", "best_s"] / febrl.loc["plain Splink", "best_s"]
        cpu = febrl.loc["uncounted", "best_cpu_s"] / febrl.loc["plain Splink", "best_cpu_s"]
        print(
            f"FEBRL4 ours / plain Splink: wall median {ratio:.2f}x, best {best:.2f}x; "
            f"CPU best {cpu:.2f}x (target 1.2x)"
        )


if __name__ == "__main__":
    main()
