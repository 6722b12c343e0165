"""A simulated world's documented case facts through a vault give the folder's findings.

Simulate → write the documented facts as JSON Lines → ``uncounted import`` into a
vault (both backends) → ``estimate profits``, ``analyse pathways`` and ``analyse
network`` with ``--json`` on the vault equal the same commands on the folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from uncounted.cli.app import _register_areas, app
from uncounted.intake.facts import write_facts
from uncounted.simulate.facts import documented_facts

ENV = {"UNCOUNTED_PASSPHRASE": "synthetic facts passphrase"}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=ENV)


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    """Attach the area commands to ``app`` for every test, also one run alone or on a
    pytest-xdist worker that ran no other test of the module (the CSV export test,
    which needs no ``world``, found no command "init" and exited 2)."""
    _register_areas()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A simulated folder and its documented facts file."""
    out = tmp_path_factory.mktemp("sim") / "world"
    result = run("simulate", "--seed", "5", "--size", "2500", "--out", str(out))
    assert result.exit_code == 0, result.output
    facts = out.parent / "facts.jsonl"
    with facts.open("w", encoding="utf-8") as handle:
        write_facts(documented_facts(out), handle)
    return out, facts


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


COMMANDS = (
    ("analyse", "pathways"),
    ("analyse", "network", "--top", "15"),
    ("estimate", "profits", "--draws", "3000", "--year", "2019"),
)

SCOPES = tuple(
    part
    for name in ("shelter", "rescue", "arrival")
    for part in ("--scope", f"{name}=left exploitation")
)


def test_vault_findings_equal_folder_findings(location: str, world: tuple[Path, Path]) -> None:
    folder, facts = world
    assert run("init", location).exit_code == 0
    written = _json(run("import", location, str(facts), "--json"))["written"]
    assert written["Journey"] > 100 and written["Transaction"] > 100
    stats = _json(run("stats", location, "--json"))
    assert stats["total"] == 0 and stats["case_facts"] == {
        kind: written[kind] for kind in ("Journey", "JourneyStage", "Transaction", "Perpetrator",
                                         "Organisation")
    }  # fmt: skip
    assert "Case facts by kind" in run("stats", location).stdout
    for command in COMMANDS:
        from_folder = _json(run(*command, "--from-simulation", str(folder), "--json"))
        # the vault holds no list scopes: stated as the folder records them
        scopes = SCOPES if command[1] == "profits" else ()
        from_vault = _json(run(*command[:2], location, *command[2:], *scopes, "--json"))
        assert from_vault == from_folder, command
    again = _json(run("import", location, str(facts), "--json"))["written"]
    assert again == written
    assert _json(run(*COMMANDS[0][:2], location, "--json")) == _json(
        run(*COMMANDS[0], "--from-simulation", str(folder), "--json")
    )


def test_analyses_need_exactly_one_input(world: tuple[Path, Path], tmp_path: Path) -> None:
    neither = run("analyse", "pathways", "--json")
    assert neither.exit_code == 2 and "one of them" in neither.stdout
    both = run("analyse", "network", str(tmp_path / "v.vault"), "--from-simulation", str(world[0]))
    assert both.exit_code == 2


def _lines(facts: Path, count: int) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in facts.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line["schema"] == "Journey"][:count] + [
        line for line in lines if line["schema"] == "Transaction"
    ]


def test_bad_facts_file_is_named_and_nothing_is_written(
    world: tuple[Path, Path], tmp_path: Path
) -> None:
    vault, bad = str(tmp_path / "v.vault"), tmp_path / "bad.jsonl"
    lines = _lines(world[1], 10_000)
    lines[-1]["amount"] = "-1"
    bad.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert run("init", vault).exit_code == 0
    result = run("import", vault, str(bad), "--json")
    assert result.exit_code == 3
    detail = json.loads(result.stdout)["detail"]
    assert detail == {"file": str(bad), "row": len(lines), "column": "amount", "line": len(lines)}
    listed = run("import", vault, str(world[1]), "--list", "ngo")
    assert listed.exit_code == 2 and "--list is for records files" in " ".join(
        listed.stderr.split()
    )
    empty = run("analyse", "pathways", vault, "--json")
    assert empty.exit_code == 3 and "no journeys" in empty.stdout


def test_profits_without_lists_need_a_population(world: tuple[Path, Path], tmp_path: Path) -> None:
    vault, facts = str(tmp_path / "v.vault"), tmp_path / "nolists.jsonl"
    lines = [json.loads(line) for line in world[1].read_text(encoding="utf-8").splitlines()]
    for line in lines:
        line.pop("lists", None)
    facts.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert run("init", vault).exit_code == 0
    assert run("import", vault, str(facts)).exit_code == 0
    refused = run("estimate", "profits", vault, "--draws", "500", "--json")
    assert refused.exit_code == 3 and "capture table" in refused.stdout
    stated = _json(
        run("estimate", "profits", vault, "--draws", "500", "--population", "5000", "--json")
    )
    assert stated["total"]["median"] > 0


def test_case_facts_export_round_trips(
    location: str, world: tuple[Path, Path], tmp_path: Path
) -> None:
    """Export gives back every imported fact, in a fixed order, and imports into another vault."""
    _, facts = world
    assert run("init", location).exit_code == 0
    assert run("import", location, str(facts)).exit_code == 0
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    exported = run("export", location, "--facts", "--out", str(first))
    assert exported.exit_code == 0, exported.output
    lines = first.read_text(encoding="utf-8").splitlines()
    assert sorted(lines) == sorted(facts.read_text(encoding="utf-8").splitlines())
    assert f"Exported {len(lines)} case facts" in exported.stderr
    other = str(tmp_path / "other.vault")
    assert run("init", other).exit_code == 0
    assert run("import", other, str(first)).exit_code == 0
    assert run("export", other, "--facts", "--out", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_case_facts_export_refuses_csv(location: str) -> None:
    assert run("init", location).exit_code == 0
    refused = run("export", location, "--facts", "--format", "csv")
    assert refused.exit_code != 0 and "JSON Lines only" in refused.output
