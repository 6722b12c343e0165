"""One entry point for every population method (what the command line calls).

``estimate_population(table, request)`` returns a list of estimates: one for a
single method, the whole honesty panel (plus Chapman and Chao) for ``all``.
With stratum columns each method is run per stratum and the list holds totals,
the strata in ``details``.

Estimator modules are imported where they are used (``noqa: PLC0415``), so one
method loads only its own dependencies: ``--method dga`` does not load
statsmodels, matplotlib or the latent-class sampler.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from uncounted.errors import ConfigError
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import CaptureTable, read_capture_table, read_strata

if TYPE_CHECKING:
    from uncounted.estimate.population.bootstrap import Progress
    from uncounted.estimate.population.panel import ProgressFactory

METHODS = ("chapman", "chao", "loglinear", "catchment", "lcmcr", "dga", "all")
SELECTIONS = ("stepwise", "bic", "aic", "average", "none")
HMC_ITERATIONS = 50_000  # latent-class run with the HMC move: ~7,000 effective draws on Kosovo
HMC_THIN = 5


@dataclass(frozen=True)
class Request:
    """What to estimate and how (the command-line options)."""

    method: str = "loglinear"
    selection: str = "stepwise"
    max_order: int = 2
    bootstrap: int = 0
    chains: int = 4
    seed: int | None = None
    level: float = 0.95
    lists: tuple[str, ...] | None = None
    model: str | None = None
    strata: tuple[str, ...] = ()
    iterations: int | None = None  # latent-class sweeps per chain kept (burn-in a tenth)
    scopes: tuple[str, ...] = ()  # catchment: "LIST=SCOPE", lists not named see everyone
    hmc: bool = False  # latent-class sampler: add the HMC move, with its shorter default run

    def lcmcr_options(self) -> dict[str, Any]:
        """Latent-class sampler options: ``iterations`` kept sweeps, a tenth as burn-in;
        with ``hmc`` the HMC move, 50,000 sweeps by default and every 5th kept."""
        if self.hmc:
            kept = self.iterations or HMC_ITERATIONS
            return {"hmc_move": True, "iterations": kept, "burn_in": max(kept // 10, 1),
                    "thin": HMC_THIN}  # fmt: skip
        if self.iterations is None:
            return {}
        return {"iterations": self.iterations, "burn_in": max(self.iterations // 10, 1)}


def _check(request: Request) -> None:
    if request.method not in METHODS:
        raise ConfigError(f"unknown method {request.method!r}; choose one of {', '.join(METHODS)}")
    if request.selection not in SELECTIONS:
        raise ConfigError(f"unknown selection {request.selection!r}")
    if request.bootstrap < 0 or request.chains < 1 or not 0 < request.level < 1:
        raise ConfigError("bootstrap must be >= 0, chains >= 1 and level between 0 and 1")


def _loglinear(
    table: CaptureTable, request: Request, progress: ProgressFactory | None
) -> PopulationEstimate:
    from uncounted.estimate.population.averaging import estimate_average  # noqa: PLC0415
    from uncounted.estimate.population.design import parse_model  # noqa: PLC0415
    from uncounted.estimate.population.loglinear import estimate_loglinear  # noqa: PLC0415
    from uncounted.estimate.population.selected import (  # noqa: PLC0415
        BootstrapOptions,
        estimate_selected,
        estimate_stepwise,
    )

    advance: Progress | None = None
    if request.bootstrap and progress is not None:
        advance = progress("bootstrap", request.bootstrap)
    options = BootstrapOptions(
        request.bootstrap, level=request.level, seed=request.seed, progress=advance
    )
    if request.model is not None:
        return estimate_loglinear(table, parse_model(request.model, table.n_lists))
    if request.selection == "stepwise":
        return estimate_stepwise(table, options=options)
    if request.selection in ("bic", "aic"):
        criterion: Literal["aic", "bic"] = "bic" if request.selection == "bic" else "aic"
        return estimate_selected(table, criterion, max_order=request.max_order, options=options)
    if request.selection == "average":
        return estimate_average(table, max_order=request.max_order, level=request.level)
    return estimate_loglinear(table, level=request.level)


def _bayes(
    name: str, table: CaptureTable, request: Request, progress: ProgressFactory | None
) -> PopulationEstimate:
    try:
        module = importlib.import_module(f"uncounted.estimate.population.{name}")
    except ImportError:
        raise ConfigError(f"the {name} estimator is not available in this installation") from None
    function: Callable[..., PopulationEstimate] = getattr(module, f"estimate_{name}")
    kwargs: dict[str, Any] = {"seed": request.seed, "level": request.level}
    if name == "lcmcr":
        from uncounted.estimate.population.panel import sweeps  # noqa: PLC0415

        kwargs |= {"chains": request.chains, **request.lcmcr_options()}
        if progress is not None:
            kwargs["progress"] = progress("latent-class chains", sweeps(function, kwargs))
    return function(table, **kwargs)


def _single(
    table: CaptureTable, request: Request, progress: ProgressFactory | None
) -> PopulationEstimate:
    if request.method == "chapman":
        from uncounted.estimate.population.twolist import estimate_chapman  # noqa: PLC0415

        return estimate_chapman(table, request.lists, level=request.level)
    if request.method == "chao":
        from uncounted.estimate.population.chao import estimate_chao  # noqa: PLC0415

        return estimate_chao(table, bias_corrected=True, level=request.level)
    if request.method == "catchment":
        return _catchment(table, request)
    if request.method in ("lcmcr", "dga"):
        return _bayes(request.method, table, request, progress)
    return _loglinear(table, request, progress)


def _catchment(table: CaptureTable, request: Request) -> PopulationEstimate:
    from uncounted.estimate.population.catchment import estimate_catchment  # noqa: PLC0415
    from uncounted.estimate.population.design import parse_model  # noqa: PLC0415

    model = parse_model(request.model, table.n_lists) if request.model else ()
    return estimate_catchment(table, parse_scopes(request.scopes), model, level=request.level)


def parse_scopes(items: tuple[str, ...]) -> dict[str, str]:
    """``("shelter=left", ...)`` as ``{"shelter": "left"}``; a list may have one scope."""
    scopes: dict[str, str] = {}
    for item in items:
        name, sep, scope = (part.strip() for part in item.partition("="))
        if not (sep and name and scope):
            raise ConfigError(f"--scope must be LIST=SCOPE, not {item!r}", option="--scope")
        if name in scopes:
            raise ConfigError(f"--scope names list {name!r} twice", option="--scope")
        scopes[name] = scope
    return scopes


def estimate_population(
    table: CaptureTable, request: Request, progress: ProgressFactory | None = None
) -> list[PopulationEstimate]:
    """Run the requested method(s) on one table."""
    _check(request)
    if request.method != "all":
        return [_single(table, request, progress)]
    from uncounted.estimate.population.panel import (  # noqa: PLC0415
        panel_with_diagnostics,
        run_panel,
    )

    panel = run_panel(
        table,
        seed=request.seed,
        chains=request.chains,
        progress=progress,
        lcmcr_options=request.lcmcr_options(),
    )
    extras = [_single(table, replace(request, method=m), progress) for m in ("chapman", "chao")]
    return panel_with_diagnostics(panel, table) + extras


def estimate_population_file(
    path: str | Path, request: Request, progress: ProgressFactory | None = None
) -> list[PopulationEstimate]:
    """Read ``path`` (with optional stratum columns) and estimate; read warnings kept."""
    _check(request)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if not request.strata:
            results = estimate_population(read_capture_table(path), request, progress)
        else:
            if request.method == "all":
                raise ConfigError("with --stratum choose one method, not 'all'")
            from uncounted.estimate.population.strata import (  # noqa: PLC0415
                estimate_stratified,
            )

            tables = read_strata(path, request.strata)
            stratified = estimate_stratified(
                tables, lambda t: _single(t, request, progress), level=request.level
            )
            results = [stratified.total]
    notes = tuple(str(w.message) for w in caught if issubclass(w.category, UserWarning))
    return [replace(r, warnings=notes + r.warnings) for r in results]
