"""``uncounted estimate ...``: the estimation commands.

The ``estimate`` group lives here; other areas add their commands to it with
``from uncounted.cli.estimate import estimate_app`` and ``@estimate_app.command()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from uncounted.cli.app import app, console, err_console, fail, print_json
from uncounted.errors import EstimationError, UncountedError
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.run import Request, estimate_population_file

estimate_app = typer.Typer(
    help="Estimate the hidden population and criminal profits.", no_args_is_help=True
)
app.add_typer(estimate_app, name="estimate")


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int], Callable[[int], None]] | None]:
    if not enabled:
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:

        def factory(description: str, total: int) -> Callable[[int], None]:
            task = bar.add_task(description, total=total or None)
            return lambda done: bar.advance(task, done)

        yield factory


def _render(results: list[PopulationEstimate]) -> None:
    panel = results[0].details.get("panel") if results else None
    shared = set(panel.get("warnings", [])) if isinstance(panel, dict) else set()
    table = Table(title="Population estimates")
    for column in ("method", "observed", "estimate", "interval", "notes"):
        table.add_column(column, justify="right" if column != "method" else "left")
    for r in results:
        sel = r.details.get("selection") or r.details.get("model") or ""
        low, high = r.interval
        notes = "; ".join(w for w in r.warnings if w not in shared)
        table.add_row(
            f"{r.method} {sel}".strip(),
            f"{r.n_observed:,}",
            f"{r.estimate:,.1f}",
            f"{low:,.0f} – {high:,.0f} ({r.level:.0%})",
            notes,
        )
    console.print(table)
    if isinstance(panel, dict) and panel.get("ratio_high_low"):
        console.print(f"highest / lowest across panel methods: {panel['ratio_high_low']:.2f}")
        for name, reason in panel.get("skipped", {}).items():
            console.print(f"not run: {name} ({reason})", highlight=False)
    for warning in sorted(shared):
        console.print(f"[bold yellow]warning:[/] {warning}", highlight=False)


@estimate_app.command("population")
def population(
    table: Annotated[Path, typer.Argument(help="Capture-history CSV: 0/1 per list + count.")],
    *,
    method: Annotated[
        str, typer.Option(help="chapman|chao|loglinear|catchment|lcmcr|dga|all")
    ] = "loglinear",
    selection: Annotated[str, typer.Option(help="stepwise|bic|aic|average|none")] = "stepwise",
    max_order: Annotated[int, typer.Option(help="Highest interaction order searched.")] = 2,
    bootstrap: Annotated[int, typer.Option(help="Bootstrap replicates (BCa); 0 = none.")] = 0,
    chains: Annotated[int, typer.Option(help="Chains of the latent-class sampler.")] = 4,
    iterations: Annotated[
        int | None, typer.Option(help="Latent-class sweeps per chain (burn-in: a tenth).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed.")] = None,
    model: Annotated[str | None, typer.Option(help="Fixed model, e.g. '[12,13]'.")] = None,
    lists: Annotated[str | None, typer.Option(help="Two lists for chapman: 'A,B'.")] = None,
    stratum: Annotated[list[str] | None, typer.Option(help="Stratum column (repeat).")] = None,
    scope: Annotated[
        list[str] | None, typer.Option(help="catchment: LIST=SCOPE, who a list can see (repeat).")
    ] = None,
    hmc: Annotated[
        bool, typer.Option("--hmc", help="Latent-class sampler: add the HMC move (faster mixing).")
    ] = False,
    level: Annotated[float, typer.Option(help="Interval level.")] = 0.95,
    plot: Annotated[Path | None, typer.Option(help="Also write an SVG plot here.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Estimate the total population (seen and unseen) from overlapping lists."""
    pair = tuple(lists.split(",")) if lists else None
    request = Request(method, selection, max_order, bootstrap, chains, seed, level, pair, model,
                      tuple(stratum or ()), iterations, tuple(scope or ()), hmc)  # fmt: skip
    try:
        with _progress(not json) as progress:
            results = estimate_population_file(table, request, progress)
    except UncountedError as error:
        raise fail(error, json) from None
    except (ValueError, ArithmeticError, np.linalg.LinAlgError) as error:
        failure = EstimationError(f"the estimate could not be computed ({type(error).__name__})")
        raise fail(failure, json) from None
    if plot is not None:
        from uncounted.estimate.population.plots import results_svg  # noqa: PLC0415

        plot.write_text(results_svg(results), encoding="utf-8")
    if json:
        dicts = [r.to_dict() for r in results]
        print_json(dicts if method == "all" else dicts[0])
    else:
        _render(results)
