"""What a vault needs from its storage: an engine, a sealer, keys and bulk inserts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert

from uncounted.vault.crypto import BlindIndex, Sealer
from uncounted.vault.keys import Keys


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
        self, connection: Connection, table: Table, rows: Sequence[dict[str, Any]]
    ) -> None:
        """Insert many rows inside the caller's transaction, as fast as the driver allows."""
        if not rows:
            return
        if self.kind == "postgresql":
            _copy_rows(connection, table, rows)
        else:
            connection.execute(insert(table), list(rows))

    def dispose(self) -> None:
        self.engine.dispose()


def _copy_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """PostgreSQL COPY FROM STDIN on the connection's own transaction."""
    columns = list(rows[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    driver = connection.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row([row[c] for c in columns])
