"""Tampering with the audit log directly in the database is caught and located."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import Connection, text

from uncounted.errors import AuditChainError
from uncounted.vault import Vault

from .records import PASSPHRASE, sample_records

Tamper = Callable[[Connection], None]


def _vault_with_entries(location: str) -> Vault:
    vault = Vault.create(location, PASSPHRASE, actor="alice")
    vault.import_records(sample_records(5), source="s.csv")
    for n in range(4):
        vault.audit("export:jsonl", [f"file:out{n}.jsonl"])
    assert vault.verify_audit().entries == 6
    return vault


def _edit_actor(connection: Connection) -> None:
    connection.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"))


def _edit_ids(connection: Connection) -> None:
    ids = json.dumps(["file:elsewhere.jsonl"])
    connection.execute(text("UPDATE audit_log SET object_ids = :ids WHERE seq = 3"), {"ids": ids})


def _delete_middle(connection: Connection) -> None:
    connection.execute(text("DELETE FROM audit_log WHERE seq = 3"))


def _delete_last(connection: Connection) -> None:
    connection.execute(text("DELETE FROM audit_log WHERE seq = 6"))


def _wipe(connection: Connection) -> None:
    connection.execute(text("DELETE FROM audit_log"))
    connection.execute(text("DELETE FROM meta WHERE key = 'audit_head'"))


def _swap(connection: Connection) -> None:
    for old, new in ((3, -1), (4, 3), (-1, 4)):
        connection.execute(text(f"UPDATE audit_log SET seq = {new} WHERE seq = {old}"))


def _swap_contents(connection: Connection) -> None:
    """Exchange every column but seq between entries 3 and 4 (a reordering)."""
    rows = {
        r.seq: r for r in connection.execute(text("SELECT * FROM audit_log WHERE seq IN (3, 4)"))
    }
    for seq, other in ((3, 4), (4, 3)):
        values = dict(rows[other]._mapping)
        values["seq"] = seq
        connection.execute(
            text(
                "UPDATE audit_log SET at = :at, actor = :actor, action = :action, "
                "object_ids = :object_ids, prev_hash = :prev_hash, hash = :hash WHERE seq = :seq"
            ),
            values,
        )


@pytest.mark.parametrize(
    ("tamper", "seq"),
    [
        (_edit_actor, 3),
        (_edit_ids, 3),
        (_delete_middle, 3),
        (_delete_last, 6),
        (_swap, 3),
        (_swap_contents, 3),
        (_wipe, 1),
    ],
    ids=[
        "edit-actor",
        "edit-ids",
        "delete-middle",
        "delete-last",
        "reorder-seq",
        "reorder-rows",
        "wipe-all",
    ],
)
def test_tampering_names_the_first_broken_entry(location: str, tamper: Tamper, seq: int) -> None:
    with _vault_with_entries(location) as vault:
        with vault.engine.begin() as connection:
            tamper(connection)
        with pytest.raises(AuditChainError) as caught:
            vault.verify_audit()
    assert caught.value.detail["seq"] == seq
    assert f"entry {seq}" in str(caught.value)


def test_rewriting_the_head_is_caught(location: str) -> None:
    with _vault_with_entries(location) as vault:
        with vault.engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_log WHERE seq = 6"))
            head = json.loads(
                connection.execute(
                    text("SELECT value FROM meta WHERE key = 'audit_head'")
                ).scalar_one()
            )
            row = connection.execute(text("SELECT hash FROM audit_log WHERE seq = 5")).one()
            head.update(seq=5, hash=row.hash)
            connection.execute(
                text("UPDATE meta SET value = :v WHERE key = 'audit_head'"), {"v": json.dumps(head)}
            )
        with pytest.raises(AuditChainError) as caught:
            vault.verify_audit()
    assert "head" in str(caught.value)


def test_untouched_chain_verifies_after_reopening(location: str) -> None:
    _vault_with_entries(location).close()
    with Vault.open(location, PASSPHRASE) as vault:
        report = vault.verify_audit()
        vault.audit("export:jsonl", ["file:again.jsonl"])
        assert vault.verify_audit().entries == report.entries + 1


def test_concurrent_writers_take_turns(location: str) -> None:
    """Appends from several threads (own connections) keep one unbroken chain."""
    from concurrent.futures import ThreadPoolExecutor

    with Vault.create(location, PASSPHRASE) as vault:

        def work(worker: int) -> None:
            for n in range(15):
                vault.audit("export:jsonl", [f"file:w{worker}-{n}.jsonl"])

        with ThreadPoolExecutor(max_workers=3) as pool:
            list(pool.map(work, range(3)))
        assert vault.verify_audit().entries == 1 + 45
