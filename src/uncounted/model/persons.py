"""Persons (pseudonymous), organisations and venues, and places.

Roles are not on the person: perpetrator roles belong to involvements
(``uncounted.model.events``). Names are identifying; everything else is coded.
"""

from __future__ import annotations

from dataclasses import dataclass

from uncounted.errors import InputError
from uncounted.model import checks
from uncounted.model.names import NameKind, PersonName
from uncounted.model.records import BIRTH_YEAR_RANGE, Sex


@dataclass(frozen=True)
class BirthYear:
    """A year of birth known exactly or as a range ``earliest..latest``."""

    earliest: int
    latest: int

    def __post_init__(self) -> None:
        checks.within("birth_year", self.earliest, *BIRTH_YEAR_RANGE)
        checks.within("birth_year", self.latest, *BIRTH_YEAR_RANGE)
        if self.earliest > self.latest:
            raise InputError("birth year range must not end before it starts", column="birth_year")

    @classmethod
    def exact(cls, year: int) -> BirthYear:
        return cls(year, year)

    @property
    def year(self) -> int | None:
        """The year when known exactly."""
        return self.earliest if self.earliest == self.latest else None

    def __str__(self) -> str:
        return str(self.earliest) if self.year else f"{self.earliest}/{self.latest}"


@dataclass(frozen=True)
class Person:
    """A person under a pseudonymous id, with names in several scripts."""

    person_id: str
    names: tuple[PersonName, ...] = ()
    sex: Sex = Sex.UNKNOWN
    birth: BirthYear | None = None
    origin_id: str | None = None

    def __post_init__(self) -> None:
        checks.identifier("person_id", self.person_id)
        checks.optional_identifier("origin_id", self.origin_id)
        object.__setattr__(self, "names", tuple(self.names))
        object.__setattr__(self, "sex", checks.member(Sex, "sex", self.sex))

    @property
    def primary_names(self) -> tuple[PersonName, ...]:
        return tuple(n for n in self.names if n.kind is NameKind.PRIMARY)

    @property
    def aliases(self) -> tuple[PersonName, ...]:
        return tuple(n for n in self.names if n.kind is not NameKind.PRIMARY)


@dataclass(frozen=True)
class Location:
    """A place: a name, its country (ISO 3166-1 alpha-2) and an optional parent place."""

    location_id: str
    name: str
    country: str | None = None
    kind: str | None = None
    parent_id: str | None = None

    def __post_init__(self) -> None:
        checks.identifier("location_id", self.location_id)
        object.__setattr__(self, "name", checks.non_empty("location", self.name))
        checks.optional_identifier("parent_id", self.parent_id)
        if self.country is not None and not (len(self.country) == 2 and self.country.isupper()):
            raise InputError("country must be an ISO 3166-1 alpha-2 code", column="country")


@dataclass(frozen=True)
class Organisation:
    """A criminal group, venue (brothel, cybersex den), broker, platform or other body."""

    organisation_id: str
    kind: str
    name: str | None = None
    location_id: str | None = None

    def __post_init__(self) -> None:
        checks.identifier("organisation_id", self.organisation_id)
        checks.term("organisation_kind", "organisation_kind", self.kind)
        checks.optional_identifier("location_id", self.location_id)
