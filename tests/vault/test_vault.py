"""The Vault API on every backend: create/open, import, read, stats, search, errors."""

from __future__ import annotations

from dataclasses import replace

import pytest

from uncounted.errors import InputError, VaultExistsError, VaultNotFoundError, WrongPassphraseError
from uncounted.vault import Vault

from .records import PASSPHRASE, sample_records


def _key(record: object) -> tuple[str, str]:
    return record.key  # type: ignore[attr-defined,no-any-return]


def test_round_trip_returns_every_field(location: str) -> None:
    records = sample_records(30) + sample_records(5, list_name="B")
    with Vault.create(location, PASSPHRASE) as vault:
        result = vault.import_records(records, source="fixture.csv")
        assert (result.added, result.unchanged) == (35, 0)
    with Vault.open(location, PASSPHRASE) as vault:
        assert list(vault.iter_records()) == sorted(records, key=_key)


def test_reimport_is_idempotent(location: str) -> None:
    records = sample_records(12)
    with Vault.create(location, PASSPHRASE) as vault:
        vault.import_records(records[:8], source="one.csv")
        result = vault.import_records(records, source="two.csv")
        assert (result.added, result.unchanged) == (4, 8)
        assert vault.stats().total == 12


def test_same_key_other_content_names_row_and_writes_nothing(location: str) -> None:
    records = sample_records(10)
    with Vault.create(location, PASSPHRASE) as vault:
        vault.import_records(records[:5], source="one.csv")
        entries = len(vault.audit_entries())
        changed = [*records[5:], replace(records[2], birth_year=1950)]
        with pytest.raises(InputError) as caught:
            vault.import_records(changed, source="two.csv")
        assert caught.value.row == 6
        assert caught.value.column == "record_id"
        assert vault.stats().total == 5
        assert len(vault.audit_entries()) == entries


def test_failure_in_the_middle_writes_nothing(location: str) -> None:
    records = sample_records(12_000)

    def explode(done: int) -> None:
        if done >= 7000:
            raise RuntimeError("disk full (simulated)")

    with Vault.create(location, PASSPHRASE) as vault:
        with pytest.raises(RuntimeError):
            vault.import_records(records, source="big.csv", progress=explode)
        assert vault.stats().total == 0
        assert vault.find_by_name("Person 3") == []
        assert [e.action for e in vault.audit_entries()][:1] == ["vault.create"]
        assert vault.import_records(records[:3], source="big.csv").added == 3


def test_stats_count_coded_columns(location: str) -> None:
    records = sample_records(8) + sample_records(2, list_name="B")
    with Vault.create(location, PASSPHRASE) as vault:
        vault.import_records(records, source="s.csv")
        stats = vault.stats()
    assert stats.total == 10
    assert stats.by_list == {"A": 8, "B": 2}
    assert sum(stats.by_sex.values()) == sum(stats.by_pathway.values()) == 10
    expected_2018 = sum(1 for r in records if r.recorded_on and r.recorded_on.year == 2018)
    assert stats.by_year["2018"] == expected_2018
    assert stats.by_year["unknown"] == sum(1 for r in records if r.recorded_on is None)


def test_find_by_name_uses_normalised_exact_match(location: str) -> None:
    records = sample_records(9)
    with Vault.create(location, PASSPHRASE) as vault:
        vault.import_records(records, source="s.csv")
        assert vault.find_by_name("이름4") == [("A", "A-00004")]
        assert vault.find_by_name("  person   3 ") == [("A", "A-00003")]
        assert vault.find_by_name("ALIAS 5") == [("A", "A-00005")]
        assert vault.find_by_name("Person") == []
        assert vault.find_by_name("") == []


def test_wrong_passphrase_is_refused_clearly(location: str) -> None:
    Vault.create(location, PASSPHRASE).close()
    with pytest.raises(WrongPassphraseError, match="passphrase does not open"):
        Vault.open(location, "not the passphrase")


def test_create_refuses_existing_and_open_refuses_missing(location: str) -> None:
    with pytest.raises(VaultNotFoundError):
        Vault.open(location, PASSPHRASE)
    Vault.create(location, PASSPHRASE).close()
    with pytest.raises(VaultExistsError):
        Vault.create(location, PASSPHRASE)


def test_reads_and_writes_are_audited_with_ids_only(location: str) -> None:
    records = sample_records(4)
    with Vault.create(location, PASSPHRASE, actor="tester") as vault:
        vault.import_records(records, source="s.csv")
        list(vault.iter_records(purpose="export"))
        vault.find_by_name("Person 3")
        vault.audit("export:jsonl", ["file:out.jsonl"])
        entries = vault.audit_entries()
        report = vault.verify_audit()
    assert [e.action for e in entries] == [
        "vault.create",
        "import",
        "read:export",
        "read:find_by_name",
        "export:jsonl",
    ]
    assert {e.actor for e in entries} == {"tester"}
    assert "record:A/A-00001" in entries[1].object_ids
    assert entries[3].object_ids == ("record:A/A-00003",)
    assert report.entries == 5
    text = repr(entries)
    assert all(r.name not in text and (r.narrative or "") not in text for r in records)
