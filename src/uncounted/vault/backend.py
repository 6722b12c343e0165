"""What a vault needs from its storage: an engine, a sealer, keys and bulk inserts."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, event

from uncounted.vault.crypto import BlindIndex, Sealer
from uncounted.vault.keys import Keys

Row = tuple[Any, ...]
WRITE_OPTION = "uncounted_write"


def sqlite_transactions(engine: Engine) -> Engine:
    """Let SQLAlchemy, not the driver, begin SQLite transactions: reads ``BEGIN``
    (a consistent snapshot), writes ``BEGIN IMMEDIATE`` (the write lock is taken before
    the audit head is read, so concurrent writers wait their turn). Connections must
    be made with ``isolation_level=None``."""

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@dataclass
class Backend:
    """An open store: ``kind`` is ``sqlcipher``, ``postgresql`` or ``sqlite`` (benchmarks)."""

    kind: str
    location: str
    engine: Engine
    sealer: Sealer
    keys: Keys

    def transaction(self) -> AbstractContextManager[Connection]:
        """A write transaction (on SQLite ``BEGIN IMMEDIATE``: writers queue, never collide)."""
        return self.engine.execution_options(**{WRITE_OPTION: True}).begin()

    @property
    def blind_index(self) -> BlindIndex:
        return BlindIndex(self.keys.blind_index)

    def bulk_insert(
        self, connection: Connection, table: Table, columns: Sequence[str], rows: list[Row]
    ) -> None:
        """Insert many rows (tuples in ``columns`` order) inside the caller's transaction."""
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        if self.kind == "postgresql":
            _copy_rows(connection, f'COPY "{table.name}" ({names}) FROM STDIN', rows)
        else:
            marks = ", ".join("?" for _ in columns)
            sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
            connection.exec_driver_sql(sql, rows)

    def dispose(self) -> None:
        self.engine.dispose()


def _copy_rows(connection: Connection, statement: str, rows: list[Row]) -> None:
    """PostgreSQL COPY FROM STDIN on the connection's own transaction."""
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
