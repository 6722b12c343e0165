"""Read any supported records file, chosen by its suffix."""

from __future__ import annotations

from pathlib import Path

from uncounted.errors import InputError
from uncounted.intake.csv_file import read_csv
from uncounted.intake.jsonl_file import read_jsonl
from uncounted.intake.table import Progress
from uncounted.intake.xlsx_file import read_xlsx
from uncounted.model import Record

SUFFIXES = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def read_records(
    path: str | Path,
    *,
    list_name: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> list[Record]:
    """Validated records from a ``.csv``/``.tsv``, ``.xlsx`` or ``.jsonl`` file.

    ``list_name`` fills the ``list`` of every record (a different non-empty
    ``list`` cell is an error). ``progress`` is called with the number of rows
    read so far. Raises :class:`InputError` at the first bad value.
    """
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        allowed = ", ".join(sorted(SUFFIXES))
        raise InputError(f"unsupported file type: use one of {allowed}", file=str(path))
    if not path.is_file():
        raise InputError("file not found", file=str(path))
    if kind == "xlsx":
        return read_xlsx(path, list_name=list_name, progress=progress)
    reader = read_csv if kind == "csv" else read_jsonl
    return reader(path, list_name=list_name, encoding=encoding, progress=progress)
