"""Vault commands: init, import, export, stats, audit verify."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.table import Table

from uncounted import settings
from uncounted.cli.app import app, console, err_console, fail, print_json
from uncounted.cli.progress import ImportBar
from uncounted.errors import ConfigError, UncountedError
from uncounted.intake import export_facts, export_records, import_file
from uncounted.intake.facts import is_facts_file
from uncounted.intake.facts_import import import_facts
from uncounted.vault import Vault, VaultStats

MIN_PASSPHRASE = 8
audit_app = typer.Typer(help="Check the vault's audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

VaultArg = Annotated[str, typer.Argument(help="Vault file path or postgresql:// URL.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


def say(text: str, *, err: bool = False) -> None:
    """Print a plain message (no highlighting, no wrapping of paths)."""
    (err_console if err else console).print(text, highlight=False, soft_wrap=True)


def ask_passphrase(*, confirm: bool = False) -> str:
    """UNCOUNTED_PASSPHRASE when set, else a hidden prompt (twice when ``confirm``)."""
    value = settings.get("passphrase")
    if not value:
        value = typer.prompt("Passphrase", hide_input=True)
        if confirm and typer.prompt("Repeat passphrase", hide_input=True) != value:
            raise ConfigError("the two passphrases differ")
    if confirm and len(value) < MIN_PASSPHRASE:
        raise ConfigError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    return value


def open_vault(location: str) -> Vault:
    """The vault at ``location``, opened with the user's passphrase."""
    return Vault.open(location, ask_passphrase())


@app.command("init")
def init(vault: VaultArg, as_json: JsonOpt = False) -> None:
    """Create a new, empty, encrypted vault."""
    try:
        with Vault.create(vault, ask_passphrase(confirm=True)) as created:
            result = {"vault": created.location, "kind": created.kind}
    except UncountedError as error:
        raise fail(error, as_json) from None
    if as_json:
        print_json(result)
    else:
        say(f"Created a {result['kind']} vault at {result['vault']}.")


@app.command("import")
def import_(
    vault: VaultArg,
    file: Annotated[
        Path,
        typer.Argument(help="Records file (.csv, .tsv, .xlsx, .jsonl) or case facts (.jsonl)."),
    ],
    list_name: Annotated[
        str | None, typer.Option("--list", help="Put every record on this list.")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding when not UTF-8, e.g. cp949.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a records file, or a case-facts JSON Lines file, atomically: all of it, or nothing."""
    if is_facts_file(file):
        if list_name is not None:
            raise fail(ConfigError("--list is for records files; case facts name their lists"))
        _import_facts(vault, file, encoding, as_json)
        return
    try:
        with open_vault(vault) as opened, ImportBar(err_console) as bar:
            result = import_file(opened, file, list_name=list_name, encoding=encoding, progress=bar)
    except UncountedError as error:
        raise fail(error, as_json) from None
    summary = {"file": str(file), "added": result.added, "unchanged": result.unchanged}
    if as_json:
        print_json(summary)
    else:
        say(f"Imported {file}: {result.added} added, {result.unchanged} unchanged.")


def _import_facts(vault: str, file: Path, encoding: str | None, as_json: bool) -> None:
    try:
        with open_vault(vault) as opened:
            result = import_facts(opened, file, encoding=encoding)
    except UncountedError as error:
        raise fail(error, as_json) from None
    if as_json:
        print_json({"file": str(file), "written": result.written})
    else:
        counts = ", ".join(f"{n} {kind}" for kind, n in result.written.items())
        say(f"Imported {file}: {result.total} case facts written ({counts}).")


@contextmanager
def _output(out: Path | None, force: bool) -> Iterator[TextIO]:
    """Standard output, or a new file readable by its owner only (removed on failure)."""
    if out is None:
        yield sys.stdout
        return
    if force:
        out.unlink(missing_ok=True)
    try:
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigError(f"{out} exists; use --force to replace it") from None
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
    except BaseException:
        out.unlink(missing_ok=True)
        raise


@app.command("export")
def export(
    vault: VaultArg,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = (
        ExportFormat.JSONL
    ),
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing --out file.")] = False,
    facts: Annotated[
        bool, typer.Option("--facts", help="Export the case facts (JSON Lines), not the records.")
    ] = False,
) -> None:
    """Export every record, or every case fact (identifying fields included; reads are audited)."""
    try:
        if facts and fmt is not ExportFormat.JSONL:
            raise ConfigError("case facts are exported as JSON Lines only: use --format jsonl")
        with open_vault(vault) as opened, _output(out, force) as handle:
            count = (
                export_facts(opened, handle) if facts else export_records(opened, handle, fmt.value)
            )
    except UncountedError as error:
        raise fail(error) from None
    if out is not None:
        say(f"Exported {count} {'case facts' if facts else 'records'} to {out}.", err=True)


def _count_table(title: str, column: str, unit: str, counts: dict[str, int]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(column)
    table.add_column(unit, justify="right")
    for key in sorted(counts):
        table.add_row(key, str(counts[key]))
    return table


def _stats_tables(stats: VaultStats) -> list[Table]:
    tables = [
        _count_table(f"Records by {title}", title, "records", counts)
        for title, counts in (
            ("list", stats.by_list),
            ("sex", stats.by_sex),
            ("pathway", stats.by_pathway),
            ("year recorded", stats.by_year),
        )
    ]
    if stats.case_facts:
        tables.append(_count_table("Case facts by kind", "kind", "objects", stats.case_facts))
    return tables


@app.command("stats")
def stats(vault: VaultArg, as_json: JsonOpt = False) -> None:
    """Count records by list, sex, pathway and year recorded, and case facts by kind."""
    try:
        with open_vault(vault) as opened:
            result = opened.stats()
    except UncountedError as error:
        raise fail(error, as_json) from None
    if as_json:
        print_json(dataclasses.asdict(result))
        return
    say(f"{result.total} records")
    for table in _stats_tables(result):
        console.print(table)


@audit_app.command("verify")
def audit_verify(vault: VaultArg, as_json: JsonOpt = False) -> None:
    """Walk the audit log's hash chain; name the first broken entry."""
    try:
        with open_vault(vault) as opened:
            report = opened.verify_audit()
    except UncountedError as error:
        raise fail(error, as_json) from None
    if as_json:
        print_json({"ok": True, **dataclasses.asdict(report)})
    else:
        say(f"Audit log intact: {report.entries} entries.")
