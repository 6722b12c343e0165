"""Sources of information, their reliability grading and the survivor's consent, and lists.

A :class:`Source` is one interview (testimony), document or list/register
entry set. A :class:`DocumentationList` is a documentation system used for
population estimation; a source belongs to at most one list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from uncounted.errors import InputError
from uncounted.model import checks
from uncounted.model.dates import UncertainDate

_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


class SourceKind(StrEnum):
    """What the source is."""

    INTERVIEW = "interview"
    DOCUMENT = "document"
    LIST_REGISTER = "list_register"


class Reliability(StrEnum):
    """Source reliability, the letter of the Admiralty (NATO AJP-2.1) grading."""

    A = "A"  # completely reliable
    B = "B"  # usually reliable
    C = "C"  # fairly reliable
    D = "D"  # not usually reliable
    E = "E"  # unreliable
    F = "F"  # reliability cannot be judged


class Credibility(IntEnum):
    """Information credibility, the digit of the Admiralty (NATO AJP-2.1) grading."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6


class ConsentUse(StrEnum):
    """Uses a survivor may consent to, from narrowest to widest."""

    INTERNAL_ANALYSIS = "internal_analysis"
    ANONYMISED_PUBLICATION = "anonymised_publication"
    SHARING_WITH_NAMED_BODIES = "sharing_with_named_bodies"


@dataclass(frozen=True)
class ConsentScope:
    """What the survivor agreed their information may be used for."""

    uses: frozenset[ConsentUse] = frozenset()
    named_bodies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        uses = frozenset(checks.member(ConsentUse, "consent", u) for u in self.uses)
        object.__setattr__(self, "uses", uses)
        sharing = ConsentUse.SHARING_WITH_NAMED_BODIES in self.uses
        if sharing != bool(self.named_bodies):
            raise InputError(
                "named_bodies must be given exactly when sharing is consented to",
                column="named_bodies",
            )

    def allows(self, use: ConsentUse, body: str | None = None) -> bool:
        """Whether ``use`` (for sharing: with ``body``) is within the consent."""
        if use is ConsentUse.SHARING_WITH_NAMED_BODIES:
            return use in self.uses and body in self.named_bodies
        return use in self.uses


@dataclass(frozen=True)
class DocumentationList:
    """A documentation system (one organisation's intake, a register, a sample)."""

    list_id: str
    organisation_id: str | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        checks.identifier("list_id", self.list_id)
        checks.optional_identifier("organisation_id", self.organisation_id)


@dataclass(frozen=True)
class Source:
    """Where information comes from, graded, with the consent it was given under."""

    source_id: str
    kind: SourceKind
    list_id: str | None = None
    interviewer_id: str | None = None
    date: UncertainDate | None = None
    language: str | None = None
    reliability: Reliability = Reliability.F
    credibility: Credibility = Credibility.CANNOT_BE_JUDGED
    consent: ConsentScope = ConsentScope()

    def __post_init__(self) -> None:
        checks.identifier("source_id", self.source_id)
        checks.optional_identifier("list_id", self.list_id)
        checks.optional_identifier("interviewer_id", self.interviewer_id)
        object.__setattr__(self, "kind", checks.member(SourceKind, "kind", self.kind))
        grade = checks.member(Reliability, "reliability", self.reliability)
        object.__setattr__(self, "reliability", grade)
        credibility = checks.member(Credibility, "credibility", self.credibility)
        object.__setattr__(self, "credibility", credibility)
        if self.language is not None and not _LANGUAGE.fullmatch(self.language):
            message = "language must be a BCP 47 tag such as ko or zh-Hans"
            raise InputError(message, column="language")

    @property
    def grading(self) -> str:
        """The Admiralty grading, for example ``B2``."""
        return f"{self.reliability.value}{self.credibility.value}"
