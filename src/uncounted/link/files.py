"""Link records files (CSV/TSV, XLSX, JSON Lines) and write clusters and capture histories.

Files are read by the intake reader (errors name the file, row and column:
duplicate ``record_id``s within a list, unreadable encodings, empty files); a
delimited file must also have a ``name`` column, since linkage compares names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from uncounted.errors import InputError
from uncounted.estimate.population.table import CaptureTable, from_clusters
from uncounted.intake.columns import canonical_header
from uncounted.intake.reader import read_records
from uncounted.intake.text import decode
from uncounted.link.run import DEFAULT_THRESHOLD, LinkResult, link_records
from uncounted.model import Record

__all__ = ["capture_histories", "link_files", "read_for_linkage"]


def _check_name_column(path: Path) -> None:
    if path.suffix.lower() not in (".csv", ".tsv"):
        return
    text = decode(path.read_bytes(), str(path))
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    if "name" not in {canonical_header(cell) for cell in header}:
        raise InputError("required column is missing", file=str(path), row=1, column="name")


def read_for_linkage(paths: Sequence[str | Path]) -> list[Record]:
    """Records of every file; a list name must not appear in two files."""
    records: list[Record] = []
    owner: dict[str, str] = {}
    for path in map(Path, paths):
        _check_name_column(path)
        for record in read_records(path):
            first = owner.setdefault(record.list, str(path))
            if first != str(path):
                raise InputError(
                    f"list {record.list!r} also appears in {first}", file=str(path), column="list"
                )
            records.append(record)
    return records


def link_files(
    paths: Sequence[str | Path], *, threshold: float = DEFAULT_THRESHOLD, one_to_one: bool = True
) -> LinkResult:
    """Link the records of ``paths``; with ``one_to_one`` every list is taken as free of
    duplicates (each cluster holds at most one record per list)."""
    records = read_for_linkage(paths)
    lists = sorted({r.list for r in records}) if one_to_one else []
    return link_records(records, threshold=threshold, duplicate_free=lists)


def capture_histories(clusters: pd.DataFrame) -> CaptureTable:
    """The capture-history table of the clusters (one person per cluster)."""
    return from_clusters(clusters[["record_id", "list", "cluster_id"]])
