"""Annual profit from documented tables (contract 4 layout): the documented path.

The documented victims are the persons on at least one list (``membership``).
Their transactions and placements give the per-victim amounts
(:mod:`documented`); the population size is a stated number or, by default,
Chao's bias-corrected lower bound from the capture histories (so the result reads
"at least"). Cited priors supply what records rarely show: victim's share, costs,
the value of forced labour.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

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

TABLES = ("persons", "membership", "sales", "journeys")


@dataclass(frozen=True)
class DocumentedTables:
    """The tables the documented path reads, plus capture histories for the population."""

    persons: pd.DataFrame
    membership: pd.DataFrame
    sales: pd.DataFrame
    journeys: pd.DataFrame
    capture_histories: pd.DataFrame
    end: str

    @classmethod
    def read(cls, folder: str | Path) -> DocumentedTables:
        """Read ``DIR/truth/*.csv`` and ``DIR/capture_histories.csv`` (simulator layout)."""
        root = Path(folder)
        frames = {t: pd.read_csv(root / "truth" / f"{t}.csv", dtype=str) for t in TABLES}
        for name, column in (("sales", "price_cny"), ("sales", "seq"), ("journeys", "seq")):
            frames[name][column] = pd.to_numeric(frames[name][column])
        for column in ("price_year", "margin_cny", "placement", "units_per_day", "unit_price_cny"):
            for name in ("sales", "journeys"):
                if column in frames[name]:
                    frames[name][column] = pd.to_numeric(frames[name][column])
        histories = pd.read_csv(root / "capture_histories.csv")
        return cls(**frames, capture_histories=histories, end=_end(root))


def _end(root: Path) -> str:
    data = yaml.safe_load((root / "truth" / "scenario.yaml").read_text(encoding="utf-8")) or {}
    end = (data.get("parameters") or data).get("end_year", 2024)
    year = end.get("value", 2024) if isinstance(end, dict) else end
    return f"{int(year)}-12-31"


def chao_population(histories: pd.DataFrame) -> Prior:
    """Chao's bias-corrected lower bound of the documented population, as a prior."""
    return population_prior(estimate_chao(CaptureTable.from_frame(histories), bias_corrected=True))


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
    size: Prior | float = (
        population if population is not None else chao_population(tables.capture_histories)
    )
    base = scenario if scenario is not None else load_scenario()
    chosen = documented_scenario(base, amounts, size, year=year, replicates=replicates, seed=seed)
    return run_monte_carlo(chosen, draws=draws, seed=seed)
