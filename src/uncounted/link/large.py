"""Linkage of large inputs (from ``LARGE_RECORDS`` records): bounded memory, pairs linear in n.

Three changes from the path for small inputs (:mod:`uncounted.link.engine`):

1. **The table is built in chunks.** The linkage frame of ``CHUNK_ROWS`` records
   at a time goes to DuckDB through Arrow and is dropped; Python never holds the
   frame of every record at once (the name-derived values are shared between
   records with the same name anyway: :func:`uncounted.link.frame.linkage_frame`
   derives them once per distinct name).
2. **The model is trained on a sample of records** (``TRAIN_RECORDS``, chosen by a
   hash of the unique id): u from random pairs, m by EM on blocked pairs, and the
   prior from one scoring of the sample's blocked pairs. Each is a per-pair rate
   that a uniform sample of records estimates without bias: true pairs and all
   pairs both shrink by the square of the sampling fraction.
3. **Blocking on capped keys.** Every record's name keys (surname reading × first
   given syllable, skeletons of the name and each alias, the given-name skeleton)
   are used as they are while at most ``KEY_CAP`` records share them; a commoner
   key is used together with the five-year birth-year bin (two offsets, so two
   years at most two apart share one), and dropped where even that is shared by
   more than ``KEY_CAP`` records. Each record then meets a bounded number of
   others, so the blocked pairs grow linearly with n. Prediction runs in
   ``ceil(n / PREDICT_CHUNK_RECORDS)`` chunks of the left-hand records and keeps
   only pairs above the candidate threshold.

DuckDB stays in memory without spilling (:func:`uncounted.link.engine.connect`).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from uncounted.link.engine import (
    PairScores,
    _linker,
    _rows,
    _train,
)
from uncounted.link.frame import COLUMNS, linkage_frame
from uncounted.model import Record

__all__ = [
    "CAPPED_RULE",
    "KEY_CAP",
    "LARGE_RECORDS",
    "add_capped_keys",
    "link_large",
    "materialise_records",
]

LARGE_RECORDS = 60_000
TRAIN_RECORDS = 20_000
CHUNK_ROWS = 50_000
KEY_CAP = 40
PREDICT_CHUNK_RECORDS = 100_000
CAPPED_RULE = {"blocking_rule": "l.cap_keys = r.cap_keys", "arrays_to_explode": ["cap_keys"]}
# EM blocks for the sample: the same name skeleton (trains the attributes and aliases),
# the same birth year and surname skeleton (the given name), the same five-year bin and
# given-name skeleton (the surname). The same birth year alone, used for small inputs,
# gives EM a block of a few matches among millions of pairs in a sample of a large
# list, where it drove a level's m to zero and failed.
EM_RULES = (
    "l.full_sk = r.full_sk",
    "l.birth_year = r.birth_year AND l.surname_sk = r.surname_sk",
    "l.by_bin_a = r.by_bin_a AND l.given_sk = r.given_sk",
)
_DROPPED = ("block_keys", "given_block_keys", "by_bin_a", "by_bin_b", "record_id")


def materialise_records(
    records: Sequence[Record],
    con: duckdb.DuckDBPyConnection,
    name: str,
    attributes: tuple[str, ...] = (),
) -> None:
    """Create table ``name``: the linkage frame of ``records``, built ``CHUNK_ROWS`` at a
    time (with each extra attribute column)."""
    for start in range(0, len(records), CHUNK_ROWS):
        chunk = records[start : start + CHUNK_ROWS]
        frame = linkage_frame(chunk)
        for column in attributes:
            values = [r.attributes.get(column) for r in chunk]
            frame[column] = [v.strip() if v and v.strip() else None for v in values]
        arrow = pa.Table.from_pandas(frame, schema=_schema(attributes), preserve_index=False)
        del frame
        con.register("__chunk", arrow)
        try:
            if start == 0:
                _rows(con, f"CREATE TABLE {name} AS SELECT * FROM __chunk")
            else:
                _rows(con, f"INSERT INTO {name} SELECT * FROM __chunk")
        finally:
            con.unregister("__chunk")
        del arrow


_LISTS = (
    "surname_opts",
    "given_keys",
    "syl",
    "syl_direct",
    "syl_likely",
    "all_keys",
    "alias_keys",
    "alias_syl",
    "alias_syl_direct",
    "block_keys",
    "given_block_keys",
)
_INTEGERS = (
    "n_syl",
    "n_aliases",
    "alias_n_syl",
    "birth_year",
    "by_bin_a",
    "by_bin_b",
    "recorded_year",
)


def _schema(attributes: tuple[str, ...]) -> pa.Schema:
    """Column types fixed up front (a chunk whose column is all null would otherwise make
    the table's column untyped): lists of strings, 32-bit integers, booleans, strings."""
    fields = []
    for column in (*COLUMNS, *attributes):
        if column in _LISTS:
            kind: pa.DataType = pa.list_(pa.string())
        elif column in _INTEGERS:
            kind = pa.int32()
        elif column in ("surname_known", "given_known"):
            kind = pa.bool_()
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind))
    return pa.schema(fields)


def add_capped_keys(table: str, con: duckdb.DuckDBPyConnection, cap: int = KEY_CAP) -> None:
    """Add ``cap_keys`` to ``table`` (see the module docstring) and drop the columns only
    the other blocking rules read."""
    base = (
        f"SELECT DISTINCT unique_id, k, by_bin_a, by_bin_b FROM ("
        f"SELECT unique_id, 'b:' || unnest(block_keys) AS k, by_bin_a, by_bin_b FROM {table} "
        f"UNION ALL SELECT unique_id, 'a:' || unnest(all_keys), by_bin_a, by_bin_b FROM {table} "
        f"UNION ALL SELECT unique_id, 'g:' || given_sk, by_bin_a, by_bin_b FROM {table}"
        ") WHERE k IS NOT NULL"
    )
    _rows(con, f"CREATE TEMP TABLE __keys AS {base}")
    try:
        _rows(
            con,
            "CREATE TEMP TABLE __fine AS SELECT unique_id, unnest(CASE WHEN n <= "
            f"{cap} THEN [k] ELSE [k || '#a' || by_bin_a, k || '#b' || by_bin_b] END) AS k "
            "FROM __keys JOIN (SELECT k, count(*) AS n FROM __keys GROUP BY k) USING (k)",
        )
        _rows(con, "DROP TABLE __keys")
        _rows(
            con,
            "CREATE TEMP TABLE __capped AS SELECT unique_id, list(k) AS cap_keys FROM __fine "
            "JOIN (SELECT k FROM __fine WHERE k IS NOT NULL GROUP BY k "
            f"HAVING count(*) BETWEEN 2 AND {cap}) USING (k) GROUP BY unique_id",
        )
        _rows(con, "DROP TABLE __fine")
        columns = {str(row[0]) for row in _rows(con, f"DESCRIBE {table}")}
        dropped = ", ".join(c for c in _DROPPED if c in columns)
        _rows(
            con,
            f"CREATE TABLE {table}__capped AS SELECT t.* EXCLUDE ({dropped}), c.cap_keys "
            f"FROM {table} t LEFT JOIN __capped c USING (unique_id)",
        )
        _rows(con, f"DROP TABLE {table}")
        _rows(con, f"ALTER TABLE {table}__capped RENAME TO {table}")
    finally:
        for temp in ("__keys", "__fine", "__capped"):
            _rows(con, f"DROP TABLE IF EXISTS {temp}")


def _sample(table: str, n: int, con: duckdb.DuckDBPyConnection) -> tuple[str, int]:
    """A table of about ``TRAIN_RECORDS`` records of ``table`` (a hash of the unique id)."""
    name = f"{table}_sample"
    modulus = 1_000_000
    keep = max(1, round(modulus * TRAIN_RECORDS / n))
    _rows(
        con,
        f"CREATE TABLE {name} AS SELECT * FROM {table} "
        f"WHERE hash(unique_id || '_sample') % {modulus} < {keep}",
    )
    return name, int(_rows(con, f"SELECT count(*) FROM {name}")[0][0])


def link_large(
    records: Sequence[Record],
    model: dict[str, Any] | None,
    *,
    attributes: tuple[str, ...],
    names_only: bool,
    threshold: float,
    con: duckdb.DuckDBPyConnection,
    seed: int = 1,
) -> PairScores:
    """Score the pairs of a large input above ``threshold`` (see the module docstring)."""
    table = "records_large"
    materialise_records(records, con, table, attributes)
    try:
        if model is None:
            sample, size = _sample(table, len(records), con)
            try:
                trained = _train(
                    sample,
                    size,
                    attributes=attributes,
                    names_only=names_only,
                    threshold=None,
                    con=con,
                    seed=seed,
                    em_rules=EM_RULES,
                )
            finally:
                _rows(con, f"DROP TABLE IF EXISTS {sample}")
            model = trained.settings
        model = copy.deepcopy(model)
        model["blocking_rules_to_generate_predictions"] = [CAPPED_RULE]
        add_capped_keys(table, con)
        return PairScores(_predict_chunked(table, len(records), model, threshold, con), model)
    finally:
        _rows(con, f"DROP TABLE IF EXISTS {table}")


def _predict_chunked(
    table: str,
    n: int,
    model: dict[str, Any],
    threshold: float,
    con: duckdb.DuckDBPyConnection,
) -> pd.DataFrame:
    settings = copy.deepcopy(model)
    settings["retain_matching_columns"] = False
    linker = _linker(table, settings, con)
    chunks = max(1, math.ceil(n / PREDICT_CHUNK_RECORDS))
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, num_chunks_left=chunks, num_chunks_right=1
    )
    pairs: pd.DataFrame = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    predictions.drop_table_from_database_and_remove_from_cache()
    return pairs
