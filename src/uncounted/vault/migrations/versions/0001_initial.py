"""Initial vault schema: meta, lists, sources, records, name tokens, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "lists",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(500), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
    )
    _records()
    _name_tokens()
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("object_ids", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )


def _records() -> None:
    op.create_table(
        "records",
        sa.Column("list_id", sa.Integer, sa.ForeignKey("lists.id"), primary_key=True),
        sa.Column("record_id", sa.String(200), primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("sex", sa.String(10), nullable=False),
        sa.Column("birth_year", sa.Integer),
        sa.Column("birth_year_min", sa.Integer),
        sa.Column("birth_year_max", sa.Integer),
        sa.Column("age", sa.Integer),
        sa.Column("recorded_on", sa.String(40)),
        sa.Column("recorded_year", sa.Integer),
        sa.Column("origin", sa.String(200)),
        sa.Column("location", sa.String(200)),
        sa.Column("pathway", sa.String(20), nullable=False),
        sa.Column("identity", sa.LargeBinary, nullable=False),
        sa.Column("dek", sa.LargeBinary),
        sa.Column("fingerprint", sa.LargeBinary, nullable=False),
    )


def _name_tokens() -> None:
    op.create_table(
        "name_tokens",
        sa.Column("token", sa.LargeBinary, nullable=False),
        sa.Column("list_id", sa.Integer, nullable=False),
        sa.Column("record_id", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["list_id", "record_id"], ["records.list_id", "records.record_id"]),
        sa.UniqueConstraint("token", "list_id", "record_id"),
    )
    op.create_index("ix_name_tokens_record", "name_tokens", ["list_id", "record_id"])


def downgrade() -> None:
    for table in ("audit_log", "name_tokens", "records", "sources", "lists", "meta"):
        op.drop_table(table)
