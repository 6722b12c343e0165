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


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A simulated folder and its documented facts file."""
    _register_areas()
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


def test_vault_findings_equal_folder_findings(location: str, world: tuple[Path, Path]) -> None:
    folder, facts = world
    assert run("init", location).exit_code == 0
    written = _json(run("import", location, str(facts), "--json"))["written"]
    assert written["Journey"] > 100 and written["Transaction"] > 100
    for command in COMMANDS:
        from_folder = _json(run(*command, "--from-simulation", str(folder), "--json"))
        from_vault = _json(run(*command[:2], location, *command[2:], "--json"))
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
