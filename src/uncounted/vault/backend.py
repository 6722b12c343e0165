"""What a vault needs from its storage: an engine, a sealer, keys and bulk inserts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table

from uncounted.vault.crypto import BlindIndex, Sealer
from uncounted.vault.keys import Keys

Row = tuple[Any, ...]


@dataclass
class Backend:
    """An open store: ``kind`` is ``sqlcipher``, ``postgresql`` or ``sqlite`` (benchmarks)."""

    kind: str
    location: str
    engine: Engine
    sealer: Sealer
    keys: Keys

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
