"""Tables for the domain model (revisions 0002 and 0004), one per kind of object, one layout.

Every table has ``pk``, ``entity_id`` (the object's own id, unique; empty for
kinds without one: involvements, statements, custody events; ``victim_id:seq``
for journey stages), a few coded
columns copied out for joins and filters, ``coded`` (the object's other coded
fields as JSON) and ``identity``/``dek`` (its identifying fields as one
payload: sealed on PostgreSQL, inside the encrypted file on SQLCipher).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, String, Table, Text

from uncounted.vault.tables import metadata


@dataclass(frozen=True)
class Kind:
    """How one domain class is stored."""

    schema: str
    table: str
    id_field: str | None
    identifying: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    key_fields: tuple[str, ...] = ()  # the id, joined by ":", of a kind without an id field


KINDS: tuple[Kind, ...] = (
    Kind("DocumentationList", "doc_lists", "list_id", (), ("organisation_id",)),
    Kind("Source", "doc_sources", "source_id", (), ("kind", "list_id")),
    Kind("Location", "locations", "location_id", (), ("country", "parent_id")),
    Kind("Organisation", "organisations", "organisation_id", ("name",), ("kind",)),
    Kind("Person", "persons", "person_id", ("names",), ("sex", "origin_id")),
    Kind("Event", "events", "event_id", (), ("location_id",)),
    Kind("Act", "acts", "act_id", (), ("victim_id", "act_type", "event_id", "location_id")),
    Kind(
        "Involvement", "involvements", None, (), ("act_id", "role", "person_id", "organisation_id")
    ),
    Kind(
        "Transaction", "transactions", "transaction_id", ("date",), ("kind", "victim_id", "act_id")
    ),
    Kind("Attachment", "attachments", "attachment_id", (), ("sha256", "source_id")),
    Kind("CustodyEvent", "custody_events", None, (), ("attachment_id", "action")),
    Kind("Statement", "statements", None, ("value",), ("entity_id", "schema", "prop", "source_id")),
    Kind(
        "Journey",
        "journeys",
        "victim_id",
        ("crossing_date", "age_at_trafficking", "first_exploitation_date", "exit_date"),
    ),
    Kind(
        "JourneyStage",
        "journey_stages",
        None,
        ("start", "end"),
        ("victim_id", "holder_id"),
        key_fields=("victim_id", "seq"),
    ),
    Kind("Perpetrator", "perpetrators", "perpetrator_id", (), ("role", "organisation_id")),
)
KIND_BY_SCHEMA = {k.schema: k for k in KINDS}


def _table(kind: Kind) -> Table:
    extra = [
        Column(name if name != "entity_id" else "subject_id", String(200)) for name in kind.columns
    ]
    return Table(
        kind.table,
        metadata,
        Column("pk", Integer, primary_key=True),
        Column("entity_id", String(200), unique=True),
        *extra,
        Column("coded", Text, nullable=False),
        Column("identity", LargeBinary),
        Column("dek", LargeBinary),
    )


TABLES: dict[str, Table] = {k.schema: _table(k) for k in KINDS}

person_name_tokens = Table(
    "person_name_tokens",
    metadata,
    Column("token", LargeBinary, nullable=False, index=True),
    Column("person_pk", Integer, ForeignKey("persons.pk", ondelete="CASCADE"), nullable=False),
)

attachment_contents = Table(
    "attachment_contents",
    metadata,
    Column("attachment_id", String(200), primary_key=True),
    Column("content", LargeBinary, nullable=False),
    Column("dek", LargeBinary),
)
