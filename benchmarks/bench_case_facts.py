"""Case facts in the vault: store and read back a simulated world's documented facts.

For each backend (the SQLCipher file; PostgreSQL at the ``pg_url`` setting, a
fresh database dropped afterwards): the time to store every fact with
``store_objects`` (checks, bulk replace by id, one transaction), beside the
baseline of writing the same objects one by one (delete + insert per object,
as ``Vault.put`` did before bulk writes), and the time to read them back into
case tables (``read_vault``: audited reads, sealed fields opened). The key
derivation runs at a small cost here: it is not what is measured.
Run: ``python -m benchmarks.bench_case_facts [SIZE]`` (women crossing; default 20000).
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from uncounted import settings
from uncounted.analyse.cases import read_vault
from uncounted.intake.facts_import import store_objects
from uncounted.simulate import simulate_world
from uncounted.simulate.facts import documented_facts
from uncounted.vault import Vault, entities

PASSPHRASE = "benchmark passphrase, not a secret"


def _one_by_one(vault: Vault, objects: list[Any]) -> None:
    backend = vault._backend
    with backend.transaction() as connection:
        for obj in objects:
            entities._write(backend, connection, entities.kind_of(type(obj)), obj)


def _timed(location: str, objects: list[Any]) -> tuple[float, float, float]:
    with Vault.create(location, PASSPHRASE) as vault:
        start = time.perf_counter()
        store_objects(vault, objects)
        stored = time.perf_counter() - start
        start = time.perf_counter()
        read_vault(vault)
        read = time.perf_counter() - start
    baseline_location = location + "-baseline" if "://" not in location else location
    return stored, read, _baseline(baseline_location, objects)


def _baseline(location: str, objects: list[Any]) -> float:
    if "://" in location:
        return float("nan")
    with Vault.create(location, PASSPHRASE) as vault:
        start = time.perf_counter()
        _one_by_one(vault, objects)
        return time.perf_counter() - start


def _postgres(objects: list[Any]) -> tuple[float, float, float]:
    admin = str(settings.get("pg_url"))
    results = []
    for _ in range(2):
        name = "uncounted_bench_" + secrets.token_hex(4)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        url = make_url(admin).set(database=name).render_as_string(hide_password=False)
        try:
            if not results:
                stored, read, _ = _timed(url, objects)
                results += [stored, read]
            else:
                with Vault.create(url, PASSPHRASE) as vault:
                    start = time.perf_counter()
                    _one_by_one(vault, objects)
                    results.append(time.perf_counter() - start)
        finally:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return results[0], results[1], results[2]


def main(size: int = 20_000) -> None:
    os.environ.setdefault("UNCOUNTED_ARGON2_TIME_COST", "1")
    os.environ.setdefault("UNCOUNTED_ARGON2_MEMORY_KIB", "1024")
    with tempfile.TemporaryDirectory() as tmp:
        simulate_world("default", seed=1, size=size).write(Path(tmp))
        objects = documented_facts(tmp)
        print(f"world of {size:,} women crossing: {len(objects):,} case facts")
        print(f"load: {os.getloadavg()[0]:.1f} (1-min), {os.cpu_count()} cores")
        print(f"{'backend':<11} {'store s':>8} {'one-by-one s':>13} {'read s':>7}")
        rows = {"sqlcipher": _timed(str(Path(tmp) / "bench.vault"), objects)}
        try:
            rows["postgresql"] = _postgres(objects)
        except psycopg.OperationalError:
            print("postgresql: not reachable, skipped")
        for backend, (stored, read, baseline) in rows.items():
            print(f"{backend:<11} {stored:>8.2f} {baseline:>13.2f} {read:>7.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
