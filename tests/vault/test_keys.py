"""Keys, the SQLCipher header and file, sealed fields and the migrations."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import make_url

from uncounted.errors import VaultError, WrongPassphraseError
from uncounted.vault import Vault
from uncounted.vault.crypto import AeadSealer, BlindIndex, normalise_name, record_aad
from uncounted.vault.migrate import current_revision, head_revision
from uncounted.vault.sqlcipher import PLAINTEXT_MAGIC, header_path
from uncounted.vault.tables import metadata

from .records import PASSPHRASE, sample_records


@pytest.mark.real_kdf
def test_default_key_derivation_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real default: calibrated time cost at 256 MiB (no test shortcuts)."""
    monkeypatch.delenv("UNCOUNTED_ARGON2_TIME_COST", raising=False)
    monkeypatch.delenv("UNCOUNTED_ARGON2_MEMORY_KIB", raising=False)
    path = tmp_path / "real.vault"
    with Vault.create(path, PASSPHRASE) as vault:
        vault.import_records(sample_records(3), source="s.csv")
    kdf = json.loads(header_path(path).read_text())["kdf"]
    assert kdf["kdf"] == "argon2id"
    assert kdf["memory_kib"] == 262144
    assert kdf["time_cost"] >= 1
    with Vault.open(path, PASSPHRASE) as vault:
        assert vault.stats().total == 3
    with pytest.raises(WrongPassphraseError):
        Vault.open(path, PASSPHRASE + "!")


def test_sqlcipher_file_is_encrypted_and_header_holds_no_secret(tmp_path: Path) -> None:
    path = tmp_path / "case.vault"
    with Vault.create(path, PASSPHRASE) as vault:
        vault.import_records(sample_records(5), source="s.csv")
    data = path.read_bytes()
    assert not data.startswith(PLAINTEXT_MAGIC)
    assert b"CREATE TABLE" not in data
    header = json.loads(header_path(path).read_text())
    assert set(header) == {"format", "version", "kdf", "wrapped_key"}
    assert PASSPHRASE not in header_path(path).read_text()


def test_header_swapped_from_another_vault_is_still_refused(tmp_path: Path) -> None:
    """A header copied from another vault unwraps the wrong key: SQLCipher's page MAC
    refuses it."""
    path = tmp_path / "case.vault"
    Vault.create(path, PASSPHRASE).close()
    other = tmp_path / "other.vault"
    Vault.create(other, "another passphrase").close()
    header = json.loads(header_path(path).read_text())
    header["wrapped_key"] = json.loads(header_path(other).read_text())["wrapped_key"]
    header["kdf"] = json.loads(header_path(other).read_text())["kdf"]
    header_path(path).write_text(json.dumps(header))
    with pytest.raises(WrongPassphraseError):
        Vault.open(path, "another passphrase")


def test_missing_header_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "case.vault"
    Vault.create(path, PASSPHRASE).close()
    header_path(path).unlink()
    with pytest.raises(VaultError, match="header"):
        Vault.open(path, PASSPHRASE)


def test_sealed_payload_is_bound_to_its_record() -> None:
    sealer = AeadSealer(bytes(32))
    sealed, dek = sealer.seal(record_aad("A", "1"), b"payload")
    assert sealer.open(record_aad("A", "1"), sealed, dek) == b"payload"
    with pytest.raises(VaultError):
        sealer.open(record_aad("A", "2"), sealed, dek)
    with pytest.raises(VaultError):
        AeadSealer(bytes([1]) * 32).open(record_aad("A", "1"), sealed, dek)


def test_moving_a_sealed_row_on_postgres_fails_to_open(pg_database: str) -> None:
    with Vault.create(pg_database, PASSPHRASE) as vault:
        vault.import_records(sample_records(3), source="s.csv")
        with vault.engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE records SET identity = o.identity, dek = o.dek FROM records o "
                    "WHERE records.record_id = 'A-00001' AND o.record_id = 'A-00002'"
                )
            )
        with pytest.raises(VaultError, match="failed authentication"):
            list(vault.iter_records())


def test_blind_index_is_keyed_and_normalised() -> None:
    one, two = BlindIndex(bytes(32)), BlindIndex(bytes([7]) * 32)
    assert one.token("Kim  Chol-su") == one.token(" kim chol-su ")
    assert one.token("Ｋｉｍ") == one.token("kim")
    assert one.token("kim") != two.token("kim")
    assert one.token("   ") is None
    assert normalise_name("  A\u3000B ") == "a b"


def test_tables_match_the_migrations(location: str) -> None:
    with Vault.create(location, PASSPHRASE) as vault, vault.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_create_makes_a_missing_postgres_database(pg_database: str) -> None:
    url = make_url(pg_database)
    fresh = url.set(database=f"{url.database}_new").render_as_string(hide_password=False)
    try:
        with Vault.create(fresh, PASSPHRASE) as vault:
            vault.import_records(sample_records(2), source="s.csv")
        with Vault.open(fresh, PASSPHRASE) as vault:
            assert vault.stats().total == 2
    finally:
        with psycopg.connect(
            str(url.set(database="postgres").render_as_string(False)), autocommit=True
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{url.database}_new" WITH (FORCE)')


def test_change_passphrase_keeps_the_data(location: str) -> None:
    with Vault.create(location, PASSPHRASE) as vault:
        vault.import_records(sample_records(4), source="s.csv")
        with pytest.raises(WrongPassphraseError):
            vault.change_passphrase("not it", "new passphrase here")
        vault.change_passphrase(PASSPHRASE, "new passphrase here")
    with pytest.raises(WrongPassphraseError):
        Vault.open(location, PASSPHRASE)
    with Vault.open(location, "new passphrase here") as vault:
        assert len(list(vault.iter_records())) == 4
        assert vault.find_by_name("Person 3") == [("A", "A-00003")]
        assert "vault.passphrase" in [e.action for e in vault.audit_entries()]
        assert vault.verify_audit().entries >= 3
