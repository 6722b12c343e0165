"""The root Typer app, shared helpers for output and error handling."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from uncounted import __version__
from uncounted.errors import UncountedError

app = typer.Typer(
    name="uncounted",
    help="Secure documentation and analysis for investigations of human trafficking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


@app.callback()
def _root() -> None:
    """Secure documentation and analysis for investigations of human trafficking."""


@app.command()
def version() -> None:
    """Print the version of Uncounted."""
    console.print(__version__)


def print_json(data: Any) -> None:
    """Print ``data`` as JSON on standard output (for ``--json``)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(error: UncountedError, as_json: bool = False) -> typer.Exit:
    """Report ``error`` without a traceback and return the Exit to raise."""
    if as_json:
        print_json(error.to_dict())
    else:
        err_console.print(f"[bold red]error:[/] {error.message}", highlight=False)
    return typer.Exit(error.exit_code)


# Commands served by one area module alone: their runs load only that area
# (``uncounted estimate population X --method dga`` stays import-light).
SINGLE_AREA: dict[tuple[str, ...], str] = {("estimate", "population"): "estimate"}


def _register_areas(argv: list[str] | None = None) -> None:
    """Import each area's command module so its commands attach to ``app``
    (only the one needed when ``argv`` names a command in ``SINGLE_AREA``)."""
    only = SINGLE_AREA.get(tuple((argv or [])[:2]))
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name != "app" and only in (None, info.name):
            importlib.import_module(f"uncounted.cli.{info.name}")


def main() -> None:
    """Console-script entry point."""
    _register_areas(sys.argv[1:])
    try:
        app()
    except UncountedError as error:
        raise SystemExit(fail(error).exit_code) from None
