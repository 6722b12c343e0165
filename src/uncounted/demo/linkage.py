"""Demo stage for record linkage: Splink clusters → the capture table used by MSE.

Imports ``uncounted.link.run`` (the linkage engine); until that has landed the
stage is reported as missing. Each simulated list holds one record per person,
so every list is declared duplicate-free. Linkage quality is measured against
the true membership (pairwise precision and recall, clusters vs persons).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import combinations
from typing import Any

import pandas as pd

from uncounted.demo.stages import DemoContext, Quantity, StageOutput
from uncounted.demo.truth import LABELS
from uncounted.estimate.population.table import from_clusters
from uncounted.publish.sections import Paragraph, Section, Table

# Raises ImportError until the linkage engine has landed: the stage is then "missing".
link_records: Any = importlib.import_module("uncounted.link.run").link_records


def link_stage(ctx: DemoContext) -> StageOutput:
    """Link the vault's records; publish ``capture_table`` and ``clusters``."""
    assert ctx.world is not None
    records = ctx.value("record_objects")
    lists = sorted({r.list for r in records})
    with _quiet_training():
        result = link_records(records, duplicate_free=lists)
    clusters = result.clusters[["record_id", "list", "cluster_id"]]
    table = from_clusters(clusters, source="linkage")
    quality = linkage_quality(clusters, ctx.world.membership)
    documented = Quantity(
        "victims_documented",
        LABELS["victims_documented"],
        None,
        float(quality["clusters"]),
        method="clusters from Splink linkage",
        stage="link",
        note=f"pairwise precision {quality['precision']:.3f}, recall {quality['recall']:.3f}",
    )
    section = Section("linkage", "Record linkage across lists")
    section.add(
        Paragraph(
            f"{len(clusters):,} records linked into {quality['clusters']:,} clusters "
            f"(true persons: {quality['persons']:,})."
        )
    )
    section.add(Table(pd.DataFrame([quality]), "Linkage quality against the simulated truth"))
    note = f"{quality['clusters']:,} clusters; precision {quality['precision']:.3f}"
    values = {"capture_table": table, "clusters": clusters}
    return StageOutput([documented], [section], note, values)


@contextmanager
def _quiet_training() -> Iterator[None]:
    """Hide Splink's training notices (levels not observed, sampling skipped) in the demo.

    Splink prints through a handler of its own on the ``splink`` logger, added only when
    that logger has none; a silent handler in its place keeps the demo's output readable.
    The notices are diagnostics for an analyst tuning a model: ``uncounted link`` shows them.
    """
    splink = logging.getLogger("splink")
    saved, propagate = list(splink.handlers), splink.propagate
    for handler in saved:
        splink.removeHandler(handler)
    silent = logging.NullHandler()
    splink.addHandler(silent)
    splink.propagate = False
    try:
        yield
    finally:
        splink.removeHandler(silent)
        for handler in saved:
            splink.addHandler(handler)
        splink.propagate = propagate


def linkage_quality(clusters: pd.DataFrame, membership: pd.DataFrame) -> dict[str, float]:
    """Pairwise precision and recall of ``clusters`` against true ``membership``."""
    merged = clusters.merge(membership, on=["list", "record_id"], how="inner")
    predicted = _pairs(merged, "cluster_id")
    true = _pairs(merged, "person_id")
    hits = len(predicted & true)
    return {
        "clusters": int(merged["cluster_id"].nunique()),
        "persons": int(merged["person_id"].nunique()),
        "precision": hits / len(predicted) if predicted else 1.0,
        "recall": hits / len(true) if true else 1.0,
    }


def _pairs(frame: pd.DataFrame, key: str) -> set[tuple[str, str]]:
    ids = frame["list"].astype(str) + ":" + frame["record_id"].astype(str)
    groups = ids.groupby(frame[key].to_numpy())
    return {pair for members in groups for pair in combinations(sorted(members[1]), 2)}
