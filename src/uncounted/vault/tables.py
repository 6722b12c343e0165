"""The vault's tables (SQLAlchemy Core), the same on every backend.

Coded columns are plain. A record's identifying fields (name, aliases,
narrative, attributes) travel as one payload in ``records.identity``: sealed
by the application on PostgreSQL (with the wrapped data key in
``records.dek``), inside the encrypted file on SQLCipher. Names are searchable
only through ``name_tokens`` (keyed HMAC blind index).

The schema is created and changed only by the Alembic migrations in
``uncounted/vault/migrations``; this module mirrors the newest revision (a
test compares the two).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

lists = Table(
    "lists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(500), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
)

records = Table(
    "records",
    metadata,
    Column("list_id", Integer, ForeignKey("lists.id"), primary_key=True),
    Column("record_id", String(200), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("sex", String(10), nullable=False),
    Column("birth_year", Integer),
    Column("birth_year_min", Integer),
    Column("birth_year_max", Integer),
    Column("age", Integer),
    Column("recorded_on", String(40)),
    Column("recorded_year", Integer),
    Column("origin", String(200)),
    Column("location", String(200)),
    Column("pathway", String(20), nullable=False),
    Column("identity", LargeBinary, nullable=False),
    Column("dek", LargeBinary),
    Column("fingerprint", LargeBinary, nullable=False),
)

name_tokens = Table(
    "name_tokens",
    metadata,
    Column("token", LargeBinary, nullable=False),
    Column("list_id", Integer, nullable=False),
    Column("record_id", String(200), nullable=False),
    ForeignKeyConstraint(["list_id", "record_id"], ["records.list_id", "records.record_id"]),
    UniqueConstraint("token", "list_id", "record_id"),
)
Index("ix_name_tokens_record", name_tokens.c.list_id, name_tokens.c.record_id)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(100), nullable=False),
    Column("object_ids", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
