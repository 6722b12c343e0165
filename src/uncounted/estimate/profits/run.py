"""One entry point for ``uncounted estimate profits``: from a vault or a simulation folder.

* a vault with case facts (journeys, stages, sales), or a simulation folder: the
  documented path (per-victim amounts of documented victims in the reference year,
  bootstrapped; population a stated value, else the catchment model over the lists'
  documented scopes — a simulation folder records them, ``--scope`` states them —
  else Chao's bound);
* a vault of records only: the pathway mix comes from the documented records' coded pathways
  (Bayesian bootstrap), everything else from the cited scenario (steady state,
  population scenario switch).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from uncounted.errors import ConfigError
from uncounted.estimate.profits.from_tables import DocumentedTables, estimate_documented
from uncounted.estimate.profits.montecarlo import ProfitEstimate, run_monte_carlo
from uncounted.estimate.profits.records_mix import with_record_mix
from uncounted.estimate.profits.scenario import ProfitScenario, load_scenario
from uncounted.estimate.profits.sensitivity import sobol_indices, tornado


@dataclass(frozen=True)
class ProfitRequest:
    """What the command line asks for."""

    vault_counts: dict[str, int] | None = None
    simulation: Path | None = None
    scenario_file: Path | None = None
    draws: int = 100_000
    seed: int = 0
    year: int | None = None
    population: float | None = None
    switches: dict[str, Any] | None = None
    sensitivity: bool = False
    tables: DocumentedTables | None = None  # documented tables read from a vault
    scopes: dict[str, str] | None = None  # lists' documented scopes (else the folder's)


def _scenario(request: ProfitRequest) -> ProfitScenario:
    scenario = load_scenario(request.scenario_file)
    return scenario.with_switches(**(request.switches or {}))


def estimate_profits(request: ProfitRequest) -> dict[str, Any]:
    """The estimate (and, when asked, tornado and Sobol' indices) as a JSON-ready mapping."""
    given = (request.vault_counts, request.simulation, request.tables)
    if sum(x is not None for x in given) != 1:
        raise ConfigError("give a vault or --from-simulation DIR (one of them)")
    scenario = _scenario(request)
    if request.vault_counts is None:
        result = estimate_documented(
            _documented_tables(request),
            year=request.year or scenario.reference_year,
            population=request.population,
            scenario=scenario,
            draws=request.draws,
            seed=request.seed,
        )
    else:
        scenario = with_record_mix(scenario, request.vault_counts or {}, "records in the vault")
        result = run_monte_carlo(scenario, draws=request.draws, seed=request.seed)
    return _report(result, scenario, request)


def _documented_tables(request: ProfitRequest) -> DocumentedTables:
    tables = request.tables or DocumentedTables.read(request.simulation or "")
    return tables if request.scopes is None else replace(tables, scopes=request.scopes)


def _report(
    result: ProfitEstimate, scenario: ProfitScenario, request: ProfitRequest
) -> dict[str, Any]:
    report = result.to_dict()
    if request.sensitivity and request.vault_counts is not None:
        report["tornado"] = [bar.to_dict() for bar in tornado(scenario)]
        report["sobol"] = sobol_indices(scenario, base_samples=1024, seed=request.seed)
    return report
