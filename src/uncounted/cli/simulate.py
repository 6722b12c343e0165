"""``uncounted simulate``: write a synthetic world with its truth and documentation lists."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from uncounted.cli.app import app, console, fail, print_json
from uncounted.errors import UncountedError
from uncounted.simulate.output import simulate_to


@app.command("simulate")
def simulate(
    *,
    out: Annotated[Path, typer.Option(help="Folder for lists/, truth/ and capture_histories.csv.")],
    scenario: Annotated[str, typer.Option(help="Bundled scenario name or YAML file.")] = "default",
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files.")] = 1,
    size: Annotated[int | None, typer.Option(help="Women crossing (default: scenario's).")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite a non-empty --out folder.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Simulate one world from a scenario and write its lists and truth to --out."""
    try:
        world = simulate_to(out, scenario, seed=seed, size=size, force=force)
    except UncountedError as error:
        raise fail(error, as_json) from None
    summary = world.list_summary.to_dict(orient="records")
    if as_json:
        print_json({"out": str(out), "victims": len(world.victims), "lists": summary})
        return
    table = Table(title=f"{world.scenario.name}, seed {seed}: {len(world.victims)} victims")
    for column in ("list", "label", "n_records", "coverage"):
        table.add_column(column)
    for row in summary:
        table.add_row(*(str(row[c]) for c in ("list", "label", "n_records", "coverage")))
    console.print(table)
    console.print(
        f"Wrote {out}/lists, {out}/truth, {out}/capture_histories.csv and {out}/list_scopes.json"
    )
