"""The demo's stages: a small registry, so analyses plug in without editing the runner.

A stage is named by ``"module:function"``. The function takes the
:class:`DemoContext` and returns a :class:`StageOutput` (quantities for
``summary.json`` and sections for the report). A stage whose module or function
is not importable is reported as *missing*, never faked. To add an analysis,
write the function in your area and add (or point) one :class:`StageSpec` in
:data:`STAGES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from uncounted.publish.sections import Section
from uncounted.simulate import World


@dataclass(frozen=True)
class Quantity:
    """One line of the truth-versus-estimate table (``summary.json``)."""

    key: str
    label: str
    truth: float | None
    estimate: float | None = None
    interval: tuple[float, float] | None = None
    method: str = ""
    stage: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "truth": self.truth,
            "estimate": self.estimate,
            "interval": list(self.interval) if self.interval else None,
            "method": self.method,
            "stage": self.stage,
            "note": self.note,
        }


@dataclass
class StageOutput:
    """What a stage adds: estimates, report sections, a one-line note, shared values."""

    quantities: list[Quantity] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    note: str = ""
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class DemoContext:
    """Everything stages share. ``world`` holds the truth (for comparison only)."""

    out: Path
    passphrase: str
    seed: int
    size: int | None
    scenario: str = "default"
    population_head: str = "catchment"  # or "lcmcr": see uncounted.demo.run.run_demo
    world: World | None = None
    vault_path: Path | None = None
    records: pd.DataFrame | None = None
    outputs: dict[str, StageOutput] = field(default_factory=dict)

    def value(self, name: str, default: Any = None) -> Any:
        """A value published by an earlier stage (``StageOutput.values``)."""
        for output in self.outputs.values():
            if name in output.values:
                return output.values[name]
        return default


StageFunction = Callable[[DemoContext], StageOutput]


@dataclass(frozen=True)
class StageSpec:
    """A stage of the demo: its name, label and ``"module:function"`` target."""

    name: str
    label: str
    target: str

    def load(self) -> StageFunction | None:
        """The stage function, or None if its module or function has not landed."""
        module_name, _, function_name = self.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # the module, or an analysis it needs, has not landed
            return None
        function = getattr(module, function_name, None)
        return function if callable(function) else None


STAGES: list[StageSpec] = [
    StageSpec("simulate", "Simulate the default scenario", "uncounted.demo.builtin:simulate_stage"),
    StageSpec(
        "vault", "Encrypted vault and import of the lists", "uncounted.demo.builtin:vault_stage"
    ),
    StageSpec(
        "describe", "Describe the documented records", "uncounted.demo.builtin:describe_stage"
    ),
    StageSpec("link", "Record linkage across lists", "uncounted.demo.linkage:link_stage"),
    StageSpec(
        "population", "Population estimation (MSE)", "uncounted.demo.builtin:population_stage"
    ),
    StageSpec("profits", "Criminal profits", "uncounted.estimate.profits.demo:profits_stage"),
    StageSpec("pathways", "Pathways and time to event", "uncounted.demo.analyses:pathways_stage"),
    StageSpec("network", "Perpetrator network", "uncounted.demo.analyses:network_stage"),
]
