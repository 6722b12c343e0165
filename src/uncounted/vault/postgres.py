"""The team-server backend: PostgreSQL through psycopg 3.

The server never sees an identifying value: the application seals them
(:class:`~uncounted.vault.crypto.AeadSealer`) before they leave the process.
The Argon2id salt and parameters and a passphrase verifier (public values)
sit in the ``meta`` table.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine, create_engine, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from uncounted.errors import VaultExistsError, VaultNotFoundError, WrongPassphraseError
from uncounted.vault.backend import Backend
from uncounted.vault.crypto import AeadSealer
from uncounted.vault.keys import KdfParams, Keys, new_params
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
    keys = Keys.derive(passphrase, params)
    header = {"kdf": json.dumps(params.to_dict()), "verifier": keys.verifier_tag()}
    return _backend(location, engine, keys), header


def open_(location: str, passphrase: str) -> Backend:
    """The vault in the database at ``location``; WrongPassphraseError if it does not open."""
    engine = _engine(location)
    if not _has_meta(engine, location):
        engine.dispose()
        raise VaultNotFoundError(f"no vault in {safe_url(location)}", location=safe_url(location))
    with engine.connect() as connection:
        rows = {k: v for k, v in connection.execute(select(meta.c.key, meta.c.value))}
    keys = Keys.derive(passphrase, KdfParams.from_dict(json.loads(rows.get("kdf", "{}"))))
    if not keys.check(rows.get("verifier", "")):
        engine.dispose()
        raise WrongPassphraseError("the passphrase does not open this vault")
    return _backend(location, engine, keys)


def _backend(location: str, engine: Engine, keys: Keys) -> Backend:
    return Backend("postgresql", safe_url(location), engine, AeadSealer(keys.kek), keys)
