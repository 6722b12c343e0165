"""Demo stages that call the pathway and network analyses on documented cases.

The analyses take contract-4 tables. In the demo they run on the *coded case
facts of documented victims*: the simulated truth rows of the people who appear
on at least one list (as if each documented case were fully coded; no coding
or linkage error), stored in the demo's vault by the vault stage and read back
from it (``case_tables``), as a team's own analyses would be. Estimates are
therefore of the documented population, and the summary compares them with the
truth of the whole population.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd

from uncounted.analyse.network import build_network, centrality, communities, key_brokers
from uncounted.analyse.network import render_svg as network_svg
from uncounted.analyse.pathways import (
    chao_corrected_shares,
    pathway_shares,
    resale_counts,
    time_to_exploitation,
)
from uncounted.analyse.tables import CaseTables
from uncounted.analyse.truth import histories
from uncounted.demo.stages import DemoContext, Quantity, StageOutput
from uncounted.demo.truth import LABELS
from uncounted.errors import EstimationError
from uncounted.publish.sections import Figure, Paragraph, Section, Table
from uncounted.simulate import World

BASIS = "coded case facts of documented victims (no weighting for unequal capture)"
CORRECTED = "documented victims, weighted for unequal capture (Chao's bound per pathway)"


def documented_cases(ctx: DemoContext) -> CaseTables:
    """The documented victims' case tables the vault stage read back from the vault."""
    cases = ctx.value("case_tables")
    if not isinstance(cases, CaseTables):
        raise EstimationError("the vault stage published no case tables")
    return cases


def pathways_stage(ctx: DemoContext) -> StageOutput:
    """Pathway shares, median age, resale rate and time to exploitation of documented cases."""
    assert ctx.world is not None
    persons = documented_cases(ctx).persons
    shares = pathway_shares(persons)
    corrected = _corrected_shares(ctx.world)
    quantities = [
        _quantity(
            f"pathway_share.{p}",
            share,
            (low, high),
            "chao_corrected_shares (bootstrap 95%)",
            CORRECTED,
        )
        for p, share, low, high in zip(
            corrected["pathway"].astype(str),
            corrected["share"].astype(float),
            corrected["low"].astype(float),
            corrected["high"].astype(float),
            strict=True,
        )
    ]
    ages = pd.to_numeric(persons["age_at_trafficking"]).dropna().to_numpy(dtype=float)
    quantities.append(
        _quantity(
            "median_age", float(np.median(ages)), _median_interval(ages), "median (bootstrap 95%)"
        )
    )
    resold = resale_counts(persons)
    interval = cast(list[float], resold["interval"])
    rate = cast(float, resold["share_resold"])
    quantities.append(
        _quantity("resale_rate", rate, (interval[0], interval[1]), "resale_counts (Wilson 95%)")
    )
    timing = time_to_exploitation(persons, f"{ctx.world.scenario['end_year']}-12-31")
    section = Section("documented-pathways", "Documented cases: pathways and time to exploitation")
    section.add(Paragraph(f"Analyses of the {len(persons):,} documented victims ({BASIS})."))
    table = shares[["pathway", "n", "share", "low", "high"]]
    section.add(Table(table, "Pathway shares among documented victims", ("n",)))
    section.add(
        Table(
            corrected[["pathway", "share", "low", "high"]],
            "Pathway shares weighted for unequal capture (Chao's lower bound per pathway, "
            "bootstrap 95%); these are the summary's estimates",
        )
    )
    section.add(
        Paragraph(
            "Kaplan–Meier median time from crossing to first exploitation: "
            f"{timing.median_days:.0f} days (95% interval {timing.median_interval[0]:.0f}–"
            f"{timing.median_interval[1]:.0f}); {timing.within_a_year:.0%} exploited within a year "
            f"({timing.censored} censored)."
        )
    )
    return StageOutput(quantities, [section], f"{len(persons):,} documented victims")


def _quantity(
    key: str, estimate: float, interval: tuple[float, float], method: str, note: str = BASIS
) -> Quantity:
    low, high = float(interval[0]), float(interval[1])
    return Quantity(key, LABELS[key], None, estimate, (low, high), method, "pathways", note)


def _corrected_shares(world: World) -> pd.DataFrame:
    """Population pathway shares from the documented victims' capture histories."""
    lists = [c for c in world.capture_histories.columns if c != "count"]
    return chao_corrected_shares(histories(world), lists)


def _median_interval(values: np.ndarray, replicates: int = 400) -> tuple[float, float]:
    rng = np.random.default_rng(0)
    medians = np.median(rng.choice(values, size=(replicates, len(values))), axis=1)
    low, high = np.quantile(medians, [0.025, 0.975])
    return float(low), float(high)


def network_stage(ctx: DemoContext) -> StageOutput:
    """The perpetrator network seen through documented victims' sales."""
    cases = documented_cases(ctx)
    sales = cases.sales
    graph = build_network(sales, cases.perpetrators)
    table = centrality(graph, sales)
    groups = communities(graph, seed=ctx.seed)
    brokers = pd.DataFrame(key_brokers(sales, k=10))
    section = Section("network", "The perpetrator network (documented sales)")
    section.add(
        Paragraph(
            f"{len(sales):,} documented sales among {len(table):,} perpetrators "
            f"in {len(set(groups.values())):,} communities."
        )
    )
    flow = table["victims_sold"] if "victims_sold" in table else pd.Series(dtype=float)
    section.add(Figure(network_svg(graph, flow, groups, seed=ctx.seed), "Who sold to whom"))
    section.add(Table(brokers, "Key sellers: removing them disconnects the most victims"))
    return StageOutput(
        sections=[section], note=f"{graph.vcount():,} nodes, {graph.ecount():,} edges"
    )
