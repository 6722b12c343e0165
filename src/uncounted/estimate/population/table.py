"""Capture-history tables: one 0/1 column per list and a ``count`` column.

Input can be an aggregated CSV (``read_capture_table``), a data frame
(``CaptureTable.from_frame``) or record-level clusters (``from_clusters``: one
row per record with the list it came from and the identity it was linked to).
Optional stratum columns split one file into several tables (``read_strata``).
Every check names the row (1-based data row, as a spreadsheet shows it after
the header) and the column; values themselves are never echoed.

Reading a CSV uses the standard library (``csv_columns``), not pandas, so a
command-line run of one estimator does not pay pandas' import; it reads as
``pandas.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])``
did (blank lines skipped, duplicate names ``A.1``, blank names ``Unnamed: i``,
short rows padded with blanks), and cells become numbers as
``pandas.to_numeric(errors="coerce")`` makes them. Only ``from_frame``,
``to_frame`` and ``from_clusters`` import pandas, when called.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from uncounted.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

COUNT = "count"


@dataclass(frozen=True)
class CaptureTable:
    """Aggregated capture histories.

    ``patterns`` is an ``(m, K)`` array of 0/1 (int8), one row per observed
    pattern, no all-zero row, no duplicate rows; ``counts`` is ``(m,)`` int64 of
    positive counts; ``lists`` names the K columns in order.
    """

    lists: tuple[str, ...]
    patterns: npt.NDArray[np.int8]
    counts: npt.NDArray[np.int64]

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def n_observed(self) -> int:
        return int(self.counts.sum())

    @classmethod
    def from_frame(
        cls, frame: pd.DataFrame, *, source: str | None = None, strata: Sequence[str] = ()
    ) -> CaptureTable:
        """Validate a frame of 0/1 list columns and ``count`` (stratum columns ignored)."""
        import pandas as pd  # noqa: PLC0415  (only callers with a frame pay the import)

        columns = {str(c): c for c in frame.columns}

        def numbers(column: str) -> FloatArray:
            values = pd.to_numeric(frame[columns[column]], errors="coerce")
            return np.asarray(values.to_numpy(dtype=float, na_value=np.nan), dtype=float)

        return _validate(list(columns), numbers, len(frame), source, strata)

    def full_counts(self) -> npt.NDArray[np.int64]:
        """Counts for all ``2**K - 1`` observable patterns, indexed by bit code - 1."""
        out = np.zeros(2**self.n_lists - 1, dtype=np.int64)
        np.add.at(out, self.codes() - 1, self.counts)
        return out

    def codes(self) -> npt.NDArray[np.int64]:
        """Each pattern as an integer: list j contributes ``2**j``."""
        weights = 2 ** np.arange(self.n_lists, dtype=np.int64)
        return np.asarray(self.patterns.astype(np.int64) @ weights, dtype=np.int64)

    def to_frame(self) -> pd.DataFrame:
        """The table as a data frame with the list columns and ``count``."""
        import pandas as pd  # noqa: PLC0415

        frame = pd.DataFrame(self.patterns.astype(int), columns=list(self.lists))
        frame[COUNT] = self.counts
        return frame

    def select(self, lists: Sequence[str]) -> CaptureTable:
        """Collapse to a subset of lists (people seen only on other lists drop out)."""
        missing = [name for name in lists if name not in self.lists]
        if missing:
            raise InputError("unknown list", column=missing[0])
        index = [self.lists.index(name) for name in lists]
        sub = self.patterns[:, index]
        keep = sub.any(axis=1)
        return _merge_duplicates(tuple(lists), sub[keep], self.counts[keep], None, quiet=True)

    def permuted(self, order: Sequence[int]) -> CaptureTable:
        """The same table with its lists in another order."""
        names = tuple(self.lists[i] for i in order)
        return CaptureTable(names, self.patterns[:, list(order)].copy(), self.counts.copy())


FloatArray = npt.NDArray[np.float64]


def _validate(
    names: Sequence[str],
    numbers: Callable[[str], FloatArray],
    n_rows: int,
    source: str | None,
    strata: Sequence[str],
) -> CaptureTable:
    """The checks shared by frames and CSV files; ``numbers(column)`` gives the
    column as floats with NaN where a cell is blank or not a number."""
    lists = _list_columns(names, n_rows, source, strata)
    patterns = np.column_stack([_binary_column(numbers(c), c, source) for c in lists])
    counts = _count_column(numbers(COUNT), source)
    _reject_all_zero(patterns, source)
    quiet = bool(strata)  # rows repeat across strata by design
    patterns8 = patterns.astype(np.int8)
    return _merge_duplicates(tuple(lists), patterns8, counts, source, quiet=quiet)


def _list_columns(
    names: Sequence[str], n_rows: int, source: str | None, strata: Sequence[str]
) -> list[str]:
    if COUNT not in names:
        raise InputError("missing the count column", file=source, column=COUNT)
    absent = [s for s in strata if s not in names]
    if absent:
        raise InputError("missing stratum column", file=source, column=absent[0])
    lists = [c for c in names if c != COUNT and c not in strata]
    if len(lists) < 2:
        raise InputError("a capture table needs at least two list columns", file=source)
    if n_rows == 0:
        raise InputError("the capture table has no rows", file=source)
    return lists


def _binary_column(values: FloatArray, column: str, source: str | None) -> npt.NDArray[np.int8]:
    bad = ~((values == 0) | (values == 1))
    if bad.any():
        row = int(np.flatnonzero(bad)[0]) + 1
        raise InputError("list columns must hold 0 or 1", file=source, row=row, column=column)
    return values.astype(np.int8)


def _count_column(array: FloatArray, source: str | None) -> npt.NDArray[np.int64]:
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(array) | (array < 0) | (array != np.round(array)) | (array >= 2.0**63)
    if bad.any():
        row = int(np.flatnonzero(bad)[0]) + 1
        what = "missing" if np.isnan(array[row - 1]) else "not a non-negative whole number"
        raise InputError(f"count is {what}", file=source, row=row, column=COUNT)
    return array.astype(np.int64)


def _reject_all_zero(patterns: npt.NDArray[np.int8], source: str | None) -> None:
    empty = ~patterns.any(axis=1)
    if empty.any():
        row = int(np.flatnonzero(empty)[0]) + 1
        raise InputError(
            "a row with no list (all zeros) cannot be observed", file=source, row=row, column=COUNT
        )


def _merge_duplicates(
    lists: tuple[str, ...],
    patterns: npt.NDArray[np.int8],
    counts: npt.NDArray[np.int64],
    source: str | None,
    *,
    quiet: bool = False,
) -> CaptureTable:
    unique, inverse = np.unique(patterns, axis=0, return_inverse=True)
    if len(unique) < len(patterns) and not quiet:
        first = _first_duplicate_row(patterns)
        warnings.warn(
            f"duplicate capture patterns summed (first at row {first}, file {source})",
            stacklevel=3,
        )
    summed = np.zeros(len(unique), dtype=np.int64)
    np.add.at(summed, inverse.ravel(), counts)
    keep = summed > 0
    order = np.lexsort(unique[keep].T[::-1])
    return CaptureTable(lists, unique[keep][order].astype(np.int8), summed[keep][order])


def _first_duplicate_row(patterns: npt.NDArray[np.int8]) -> int:
    seen: set[bytes] = set()
    for index, row in enumerate(patterns):
        key = row.tobytes()
        if key in seen:
            return index + 1
        seen.add(key)
    return 0


_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INFINITY = re.compile(r"([+-]?)inf(?:inity)?", re.IGNORECASE)
_SPACE = " \t\n\r\v\f"


def _number(text: str | None) -> float:
    """One cell as ``pandas.to_numeric(errors="coerce")`` reads it: surrounding
    ASCII space ignored, decimal notation and ``inf``; anything else, and a
    number too large for a float, is NaN."""
    if text is None:
        return math.nan
    text = text.strip(_SPACE)
    if _NUMBER.fullmatch(text):
        value = float(text)
        return value if math.isfinite(value) else math.nan
    infinity = _INFINITY.fullmatch(text)
    if infinity:
        return -math.inf if infinity.group(1) == "-" else math.inf
    return math.nan


def _header(names: Sequence[str]) -> list[str]:
    """Blank names become ``Unnamed: i``; a repeated name ``name.1``, ``name.2``
    (skipping names already in the header), as pandas' CSV reader names them."""
    header = [name if name else f"Unnamed: {i}" for i, name in enumerate(names)]
    counts: dict[str, int] = {}
    for i, name in enumerate(list(header)):
        column, seen = name, counts.get(name, 0)
        while seen > 0:
            counts[name] = seen + 1
            column = f"{name}.{seen}"
            seen = seen + 1 if column in header else counts.get(column, 0)
        header[i] = column
        counts[column] = seen + 1
    return header


def _blank_line(fields: list[str]) -> bool:
    return not fields or (len(fields) == 1 and not fields[0].strip(" \t"))


def _records(text: str) -> list[list[str]]:
    """Fields of each record; a quote left open at the end is an error (strict
    parsing says so), other strict complaints (``"1" ,0``) are read leniently."""
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        if "end of data" in str(error):
            raise
    return list(csv.reader(io.StringIO(text, newline="")))


@dataclass(frozen=True)
class CsvColumns:
    """A CSV file as named columns of raw cells (``None`` where blank)."""

    source: str
    names: list[str]
    cells: dict[str, list[str | None]]
    n_rows: int

    def numbers(self, column: str) -> FloatArray:
        return np.array([_number(cell) for cell in self.cells[column]], dtype=float)


def csv_columns(path: str | Path) -> CsvColumns:
    """Read a UTF-8 CSV with a header row (no pandas); errors name file and row."""
    source = str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
        rows = [fields for fields in _records(text) if not _blank_line(fields)]
    except FileNotFoundError:
        raise InputError("no such file", file=source) from None
    except (OSError, csv.Error, UnicodeDecodeError):
        raise InputError("not a readable CSV table", file=source) from None
    if not rows:
        raise InputError("not a readable CSV table", file=source)
    names = _header(rows[0])
    cells: dict[str, list[str | None]] = {name: [] for name in names}
    for row, fields in enumerate(rows[1:], start=1):
        if len(fields) > len(names):
            raise InputError("not a readable CSV table", file=source, row=row)
        padded = fields + [""] * (len(names) - len(fields))
        for name, cell in zip(names, padded, strict=True):
            cells[name].append(cell or None)
    return CsvColumns(source, names, cells, len(rows) - 1)


def read_capture_table(path: str | Path, *, strata: Sequence[str] = ()) -> CaptureTable:
    """Read and validate a capture-history CSV; stratum columns are summed over."""
    data = csv_columns(path)
    return _validate(data.names, data.numbers, data.n_rows, data.source, strata)


def _stratum_key(key: tuple[str | None, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((part is None, part or "") for part in key)


def read_strata(path: str | Path, strata: Sequence[str]) -> dict[str, CaptureTable]:
    """One validated table per combination of the stratum columns, keyed ``a/b``
    (sorted, blanks last and labelled ``nan``, as a pandas group-by labels them)."""
    data = csv_columns(path)
    _validate(data.names, data.numbers, data.n_rows, data.source, strata)  # every row
    if not strata:
        raise InputError("name at least one stratum column", file=data.source)
    groups: dict[tuple[str | None, ...], list[int]] = {}
    for index, key in enumerate(zip(*(data.cells[s] for s in strata), strict=True)):
        groups.setdefault(key, []).append(index)
    names = [name for name in data.names if name not in strata]
    out: dict[str, CaptureTable] = {}
    for key in sorted(groups, key=_stratum_key):
        label = "/".join("nan" if part is None else part for part in key)
        rows = groups[key]
        part = CsvColumns(
            f"{path}, stratum {label}",
            names,
            {name: [data.cells[name][i] for i in rows] for name in names},
            len(rows),
        )
        out[label] = _validate(names, part.numbers, part.n_rows, part.source, ())
    return out


def from_clusters(frame: pd.DataFrame, *, source: str | None = None) -> CaptureTable:
    """Aggregate records (``record_id``, ``list``, ``cluster_id``) into a table.

    Each cluster is one person; a person appears on every list any of its records
    came from.
    """
    import pandas as pd  # noqa: PLC0415

    for column in ("record_id", "list", "cluster_id"):
        if column not in frame.columns:
            raise InputError("missing column", file=source, column=column)
    for column in ("list", "cluster_id"):
        blank = frame[column].isna() | (frame[column].astype(str).str.strip() == "")
        if blank.any():
            row = int(np.flatnonzero(blank.to_numpy())[0]) + 1
            raise InputError("empty value", file=source, row=row, column=column)
    lists = sorted(frame["list"].astype(str).unique())
    if len(lists) < 2:
        raise InputError("records come from fewer than two lists", file=source, column="list")
    wide = pd.crosstab(frame["cluster_id"].astype(str), frame["list"].astype(str)).clip(upper=1)
    wide = wide.reindex(columns=lists, fill_value=0)
    grouped = wide.groupby(lists).size().rename(COUNT).reset_index()
    return CaptureTable.from_frame(grouped, source=source)
