"""Scenario files: bundled ones load; invalid ones are refused naming the parameter."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from uncounted.errors import ScenarioError
from uncounted.simulate import bundled_scenarios, load_scenario
from uncounted.simulate.schema import PARAMETERS


def test_bundled_scenarios_load_and_cite_every_parameter() -> None:
    assert "default" in bundled_scenarios()
    for name in bundled_scenarios():
        scenario = load_scenario(name)
        assert set(scenario.sources) == set(PARAMETERS)
        assert all(source.strip() for source in scenario.sources.values())
        assert all(spec.source.strip() for spec in scenario.lists)
    assert load_scenario("default").list_names == (
        "ngo",
        "shelter",
        "rescue",
        "arrival",
        "research",
    )


def _write(tmp_path: Path, document: dict[str, object]) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"base": "default", **document}), encoding="utf-8")
    return path


BAD = [
    ({"parameters": {"no_such_thing": {"value": 1, "source": "x"}}}, "no_such_thing"),
    ({"parameters": {"trafficked_share": {"value": 1.4, "source": "x"}}}, "trafficked_share"),
    ({"parameters": {"victim_share": {"value": -0.1, "source": "x"}}}, "victim_share"),
    (
        {
            "parameters": {
                "pathway_mix_late": {
                    "value": {
                        "prostitution": 0.5,
                        "forced_marriage": 0.3,
                        "cybersex": 0.3,
                        "other": 0.05,
                    },
                    "source": "x",
                }
            }
        },
        "pathway_mix_late",
    ),
    ({"parameters": {"trafficked_share": {"value": 0.5}}}, "trafficked_share"),
    ({"parameters": {"trafficked_share": {"value": "many", "source": "x"}}}, "trafficked_share"),
    ({"lists": {"ngo": {"coverage": 2.0}}}, "lists.ngo.coverage"),
    ({"lists": {"ngo": {"colour": "red"}}}, "lists.ngo.colour"),
    ({"lists": {"ngo": {"source": ""}}}, "lists.ngo"),
    ({"lists": {"ngo": {"depends_on": {"arrival": 1.0}}}}, "lists.ngo.depends_on.arrival"),
    (
        {"lists": {"ngo": {"recording": {"name_forms": {"hangul_north": 1.0}}}}},
        "lists.ngo.recording.alias_share",
    ),
    ({"unexpected": 1}, "unexpected"),
]


@pytest.mark.parametrize(("document", "parameter"), BAD)
def test_invalid_scenarios_name_the_parameter(
    tmp_path: Path, document: dict[str, object], parameter: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_write(tmp_path, document))
    assert caught.value.column == parameter
    assert parameter in caught.value.message


def test_nested_mix_must_sum_to_one(tmp_path: Path) -> None:
    recording = dict(load_scenario("default").lists[0].recording)
    recording["name_forms"] = {**recording["name_forms"], "missing": 0.5}
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_write(tmp_path, {"lists": {"ngo": {"recording": recording}}}))
    assert caught.value.column == "lists.ngo.recording.name_forms"


def test_override_inherits_from_base(tmp_path: Path) -> None:
    path = _write(tmp_path, {"parameters": {"trafficked_share": {"value": 0.5, "source": "test"}}})
    scenario = load_scenario(path)
    assert scenario["trafficked_share"] == 0.5
    assert scenario.sources["trafficked_share"] == "test"
    assert scenario["victim_share"] == load_scenario("default")["victim_share"]


def test_missing_file_and_unknown_name_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError):
        load_scenario(tmp_path / "absent.yaml")
    with pytest.raises(ScenarioError):
        load_scenario("no-such-bundled-scenario")
