"""Docs are tested: every command and every setting is documented."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.core import TyperGroup

from uncounted import settings
from uncounted.cli import app
from uncounted.cli.app import _register_areas

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _command_paths(group: TyperGroup, prefix: str = "uncounted") -> list[str]:
    paths: list[str] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(command, TyperGroup):
            paths.extend(_command_paths(command, path))
        else:
            paths.append(path)
    return paths


def test_every_cli_command_is_documented() -> None:
    _register_areas()
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    missing = [p for p in _command_paths(group) if f"## `{p}`" not in text]
    assert missing == [], f"commands without a '## `...`' section in docs/cli.md: {missing}"


def test_settings_doc_is_generated_and_current() -> None:
    assert (DOCS / "settings.md").read_text(encoding="utf-8") == settings.markdown()


def test_every_setting_has_help() -> None:
    assert all(s.help.strip() for s in settings.SETTINGS)
