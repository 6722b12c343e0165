"""Scenarios: YAML files whose every parameter carries a ``source:`` note.

``load_scenario("default")`` reads a bundled scenario; ``load_scenario(path)``
reads a user's file. A file may say ``base: default`` (or a path) and override
some parameters or list fields. Everything is validated before anything runs.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from uncounted.errors import ScenarioError
from uncounted.simulate.schema import LIST_FIELDS, PARAMETERS, bad, mapping, text

TOP_LEVEL = ("name", "description", "base", "parameters", "lists")
LEFT = "left exploitation"
"""The scope of lists that see only women who left: escaped or rescued (arrival follows either)."""


@dataclass(frozen=True)
class ListSpec:
    """One documentation list: who it can see, how likely, and how it records."""

    name: str
    label: str
    source: str
    coverage: float
    eligible: str
    years: tuple[int, int]
    pathway_effects: dict[str, float]
    reachability_loading: float
    depends_on: dict[str, float]
    location: str | None
    recording: dict[str, Any]


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: parameter values, their sources, and the lists."""

    name: str
    description: str
    params: dict[str, Any]
    sources: dict[str, str]
    lists: tuple[ListSpec, ...]
    document: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    @property
    def list_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.lists)

    @property
    def list_scopes(self) -> dict[str, str]:
        """Each list's documented scope (list metadata an analyst knows), for catchment MSE.

        Lists that see everyone present are left out; a list that sees only women who
        escaped, were rescued or reached South Korea has the scope ``LEFT`` (each of
        these follows leaving exploitation). Years of operation are not scopes.
        """
        return {spec.name: LEFT for spec in self.lists if spec.eligible != "all"}


def bundled_scenarios() -> list[str]:
    """Names of the scenarios shipped with the package."""
    folder = resources.files("uncounted.simulate") / "scenarios"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Read, resolve (``base:``) and validate a bundled scenario or a YAML file."""
    document = _resolve(name_or_path, seen=())
    return validate_document(document, origin=str(name_or_path))


def validate_document(document: dict[str, Any], origin: str = "scenario") -> Scenario:
    """Validate a resolved scenario mapping; raise ``ScenarioError`` naming the parameter."""
    unknown = [k for k in document if k not in TOP_LEVEL]
    if unknown:
        raise _at(bad(str(unknown[0]), "is not a known scenario section"), origin)
    try:
        params, sources = _parameters(document.get("parameters"))
        lists = _lists(document.get("lists"))
        _check_consistency(params, lists)
    except ScenarioError as error:
        raise _at(error, origin) from None
    name = str(document.get("name") or Path(origin).stem)
    description = str(document.get("description") or "")
    resolved = {k: v for k, v in document.items() if k != "base"}
    return Scenario(name, description, params, sources, lists, resolved)


def _at(error: ScenarioError, origin: str) -> ScenarioError:
    return ScenarioError(error.message, file=origin, column=error.column)


def _read_yaml(name_or_path: str | Path) -> tuple[dict[str, Any], Path | None]:
    path = Path(name_or_path)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        if not path.is_file():
            raise ScenarioError("scenario file not found", file=str(path))
        raw_text, where = path.read_text(encoding="utf-8"), path
    else:
        if str(name_or_path) not in bundled_scenarios():
            known = ", ".join(bundled_scenarios())
            raise ScenarioError(f"no bundled scenario of that name (bundled: {known})")
        resource = resources.files("uncounted.simulate") / "scenarios" / f"{name_or_path}.yaml"
        raw_text, where = resource.read_text(encoding="utf-8"), None
    try:
        data = yaml.safe_load(raw_text)
    except yaml.YAMLError as error:
        raise ScenarioError("scenario is not valid YAML", file=str(name_or_path)) from error
    if not isinstance(data, dict):
        raise ScenarioError("scenario must be a YAML mapping", file=str(name_or_path))
    return data, where


def _resolve(name_or_path: str | Path, seen: tuple[str, ...]) -> dict[str, Any]:
    if str(name_or_path) in seen:
        raise ScenarioError("scenario bases form a cycle", column="base")
    data, where = _read_yaml(name_or_path)
    base = data.get("base")
    if base is None:
        return data
    base_ref = str(base)
    if where is not None and (where.parent / base_ref).is_file():
        base_ref = str(where.parent / base_ref)
    merged = _resolve(base_ref, (*seen, str(name_or_path)))
    return _merge(merged, data)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Parameters replace whole entries; list fields replace per field."""
    result = copy.deepcopy(base)
    for key in ("name", "description"):
        if key in override:
            result[key] = override[key]
    result.setdefault("parameters", {}).update(copy.deepcopy(override.get("parameters") or {}))
    for list_name, fields in (override.get("lists") or {}).items():
        target = result.setdefault("lists", {}).setdefault(list_name, {})
        target.update(copy.deepcopy(fields or {}))
    for key, value in override.items():
        if key not in TOP_LEVEL:
            result[key] = value
    return result


def _parameters(raw: Any) -> tuple[dict[str, Any], dict[str, str]]:
    entries = mapping("parameters", raw)
    params: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, entry in entries.items():
        if name not in PARAMETERS:
            raise bad(str(name), "is not a known parameter")
        params[name], sources[name] = _entry(str(name), entry)
    missing = [name for name in PARAMETERS if name not in params]
    if missing:
        raise bad(missing[0], "is missing")
    return params, sources


def _entry(name: str, entry: Any) -> tuple[Any, str]:
    if not isinstance(entry, dict) or "value" not in entry:
        raise bad(name, "must be a mapping with 'value' and 'source'")
    if not entry.get("source"):
        raise bad(name, "has no 'source:' note")
    extra = [k for k in entry if k not in ("value", "source")]
    if extra:
        raise bad(f"{name}.{extra[0]}", "is not allowed (only value and source)")
    return PARAMETERS[name](name, entry["value"]), text(f"{name}.source", entry["source"])


def _lists(raw: Any) -> tuple[ListSpec, ...]:
    entries = mapping("lists", raw)
    specs: list[ListSpec] = []
    for name, fields in entries.items():
        path = f"lists.{name}"
        raw_fields = mapping(path, fields)
        if not raw_fields.get("source"):
            raise bad(path, "has no 'source:' note")
        unknown = [k for k in raw_fields if k not in LIST_FIELDS]
        if unknown:
            raise bad(f"{path}.{unknown[0]}", "is not a known parameter")
        missing = [k for k in LIST_FIELDS if k not in raw_fields]
        if missing:
            raise bad(f"{path}.{missing[0]}", "is missing")
        values = {k: check(f"{path}.{k}", raw_fields[k]) for k, check in LIST_FIELDS.items()}
        specs.append(ListSpec(name=str(name), **values))
    return tuple(specs)


def _check_consistency(params: dict[str, Any], lists: tuple[ListSpec, ...]) -> None:
    if params["start_year"] > params["end_year"]:
        raise bad("end_year", "must not be before start_year")
    years = range(params["start_year"], params["end_year"] + 1)
    for name in ("crossing_weights", "arrival_year_factor"):
        absent = [y for y in years if y not in params[name]]
        if absent:
            raise bad(f"{name}.{absent[0]}", "is missing")
    if params["pathway_mix_early_until"] >= params["pathway_mix_late_from"]:
        raise bad("pathway_mix_late_from", "must come after pathway_mix_early_until")
    _check_bands(params["age_band_mix"])
    seen: list[str] = []
    for spec in lists:
        later = [d for d in spec.depends_on if d not in seen]
        if later:
            raise bad(f"lists.{spec.name}.depends_on.{later[0]}", "must name an earlier list")
        seen.append(spec.name)


def _check_bands(bands: dict[str, float]) -> None:
    for band in bands:
        low, _, high = band.partition("-")
        if not (low.isdigit() and high.isdigit() and int(low) <= int(high)):
            raise bad(f"age_band_mix.{band}", "must be an age band like '20-29'")


def age_bands(bands: dict[str, float]) -> list[tuple[int, int, float]]:
    """``{"20-29": 0.4}`` as ``[(20, 29, 0.4)]``."""
    result = []
    for band, weight in bands.items():
        low, _, high = band.partition("-")
        result.append((int(low), int(high), weight))
    return result
