"""Storing domain objects (persons, acts, transactions, statements, ...).

One transaction per call, every write and read audited with ids only. An
object whose id is already stored replaces the stored one (the audit log keeps
the history of who wrote what when); kinds without an id are appended.
Attachment contents are sealed like identifying fields and can be written once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, func, insert, select

from uncounted.errors import InputError, VaultError
from uncounted.model.attachments import sha256_of
from uncounted.vault import audit
from uncounted.vault.backend import Backend
from uncounted.vault.domain_tables import (
    KIND_BY_SCHEMA,
    TABLES,
    Kind,
    attachment_contents,
    person_name_tokens,
)
from uncounted.vault.plain import from_plain, to_plain

T = TypeVar("T")
BULK = 500


def kind_of(cls: type) -> Kind:
    """How objects of ``cls`` are stored; VaultError if they cannot be."""
    kind = KIND_BY_SCHEMA.get(cls.__name__)
    if kind is None:
        raise VaultError(f"the vault does not store objects of type {cls.__name__}")
    return kind


def _column(name: str) -> str:
    return "subject_id" if name == "entity_id" else name


def _aad(kind: Kind, coded: str) -> bytes:
    return kind.schema.encode() + b"\x1f" + coded.encode("utf-8")


def _entity_id(kind: Kind, plain: dict[str, Any]) -> str | None:
    if kind.id_field:
        return str(plain[kind.id_field])
    if kind.key_fields:
        return ":".join(str(plain[name]) for name in kind.key_fields)
    return None


def _row(backend: Backend, kind: Kind, obj: Any) -> dict[str, Any]:
    plain = to_plain(obj)
    identity = {name: plain.pop(name) for name in kind.identifying}
    coded = json.dumps(plain, ensure_ascii=False, sort_keys=True)
    row: dict[str, Any] = {
        "entity_id": _entity_id(kind, plain),
        "coded": coded,
        "identity": None,
        "dek": None,
    }
    row.update({_column(c): None if plain[c] is None else str(plain[c]) for c in kind.columns})
    if kind.identifying:
        payload = json.dumps(identity, ensure_ascii=False).encode()
        row["identity"], row["dek"] = backend.sealer.seal(_aad(kind, coded), payload)
    return row


def _write(backend: Backend, connection: Connection, kind: Kind, obj: Any) -> str:
    table, row = TABLES[kind.schema], _row(backend, kind, obj)
    if row["entity_id"] is not None:
        connection.execute(delete(table).where(table.c.entity_id == row["entity_id"]))
    pk = connection.execute(insert(table).values(**row).returning(table.c.pk)).scalar_one()
    if kind.schema == "Person":
        _index_names(backend, connection, obj, int(pk))
    return f"{kind.schema}:{row['entity_id'] or pk}"


def _index_names(backend: Backend, connection: Connection, person: Any, pk: int) -> None:
    tokens = {backend.blind_index.token(name.text) for name in person.names}
    rows = [{"token": t, "person_pk": pk} for t in tokens if t is not None]
    connection.execute(delete(person_name_tokens).where(person_name_tokens.c.person_pk == pk))
    if rows:
        connection.execute(insert(person_name_tokens), rows)


def _write_many(
    backend: Backend, connection: Connection, kind: Kind, objects: list[Any]
) -> list[str]:
    """Objects of one kind with their own ids (not persons): replaced in bulk, last one wins."""
    table = TABLES[kind.schema]
    rows = {row["entity_id"]: row for row in (_row(backend, kind, obj) for obj in objects)}
    keys = list(rows)
    for start in range(0, len(keys), BULK):
        chunk = keys[start : start + BULK]
        connection.execute(delete(table).where(table.c.entity_id.in_(chunk)))
    connection.execute(insert(table), list(rows.values()))
    return [f"{kind.schema}:{row['entity_id']}" for row in rows.values()]


def _runs(kinds: list[Kind], objects: Sequence[Any]) -> list[tuple[Kind, list[Any]]]:
    runs: list[tuple[Kind, list[Any]]] = []
    for kind, obj in zip(kinds, objects, strict=True):
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(obj)
        else:
            runs.append((kind, [obj]))
    return runs


def _write_run(
    backend: Backend, connection: Connection, kind: Kind, objects: list[Any]
) -> list[str]:
    if kind.schema == "Person" or not (kind.id_field or kind.key_fields):
        return [_write(backend, connection, kind, obj) for obj in objects]
    return _write_many(backend, connection, kind, objects)


def put(backend: Backend, actor: str, objects: Sequence[Any]) -> int:
    """Store ``objects`` (any mix of domain kinds) atomically; returns how many."""
    kinds = [kind_of(type(obj)) for obj in objects]
    with backend.transaction() as connection:
        ids: list[str] = []
        for kind, run in _runs(kinds, objects):
            ids += _write_run(backend, connection, kind, run)
        audit.append(connection, backend.keys.audit, actor, "write", ids)
    return len(objects)


def _decode(backend: Backend, kind: Kind, cls: type[T], row: Any) -> T:
    plain = json.loads(row.coded)
    if row.identity is not None:
        dek = None if row.dek is None else bytes(row.dek)
        plain.update(
            json.loads(backend.sealer.open(_aad(kind, row.coded), bytes(row.identity), dek))
        )
    return from_plain(cls, plain)


def get(backend: Backend, actor: str, cls: type[T]) -> list[T]:
    """Every stored object of ``cls``, in the order written (an audited read)."""
    kind = kind_of(cls)
    table = TABLES[kind.schema]
    with backend.transaction() as connection:
        rows = connection.execute(select(table).order_by(table.c.pk)).all()
        ids = [f"{kind.schema}:{r.entity_id or r.pk}" for r in rows]
        audit.append(connection, backend.keys.audit, actor, f"read:{kind.schema}", ids)
    return [_decode(backend, kind, cls, row) for row in rows]


def count(backend: Backend, cls: type) -> int:
    """How many objects of ``cls`` are stored (a count: not audited, nothing opened)."""
    table = TABLES[kind_of(cls).schema]
    with backend.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def find_persons(backend: Backend, actor: str, name: str) -> list[str]:
    """Ids of persons with a name equal to ``name`` after normalisation (blind index)."""
    token = backend.blind_index.token(name)
    if token is None:
        return []
    persons = TABLES["Person"]
    query = (
        select(persons.c.entity_id)
        .join(person_name_tokens, person_name_tokens.c.person_pk == persons.c.pk)
        .where(person_name_tokens.c.token == token)
        .distinct()
        .order_by(persons.c.entity_id)
    )
    with backend.transaction() as connection:
        found = [str(r[0]) for r in connection.execute(query)]
        ids = [f"Person:{p}" for p in found]
        audit.append(connection, backend.keys.audit, actor, "read:find_persons", ids)
    return found


def _content_aad(attachment_id: str, sha256: str) -> bytes:
    return b"attachment\x1f" + attachment_id.encode("utf-8") + b"\x1f" + sha256.encode("ascii")


def put_content(backend: Backend, actor: str, attachment_id: str, content: bytes) -> None:
    """Store the contents of a stored attachment once, after checking its SHA-256."""
    table = TABLES["Attachment"]
    with backend.transaction() as connection:
        query = select(table.c.sha256).where(table.c.entity_id == attachment_id)
        sha256 = connection.execute(query).scalar()
        if sha256 is None:
            raise InputError("no such attachment is stored", column="attachment_id")
        if sha256_of(content) != sha256:
            raise InputError("content does not match the attachment's SHA-256", column="content")
        kept = select(attachment_contents.c.attachment_id).where(
            attachment_contents.c.attachment_id == attachment_id
        )
        if connection.execute(kept).first() is not None:
            raise VaultError("attachment contents are kept unchanged once stored")
        sealed, dek = backend.sealer.seal(_content_aad(attachment_id, sha256), content)
        values = {"attachment_id": attachment_id, "content": sealed, "dek": dek}
        connection.execute(insert(attachment_contents).values(**values))
        audit.append(
            connection, backend.keys.audit, actor, "write:content", [f"Attachment:{attachment_id}"]
        )


def get_content(backend: Backend, actor: str, attachment_id: str) -> bytes:
    """The stored contents of an attachment, checked against its SHA-256 (audited)."""
    table = TABLES["Attachment"]
    query = (
        select(attachment_contents.c.content, attachment_contents.c.dek, table.c.sha256)
        .join(table, table.c.entity_id == attachment_contents.c.attachment_id)
        .where(attachment_contents.c.attachment_id == attachment_id)
    )
    with backend.transaction() as connection:
        row = connection.execute(query).first()
        if row is None:
            raise InputError("no contents are stored for this attachment", column="attachment_id")
        audit.append(
            connection, backend.keys.audit, actor, "read:content", [f"Attachment:{attachment_id}"]
        )
    dek = None if row.dek is None else bytes(row.dek)
    content = backend.sealer.open(_content_aad(attachment_id, row.sha256), bytes(row.content), dek)
    if sha256_of(content) != row.sha256:
        raise VaultError("attachment contents no longer match their SHA-256")
    return content
