"""Record storage on an open backend: atomic idempotent import, audited reads, stats."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, insert, select

from uncounted.errors import InputError
from uncounted.model.records import Record
from uncounted.vault import audit
from uncounted.vault.backend import Backend
from uncounted.vault.codec import (
    RECORD_COLUMNS,
    TOKEN_COLUMNS,
    Coded,
    coded_values,
    fingerprint,
    identity_payload,
    record_from_row,
    record_row,
    token_rows,
)
from uncounted.vault.domain_tables import TABLES
from uncounted.vault.tables import lists, name_tokens, records, sources

CASE_FACTS = ("Journey", "JourneyStage", "Transaction", "Perpetrator", "Organisation")
CHUNK = 5000
PROGRESS_EVERY = 1000
Progress = Callable[[int], None]


@dataclass(frozen=True)
class ImportResult:
    """How many records an import added and how many were already there unchanged."""

    added: int
    unchanged: int


@dataclass(frozen=True)
class VaultStats:
    """Counts over coded columns only; ``case_facts`` counts stored journeys, stages,
    transactions, perpetrators and organisations (the kinds with any stored)."""

    total: int
    by_list: dict[str, int] = field(default_factory=dict)
    by_sex: dict[str, int] = field(default_factory=dict)
    by_pathway: dict[str, int] = field(default_factory=dict)
    by_year: dict[str, int] = field(default_factory=dict)
    case_facts: dict[str, int] = field(default_factory=dict)


def list_ids(connection: Connection, names: set[str]) -> dict[str, int]:
    """Ids of the named lists, creating the missing ones."""
    query = select(lists.c.name, lists.c.id).where(lists.c.name.in_(names))
    found = {name: int(id_) for name, id_ in connection.execute(query)}
    for name in sorted(names - set(found)):
        found[name] = connection.execute(
            insert(lists).values(name=name).returning(lists.c.id)
        ).scalar_one()
    return found


def source_id(connection: Connection, name: str, actor: str) -> int:
    """The id of the source called ``name``, creating it if new."""
    existing = connection.execute(select(sources.c.id).where(sources.c.name == name)).scalar()
    if existing is not None:
        return int(existing)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    values = {"name": name, "kind": "list", "created_at": now, "actor": actor}
    added = insert(sources).values(**values).returning(sources.c.id)
    return int(connection.execute(added).scalar_one())


def _existing(connection: Connection, ids: Sequence[int]) -> dict[tuple[int, str], bytes]:
    query = select(records.c.list_id, records.c.record_id, records.c.fingerprint).where(
        records.c.list_id.in_(ids)
    )
    return {(r[0], r[1]): bytes(r[2]) for r in connection.execute(query)}


class _Importer:
    """One import inside one transaction: classify, seal, insert in chunks."""

    def __init__(self, backend: Backend, connection: Connection, source: int) -> None:
        self.backend, self.connection, self.source = backend, connection, source
        self.rows: list[tuple[Any, ...]] = []
        self.tokens: list[tuple[Any, ...]] = []
        self.added: list[tuple[str, str]] = []
        self.unchanged = 0
        self.index = backend.blind_index

    def run(self, batch: Sequence[Record], ids: dict[str, int], progress: Progress | None) -> None:
        seen = _existing(self.connection, list(ids.values()))
        key = self.backend.keys.fingerprint
        for index, record in enumerate(batch):
            list_id = ids[record.list]
            payload, coded = identity_payload(record), coded_values(record)
            digest = fingerprint(key, payload, coded)
            previous = seen.get((list_id, record.record_id))
            if previous is None:
                seen[(list_id, record.record_id)] = digest
                self._add(record, list_id, (payload, coded, digest))
            elif previous == digest:
                self.unchanged += 1
            else:
                raise InputError(
                    "record_id is already in the vault with different content",
                    row=index + 1,
                    column="record_id",
                )
            if progress is not None and (index + 1) % PROGRESS_EVERY == 0:
                progress(index + 1)
        self.flush()

    def _add(self, record: Record, list_id: int, encoded: tuple[bytes, Coded, bytes]) -> None:
        sealer, index = self.backend.sealer, self.index
        self.rows.append(record_row(record, (list_id, self.source), sealer, encoded))
        self.tokens.extend(token_rows(record, list_id, index))
        self.added.append(record.key)
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        self.backend.bulk_insert(self.connection, records, RECORD_COLUMNS, self.rows)
        self.backend.bulk_insert(self.connection, name_tokens, TOKEN_COLUMNS, self.tokens)
        self.rows, self.tokens = [], []


def import_records(
    backend: Backend, actor: str, batch: Sequence[Record], source: str, progress: Progress | None
) -> ImportResult:
    """Store ``batch`` atomically; see :meth:`uncounted.vault.Vault.import_records`."""
    with backend.transaction() as connection:
        ids = list_ids(connection, {r.list for r in batch})
        importer = _Importer(backend, connection, source_id(connection, source, actor))
        importer.run(batch, ids, progress)
        object_ids = [f"source:{importer.source}", *audit.record_ids(importer.added)]
        audit.append(connection, backend.keys.audit, actor, "import", object_ids)
    if progress is not None:
        progress(len(batch))
    return ImportResult(added=len(importer.added), unchanged=importer.unchanged)


def iter_records(backend: Backend, actor: str, purpose: str) -> Iterator[Record]:
    """Every record, identifying fields opened; the read is audited before any is yielded."""
    keys_query = (
        select(lists.c.name, records.c.record_id)
        .join(lists, lists.c.id == records.c.list_id)
        .order_by(lists.c.name, records.c.record_id)
    )
    with backend.transaction() as connection:
        keys = [(r[0], r[1]) for r in connection.execute(keys_query)]
        audit.append(
            connection, backend.keys.audit, actor, f"read:{purpose}", audit.record_ids(keys)
        )
    query = (
        select(records, lists.c.name.label("list_name"))
        .join(lists, lists.c.id == records.c.list_id)
        .order_by(lists.c.name, records.c.record_id)
    )
    with backend.engine.connect() as connection:
        for row in connection.execution_options(yield_per=2000).execute(query):
            yield record_from_row(row, row.list_name, backend.sealer)


def _counts(connection: Connection, column: ColumnElement[Any]) -> dict[str, int]:
    joined = records.join(lists, lists.c.id == records.c.list_id)
    query = select(column, func.count()).select_from(joined).group_by(column)
    return {"unknown" if k is None else str(k): int(n) for k, n in connection.execute(query)}


def stats(backend: Backend) -> VaultStats:
    """Counts by list, sex, pathway and year of recording (coded columns only), and of
    case facts by kind."""
    with backend.engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(records)).scalar() or 0
        return VaultStats(
            total=int(total),
            by_list=_counts(connection, lists.c.name),
            by_sex=_counts(connection, records.c.sex),
            by_pathway=_counts(connection, records.c.pathway),
            by_year=_counts(connection, records.c.recorded_year),
            case_facts=_fact_counts(connection),
        )


def _fact_counts(connection: Connection) -> dict[str, int]:
    counts = {
        schema: int(
            connection.execute(select(func.count()).select_from(TABLES[schema])).scalar_one()
        )
        for schema in CASE_FACTS
    }
    return {schema: n for schema, n in counts.items() if n}


def find_by_name(backend: Backend, actor: str, name: str) -> list[tuple[str, str]]:
    """``(list, record_id)`` of records with this exact (normalised) name or alias."""
    token = backend.blind_index.token(name)
    if token is None:
        return []
    query = (
        select(lists.c.name, name_tokens.c.record_id)
        .join(lists, lists.c.id == name_tokens.c.list_id)
        .where(name_tokens.c.token == token)
        .order_by(lists.c.name, name_tokens.c.record_id)
    )
    with backend.transaction() as connection:
        found = [(r[0], r[1]) for r in connection.execute(query)]
        audit.append(
            connection, backend.keys.audit, actor, "read:find_by_name", audit.record_ids(found)
        )
    return found
