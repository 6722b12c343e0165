"""Case facts as JSON Lines: journeys, stages, sales, perpetrators (``docs/facts-jsonl.md``).

One JSON object per line; ``"schema"`` names the kind (:data:`SCHEMAS`), the
other keys are the fields of that domain class. Each line is validated alone
here (types, vocabularies, amounts with currency and price year); the checks
across lines and against the vault are in :mod:`uncounted.intake.facts_import`.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from uncounted.errors import InputError
from uncounted.intake.jsonl_file import json_objects, write_lines
from uncounted.intake.text import decode
from uncounted.model import (
    Journey,
    JourneyStage,
    Location,
    Organisation,
    Perpetrator,
    Person,
    Transaction,
)
from uncounted.vault.plain import field_value, to_plain

SCHEMAS: dict[str, type] = {
    cls.__name__: cls
    for cls in (Location, Organisation, Person, Perpetrator, Journey, JourneyStage, Transaction)
}
"""The kinds a facts file may hold, in the order they are best written."""
EXPLICIT = {"Transaction": ("price_year",)}
"""Fields the model may infer but a facts file must state."""
PLAIN_TYPES = {int: "a whole number", float: "a number", str: "text"}


@dataclass(frozen=True)
class Fact:
    """One object read from a facts file, with where it was."""

    row: int
    line: int
    value: Any


def fields_of(schema: str) -> list[tuple[str, bool]]:
    """``(field, required)`` of a kind, in the class's order."""
    explicit = EXPLICIT.get(schema, ())
    return [
        (f.name, f.default is dataclasses.MISSING or f.name in explicit)
        for f in dataclasses.fields(SCHEMAS[schema])
    ]


def _check_type(hint: Any, value: Any, column: str) -> None:
    if typing.get_origin(hint) is tuple and not isinstance(value, list):
        raise InputError(f"{column} must be a list", column=column)
    inner = [a for a in typing.get_args(hint) if a is not type(None)]
    base = inner[0] if typing.get_origin(hint) is not None and len(inner) == 1 else hint
    expected = PLAIN_TYPES.get(base)
    if value is None or (expected is None and base is not Decimal):
        return
    if base is Decimal:
        base, expected = (str, int, float), "a number (best as text)"
    numeric = base is float and isinstance(value, int)
    if isinstance(value, bool) or not (isinstance(value, base) or numeric):
        raise InputError(f"{column} must be {expected}", column=column)


def _value(cls: type, hints: dict[str, Any], name: str, value: Any) -> Any:
    _check_type(hints[name], value, name)
    try:
        return field_value(cls, name, value)
    except (ValueError, TypeError, ArithmeticError, KeyError, AttributeError):
        raise InputError(f"{name} has a value of the wrong form", column=name) from None


def fact_from_json(data: dict[str, Any]) -> Any:
    """The domain object one line describes; InputError naming the field."""
    schema = data.get("schema")
    if schema not in SCHEMAS:
        raise InputError(f"schema must be one of {', '.join(SCHEMAS)}", column="schema")
    cls = SCHEMAS[schema]
    known = dict(fields_of(schema))
    for name in data:
        if name != "schema" and name not in known:
            raise InputError(f"{name} is not a field of {schema}", column=name)
    for name, required in known.items():
        if required and data.get(name) is None:
            raise InputError(f"{schema} needs {name}", column=name)
    hints = typing.get_type_hints(cls)
    values = {k: _value(cls, hints, k, v) for k, v in data.items() if k != "schema"}
    return cls(**values)


def read_facts(path: str | Path, *, encoding: str | None = None) -> list[Fact]:
    """Every object of a facts file, validated line by line (InputError: file, row, field)."""
    file = str(path)
    text = decode(Path(path).read_bytes(), file, encoding)
    facts = []
    try:
        for row, line, data in json_objects(text):
            try:
                facts.append(Fact(row, line, fact_from_json(data)))
            except InputError as error:
                raise error.at(row=row, line=line) from None
    except InputError as error:
        raise error.at(file=file) from None
    return facts


def is_facts_file(path: str | Path) -> bool:
    """Whether ``path`` is JSON Lines whose first object names a ``schema``."""
    if Path(path).suffix.lower() not in (".jsonl", ".ndjson") or not Path(path).is_file():
        return False
    with Path(path).open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                try:
                    first = json.loads(line)
                except json.JSONDecodeError:
                    return False
                return isinstance(first, dict) and "schema" in first
    return False


def fact_json(obj: Any) -> str:
    """One object as a compact line: ``schema`` first, empty fields left out."""
    plain = {k: v for k, v in to_plain(obj).items() if v is not None and v != []}
    return json.dumps({"schema": type(obj).__name__, **plain}, ensure_ascii=False)


def write_facts(objects: Iterable[Any], out: TextIO) -> int:
    """Write one line per object; returns the count."""
    return write_lines(objects, fact_json, out)
