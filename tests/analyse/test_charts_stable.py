"""Charts are the same bytes on every run: regenerated docs and reports change only with data."""

from __future__ import annotations

import matplotlib.pyplot as plt

from uncounted.analyse.charts import figure_svg
from uncounted.estimate.population import plots


def _chart() -> str:
    fig, axis = plt.subplots()
    axis.plot([1, 2], [3, 4])
    axis.fill_between([1, 2], [0, 1], [2, 3])
    return figure_svg(fig)


def test_report_chart_is_the_same_bytes_twice() -> None:
    first = _chart()
    assert "clip-path" in first  # the ids that a random salt would change
    assert first == _chart()


def test_population_plot_is_the_same_bytes_twice() -> None:
    models = [{"model": "[12,3]", "estimate": 1234.0, "weight": 0.6}]
    first = plots.model_weights_svg(models)
    assert "clip-path" in first
    assert first == plots.model_weights_svg(models)
