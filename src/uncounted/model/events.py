"""Events, acts and involvements: who did what to whom (HURIDOCS Events Standard Formats).

An :class:`Act` is one violation against one victim, the unit of counting. An
:class:`Event` groups acts (a raid, a sale). An :class:`Involvement` ties a
perpetrator (person or organisation) to an act with a role and a degree.
"""

from __future__ import annotations

from dataclasses import dataclass

from uncounted.errors import InputError
from uncounted.model import checks, vocab
from uncounted.model.dates import UncertainDate


@dataclass(frozen=True)
class Event:
    """Something that happened at a time and place, grouping one or more acts."""

    event_id: str
    date: UncertainDate | None = None
    location_id: str | None = None

    def __post_init__(self) -> None:
        checks.identifier("event_id", self.event_id)
        checks.optional_identifier("location_id", self.location_id)


@dataclass(frozen=True)
class Act:
    """One violation (``act_type`` from the act_type vocabulary) against one victim."""

    act_id: str
    victim_id: str
    act_type: str
    date: UncertainDate | None = None
    location_id: str | None = None
    means_of_control: tuple[str, ...] = ()
    event_id: str | None = None

    def __post_init__(self) -> None:
        checks.identifier("act_id", self.act_id)
        checks.identifier("victim_id", self.victim_id)
        checks.term("act_type", "act_type", self.act_type)
        checks.optional_identifier("location_id", self.location_id)
        checks.optional_identifier("event_id", self.event_id)
        means = checks.terms("means_of_control", "means_of_control", self.means_of_control)
        object.__setattr__(self, "means_of_control", means)

    @property
    def stage(self) -> str | None:
        """Recruitment, transit or exploitation (from the vocabulary)."""
        return vocab.load("act_type").term(self.act_type).stage


@dataclass(frozen=True)
class Involvement:
    """A perpetrator's part in an act. Exactly one of person or organisation is given."""

    act_id: str
    role: str
    degree: str = "direct"
    person_id: str | None = None
    organisation_id: str | None = None

    def __post_init__(self) -> None:
        checks.identifier("act_id", self.act_id)
        checks.term("perpetrator_role", "role", self.role)
        checks.term("involvement_degree", "degree", self.degree)
        checks.optional_identifier("person_id", self.person_id)
        checks.optional_identifier("organisation_id", self.organisation_id)
        if (self.person_id is None) == (self.organisation_id is None):
            raise InputError(
                "an involvement names exactly one person or organisation", column="person_id"
            )

    @property
    def perpetrator_id(self) -> str:
        """The id of the person or organisation involved."""
        return self.person_id or self.organisation_id or ""
