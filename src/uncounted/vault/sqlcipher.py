"""The embedded backend: one SQLCipher file keyed from the passphrase.

The file key is a purpose key derived from the vault key (see
:mod:`uncounted.vault.keys`) and handed to SQLCipher raw (``PRAGMA key =
"x'…'"``), so SQLCipher's own PBKDF2 is not used. The Argon2id parameters,
salt and the wrapped vault key live in a small header next to the vault,
``<vault>.header.json`` (nothing in it opens the vault without the
passphrase); keep it with the vault file.
WAL is on, temporary tables and indices stay in memory (``temp_store =
MEMORY``) so no plaintext reaches a temporary file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine

from uncounted.errors import VaultError, VaultExistsError, VaultNotFoundError, WrongPassphraseError
from uncounted.vault.backend import Backend, sqlite_transactions
from uncounted.vault.crypto import PlainSealer
from uncounted.vault.keys import (
    WRONG_PASSPHRASE,
    KdfParams,
    Keys,
    new_params,
    new_vault_key,
    unwrap_vault_key,
    wrap_vault_key,
)

HEADER_SUFFIX = ".header.json"
BUSY_TIMEOUT_S = 60.0
FORMAT = "uncounted-vault"
PLAINTEXT_MAGIC = b"SQLite format 3\x00"


def header_path(path: Path) -> Path:
    """Where the header of the vault file ``path`` lives."""
    return path.with_name(path.name + HEADER_SUFFIX)


def write_header(path: Path, params: KdfParams, wrapped: str) -> None:
    """Write (atomically replace) the header of the vault file ``path``."""
    header = {"format": FORMAT, "version": 2, "kdf": params.to_dict(), "wrapped_key": wrapped}
    target = header_path(path)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(json.dumps(header, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, target)


def _read_header(path: Path) -> dict[str, Any]:
    target = header_path(path)
    if not target.exists():
        raise VaultError(f"the vault header {target.name} is missing; keep it next to the vault")
    try:
        header = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise VaultError(f"the vault header {target.name} cannot be read") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise VaultError(f"{target.name} is not an Uncounted vault header")
    return header


def connect(path: Path, key: bytes) -> sqlcipher3.Connection:
    """A keyed DB-API connection to the vault file (raises on a wrong key)."""
    connection = sqlcipher3.connect(
        str(path), check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_S
    )
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    connection.execute("PRAGMA temp_store = MEMORY")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        connection.close()
        raise WrongPassphraseError(WRONG_PASSPHRASE) from None
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def _engine(path: Path, key: bytes) -> Engine:
    engine = create_engine(
        "sqlite:///" + str(path),
        module=sqlcipher3.dbapi2,
        creator=lambda: connect(path, key),
    )
    return sqlite_transactions(engine)


def create(path: Path, passphrase: str) -> Backend:
    """A new, empty, encrypted vault file (schema not yet migrated)."""
    if path.exists() or header_path(path).exists():
        raise VaultExistsError(f"a vault already exists at {path.name}", location=str(path))
    if not path.parent.is_dir():
        raise VaultNotFoundError(f"the folder for {path.name} does not exist", location=str(path))
    params, vault_key = new_params(), new_vault_key()
    write_header(path, params, wrap_vault_key(passphrase, params, vault_key))
    keys = Keys.from_root(vault_key)
    return Backend("sqlcipher", str(path), _engine(path, keys.file), PlainSealer(), keys)


def open_(path: Path, passphrase: str) -> Backend:
    """The existing vault file at ``path``; WrongPassphraseError if the passphrase is wrong."""
    if not path.is_file():
        raise VaultNotFoundError(f"no vault at {path.name}", location=str(path))
    header = _read_header(path)
    params = KdfParams.from_dict(dict(header.get("kdf", {})))
    keys = Keys.from_root(unwrap_vault_key(passphrase, params, str(header.get("wrapped_key"))))
    connect(path, keys.file).close()
    return Backend("sqlcipher", str(path), _engine(path, keys.file), PlainSealer(), keys)


def remove_files(path: Path) -> None:
    """Delete a vault file, its WAL/SHM files and header (after a failed create)."""
    for suffix in ("", "-wal", "-shm", "-journal", HEADER_SUFFIX):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def change_passphrase(path: Path, current: str, new: str) -> None:
    """Rewrap the vault key under ``new`` (new salt, current settings' cost)."""
    header = _read_header(path)
    vault_key = unwrap_vault_key(
        current, KdfParams.from_dict(dict(header["kdf"])), header["wrapped_key"]
    )
    params = new_params()
    write_header(path, params, wrap_vault_key(new, params, vault_key))
