"""Disclosure control on every table, and a report with no external reference."""

from __future__ import annotations

import pandas as pd

from uncounted.publish import Figure, Paragraph, Section, Table, render_report, suppress_small_cells
from uncounted.publish.charts import upset


def test_small_counts_are_suppressed_zero_and_large_kept() -> None:
    frame = pd.DataFrame({"place": ["a", "b", "c", "d"], "people": [0, 1, 4, 5]})
    shown = suppress_small_cells(frame, ["people"])
    assert shown["people"].tolist() == [0, "<5", "<5", 5]
    assert frame["people"].tolist() == [0, 1, 4, 5]


def test_every_table_in_a_report_passes_disclosure_control() -> None:
    canary = 3
    table = Table(pd.DataFrame({"town": ["x"], "people": [canary]}), "t", ("people",))
    html = render_report("r", [Section("s", "S", [Paragraph("p"), table])])
    assert "&lt;5" in html
    assert f">{canary}</td>" not in html


def test_charts_are_inline_svg_without_urls() -> None:
    patterns = pd.DataFrame({"a": [1, 0, 1], "b": [0, 1, 1], "count": [40, 30, 2]})
    svg = upset(patterns, ["a", "b"])
    assert svg.startswith("<svg")
    assert "http" not in svg
    html = render_report("r", [Section("s", "S", [Figure(svg, "c")])])
    assert "http://" not in html and "https://" not in html
