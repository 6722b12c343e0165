"""The team-server backend: PostgreSQL through psycopg 3.

The server never sees an identifying value: the application seals them
(:class:`~uncounted.vault.crypto.AeadSealer`) before they leave the process.
The Argon2id salt and parameters and the wrapped vault key sit in the
``meta`` table (nothing there opens the vault without the passphrase).
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, Engine, create_engine, inspect, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from uncounted.errors import VaultExistsError, VaultNotFoundError, WrongPassphraseError
from uncounted.vault.backend import Backend
from uncounted.vault.crypto import AeadSealer
from uncounted.vault.keys import (
    KdfParams,
    Keys,
    new_params,
    new_vault_key,
    unwrap_vault_key,
    wrap_vault_key,
)
from uncounted.vault.tables import meta

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_postgres(location: str) -> bool:
    """Whether ``location`` is a PostgreSQL URL rather than a file path."""
    return location.startswith(SCHEMES)


def safe_url(location: str) -> str:
    """The URL with any password hidden (for messages)."""
    return make_url(location).render_as_string(hide_password=True)


def _engine(location: str) -> Engine:
    url = make_url(location).set(drivername="postgresql+psycopg")
    return create_engine(url, pool_pre_ping=True)


def _has_meta(engine: Engine, location: str) -> bool:
    try:
        with engine.connect() as connection:
            return inspect(connection).has_table("meta")
    except OperationalError:
        engine.dispose()
        raise VaultNotFoundError(
            f"cannot reach the PostgreSQL database {safe_url(location)}",
            location=safe_url(location),
        ) from None


def _missing_database(location: str) -> bool:
    try:
        with _engine(location).connect():
            return False
    except OperationalError as error:
        return "does not exist" in str(error.orig)


def _create_database(location: str) -> None:
    """CREATE DATABASE through the server's ``postgres`` maintenance database."""
    url = make_url(location)
    name = str(url.database).replace('"', '""')
    admin = create_engine(
        url.set(drivername="postgresql+psycopg", database="postgres"), isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()


def create(location: str, passphrase: str) -> tuple[Backend, dict[str, str]]:
    """A backend on an empty (or new) database, and the header rows to store in ``meta``."""
    if _missing_database(location):
        _create_database(location)
    engine = _engine(location)
    if _has_meta(engine, location):
        engine.dispose()
        raise VaultExistsError(
            f"a vault already exists in {safe_url(location)}", location=safe_url(location)
        )
    params = new_params()
    vault_key = new_vault_key()
    header = {"kdf": json.dumps(params.to_dict())}
    header["wrapped_key"] = wrap_vault_key(passphrase, params, vault_key)
    return _backend(location, engine, Keys.from_root(vault_key)), header


def open_(location: str, passphrase: str) -> Backend:
    """The vault in the database at ``location``; WrongPassphraseError if it does not open."""
    engine = _engine(location)
    if not _has_meta(engine, location):
        engine.dispose()
        raise VaultNotFoundError(f"no vault in {safe_url(location)}", location=safe_url(location))
    with engine.connect() as connection:
        rows = {k: v for k, v in connection.execute(select(meta.c.key, meta.c.value))}
    params = KdfParams.from_dict(json.loads(rows.get("kdf", "{}")))
    try:
        vault_key = unwrap_vault_key(passphrase, params, rows.get("wrapped_key", ""))
    except WrongPassphraseError:
        engine.dispose()
        raise
    return _backend(location, engine, Keys.from_root(vault_key))


def _backend(location: str, engine: Engine, keys: Keys) -> Backend:
    return Backend("postgresql", safe_url(location), engine, AeadSealer(keys.kek), keys)


def change_passphrase(connection: Connection, current: str, new: str) -> None:
    """Rewrap the vault key under ``new`` inside the caller's transaction."""
    query = select(meta.c.key, meta.c.value).where(meta.c.key.in_(("kdf", "wrapped_key")))
    rows = {k: v for k, v in connection.execute(query.with_for_update())}
    old = KdfParams.from_dict(json.loads(rows["kdf"]))
    vault_key = unwrap_vault_key(current, old, rows["wrapped_key"])
    params = new_params()
    values = {"kdf": json.dumps(params.to_dict())}
    values["wrapped_key"] = wrap_vault_key(new, params, vault_key)
    for key, value in values.items():
        connection.execute(update(meta).where(meta.c.key == key).values(value=value))
