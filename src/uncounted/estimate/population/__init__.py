"""Multiple systems estimation of a hidden population from overlapping lists.

One estimator per module. Every estimator takes a :class:`CaptureTable` and
returns a :class:`PopulationEstimate`:

- ``twolist``: Lincoln–Petersen and Chapman; ``chao``: Chao's lower bound;
- ``loglinear``: one fixed hierarchical log-linear model (profile interval);
- ``selected``: SparseMSE stepwise or best AIC/BIC (``exhaustive``), bootstraps;
- ``averaging``: BIC-weighted model averaging; ``strata``: stratified totals;
- ``lcmcr``: Bayesian latent classes (LCMCR); ``dga``: averaging over decomposable graphs;
- ``panel``: the cross-method honesty panel; ``run``: the command line's entry.
"""

from uncounted.estimate.population.averaging import estimate_average
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
from uncounted.estimate.population.twolist import estimate_chapman, estimate_lincoln_petersen

__all__ = [
    "BootstrapOptions",
    "CaptureTable",
    "PopulationEstimate",
    "estimate_average",
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
