"""Domain objects stored and read back on every backend; names searchable only by token."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from uncounted.errors import InputError, VaultError
from uncounted.model import Attachment, Person, PersonName, Statement
from uncounted.vault import Vault

from .records import PASSPHRASE
from .world import CONTENT, small_world


def _by_type(objects: list[Any]) -> dict[type, list[Any]]:
    grouped: dict[type, list[Any]] = defaultdict(list)
    for obj in objects:
        grouped[type(obj)].append(obj)
    return grouped


def test_every_kind_round_trips(location: str) -> None:
    world = small_world()
    with Vault.create(location, PASSPHRASE) as vault:
        assert vault.put(world) == len(world)
    with Vault.open(location, PASSPHRASE) as vault:
        for cls, objects in _by_type(world).items():
            assert vault.get(cls) == objects, cls.__name__
        actions = [e.action for e in vault.audit_entries()]
    assert actions[1] == "write"
    assert "read:Person" in actions and "read:Statement" in actions


def test_same_id_replaces_and_other_kinds_append(location: str) -> None:
    with Vault.create(location, PASSPHRASE) as vault:
        vault.put(small_world())
        renamed = Person("p2", names=(PersonName.of("Pak"),))
        vault.put([renamed, *[s for s in small_world() if isinstance(s, Statement)][:1]])
        persons = {p.person_id: p for p in vault.get(Person)}
        assert persons["p2"] == renamed
        assert vault.find_persons("張偉") == []
        assert vault.find_persons("pak") == ["p2"]
        statements = vault.get(Statement)
        assert len(statements) == len(set(statements)) + 1


def test_find_persons_by_any_name(location: str) -> None:
    with Vault.create(location, PASSPHRASE) as vault:
        vault.put(small_world())
        assert vault.find_persons("김영희") == ["p1"]
        assert vault.find_persons("kim  yong HUI") == ["p1"]
        assert vault.find_persons("Kim") == []


def test_attachment_contents_checked_sealed_and_written_once(location: str) -> None:
    with Vault.create(location, PASSPHRASE) as vault:
        vault.put(small_world())
        with pytest.raises(InputError, match="SHA-256"):
            vault.put_attachment_content("att1", CONTENT + b"!")
        vault.put_attachment_content("att1", CONTENT)
        with pytest.raises(VaultError, match="once"):
            vault.put_attachment_content("att1", CONTENT)
        assert vault.attachment_content("att1") == CONTENT
        with pytest.raises(InputError):
            vault.put_attachment_content("missing", CONTENT)
        assert vault.get(Attachment)[0].matches(CONTENT)


def test_unknown_kind_is_refused_and_nothing_written(location: str) -> None:
    with Vault.create(location, PASSPHRASE) as vault:
        with pytest.raises(VaultError, match="does not store"):
            vault.put([*small_world(), object()])
        assert vault.get(Person) == []
