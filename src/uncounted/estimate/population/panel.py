"""The honesty panel: several defensible methods side by side, and their spread.

Independence, SparseMSE stepwise, best BIC (all hierarchical two-way models, up
to six lists), the latent-class model and dga (up to five lists) are run on the
same table. The ratio of the highest to the lowest estimate is reported, with a
warning above 2: on real trafficking tables defensible methods disagree by 2-3x,
and one number hides that. A method that cannot run on the table (no MLE, too
many lists, not installed) is listed with the reason instead of an estimate.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from uncounted.errors import ConfigError, EstimationError
from uncounted.estimate.population.diagnostics import sparsity_report
from uncounted.estimate.population.loglinear import estimate_loglinear
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.selected import estimate_selected, estimate_stepwise
from uncounted.estimate.population.table import CaptureTable

RATIO_WARNING = 2.0
PANEL_METHODS = ("independence", "stepwise", "bic", "lcmcr", "dga")
MAX_LISTS_EXHAUSTIVE = 6
MAX_LISTS_DGA = 5
ProgressFactory = Callable[[str, int], Callable[[int], None]]


@dataclass
class Panel:
    """Estimates that ran, methods that could not, and the spread."""

    estimates: list[PopulationEstimate]
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        values = [e.estimate for e in self.estimates]
        return max(values) / min(values) if len(values) >= 2 else None

    @property
    def warnings(self) -> list[str]:
        ratio = self.ratio
        if ratio is not None and ratio > RATIO_WARNING:
            return [
                f"methods disagree: highest / lowest = {ratio:.2f} (> {RATIO_WARNING:g}); "
                "report the spread, not one number"
            ]
        return []

    def summary(self) -> dict[str, Any]:
        return {
            "methods": [_name(e) for e in self.estimates],
            "ratio_high_low": self.ratio,
            "skipped": self.skipped,
            "warnings": self.warnings,
        }


def _name(estimate: PopulationEstimate) -> str:
    selection = estimate.details.get("selection")
    if estimate.method == "loglinear":
        return f"loglinear ({selection or 'independence'})"
    return estimate.method


def bayes_estimator(name: str) -> Callable[..., PopulationEstimate] | None:
    """``estimate_lcmcr`` / ``estimate_dga`` when their modules are installed."""
    try:
        module = importlib.import_module(f"uncounted.estimate.population.{name}")
    except ImportError:
        return None
    function: Callable[..., PopulationEstimate] | None = getattr(module, f"estimate_{name}", None)
    return function


def run_panel(
    table: CaptureTable,
    *,
    seed: int | None = None,
    chains: int = 4,
    progress: ProgressFactory | None = None,
    include: Collection[str] = PANEL_METHODS,
    lcmcr_options: Mapping[str, Any] | None = None,
) -> Panel:
    """Run every panel method in ``include`` that applies to ``table``.

    ``lcmcr_options`` (e.g. ``iterations``, ``burn_in``) go to the latent-class sampler.
    """
    panel = Panel([])
    steps: list[tuple[str, Callable[[], PopulationEstimate]]] = [
        ("independence", lambda: estimate_loglinear(table)),
        ("stepwise", lambda: estimate_stepwise(table)),
    ]
    if table.n_lists <= MAX_LISTS_EXHAUSTIVE:
        steps.append(("bic", lambda: estimate_selected(table, "bic")))
    else:
        panel.skipped["bic"] = f"more than {MAX_LISTS_EXHAUSTIVE} lists: too many models"
    lcmcr = bayes_estimator("lcmcr")
    if lcmcr is not None:
        options = {"chains": chains, "seed": seed, **(lcmcr_options or {})}
        steps.append(("lcmcr", lambda: _lcmcr(lcmcr, table, options, progress)))
    else:
        panel.skipped["lcmcr"] = "latent-class estimator not installed"
    dga = bayes_estimator("dga")
    if dga is None:
        panel.skipped["dga"] = "dga estimator not installed"
    elif table.n_lists > MAX_LISTS_DGA:
        panel.skipped["dga"] = f"more than {MAX_LISTS_DGA} lists"
    else:
        steps.append(("dga", lambda: dga(table)))
    for name, step in steps:
        if name not in include:
            continue
        try:
            panel.estimates.append(step())
        except (EstimationError, ConfigError) as error:
            panel.skipped[name] = error.message
    return panel


def _lcmcr(
    function: Callable[..., PopulationEstimate],
    table: CaptureTable,
    options: dict[str, Any],
    progress: ProgressFactory | None,
) -> PopulationEstimate:
    kwargs = dict(options)
    if progress is not None:
        kwargs["progress"] = progress("latent-class chains", sweeps(function, kwargs))
    return function(table, **kwargs)


def sweeps(function: Callable[..., PopulationEstimate], options: Mapping[str, Any]) -> int:
    """Total Gibbs sweeps of a latent-class run (for the progress bar)."""
    params = inspect.signature(function).parameters
    try:
        per_chain = sum(int(options.get(k, params[k].default)) for k in ("iterations", "burn_in"))
        return int(options.get("chains", params["chains"].default)) * per_chain
    except (KeyError, TypeError, ValueError):
        return 0


def panel_with_diagnostics(panel: Panel, table: CaptureTable) -> list[PopulationEstimate]:
    """The estimates, each carrying the panel summary and the sparsity report."""
    summary = panel.summary() | {"sparsity": sparsity_report(table).to_dict()}
    return [
        PopulationEstimate(
            e.method,
            e.n_observed,
            e.estimate,
            e.interval,
            e.level,
            e.details | {"panel": summary},
            e.warnings + tuple(panel.warnings),
        )
        for e in panel.estimates
    ]
