"""Capture-history tables: one 0/1 column per list and a ``count`` column.

Input can be an aggregated CSV (``read_capture_table``), a data frame
(``CaptureTable.from_frame``) or record-level clusters (``from_clusters``: one
row per record with the list it came from and the identity it was linked to).
Optional stratum columns split one file into several tables (``read_strata``).
Every check names the row (1-based data row, as a spreadsheet shows it after
the header) and the column; values themselves are never echoed.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from uncounted.errors import InputError

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
        lists = _list_columns(frame, source, strata)
        patterns = np.column_stack([_binary_column(frame, c, source) for c in lists])
        counts = _count_column(frame, source)
        _reject_all_zero(patterns, source)
        quiet = bool(strata)  # rows repeat across strata by design
        patterns8 = patterns.astype(np.int8)
        return _merge_duplicates(tuple(lists), patterns8, counts, source, quiet=quiet)

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


def _list_columns(frame: pd.DataFrame, source: str | None, strata: Sequence[str]) -> list[str]:
    if COUNT not in frame.columns:
        raise InputError("missing the count column", file=source, column=COUNT)
    absent = [s for s in strata if s not in frame.columns]
    if absent:
        raise InputError("missing stratum column", file=source, column=absent[0])
    lists = [str(c) for c in frame.columns if c != COUNT and c not in strata]
    if len(lists) < 2:
        raise InputError("a capture table needs at least two list columns", file=source)
    if len(frame) == 0:
        raise InputError("the capture table has no rows", file=source)
    return lists


def _binary_column(frame: pd.DataFrame, column: str, source: str | None) -> npt.NDArray[np.int8]:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = ~values.isin([0, 1])
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise InputError("list columns must hold 0 or 1", file=source, row=row, column=column)
    return values.to_numpy(dtype=np.int8)


def _count_column(frame: pd.DataFrame, source: str | None) -> npt.NDArray[np.int64]:
    values = pd.to_numeric(frame[COUNT], errors="coerce")
    array = values.to_numpy(dtype=float)
    bad = ~np.isfinite(array) | (array < 0) | (array != np.round(array))
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


def _read_csv(path: str | Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError):
        raise InputError("not a readable CSV table", file=str(path)) from None


def read_capture_table(path: str | Path, *, strata: Sequence[str] = ()) -> CaptureTable:
    """Read and validate a capture-history CSV; stratum columns are summed over."""
    return CaptureTable.from_frame(_read_csv(path), source=str(path), strata=strata)


def read_strata(path: str | Path, strata: Sequence[str]) -> dict[str, CaptureTable]:
    """One validated table per combination of the stratum columns, keyed ``a/b``."""
    frame = _read_csv(path)
    CaptureTable.from_frame(frame, source=str(path), strata=strata)  # validates every row
    if not strata:
        raise InputError("name at least one stratum column", file=str(path))
    out: dict[str, CaptureTable] = {}
    for key, group in frame.groupby(list(strata), sort=True, dropna=False):
        label = "/".join(str(k) for k in (key if isinstance(key, tuple) else (key,)))
        part = group.drop(columns=list(strata)).reset_index(drop=True)
        out[label] = CaptureTable.from_frame(part, source=f"{path}, stratum {label}")
    return out


def from_clusters(frame: pd.DataFrame, *, source: str | None = None) -> CaptureTable:
    """Aggregate records (``record_id``, ``list``, ``cluster_id``) into a table.

    Each cluster is one person; a person appears on every list any of its records
    came from.
    """
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
