"""Moving records and case facts between files and a vault: import a file, export everything."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from uncounted.errors import ConfigError, InputError
from uncounted.intake.csv_file import write_csv
from uncounted.intake.facts import SCHEMAS, write_facts
from uncounted.intake.jsonl_file import write_jsonl
from uncounted.intake.reader import read_records
from uncounted.model import Record
from uncounted.vault import ImportResult, Vault

EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv")
PhaseProgress = Callable[[str, int, int | None], None]
"""Called with the phase (``read`` or ``store``), the rows done and the total if known."""


def file_source(path: Path) -> str:
    """A source id for an imported file: its content hash (no file name, which may identify)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"file:sha256:{digest.hexdigest()}"


def import_file(
    vault: Vault,
    path: str | Path,
    *,
    list_name: str | None = None,
    encoding: str | None = None,
    progress: PhaseProgress | None = None,
) -> ImportResult:
    """Read and validate a whole file, then store it in one transaction.

    Any bad value raises InputError (file, row, line, column) before the vault
    is touched; the vault's own check (a different record under an existing
    ``list`` + ``record_id``) rolls the whole import back. Re-importing the
    same file adds nothing.
    """
    path = Path(path)
    reading = None if progress is None else lambda n: progress("read", n, None)
    records = read_records(path, list_name=list_name, encoding=encoding, progress=reading)
    storing = None if progress is None else lambda n: progress("store", n, len(records))
    try:
        return vault.import_records(records, source=file_source(path), progress=storing)
    except InputError as error:
        raise error.at(file=str(path)) from None


def sorted_records(vault: Vault, purpose: str = "export") -> list[Record]:
    """Every record (an audited read) in a stable order: by list, then record_id."""
    return sorted(vault.iter_records(purpose=purpose), key=lambda r: r.key)


def export_records(vault: Vault, out: TextIO, fmt: str = "jsonl") -> int:
    """Write every record to ``out`` as JSON Lines (or a records CSV); returns the count."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format: use one of {', '.join(EXPORT_FORMATS)}")
    records = sorted_records(vault)
    return write_jsonl(records, out) if fmt == "jsonl" else write_csv(records, out)


FACT_KEYS: dict[str, tuple[str, ...]] = {"JourneyStage": ("victim_id", "seq")}
"""The fields that order a kind's facts in an export (otherwise its first field, the id)."""


def _fact_key(obj: Any) -> tuple[Any, ...]:
    kind = type(obj).__name__
    names = FACT_KEYS.get(kind) or (dataclasses.fields(obj)[0].name,)
    return tuple(getattr(obj, name) for name in names)


def stored_facts(vault: Vault) -> list[Any]:
    """Every stored case fact (audited reads): kinds in ``SCHEMAS`` order, each sorted by id."""
    return [obj for cls in SCHEMAS.values() for obj in sorted(vault.get(cls), key=_fact_key)]


def export_facts(vault: Vault, out: TextIO) -> int:
    """Write every stored case fact as JSON Lines (``docs/facts-jsonl.md``); returns the count.

    The order is fixed (kind, then id), so exporting twice gives the same bytes,
    and the file imports into another vault unchanged.
    """
    return write_facts(stored_facts(vault), out)
