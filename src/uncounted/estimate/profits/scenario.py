"""Profit scenarios: cited priors plus the structural switches, from YAML.

A scenario file has ``priors:`` (each with ``source:``), ``switches:``
(population scenario 10k / 50k / 200k / estimate; revenue mode bottom_up /
kfi_floor / ilo_regional; forced labour on or off), the output currency and
price year, and the reference year. Structural choices are switches, never
hidden inside a prior.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from uncounted.errors import InputError
from uncounted.estimate.profits.model import required_inputs
from uncounted.estimate.profits.money import Currency, parse_currency
from uncounted.estimate.profits.priors import Prior, fixed, parse_priors

MODES = ("bottom_up", "kfi_floor", "ilo_regional")


@dataclass(frozen=True)
class ProfitScenario:
    """Everything one Monte Carlo run needs besides the number of draws and the seed."""

    priors: Mapping[str, Prior]
    population_scenario: str = "50k"
    population_values: Mapping[str, Prior] = field(default_factory=dict)
    floors: Mapping[str, Prior] = field(default_factory=dict)
    revenue_mode: str = "bottom_up"
    forced_labour: bool = False
    currency: Currency = Currency.USD
    price_year: int = 2019
    reference_year: int = 2019
    structure: str = "steady_state"

    def with_switches(self, **changes: Any) -> ProfitScenario:
        """A copy with other switches (validated)."""
        return _checked(replace(self, **changes))

    def active_priors(self) -> dict[str, Prior]:
        """The priors the model uses under the current switches."""
        needed = required_inputs(self.structure, self.revenue_mode)
        active = {k: p for k, p in self.priors.items() if k in needed}
        if self.revenue_mode == "kfi_floor":
            active.update(self.floors)
        if self.structure == "steady_state" and "victims" not in active:
            active["north_koreans_in_china"] = self.population_values[self.population_scenario]
        return active


def _checked(scenario: ProfitScenario) -> ProfitScenario:
    if scenario.revenue_mode not in MODES:
        raise InputError(f"unknown revenue mode {scenario.revenue_mode!r}", column="revenue_mode")
    has_victims = "victims" in scenario.priors
    if scenario.population_scenario == "estimate" and not has_victims:
        raise InputError(
            "population scenario 'estimate' needs a population estimate",
            column="population_scenario",
        )
    known = scenario.population_scenario in scenario.population_values
    if not (known or has_victims):
        raise InputError(
            f"unknown population scenario {scenario.population_scenario!r}",
            column="population_scenario",
        )
    return scenario


def _fixed_table(specs: Mapping[str, Any], kind: str) -> dict[str, Prior]:
    table: dict[str, Prior] = {}
    for name, spec in specs.items():
        if not str(spec.get("source", "")).strip():
            raise InputError(f"{name!r} has no source:", column=str(name))
        prior = fixed(str(name), float(spec["value"]), str(spec["source"]), kind)
        if kind == "price":
            currency = parse_currency(spec.get("currency"))
            prior = replace(prior, currency=currency, price_year=int(spec["price_year"]))
        table[str(name)] = prior
    return table


def scenario_from_mapping(data: Mapping[str, Any]) -> ProfitScenario:
    """A validated scenario from a parsed YAML mapping."""
    switches = dict(data.get("switches", {}))
    scenario = ProfitScenario(
        priors=parse_priors(dict(data.get("priors", {}))),
        population_scenario=str(switches.get("population_scenario", "50k")),
        population_values=_fixed_table(dict(data.get("population_scenarios", {})), "count"),
        floors=_fixed_table(dict(data.get("kfi_floor", {})), "price"),
        revenue_mode=str(switches.get("revenue_mode", "bottom_up")),
        forced_labour=bool(switches.get("include_forced_labour", False)),
        currency=parse_currency(data.get("currency", "USD")),
        price_year=int(data.get("price_year", 2019)),
        reference_year=int(data.get("reference_year", 2019)),
    )
    return _checked(scenario)


def default_scenario_data() -> dict[str, Any]:
    """The packaged default scenario as a mapping (to edit and pass back)."""
    text = resources.files(__package__).joinpath("default_scenario.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


def load_scenario(path: str | Path | None = None) -> ProfitScenario:
    """A scenario from a YAML file; the packaged default when ``path`` is None.

    Keys missing from the file are taken from the default (so a file may change
    only a switch or one prior).
    """
    data = default_scenario_data()
    if path is not None:
        try:
            override = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise InputError(
                f"cannot read scenario: {type(error).__name__}", file=str(path)
            ) from None
        data = _merge(data, override)
    return scenario_from_mapping(data)


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if key in ("priors", "switches", "population_scenarios", "kfi_floor") and isinstance(
            value, Mapping
        ):
            merged[key] = {**dict(base.get(key, {})), **dict(value)}
        else:
            merged[key] = value
    return merged
