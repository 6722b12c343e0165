"""Reading and writing the records CSV (comma- or tab-separated, UTF-8)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from uncounted.errors import InputError
from uncounted.intake.columns import COLUMNS, record_to_row
from uncounted.intake.table import Progress, RawRow, build_records, cells_of, check_header
from uncounted.intake.text import decode
from uncounted.model import Record


def _rows(text: str, file: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, values) of each non-blank row; csv errors name the line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for values in reader:
            if any(v.strip() for v in values):
                yield line, values
            line = reader.line_num + 1
    except csv.Error:
        raise InputError("malformed CSV (check quotes)", file=file, line=line) from None


def _raw_rows(rows: Iterator[tuple[int, list[str]]], header: list[str]) -> Iterator[RawRow]:
    for number, (line, values) in enumerate(rows, start=1):
        yield RawRow(number, line, cells_of(header, values, number, line))


def read_csv(
    path: Path,
    *,
    list_name: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> list[Record]:
    """Read a records CSV (``.tsv``: tab-separated) into validated records."""
    file = str(path)
    text = decode(path.read_bytes(), file, encoding)
    rows = _rows(text, file, "\t" if path.suffix.lower() == ".tsv" else ",")
    first = next(rows, None)
    if first is None:
        raise InputError("file is empty", file=file)
    header = check_header(first[1], file, list_name)
    return build_records(_raw_rows(rows, header), file, list_name, progress)


def write_csv(records: Iterable[Record], out: TextIO) -> int:
    """Write records as a records CSV (attributes as extra columns); returns the count."""
    rows = [record_to_row(r) for r in records]
    extra = sorted({k for row in rows for k in row} - set(COLUMNS))
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, *extra], restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)
