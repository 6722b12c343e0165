"""Canary test: no identifying value reaches the vault's bytes on disk or in a dump.

Records carry names in Hangul, Chinese and Latin script, aliases, narratives
and attribute values that are unique random strings. The raw SQLCipher file
with its ``-wal``/``-shm`` files (while open and after closing), and a
``pg_dump`` of the PostgreSQL vault, are searched for every canary as UTF-8
bytes and as hex (how a dump prints ``bytea``): none may be found. Reading
back with the passphrase returns every one.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

from uncounted.model import Attachment, Person, Statement
from uncounted.model.records import Record
from uncounted.vault import Vault

from .records import PASSPHRASE
from .world import small_world


def _random(first: int, last: int, length: int) -> str:
    return "".join(chr(first + secrets.randbelow(last - first)) for _ in range(length))


def _latin(length: int = 14) -> str:
    return "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length)).title()


def canary_records(count: int = 30) -> list[Record]:
    records = []
    for i in range(count):
        name = [_random(0xAC00, 0xD7A3, 4), _random(0x4E00, 0x9FA5, 4), _latin()][i % 3]
        records.append(
            Record(
                record_id=f"c{i}",
                list="canary",
                name=name,
                aliases=(_random(0xAC00, 0xD7A3, 5), _latin()),
                narrative=f"{_latin(20)} {_random(0x4E00, 0x9FA5, 8)}",
                attributes={"phone": _latin(18)},
            )
        )
    return records


def canaries(records: list[Record]) -> list[str]:
    values: list[str] = []
    for record in records:
        values += [record.name or "", *record.aliases, record.narrative or ""]
        values += list(record.attributes.values())
    return values


def found_in(blob: bytes, values: list[str]) -> list[str]:
    """Canaries present in ``blob`` as UTF-8 bytes or their hex spelling."""
    lower = blob.lower()
    return [v for v in values if v.encode() in blob or v.encode().hex().encode() in lower]


def _file_bytes(path: Path) -> bytes:
    parts = [path.with_name(path.name + s) for s in ("", "-wal", "-shm", ".header.json")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def _pg_dump(url: str) -> bytes:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.fail("pg_dump is needed for the PostgreSQL canary test")
    return subprocess.run([pg_dump, "--dbname", url], check=True, capture_output=True).stdout


def _stored_bytes(location: str) -> bytes:
    if location.startswith("postgresql"):
        return _pg_dump(location)
    return _file_bytes(Path(location))


def test_no_canary_in_stored_bytes_and_all_read_back(location: str) -> None:
    records = canary_records()
    person_names = [_random(0xAC00, 0xD7A3, 4), _latin()]
    content = _latin(24)
    values = [*canaries(records), *person_names, content]
    world = small_world(*person_names)
    with Vault.create(location, PASSPHRASE) as vault:
        vault.import_records(records, source="canary.csv")
        vault.put(world)
        vault.put([Attachment.of("att2", content.encode(), "text/plain")])
        vault.put_attachment_content("att2", content.encode())
        while_open = _stored_bytes(location)
        assert vault.find_by_name(records[0].name or "") == [("canary", "c0")]
    after_close = _stored_bytes(location)
    assert len(while_open) > 1000
    assert found_in(while_open, values) == []
    assert found_in(after_close, values) == []
    with Vault.open(location, PASSPHRASE) as vault:
        exported = "\n".join(repr(r.to_dict()) for r in vault.iter_records())
        exported += repr(vault.get(Person)) + repr(vault.get(Statement))
        exported += vault.attachment_content("att2").decode()
        audit_text = repr(vault.audit_entries())
    assert found_in(audit_text.encode(), values) == []
    assert found_in(exported.encode(), values) == values
