"""Run the Splink model on DuckDB in memory: train without labels, score pairs.

The DuckDB connection never writes to disk: it is ``:memory:``, its temporary
directory is unset and capped at zero bytes, so a job that does not fit in
``memory_limit`` fails instead of spilling plaintext names to a temp file.

The linkage frame is copied into one DuckDB table per run, which every Splink
linker of the run reads. Training scores the blocked pairs once, at the
highest prior the refinement allows; the rounds of prior refinement and the
final scores are then re-weighted from that table in SQL, with the expression
Splink's own prediction uses. Large inputs are scored in chunks (Splink's
``num_chunks_left``/``num_chunks_right``), so DuckDB holds the blocked pairs of
one chunk pair at a time.

The blocking rules follow the data: an extra attribute blocks on its own only
when it is selective, and the wide rules (surname reading × birth-year bin) are
used only while the pairs they block stay few per record.
"""

from __future__ import annotations

import copy
import itertools
import logging
import math
import re
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker
from splink.internals.duckdb.dataframe import DuckDBDataFrame
from splink.internals.input_column import InputColumn
from splink.internals.splink_dataframe import SplinkDataFrame

from uncounted.errors import LinkageError
from uncounted.link.em import best_fit
from uncounted.link.model import (
    NAME_COMPARISONS,
    blocking_rules,
    deterministic_rules,
    settings_for,
)
from uncounted.link.sampling import estimate_u_in_one_pass
from uncounted.link.splink_checks import install as _install_splink_checks

__all__ = ["PairScores", "connect", "link_frame", "predict_pairs", "train_model"]

MEMORY_LIMIT = "4GB"
U_PAIRS = 2e6
# Random pairs for the u of the comparisons other than the names': their levels are
# common among random pairs (same birth year, origin) or their u barely matters (an
# exact passport number); a quarter of the names' sample, where the u of the name
# levels rare among random pairs (every syllable in some reading: a few in a
# million) needs all of it (the Korean benchmark's names-only top-1 fell from 0.901 to
# 0.899 with half).
U_ATTRIBUTE_PAIRS = 5e5
U_PSEUDOCOUNT = 1.0
_TABLES = itertools.count()
M_FLOOR = 0.002
# Bits by which a looser agreement of the given name stays below its exact agreement.
EXACT_MARGIN = 0.1
ELSE_START = 0.1
PRIOR_SCORE_FLOOR = 0.001
PRIOR_CEILING = 0.5
PRIOR_ROUNDS = 3
EM_RULES = ("l.full_sk = r.full_sk", "l.birth_year = r.birth_year")
EM_FALLBACK_RULE = "l.given_sk = r.given_sk"
# An EM session reads at most this many pairs of its block (Splink samples records on
# both sides): FEBRL4's same-birth-year block holds 478,000 pairs, and m from about a
# third of them moved no cluster (match probabilities by at most 0.09; one of its
# 5,009 pairs above 0.01 fell below); the Korean benchmark's blocks (about 128,000
# pairs) are read whole (the same model and clusters).
EM_MAX_PAIRS = 1.5e5
WIDE_BLOCKING_MAX_RECORDS = 200_000
BLOCK_PAIRS_PER_RECORD = 20
CHUNK_RECORDS = 25_000
WIDE_PAIRS_PER_RECORD = 200
_COLUMN = re.compile(r'"?\b(\w+)_[lr]\b"?')
logging.getLogger("splink").setLevel(logging.WARNING)
_install_splink_checks()


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


# The columns of each records table :func:`_materialise` made and :func:`link_frame`
# has not dropped yet (None until Splink first asks): see ``_RecordsFrame``.
_COLUMNS: dict[str, list[InputColumn] | None] = {}


class _RecordsFrame(DuckDBDataFrame):
    """A run's records table as Splink reads it, its columns listed once. Splink's
    DuckDB frame asks DuckDB for its columns and parses each name with sqlglot
    whenever a SQL pipeline starts from it (65 times in a FEBRL4 run, about half a
    CPU-second); the records table does not change while it lives (:func:`link_frame`
    creates it under a name used once and drops it at the end)."""

    @property
    def columns(self) -> list[InputColumn]:
        known = _COLUMNS.get(self.physical_name)
        if known is None:
            known = super().columns
            if self.physical_name in _COLUMNS:
                _COLUMNS[self.physical_name] = known
        return list(known)


def _materialise(frame: pd.DataFrame, con: duckdb.DuckDBPyConnection) -> str:
    """Copy ``frame`` into a DuckDB table once (every linker of a run reads it)."""
    name = f"records_{next(_TABLES)}"
    view = f"{name}_frame"
    con.register(view, frame)
    try:
        _rows(con, f"CREATE TABLE {name} AS SELECT * FROM {view}")
    finally:
        con.unregister(view)
    _COLUMNS[name] = None
    return name


def _drop(table: str, con: duckdb.DuckDBPyConnection) -> None:
    """Drop a table :func:`_materialise` made (and forget its columns)."""
    _COLUMNS.pop(table, None)
    _rows(con, f"DROP TABLE IF EXISTS {table}")


def _linker(
    table: str, settings: dict[str, Any], con: duckdb.DuckDBPyConnection, *, validate: bool = False
) -> Linker:
    """A linker on ``table``; Splink's settings validation (it only logs the columns a rule
    or level names that the table lacks) is run when ``validate`` (the first linker of a
    training run, and a model given from outside): the later linkers of a run reuse the
    same columns and rules."""
    db_api = DuckDBAPI(connection=con)
    registered = db_api.register(table, table_name=f"{table}_{next(_TABLES)}")
    if table in _COLUMNS and type(registered) is DuckDBDataFrame:
        registered.__class__ = _RecordsFrame
    return Linker(registered, settings, log_level=logging.WARNING, validate_settings=validate)


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
    each leave the other's comparisons free: the same name skeleton (nearly all
    matches, so the attributes and aliases are trained on a clean match class)
    and the same birth year (trains the name comparisons), each session from the
    start of the two that leads to the more likely fixed point
    (:mod:`uncounted.link.em`); then the prior is refined.
    """
    scores = link_frame(
        frame, attributes=attributes, names_only=names_only, threshold=None, con=con, seed=seed
    )
    return scores.settings


def link_frame(
    frame: pd.DataFrame,
    model: dict[str, Any] | None = None,
    *,
    attributes: tuple[str, ...] = (),
    names_only: bool = False,
    threshold: float | None = 0.01,
    con: duckdb.DuckDBPyConnection | None = None,
    seed: int = 1,
) -> PairScores:
    """Score the blocked pairs of ``frame`` above ``threshold`` with ``model``, or with
    a model trained on ``frame`` (see :func:`train_model`) when ``model`` is None
    (``threshold`` None: train only, keep no pairs)."""
    con = con or connect()
    table = _materialise(frame, con)
    try:
        if model:
            scores = PairScores(_predict(table, model, threshold or 0.0, con), model)
        else:
            scores = _train(
                table,
                len(frame),
                attributes=attributes,
                names_only=names_only,
                threshold=threshold,
                con=con,
                seed=seed,
            )
    finally:
        _drop(table, con)
    return PairScores(_in_id_order(scores.pairs), scores.settings)


def _in_id_order(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs sorted by their ids: DuckDB returns them in an order that changes from
    run to run (several threads), and clustering breaks ties between equal
    probabilities by the order it reads pairs in, so the clusters changed with it."""
    if pairs.empty:
        return pairs
    return pairs.sort_values(["unique_id_l", "unique_id_r"], ignore_index=True)


def _train(
    table: str,
    n: int,
    *,
    attributes: tuple[str, ...],
    names_only: bool,
    threshold: float | None,
    con: duckdb.DuckDBPyConnection,
    seed: int,
) -> PairScores:
    if n < 2:
        raise LinkageError("linkage needs at least two records")
    wide = n <= WIDE_BLOCKING_MAX_RECORDS and _wide_pairs(table, con) <= WIDE_PAIRS_PER_RECORD * n
    settings = settings_for(wide=wide, attributes=attributes, names_only=names_only)
    settings["blocking_rules_to_generate_predictions"] = _blocking(table, attributes, n, con, wide)
    constant = _constant_comparisons(table, settings, con)
    model = _prior_and_u(table, settings, con, seed, constant)
    for rule in EM_RULES:
        model = _expectation_maximisation(table, model, rule, con)
    if set(_untrained(model)) - constant:
        model = _expectation_maximisation(table, model, EM_FALLBACK_RULE, con)
    model = exact_first(fill_untrained(model), surname_top_share=_top_share(table, con))
    return _refine_prior(table, n, model, threshold, con)


def _top_share(table: str, con: duckdb.DuckDBPyConnection) -> float | None:
    """The share of the commonest surname key among the records with one (Splink's term
    frequency of that value), None when no record has a surname."""
    sql = (
        "SELECT max(c) / sum(c) FROM (SELECT count(*) AS c FROM "
        f"{table} WHERE surname_key IS NOT NULL GROUP BY surname_key)"
    )
    share = _rows(con, sql)[0][0]
    return None if share is None else float(share)


def _blocking(
    table: str, attributes: tuple[str, ...], n: int, con: duckdb.DuckDBPyConnection, wide: bool
) -> list[dict[str, Any]]:
    """The model's blocking rules, where an extra attribute blocks on its own only when
    equal values give at most ``BLOCK_PAIRS_PER_RECORD`` pairs per record; a commoner
    one (a street number shared by hundreds of records) blocks together with the
    surname skeleton. The first two given syllables block under the same bound (Korean
    given names are selective; English ones, split into syllables, are not)."""
    selective = tuple(a for a in attributes if _pairs(table, a, con) <= BLOCK_PAIRS_PER_RECORD * n)
    given = wide and _key_pairs(table, "given_block_keys", con) <= BLOCK_PAIRS_PER_RECORD * n
    rules = blocking_rules(wide=wide, attributes=selective, given_syllables=given)
    common = [a for a in attributes if a not in selective]
    return rules + [
        {"blocking_rule": f"l.{a} = r.{a} AND l.surname_sk = r.surname_sk"} for a in common
    ]


def _wide_pairs(table: str, con: duckdb.DuckDBPyConnection) -> int:
    """About the pairs the wide rules (same surname reading, birth years at most four
    apart) would block, counted per reading and five-year bin at two offsets (a pair
    sharing two readings counts twice)."""
    total = 0
    for column in ("by_bin_a", "by_bin_b"):
        sql = (
            f"SELECT coalesce(sum(c * (c - 1) / 2), 0) FROM (SELECT count(*) AS c FROM "
            f"(SELECT unnest(surname_opts) AS s, {column} AS b FROM {table}) "
            "WHERE s IS NOT NULL AND b IS NOT NULL GROUP BY s, b)"
        )
        total += int(_rows(con, sql)[0][0])
    return total


def _key_pairs(table: str, column: str, con: duckdb.DuckDBPyConnection) -> int:
    """Pairs of records sharing a key of the array ``column`` (an upper bound: a pair
    sharing two keys counts twice)."""
    sql = (
        f"SELECT coalesce(sum(c * (c - 1) / 2), 0) FROM (SELECT count(*) AS c FROM "
        f"(SELECT unnest({column}) AS k FROM {table}) WHERE k IS NOT NULL GROUP BY k)"
    )
    return int(_rows(con, sql)[0][0])


def _pairs(table: str, column: str, con: duckdb.DuckDBPyConnection) -> int:
    """Pairs of records with the same (non-null) value in ``column``."""
    sql = (
        f"SELECT coalesce(sum(c * (c - 1) / 2), 0) FROM (SELECT count(*) AS c FROM {table} "
        f'WHERE "{column}" IS NOT NULL GROUP BY "{column}")'
    )
    return int(_rows(con, sql)[0][0])


def _prior_and_u(
    table: str,
    settings: dict[str, Any],
    con: duckdb.DuckDBPyConnection,
    seed: int,
    constant: set[str],
) -> dict[str, Any]:
    """Prior from near-certain matches, u from random pairs (Splink's sample, counted in
    one pass: :mod:`uncounted.link.sampling`), with ``U_PSEUDOCOUNT`` pairs added to
    every level: a level the sample never saw (a surname skeleton in the other word
    order is about one pair in a million) would otherwise be "not observed", and an EM
    session can drive its m to zero and fail, leaving the name comparisons untrained
    (the Korean benchmark fell from F1 0.94 to 0.26 at 1e6 random pairs). Comparisons
    whose every pair falls in the null level here (columns empty in this data) are left
    out of the sampling: they would only be sampled in vain, and stay untrained either
    way.

    The name comparisons count ``U_PAIRS`` random pairs, the others (birth year,
    attributes) ``U_ATTRIBUTE_PAIRS`` (see there)."""
    kept = [c for c in settings["comparisons"] if c["output_column_name"] not in constant]
    names = [c for c in kept if c["output_column_name"] in NAME_COMPARISONS]
    others = [c for c in kept if c["output_column_name"] not in NAME_COMPARISONS]
    groups = [(c, pairs) for c, pairs in ((names, U_PAIRS), (others, U_ATTRIBUTE_PAIRS)) if c]
    by_name: dict[str, Any] = {}
    prior: float | None = None
    for comparisons, pairs in groups or [([], U_PAIRS)]:
        group = {**settings, "comparisons": comparisons}
        linker = _linker(table, group, con, validate=prior is None)
        if prior is None:
            rules: list[Any] = list(deterministic_rules())
            linker.training.estimate_probability_two_random_records_match(rules, recall=0.5)
        estimate_u_in_one_pass(linker, pairs, seed, U_PSEUDOCOUNT)
        trained: dict[str, Any] = linker.misc.save_model_to_json()
        if prior is None:
            prior = float(trained["probability_two_random_records_match"])
        by_name |= {c["output_column_name"]: c for c in trained["comparisons"]}
    out = copy.deepcopy(settings)
    out["probability_two_random_records_match"] = prior
    out["comparisons"] = [by_name.get(c["output_column_name"], c) for c in settings["comparisons"]]
    return out


def _constant_comparisons(
    table: str, settings: dict[str, Any], con: duckdb.DuckDBPyConnection
) -> set[str]:
    """Comparisons whose null level holds for every pair: it holds when its columns are
    all null, and every one of those columns is empty in ``table``."""
    out = set()
    empty = _empty_columns(table, con)
    for comparison in settings["comparisons"]:
        level = comparison["comparison_levels"][0]
        columns = set(_COLUMN.findall(level["sql_condition"]))
        if not level.get("is_null_level") or not columns or not columns <= empty:
            continue
        nulls = ", ".join(f'NULL AS "{c}_{s}"' for c in sorted(columns) for s in "lr")
        try:
            rows = _rows(con, f"SELECT ({level['sql_condition']}) FROM (SELECT {nulls})")
        except duckdb.Error:
            continue
        if rows[0][0] is True:
            out.add(str(comparison["output_column_name"]))
    return out


def _empty_columns(table: str, con: duckdb.DuckDBPyConnection) -> set[str]:
    columns = [str(row[0]) for row in _rows(con, f"DESCRIBE {table}")]
    counts = ", ".join(f'count("{c}")' for c in columns)
    row = _rows(con, f"SELECT {counts} FROM {table}")[0]
    return {c for c, count in zip(columns, row, strict=True) if count == 0}


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    """Run ``sql`` and fetch every row (DuckDB wants a result finished before the next)."""
    return con.execute(sql).fetchall()


def _trained_levels(comparison: dict[str, Any]) -> list[bool]:
    levels = [c for c in comparison["comparison_levels"] if not c.get("is_null_level")]
    return [isinstance(level.get("m_probability"), float) for level in levels]


def _untrained(model: dict[str, Any]) -> list[str]:
    """Comparisons none of whose levels got an m probability from EM."""
    return [c["output_column_name"] for c in model["comparisons"] if not any(_trained_levels(c))]


def _expectation_maximisation(
    table: str, model: dict[str, Any], rule: str, con: duckdb.DuckDBPyConnection
) -> dict[str, Any]:
    """One EM session on fresh linkers, from two starts, the fit of higher likelihood
    kept (:func:`uncounted.link.em.best_fit`). The first start has every trained m at
    least ``M_FLOOR``: a level an earlier session saw no match in (its block selected
    against it: the same name skeleton leaves no pair whose alias alone meets the
    other's name) would otherwise stay at zero, since EM never moves an m from zero.

    When every start drives some m to exactly zero (Splink refuses it; it happens in
    small blocks when a level's m is zero or untrained at the start), the session is
    run again from the regularised model (every m a positive number); if that fails
    too the model is left as it was and the comparison keeps its regularised values.
    """
    for start in (_started(_floored(model)), fill_untrained(copy.deepcopy(model))):
        fit = best_fit(
            lambda settings: _linker(table, copy.deepcopy(settings), con),
            start,
            rule,
            max_pairs=EM_MAX_PAIRS,
            con=con,
        )
        if fit is not None:
            return fit.model
    return model


def _refine_prior(
    table: str,
    n: int,
    model: dict[str, Any],
    threshold: float | None,
    con: duckdb.DuckDBPyConnection,
) -> PairScores:
    """Re-estimate the prior match probability as EM would: the expected number of
    matches (sum of match probabilities over the pairs scoring at least
    ``PRIOR_SCORE_FLOOR``) over all pairs, ``PRIOR_ROUNDS`` times; then the pairs
    scoring at least ``threshold`` under the final prior (none when it is None).

    The pairs are scored once at the prior ``PRIOR_CEILING`` (the most any round
    can reach): that keeps every pair any round can keep, and each round
    re-weights them with its own prior."""
    if _chunks(n) > 1:
        _refine_by_rounds(table, n, model, con)
        pairs = pd.DataFrame() if threshold is None else _predict(table, model, threshold, con)
        return PairScores(pairs, model)
    ceiling = copy.deepcopy(model)
    ceiling["probability_two_random_records_match"] = PRIOR_CEILING
    scored = _scored(_linker(table, ceiling, con), n, PRIOR_SCORE_FLOOR)
    terms = _weight_terms(model)
    try:
        for _ in range(PRIOR_ROUNDS):
            _next_prior(model, scored.physical_name, terms, n, con)
        pairs = _reweighted(scored.physical_name, model, terms, threshold, con)
    finally:
        scored.drop_table_from_database_and_remove_from_cache()
    return PairScores(pairs, model)


def _refine_by_rounds(
    table: str, n: int, model: dict[str, Any], con: duckdb.DuckDBPyConnection
) -> None:
    """The same refinement for large inputs, scored afresh at each round's prior: DuckDB
    then holds only the few pairs above the floor, not every blocked pair scored at
    the ceiling (which does not fit in memory from some tens of thousands of records)."""
    terms = _weight_terms(model)
    for _ in range(PRIOR_ROUNDS):
        scored = _scored(_linker(table, copy.deepcopy(model), con), n, PRIOR_SCORE_FLOOR)
        try:
            _next_prior(model, scored.physical_name, terms, n, con)
        finally:
            scored.drop_table_from_database_and_remove_from_cache()


def _next_prior(
    model: dict[str, Any], scored: str, terms: list[str], n: int, con: duckdb.DuckDBPyConnection
) -> None:
    """One round: the expected matches among the pairs of ``scored`` at least
    ``PRIOR_SCORE_FLOOR`` under the model's prior, over all pairs, as the new prior."""
    weight = _weight_sql(model["probability_two_random_records_match"], terms)
    count, expected = _rows(
        con,
        f"SELECT count(*), sum({_probability_sql(weight)}) "
        f"FROM {scored} WHERE {_floor_sql(weight, PRIOR_SCORE_FLOOR)}",
    )[0]
    expected = float(expected) if count else 1.0
    total = n * (n - 1) / 2
    model["probability_two_random_records_match"] = min(max(expected / total, 1e-9), PRIOR_CEILING)


def _chunks(n: int) -> int:
    return max(1, math.ceil(n / CHUNK_RECORDS))


def _scored(linker: Linker, n: int, threshold: float) -> SplinkDataFrame:
    """Splink's predict, in chunks for large inputs: the records split
    ``ceil(n / CHUNK_RECORDS)`` ways on each side, so the blocked pairs of one
    chunk pair are all DuckDB holds at a time besides the kept scores."""
    chunks = _chunks(n)
    if chunks == 1:
        return linker.inference.predict(threshold_match_probability=threshold)
    return linker.inference.predict(
        threshold_match_probability=threshold, num_chunks_left=chunks, num_chunks_right=chunks
    )


def _weight_terms(model: dict[str, Any]) -> list[str]:
    """The match-weight columns Splink sums, in its order."""
    terms = []
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        terms.append(f'"mw_{name}"')
        if any(level.get("tf_adjustment_column") for level in comparison["comparison_levels"]):
            terms.append(f'"mw_tf_adj_{name}"')
    return terms


def _weight_sql(prior: float, terms: list[str]) -> str:
    """Splink's match weight: the prior's weight plus each comparison's."""
    return f"cast({math.log2(prior / (1 - prior))} as float8) + " + " + ".join(terms)


def _probability_sql(weight: str) -> str:
    """Splink's match probability from a match weight (stable for either sign)."""
    return (
        f"CASE WHEN ({weight}) >= 0 THEN 1.0 / (1.0 + POWER(cast(2 as float8), -({weight}))) "
        f"ELSE POWER(cast(2 as float8), ({weight})) / (1.0 + POWER(cast(2 as float8), ({weight}))) "
        "END"
    )


def _floor_sql(weight: str, probability: float) -> str:
    return f"({weight}) >= {math.log2(probability / (1 - probability))}"


def _reweighted(
    scored: str,
    model: dict[str, Any],
    terms: list[str],
    threshold: float | None,
    con: duckdb.DuckDBPyConnection,
) -> pd.DataFrame:
    if threshold is None:
        return pd.DataFrame()
    weight = _weight_sql(model["probability_two_random_records_match"], terms)
    sql = (
        f"SELECT * REPLACE ({weight} AS match_weight, {_probability_sql(weight)} "
        f"AS match_probability) FROM {scored} WHERE {_floor_sql(weight, threshold)}"
    )
    return con.execute(sql).df()


def _floored(model: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``model`` with every m that EM estimated raised to at least ``M_FLOOR``."""
    out = copy.deepcopy(model)
    for comparison in out["comparisons"]:
        for level in comparison["comparison_levels"]:
            m = level.get("m_probability")
            if isinstance(m, float) and not level.get("is_null_level"):
                level["m_probability"] = max(m, M_FLOOR)
    return out


def _started(model: dict[str, Any]) -> dict[str, Any]:
    """``model`` with the "else" level of each comparison no session has trained yet
    started at ``ELSE_START``, a start EM moves, not an estimate. Splink's default start
    spreads 0.05 over the levels but the first, so a comparison with many levels starts
    its "else" near 0.005: a veto from the first iteration. On names alone the session
    blocked on birth year then never counts a renamed woman among the matches (her
    alias meets her old name, but her given name differs), drives the m of "else" and
    of the alias levels to zero and keeps the veto (Korean benchmark, seeds 7 and 11:
    names-only top-1 0.82).  Mutates and returns ``model`` (a copy)."""
    for comparison in model["comparisons"]:
        last = comparison["comparison_levels"][-1]
        if not any(_trained_levels(comparison)) and not last.get("is_null_level"):
            last["m_probability"] = ELSE_START
    return model


def exact_first(model: dict[str, Any], *, surname_top_share: float | None = None) -> dict[str, Any]:
    """The given name's looser levels (a reading, a skeleton, a typo) count for at most
    ``EXACT_MARGIN`` bits less than its exact agreement: each is implied by it, so
    it can carry no more evidence of one woman. EM can rank them the other way: its m
    and u average over names and pairs of scripts (a shared one-syllable Hangul name
    makes "same" common among random pairs; only pairs with a pinyin side can reach
    "every syllable in a likely reading"), and on the Korean benchmark at seeds 7 and
    23 it put the pinyin reading above the exact name (10.9 against 10.3 bits), so a
    Hangul record chose a pinyin namesake over its own exact name on another list
    (names-only top-1 0.882 -> 0.891 at seed 7, 0.898 -> 0.904 at seed 23; seeds
    20260101 and 11, where EM kept the order, unchanged).

    A level tested before "same" that agrees on its key all the same ("same key, read
    otherwise") is capped with them. The surname's levels below "same" are capped the
    same way at the weight of the
    same commonest surname (``surname_top_share``: its term frequency, which lowers
    "same" for it): a misspelt or pinyin Kim must not count for more than Kim and
    Kim. The level's m is lowered; its u stays. Mutates and returns ``model``."""
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        if name == "given_name":
            _cap_below(comparison, "same")
        elif name == "surname" and surname_top_share:
            _cap_below(comparison, "same", surname_top_share)
    return model


# Levels tested before "same" that are agreements on its key all the same (a name
# written so that it cannot be the same Hangul): capped like the looser levels after
# it. On the Korean benchmark (seed 11) EM gave the surname's 3.9 bits, above the
# base "same" (3.4), from 4 matches among its 900 blocked pairs.
_IMPLIES_SAME = ("same key, read otherwise",)


def _cap_below(comparison: dict[str, Any], label: str, top_share: float | None = None) -> None:
    """Cap the levels after the one labelled ``label``, and those of ``_IMPLIES_SAME``
    before it, at its weight less ``EXACT_MARGIN`` (with ``top_share``: its weight for a
    value of that term frequency, as Splink's adjustment makes it)."""
    levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
    index = next((i for i, lv in enumerate(levels) if lv.get("label_for_charts") == label), None)
    if index is None:
        return
    exact = levels[index]
    shift = math.log2(exact["u_probability"] / top_share) if top_share else 0.0
    cap = _bits(exact) + shift - EXACT_MARGIN
    implied = [lv for lv in levels[:index] if lv.get("label_for_charts") in _IMPLIES_SAME]
    for level in [*implied, *levels[index + 1 :]]:
        if _bits(level) > cap:
            level["m_probability"] = level["u_probability"] * 2**cap


def _bits(level: dict[str, Any]) -> float:
    return math.log2(level["m_probability"] / level["u_probability"])


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
    ``match_probability`` and the per-comparison ``mw_*``/``gamma_*`` columns."""

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
    return link_frame(frame, model, threshold=threshold, con=con)


def _predict(
    table: str, model: dict[str, Any], threshold: float, con: duckdb.DuckDBPyConnection
) -> pd.DataFrame:
    n = int(_rows(con, f"SELECT count(*) FROM {table}")[0][0])
    predictions = _scored(_linker(table, model, con, validate=True), n, threshold)
    pairs: pd.DataFrame = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    predictions.drop_table_from_database_and_remove_from_cache()
    return pairs
