"""The demo stages that ship with the simulator: simulate, vault import, describe, MSE."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from uncounted.analyse.cases import read_vault
from uncounted.demo import sections as report_sections
from uncounted.demo.stages import DemoContext, Quantity, StageOutput
from uncounted.demo.truth import LABELS
from uncounted.errors import EstimationError
from uncounted.estimate.population import CaptureTable, PopulationEstimate
from uncounted.estimate.population.catchment import estimate_catchment
from uncounted.estimate.population.chao import estimate_chao
from uncounted.estimate.population.dga import estimate_dga
from uncounted.estimate.population.lcmcr import estimate_lcmcr
from uncounted.estimate.population.loglinear import estimate_loglinear
from uncounted.estimate.population.selected import estimate_stepwise
from uncounted.intake import import_file
from uncounted.intake.facts_import import store_objects
from uncounted.simulate import Scenario, simulate_world
from uncounted.simulate.facts import documented_facts
from uncounted.simulate.schema import PATHWAYS
from uncounted.vault import Vault

VAULT_NAME = "demo.vault"


def simulate_stage(ctx: DemoContext) -> StageOutput:
    """Simulate the scenario and write its lists and truth under ``out/simulation``."""
    world = simulate_world(ctx.scenario, seed=ctx.seed, size=ctx.size)
    world.write(ctx.out / "simulation")
    ctx.world = world
    note = f"{world.size:,} women crossing, {len(world.victims):,} trafficked"
    return StageOutput(note=note, sections=[report_sections.overview(world)])


def vault_stage(ctx: DemoContext) -> StageOutput:
    """Create the encrypted vault, import every list file and the documented victims' case
    facts (journeys, stages, sales, perpetrators); read the records and the case tables back."""
    ctx.vault_path = ctx.out / VAULT_NAME
    files = sorted((ctx.out / "simulation" / "lists").glob("*.csv"))
    with Vault.create(ctx.vault_path, ctx.passphrase, actor="demo") as vault:
        added = sum(import_file(vault, path).added for path in files)
        facts = store_objects(vault, documented_facts(ctx.out / "simulation"))
        cases = read_vault(vault)
        records = list(vault.iter_records(purpose="analysis"))
        audit = vault.verify_audit()
    ctx.records = pd.DataFrame(
        {
            "list": [r.list for r in records],
            "record_id": [r.record_id for r in records],
            "pathway": [str(r.pathway) for r in records],
            "age": [r.age for r in records],
        }
    )
    note = (
        f"{added:,} records and {facts.total:,} case facts of documented victims imported; "
        f"audit chain intact ({audit.entries} entries)"
    )
    return StageOutput(note=note, values={"record_objects": records, "case_tables": cases})


def describe_stage(ctx: DemoContext) -> StageOutput:
    """Pathway shares among documented records (a naive estimate: no weighting for capture)."""
    assert ctx.records is not None and ctx.world is not None
    known = ctx.records[ctx.records["pathway"] != "unknown"]
    quantities = []
    for pathway in PATHWAYS:
        k, n = int((known["pathway"] == pathway).sum()), len(known)
        quantities.append(
            Quantity(
                key=f"pathway_share.{pathway}",
                label=LABELS[f"pathway_share.{pathway}"],
                truth=None,
                estimate=k / n if n else None,
                interval=wilson(k, n) if n else None,
                method="share among documented records with a known pathway (Wilson 95%)",
                stage="describe",
                note="records, not linked persons; no weighting for unequal capture",
            )
        )
    section = report_sections.documented(ctx.world, ctx.records)
    return StageOutput(
        quantities=quantities,
        sections=[section],
        note=f"{len(known):,} records with a known pathway",
    )


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k / n``."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def population_stage(ctx: DemoContext) -> StageOutput:
    """MSE on the capture table from linkage, or from true membership if linkage is missing."""
    assert ctx.world is not None
    table = ctx.value("capture_table")
    basis = "linked records"
    if table is None:
        table = CaptureTable.from_frame(ctx.world.capture_histories, source="true membership")
        basis = "true membership (linkage stage missing: perfect linkage assumed)"
    estimates = _estimates(table, ctx.seed)
    if ctx.population_head == "catchment":
        estimates = _catchment_first(table, ctx.world.scenario, estimates)
    if not estimates:
        return StageOutput(note="no estimator could produce an estimate")
    head = estimates[0]
    quantity = Quantity(
        key="victims_population",
        label=LABELS["victims_population"],
        truth=None,
        estimate=float(head.estimate),
        interval=(float(head.interval[0]), float(head.interval[1])),
        method=_method(head),
        stage="population",
        note=f"capture table from {basis}",
    )
    documented = Quantity(
        key="victims_documented",
        label=LABELS["victims_documented"],
        truth=None,
        estimate=float(table.n_observed),
        method="people in the capture table",
        stage="population",
        note=basis,
    )
    section = report_sections.population(estimates, basis, ctx.world)
    return StageOutput(
        quantities=[quantity, documented],
        sections=[section],
        note=f"N̂ = {head.estimate:,.0f} ({basis})",
        values={"population_estimate": head},
    )


def _estimates(table: CaptureTable, seed: int) -> list[PopulationEstimate]:
    """Every estimator that answers, the latent-class model (LCMCR) first."""

    def lcmcr(t: CaptureTable) -> PopulationEstimate:
        return estimate_lcmcr(t, chains=2, iterations=20_000, burn_in=5_000, seed=seed)

    results = []
    for estimator in (lcmcr, estimate_dga, estimate_stepwise, estimate_loglinear, estimate_chao):
        try:
            results.append(estimator(table))
        except EstimationError:
            continue
    return [r for r in results if np.isfinite(r.estimate)]


def _catchment_first(
    table: CaptureTable, scenario: Scenario, others: list[PopulationEstimate]
) -> list[PopulationEstimate]:
    """The catchment model (scopes from the lists' metadata) ahead of the others."""
    scopes = {k: v for k, v in scenario.list_scopes.items() if k in table.lists}
    try:
        return [estimate_catchment(table, scopes), *others]
    except EstimationError:
        return others


def _method(estimate: PopulationEstimate) -> str:
    selection = estimate.details.get("selection")
    return f"{estimate.method} ({selection})" if selection else estimate.method
