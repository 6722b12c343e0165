"""The append-only, hash-chained audit log (ids only, never values).

Entry ``n`` holds ``{seq, at, actor, action, object_ids, prev_hash, hash}``
where ``hash = HMAC-SHA256(audit key, canonical entry including prev_hash)``.
The chain is keyed: without the passphrase no one can recompute a hash, so an
edited entry cannot be disguised by rewriting the rest of the chain. The head
(last seq and hash) is kept in the ``meta`` table under its own MAC, which
catches deletion of the last entries. Appends lock the head row, so
concurrent writers on PostgreSQL take turns.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

from sqlalchemy import Connection, insert, select, update

from uncounted.errors import AuditChainError
from uncounted.vault.tables import audit_log, meta

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


@dataclass(frozen=True)
class AuditReport:
    """The result of a successful walk of the chain."""

    entries: int
    head_seq: int
    head_hash: str


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the audit log as stored."""

    seq: int
    at: str
    actor: str
    action: str
    object_ids: tuple[str, ...]
    prev_hash: str
    hash: str


def entry_hash(key: bytes, fields: Sequence[int | str]) -> str:
    """The keyed hash of one entry: ``fields`` are seq, at, actor, action, ids JSON, prev_hash."""
    canonical = json.dumps(list(fields), separators=(",", ":"))
    return hmac.new(key, canonical.encode("utf-8"), sha256).hexdigest()


def _head_mac(key: bytes, seq: int, hash_: str) -> str:
    return hmac.new(key, f"head:{seq}:{hash_}".encode("ascii"), sha256).hexdigest()


def _read_head(connection: Connection, *, lock: bool) -> dict[str, Any] | None:
    query = select(meta.c.value).where(meta.c.key == HEAD_KEY)
    value = connection.execute(query.with_for_update() if lock else query).scalar()
    return None if value is None else dict(json.loads(value))


def append(
    connection: Connection, key: bytes, actor: str, action: str, object_ids: Iterable[str]
) -> int:
    """Append one entry inside the caller's transaction; returns its seq."""
    head = _read_head(connection, lock=True)
    seq = 1 if head is None else int(head["seq"]) + 1
    prev = GENESIS if head is None else str(head["hash"])
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    ids = json.dumps(list(object_ids), ensure_ascii=False, separators=(",", ":"))
    digest = entry_hash(key, (seq, at, actor, action, ids, prev))
    connection.execute(
        insert(audit_log).values(
            seq=seq, at=at, actor=actor, action=action, object_ids=ids, prev_hash=prev, hash=digest
        )
    )
    _write_head(connection, key, seq, digest, exists=head is not None)
    return seq


def _write_head(connection: Connection, key: bytes, seq: int, digest: str, *, exists: bool) -> None:
    value = json.dumps({"seq": seq, "hash": digest, "mac": _head_mac(key, seq, digest)})
    if exists:
        connection.execute(update(meta).where(meta.c.key == HEAD_KEY).values(value=value))
    else:
        connection.execute(insert(meta).values(key=HEAD_KEY, value=value))


def _broken(seq: int, reason: str) -> AuditChainError:
    return AuditChainError(f"audit log broken at entry {seq}: {reason}", seq=seq, reason=reason)


def _check_entry(key: bytes, row: Any, expected_seq: int, prev: str) -> None:
    if row.seq != expected_seq:
        raise _broken(expected_seq, "entry missing or out of order")
    if row.prev_hash != prev:
        raise _broken(expected_seq, "does not follow the entry before it")
    digest = entry_hash(key, (row.seq, row.at, row.actor, row.action, row.object_ids, prev))
    if not hmac.compare_digest(digest, row.hash):
        raise _broken(expected_seq, "content does not match its hash")


def verify(connection: Connection, key: bytes) -> AuditReport:
    """Walk the whole chain; raise AuditChainError naming the first broken entry."""
    seq, prev = 0, GENESIS
    rows = connection.execution_options(yield_per=2000).execute(
        select(audit_log).order_by(audit_log.c.seq)
    )
    for row in rows:
        _check_entry(key, row, seq + 1, prev)
        seq, prev = row.seq, row.hash
    _check_head(key, _read_head(connection, lock=False), seq, prev)
    return AuditReport(entries=seq, head_seq=seq, head_hash=prev)


def _check_head(key: bytes, head: dict[str, Any] | None, seq: int, prev: str) -> None:
    if head is None:  # every vault writes entry 1 when it is created
        raise _broken(max(seq, 1), "the chain head record is missing")
    head_seq, head_hash = int(head.get("seq", 0)), str(head.get("hash", ""))
    if not hmac.compare_digest(_head_mac(key, head_seq, head_hash), str(head.get("mac", ""))):
        raise _broken(max(head_seq, seq), "the chain head record was altered")
    if head_seq > seq:
        raise _broken(seq + 1, f"entries {seq + 1}..{head_seq} are missing at the end")
    if head_seq < seq or head_hash != prev:
        raise _broken(head_seq + 1 if head_seq < seq else seq, "does not match the chain head")


def entries(connection: Connection) -> list[AuditEntry]:
    """Every entry in order (for display; ids only, no values)."""
    rows = connection.execute(select(audit_log).order_by(audit_log.c.seq))
    return [
        AuditEntry(
            r.seq, r.at, r.actor, r.action, tuple(json.loads(r.object_ids)), r.prev_hash, r.hash
        )
        for r in rows
    ]


def record_ids(keys: Sequence[tuple[str, str]]) -> list[str]:
    """Audit object ids for records ``(list, record_id)``."""
    return [f"record:{list_name}/{record_id}" for list_name, record_id in keys]
