"""Bayesian model averaging over decomposable graphs, checked against R's dga.

Reference values: tests/data/mse/SOURCES.md, "Reference results from established
implementations", computed with dga's ``bma.cr(Y, Nmissing, delta, graphs)``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import gammaln, logsumexp

from uncounted.errors import ConfigError, EstimationError
from uncounted.estimate.population.decomposable import decomposable_graphs
from uncounted.estimate.population.dga import (
    component_terms,
    dga_posterior,
    estimate_dga,
    graph_log_posterior,
)
from uncounted.estimate.population.table import CaptureTable, read_capture_table

MSE = Path(__file__).resolve().parents[2] / "data" / "mse"


def _table(name: str) -> CaptureTable:
    return read_capture_table(MSE / name)


@pytest.mark.parametrize(("p", "count"), [(3, 8), (4, 61), (5, 822)])
def test_number_of_decomposable_graphs(p: int, count: int) -> None:
    # dga ships graphs3/graphs4/graphs5 with 8, 61 and 822 graphs (OEIS A058862).
    graphs = decomposable_graphs(p)
    assert len(graphs) == count
    assert len({g.edges for g in graphs}) == count


def test_kosovo_matches_dga() -> None:
    # R: dga::bma.cr(Y = kosovo 2x2x2x2 array, Nmissing = 0:40000, delta = 2^-4, graphs4)
    # -> posterior median 12,595, mean 12,749, 95% interval 9,827-16,544 (SOURCES.md).
    result = estimate_dga(_table("kosovo_1999.csv"), delta=2**-4, n_max=40_000)
    assert result.estimate == pytest.approx(12_595, rel=0.01)
    assert result.details["posterior_mean"] == pytest.approx(12_749, rel=0.01)
    assert result.interval[0] == pytest.approx(9_827, rel=0.01)
    assert result.interval[1] == pytest.approx(16_544, rel=0.01)
    assert result.details["n_graphs"] == 61
    assert result.warnings == ()


def test_western_us_matches_dga() -> None:
    # R: dga::bma.cr(Y = western_us 2^5 array, Nmissing = 0:40000, delta = 2^-5, graphs5)
    # -> posterior median 2,133, mean 2,258, 95% interval 1,343-3,880 (SOURCES.md).
    result = estimate_dga(_table("western_us.csv"), delta=2**-5, n_max=40_000)
    assert result.estimate == pytest.approx(2_133, rel=0.01)
    assert result.details["posterior_mean"] == pytest.approx(2_258, rel=0.01)
    assert result.interval == pytest.approx((1_343, 3_880), rel=0.01)
    assert result.details["n_graphs"] == 822


def _dirichlet_multinomial(counts: np.ndarray, prior: float) -> float:
    total = counts.sum()
    return float(
        gammaln(prior * counts.size)
        - gammaln(total + prior * counts.size)
        + np.sum(gammaln(counts + prior) - gammaln(prior))
    )


def test_saturated_and_independence_graphs_against_direct_formula() -> None:
    # Differential check: the complete graph is one Dirichlet-multinomial on all 2^p
    # cells (prior delta each); the empty graph is a product over lists of
    # Dirichlet-multinomials on each list's 2 cells (prior delta * 2^(p-1) each).
    table, delta, missing = _table("kosovo_1999.csv"), 0.3, np.array([0.0, 17.0, 5000.0])
    graphs = decomposable_graphs(4)
    empty = next(g for g in graphs if not g.edges)
    complete = next(g for g in graphs if len(g.edges) == 6)
    cells = np.concatenate([[0], table.full_counts()])
    for i, m in enumerate(missing):
        full = cells.copy()
        full[0] = m
        saturated = _dirichlet_multinomial(full, delta)
        assert graph_log_posterior(table, complete, delta, missing)[i] == pytest.approx(saturated)
        n = full.sum()
        independent = 0.0
        for j in range(4):
            on = full[(np.arange(16) >> j) & 1 == 1].sum()
            independent += _dirichlet_multinomial(np.array([n - on, on]), delta * 8)
        assert graph_log_posterior(table, empty, delta, missing)[i] == pytest.approx(independent)


def test_streaming_equals_graphs_by_grid_matrix() -> None:
    # The streamed kernel against a plain (graphs x grid) logsumexp over the same terms.
    table, delta, n_max = _table("western_us.csv"), 2**-5, 3000
    missing = np.arange(n_max + 1, dtype=float)
    n = table.n_observed
    common = gammaln(missing + n + 1) - gammaln(missing + 1) - np.log(missing + n)
    const, rows = component_terms(table, delta, missing)
    matrix = np.array(
        [
            common
            + sum(const[c] + rows[c] for c in g.cliques)
            - sum((const[s] + rows[s] for s in g.separators), np.zeros(missing.size))
            for g in decomposable_graphs(5)
        ]
    )
    expected = np.exp(logsumexp(matrix, axis=0) - logsumexp(matrix))
    posterior, graph_weights = dga_posterior(table, delta=delta, n_max=n_max)
    np.testing.assert_allclose(posterior.probs, expected, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(
        graph_weights, np.exp(logsumexp(matrix, axis=1) - logsumexp(matrix)), rtol=1e-9
    )


def test_component_terms_empty_set_is_zero() -> None:
    const, rows = component_terms(_table("kosovo_1999.csv"), 0.1, np.arange(5.0))
    assert const[0] == 0.0
    assert not rows[0].any()


def test_mass_near_bound_is_reported_and_warned() -> None:
    # Kosovo's posterior lies around 8,000 missing: a grid up to 3,000 is too short.
    result = estimate_dga(_table("kosovo_1999.csv"), delta=2**-4, n_max=3_000)
    assert result.details["mass_near_n_max"] > 0.3
    assert any("n_max" in w for w in result.warnings)


def test_rejects_six_lists_and_bad_arguments() -> None:
    with pytest.raises(EstimationError, match="3 to 5 lists"):
        estimate_dga(_table("uk_2013.csv"))
    with pytest.raises(ConfigError, match="delta"):
        estimate_dga(_table("kosovo_1999.csv"), delta=0.0, n_max=100)
    with pytest.raises(ConfigError, match="log_prior_n"):
        estimate_dga(_table("kosovo_1999.csv"), delta=1.0, n_max=100, log_prior_n=np.zeros(3))


def test_defaults_follow_dga() -> None:
    # dga suggests delta = 2^-p; the grid defaults to 30 x observed missing.
    result = estimate_dga(_table("kosovo_1999.csv"))
    assert result.details["delta"] == 2**-4
    assert result.details["n_max"] == 30 * 4400


_tables = st.integers(3, 4).flatmap(
    lambda p: st.lists(st.integers(0, 60), min_size=2**p - 1, max_size=2**p - 1).map(
        lambda counts: (p, counts)
    )
)


@settings(max_examples=15, deadline=None)
@given(_tables, st.randoms(use_true_random=False))
def test_properties_bounds_and_list_order(data: tuple[int, list[int]], rnd: object) -> None:
    p, counts = data
    codes = np.arange(1, 2**p)
    keep = np.array(counts) > 0
    if keep.sum() < 2:
        return
    patterns = ((codes[keep, None] >> np.arange(p)) & 1).astype(np.int8)
    table = CaptureTable(tuple("ABCDE"[:p]), patterns, np.array(counts)[keep].astype(np.int64))
    result = estimate_dga(table, delta=2.0**-p, n_max=2_000)
    assert result.interval[0] >= table.n_observed
    assert result.interval[0] <= result.estimate <= result.interval[1]
    order = list(range(p))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    permuted = estimate_dga(table.permuted(order), delta=2.0**-p, n_max=2_000)
    assert permuted.estimate == result.estimate
    assert permuted.details["posterior_mean"] == pytest.approx(result.details["posterior_mean"])


HEAVY = ("pandas", "matplotlib", "statsmodels", "scipy.stats")
_LIBRARY = """
import json, sys
from uncounted.estimate.population import read_capture_table
from uncounted.estimate.population.dga import dga_posterior
dga_posterior(read_capture_table(sys.argv[1]), delta=2**-5, n_max=20_000)
print(json.dumps([m for m in sys.argv[2:] if m in sys.modules]))
"""


def _env() -> dict[str, str]:
    source = str(Path(__file__).resolve().parents[3] / "src")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}


def test_dga_library_run_does_not_import_pandas() -> None:
    # Issue 4 bounds the whole process of a dga run (<= 280 MB) and every import
    # counts: reading a table and running dga must not load pandas (~110 MB).
    path = str(MSE / "kosovo_1999.csv")
    out = subprocess.run(
        [sys.executable, "-c", _LIBRARY, path, *HEAVY],
        check=True,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_dga_command_does_not_import_pandas_or_plotting() -> None:
    # The real entry point (``python -m uncounted``); ``-X importtime`` lists
    # every module the process imported on standard error.
    command = ["estimate", "population", str(MSE / "kosovo_1999.csv"), "--method", "dga"]
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "uncounted", *command, "--json"],
        check=True,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert json.loads(out.stdout)["method"].startswith("dga")
    imported = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines()}
    assert "numpy" in imported  # the listing is there
    assert sorted(imported & set(HEAVY)) == []
