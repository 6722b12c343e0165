"""Annual profit from documented tables (contract 4 layout): the documented path.

The documented victims are the persons on at least one list (``membership``).
Their transactions and placements give the per-victim amounts
(:mod:`documented`); the population size is a stated number or, by default, the
catchment log-linear model over the lists' documented scopes when the tables carry
them (a simulation folder records them in ``list_scopes.json``), else Chao's
bias-corrected lower bound from the capture histories (so the result reads "at
least"). Cited priors supply what records rarely show: victim's share, costs, the
value of forced labour.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from uncounted.errors import EstimationError, InputError
from uncounted.estimate.population.catchment import estimate_catchment
from uncounted.estimate.population.chao import estimate_chao
from uncounted.estimate.population.table import CaptureTable
from uncounted.estimate.profits.documented import (
    documented_amounts,
    documented_scenario,
    population_prior,
)
from uncounted.estimate.profits.montecarlo import ProfitEstimate, run_monte_carlo
from uncounted.estimate.profits.priors import Prior
from uncounted.estimate.profits.scenario import ProfitScenario, load_scenario
from uncounted.simulate.world import SCOPES_FILE

TABLES = ("persons", "membership", "sales", "journeys")


@dataclass(frozen=True)
class DocumentedTables:
    """The tables the documented path reads, plus capture histories for the population.

    ``scopes``: each scoped list's documented scope (list -> scope; lists not named see
    everyone), for the catchment population model; empty when not known.
    """

    persons: pd.DataFrame
    membership: pd.DataFrame
    sales: pd.DataFrame
    journeys: pd.DataFrame
    capture_histories: pd.DataFrame
    end: str
    scopes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: str | Path) -> DocumentedTables:
        """Read ``DIR/truth/*.csv``, ``DIR/capture_histories.csv`` and the lists' scopes
        ``DIR/list_scopes.json`` if present (simulator layout)."""
        root = Path(folder)
        frames = {t: pd.read_csv(root / "truth" / f"{t}.csv", dtype=str) for t in TABLES}
        for name, column in (("sales", "price_cny"), ("sales", "seq"), ("journeys", "seq")):
            frames[name][column] = pd.to_numeric(frames[name][column])
        for column in ("price_year", "margin_cny", "placement", "units_per_day", "unit_price_cny"):
            for name in ("sales", "journeys"):
                if column in frames[name]:
                    frames[name][column] = pd.to_numeric(frames[name][column])
        histories = pd.read_csv(root / "capture_histories.csv")
        return cls(**frames, capture_histories=histories, end=_end(root), scopes=read_scopes(root))


def read_scopes(folder: Path) -> dict[str, str]:
    """The lists' documented scopes from ``folder/list_scopes.json`` ({} without the file)."""
    path = folder / SCOPES_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON: {error.msg}", file=str(path), line=error.lineno) from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in data.items()
    ):
        raise InputError("must map each scoped list to its scope (text)", file=str(path))
    return dict(data)


def _end(root: Path) -> str:
    data = yaml.safe_load((root / "truth" / "scenario.yaml").read_text(encoding="utf-8")) or {}
    end = (data.get("parameters") or data).get("end_year", 2024)
    year = end.get("value", 2024) if isinstance(end, dict) else end
    return f"{int(year)}-12-31"


def chao_population(histories: pd.DataFrame) -> Prior:
    """Chao's bias-corrected lower bound of the documented population, as a prior."""
    return population_prior(estimate_chao(CaptureTable.from_frame(histories), bias_corrected=True))


def default_population(tables: DocumentedTables) -> Prior:
    """The catchment model over ``tables.scopes`` when known and estimable, else Chao's bound.

    The catchment model reads each scoped list's silence about people outside its
    scope as structural, not chance (docs/findings-study-population.md); a lognormal
    fitted to its interval carries its uncertainty.
    """
    histories = tables.capture_histories
    lists = sorted(c for c in histories.columns if c != "count")  # same fit in any list order
    scopes = {k: v for k, v in tables.scopes.items() if k in lists}
    if scopes:
        try:
            table = CaptureTable.from_frame(histories[[*lists, "count"]])
            return population_prior(estimate_catchment(table, scopes))
        except EstimationError:
            pass  # a catchment seen by fewer than two lists, or no finite MLE
    return chao_population(histories)


def estimate_documented(
    tables: DocumentedTables,
    *,
    year: int,
    population: float | Prior | None = None,
    scenario: ProfitScenario | None = None,
    draws: int = 20_000,
    replicates: int = 1_000,
    seed: int = 0,
) -> ProfitEstimate:
    """Annual profit in ``year`` from documented victims scaled to the population."""
    documented = tables.membership["person_id"]
    amounts = documented_amounts(
        documented, tables.sales, tables.journeys, tables.persons, year=year, end=tables.end
    )
    size: Prior | float = population if population is not None else default_population(tables)
    base = scenario if scenario is not None else load_scenario()
    chosen = documented_scenario(base, amounts, size, year=year, replicates=replicates, seed=seed)
    return run_monte_carlo(chosen, draws=draws, seed=seed)
