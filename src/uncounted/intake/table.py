"""Rows of cells (from any file format) to validated records, with row numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from uncounted.errors import InputError
from uncounted.intake.columns import REQUIRED_COLUMNS, canonical_header, row_to_record
from uncounted.model import Record

Progress = Callable[[int], None]
PROGRESS_EVERY = 500
T = TypeVar("T")


@dataclass(frozen=True)
class RawRow:
    """One data row: its number among data rows, its line in the file, its cells."""

    row: int
    line: int
    cells: dict[str, str]


def check_header(cells: Sequence[str], file: str, list_name: str | None) -> list[str]:
    """Column names from a header row; refuses duplicates and missing required columns."""
    header = [canonical_header(c) for c in cells]
    while header and not header[-1]:
        header.pop()
    for index, name in enumerate(header):
        if not name:
            raise InputError(f"header cell {index + 1} is empty", file=file, line=1)
        if name in header[:index]:
            raise InputError("column appears twice in the header", file=file, column=name)
    required = (*REQUIRED_COLUMNS, *(() if list_name else ("list",)))
    for name in required:
        if name not in header:
            raise InputError("required column is missing", file=file, column=name)
    return header


def cells_of(header: Sequence[str], values: Sequence[str], row: int, line: int) -> dict[str, str]:
    """Zip a row's values with the header; extra non-empty values are an error."""
    if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
        raise InputError("row has more cells than the header", row=row, line=line)
    padded = [*values[: len(header)], *[""] * (len(header) - len(values))]
    return dict(zip(header, padded, strict=True))


def _collect(
    items: Iterable[tuple[int, int, T]], convert: Callable[[T], Record], progress: Progress | None
) -> list[Record]:
    records: list[Record] = []
    first_row: dict[str, int] = {}
    for row, line, payload in items:
        try:
            record = convert(payload)
        except InputError as error:
            raise error.at(row=row, line=line) from None
        if record.record_id in first_row:
            message = f"record_id repeats the one at row {first_row[record.record_id]}"
            raise InputError(message, row=row, line=line, column="record_id")
        first_row[record.record_id] = row
        records.append(record)
        if progress is not None and len(records) % PROGRESS_EVERY == 0:
            progress(len(records))
    return records


def build_records_from(
    items: Iterable[tuple[int, int, T]],
    convert: Callable[[T], Record],
    file: str,
    progress: Progress | None = None,
) -> list[Record]:
    """Convert numbered rows to records; stop at the first bad value naming file, row, line
    and column. ``record_id`` must be unique in the file; a file with no rows is refused."""
    try:
        records = _collect(items, convert, progress)
    except InputError as error:
        raise error.at(file=file) from None
    if not records:
        raise InputError("file has no records", file=file)
    if progress is not None:
        progress(len(records))
    return records


def build_records(
    rows: Iterable[RawRow],
    file: str,
    list_name: str | None = None,
    progress: Progress | None = None,
) -> list[Record]:
    """Records from rows of cells (CSV, XLSX); see :func:`build_records_from`."""
    items = ((raw.row, raw.line, raw.cells) for raw in rows)
    return build_records_from(items, lambda cells: row_to_record(cells, list_name), file, progress)
