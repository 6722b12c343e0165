"""Report sections of the demo: lists and overlaps, pathways, ages, prices, timing, estimates."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from uncounted import __version__
from uncounted.publish import charts
from uncounted.publish.sections import Figure, Paragraph, Section, Table
from uncounted.simulate import World


def overview(world: World) -> Section:
    """Data overview: the lists, their sizes, and how they overlap (UpSet-style)."""
    section = Section("overview", "Data overview: lists and overlaps")
    section.add(
        Paragraph(
            f"A simulated world ({world.scenario.name} scenario, seed {world.seed}): "
            f"{world.size:,} women crossing, {len(world.victims):,} trafficked, documented by "
            f"{len(world.lists)} lists that each see only part of them."
        )
    )
    lists = world.list_summary[["list", "label", "n_records", "coverage"]]
    section.add(Table(lists, "Records per list (coverage: share of all victims)", ("n_records",)))
    names = world.scenario.list_names
    section.add(
        Figure(
            charts.upset(world.capture_histories, names),
            "People on each combination of lists (true linkage; patterns under 5 not shown)",
        )
    )
    per_person = world.membership.groupby("person_id")["list"].nunique().value_counts().sort_index()
    table = pd.DataFrame({"lists": per_person.index, "people": per_person.to_numpy()})
    section.add(Table(table, "People by number of lists they appear on", ("people",)))
    return section


def documented(world: World, records: pd.DataFrame) -> Section:
    """Pathways (truth over time, documented vs true shares), ages, prices, time to exploitation."""
    section = Section("pathways", "Pathways, ages, prices and time to exploitation")
    victims = world.victims
    year = pd.to_datetime(victims["crossing_date"]).dt.year
    mix = pd.crosstab(year, victims["pathway"], normalize="index")
    section.add(
        Figure(
            charts.lines(mix, "year of crossing", "share of victims"),
            "True pathway mix by year of crossing (simulated)",
        )
    )
    known = records[records["pathway"] != "unknown"]["pathway"].value_counts(normalize=True)
    shares = pd.DataFrame(
        {"truth": victims["pathway"].value_counts(normalize=True), "documented records": known}
    ).fillna(0.0)
    section.add(
        Figure(charts.grouped_bars(shares, "share"), "Pathway shares: truth vs documented records")
    )
    section.add(_ages(victims, records))
    section.add(_prices(world))
    delay = (
        pd.to_datetime(victims["first_exploitation_date"])
        - pd.to_datetime(victims["crossing_date"])
    ).dt.days
    section.add(
        Figure(
            charts.ecdf(
                delay.to_numpy(), "days from crossing to first exploitation", (365, "one year")
            ),
            f"Time to first exploitation: {(delay <= 365).mean():.0%} within a year "
            "(KFI: 'within a year')",
        )
    )
    return section


def _ages(victims: pd.DataFrame, records: pd.DataFrame) -> Figure:
    series = {
        "truth: age at trafficking": pd.to_numeric(victims["age_at_trafficking"]).to_numpy(
            dtype=float
        ),
        "records: age when documented": pd.to_numeric(records["age"])
        .dropna()
        .to_numpy(dtype=float),
    }
    return Figure(charts.histogram(series, "age (years)", bins=np.arange(8, 66, 2)), "Ages")


def _prices(world: World) -> Figure:
    roles = world.perpetrators.set_index("perpetrator_id")["role"]
    buyer = world.sales["buyer_id"].map(roles)
    series = {
        "sold as a wife": world.sales.loc[buyer == "husband", "price_cny"].to_numpy(),
        "sold to a brothel": world.sales.loc[buyer == "brothel_operator", "price_cny"].to_numpy(),
        "sold between traffickers": world.sales.loc[
            buyer.isin(["broker", "wholesaler"]), "price_cny"
        ].to_numpy(),
    }
    series = {k: v for k, v in series.items() if len(v)}
    return Figure(
        charts.histogram(
            series, "price (CNY, log scale)", log=True, marks=[(1000, "CNY 1,000 floor")]
        ),
        "Sale prices (simulated truth)",
    )


def population(estimates: Sequence[Any], basis: str, world: World) -> Section:
    """Population estimates from every estimator that produced one."""
    section = Section("population", "How many victims? Multiple systems estimation")
    section.add(
        Paragraph(f"Capture table from {basis}. True number of victims: {len(world.victims):,}.")
    )
    rows = pd.DataFrame(
        [
            {
                "method": e.method
                + (f" ({e.details['selection']})" if "selection" in e.details else ""),
                "observed": e.n_observed,
                "estimate": e.estimate,
                "low": e.interval[0],
                "high": e.interval[1],
                "warnings": "; ".join(e.warnings),
            }
            for e in estimates
        ]
    )
    section.add(Table(rows, "Estimates of the number of victims (95% intervals)", ("observed",)))
    plot = rows.rename(columns={"method": "label"}).assign(truth=float(len(world.victims)))
    section.add(Figure(charts.intervals(plot), "Estimates against the truth"))
    return section


def summary(quantities: Sequence[dict[str, Any]]) -> Section:
    """Truth against estimate for every quantity of ``summary.json``."""
    section = Section("estimates", "Estimates with intervals, against the truth")
    rows = pd.DataFrame(
        [
            {
                "quantity": q["label"],
                "truth": q["truth"],
                "estimate": q["estimate"],
                "interval": ""
                if q["interval"] is None
                else f"{q['interval'][0]:,.3g} – {q['interval'][1]:,.3g}",
                "stage": q["stage"] or "missing",
                "method / note": "; ".join(x for x in (q["method"], q["note"]) if x),
            }
            for q in quantities
        ]
    )
    section.add(Table(rows, "summary.json"))
    return section


def methods(world: World, stages: Sequence[dict[str, str]]) -> Section:
    """Scenario, seed, versions and the status of every stage."""
    section = Section("methods", "Methods and provenance")
    section.add(
        Paragraph(
            f"Scenario '{world.scenario.name}' (every parameter cites its source; resolved copy in "
            f"simulation/truth/scenario.yaml), seed {world.seed}, size {world.size:,}. "
            f"Uncounted {__version__}, Python {platform.python_version()}, numpy {np.__version__}, "
            f"pandas {pd.__version__}."
        )
    )
    section.add(
        Table(pd.DataFrame(stages), "Stages of this run (missing stages have not landed yet)")
    )
    return section
