"""Reading records from an Excel workbook (``.xlsx``): the first sheet, header in row 1."""

from __future__ import annotations

import zipfile
from collections.abc import Generator, Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from uncounted.errors import InputError
from uncounted.intake.table import Progress, RawRow, build_records, cells_of, check_header
from uncounted.model import Record


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_rows(path: Path, file: str) -> Generator[tuple[int, list[str]], None, None]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise InputError("not a readable .xlsx workbook", file=file) from None
    try:
        sheet = book.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [cell_text(v) for v in values]
            if any(t.strip() for t in texts):
                yield line, texts
    finally:
        book.close()


def _raw_rows(rows: Iterator[tuple[int, list[str]]], header: Sequence[str]) -> Iterator[RawRow]:
    for number, (line, values) in enumerate(rows, start=1):
        yield RawRow(number, line, cells_of(header, values, number, line))


def read_xlsx(
    path: Path, *, list_name: str | None = None, progress: Progress | None = None
) -> list[Record]:
    """Read the first sheet of a workbook into validated records."""
    file = str(path)
    rows = _sheet_rows(path, file)
    first = next(rows, None)
    if first is None:
        raise InputError("workbook's first sheet is empty", file=file)
    header = check_header(first[1], file, list_name)
    try:
        return build_records(_raw_rows(rows, header), file, list_name, progress)
    finally:
        rows.close()
