"""EM from two starts (``uncounted.link.em``) on the cross-script Korean benchmark.

At seed 7, names only, the session blocked on birth year has two fixed points
(see ``test_link_korean_em``). Started in the bad one's basin (the given name's
"else" and the alias levels at m = 0.002), Splink's own EM stays there; the flat
start reaches the good one, whose likelihood is higher, so EM runs from it.
The numpy replica of Splink's iteration that makes the choice is checked against
Splink's own EM, and the log-likelihood against Splink's scored pairs.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import duckdb
import numpy as np
import pytest
from benchmarks import korean_errors as ke
from splink import DuckDBAPI, Linker

from uncounted.link.em import (
    best_fit,
    fixed_point,
    flat_start,
    patterns,
    session_for,
    start_of,
)
from uncounted.link.engine import EM_MAX_PAIRS, connect
from uncounted.link.frame import linkage_frame
from uncounted.link.run import link_records

RULE = "l.birth_year = r.birth_year"
ALIAS_LEVELS = ("alias shared", "alias meets name in every syllable")


@pytest.fixture(scope="module")
def korean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict[str, Any], float]:
    notes, records, truth = ke.load(tmp_path_factory.mktemp("korean"), 1500, 7)
    lists = sorted({r.list for r in records})
    model = link_records(records, threshold=0.5, names_only=True, duplicate_free=lists).model
    renamed = sum(1 for a, b in truth if notes[a]["renamed"] or notes[b]["renamed"])
    return linkage_frame(records), model, renamed / len(truth)


def _level(model: dict[str, Any], comparison: str, label: str) -> dict[str, Any]:
    for item in model["comparisons"]:
        if item["output_column_name"] == comparison:
            for level in item["comparison_levels"]:
                if level.get("label_for_charts") == label:
                    return dict(level)
    raise AssertionError(f"no level {label!r} in {comparison!r}")


def _m(model: dict[str, Any], comparison: str, label: str) -> float:
    return float(_level(model, comparison, label)["m_probability"])


def _bad_start(model: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(model)
    for item in out["comparisons"]:
        for level in item["comparison_levels"]:
            label = level.get("label_for_charts")
            if (item["output_column_name"], label) in {
                ("given_name", "else"),
                *(("aliases", a) for a in ALIAS_LEVELS),
            }:
                level["m_probability"] = 0.002
    return out


def _linker_for(frame: Any, con: duckdb.DuckDBPyConnection) -> Any:
    api = DuckDBAPI(connection=con)
    return lambda settings: Linker(api.register(frame), copy.deepcopy(settings), log_level=40)


def _public(frame: Any, start: dict[str, Any], con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    linker = _linker_for(frame, con)(start)
    linker.training.estimate_parameters_using_expectation_maximisation(
        RULE, estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
    )
    out: dict[str, Any] = linker.misc.save_model_to_json()
    return out


def _replica(frame: Any, start: dict[str, Any], con: duckdb.DuckDBPyConnection) -> Any:
    """The numpy fixed point from ``start`` and its log-likelihood."""
    session = session_for(_linker_for(frame, con)(start), RULE, EM_MAX_PAIRS)
    vectors = session._comparison_vectors()
    try:
        counted = patterns(session, vectors, con)
    finally:
        vectors.drop_table_from_database_and_remove_from_cache()
    training = session.training_settings
    return fixed_point(
        counted,
        start_of(session),
        max_iterations=training.max_iterations,
        convergence=training.em_convergence,
    )


def test_flat_start_escapes_the_bad_fixed_point(korean: tuple[Any, Any, float]) -> None:
    frame, model, share = korean
    con = connect()
    start = _bad_start(model)
    stuck = _public(frame, start, con)
    assert _m(stuck, "given_name", "else") < 0.01  # Splink's EM stays in the bad basin
    assert all(_m(stuck, "aliases", a) < 0.01 for a in ALIAS_LEVELS)
    _, bad = _replica(frame, start, con)
    _, good = _replica(frame, flat_start(start, {"surname", "given_name", "aliases"}), con)
    assert good > bad + 10
    best = best_fit(_linker_for(frame, con), start, RULE, max_pairs=EM_MAX_PAIRS, con=con)
    assert best is not None
    assert best.log_likelihood == pytest.approx(good, rel=1e-6)
    assert _m(best.model, "given_name", "else") >= share / 2
    assert all(_m(best.model, "aliases", a) >= 0.1 for a in ALIAS_LEVELS)


@pytest.mark.parametrize("basin", ["good", "bad"])
def test_replica_reaches_splinks_fixed_point(korean: tuple[Any, Any, float], basin: str) -> None:
    """The numpy iteration stops where Splink's EM stops, level by level."""
    frame, model, _ = korean
    con = connect()
    start = model if basin == "good" else _bad_start(model)
    replica, _ = _replica(frame, start, con)
    public = _public(frame, start, con)
    names = ["surname", "given_name", "aliases"]
    compared = 0
    for name, m in zip(names, replica.m, strict=True):
        comparison = next(c for c in public["comparisons"] if c["output_column_name"] == name)
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for position, level in enumerate(levels):
            mine = m[len(levels) - 1 - position]
            if mine == 1e-6:  # a level no pair of the block reaches: Splink keeps the start
                continue
            assert mine == pytest.approx(level["m_probability"], abs=1e-9)
            compared += 1
    assert compared >= 12


def test_log_likelihood_recomputed_from_scored_pairs(korean: tuple[Any, Any, float]) -> None:
    """The fit's log-likelihood equals one computed from Splink's comparison vectors of
    the same block (its predict), with the fit's m, u and λ."""
    frame, model, _ = korean
    con = connect()
    fit = best_fit(_linker_for(frame, con), model, RULE, max_pairs=EM_MAX_PAIRS, con=con)
    assert fit is not None
    settings = copy.deepcopy(fit.model)
    settings["blocking_rules_to_generate_predictions"] = [RULE]
    settings["retain_intermediate_calculation_columns"] = True
    settings["retain_matching_columns"] = True
    pairs = _linker_for(frame, con)(settings).inference.predict().as_pandas_dataframe()
    m = np.ones(len(pairs))
    u = np.ones(len(pairs))
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        gamma = pairs[f"gamma_{comparison['output_column_name']}"].to_numpy()
        for position, level in enumerate(levels):
            hit = gamma == len(levels) - 1 - position  # Splink numbers levels downwards
            m[hit] *= level.get("m_probability", 0.0)
            u[hit] *= level["u_probability"]
    expected = float(np.log(fit.share * m + (1 - fit.share) * u).sum())
    assert len(pairs) < EM_MAX_PAIRS  # the session read the whole block
    assert math.isclose(fit.log_likelihood, expected, rel_tol=1e-9)


def test_flat_start_spreads_m_over_the_named_comparisons() -> None:
    model = {
        "comparisons": [
            {
                "output_column_name": "a",
                "comparison_levels": [
                    {"is_null_level": True},
                    {"m_probability": 0.9},
                    {"m_probability": 0.05},
                    {"m_probability": 0.05},
                ],
            },
            {"output_column_name": "b", "comparison_levels": [{"m_probability": 0.7}]},
        ]
    }
    flat = flat_start(model, {"a"})
    levels = flat["comparisons"][0]["comparison_levels"]
    assert "m_probability" not in levels[0]
    assert [lv["m_probability"] for lv in levels[1:]] == pytest.approx([1 / 3] * 3)
    assert flat["comparisons"][1] == model["comparisons"][1]
    assert model["comparisons"][0]["comparison_levels"][1]["m_probability"] == 0.9
