"""``run_demo``: simulate, store encrypted, analyse with every stage that exists, report."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from uncounted.demo import sections as report_sections
from uncounted.demo.stages import STAGES, DemoContext, StageOutput, StageSpec
from uncounted.demo.truth import LABELS, true_values
from uncounted.errors import ConfigError, UncountedError
from uncounted.publish import write_report
from uncounted.simulate.output import prepare_out

OURS = (
    "demo.vault",
    "demo.vault-wal",
    "demo.vault-shm",
    "demo.vault.header.json",
    "simulation",
    "report",
    "summary.json",
)
EXPECTED_STAGE = {
    "median_age": "pathways",
    "resale_rate": "pathways",
    "annual_profit_usd": "profits",
}
Progress = Callable[[str, str], None]
POPULATION_HEADS = ("catchment", "lcmcr")


def new_demo_passphrase() -> str:
    """A fresh random passphrase for a demo vault, shown to the user once, never stored."""
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class DemoResult:
    out: Path
    report: Path
    summary: dict[str, Any]


def run_demo(
    out: str | Path,
    *,
    passphrase: str,
    force: bool = False,
    seed: int = 1,
    size: int | None = None,
    progress: Progress | None = None,
    population_head: str = "catchment",
) -> DemoResult:
    """Run every registered stage in order; write ``report/index.html`` and ``summary.json``.

    ``population_head``: the population estimate the report leads with and the profit
    stage uses, ``catchment`` (default: the log-linear model over the lists' documented
    scopes) or ``lcmcr`` (the latent-class model, which reads every list as able to see
    everyone).
    """
    if population_head not in POPULATION_HEADS:
        choices = " or ".join(POPULATION_HEADS)
        raise ConfigError(f"population head must be {choices}", option="--population-head")
    ctx = DemoContext(
        out=prepare_out(Path(out), force, OURS),
        passphrase=passphrase,
        seed=seed,
        size=size,
        population_head=population_head,
    )
    status = [_run(spec, ctx, progress) for spec in STAGES]
    assert ctx.world is not None
    summary = _summary(ctx, status)
    (ctx.out / "summary.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    sections = [s for output in ctx.outputs.values() for s in output.sections]
    sections += [
        report_sections.summary(list(summary["quantities"].values())),
        report_sections.methods(ctx.world, status),
    ]
    report = write_report(
        ctx.out / "report" / "index.html",
        "Uncounted demo report",
        sections,
        "A simulated world, its documentation lists, and what the analyses recover.",
    )
    return DemoResult(ctx.out, report, summary)


def _run(spec: StageSpec, ctx: DemoContext, progress: Progress | None) -> dict[str, str]:
    function = spec.load()
    if function is None:
        if progress:
            progress(spec.name, "missing")
        return {
            "stage": spec.name,
            "label": spec.label,
            "status": "missing",
            "note": f"{spec.target} not available",
            "seconds": "",
        }
    if progress:
        progress(spec.name, "start")
    started = time.perf_counter()
    try:
        output: StageOutput = function(ctx)
    except Exception as error:  # a failing analysis is reported, not hidden
        if progress:
            progress(spec.name, "failed")
        # Only our own errors' messages (never values); others by type alone.
        detail = error.message if isinstance(error, UncountedError) else type(error).__name__
        note = f"failed: {detail}"
        failed = {"stage": spec.name, "label": spec.label, "status": "failed", "note": note}
        return failed | {"seconds": ""}
    ctx.outputs[spec.name] = output
    if progress:
        progress(spec.name, "done")
    seconds = f"{time.perf_counter() - started:.1f}"
    return {
        "stage": spec.name,
        "label": spec.label,
        "status": "done",
        "note": output.note,
        "seconds": seconds,
    }


def _summary(ctx: DemoContext, status: list[dict[str, str]]) -> dict[str, Any]:
    assert ctx.world is not None
    truth = true_values(ctx.world)
    found = {q.key: q for output in ctx.outputs.values() for q in output.quantities}
    missing = {s["stage"] for s in status if s["status"] == "missing"}
    quantities: dict[str, Any] = {}
    for key, label in LABELS.items():
        entry = {
            "label": label,
            "truth": truth[key],
            "estimate": None,
            "interval": None,
            "method": "",
            "stage": "",
            "note": "",
        }
        if key in found:
            entry |= {k: v for k, v in found[key].to_dict().items() if k not in ("truth", "label")}
        elif EXPECTED_STAGE.get(key) in missing:
            entry["note"] = f"stage '{EXPECTED_STAGE[key]}' missing"
        else:
            entry["note"] = "no stage estimates this yet"
        quantities[key] = entry
    world = ctx.world
    return {
        "scenario": world.scenario.name,
        "seed": world.seed,
        "size": world.size,
        "stages": status,
        "quantities": quantities,
    }
