"""The domain model: pure Python, no I/O beyond reading the packaged vocabularies.

Records (the unit of import and export) with uncertain dates; and the
HURIDOCS-style model of who did what to whom: sources and lists, persons with
names in several scripts, organisations and places, events, acts and
involvements, transactions, attachments, and statements that tie every coded
fact to its source. Controlled vocabularies live in ``vocabularies/`` and are
loaded by :mod:`uncounted.model.vocab`.
"""

from __future__ import annotations

from uncounted.model.attachments import Attachment, CustodyAction, CustodyEvent
from uncounted.model.dates import UncertainDate
from uncounted.model.events import Act, Event, Involvement
from uncounted.model.journeys import ExitType, Journey, JourneyStage, Perpetrator, StageKind
from uncounted.model.money import Transaction, TransactionKind
from uncounted.model.names import NameKind, PersonName, Script
from uncounted.model.persons import BirthYear, Location, Organisation, Person
from uncounted.model.records import Pathway, Record, Sex
from uncounted.model.sources import (
    ConsentScope,
    ConsentUse,
    Credibility,
    DocumentationList,
    Reliability,
    Source,
    SourceKind,
)
from uncounted.model.statements import Statement, check_provenance, statements_of

__all__ = [
    "Act",
    "Attachment",
    "BirthYear",
    "ConsentScope",
    "ConsentUse",
    "Credibility",
    "CustodyAction",
    "CustodyEvent",
    "DocumentationList",
    "Event",
    "ExitType",
    "Involvement",
    "Journey",
    "JourneyStage",
    "Location",
    "NameKind",
    "Organisation",
    "Pathway",
    "Perpetrator",
    "Person",
    "PersonName",
    "Record",
    "Reliability",
    "Script",
    "Sex",
    "Source",
    "SourceKind",
    "StageKind",
    "Statement",
    "Transaction",
    "TransactionKind",
    "UncertainDate",
    "check_provenance",
    "statements_of",
]
