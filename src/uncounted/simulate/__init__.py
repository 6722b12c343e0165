"""Synthetic worlds with known truth: scenarios, ``simulate_world`` and the World tables.

See ``docs/simulation.md`` for the model and the files (contract 4).
"""

from uncounted.simulate.scenario import ListSpec, Scenario, bundled_scenarios, load_scenario
from uncounted.simulate.world import World, capture_histories, simulate_world

__all__ = [
    "ListSpec",
    "Scenario",
    "World",
    "bundled_scenarios",
    "capture_histories",
    "load_scenario",
    "simulate_world",
]
