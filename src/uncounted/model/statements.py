"""Statements: every coded fact with the source that asserts it (provenance as data).

As in FollowTheMoney's statement model, an entity is the sum of statements
``(entity, property, value, source)``; two sources may assert different values
and nothing is merged destructively. :func:`statements_of` turns a domain
object into statements; :func:`check_provenance` proves each one cites a known
source.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from uncounted.errors import InputError
from uncounted.model import checks

ID_FIELDS = {
    "Act": "act_id",
    "Attachment": "attachment_id",
    "Event": "event_id",
    "Location": "location_id",
    "Organisation": "organisation_id",
    "Person": "person_id",
    "Source": "source_id",
    "Transaction": "transaction_id",
}


@dataclass(frozen=True)
class Statement:
    """``source_id`` asserts that ``prop`` of entity ``entity_id`` (of ``schema``) is ``value``."""

    entity_id: str
    schema: str
    prop: str
    value: str
    source_id: str

    def __post_init__(self) -> None:
        checks.identifier("entity_id", self.entity_id)
        checks.identifier("source_id", self.source_id)
        checks.non_empty("prop", self.prop)


def _text(value: Any) -> list[str]:
    if value is None or value == ():
        return []
    if isinstance(value, tuple | list | frozenset | set):
        return sorted(v for item in value for v in _text(item))
    if isinstance(value, Enum):
        return [str(value.value)]
    if dataclasses.is_dataclass(value):
        return [str(value)]
    return [str(value)]


def statements_of(entity: Any, source_id: str) -> list[Statement]:
    """One statement per non-empty field value of a domain object, citing ``source_id``."""
    schema = type(entity).__name__
    id_field = ID_FIELDS.get(schema)
    if id_field is None or not dataclasses.is_dataclass(entity):
        raise InputError(f"no statements for objects of type {schema}", column="schema")
    entity_id = getattr(entity, id_field)
    found = []
    for f in dataclasses.fields(entity):
        if f.name != id_field:
            values = _text(getattr(entity, f.name))
            found += [Statement(entity_id, schema, f.name, v, source_id) for v in values]
    return found


def check_provenance(statements: Iterable[Statement], sources: Mapping[str, Any]) -> None:
    """InputError (row = position from 1) at the first statement citing an unknown source."""
    for row, statement in enumerate(statements, start=1):
        if statement.source_id not in sources:
            raise InputError("statement cites an unknown source", row=row, column="source_id")


def by_property(statements: Iterable[Statement]) -> dict[tuple[str, str], dict[str, set[str]]]:
    """``(entity_id, prop) -> value -> sources``: where sources agree and where they differ."""
    table: dict[tuple[str, str], dict[str, set[str]]] = {}
    for s in statements:
        table.setdefault((s.entity_id, s.prop), {}).setdefault(s.value, set()).add(s.source_id)
    return table
