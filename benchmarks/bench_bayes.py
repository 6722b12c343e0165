"""Bayesian MSE speed: latent-class sampler (LCMCR-equivalent) and dga-equivalent.

Same work as the R peers (figures quoted from issue 4, measured on this kind of
machine when quiet), with same-run baselines written here:

- latent class, Kosovo, K = 10: µs per sweep for one chain; sweeps per
  effective sample and effective samples of N per second with 4 chains over 2
  cores (rank-normalised split bulk ESS, Vehtari et al. 2021); seconds to a
  4-chain run with R-hat < 1.01 (iterations doubled until reached). Baseline:
  the same sampler with LCMCR's plain Gibbs sweep (``collapse_alpha=False,
  missing_move=False``, no scaling, flow or HMC moves), same seeds.
  The default sampler, the one with the (opt-in) HMC move of the capture
  probabilities and weights (``hmc_move=True``: first run 50,000 sweeps per
  chain kept every 5th, as it mixes in about 30 sweeps per effective draw
  where the others take several hundred) and the one with the flow move
  alone (the fastest before it) are each measured against it.
- dga, ``uk_2013_5lists.csv``, 822 graphs, Nmissing 0..100,000, delta 2^-5:
  seconds and peak resident memory, each method in a child process of its
  own (the run's own peak and what it added); the whole-process peak of a fresh
  ``python -c`` that imports the package and runs dga, and of the command
  ``uncounted estimate population uk_2013_5lists.csv --method dga --json``
  (``/usr/bin/time``). Baseline: the graphs × grid matrix then ``logsumexp``
  (as dga does).

Run: ``python -m benchmarks.bench_bayes`` (``--quick`` for a short run,
``--no-dga`` for the latent-class rows only).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import gammaln, logsumexp

from uncounted.estimate.population.decomposable import decomposable_graphs
from uncounted.estimate.population.dga import component_terms, dga_posterior
from uncounted.estimate.population.lcmcr import (
    LcmcrSettings,
    sample_lcmcr,
    summarise_draws,
)
from uncounted.estimate.population.table import CaptureTable, read_capture_table

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "mse"
PEER = {
    "sweep_us": "7-17 (LCMCR; 1.63 s / 110,000 on Kosovo)",
    "production": "76 s (HRDAG: 5.01 M iterations, 1 chain)",
    "dga_s": "4.35 s (dga)",
    "dga_mb": "1,400 MB (dga)",
}


def naive_dga(table: CaptureTable, delta: float, n_max: int) -> np.ndarray:
    """dga's way: the full graphs × grid matrix of log posteriors, then normalise."""
    missing = np.arange(n_max + 1, dtype=float)
    n = table.n_observed
    const, rows = component_terms(table, delta, missing)
    common = gammaln(missing + n + 1) - gammaln(missing + 1) - np.log(missing + n)
    graphs = decomposable_graphs(table.n_lists)
    matrix = np.empty((len(graphs), missing.size))
    for g, graph in enumerate(graphs):
        matrix[g] = common
        for c in graph.cliques:
            matrix[g] += const[c] + rows[c]
        for s in graph.separators:
            matrix[g] -= const[s] + rows[s]
    matrix -= logsumexp(matrix)
    np.exp(matrix, out=matrix)
    return np.asarray(matrix.sum(axis=0))


def _peak_reset() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child_dga(kind: str) -> None:
    table = read_capture_table(DATA / "uk_2013_5lists.csv")
    dga_posterior(table, delta=2**-5, n_max=100)  # compile the kernel first
    _peak_reset()
    before = _peak_mb()
    began, repeats = time.perf_counter(), 1 if kind == "naive" else 3
    cpu = time.process_time()
    for _ in range(repeats):
        if kind == "naive":
            probs = naive_dga(table, 2**-5, 100_000)
        else:
            probs = dga_posterior(table, delta=2**-5, n_max=100_000)[0].probs
    seconds = (time.perf_counter() - began) / repeats
    cpu = (time.process_time() - cpu) / repeats
    median = int(np.searchsorted(np.cumsum(probs), 0.5)) + table.n_observed
    peak = _peak_mb()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "peak_mb": peak,
                "added_mb": peak - before,
                "median": median,
            }
        )
    )


def _run_child(kind: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_bayes", "--child", kind],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


PLAIN = {
    "collapse_alpha": False,
    "missing_move": False,
    "scale_move": False,
    "flow_move": False,
    "hmc_move": False,
}
HMC = {"hmc_move": True, "thin": 5}
FLOW = {"flow_move": True}
WHOLE_PROCESS = """
import json, resource, sys, time
from uncounted.estimate.population import read_capture_table
from uncounted.estimate.population.dga import dga_posterior
table = read_capture_table(sys.argv[1])
began = time.perf_counter()
dga_posterior(table, delta=2**-5, n_max=100_000)
seconds = time.perf_counter() - began
names = ("numba", "scipy.stats", "statsmodels", "matplotlib", "pandas")
heavy = [m for m in names if m in sys.modules]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "modules": heavy}))
"""


def _sweep_us(table: CaptureTable, sweeps: int, **options: Any) -> tuple[float, float]:
    """Wall and CPU µs per sweep of one chain on one thread."""
    options = {k: v for k, v in options.items() if k != "thin"}
    settings = LcmcrSettings(
        chains=1, workers=1, burn_in=0, iterations=sweeps, thin=10, seed=1, **options
    )
    sample_lcmcr(table, LcmcrSettings(chains=1, workers=1, iterations=100, thin=10, **options))
    cpu = time.process_time()
    wall = sample_lcmcr(table, settings).seconds
    return 1e6 * wall / sweeps, 1e6 * (time.process_time() - cpu) / sweeps


def _whole_process() -> tuple[dict[str, Any], float]:
    """A fresh process that imports the package and runs dga (its own peak), and
    the command line's dga run (peak resident MB from /usr/bin/time)."""
    path = str(DATA / "uk_2013_5lists.csv")
    out = subprocess.run(
        [sys.executable, "-c", WHOLE_PROCESS, path], check=True, capture_output=True, text=True
    )
    command = [sys.executable, "-m", "uncounted", "estimate", "population", path]
    timed = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command, "--method", "dga", "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    cli_mb = int(timed.stderr.strip().splitlines()[-1]) / 1024
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result, cli_mb


def _converged(
    table: CaptureTable, iterations: int, **options: Any
) -> tuple[dict[str, Any], float, float]:
    """Default-shaped 4-chain runs, doubling iterations until R-hat < 1.01;
    returns the last run's details, wall seconds and CPU seconds (both threads)."""
    for _ in range(4):
        settings = LcmcrSettings(iterations=iterations, burn_in=iterations // 10, seed=7, **options)
        cpu = time.process_time()
        draws = sample_lcmcr(table, settings)
        cpu = time.process_time() - cpu
        details = summarise_draws(table, settings, draws).details
        if details["rhat"] < 1.01:
            break
        iterations *= 2
    return details, draws.seconds, cpu


def _lcmcr_run(kosovo: CaptureTable, quick: bool, **options: Any) -> dict[str, Any]:
    """µs per sweep of one chain, then a converged 4-chain run, with ``options``."""
    sweeps = 20_000 if quick else 110_000
    start = 50_000 if quick else 200_000
    if options.get("hmc_move"):
        start //= 4
    sweep_us, sweep_cpu = _sweep_us(kosovo, sweeps, **options)
    details, seconds, cpu = _converged(kosovo, start, **options)
    per_ess = 4 * (details["iterations"] + details["burn_in"]) / details["ess"]
    return {
        "us": sweep_us,
        "us_cpu": sweep_cpu,
        "details": details,
        "seconds": seconds,
        "cpu": cpu,
        "per_ess": per_ess,
    }


def _lcmcr_rows(
    label: str, ours: dict[str, Any], plain: dict[str, Any]
) -> list[tuple[str, str, str, str, str]]:
    details, base = ours["details"], plain["details"]
    return [
        (
            f"{label}: µs per sweep (Kosovo, K=10, 1 chain)",
            f"{ours['us']:.1f} wall, {ours['us_cpu']:.1f} CPU",
            f"{plain['us']:.1f} wall, {plain['us_cpu']:.1f} CPU",
            PEER["sweep_us"],
            "-",
        ),
        (
            f"{label}: sweeps (burn-in included) per effective draw",
            f"{ours['per_ess']:.0f}",
            f"{plain['per_ess']:.0f}",
            "-",
            "-",
        ),
        (
            f"{label}: ESS of N per second (4 chains, 2 cores)",
            f"{details['ess_per_second']:.0f} wall, "
            f"{details['ess'] / (ours['cpu'] / 2):.0f} per 2 CPU-s",
            f"{base['ess_per_second']:.0f} wall, "
            f"{base['ess'] / (plain['cpu'] / 2):.0f} per 2 CPU-s",
            "-",
            ">= 700",
        ),
        (
            f"{label}: seconds to 4 chains with R-hat < 1.01",
            f"{ours['seconds']:.1f} wall, {ours['cpu'] / 2:.1f} per 2 CPU "
            f"(R-hat {details['rhat']:.4f}, ESS {details['ess']:.0f}, "
            f"{details['iterations']:,} it.)",
            f"{plain['seconds']:.1f} wall (R-hat {base['rhat']:.4f}, {base['iterations']:,} it.)",
            PEER["production"],
            "<= 30",
        ),
        (
            f"{label}: chain medians (LCMCR 10,442 / 10,444 / 10,423)",
            ", ".join(f"{m:,.0f}" for m in details["chain_medians"]),
            ", ".join(f"{m:,.0f}" for m in base["chain_medians"]),
            "-",
            "-",
        ),
    ]


def _dga_rows() -> list[tuple[str, str, str, str, str]]:
    whole, cli_mb = _whole_process()
    streamed, naive = _run_child("stream"), _run_child("naive")
    return [
        (
            "dga: seconds (UK 5 lists, 0..100,000)",
            f"{streamed['seconds']:.3f} wall, {streamed['cpu']:.3f} CPU (2 threads)",
            f"{naive['seconds']:.2f} wall (graphs x grid)",
            PEER["dga_s"],
            "<= 0.5",
        ),
        (
            "dga: peak resident MB in the benchmark child (added by the run)",
            f"{streamed['peak_mb']:.0f} ({streamed['added_mb']:.0f})",
            f"{naive['peak_mb']:.0f} ({naive['added_mb']:.0f})",
            PEER["dga_mb"],
            "-",
        ),
        (
            "dga: whole fresh process, peak resident MB",
            f"{whole['peak_mb']:.0f} (python -c, {whole['seconds']:.2f} s), {cli_mb:.0f} (CLI)",
            f"loaded: {', '.join(whole['modules'])}",
            PEER["dga_mb"],
            "<= 280",
        ),
        (
            "dga: posterior median (both)",
            f"{streamed['median']:,}",
            f"{naive['median']:,}",
            "-",
            "-",
        ),
    ]


def main(quick: bool = False) -> None:
    kosovo = read_capture_table(DATA / "kosovo_1999.csv")
    load = os.getloadavg()[0]
    plain = _lcmcr_run(kosovo, quick, **PLAIN)
    rows = (
        _lcmcr_rows("latent class, HMC move", _lcmcr_run(kosovo, quick, **HMC), plain)
        + _lcmcr_rows("latent class (default)", _lcmcr_run(kosovo, quick), plain)
        + _lcmcr_rows("latent class, flow move only", _lcmcr_run(kosovo, quick, **FLOW), plain)
        + ([] if "--no-dga" in sys.argv else _dga_rows())
    )
    print("command: python -m benchmarks.bench_bayes" + (" --quick" if quick else ""))
    print(
        f"load average at start: {load:.1f}, at end: {os.getloadavg()[0]:.1f}, "
        f"on {os.cpu_count()} cores"
    )
    print(f"{'measure':<62} | {'uncounted':<48} | {'baseline (same run)':<40} | peer | target")
    for row in rows:
        print(" | ".join([row[0].ljust(62), row[1].ljust(48), row[2].ljust(40), row[3], row[4]]))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child_dga(sys.argv[2])
    else:
        main(quick="--quick" in sys.argv)
