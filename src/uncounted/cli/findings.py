"""``uncounted estimate profits``, ``uncounted analyse pathways`` and ``analyse network``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from uncounted.analyse.cases import profit_inputs, read_vault
from uncounted.analyse.network.report import network_findings
from uncounted.analyse.pathways.report import pathway_findings
from uncounted.analyse.tables import CaseTables, read_documented
from uncounted.cli.app import app, console, fail, print_json
from uncounted.cli.estimate import estimate_app
from uncounted.cli.vault import open_vault
from uncounted.errors import ConfigError, UncountedError
from uncounted.estimate.population.run import parse_scopes
from uncounted.estimate.profits.from_tables import DocumentedTables
from uncounted.estimate.profits.run import ProfitRequest, estimate_profits

analyse_app = typer.Typer(
    help="Analyse documented cases: pathways, the network.", no_args_is_help=True
)
app.add_typer(analyse_app, name="analyse")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
VaultOpt = Annotated[
    str | None, typer.Argument(help="Vault file or postgresql:// URL (with case facts).")
]
SimDir = Annotated[
    Path | None,
    typer.Option(
        "--from-simulation",
        help="A folder written by `uncounted simulate` (documented victims only).",
    ),
]


def _vault_inputs(location: str) -> tuple[dict[str, int] | None, DocumentedTables | None]:
    with open_vault(location) as vault:
        return profit_inputs(vault)


def _cases(vault: str | None, simulation: Path | None) -> CaseTables:
    if (vault is None) == (simulation is None):
        raise ConfigError("give a vault or --from-simulation DIR (one of them)")
    if simulation is not None:
        return read_documented(simulation)
    with open_vault(vault or "") as opened:
        return read_vault(opened)


@estimate_app.command("profits")
def profits(  # noqa: PLR0917
    vault: Annotated[str | None, typer.Argument(help="Vault file or postgresql:// URL.")] = None,
    simulation: Annotated[
        Path | None,
        typer.Option("--from-simulation", help="A folder written by `uncounted simulate`."),
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option("--scenario", help="Profit scenario YAML (priors with source:, switches)."),
    ] = None,
    draws: Annotated[int, typer.Option(help="Monte Carlo draws.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    year: Annotated[int | None, typer.Option(help="Reference year (simulation).")] = None,
    population: Annotated[
        float | None,
        typer.Option(
            help="Victims; default: the catchment model over the lists' scopes, else Chao's bound."
        ),
    ] = None,
    scope: Annotated[
        list[str] | None,
        typer.Option(help="LIST=SCOPE, who a list can see (repeat); default: the folder's."),
    ] = None,
    population_scenario: Annotated[str | None, typer.Option(help="10k, 50k or 200k.")] = None,
    revenue_mode: Annotated[
        str | None, typer.Option(help="bottom_up, kfi_floor or ilo_regional.")
    ] = None,
    sensitivity: Annotated[bool, typer.Option(help="Add tornado and Sobol' indices.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Annual criminal profit with Monte Carlo intervals, components kept apart."""
    switches = {
        k: v
        for k, v in (("population_scenario", population_scenario), ("revenue_mode", revenue_mode))
        if v
    }
    try:
        counts, tables = _vault_inputs(vault) if vault else (None, None)
        request = ProfitRequest(
            counts, simulation, scenario, draws, seed, year, population, switches, sensitivity
        )
        scopes = parse_scopes(tuple(scope)) if scope else None
        report = estimate_profits(replace(request, tables=tables, scopes=scopes))
    except UncountedError as error:
        raise fail(error, as_json) from None
    print_json(report) if as_json else _render_profits(report)


def _render_profits(report: dict[str, Any]) -> None:
    unit = f"{report['currency']} ({report['price_year']} prices)"
    table = Table(title=f"Annual criminal profit, {report['reference_year']}, {unit}")
    for column in ("component", "median", "90% interval", "95% interval"):
        table.add_column(column, justify="left" if column == "component" else "right")
    for name, s in [*report["components"].items(), ("total", report["total"])]:
        i90, i95 = s["intervals"]["0.90"], s["intervals"]["0.95"]
        table.add_row(
            name,
            f"{s['median']:,.0f}",
            f"{i90[0]:,.0f} – {i90[1]:,.0f}",
            f"{i95[0]:,.0f} – {i95[1]:,.0f}",
        )
    console.print(table)
    console.print(
        f"Monte Carlo s.e. of the median: {report['total']['mcse']['median']:,.0f} "
        f"({report['draws']:,} draws, seed {report['seed']})"
    )


@analyse_app.command("pathways")
def pathways(vault: VaultOpt = None, simulation: SimDir = None, as_json: JsonOpt = False) -> None:
    """Pathway shares by period, ages, resales, prices, time to exploitation, flows."""
    try:
        tables = _cases(vault, simulation)
        report = pathway_findings(tables.persons, tables.sales, tables.journeys, end=tables.end)
    except UncountedError as error:
        raise fail(error, as_json) from None
    print_json(report) if as_json else _render_pathways(report)


def _render_pathways(report: dict[str, Any]) -> None:
    table = Table(title=f"Pathways of {report['documented_victims']:,} documented victims")
    for column in ("period", "pathway", "n", "share", "95% interval"):
        table.add_column(column)
    for row in report["shares_by_period"]:
        table.add_row(
            str(row["period"]),
            row["pathway"],
            str(row["n"]),
            f"{row['share']:.1%}",
            f"{row['low']:.1%} – {row['high']:.1%}",
        )
    console.print(table)
    timing = report["time_to_exploitation"]
    console.print(
        f"Kaplan–Meier median time to exploitation: {timing['median_days']:.0f} days "
        f"({timing['censored']} censored)"
    )


@analyse_app.command("network")
def network(  # noqa: PLR0917
    vault: VaultOpt = None,
    simulation: SimDir = None,
    graphml: Annotated[Path | None, typer.Option(help="Write GraphML here.")] = None,
    svg: Annotated[Path | None, typer.Option(help="Write an SVG drawing here.")] = None,
    top: Annotated[int, typer.Option(help="How many perpetrators to list.")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Centrality, communities, key brokers and chains of the perpetrator network."""
    try:
        tables = _cases(vault, simulation)
        report = network_findings(
            tables.sales, tables.perpetrators, tables.journeys, top=top, graphml=graphml, svg=svg
        )
    except UncountedError as error:
        raise fail(error, as_json) from None
    print_json(report) if as_json else _render_network(report)


def _render_network(report: dict[str, Any]) -> None:
    table = Table(
        title=f"{report['nodes']:,} nodes, {report['edges']:,} edges, "
        f"{report['communities']} communities"
    )
    for column in ("perpetrator", "role", "victims sold", "betweenness"):
        table.add_column(column)
    for row in report["top_by_flow"]:
        table.add_row(
            row["perpetrator_id"],
            str(row["role"]),
            str(int(row["victims_sold"])),
            f"{row['betweenness']:,.0f}",
        )
    console.print(table)
    cut = report["key_brokers"][-1]["cumulative_share"] if report["key_brokers"] else 0
    console.print(
        f"Removing the {len(report['key_brokers'])} key brokers cuts {cut:.0%} "
        "of documented victims' routes"
    )
