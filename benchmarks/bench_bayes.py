"""Bayesian MSE speed: latent-class sampler (LCMCR-equivalent) and dga-equivalent.

Same work as the R peers (figures quoted from issue 4, measured on this kind of
machine when quiet), with same-run baselines written here:

- latent class, Kosovo, K = 10: µs per Gibbs sweep for one chain; effective
  samples of N per second with 4 chains over 2 cores (rank-normalised split
  chains); seconds to a 4-chain run with R-hat < 1.01 (iterations doubled until
  reached). Baseline: a plain-numpy sampler that allocates every person
  (observed and missing) to a class, as LCMCR's per-person formulation does;
  it targets the same posterior, so its ESS per sweep is the same and only its
  sweep time is measured.
- dga, ``uk_2013_5lists.csv``, 822 graphs, Nmissing 0..100,000, delta 2^-5:
  seconds and peak resident memory, each method in a child process of its
  own. Baseline: the graphs × grid matrix then ``logsumexp`` (as dga does).

Run: ``python -m benchmarks.bench_bayes`` (``--quick`` for a short run).
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


def naive_lcmcr(table: CaptureTable, sweeps: int, seed: int = 0, K: int = 10) -> np.ndarray:
    """Per-person Gibbs sampler in plain numpy (LCMCR's formulation); returns N per sweep."""
    rng = np.random.default_rng(seed)
    x = np.repeat(table.patterns, table.counts, axis=0).astype(float)
    n, J = x.shape
    lam, v, alpha, n0 = rng.uniform(size=(K, J)), rng.uniform(size=K), 1.0, 0
    v[-1] = 1.0
    out = np.empty(sweeps)
    for it in range(sweeps):
        pi = v * np.concatenate([[1.0], np.cumprod(1 - v[:-1])])
        xa = np.vstack([x, np.zeros((n0, J))])
        like = np.exp(xa @ np.log(lam).T + (1 - xa) @ np.log1p(-lam).T) * pi
        cdf = np.cumsum(like, axis=1)
        z = np.minimum((rng.uniform(size=(len(xa), 1)) * cdf[:, -1:] > cdf).sum(axis=1), K - 1)
        size = np.bincount(z, minlength=K).astype(float)
        ones = np.array([xa[z == k].sum(axis=0) for k in range(K)])
        lam = np.clip(rng.beta(1 + ones, 1 + size[:, None] - ones), 1e-12, 1 - 1e-12)
        above = size[::-1].cumsum()[::-1] - size
        v = np.clip(rng.beta(1 + size, alpha + above), 1e-12, 1 - 1e-12)
        v[-1] = 1.0
        alpha = rng.gamma(0.25 + K - 1, 1 / (0.25 - np.log1p(-v[:-1]).sum()))
        pi = v * np.concatenate([[1.0], np.cumprod(1 - v[:-1])])
        n0 = int(rng.negative_binomial(n, 1 - (pi * np.prod(1 - lam, axis=1)).sum()))
        out[it] = n + n0
    return out


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


def _sweep_us(table: CaptureTable, sweeps: int) -> tuple[float, float]:
    """Wall and CPU µs per sweep of one chain on one thread."""
    settings = LcmcrSettings(chains=1, workers=1, burn_in=0, iterations=sweeps, thin=10, seed=1)
    sample_lcmcr(table, LcmcrSettings(chains=1, workers=1, iterations=100, thin=10))
    cpu = time.process_time()
    wall = sample_lcmcr(table, settings).seconds
    return 1e6 * wall / sweeps, 1e6 * (time.process_time() - cpu) / sweeps


def _converged(table: CaptureTable, iterations: int) -> tuple[dict[str, Any], float, float]:
    """Default-shaped 4-chain runs, doubling iterations until R-hat < 1.01;
    returns the last run's details, wall seconds and CPU seconds (both threads)."""
    for _ in range(4):
        settings = LcmcrSettings(iterations=iterations, burn_in=iterations // 10, seed=7)
        cpu = time.process_time()
        draws = sample_lcmcr(table, settings)
        cpu = time.process_time() - cpu
        details = summarise_draws(table, settings, draws).details
        if details["rhat"] < 1.01:
            break
        iterations *= 2
    return details, draws.seconds, cpu


def main(quick: bool = False) -> None:
    kosovo = read_capture_table(DATA / "kosovo_1999.csv")
    load = os.getloadavg()[0]
    sweep_us, sweep_cpu_us = _sweep_us(kosovo, 20_000 if quick else 110_000)
    naive_sweeps = 20 if quick else 100
    began = time.perf_counter()
    naive_lcmcr(kosovo, naive_sweeps)
    naive_us = 1e6 * (time.perf_counter() - began) / naive_sweeps
    details, seconds, cpu = _converged(kosovo, 50_000 if quick else 200_000)
    idle = details["ess"] / (cpu / 2)  # what two otherwise idle cores would give
    streamed, naive = _run_child("stream"), _run_child("naive")
    rows = [
        (
            "latent class: µs per sweep (Kosovo, K=10, 1 chain)",
            f"{sweep_us:.1f} wall, {sweep_cpu_us:.1f} CPU",
            f"{naive_us:,.0f} (per-person numpy)",
            PEER["sweep_us"],
            "-",
        ),
        (
            "latent class: ESS of N per second (4 chains, 2 cores)",
            f"{details['ess_per_second']:.0f} wall, {idle:.0f} per 2 CPU-s",
            f"{details['ess_per_second'] * sweep_us / naive_us:.1f} wall",
            "-",
            ">= 700",
        ),
        (
            "latent class: seconds to 4 chains with R-hat < 1.01",
            f"{seconds:.1f} wall, {cpu / 2:.1f} per 2 CPU (R-hat {details['rhat']:.4f}, "
            f"ESS {details['ess']:.0f}, "
            f"{details['iterations']:,} it.)",
            "-",
            PEER["production"],
            "<= 30",
        ),
        (
            "latent class: posterior median (LCMCR 10,442)",
            f"{details['chain_medians']}",
            "-",
            "-",
            "-",
        ),
        (
            "dga: seconds (UK 5 lists, 0..100,000)",
            f"{streamed['seconds']:.3f} wall, {streamed['cpu']:.3f} CPU (2 threads)",
            f"{naive['seconds']:.2f} wall (graphs x grid)",
            PEER["dga_s"],
            "<= 0.5",
        ),
        (
            "dga: peak resident MB, whole process (added by the run)",
            f"{streamed['peak_mb']:.0f} ({streamed['added_mb']:.0f})",
            f"{naive['peak_mb']:.0f} ({naive['added_mb']:.0f})",
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
    print("command: python -m benchmarks.bench_bayes" + (" --quick" if quick else ""))
    print(f"load average at start: {load:.1f} on {os.cpu_count()} cores")
    print(f"{'measure':<56} | {'uncounted':<48} | {'baseline (same run)':<26} | peer | target")
    for row in rows:
        print(" | ".join([row[0].ljust(56), row[1].ljust(48), row[2].ljust(26), row[3], row[4]]))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child_dga(sys.argv[2])
    else:
        main(quick="--quick" in sys.argv)
