"""The findings commands on a simulated folder (real simulator output, CliRunner)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from uncounted.cli.app import _register_areas, app

runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _register_areas()
    out = tmp_path_factory.mktemp("sim") / "world"
    result = runner.invoke(app, ["simulate", "--seed", "3", "--size", "1500", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_profits_from_simulation_json(folder: Path) -> None:
    args = [
        "estimate",
        "profits",
        "--from-simulation",
        str(folder),
        "--year",
        "2018",
        "--draws",
        "2000",
        "--json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    low, high = report["total"]["intervals"]["0.90"]
    assert 0 < low < report["total"]["median"] < high
    assert set(report["components"]) >= {"sale_margins", "prostitution", "costs"}
    assert report["reference_year"] == 2018


def _victims_source(*args: str) -> str:
    result = runner.invoke(app, ["estimate", "profits", *args, "--draws", "500", "--json"])
    assert result.exit_code == 0, result.output
    (victims,) = [i for i in json.loads(result.output)["inputs"] if i["name"] == "victims"]
    return str(victims["source"])


def test_profits_from_simulation_use_the_lists_recorded_scopes(folder: Path) -> None:
    # The folder records the scoped lists (list_scopes.json): the catchment model sizes N.
    assert "catchment" in _victims_source("--from-simulation", str(folder))
    # --scope states them instead; a folder without the file falls back to Chao's bound.
    stated = _victims_source("--from-simulation", str(folder), "--scope", "shelter=left")
    assert "catchment" in stated
    bare = folder.parent / "bare"
    shutil.copytree(folder, bare)
    (bare / "list_scopes.json").unlink()
    assert "chao" in _victims_source("--from-simulation", str(bare))
    (bare / "list_scopes.json").write_text('{"shelter": 3}', encoding="utf-8")
    result = runner.invoke(app, ["estimate", "profits", "--from-simulation", str(bare), "--json"])
    assert result.exit_code == 3 and "list_scopes.json" in result.output


def test_profits_refuses_zero_draws_and_a_bad_scenario(folder: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["estimate", "profits", "--from-simulation", str(folder), "--draws", "0", "--json"]
    )
    assert result.exit_code == 2 and "draws must be at least 2" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "priors:\n  victim_share: {dist: uniform, low: 0.5, high: 1.5, kind: share, source: x}\n"
    )
    result = runner.invoke(
        app, ["estimate", "profits", "--from-simulation", str(folder), "--scenario", str(bad)]
    )
    assert result.exit_code == 3 and "victim_share" in result.output


def test_analyse_pathways_and_network(folder: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyse", "pathways", "--from-simulation", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documented_victims"] > 0 and report["time_to_exploitation"]["median_days"] > 0
    graphml, svg = tmp_path / "net.graphml", tmp_path / "net.svg"
    args = [
        "analyse",
        "network",
        "--from-simulation",
        str(folder),
        "--graphml",
        str(graphml),
        "--svg",
        str(svg),
        "--json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["key_brokers"]
    assert graphml.read_text().startswith("<?xml") and svg.read_text().startswith("<svg")
    table = runner.invoke(app, ["analyse", "network", "--from-simulation", str(folder)])
    assert table.exit_code == 0 and "key brokers" in table.output


def test_profits_from_a_real_vault_of_simulated_lists(folder: Path, tmp_path: Path) -> None:
    env = {"UNCOUNTED_PASSPHRASE": "synthetic findings passphrase"}
    vault = str(tmp_path / "findings.vault")
    assert runner.invoke(app, ["init", vault], env=env).exit_code == 0
    for listing in sorted((folder / "lists").glob("*.csv")):
        imported = runner.invoke(app, ["import", vault, str(listing)], env=env)
        assert imported.exit_code == 0, imported.output
    args = [
        "estimate",
        "profits",
        vault,
        "--draws",
        "2000",
        "--population-scenario",
        "10k",
        "--json",
    ]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    mix = [i for i in report["inputs"] if i["name"].startswith("pathway_mix.")]
    assert mix and all("records in the vault" in i["source"] for i in mix)
    assert report["switches"]["population_scenario"] == "10k"
    wrong = runner.invoke(
        app,
        ["estimate", "profits", vault, "--json"],
        env={"UNCOUNTED_PASSPHRASE": "not the passphrase"},
    )
    assert wrong.exit_code == 4
