"""The record: one entry about one person on one list (the unit of import and export).

A :class:`Record` is what the records CSV holds (see ``docs/records-csv.md``).
Identifying fields (``name``, ``aliases``, ``narrative``, ``attributes``) must
never appear in logs, errors or the audit log; the other fields are coded.

Validation raises :class:`~uncounted.errors.InputError` whose ``column`` names
the field; it never includes the offending value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from uncounted.errors import InputError
from uncounted.model.dates import UncertainDate

BIRTH_YEAR_RANGE = (1900, 2100)
AGE_RANGE = (0, 120)
IDENTIFYING_FIELDS = ("name", "aliases", "narrative", "attributes")
ALIAS_SEPARATOR = " | "


class Sex(StrEnum):
    """Sex as recorded: female, male, another, or not known."""

    F = "F"
    M = "M"
    X = "X"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, text: str) -> Sex:
        """Read ``F``/``M``/``X``/``unknown`` (any case); empty means unknown."""
        member = _SEX_BY_TEXT.get(text.strip().lower())
        if member is None:
            raise InputError("sex must be one of F, M, X, unknown", column="sex")
        return member


_SEX_BY_TEXT = {"": Sex.UNKNOWN, **{m.value.lower(): m for m in Sex}}


class Pathway(StrEnum):
    """The form of exploitation the person was trafficked into."""

    PROSTITUTION = "prostitution"
    FORCED_MARRIAGE = "forced_marriage"
    CYBERSEX = "cybersex"
    OTHER = "other"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, text: str) -> Pathway:
        """Read a pathway (any case; spaces or hyphens for ``_``); empty means unknown."""
        key = text.strip().lower().replace(" ", "_").replace("-", "_")
        if not key:
            return cls.UNKNOWN
        try:
            return cls(key)
        except ValueError:
            allowed = ", ".join(m.value for m in cls)
            raise InputError(f"pathway must be one of {allowed}", column="pathway") from None


def _check_range(column: str, value: int | None, bounds: tuple[int, int]) -> None:
    if value is not None and not bounds[0] <= value <= bounds[1]:
        raise InputError(f"{column} must be between {bounds[0]} and {bounds[1]}", column=column)


def _text_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _int_or_none(column: str, value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise InputError(f"{column} must be a whole number or null", column=column)


_INT_FIELDS = ("birth_year", "birth_year_min", "birth_year_max", "age")


def _attributes(raw: Mapping[str, str]) -> dict[str, str]:
    """Names and values stripped, empty values dropped, sorted by name."""
    cleaned = {str(k).strip(): str(v).strip() for k, v in raw.items()}
    if "" in cleaned:
        raise InputError("attribute names must not be empty", column="attributes")
    return {k: cleaned[k] for k in sorted(cleaned) if cleaned[k]}


@dataclass(frozen=True, slots=True)
class Record:
    """One entry about one person on one list. ``(list, record_id)`` is its key.

    Slotted: a large input holds a million of them (a per-instance dict would double
    their memory)."""

    record_id: str
    list: str
    name: str | None = None
    aliases: tuple[str, ...] = ()
    sex: Sex = Sex.UNKNOWN
    birth_year: int | None = None
    birth_year_min: int | None = None
    birth_year_max: int | None = None
    age: int | None = None
    recorded_on: UncertainDate | None = None
    origin: str | None = None
    location: str | None = None
    pathway: Pathway = Pathway.UNKNOWN
    narrative: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        self._normalise()
        self._validate()

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)

    def _normalise(self) -> None:
        for name in ("record_id", "list"):
            self._set(name, (getattr(self, name) or "").strip())
        for name in ("name", "origin", "location", "narrative"):
            self._set(name, _text_or_none(getattr(self, name)))
        self._set("aliases", tuple(a.strip() for a in self.aliases if a and a.strip()))
        self._set("sex", Sex(self.sex))
        self._set("pathway", Pathway(self.pathway))
        if self.recorded_on is not None and not self.recorded_on.known:
            self._set("recorded_on", None)
        self._set("attributes", _attributes(self.attributes))

    def _validate(self) -> None:
        if not self.record_id:
            raise InputError("record_id must not be empty", column="record_id")
        if not self.list:
            raise InputError("list must not be empty", column="list")
        for column in ("birth_year", "birth_year_min", "birth_year_max"):
            _check_range(column, getattr(self, column), BIRTH_YEAR_RANGE)
        _check_range("age", self.age, AGE_RANGE)
        low, high = self.birth_year_min, self.birth_year_max
        if low is not None and high is not None and low > high:
            raise InputError(
                "birth_year_min must not exceed birth_year_max", column="birth_year_min"
            )
        if self.birth_year is not None and (
            (low is not None and self.birth_year < low)
            or (high is not None and self.birth_year > high)
        ):
            raise InputError(
                "birth_year must lie within birth_year_min..birth_year_max", column="birth_year"
            )

    @property
    def key(self) -> tuple[str, str]:
        """``(list, record_id)``: unique within a vault."""
        return (self.list, self.record_id)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict in field order (dates as EDTF text, enums as values)."""
        return {
            "record_id": self.record_id,
            "list": self.list,
            "name": self.name,
            "aliases": list(self.aliases),
            "sex": self.sex.value,
            "birth_year": self.birth_year,
            "birth_year_min": self.birth_year_min,
            "birth_year_max": self.birth_year_max,
            "age": self.age,
            "recorded_on": None if self.recorded_on is None else str(self.recorded_on),
            "origin": self.origin,
            "location": self.location,
            "pathway": self.pathway.value,
            "narrative": self.narrative,
            "attributes": dict(self.attributes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Record:
        """The inverse of :meth:`to_dict`. Raises InputError naming a bad field."""
        values = dict(data)
        recorded = values.get("recorded_on")
        try:
            values["recorded_on"] = UncertainDate.parse(recorded) if recorded else None
        except ValueError as error:
            raise InputError(str(error), column="recorded_on") from None
        values["aliases"] = tuple(values.get("aliases") or ())
        values["sex"] = Sex.parse(values.get("sex") or "")
        values["pathway"] = Pathway.parse(values.get("pathway") or "")
        values["attributes"] = dict(values.get("attributes") or {})
        for column in _INT_FIELDS:
            values[column] = _int_or_none(column, values.get(column))
        unknown = set(values) - set(RECORD_FIELDS)
        if unknown:
            raise InputError("unknown record field", column=sorted(unknown)[0])
        return cls(**values)


RECORD_FIELDS: tuple[str, ...] = tuple(Record.__dataclass_fields__)
