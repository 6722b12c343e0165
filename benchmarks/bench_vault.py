"""Vault import speed: 100,000 records into each backend beside a plain-SQLite baseline.

Each backend runs in a child process of its own, so memory figures do not mix:

- ``sqlite``     plain SQLite file, same schema and the same import code, no encryption
                 (the baseline);
- ``sqlcipher``  the encrypted vault file (the default Argon2id cost; the one-off key
                 derivation is timed separately and excluded from records/s);
- ``postgresql`` the team-server vault (per-record AES-256-GCM, COPY), on a fresh
                 database at the ``pg_url`` setting, dropped afterwards.

Memory: the process's resident size when the import starts (the N records
already built, the vault open) and its high-water mark during the import alone
(reset through ``/proc/self/clear_refs``); their difference is what the import
itself needs. Run: ``python -m benchmarks.bench_vault [N]``.
"""

from __future__ import annotations

import json
import random
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from uncounted import settings
from uncounted.model.dates import UncertainDate
from uncounted.model.records import Pathway, Record, Sex
from uncounted.vault import Vault
from uncounted.vault.backend import Backend, sqlite_transactions
from uncounted.vault.crypto import PlainSealer
from uncounted.vault.keys import Keys
from uncounted.vault.migrate import upgrade

PASSPHRASE = "benchmark passphrase, not a secret"
BACKENDS = ("sqlite", "sqlcipher", "postgresql")


def synthetic_records(n: int, seed: int = 7) -> list[Record]:
    """``n`` synthetic records with Hangul/Latin names, aliases and narratives."""
    rng = random.Random(seed)
    sexes, pathways = list(Sex), list(Pathway)
    dates = [UncertainDate.parse(t) for t in ("2016", "2018-05", "2019-11-02", "2020/2021")]
    syllables = [chr(0xAC00 + rng.randrange(11172)) for _ in range(400)]
    return [
        Record(
            record_id=f"R{i:07d}",
            list=f"list{i % 4}",
            name="".join(rng.choices(syllables, k=3)),
            aliases=(f"alias {rng.randrange(10**6)}",) if i % 3 == 0 else (),
            sex=sexes[i % 4],
            birth_year=1970 + rng.randrange(35),
            recorded_on=dates[i % 4],
            origin=rng.choice(["Hamgyong", "Ryanggang", "Pyongyang", None]),
            pathway=pathways[i % 5],
            narrative=" ".join(rng.choices(syllables, k=40)),
            attributes={"interviewer": f"int-{i % 12}"},
        )
        for i in range(n)
    ]


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _plain_sqlite(path: Path) -> Vault:
    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        for pragma in ("temp_store = MEMORY", "journal_mode = WAL", "foreign_keys = ON"):
            connection.execute(f"PRAGMA {pragma}")
        return connection

    engine = sqlite_transactions(create_engine("sqlite:///" + str(path), creator=connect))
    with engine.begin() as connection:
        upgrade(connection)
    keys = Keys.from_root(secrets.token_bytes(32))
    return Vault(Backend("sqlite", str(path), engine, PlainSealer(), keys))


def _fresh_pg() -> tuple[str, str]:
    import psycopg

    admin = str(settings.get("pg_url"))
    name = "uncounted_bench_" + secrets.token_hex(4)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return make_url(admin).set(database=name).render_as_string(hide_password=False), name


def _drop_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(str(settings.get("pg_url")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _open(kind: str, folder: Path) -> tuple[Vault, float, str | None]:
    start = time.perf_counter()
    if kind == "sqlite":
        vault, dbname = _plain_sqlite(folder / "plain.db"), None
    elif kind == "sqlcipher":
        vault, dbname = Vault.create(folder / "bench.vault", PASSPHRASE), None
    else:
        url, dbname = _fresh_pg()
        vault = Vault.create(url, PASSPHRASE)
    return vault, time.perf_counter() - start, dbname


def run_one(kind: str, n: int) -> dict[str, Any]:
    """Import ``n`` records into a new ``kind`` vault; figures as a dict."""
    records = synthetic_records(n)
    with tempfile.TemporaryDirectory() as folder:
        vault, open_seconds, dbname = _open(kind, Path(folder))
        try:
            _reset_peak()
            before = _status_kib("VmRSS")
            start = time.perf_counter()
            result = vault.import_records(records, source="bench.csv")
            seconds = time.perf_counter() - start
            peak = _status_kib("VmHWM")
            start = time.perf_counter()
            read = sum(1 for _ in vault.iter_records())
            read_seconds = time.perf_counter() - start
        finally:
            vault.close()
            if dbname:
                _drop_pg(dbname)
    assert result.added == n and read == n
    return {
        "backend": kind,
        "records": n,
        "create_s": open_seconds,
        "import_s": seconds,
        "import_rps": n / seconds,
        "rss_before_mib": before / 1024,
        "peak_rss_mib": peak / 1024,
        "read_rps": n / read_seconds,
    }


def _child(kind: str, n: int) -> dict[str, Any] | None:
    command = [sys.executable, "-m", "benchmarks.bench_vault", "--one", kind, str(n)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"{kind}: failed\n{done.stderr[-2000:]}")
        return None
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(n: int = 100_000) -> None:
    """Run every backend on ``n`` records and print a table against the baseline."""
    results = [r for kind in BACKENDS if (r := _child(kind, n)) is not None]
    base = next((r["import_rps"] for r in results if r["backend"] == "sqlite"), None)
    print(f"vault import of {n:,} synthetic records (create = schema + one-off Argon2id)")
    header = f"{'backend':<11} {'create s':>9} {'import s':>9} {'records/s':>10}"
    print(header + f" {'vs sqlite':>9} {'RSS MiB before/peak':>20} {'read rec/s':>11}")
    for r in results:
        ratio = f"{base / r['import_rps']:.2f}x" if base else "-"
        print(
            f"{r['backend']:<11} {r['create_s']:>9.2f} {r['import_s']:>9.2f} "
            f"{r['import_rps']:>10,.0f} {ratio:>9} "
            f"{r['rss_before_mib']:>12.0f} / {r['peak_rss_mib']:>5.0f} "
            f"{r['read_rps']:>11,.0f}"
        )


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2], int(sys.argv[3]))))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
