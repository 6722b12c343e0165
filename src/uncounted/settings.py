"""Every setting of Uncounted, declared once with its default and help text.

A setting ``name`` is read from the environment variable ``UNCOUNTED_<NAME>``
(upper case). ``docs/settings.md`` is generated from this table
(``python -m uncounted.settings``) and a test checks it is current.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from uncounted.errors import ConfigError

PREFIX = "UNCOUNTED_"


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default (as text, or None) and help."""

    name: str
    default: str | None
    help: str
    secret: bool = False

    @property
    def env(self) -> str:
        return PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "passphrase",
        None,
        "Passphrase that opens the vault. When unset, the command line asks for it "
        "with a hidden prompt (twice at init). Never logged.",
        secret=True,
    ),
    Setting(
        "require_pg",
        "0",
        "When 1, tests that need PostgreSQL fail instead of skipping if it is unreachable.",
    ),
    Setting(
        "pg_url",
        "postgresql://127.0.0.1:5432/test",
        "PostgreSQL server used by the tests and benchmarks of the team-server backend.",
    ),
    Setting(
        "argon2_time_cost",
        "",
        "Argon2id iterations for new vaults; empty means calibrate to about 0.5-1 s.",
    ),
    Setting(
        "argon2_memory_kib",
        "262144",
        "Argon2id memory cost in KiB for new vaults.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The declared setting called ``name``."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ConfigError(f"unknown setting {name!r}", setting=name) from None


def get(name: str) -> str | None:
    """The value of setting ``name`` from the environment, else its default."""
    s = setting(name)
    return os.environ.get(s.env, s.default)


def get_bool(name: str) -> bool:
    """A setting read as a flag: 1/true/yes/on are true."""
    return (get(name) or "").strip().lower() in {"1", "true", "yes", "on"}


def markdown() -> str:
    """The settings reference as Markdown (the body of ``docs/settings.md``)."""
    lines = [
        "# Settings",
        "",
        "Generated from `uncounted.settings` by `python -m uncounted.settings`; do not edit.",
        "",
        "| variable | default | help |",
        "|---|---|---|",
    ]
    for s in SETTINGS:
        default = "(unset)" if s.default is None else f"`{s.default}`" if s.default else "(empty)"
        lines.append(f"| `{s.env}` | {default} | {s.help} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
