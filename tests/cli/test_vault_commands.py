"""The vault commands through Typer's CliRunner: init, import, export, stats, audit verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner, Result

from intake.helpers import synthetic_csv, synthetic_row, write_csv
from uncounted.cli.app import _register_areas, app
from uncounted.cli.progress import ImportBar
from uncounted.vault import Vault
from uncounted.vault.tables import audit_log

PASSPHRASE = "synthetic cli passphrase"
ENV = {"UNCOUNTED_PASSPHRASE": PASSPHRASE}


@pytest.fixture(scope="module", autouse=True)
def _areas() -> None:
    _register_areas()


def run(*args: str, env: dict[str, str | None] | None = None, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=ENV if env is None else env, input=stdin)


def said(result: Result) -> str:
    """Standard error with Rich's line wrapping undone."""
    return " ".join(result.stderr.split())


def test_full_tour(location: str, tmp_path: Path) -> None:
    records = synthetic_csv(tmp_path / "r.csv", 40)
    assert run("init", location).exit_code == 0
    imported = run("import", location, str(records), "--json")
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout) == {"file": str(records), "added": 40, "unchanged": 0}
    again = run("import", location, str(records))
    assert "0 added, 40 unchanged" in again.stdout
    stats = json.loads(run("stats", location, "--json").stdout)
    assert stats["total"] == 40 and stats["by_list"] == {"list-a": 40}
    assert stats["by_sex"] == {"F": 10, "M": 10, "X": 10, "unknown": 10}
    assert sum(stats["by_year"].values()) == 40
    table = run("stats", location)
    assert "Records by pathway" in table.stdout and "forced_marriage" in table.stdout
    exported = run("export", location, "--format", "jsonl")
    assert exported.exit_code == 0
    lines = exported.stdout.splitlines()
    assert len(lines) == 40 and json.loads(lines[0])["record_id"] == "T-00000"
    verified = json.loads(run("audit", "verify", location, "--json").stdout)
    assert verified["ok"] is True and verified["entries"] >= 4


def test_export_to_file_is_private_and_guarded(tmp_path: Path) -> None:
    vault, out = str(tmp_path / "v.vault"), tmp_path / "out.jsonl"
    run("init", vault)
    run("import", vault, str(synthetic_csv(tmp_path / "r.csv", 5)))
    assert run("export", vault, "--out", str(out)).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    refused = run("export", vault, "--out", str(out))
    assert refused.exit_code == 2 and "--force" in said(refused)
    assert run("export", vault, "--out", str(out), "--force", "--format", "csv").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("record_id,list,")


def test_bad_row_700_exit_code_and_nothing_written(location: str, tmp_path: Path) -> None:
    rows = [synthetic_row(i) for i in range(800)]
    rows[699]["birth_year"] = "about 1990"
    bad = write_csv(tmp_path / "bad.csv", rows)
    run("init", location)
    result = run("import", location, str(bad))
    assert result.exit_code == 3
    assert "row 700" in said(result) and "'birth_year'" in said(result)
    assert "about 1990" not in said(result)
    assert "Traceback" not in result.output
    as_json = json.loads(run("import", location, str(bad), "--json").stdout)
    assert as_json["detail"] == {"file": str(bad), "row": 700, "line": 701, "column": "birth_year"}
    assert json.loads(run("stats", location, "--json").stdout)["total"] == 0


def test_passphrase_prompts(tmp_path: Path) -> None:
    vault = str(tmp_path / "p.vault")
    no_env = {"UNCOUNTED_PASSPHRASE": None}
    differ = run("init", vault, env=no_env, stdin="first-passphrase\nother-passphrase\n")
    assert differ.exit_code == 2 and "differ" in said(differ)
    assert not Path(vault).exists()
    short = run("init", vault, env=no_env, stdin="short\nshort\n")
    assert short.exit_code == 2 and "at least" in said(short)
    made = run("init", vault, env=no_env, stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert made.exit_code == 0, made.output
    wrong = run("stats", vault, env=no_env, stdin="not the passphrase\n")
    assert wrong.exit_code == 4 and "passphrase" in said(wrong)
    assert run("stats", vault, env=no_env, stdin=f"{PASSPHRASE}\n").exit_code == 0
    assert run("init", vault).exit_code == 4  # already exists


def test_audit_verify_reports_tampered_entry(location: str, tmp_path: Path) -> None:
    run("init", location)
    run("import", location, str(synthetic_csv(tmp_path / "r.csv", 3)))
    run("stats", location)
    with Vault.open(location, PASSPHRASE) as vault, vault.engine.begin() as connection:
        connection.execute(update(audit_log).where(audit_log.c.seq == 2).values(actor="mallory"))
    result = run("audit", "verify", location)
    assert result.exit_code == 5 and "entry 2" in said(result)
    as_json = json.loads(run("audit", "verify", location, "--json").stdout)
    assert as_json["detail"]["seq"] == 2


def test_missing_vault_and_bad_files(tmp_path: Path) -> None:
    missing = run("stats", str(tmp_path / "nowhere.vault"))
    assert missing.exit_code == 4
    vault = str(tmp_path / "v.vault")
    run("init", vault)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert run("import", vault, str(empty)).exit_code == 3
    korean = tmp_path / "k.csv"
    korean.write_bytes("record_id,list,name\nA,l,테스트\n".encode("cp949"))
    result = run("import", vault, str(korean))
    assert result.exit_code == 3 and "--encoding" in said(result)
    assert run("import", vault, str(korean), "--encoding", "cp949").exit_code == 0
    headless = write_csv(tmp_path / "h.csv", [synthetic_row(0)], ["record_id", "name"])
    result = run("import", vault, str(headless))
    assert result.exit_code == 3 and "'list'" in said(result)
    assert run("import", vault, str(headless), "--list", "given").exit_code == 0


def test_bundled_example(tmp_path: Path) -> None:
    # The bundled example is a library function now: ``uncounted demo`` runs the simulator.
    from uncounted.errors import VaultExistsError
    from uncounted.intake.demo import run_demo

    out = tmp_path / "demo"
    first = run_demo(out, passphrase=PASSPHRASE)
    assert (first.imported.added, first.imported.unchanged) == (65, 0)
    assert first.stats.total == 65 and first.audit.entries == 3
    assert len((out / "demo-export.jsonl").read_text(encoding="utf-8").splitlines()) == 65
    with pytest.raises(VaultExistsError):
        run_demo(out, passphrase=PASSPHRASE)
    assert run_demo(out, passphrase=PASSPHRASE, force=True).stats.total == 65


def test_import_bar_starts_only_for_large_files() -> None:
    from io import StringIO

    from rich.console import Console

    text = StringIO()
    bar = ImportBar(Console(file=text, force_terminal=True, width=80), threshold=2000)
    with bar:
        bar("read", 500, None)
        assert bar.progress is None
        bar("read", 2500, None)
        bar("store", 2500, 2500)
        assert set(bar.tasks) == {"read", "store"}
    assert "Storing" in text.getvalue()
