"""CLI tests run on every vault backend (the vault tests' fixture)."""

from __future__ import annotations

from vault.conftest import fast_kdf, location, pg_database

__all__ = ["fast_kdf", "location", "pg_database"]
