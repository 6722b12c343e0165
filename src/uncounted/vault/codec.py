"""Records to rows and back: coded columns plain, identifying fields in one payload."""

from __future__ import annotations

import json
from typing import Any

from uncounted.model.dates import UncertainDate
from uncounted.model.records import Pathway, Record, Sex
from uncounted.vault.crypto import BlindIndex, Sealer, keyed_digest, record_aad

RECORD_COLUMNS = (
    "list_id",
    "record_id",
    "source_id",
    "sex",
    "birth_year",
    "birth_year_min",
    "birth_year_max",
    "age",
    "recorded_on",
    "recorded_year",
    "origin",
    "location",
    "pathway",
    "identity",
    "dek",
    "fingerprint",
)
TOKEN_COLUMNS = ("token", "list_id", "record_id")
Coded = tuple[str | int | None, ...]


def identity_payload(record: Record) -> bytes:
    """The identifying fields of ``record`` as canonical JSON bytes."""
    data = {
        "name": record.name,
        "aliases": list(record.aliases),
        "narrative": record.narrative,
        "attributes": dict(record.attributes),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def coded_values(record: Record) -> Coded:
    """The coded (plain) columns of ``record``, in RECORD_COLUMNS order from ``sex``."""
    recorded = record.recorded_on
    return (
        record.sex.value,
        record.birth_year,
        record.birth_year_min,
        record.birth_year_max,
        record.age,
        None if recorded is None else str(recorded),
        None if recorded is None else recorded.year,
        record.origin,
        record.location,
        record.pathway.value,
    )


def fingerprint(key: bytes, payload: bytes, coded: Coded) -> bytes:
    """A keyed digest of the whole record content: equal content, equal fingerprint."""
    return keyed_digest(key, payload + b"\x1e" + json.dumps(coded).encode())


def record_row(
    record: Record, ids: tuple[int, int], sealer: Sealer, encoded: tuple[bytes, Coded, bytes]
) -> tuple[Any, ...]:
    """The ``records`` row (RECORD_COLUMNS order) for ``record``, identifying fields sealed.

    ``ids`` is ``(list_id, source_id)``; ``encoded`` is ``(payload, coded, fingerprint)``.
    """
    payload, coded, digest = encoded
    sealed, dek = sealer.seal(record_aad(record.list, record.record_id), payload)
    return (ids[0], record.record_id, ids[1], *coded, sealed, dek, digest)


def token_rows(record: Record, list_id: int, index: BlindIndex) -> list[tuple[Any, ...]]:
    """Blind-index rows (TOKEN_COLUMNS order) for the record's name and aliases."""
    tokens = {index.token(n) for n in (record.name, *record.aliases) if n}
    return [(t, list_id, record.record_id) for t in sorted(x for x in tokens if x is not None)]


def record_from_row(row: Any, list_name: str, sealer: Sealer) -> Record:
    """The record stored in ``row`` (a ``records`` row), identifying fields opened."""
    aad = record_aad(list_name, row.record_id)
    identity = json.loads(sealer.open(aad, bytes(row.identity), _bytes(row.dek)))
    return Record(
        record_id=row.record_id,
        list=list_name,
        name=identity["name"],
        aliases=tuple(identity["aliases"]),
        sex=Sex(row.sex),
        birth_year=row.birth_year,
        birth_year_min=row.birth_year_min,
        birth_year_max=row.birth_year_max,
        age=row.age,
        recorded_on=None if row.recorded_on is None else UncertainDate.parse(row.recorded_on),
        origin=row.origin,
        location=row.location,
        pathway=Pathway(row.pathway),
        narrative=identity["narrative"],
        attributes=identity["attributes"],
    )


def _bytes(value: Any) -> bytes | None:
    return None if value is None else bytes(value)
