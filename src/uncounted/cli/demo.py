"""``uncounted demo``: the whole pipeline on a simulated world, with a report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from uncounted import settings
from uncounted.cli.app import app, console, err_console, fail, print_json
from uncounted.demo import DemoResult, new_demo_passphrase, run_demo
from uncounted.errors import UncountedError


@app.command("demo")
def demo(
    *,
    out: Annotated[Path, typer.Option(help="Folder for the vault, simulation, report, summary.")],
    force: Annotated[bool, typer.Option(help="Replace an earlier demo in --out.")] = False,
    seed: Annotated[int, typer.Option(help="Random seed of the simulation.")] = 1,
    size: Annotated[int | None, typer.Option(help="Women crossing (default: scenario's).")] = None,
    population_head: Annotated[
        str, typer.Option(help="Population estimate to lead with: catchment|lcmcr.")
    ] = "catchment",
    as_json: Annotated[bool, typer.Option("--json", help="Print summary.json.")] = False,
) -> None:
    """Simulate a world, store it encrypted, run every analysis that exists, write a report."""
    passphrase = settings.get("passphrase") or _announce(new_demo_passphrase())
    try:
        with _bar(err_console if as_json else console) as bar:
            result = run_demo(
                out,
                passphrase=passphrase,
                force=force,
                seed=seed,
                size=size,
                progress=_progress(bar),
                population_head=population_head,
            )
    except UncountedError as error:
        raise fail(error, as_json) from None
    if as_json:
        print_json(result.summary)
        return
    console.print(_table(result))
    console.print(f"Report: {result.report}\nSummary: {result.out / 'summary.json'}")


def _announce(passphrase: str) -> str:
    """Show a generated demo passphrase once (on stderr, so --json output stays clean)."""
    err_console.print(f"Demo vault passphrase (shown once, not stored): [bold]{passphrase}[/]")
    return passphrase


def _bar(where: Console) -> Progress:
    """Stage progress; on stderr with ``--json`` so standard output is only JSON."""
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    return Progress(*columns, console=where, transient=False)


def _progress(bar: Progress) -> Callable[[str, str], None]:
    tasks: dict[str, TaskID] = {}

    def update(stage: str, event: str) -> None:
        if event == "missing":
            task = bar.add_task(f"[dim]{stage}: missing (not landed yet)[/]", total=1)
            bar.update(task, completed=1)
        elif event == "failed":
            bar.update(tasks[stage], description=f"[red]{stage}: failed[/]", completed=1)
        elif event == "start":
            tasks[stage] = bar.add_task(stage, total=1)
        else:
            bar.update(tasks[stage], completed=1)

    return update


def _table(result: DemoResult) -> Table:
    table = Table(title="Truth and estimates")
    for column in ("quantity", "truth", "estimate", "interval", "stage"):
        table.add_column(column)
    for entry in result.summary["quantities"].values():
        interval = entry["interval"]
        table.add_row(
            entry["label"],
            _num(entry["truth"]),
            _num(entry["estimate"]),
            "" if interval is None else f"{_num(interval[0])} – {_num(interval[1])}",
            entry["stage"] or f"[dim]{entry['note']}[/]",
        )
    return table


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if abs(value) < 1 else f"{value:,.0f}"
