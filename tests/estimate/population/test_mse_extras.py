"""Averaging, strata, diagnostics, plots and the panel."""

from __future__ import annotations

from pathlib import Path

import pytest

from uncounted.estimate.population import (
    estimate_average,
    estimate_chao,
    estimate_chapman,
    estimate_lincoln_petersen,
    estimate_loglinear,
    estimate_stratified,
    read_capture_table,
    read_strata,
    run_panel,
    sparsity_report,
)
from uncounted.estimate.population.plots import model_weights_svg, panel_svg

MSE = Path(__file__).resolve().parents[2] / "data" / "mse"


def test_average_lies_within_the_models_it_averages() -> None:
    table = read_capture_table(MSE / "western_us.csv")
    got = estimate_average(table)
    values = [m["estimate"] for m in got.details["top_models"]]
    assert min(values) * 0.5 <= got.estimate <= max(values) * 2
    assert got.interval[0] <= got.estimate <= got.interval[1]
    assert sum(m["weight"] for m in got.details["top_models"]) <= 1 + 1e-9


def test_sparsity_report_uk_names_non_overlapping_pairs() -> None:
    report = sparsity_report(read_capture_table(MSE / "uk_2013.csv"))
    assert ("LA", "GP") in report.non_overlapping
    assert ("LA", "NCA") in report.non_overlapping
    assert sum(report.list_sizes.values()) >= 2744
    assert report.possible_patterns == 63


def test_stratified_total_adds_strata(tmp_path: Path) -> None:
    kosovo = (MSE / "kosovo_1999.csv").read_text(encoding="utf-8").splitlines()
    header, rows = kosovo[0], kosovo[1:]
    lines = [header.replace(",count", ",half,count")]
    for row in rows:
        *pattern, count = row.split(",")
        first = int(count) // 2
        lines.append(",".join([*pattern, "a", str(first)]))
        lines.append(",".join([*pattern, "b", str(int(count) - first)]))
    path = tmp_path / "strata.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tables = read_strata(path, ["half"])
    result = estimate_stratified(tables, estimate_loglinear)
    assert result.total.estimate == pytest.approx(sum(r.estimate for r in result.strata.values()))
    assert result.total.n_observed == 4400
    assert result.total.interval[0] < result.total.estimate < result.total.interval[1]


def test_panel_reports_ratio_and_skips_what_cannot_run() -> None:
    panel = run_panel(
        read_capture_table(MSE / "new_orleans.csv"), include=("independence", "stepwise", "bic")
    )
    assert "bic" in panel.skipped  # eight lists: 2**28 models
    assert panel.ratio is not None and panel.ratio >= 1
    assert all(e.estimate >= 185 for e in panel.estimates)


def test_svg_plots() -> None:
    table = read_capture_table(MSE / "western_us.csv")
    svg = model_weights_svg(estimate_average(table).details["top_models"])
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "<svg" in panel_svg([estimate_loglinear(table), estimate_chao(table)])


def test_lincoln_petersen_kosovo() -> None:
    # n1 n2 / m with EXH x ABA (n1 = 1,910, n2 = 1,528, m = 403)
    got = estimate_lincoln_petersen(read_capture_table(MSE / "kosovo_1999.csv"), ["EXH", "ABA"])
    assert got.estimate == pytest.approx(1910 * 1528 / 403)


def test_chao_by_hand_kosovo() -> None:
    # Kosovo: f1 = 1131 + 845 + 936 + 306 = 3,218; f2 = 177 + 228 + 106 + 217 + 31 + 123 = 882;
    # Chao (1987) with the (K - 1)/K factor for K = 4 lists.
    table = read_capture_table(MSE / "kosovo_1999.csv")
    got = estimate_chao(table)
    assert (got.details["f1"], got.details["f2"]) == (3218, 882)
    assert got.estimate == pytest.approx(4400 + 0.75 * 3218**2 / (2 * 882))
    corrected = estimate_chao(table, bias_corrected=True)
    assert corrected.estimate == pytest.approx(4400 + 0.75 * 3218 * 3217 / (2 * 883))


def test_chapman_warns_when_lists_barely_overlap() -> None:
    # Netherlands lists I and K share nobody (tests/data/mse/netherlands_2010_2015.csv)
    table = read_capture_table(MSE / "netherlands_2010_2015.csv")
    got = estimate_chapman(table, ["I", "K"])
    assert got.details["both"] == 0
    assert any("unreliable" in w for w in got.warnings)
