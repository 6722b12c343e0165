"""How well could any model do on the cross-script Korean benchmark? Two estimates.

Diagnostics only; the frozen generator (``benchmarks.korean_lists``) runs unchanged
(through ``benchmarks.korean_errors``, which notes how each record was made).

1. ``identifiability``: a record that is nameless or renamed without an alias
   (``korean_errors.hard``) can be placed only by surname, birth year, origin and
   sex. For each, count the other people equally compatible with it: absent from
   its list (the lists are duplicate-free), present on another, and compatible with
   each of their name-findable records (same sex; origin equal or missing; birth
   years within both lists' noise; the same true surname unless the record is
   nameless). Generously, every name-findable pair is found without error and a
   hard record is placed exactly when it has no competitor: the recall and F1 this
   allows bound what the fields can give.
2. ``supervised``: the trained model's comparison vectors on every blocked pair,
   scored (a) with m from the truth (u from the model) and (b) by the empirical match
   rate of each exact vector (Bayes-optimal on these features, in-sample), each
   clustered as the pipeline clusters, at several thresholds.

Run: ``python -m benchmarks.korean_ceiling [SEED ...]``.
"""

from __future__ import annotations

import math
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks import korean_errors as ke
from benchmarks.korean_lists import YEAR_NOISE
from benchmarks.link_metrics import cluster_pairs, prf
from uncounted.link.attach import Attach
from uncounted.link.clusters import cluster_pairs as make_clusters
from uncounted.link.engine import predict_pairs
from uncounted.link.frame import linkage_frame
from uncounted.link.run import link_records, possible_pairs

Notes = dict[str, dict[str, Any]]


def _compatible(notes: Notes, h: str, q: str) -> bool:
    a, b = notes[h]["row"], notes[q]["row"]
    if a["sex"] != b["sex"]:
        return False
    if a["origin"] and b["origin"] and a["origin"] != b["origin"]:
        return False
    if a["birth_year"] and b["birth_year"]:
        gap = abs(int(a["birth_year"]) - int(b["birth_year"]))
        if gap > YEAR_NOISE[a["list"]] + YEAR_NOISE[b["list"]]:
            return False
    return not a["name"] or notes[h]["person"].surname == notes[q]["person"].surname


def identifiability(notes: Notes, truth: set[tuple[str, str]]) -> dict[str, float]:
    """The generous ceiling of estimate 1 (see the module docstring)."""
    people: dict[str, list[str]] = defaultdict(list)
    for uid, note in notes.items():
        people[note["person"].person_id].append(uid)
    recoverable, placed, competitors = 0, 0, []
    for pid, uids in people.items():
        if len(uids) < 2:
            continue
        easy = [u for u in uids if not ke.hard(notes[u])]
        unique: list[str] = []
        for h in (u for u in uids if ke.hard(notes[u])):
            own = notes[h]["row"]["list"]
            k = 0
            for qid, quids in people.items():
                if qid == pid or any(notes[q]["row"]["list"] == own for q in quids):
                    continue
                core = [q for q in quids if not ke.hard(notes[q])] or quids
                k += all(_compatible(notes, h, q) for q in core)
            competitors.append(k)
            if k == 0 and easy:
                placed += 1
                recoverable += len(easy) + len(unique)
                unique.append(h)
    hard_pairs = sum(1 for a, b in truth if ke.hard(notes[a]) or ke.hard(notes[b]))
    recall = (len(truth) - hard_pairs + recoverable) / len(truth)
    return {
        "true pairs": len(truth),
        "pairs with a hard record": hard_pairs,
        "hard records": len(competitors),
        "placeable (no competitor)": placed,
        "median competitors": float(np.median(competitors)) if competitors else 0.0,
        "recall ceiling": recall,
        "F1 ceiling at P=1": 2 * recall / (1 + recall),
        "F1 ceiling at P=0.98": 2 * 0.98 * recall / (0.98 + recall),
    }


def supervised(records: list[Any], truth: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """Estimate 2 (see the module docstring): rows of method, threshold, P, R, F1."""
    lists = sorted({r.list for r in records})
    result = link_records(records, threshold=0.5, duplicate_free=lists)
    frame = linkage_frame(records)
    ids = frame[["unique_id", "source_dataset"]]
    blocked = possible_pairs(predict_pairs(frame, result.model, threshold=0.0).pairs, lists)
    is_true = np.array(
        [
            ((a, b) if a < b else (b, a)) in truth
            for a, b in zip(blocked.unique_id_l, blocked.unique_id_r, strict=True)
        ]
    )
    n = len(records)
    prior = len(truth) / (n * (n - 1) / 2)
    rows = [_row("pipeline", 0.5, cluster_pairs(result.clusters), truth)]
    rows[0]["blocking recall"] = is_true.sum() / len(truth)

    weighted = blocked.copy()
    weight = np.full(len(weighted), math.log2(prior / (1 - prior)))
    for comparison in result.model["comparisons"]:
        name, levels = comparison["output_column_name"], comparison["comparison_levels"]
        gamma = weighted[f"gamma_{name}"].to_numpy()
        column = np.zeros(len(weighted))
        counted = [lv for lv in levels if not lv.get("is_null_level")]
        for index, level in enumerate(levels):
            if level.get("is_null_level"):
                continue
            at = gamma == len(levels) - 1 - index
            m = ((at & is_true).sum() + 0.5) / (is_true.sum() + 0.5 * len(counted))
            column[at] = math.log2(m / (level.get("u_probability") or 1e-6))
        weighted[f"mw_{name}"] = column
        if f"mw_tf_adj_{name}" in weighted:
            weighted[f"mw_tf_adj_{name}"] = 0.0
        weight += column
    weighted["match_weight"] = weight
    weighted["match_probability"] = 1 / (1 + np.power(2.0, -weight))
    rows += _clustered(
        "supervised m, same clustering",
        weighted,
        ids=ids,
        frame=frame,
        lists=lists,
        truth=truth,
        attach=True,
    )

    gammas = [f"gamma_{c['output_column_name']}" for c in result.model["comparisons"]]
    vector = blocked[gammas].astype(str).agg("|".join, axis=1)
    rate = pd.Series(is_true).groupby(vector.to_numpy()).mean()
    bayes = blocked[["unique_id_l", "unique_id_r"]].copy()
    p = np.clip(vector.map(rate).to_numpy(dtype=float), 1e-9, 1 - 1e-9)
    bayes["match_probability"] = p
    bayes["match_weight"] = np.log2(p / (1 - p))
    rows += _clustered(
        "Bayes-optimal vector, no attach",
        bayes,
        ids=ids,
        frame=frame,
        lists=lists,
        truth=truth,
        attach=False,
    )
    return rows


def _clustered(
    label: str,
    pairs: pd.DataFrame,
    *,
    ids: pd.DataFrame,
    frame: pd.DataFrame,
    lists: list[str],
    truth: set[tuple[str, str]],
    attach: bool,
) -> list[dict[str, Any]]:
    kept = pairs[pairs["match_probability"] >= 0.01].reset_index(drop=True)
    rows = []
    for threshold in (0.3, 0.5, 0.7, 0.9):
        result = make_clusters(
            ids, kept, threshold, duplicate_free=lists, attach=Attach() if attach else None
        )
        clusters = frame[["unique_id", "record_id", "source_dataset"]].merge(result.clusters)
        clusters = clusters.rename(columns={"source_dataset": "list"})
        rows.append(_row(label, threshold, cluster_pairs(clusters), truth))
    return rows


def _row(
    label: str, threshold: float, found: set[tuple[str, str]], truth: set[tuple[str, str]]
) -> dict[str, Any]:
    precision, recall, f1 = prf(found, truth)
    return {"method": label, "threshold": threshold, "P": precision, "R": recall, "F1": f1}


def main(argv: list[str] | None = None) -> None:
    seeds = [int(s) for s in (argv if argv is not None else sys.argv[1:])] or [20260101]
    for seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            notes, records, truth = ke.load(Path(tmp), 1500, seed)
        print(f"seed {seed}")
        for key, value in identifiability(notes, truth).items():
            print(f"  {key}: {value:.3f}" if isinstance(value, float) else f"  {key}: {value}")
        table = pd.DataFrame(supervised(records, truth))
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
