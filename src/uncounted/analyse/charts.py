"""Charts as inline SVG text (no metadata, no external references) for reports."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


def figure_svg(fig: Figure) -> str:
    """The figure as an ``<svg>`` element (XML prolog and DOCTYPE dropped), then closed."""
    buffer = io.StringIO()
    # A fixed salt makes the SVG's element ids, and so the file, the same on every run.
    with plt.rc_context({"svg.hashsalt": "uncounted"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata=NO_METADATA)
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def tornado_svg(
    names: Sequence[str], low: Sequence[float], high: Sequence[float], base: float, unit: str
) -> str:
    """A tornado chart: one bar per input from its P10 to its P90 result."""
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(names) + 1.2))
    for i, (lo, hi) in enumerate(zip(low, high, strict=True)):
        ax.barh(i, hi - base, left=base, color="#c0504d")
        ax.barh(i, lo - base, left=base, color="#4f81bd")
    ax.set_yticks(range(len(names)), labels=list(names))
    ax.invert_yaxis()
    ax.axvline(base, color="black", linewidth=0.8)
    ax.set_xlabel(f"annual profit, {unit} (blue: input at P10, red: at P90)")
    return figure_svg(fig)


def step_svg(x: Sequence[float], y: Sequence[float], xlabel: str, ylabel: str, title: str) -> str:
    """A step curve (e.g. Kaplan–Meier)."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.step(list(x), list(y), where="post")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.set_ylim(0, 1.02)
    return figure_svg(fig)


def interval_svg(
    labels: Sequence[str],
    point: Sequence[float],
    low: Sequence[float],
    high: Sequence[float],
    xlabel: str,
) -> str:
    """Points with horizontal interval bars, one row per label."""
    fig, ax = plt.subplots(figsize=(6, 0.35 * len(labels) + 1.2))
    rows = range(len(labels))
    errors = [
        [p - lo for p, lo in zip(point, low, strict=True)],
        [hi - p for p, hi in zip(point, high, strict=True)],
    ]
    ax.errorbar(list(point), list(rows), xerr=errors, fmt="o", capsize=3)
    ax.set_yticks(list(rows), labels=list(labels))
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    return figure_svg(fig)
