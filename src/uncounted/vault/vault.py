"""The Vault: one interface over the SQLCipher file and the PostgreSQL team server."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, insert
from sqlalchemy.orm import Session

from uncounted.model.records import Record
from uncounted.vault import audit as audit_log
from uncounted.vault import entities, migrate, postgres, sqlcipher, store
from uncounted.vault.audit import AuditEntry, AuditReport
from uncounted.vault.backend import Backend
from uncounted.vault.keys import Keys
from uncounted.vault.store import ImportResult, VaultStats
from uncounted.vault.tables import meta

FORMAT_VERSION = "1"
T = TypeVar("T")


class Vault:
    """An open vault. Use :meth:`create` or :meth:`open`, ideally in a ``with`` block.

    ``location`` is a file path (an encrypted SQLCipher file) or a
    ``postgresql://`` URL (team server; identifying fields sealed by the
    application). ``actor`` is written into every audit entry.
    """

    def __init__(self, backend: Backend, *, actor: str = "local") -> None:
        self._backend = backend
        self.actor = actor

    def __repr__(self) -> str:
        return f"Vault(kind={self.kind!r}, location={self.location!r})"

    # -- opening and closing -------------------------------------------------
    @classmethod
    def create(cls, location: str | Path, passphrase: str, *, actor: str = "local") -> Vault:
        """A new, empty vault; VaultExistsError if one is already there."""
        where = str(location)
        if postgres.is_postgres(where):
            backend, header = postgres.create(where, passphrase)
        else:
            backend, header = sqlcipher.create(Path(where), passphrase), {}
        try:
            _initialise(backend, actor, header)
        except BaseException:
            backend.dispose()
            if backend.kind == "sqlcipher":
                sqlcipher.remove_files(Path(where))
            raise
        return cls(backend, actor=actor)

    @classmethod
    def open(cls, location: str | Path, passphrase: str, *, actor: str = "local") -> Vault:
        """The vault at ``location``; WrongPassphraseError / VaultNotFoundError."""
        where = str(location)
        if postgres.is_postgres(where):
            backend = postgres.open_(where, passphrase)
        else:
            backend = sqlcipher.open_(Path(where), passphrase)
        with backend.transaction() as connection:
            migrate.upgrade(connection)
        return cls(backend, actor=actor)

    def close(self) -> None:
        """Release every connection (keys stay only as long as this object)."""
        self._backend.dispose()

    def __enter__(self) -> Vault:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def change_passphrase(self, current: str, new: str) -> None:
        """Rewrap the vault key under a new passphrase (the current one is required).

        The data is not re-encrypted: the same vault key stays, sealed anew
        under Argon2id with a fresh salt and the current cost settings.
        """
        if self.kind == "postgresql":
            with self._backend.transaction() as connection:
                postgres.change_passphrase(connection, current, new)
                audit_log.append(connection, self._keys.audit, self.actor, "vault.passphrase", [])
            return
        sqlcipher.change_passphrase(Path(self.location), current, new)
        self.audit("vault.passphrase", [])

    # -- records ---------------------------------------------------------------
    def import_records(
        self,
        records: Sequence[Record],
        *,
        source: str,
        progress: Callable[[int], None] | None = None,
    ) -> ImportResult:
        """Store ``records`` in one transaction, idempotently.

        A record whose ``(list, record_id)`` is already stored with the same
        content counts as unchanged; with different content the import fails
        with InputError naming the row (``index + 1``) and column ``record_id``,
        and nothing is written. ``progress`` receives the number processed.
        """
        return store.import_records(self._backend, self.actor, records, source, progress)

    def iter_records(self, *, purpose: str = "export") -> Iterator[Record]:
        """Every record with identifying fields (an audited read, by ``purpose``)."""
        return store.iter_records(self._backend, self.actor, purpose)

    def stats(self) -> VaultStats:
        """Counts by list, sex, pathway and year (coded columns only; not audited)."""
        return store.stats(self._backend)

    def find_by_name(self, name: str) -> list[tuple[str, str]]:
        """``(list, record_id)`` whose name or alias equals ``name`` (blind index)."""
        return store.find_by_name(self._backend, self.actor, name)

    # -- the domain model ------------------------------------------------------
    def put(self, objects: Sequence[Any]) -> int:
        """Store domain objects (persons, sources, acts, involvements, transactions,
        attachments, custody events, statements, ...) in one transaction; an object
        whose id is stored already replaces it. Returns how many were written."""
        return entities.put(self._backend, self.actor, objects)

    def get(self, cls: type[T]) -> list[T]:
        """Every stored object of class ``cls`` (an audited read)."""
        return entities.get(self._backend, self.actor, cls)

    def count(self, cls: type) -> int:
        """How many objects of class ``cls`` are stored (not audited: nothing is read)."""
        return entities.count(self._backend, cls)

    def find_persons(self, name: str) -> list[str]:
        """Ids of persons with a name equal to ``name`` (normalised; blind index)."""
        return entities.find_persons(self._backend, self.actor, name)

    def put_attachment_content(self, attachment_id: str, content: bytes) -> None:
        """Keep an attachment's contents, sealed; once only, SHA-256 checked."""
        entities.put_content(self._backend, self.actor, attachment_id, content)

    def attachment_content(self, attachment_id: str) -> bytes:
        """An attachment's contents, checked against its SHA-256 (an audited read)."""
        return entities.get_content(self._backend, self.actor, attachment_id)

    # -- audit ---------------------------------------------------------------
    def audit(self, action: str, object_ids: Sequence[str]) -> None:
        """Append an entry (ids only, never values) for an action done elsewhere."""
        with self._backend.transaction() as connection:
            audit_log.append(connection, self._backend.keys.audit, self.actor, action, object_ids)

    def verify_audit(self) -> AuditReport:
        """Walk the hash chain; AuditChainError(seq=N) names the first broken entry."""
        with self._backend.engine.connect() as connection:
            return audit_log.verify(connection, self._backend.keys.audit)

    def audit_entries(self) -> list[AuditEntry]:
        """The audit log in order."""
        with self._backend.engine.connect() as connection:
            return audit_log.entries(connection)

    # -- for modules that add their own tables ---------------------------------
    @property
    def _keys(self) -> Keys:
        return self._backend.keys

    @property
    def kind(self) -> str:
        """``sqlcipher`` or ``postgresql``."""
        return self._backend.kind

    @property
    def location(self) -> str:
        """The file path or the URL (password hidden)."""
        return self._backend.location

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (keyed connections). Identifying data must go through
        the vault's methods so it is sealed and audited."""
        return self._backend.engine

    def session(self) -> Session:
        """A new ORM session on :attr:`engine`."""
        return Session(self._backend.engine)


def _initialise(backend: Backend, actor: str, header: dict[str, str]) -> None:
    with backend.transaction() as connection:
        migrate.upgrade(connection)
        _write_meta(connection, header)
        audit_log.append(connection, backend.keys.audit, actor, "vault.create", [])


def _write_meta(connection: Connection, header: dict[str, str]) -> None:
    created = datetime.now(UTC).isoformat(timespec="seconds")
    rows = {**header, "format_version": FORMAT_VERSION, "created_at": created}
    connection.execute(insert(meta), [{"key": k, "value": v} for k, v in rows.items()])
