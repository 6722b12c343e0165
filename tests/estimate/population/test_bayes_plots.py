"""Posterior histograms and traces of the Bayesian estimators as SVG."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest

from uncounted.errors import ConfigError
from uncounted.estimate.population.dga import estimate_dga
from uncounted.estimate.population.lcmcr import LcmcrSettings, sample_lcmcr, summarise_draws
from uncounted.estimate.population.plots_bayes import posterior_svg, trace_svg
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import read_capture_table

MSE = Path(__file__).resolve().parents[2] / "data" / "mse"


def _parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_dga_histogram_is_a_density_around_the_median() -> None:
    result = estimate_dga(read_capture_table(MSE / "kosovo_1999.csv"), delta=2**-4, n_max=40_000)
    histogram = result.details["posterior_histogram"]
    edges, density = np.array(histogram["edges"]), np.array(histogram["density"])
    assert np.sum(density * np.diff(edges)) == pytest.approx(1.0, abs=0.005)
    assert edges[0] < result.estimate < edges[-1]
    svg = posterior_svg(result)
    assert _parsed(svg).tag.endswith("svg")
    assert svg == posterior_svg(result)  # no dates or random ids: same input, same bytes


def test_lcmcr_histogram_per_chain_and_trace() -> None:
    table = read_capture_table(MSE / "western_us.csv")
    settings = LcmcrSettings(iterations=4_000, burn_in=500, thin=10, seed=1)
    draws = sample_lcmcr(table, settings)
    result = summarise_draws(table, settings, draws)
    histogram = result.details["posterior_histogram"]
    assert len(histogram["chains"]) == 4
    assert "chain 4" in posterior_svg(result)
    trace = trace_svg(draws.draws)
    assert _parsed(trace).tag.endswith("svg")
    assert "chain 1" in trace


def test_plot_needs_a_histogram() -> None:
    bare = PopulationEstimate("chapman", 10, 12.0, (11.0, 13.0))
    with pytest.raises(ConfigError):
        posterior_svg(bare)
