"""Domain objects to JSON-ready values and back, driven by their dataclass type hints.

Enums become their values, uncertain dates their EDTF text, decimals and
datetimes strings, nested dataclasses dicts, tuples and frozensets lists.
:func:`from_plain` rebuilds the object from its class's annotations, so a
round trip returns an equal object.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from uncounted.model.dates import UncertainDate

T = TypeVar("T")


def to_plain(value: Any) -> Any:  # noqa: PLR0911 - one case per kind of value
    """A JSON-ready form of ``value``."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UncertainDate | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset | set):
        return sorted(to_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def field_value(cls: type, name: str, value: Any) -> Any:
    """The value of field ``name`` of ``cls`` from its plain form."""
    return _convert(_hints(typing.cast(Any, cls))[name], value)


def from_plain(cls: type[T], data: Mapping[str, Any]) -> T:
    """The ``cls`` instance whose plain form is ``data``."""
    hints = _hints(typing.cast(Any, cls))
    values = {name: _convert(hints[name], value) for name, value in data.items()}
    return cls(**values)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        return tuple(_convert(args[0], v) for v in value)
    if origin is frozenset:
        return frozenset(_convert(args[0], v) for v in value)
    if origin is not None:
        return value
    return _scalar(hint, value)


_PARSERS: dict[Any, Any] = {
    UncertainDate: UncertainDate.parse,
    Decimal: lambda value: Decimal(str(value) if isinstance(value, float) else value),
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
}


def _scalar(hint: Any, value: Any) -> Any:
    parser = _PARSERS.get(hint)
    if parser is not None:
        return parser(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_plain(hint, value)
    return value
