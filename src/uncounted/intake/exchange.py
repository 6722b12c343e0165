"""Moving records between files and a vault: import a file, export everything.

These functions take any object with the vault's record methods (see
:class:`RecordStore`), so they work the same on both vault backends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, TextIO

from uncounted.errors import ConfigError
from uncounted.intake.csv_file import write_csv
from uncounted.intake.jsonl_file import write_jsonl
from uncounted.intake.reader import read_records
from uncounted.intake.table import Progress
from uncounted.model import Record

ExportFormat = Literal["jsonl", "csv"]
EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv")


class RecordStore(Protocol):
    """What import and export need from a vault."""

    def import_records(
        self,
        records: Sequence[Record],
        *,
        source: str,
        progress: Callable[[int], None] | None = None,
    ) -> Any: ...

    def iter_records(self, *, purpose: str = "export") -> Iterator[Record]: ...


def file_source(path: Path) -> str:
    """A source id for an imported file: its content hash (no file name, which may identify)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"file:sha256:{digest.hexdigest()}"


def import_file(
    store: RecordStore,
    path: str | Path,
    *,
    list_name: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> Any:
    """Read and validate a whole file, then write it in one transaction.

    Any bad value raises InputError before the vault is touched; the vault's
    own checks (a changed record under an existing id) roll the import back.
    Returns the vault's ImportResult.
    """
    path = Path(path)
    records = read_records(path, list_name=list_name, encoding=encoding, progress=progress)
    return store.import_records(records, source=file_source(path))


def sorted_records(store: RecordStore, purpose: str = "export") -> list[Record]:
    """Every record in the vault in a stable order: by list, then record_id."""
    return sorted(store.iter_records(purpose=purpose), key=lambda r: r.key)


def export_records(store: RecordStore, out: TextIO, fmt: str = "jsonl") -> int:
    """Write every record to ``out`` as JSON Lines (or a records CSV); returns the count."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format: use one of {', '.join(EXPORT_FORMATS)}")
    records = sorted_records(store)
    return write_jsonl(records, out) if fmt == "jsonl" else write_csv(records, out)
