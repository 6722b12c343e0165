"""Posterior histograms and trace plots of the Bayesian estimators, as SVG text.

Reusable by reports: :func:`posterior_svg` needs only a :class:`PopulationEstimate`
from ``estimate_lcmcr`` or ``estimate_dga`` (its ``details["posterior_histogram"]``);
:func:`trace_svg` takes the chains' draws (``sample_lcmcr(...).draws``).
Figures are built without pyplot (no global state, safe in threads) and written
without a date, so the same input gives the same SVG.
"""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
from matplotlib import rc_context
from matplotlib.figure import Figure

from uncounted.errors import ConfigError
from uncounted.estimate.population.result import PopulationEstimate

COLOURS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860")


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": "uncounted"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def posterior_svg(estimate: PopulationEstimate, title: str | None = None) -> str:
    """Posterior of N as a histogram (one outline per chain when there are chains),
    with the median and the interval marked."""
    histogram = estimate.details.get("posterior_histogram")
    if not histogram:
        raise ConfigError("this estimate carries no posterior histogram", field="details")
    edges = np.asarray(histogram["edges"], dtype=float)
    figure = Figure(figsize=(7, 3.2))
    axis = figure.subplots()
    per_chain = histogram.get("chains") or [histogram["density"]]
    for i, density in enumerate(per_chain):
        label = f"chain {i + 1}" if len(per_chain) > 1 else "posterior"
        axis.stairs(density, edges, color=COLOURS[i % len(COLOURS)], label=label)
    axis.axvline(estimate.estimate, color="#333333", linestyle="-", linewidth=1)
    for bound in estimate.interval:
        axis.axvline(bound, color="#333333", linestyle=":", linewidth=1)
    axis.set_xlabel("N (observed + missing)")
    axis.set_ylabel("posterior density")
    axis.set_title(title or f"{estimate.method}: median {estimate.estimate:,.0f}")
    if len(per_chain) > 1:
        axis.legend(fontsize=7)
    return _svg(figure)


def trace_svg(draws: npt.NDArray[np.float64], title: str = "Trace of N") -> str:
    """Kept draws of N against iteration, one line per chain."""
    draws = np.atleast_2d(np.asarray(draws, dtype=float))
    figure = Figure(figsize=(7, 3.2))
    axis = figure.subplots()
    for i, chain in enumerate(draws):
        axis.plot(chain, color=COLOURS[i % len(COLOURS)], linewidth=0.5, label=f"chain {i + 1}")
    axis.set_xlabel("kept draw")
    axis.set_ylabel("N")
    axis.set_title(title)
    axis.legend(fontsize=7)
    return _svg(figure)
