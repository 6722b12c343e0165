"""Plots as SVG text (matplotlib, no display), reusable by reports."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from uncounted.estimate.population.result import PopulationEstimate


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    # A fixed salt and no date make the SVG the same bytes on every run.
    with plt.rc_context({"svg.hashsalt": "uncounted"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def model_weights_svg(models: Sequence[dict[str, object]], title: str = "Model weights") -> str:
    """Horizontal bars of model weights, labelled with each model and its N̂."""
    labels = [f"{m['model']}  N̂={float(m['estimate']):,.0f}" for m in models]  # type: ignore[arg-type]
    values = [float(m["weight"]) for m in models]  # type: ignore[arg-type]
    figure, axis = plt.subplots(figsize=(7, 0.4 * len(models) + 1.2))
    axis.barh(range(len(values))[::-1], values, color="#4C72B0")
    axis.set_yticks(range(len(values))[::-1], labels, fontsize=8)
    axis.set_xlabel("weight")
    axis.set_title(title)
    return _svg(figure)


def panel_svg(estimates: Sequence[PopulationEstimate], title: str = "Estimates of N") -> str:
    """Point estimates with intervals, one row per method."""
    figure, axis = plt.subplots(figsize=(7, 0.5 * len(estimates) + 1.2))
    for row, est in enumerate(estimates[::-1]):
        low, high = est.interval
        axis.plot([low, high], [row, row], color="#333333")
        axis.plot([est.estimate], [row], "o", color="#C44E52")
    axis.set_yticks(range(len(estimates)), [_label(e) for e in estimates[::-1]], fontsize=8)
    axis.set_xlabel("N")
    axis.set_title(title)
    return _svg(figure)


def _label(estimate: PopulationEstimate) -> str:
    selection = estimate.details.get("selection")
    return f"{estimate.method} ({selection})" if selection else estimate.method


def results_svg(estimates: Sequence[PopulationEstimate]) -> str:
    """Model weights for one AIC/BIC/averaged estimate, otherwise the estimates side by side."""
    if len(estimates) == 1:
        top = estimates[0].details.get("top_models")
        if isinstance(top, list) and top and "weight" in top[0]:
            return model_weights_svg(top)
    return panel_svg(estimates)
