"""Records to rows and back: coded columns plain, identifying fields in one payload."""

from __future__ import annotations

import json
from typing import Any

from uncounted.model.dates import UncertainDate
from uncounted.model.records import Pathway, Record, Sex
from uncounted.vault.crypto import BlindIndex, Sealer, keyed_digest, record_aad


def identity_payload(record: Record) -> bytes:
    """The identifying fields of ``record`` as canonical JSON bytes."""
    data = {
        "name": record.name,
        "aliases": list(record.aliases),
        "narrative": record.narrative,
        "attributes": dict(record.attributes),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def fingerprint(key: bytes, record: Record) -> bytes:
    """A keyed digest of the whole record: equal content, equal fingerprint."""
    canonical = json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True)
    return keyed_digest(key, canonical.encode("utf-8"))


def record_row(
    record: Record, list_id: int, source_id: int, sealer: Sealer, digest: bytes
) -> dict[str, Any]:
    """The ``records`` row for ``record`` (identifying fields sealed)."""
    sealed, dek = sealer.seal(record_aad(record.list, record.record_id), identity_payload(record))
    recorded = record.recorded_on
    return {
        "list_id": list_id,
        "record_id": record.record_id,
        "source_id": source_id,
        "sex": record.sex.value,
        "birth_year": record.birth_year,
        "birth_year_min": record.birth_year_min,
        "birth_year_max": record.birth_year_max,
        "age": record.age,
        "recorded_on": None if recorded is None else str(recorded),
        "recorded_year": None if recorded is None else recorded.year,
        "origin": record.origin,
        "location": record.location,
        "pathway": record.pathway.value,
        "identity": sealed,
        "dek": dek,
        "fingerprint": digest,
    }


def token_rows(record: Record, list_id: int, index: BlindIndex) -> list[dict[str, Any]]:
    """Blind-index rows for the record's name and aliases (deduplicated)."""
    tokens = {index.token(n) for n in (record.name, *record.aliases) if n}
    return [
        {"token": token, "list_id": list_id, "record_id": record.record_id}
        for token in sorted(t for t in tokens if t is not None)
    ]


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
