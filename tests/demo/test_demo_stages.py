"""The stage registry: missing targets are reported, failing stages are marked failed."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from splink.internals import splink_logging

from uncounted.demo.builtin import population_stage
from uncounted.demo.linkage import _quiet_training
from uncounted.demo.run import _run, run_demo
from uncounted.demo.stages import DemoContext, StageSpec
from uncounted.errors import ConfigError
from uncounted.simulate import simulate_world


def _context(tmp_path: Path) -> DemoContext:
    return DemoContext(out=tmp_path, passphrase="x", seed=1, size=10)


def test_a_target_that_has_not_landed_is_missing(tmp_path: Path) -> None:
    for target in ("uncounted.no_such_module:stage", "uncounted.demo.builtin:no_such_function"):
        spec = StageSpec("future", "A future analysis", target)
        assert spec.load() is None
        events: list[tuple[str, str]] = []
        status = _run(spec, _context(tmp_path), lambda s, e, seen=events: seen.append((s, e)))
        assert status["status"] == "missing" and events == [("future", "missing")]


def test_a_stage_that_raises_is_failed_not_fatal(tmp_path: Path) -> None:
    # describe_stage needs records from the vault stage: without them it fails.
    spec = StageSpec("describe", "Describe", "uncounted.demo.builtin:describe_stage")
    ctx = _context(tmp_path)
    status = _run(spec, ctx, None)
    assert status["status"] == "failed"
    assert status["note"] == "failed: AssertionError"
    assert "describe" not in ctx.outputs


def test_demo_hides_splink_training_notices_and_restores_logging(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in a plain run: no root handler (pytest's own would make Splink skip its stderr one).
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    splink = logging.getLogger("splink")
    before = (list(splink.handlers), splink.propagate)
    with _quiet_training():
        splink_logging.enable(logging.WARNING)  # what each Splink Linker does
        logging.getLogger("splink.internals.em").warning("unable to train m value")
    assert "unable to train m value" not in capsys.readouterr().err
    assert (list(splink.handlers), splink.propagate) == before


def test_the_catchment_model_leads_the_population_stage_by_default(tmp_path: Path) -> None:
    world = simulate_world("default", seed=3, size=1_500)
    ctx = DemoContext(out=tmp_path, passphrase="x", seed=3, size=1_500, world=world)
    output = population_stage(ctx)
    head = output.values["population_estimate"]
    assert head.method == "catchment"
    assert set(head.details["scopes"]) == {"shelter", "rescue", "arrival"}
    assert output.quantities[0].estimate == head.estimate
    assert head.estimate >= head.n_observed


def test_the_latent_class_model_stays_selectable(tmp_path: Path) -> None:
    world = simulate_world("default", seed=3, size=1_500)
    ctx = DemoContext(
        out=tmp_path, passphrase="x", seed=3, size=1_500, population_head="lcmcr", world=world
    )
    output = population_stage(ctx)
    head = output.values["population_estimate"]
    assert head.method == "lcmcr"
    assert output.quantities[0].method == "lcmcr"


def test_an_unknown_population_head_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="population head"):
        run_demo(tmp_path / "out", passphrase="x", population_head="magic")
