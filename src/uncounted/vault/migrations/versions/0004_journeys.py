"""Journeys of documented victims, their stages, and perpetrators' profiles.

Same layout as revision 0002. On PostgreSQL a journey's dates and age and a
stage's start and end are sealed in ``identity`` (quasi-identifiers); so, from
this revision on, is a transaction's date (rows written before keep it in
``coded`` and are read either way).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# table -> coded columns copied out of the JSON (frozen as of this revision)
TABLES = {
    "journeys": (),
    "journey_stages": ("victim_id", "holder_id"),
    "perpetrators": ("role", "organisation_id"),
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


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
