"""Linkage tables (revision 0003): candidate edges, judgements, trained models.

Written and read by :mod:`uncounted.link.judgements`; ids only ("list:record_id"),
scores and weights: no identifying value.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, Index, Integer, String, Table, Text

from uncounted.vault.tables import metadata

__all__ = ["edges", "judgements", "models"]

edges = Table(
    "link_edges",
    metadata,
    Column("left_id", String(400), primary_key=True),
    Column("right_id", String(400), primary_key=True),
    Column("score", Float, nullable=False),
    Column("match_weight", Float, nullable=False),
    Column("accepted", Boolean, nullable=False),
    Column("breakdown", Text, nullable=False),
    Column("run_at", DateTime(timezone=True), nullable=False),
)
judgements = Table(
    "link_judgements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("left_id", String(400), nullable=False),
    Column("right_id", String(400), nullable=False),
    Column("judgement", String(16), nullable=False),
    Column("user", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("deleted_at", DateTime(timezone=True)),
    Index("ix_link_judgements_pair", "left_id", "right_id"),
)
models = Table(
    "link_models",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("settings", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
