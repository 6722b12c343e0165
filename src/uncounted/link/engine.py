"""Run the Splink model on DuckDB in memory: train without labels, score pairs.

The DuckDB connection never writes to disk: it is ``:memory:``, its temporary
directory is unset and capped at zero bytes, so a job that does not fit in
``memory_limit`` fails instead of spilling plaintext names to a temp file.
"""

from __future__ import annotations

import copy
import itertools
import logging
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker

from uncounted.errors import LinkageError
from uncounted.link.model import deterministic_rules, settings_for

__all__ = ["PairScores", "connect", "predict_pairs", "train_model"]

MEMORY_LIMIT = "4GB"
U_PAIRS = 2e6
_TABLES = itertools.count()
M_FLOOR = 0.002
PRIOR_SCORE_FLOOR = 0.001
EM_RULES = ("l.surname_sk = r.surname_sk", "l.birth_year = r.birth_year")
EM_FALLBACK_RULE = "l.given_sk = r.given_sk"
EM_MAX_PAIRS = 2e6
WIDE_BLOCKING_MAX_RECORDS = 200_000
logging.getLogger("splink").setLevel(logging.WARNING)


def connect(
    memory_limit: str = MEMORY_LIMIT, threads: int | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection that refuses to spill to disk."""
    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit = '{_size(memory_limit)}'")
    con.execute("SET temp_directory = ''")
    con.execute("SET max_temp_directory_size = '0KiB'")
    con.execute("SET preserve_insertion_order = false")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # Spark's name for the similarity (Splink's UDF), so the model's SQL runs on both.
    con.execute("CREATE MACRO jaro_winkler(a, b) AS jaro_winkler_similarity(a, b)")
    return con


def _size(text: str) -> str:
    clean = text.strip().replace(" ", "")
    if not clean[:-2].replace(".", "").isdigit() or clean[-2:].upper() not in ("MB", "GB"):
        raise LinkageError("memory limit must look like 512MB or 4GB", setting="memory_limit")
    return clean


def _linker(
    frame: pd.DataFrame, settings: dict[str, Any], con: duckdb.DuckDBPyConnection
) -> Linker:
    db_api = DuckDBAPI(connection=con)
    table = db_api.register(frame, table_name=f"records_{next(_TABLES)}")
    return Linker(table, settings, log_level=logging.WARNING)


def train_model(
    frame: pd.DataFrame,
    *,
    attributes: tuple[str, ...] = (),
    names_only: bool = False,
    con: duckdb.DuckDBPyConnection | None = None,
    seed: int = 1,
) -> dict[str, Any]:
    """Estimate the model from ``frame`` without labels; returns Splink settings (JSON-able).

    The prior comes from near-certain matches, u probabilities from random
    pairs, m probabilities by expectation maximisation on two blockings that
    each leave the other's comparisons free.
    """
    if len(frame) < 2:
        raise LinkageError("linkage needs at least two records")
    wide = len(frame) <= WIDE_BLOCKING_MAX_RECORDS
    settings = settings_for(wide=wide, attributes=attributes, names_only=names_only)
    con = con or connect()
    linker = _linker(frame, settings, con)
    rules: list[Any] = list(deterministic_rules())
    linker.training.estimate_probability_two_random_records_match(rules, recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=seed)
    model: dict[str, Any] = linker.misc.save_model_to_json()
    for rule in EM_RULES:
        model = _expectation_maximisation(frame, model, rule, con)
    if _untrained(model):
        model = _expectation_maximisation(frame, model, EM_FALLBACK_RULE, con)
    return refine_prior(frame, fill_untrained(model), con)


def _trained_levels(comparison: dict[str, Any]) -> list[bool]:
    levels = [c for c in comparison["comparison_levels"] if not c.get("is_null_level")]
    return [isinstance(level.get("m_probability"), float) for level in levels]


def _untrained(model: dict[str, Any]) -> list[str]:
    """Comparisons none of whose levels got an m probability from EM."""
    return [c["output_column_name"] for c in model["comparisons"] if not any(_trained_levels(c))]


def _expectation_maximisation(
    frame: pd.DataFrame, model: dict[str, Any], rule: str, con: duckdb.DuckDBPyConnection
) -> dict[str, Any]:
    """One EM session on a fresh linker.

    A session that drives some m to exactly zero (Splink refuses it; it happens in
    small blocks when a level's m is zero or untrained at the start) is run again
    from the regularised model (every m a positive number); if that fails too the
    model is left as it was and the comparison keeps its regularised values.
    """
    for start in (model, fill_untrained(copy.deepcopy(model))):
        linker = _linker(frame, copy.deepcopy(start), con)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
            )
        except ValueError as error:
            if "below the minimum allowed value" not in str(error):
                raise
            logging.getLogger(__name__).warning("an EM session failed (degenerate block)")
            continue
        trained: dict[str, Any] = linker.misc.save_model_to_json()
        return trained
    return model


def refine_prior(
    frame: pd.DataFrame, model: dict[str, Any], con: duckdb.DuckDBPyConnection, rounds: int = 3
) -> dict[str, Any]:
    """Re-estimate the prior match probability as EM would: the expected number of
    matches (sum of match probabilities over the scored pairs) over all pairs."""
    n = len(frame)
    total = n * (n - 1) / 2
    for _ in range(rounds):
        pairs = predict_pairs(frame, model, threshold=PRIOR_SCORE_FLOOR, con=con).pairs
        expected = float(pairs["match_probability"].sum()) if len(pairs) else 1.0
        model["probability_two_random_records_match"] = min(max(expected / total, 1e-9), 0.5)
    return model


def fill_untrained(model: dict[str, Any]) -> dict[str, Any]:
    """Regularise the estimates: a level never seen among random pairs gets u as if
    seen once; m is floored at ``M_FLOOR`` (EM drives the m of a level it never sees
    among its likely matches to zero, which would make that level a veto). A
    comparison EM could not train at all gets m = u on every level: it then carries
    no evidence either way instead of a made-up one."""
    for comparison in model["comparisons"]:
        if not any(_trained_levels(comparison)):
            _no_evidence(comparison)
            continue
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if not isinstance(m, float) and not isinstance(u, float):
                level["m_probability"] = level["u_probability"] = M_FLOOR
                continue
            if not isinstance(u, float):
                level["u_probability"] = 1.0 / U_PAIRS
            level["m_probability"] = max(m if isinstance(m, float) else M_FLOOR, M_FLOOR)
    return model


def _no_evidence(comparison: dict[str, Any]) -> None:
    for level in comparison["comparison_levels"]:
        if level.get("is_null_level"):
            continue
        u = level.get("u_probability")
        level["u_probability"] = u if isinstance(u, float) else M_FLOOR
        level["m_probability"] = level["u_probability"]


@dataclass(frozen=True)
class PairScores:
    """Scored candidate pairs: ``unique_id_l``, ``unique_id_r``, ``match_weight``,
    ``match_probability`` and the per-comparison ``bf_*``/``gamma_*`` columns."""

    pairs: pd.DataFrame
    settings: dict[str, Any]


def predict_pairs(
    frame: pd.DataFrame,
    model: dict[str, Any],
    *,
    threshold: float = 0.01,
    con: duckdb.DuckDBPyConnection | None = None,
) -> PairScores:
    """Score the blocked pairs of ``frame`` with a trained model; keep those above ``threshold``."""
    linker = _linker(frame, model, con or connect())
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs: pd.DataFrame = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    return PairScores(pairs=pairs, settings=model)
