"""Multiple systems estimation of a hidden population from overlapping lists.

One estimator per module. Every estimator takes a :class:`CaptureTable` and
returns a :class:`PopulationEstimate`:

- ``twolist``: Lincoln–Petersen and Chapman; ``chao``: Chao's lower bound;
- ``loglinear``: one fixed hierarchical log-linear model (profile interval);
- ``selected``: SparseMSE stepwise or best AIC/BIC (``exhaustive``), bootstraps;
- ``averaging``: BIC-weighted model averaging; ``strata``: stratified totals;
- ``catchment``: lists with documented scopes (who each list can see);
- ``lcmcr``: Bayesian latent classes (LCMCR); ``dga``: averaging over decomposable graphs;
- ``panel``: the cross-method honesty panel; ``run``: the command line's entry.

The names below are imported on first use (PEP 562 ``__getattr__``), so that
one estimator (``uncounted estimate population X --method dga``) does not load
every other estimator's dependencies (statsmodels, matplotlib, ...).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uncounted.estimate.population.averaging import estimate_average
    from uncounted.estimate.population.catchment import estimate_catchment
    from uncounted.estimate.population.chao import estimate_chao
    from uncounted.estimate.population.dga import estimate_dga
    from uncounted.estimate.population.diagnostics import sparsity_report
    from uncounted.estimate.population.lcmcr import estimate_lcmcr
    from uncounted.estimate.population.loglinear import estimate_loglinear
    from uncounted.estimate.population.panel import run_panel
    from uncounted.estimate.population.result import PopulationEstimate
    from uncounted.estimate.population.selected import (
        BootstrapOptions,
        estimate_selected,
        estimate_stepwise,
    )
    from uncounted.estimate.population.strata import estimate_stratified
    from uncounted.estimate.population.table import (
        CaptureTable,
        from_clusters,
        read_capture_table,
        read_strata,
    )
    from uncounted.estimate.population.twolist import (
        estimate_chapman,
        estimate_lincoln_petersen,
    )

_MODULES = {
    "BootstrapOptions": "selected",
    "CaptureTable": "table",
    "PopulationEstimate": "result",
    "estimate_average": "averaging",
    "estimate_catchment": "catchment",
    "estimate_chao": "chao",
    "estimate_chapman": "twolist",
    "estimate_dga": "dga",
    "estimate_lcmcr": "lcmcr",
    "estimate_lincoln_petersen": "twolist",
    "estimate_loglinear": "loglinear",
    "estimate_selected": "selected",
    "estimate_stepwise": "selected",
    "estimate_stratified": "strata",
    "from_clusters": "table",
    "read_capture_table": "table",
    "read_strata": "table",
    "run_panel": "panel",
    "sparsity_report": "diagnostics",
}

__all__ = [
    "BootstrapOptions",
    "CaptureTable",
    "PopulationEstimate",
    "estimate_average",
    "estimate_catchment",
    "estimate_chao",
    "estimate_chapman",
    "estimate_dga",
    "estimate_lcmcr",
    "estimate_lincoln_petersen",
    "estimate_loglinear",
    "estimate_selected",
    "estimate_stepwise",
    "estimate_stratified",
    "from_clusters",
    "read_capture_table",
    "read_strata",
    "run_panel",
    "sparsity_report",
]


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
