"""``uncounted simulate``: writes the files, refuses a non-empty folder, imports into a vault."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from uncounted.cli import app
from uncounted.cli.app import _register_areas
from uncounted.intake import import_file, read_records
from uncounted.vault import Vault

runner = CliRunner()


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _register_areas()
    out = tmp_path_factory.mktemp("sim") / "out"
    result = runner.invoke(app, ["simulate", "--out", str(out), "--size", "2500", "--seed", "3"])
    assert result.exit_code == 0, result.output
    return out


def test_writes_every_file_of_contract_4(simulated: Path) -> None:
    truth = {p.name for p in (simulated / "truth").iterdir()}
    assert truth >= {
        "persons.csv",
        "membership.csv",
        "sales.csv",
        "journeys.csv",
        "perpetrators.csv",
        "organisations.csv",
        "profits_by_year.csv",
        "lists.csv",
        "scenario.yaml",
    }
    lists = sorted(p.stem for p in (simulated / "lists").iterdir())
    assert lists == ["arrival", "ngo", "rescue", "research", "shelter"]
    table = pd.read_csv(simulated / "capture_histories.csv")
    assert list(table.columns) == ["ngo", "shelter", "rescue", "arrival", "research", "count"]
    membership = pd.read_csv(simulated / "truth" / "membership.csv")
    assert table["count"].sum() == membership["person_id"].nunique()
    scopes = json.loads((simulated / "list_scopes.json").read_text(encoding="utf-8"))
    assert scopes == dict.fromkeys(("shelter", "rescue", "arrival"), "left exploitation")


def test_refuses_a_non_empty_folder_without_force(simulated: Path) -> None:
    before = (simulated / "truth" / "persons.csv").read_bytes()
    result = runner.invoke(app, ["simulate", "--out", str(simulated), "--seed", "4"])
    assert result.exit_code == 2
    assert "--force" in result.output
    assert (simulated / "truth" / "persons.csv").read_bytes() == before


def test_force_overwrites(tmp_path: Path) -> None:
    _register_areas()
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    args = ["simulate", "--out", str(tmp_path), "--size", "500", "--force", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "truth" / "persons.csv").exists()
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_bad_scenario_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    _register_areas()
    bad = tmp_path / "bad.yaml"
    bad.write_text("base: default\nparameters:\n  victim_share: {value: 3, source: x}\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["simulate", "--out", str(out), "--scenario", str(bad)])
    assert result.exit_code == 3
    assert "victim_share" in result.output
    assert not out.exists()


def test_every_list_imports_into_a_vault(
    simulated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNCOUNTED_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("UNCOUNTED_ARGON2_MEMORY_KIB", "1024")
    files = sorted((simulated / "lists").glob("*.csv"))
    expected = sum(len(read_records(path)) for path in files)
    with Vault.create(tmp_path / "v.vault", "a test passphrase") as vault:
        added = sum(import_file(vault, path).added for path in files)
        stats = vault.stats()
    assert added == expected == stats.total
    assert set(stats.by_list) == {"ngo", "shelter", "rescue", "arrival", "research"}
