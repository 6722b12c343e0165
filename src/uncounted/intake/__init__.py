"""Importers and exporters: the records CSV / XLSX / JSON Lines to and from the vault.

Readers turn a file into validated :class:`~uncounted.model.Record` objects and
stop at the first bad value with an :class:`~uncounted.errors.InputError`
naming file, row, line and column. Nothing touches a vault until a whole file
has been read, and the vault writes a file's records in one transaction, so an
import either happens completely or not at all.
"""

from __future__ import annotations

from uncounted.intake.columns import COLUMNS, REQUIRED_COLUMNS
from uncounted.intake.exchange import export_facts, export_records, import_file
from uncounted.intake.reader import read_records

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "export_facts",
    "export_records",
    "import_file",
    "read_records",
]
