"""Domain model tables: lists and sources as documented, places, organisations,
persons (names sealed, blind-indexed), events, acts, involvements, transactions,
attachments (contents sealed), custody events and statements (values sealed).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# table -> coded columns copied out of the JSON (frozen as of this revision)
TABLES = {
    "doc_lists": ("organisation_id",),
    "doc_sources": ("kind", "list_id"),
    "locations": ("country", "parent_id"),
    "organisations": ("kind",),
    "persons": ("sex", "origin_id"),
    "events": ("location_id",),
    "acts": ("victim_id", "act_type", "event_id", "location_id"),
    "involvements": ("act_id", "role", "person_id", "organisation_id"),
    "transactions": ("kind", "victim_id", "act_id"),
    "attachments": ("sha256", "source_id"),
    "custody_events": ("attachment_id", "action"),
    "statements": ("subject_id", "schema", "prop", "source_id"),
}


def upgrade() -> None:
    for table, columns in TABLES.items():
        op.create_table(
            table,
            sa.Column("pk", sa.Integer, primary_key=True),
            sa.Column("entity_id", sa.String(200), unique=True),
            *[sa.Column(name, sa.String(200)) for name in columns],
            sa.Column("coded", sa.Text, nullable=False),
            sa.Column("identity", sa.LargeBinary),
            sa.Column("dek", sa.LargeBinary),
        )
    op.create_table(
        "person_name_tokens",
        sa.Column("token", sa.LargeBinary, nullable=False),
        sa.Column(
            "person_pk", sa.Integer, sa.ForeignKey("persons.pk", ondelete="CASCADE"), nullable=False
        ),
    )
    op.create_index("ix_person_name_tokens_token", "person_name_tokens", ["token"])
    op.create_table(
        "attachment_contents",
        sa.Column("attachment_id", sa.String(200), primary_key=True),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("dek", sa.LargeBinary),
    )


def downgrade() -> None:
    op.drop_table("attachment_contents")
    op.drop_table("person_name_tokens")
    for table in reversed(TABLES):
        op.drop_table(table)
