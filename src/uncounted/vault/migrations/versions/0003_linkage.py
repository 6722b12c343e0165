"""Linkage: candidate edges with scores and reviewers' judgements (soft-deleted, never
overwritten). Ids are "list:record_id"; no identifying value is stored here.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_edges",
        sa.Column("left_id", sa.String(400), primary_key=True),
        sa.Column("right_id", sa.String(400), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("match_weight", sa.Float, nullable=False),
        sa.Column("accepted", sa.Boolean, nullable=False),
        sa.Column("breakdown", sa.Text, nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "link_judgements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("left_id", sa.String(400), nullable=False),
        sa.Column("right_id", sa.String(400), nullable=False),
        sa.Column("judgement", sa.String(16), nullable=False),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_link_judgements_pair", "link_judgements", ["left_id", "right_id"])
    op.create_table(
        "link_models",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("settings", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("link_models")
    op.drop_index("ix_link_judgements_pair", "link_judgements")
    op.drop_table("link_judgements")
    op.drop_table("link_edges")
