"""``uncounted demo``: end to end on a small world; self-contained report; honest summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from uncounted.cli import app
from uncounted.cli.app import _register_areas
from uncounted.demo import STAGES
from uncounted.model import Journey
from uncounted.vault import Vault

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _register_areas()
    out = tmp_path_factory.mktemp("demo") / "out"
    env = {"UNCOUNTED_ARGON2_TIME_COST": "1", "UNCOUNTED_ARGON2_MEMORY_KIB": "1024"}
    result = runner.invoke(app, ["demo", "--out", str(out), "--size", "2500"], env=env)
    assert result.exit_code == 0, result.output
    assert "Truth and estimates" in result.output
    return out


def test_report_is_self_contained(demo_out: Path) -> None:
    html = (demo_out / "report" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in html
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", html)


def test_report_shows_no_names(demo_out: Path) -> None:
    html = (demo_out / "report" / "index.html").read_text(encoding="utf-8")
    persons = pd.read_csv(demo_out / "simulation" / "truth" / "persons.csv")
    documented = pd.read_csv(demo_out / "simulation" / "truth" / "membership.csv")["person_id"]
    names = persons[persons["person_id"].isin(documented)]
    leaked = [n for n in names["name_hangul"].tolist() + names["name_hanja"].tolist() if n in html]
    assert leaked == []


def test_summary_has_truth_estimate_and_interval(demo_out: Path) -> None:
    summary = json.loads((demo_out / "summary.json").read_text(encoding="utf-8"))
    quantities = summary["quantities"]
    for key in (
        "victims_population",
        "victims_documented",
        "median_age",
        "resale_rate",
        "annual_profit_usd",
        "pathway_share.prostitution",
    ):
        assert quantities[key]["truth"] is not None
    population = quantities["victims_population"]
    assert population["method"] == "catchment"  # the default head: the lists' scopes
    assert "(catchment)" in quantities["annual_profit_usd"]["note"]  # the profit's N
    low, high = population["interval"]
    assert low <= population["estimate"] <= high
    assert population["estimate"] >= quantities["victims_documented"]["truth"] * 0.99
    truth = pd.read_csv(demo_out / "simulation" / "truth" / "persons.csv")
    assert population["truth"] == truth["trafficked"].sum()


def test_missing_stages_are_listed_never_faked(demo_out: Path) -> None:
    summary = json.loads((demo_out / "summary.json").read_text(encoding="utf-8"))
    status = {s["stage"]: s["status"] for s in summary["stages"]}
    assert [s["stage"] for s in summary["stages"]] == [spec.name for spec in STAGES]
    assert status["simulate"] == status["vault"] == "done"
    for spec in STAGES:
        if status[spec.name] == "missing":
            assert spec.load() is None
            produced = [q for q in summary["quantities"].values() if q["stage"] == spec.name]
            assert produced == []
    for quantity in summary["quantities"].values():
        if quantity["estimate"] is None:
            assert quantity["note"]


def test_refuses_to_overwrite_without_force(demo_out: Path) -> None:
    before = (demo_out / "summary.json").read_bytes()
    result = runner.invoke(app, ["demo", "--out", str(demo_out)])
    assert result.exit_code == 2
    assert (demo_out / "summary.json").read_bytes() == before


def test_analyses_on_main_run_and_land_near_the_truth(demo_out: Path) -> None:
    summary = json.loads((demo_out / "summary.json").read_text(encoding="utf-8"))
    status = {s["stage"]: s["status"] for s in summary["stages"]}
    assert status["pathways"] == status["network"] == status["population"] == "done"
    quantities = summary["quantities"]
    assert quantities["median_age"]["stage"] == "pathways"
    assert abs(quantities["median_age"]["estimate"] - quantities["median_age"]["truth"]) <= 3
    resale = quantities["resale_rate"]
    assert abs(resale["estimate"] - resale["truth"]) < 0.1
    pathways = ("prostitution", "forced_marriage", "cybersex", "other")
    shares = [quantities[f"pathway_share.{p}"] for p in pathways]
    assert all(q["method"].startswith("chao_corrected_shares") for q in shares)
    assert abs(sum(q["estimate"] for q in shares) - 1) < 1e-9
    assert all(q["interval"][0] <= q["estimate"] <= q["interval"][1] for q in shares)
    html = (demo_out / "report" / "index.html").read_text(encoding="utf-8")
    assert 'id="network"' in html and 'id="population"' in html and 'id="methods"' in html


def test_generated_passphrase_is_shown_once_and_opens_the_vault(demo_out: Path) -> None:
    """Without UNCOUNTED_PASSPHRASE the demo makes a fresh passphrase, never a fixed one."""
    env = {
        "UNCOUNTED_ARGON2_TIME_COST": "1",
        "UNCOUNTED_ARGON2_MEMORY_KIB": "1024",
        "UNCOUNTED_PASSPHRASE": None,
    }
    out = demo_out.parent / "passphrase"
    shown = []
    for _ in range(2):
        result = runner.invoke(
            app, ["demo", "--out", str(out), "--size", "300", "--force"], env=env
        )
        assert result.exit_code == 0, result.output
        found = re.findall(r"passphrase \(shown once, not stored\): (\S+)", result.output)
        assert len(found) == 1
        shown.append(found[0])
    assert shown[0] != shown[1]
    with Vault.open(out / "demo.vault", shown[1]) as vault:
        assert vault.stats().total > 0
        journeys = vault.get(Journey)
    documented = pd.read_csv(out / "simulation" / "truth" / "membership.csv")["person_id"]
    assert sorted(j.victim_id for j in journeys) == sorted(set(documented))
    assert shown[1] not in (out / "summary.json").read_text(encoding="utf-8")


def test_json_output_is_only_json(demo_out: Path) -> None:
    """With --json, progress and the passphrase go to stderr; stdout is summary.json."""
    env = {
        "UNCOUNTED_ARGON2_TIME_COST": "1",
        "UNCOUNTED_ARGON2_MEMORY_KIB": "1024",
        "UNCOUNTED_PASSPHRASE": None,
    }
    out = demo_out.parent / "json"
    args = ["demo", "--out", str(out), "--size", "300", "--json"]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == json.loads((out / "summary.json").read_text(encoding="utf-8"))
