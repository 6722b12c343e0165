"""Multiple systems estimation: the R peers' work, timed, beside a same-run baseline.

Work (as in the issue):

- SparseMSE stepwise (pthresh 0.02) + 1,000 BCa bootstrap replicates, the
  selection re-run on each, on ``western_us.csv`` and ``uk_2013.csv`` (2 workers);
- exhaustive BIC over all 32,768 two-way hierarchical models on ``uk_2013.csv``;
- the latent-class and dga estimators, when installed.

Baseline in the same run: the same algorithms written the plain way — one
statsmodels ``GLM(Poisson)`` fit per model and SparseMSE's LP check for every
candidate at every step — timed on a subset and extrapolated (stated in the
table). Peer figures are those measured for the R packages on this kind of
machine when quiet, quoted from issue 4 (not re-measured here: R is not
installed). Run: ``python -m benchmarks.bench_mse``.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
import statsmodels.api as sm
from scipy.stats import poisson

from uncounted.estimate.population.design import design_matrix
from uncounted.estimate.population.exhaustive import rank_models
from uncounted.estimate.population.existence import check, structure
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.selected import BootstrapOptions, estimate_stepwise
from uncounted.estimate.population.table import CaptureTable, read_capture_table

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "mse"
COMMAND = "python -m benchmarks.bench_mse"
CPU_USED: list[float] = []
T = TypeVar("T")
PEERS = {
    "stepwise+BCa western": "SparseMSE 39 s",
    "stepwise+BCa uk": "SparseMSE ~250 s",
    "exhaustive BIC uk": "MultipleSystemsEstimation 85 s; Rcapture 174 s",
    "lcmcr kosovo": "LCMCR 7-17 µs/iteration; 76 s for 5.01 M iterations (1 chain)",
    "dga uk 5 lists": "dga 4.35 s, 1.4 GB",
}
TARGETS = {
    "stepwise+BCa western": "<= 5 s",
    "stepwise+BCa uk": "<= 25 s",
    "exhaustive BIC uk": "<= 8 s",
    "lcmcr kosovo": "R-hat < 1.01 in <= 30 s",
    "dga uk 5 lists": "<= 0.5 s",
}


def _table(name: str) -> CaptureTable:
    return read_capture_table(DATA / f"{name}.csv")


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    """Wall seconds of ``work``; its CPU seconds (all threads, children) in CPU_USED."""
    start, cpu = time.perf_counter(), _cpu()
    result = work()
    CPU_USED.append(_cpu() - cpu)
    return time.perf_counter() - start, result


def _glm_n(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    fit = sm.GLM(y, x, family=sm.families.Poisson()).fit()
    return float(y.sum() + np.exp(fit.params[0])), np.asarray(fit.fittedvalues)


def naive_stepwise(table: CaptureTable, pthresh: float = 0.02) -> float:
    """SparseMSE's loop, literally: GLM per step, LP check for every candidate."""
    k = table.n_lists
    y = table.full_counts().astype(float)
    pairs = list(itertools.combinations(range(k), 2))
    chosen: list[tuple[int, int]] = []
    estimate, mu = _glm_n(design_matrix(k, chosen), y)
    pair_x = design_matrix(k, pairs)[:, 1 + k :]
    overlap = pair_x.T @ y
    for _ in pairs:
        expected = pair_x.T @ mu
        p = np.minimum(poisson.cdf(overlap, expected), poisson.sf(overlap - 1, expected))
        for j, pair in enumerate(pairs):
            x = design_matrix(k, [*chosen, pair])
            if pair in chosen or check(x, y, structure(x, y, k)) != 0:
                p[j] = 1.0
        best = int(np.argmin(p))
        if p[best] >= pthresh:
            break
        chosen.append(pairs[best])
        x = design_matrix(k, chosen)
        found = structure(x, y, k)
        keep = found.cells > 0
        estimate, mu_kept = _glm_n(x[np.ix_(keep, found.pars)], y[keep])
        mu = np.zeros_like(y)
        mu[keep] = mu_kept
    return estimate


def naive_exhaustive_per_model(table: CaptureTable, count: int = 200) -> float:
    """Seconds per model for one statsmodels GLM fit per model (random subset)."""
    ranking_terms = list(itertools.combinations(range(table.n_lists), 2))
    rng = np.random.default_rng(1)
    y = table.full_counts().astype(float)
    start = time.perf_counter()
    for _ in range(count):
        model = [t for t in ranking_terms if rng.random() < 0.5]
        sm.GLM(y, design_matrix(table.n_lists, model), family=sm.families.Poisson()).fit()
    return (time.perf_counter() - start) / count


def _stepwise_rows(rows: list[tuple[str, str, str, str]]) -> None:
    for name in ("western_us", "uk_2013"):
        table = _table(name)
        seconds, result = _timed(
            functools.partial(estimate_stepwise, table, options=BootstrapOptions(1000, seed=1))
        )
        low, high = result.interval
        cpu = CPU_USED[-1]
        one, _ = _timed(functools.partial(naive_stepwise, table))
        jack = int((table.full_counts() > 0).sum())
        key = f"stepwise+BCa {name.split('_')[0]}"
        ours = f"{seconds:.1f} s, cpu {cpu:.1f} s (N̂ {result.estimate:,.0f}, "
        ours += f"BCa {low:,.0f}-{high:,.0f})"
        base = f"~{one * (1001 + jack):.0f} s (1 run {one * 1000:.0f} ms x {1001 + jack}, 1 core)"
        rows.append((key, ours, base, PEERS[key]))


def _exhaustive_row(rows: list[tuple[str, str, str, str]]) -> None:
    table = _table("uk_2013")
    first, _ = _timed(lambda: rank_models(table))
    warm, ranking = _timed(lambda: rank_models(table))
    cpu = CPU_USED[-1]
    per_model = naive_exhaustive_per_model(table)
    key = "exhaustive BIC uk"
    ours = f"{warm:.2f} s, cpu {cpu:.1f} s ({len(ranking.masks):,} models; "
    ours += f"first call {first:.1f} s)"
    base = f"~{per_model * 32768:.0f} s (statsmodels {per_model * 1000:.1f} ms/model x 32,768)"
    rows.append((key, ours, base, PEERS[key]))


def _bayes_rows(rows: list[tuple[str, str, str, str]]) -> None:
    for key, module, table_name in (
        ("lcmcr kosovo", "lcmcr", "kosovo_1999"),
        ("dga uk 5 lists", "dga", "uk_2013_5lists"),
    ):
        try:
            function = getattr(
                importlib.import_module(f"uncounted.estimate.population.{module}"),
                f"estimate_{module}",
            )
        except (ImportError, AttributeError):
            rows.append((key, "not installed", "-", PEERS[key]))
            continue
        table = _table(table_name)
        kwargs: dict[str, Any] = {"seed": 1} if module == "lcmcr" else {}

        def work(
            f: Any = function, t: CaptureTable = table, kw: dict[str, Any] = kwargs
        ) -> PopulationEstimate:
            return cast(PopulationEstimate, f(t, **kw))

        seconds, result = _timed(work)
        rhat = result.details.get("rhat", "")
        note = f" R-hat {rhat}" if rhat != "" else ""
        rows.append(
            (
                key,
                f"{seconds:.2f} s, cpu {CPU_USED[-1]:.1f} s (N̂ {result.estimate:,.0f}{note})",
                "-",
                PEERS[key],
            )
        )


def main() -> None:
    rows: list[tuple[str, str, str, str]] = []
    _exhaustive_row(rows)
    _stepwise_rows(rows)
    _bayes_rows(rows)
    print(f"command: {COMMAND}")
    load = os.getloadavg()[0]
    print(f"load average at the end: {load:.1f} on {os.cpu_count()} cores (peers: quiet machine)")
    header = ("work", "Uncounted", "baseline (same run)", "peer (issue 4)", "target")
    widths = [24, 58, 52, 50, 24]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        cells = (*row, TARGETS.get(row[0], ""))
        print(" | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))


if __name__ == "__main__":
    main()
