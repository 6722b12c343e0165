"""A small example without the simulator: a vault holding the bundled synthetic records.

It creates an encrypted vault in a folder, imports the bundled synthetic
records CSV, exports it as JSON Lines, verifies the audit chain and returns a
summary. Every name in the bundled file is invented (see ``data/SOURCES.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from uncounted.errors import VaultExistsError
from uncounted.intake.exchange import export_records, import_file
from uncounted.vault import AuditReport, ImportResult, Vault, VaultStats
from uncounted.vault.sqlcipher import remove_files

VAULT_NAME = "demo.vault"
EXPORT_NAME = "demo-export.jsonl"


@dataclass(frozen=True)
class DemoResult:
    """What the demo made and found."""

    vault: Path
    export: Path
    imported: ImportResult
    stats: VaultStats
    audit: AuditReport


def _fresh(out: Path, force: bool) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    vault = out / VAULT_NAME
    if force:
        remove_files(vault)
        (out / EXPORT_NAME).unlink(missing_ok=True)
    elif vault.exists():
        message = f"{vault} exists; use --force to replace the demo"
        raise VaultExistsError(message, location=str(vault))
    return vault


def run_demo(out: str | Path, *, passphrase: str, force: bool = False) -> DemoResult:
    """Build the demo vault in ``out`` under ``passphrase`` (``force`` replaces an earlier
    demo's files only). There is no default passphrase: none is written into the code."""
    out = Path(out)
    location = _fresh(out, force)
    data = resources.files("uncounted.intake").joinpath("data", "demo-records.csv")
    with resources.as_file(data) as csv_path, Vault.create(location, passphrase) as vault:
        imported = import_file(vault, csv_path)
        export = out / EXPORT_NAME
        with export.open("w", encoding="utf-8") as handle:
            export_records(vault, handle)
        return DemoResult(location, export, imported, vault.stats(), vault.verify_audit())
