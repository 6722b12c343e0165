"""Charts as inline SVG text (matplotlib, Agg), with no external reference.

The SVG loses its XML prologue, metadata and namespace URIs (HTML5 inline SVG
needs none), so the page holds no ``http://`` text at all; fonts stay text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

plt.rcParams.update(
    {"svg.fonttype": "none", "svg.hashsalt": "uncounted", "font.size": 9, "figure.dpi": 100}
)
COLOURS = ("#3b6ea5", "#d9822b", "#5a9e4b", "#b2443c", "#7d5ba6", "#8c8c8c")


def to_svg(figure: object) -> str:
    """Serialise a matplotlib figure to inline SVG and close it."""
    buffer = io.StringIO()
    fig = plt.gcf() if figure is None else figure
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})  # type: ignore[attr-defined]
    plt.close(fig)  # type: ignore[arg-type]
    return inline_svg(buffer.getvalue())


def inline_svg(text: str) -> str:
    """SVG text made fit to inline in HTML5: no prologue, metadata or namespace URIs."""
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    return re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)


def upset(patterns: pd.DataFrame, lists: Sequence[str], top: int = 15, hide_below: int = 5) -> str:
    """UpSet-style chart: bars of the commonest capture patterns over a dot matrix.

    ``patterns`` has one 0/1 column per list and ``count``. Patterns with fewer
    than ``hide_below`` people are not drawn (disclosure control).
    """
    shown = patterns[patterns["count"] >= hide_below].nlargest(top, "count").reset_index(drop=True)
    fig, (bars, dots) = plt.subplots(
        2, 1, figsize=(7, 4.2), sharex=True, gridspec_kw={"height_ratios": [3, 1.6]}
    )
    x = np.arange(len(shown))
    bars.bar(x, shown["count"], color=COLOURS[0])
    bars.set_ylabel("people")
    for i, value in enumerate(shown["count"]):
        bars.text(i, value, str(int(value)), ha="center", va="bottom", fontsize=7)
    for row, name in enumerate(lists):
        on = shown[name].to_numpy() == 1
        dots.scatter(x, np.full(len(x), row), s=30, c=np.where(on, "#222", "#ddd"))
    dots.set_yticks(range(len(lists)), labels=list(lists))
    dots.set_xticks([])
    dots.invert_yaxis()
    for axis in (bars, dots):
        axis.spines[["top", "right"]].set_visible(False)
    return to_svg(fig)


def grouped_bars(frame: pd.DataFrame, ylabel: str) -> str:
    """Bars for each row (category) and column (series), e.g. truth vs documented shares."""
    fig, axis = plt.subplots(figsize=(6.5, 3))
    width = 0.8 / len(frame.columns)
    x = np.arange(len(frame))
    for k, column in enumerate(frame.columns):
        axis.bar(x + k * width, frame[column], width, label=str(column), color=COLOURS[k % 6])
    axis.set_xticks(x + width * (len(frame.columns) - 1) / 2, labels=[str(i) for i in frame.index])
    axis.set_ylabel(ylabel)
    axis.legend(frameon=False)
    axis.spines[["top", "right"]].set_visible(False)
    return to_svg(fig)


def lines(frame: pd.DataFrame, xlabel: str, ylabel: str) -> str:
    """One line per column against the index."""
    fig, axis = plt.subplots(figsize=(6.5, 3))
    for k, column in enumerate(frame.columns):
        axis.plot(frame.index, frame[column], label=str(column), color=COLOURS[k % 6])
    axis.set_xlabel(xlabel)
    axis.set_ylabel(ylabel)
    axis.legend(frameon=False, fontsize=8)
    axis.spines[["top", "right"]].set_visible(False)
    return to_svg(fig)


def histogram(
    series: dict[str, np.ndarray],
    xlabel: str,
    *,
    bins: int | np.ndarray = 30,
    log: bool = False,
    marks: Sequence[tuple[float, str]] = (),
) -> str:
    """Overlaid histograms (densities) of a few samples, with vertical reference marks."""
    fig, axis = plt.subplots(figsize=(6.5, 3))
    for k, (name, raw) in enumerate(series.items()):
        values = np.asarray(raw, dtype=float)
        values = values[np.isfinite(values)]
        edges: Any = np.geomspace(max(values.min(), 1), values.max(), 40) if log else bins
        axis.hist(values, bins=edges, density=True, alpha=0.55, label=name, color=COLOURS[k % 6])
    for value, label in marks:
        axis.axvline(value, color="#222", linestyle="--", linewidth=1)
        axis.text(value, axis.get_ylim()[1] * 0.95, f" {label}", fontsize=7, va="top")
    if log:
        axis.set_xscale("log")
    axis.set_xlabel(xlabel)
    axis.set_ylabel("density")
    axis.legend(frameon=False, fontsize=8)
    axis.spines[["top", "right"]].set_visible(False)
    return to_svg(fig)


def ecdf(values: np.ndarray, xlabel: str, mark: tuple[float, str] | None = None) -> str:
    """Empirical cumulative distribution with an optional reference line."""
    fig, axis = plt.subplots(figsize=(6.5, 3))
    x = np.sort(np.asarray(values, dtype=float))
    axis.step(x, np.arange(1, len(x) + 1) / max(len(x), 1), where="post", color=COLOURS[0])
    if mark is not None:
        axis.axvline(mark[0], color="#222", linestyle="--", linewidth=1)
        axis.text(mark[0], 0.05, f" {mark[1]}", fontsize=7)
    axis.set_xlabel(xlabel)
    axis.set_ylabel("share")
    axis.set_ylim(0, 1.02)
    axis.spines[["top", "right"]].set_visible(False)
    return to_svg(fig)


def intervals(rows: pd.DataFrame) -> str:
    """Estimates with intervals against the truth: columns label, estimate, low, high, truth."""
    fig, axis = plt.subplots(figsize=(6.5, 0.5 + 0.45 * len(rows)))
    y = np.arange(len(rows))
    axis.errorbar(
        rows["estimate"],
        y,
        xerr=[rows["estimate"] - rows["low"], rows["high"] - rows["estimate"]],
        fmt="o",
        color=COLOURS[0],
        label="estimate (interval)",
    )
    axis.scatter(rows["truth"], y, marker="|", s=200, color=COLOURS[3], label="truth", zorder=3)
    axis.set_yticks(y, labels=list(rows["label"]))
    axis.invert_yaxis()
    axis.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axis.spines[["top", "right"]].set_visible(False)
    return to_svg(fig)
