"""Run every storage test on each backend (after Splink's ``tests/decorator.py``).

The ``location`` fixture is parametrised over ``sqlcipher`` (always) and
``postgresql`` (when the server at the ``pg_url`` setting answers; with
``UNCOUNTED_REQUIRE_PG=1`` its absence fails the test instead of skipping it).
Each PostgreSQL test gets a database of its own, created and dropped around
it, so parallel workers never collide. Argon2id runs with small parameters
here for speed, except in tests marked ``real_kdf``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from uncounted import settings

BACKENDS = ("sqlcipher", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_kdf: use the default Argon2id cost")


@cache
def pg_reachable() -> bool:
    try:
        with psycopg.connect(_admin_url(), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _admin_url() -> str:
    return str(settings.get("pg_url"))


def require_pg() -> None:
    """Skip (or fail, under UNCOUNTED_REQUIRE_PG=1) when PostgreSQL is unreachable."""
    if pg_reachable():
        return
    message = f"PostgreSQL not reachable at {make_url(_admin_url()).render_as_string()}"
    if settings.get_bool("require_pg"):
        pytest.fail(message + " and UNCOUNTED_REQUIRE_PG=1")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def fast_kdf(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("real_kdf") is None:
        monkeypatch.setenv("UNCOUNTED_ARGON2_TIME_COST", "1")
        monkeypatch.setenv("UNCOUNTED_ARGON2_MEMORY_KIB", "1024")


@pytest.fixture
def pg_database() -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database, dropped afterwards."""
    require_pg()
    name = "uncounted_t_" + secrets.token_hex(6)
    with psycopg.connect(_admin_url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(_admin_url()).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_admin_url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new vault goes: a file path, or a fresh PostgreSQL database URL."""
    if request.param == "sqlcipher":
        return str(tmp_path / "case.vault")
    return str(request.getfixturevalue("pg_database"))
