"""Writing a simulated world into a folder, refusing to overwrite without ``force``."""

from __future__ import annotations

import shutil
from pathlib import Path

from uncounted.errors import ConfigError
from uncounted.simulate.scenario import Scenario, load_scenario
from uncounted.simulate.world import SCOPES_FILE, World, simulate_world

WRITTEN = ("lists", "truth", "capture_histories.csv", SCOPES_FILE)


def prepare_out(out: Path, force: bool, owned: tuple[str, ...] = WRITTEN) -> Path:
    """Make ``out`` ready: refuse a non-empty folder unless ``force``, then clear ``owned``.

    Only the entries named in ``owned`` are removed; anything else in the folder stays.
    """
    if out.exists() and not out.is_dir():
        raise ConfigError("--out must be a folder", option="--out")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ConfigError(
                "the --out folder is not empty; use --force to overwrite", option="--out"
            )
        for name in owned:
            target = out / name
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    return out


def simulate_to(
    out: str | Path,
    scenario: str | Path | Scenario = "default",
    *,
    seed: int = 1,
    size: int | None = None,
    force: bool = False,
) -> World:
    """Validate the scenario, check ``out``, simulate, and write the files of contract 4."""
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if size is not None and size < 1:
        raise ConfigError("--size must be at least 1", option="--size")
    prepare_out(Path(out), force)
    world = simulate_world(scenario, seed=seed, size=size)
    world.write(out)
    return world
