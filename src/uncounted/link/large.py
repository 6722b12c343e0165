"""Linkage of large inputs (from ``LARGE_RECORDS`` records): bounded memory, pairs linear in n.

Three changes from the path for small inputs (:mod:`uncounted.link.engine`):

1. **The table is built in chunks.** The linkage frame of ``CHUNK_ROWS`` records
   at a time goes to DuckDB through Arrow (column types fixed up front, integers
   in 32 bits) and is dropped; Python never holds the frame of every record at
   once, nor the derived name columns of every distinct name (in a large list
   most names are distinct, so such a cache grows with the input). The chunks'
   frames (name parsing and keys: Python, one core) are built by as many
   processes as this one may use CPUs (``frame_workers``): this one and workers,
   whose frames reach it as Arrow streams through pipes, never through a file;
   the table is the same as one process builds (tested).
2. **Blocking on capped keys.** Every record's name keys (surname reading × first
   given syllable, surname reading × first × second given syllable, skeletons of
   the name and each alias, the given-name skeleton) are used as they are while
   at most ``KEY_CAP`` records share them; a commoner key is used together with
   the five-year birth-year bin (two offsets, so two years at most two apart share
   one), and dropped where even that is shared by more than ``KEY_CAP`` records.
   Each record then meets a bounded number of others, so the blocked pairs grow
   linearly with n. Prediction runs in ``ceil(n / PREDICT_CHUNK_RECORDS)`` chunks
   of the left-hand records, each with a linker of its own; Python's garbage is
   collected after each chunk and each training session (what Splink caches for a
   linker, and the DuckDB results it refers to, otherwise accumulate).
3. **Training on blocks that suit a large list, without repeated scoring.** u
   from random pairs of the whole table in one pass (:mod:`uncounted.link.sampling`);
   m by EM on ``EM_RULES``, blocks where matches stay a sizeable share of the pairs
   however many people share a name (the default path's "same birth year" block
   holds one match in 10,000 pairs at 100,000 records, and EM learnt another class
   there); the prior refined from a single scoring of the blocked pairs: the pairs
   at least ``PRIOR_SCORE_FLOOR`` under the first prior are kept, the rounds
   re-weight them in SQL, and the pairs at least the candidate threshold under the
   last prior are returned, with each comparison's match weight (clustering checks
   every join and attaches records alone with them: :mod:`uncounted.link.attach`).
   The model differs from the default path's in one way: the given name's "same"
   level is adjusted for the name's frequency (``given_tf``: in a large list a
   one-syllable given name, 김태, Kim Ku, is borne by many women; pairwise F1 at
   20,000 records 0.81 -> 0.82). (Training on a uniform sample of records
   was tried and dropped: a person's records rarely fall in the same small sample,
   so EM saw almost no matches and the model failed at 1,000,000 records: F1 0.02.)

DuckDB stays in memory without spilling (:func:`uncounted.link.engine.connect`).
"""

from __future__ import annotations

import copy
import gc
import logging
import math
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import duckdb
import pyarrow as pa

from uncounted.errors import LinkageError
from uncounted.link.engine import (
    PRIOR_ROUNDS,
    PRIOR_SCORE_FLOOR,
    PairScores,
    _constant_comparisons,
    _empty_columns,
    _expectation_maximisation,
    _linker,
    _next_prior,
    _prior_and_u,
    _reweighted,
    _rows,
    fill_untrained,
)
from uncounted.link.frame import COLUMNS, LIST_COLUMNS, SIGNATURE_COLUMNS, linkage_frame
from uncounted.link.model import settings_for
from uncounted.model import Record

__all__ = [
    "CAPPED_RULE",
    "KEY_CAP",
    "LARGE_RECORDS",
    "add_capped_keys",
    "link_large",
    "materialise_records",
]

LOG = logging.getLogger(__name__)
LARGE_RECORDS = 60_000
CHUNK_ROWS = 25_000
KEY_CAP = 40
PREDICT_CHUNK_RECORDS = 50_000
CAPPED_RULE = {"blocking_rule": "l.cap_keys = r.cap_keys", "arrays_to_explode": ["cap_keys"]}
# EM sessions, each on a block where matches stay a sizeable share in a large list
# (on the Korean generator at 100,000 records: 0.03-0.75 of the pairs, against 1 in
# 10,000 for the same birth year alone, the default path's block, on which EM learnt
# another class: F1 0.01 at 1e6). Splink trains every comparison whose columns the
# rule does not read, and the last session that trains a comparison sets it, so each
# is set by the block that suits it: the given name by the surname and first given
# syllable in their likeliest reading (``first_block_key``: EM takes no array rule),
# birth year and origin; the surname and birth year together by the given-name
# skeleton and origin (the surname tells matches apart there, so a birth year three
# to five years off keeps its m: trained by the name skeleton and origin instead, EM
# drove it to the floor at 100,000 records and 7 % of true pairs fell below 0.5); the
# origin, sex, aliases and recorded year by the name skeleton and birth year.
EM_RULES = (
    ("first_block_key", "birth_year", "origin"),
    ("given_sk", "origin"),
    ("full_sk", "birth_year"),
)
_KEPT = "unique_id_l, unique_id_r, match_weight, match_probability, COLUMNS('^mw_')"
_DROPPED = ("block_keys", "given_block_keys", "name_block_keys", "record_id")


def frame_workers() -> int:
    """Processes that build the frame (this one and its workers): the CPUs this
    process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def materialise_records(
    records: Sequence[Record],
    con: duckdb.DuckDBPyConnection,
    name: str,
    attributes: tuple[str, ...] = (),
    *,
    workers: int | None = None,
) -> None:
    """Create table ``name``: the linkage frame of ``records``, built ``CHUNK_ROWS`` at a
    time (with each extra attribute column), by ``workers`` processes, this one among
    them (default :func:`frame_workers`; 1: this one alone)."""
    chunks = [records[start : start + CHUNK_ROWS] for start in range(0, len(records), CHUNK_ROWS)]
    workers = min(frame_workers() if workers is None else workers, len(chunks))
    tables = (
        _frames_here(chunks, attributes)
        if workers < 2
        else _frames_apart(chunks, attributes, workers)
    )
    for index, arrow in enumerate(tables):
        con.register("__chunk", arrow)
        try:
            verb = f"CREATE TABLE {name} AS" if index == 0 else f"INSERT INTO {name}"
            _rows(con, f"{verb} SELECT * FROM __chunk")
        finally:
            con.unregister("__chunk")
        del arrow


def _frame_table(chunk: Sequence[Record], attributes: tuple[str, ...]) -> pa.Table:
    """The linkage frame of ``chunk``, with its attribute columns, as an Arrow table."""
    frame = linkage_frame(chunk)
    for column in attributes:
        values = [r.attributes.get(column) for r in chunk]
        frame[column] = [v.strip() if v and v.strip() else None for v in values]
    return pa.Table.from_pandas(frame, schema=_schema(attributes), preserve_index=False)


def _frame_stream(chunk: Sequence[Record], attributes: tuple[str, ...]) -> bytes:
    """:func:`_frame_table` as an Arrow stream (what a worker sends back)."""
    table = _frame_table(chunk, attributes)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    stream: bytes = sink.getvalue().to_pybytes()
    return stream


def _frames_here(chunks: list[Sequence[Record]], attributes: tuple[str, ...]) -> Iterator[pa.Table]:
    for chunk in chunks:
        yield _frame_table(chunk, attributes)


def _frames_apart(
    chunks: list[Sequence[Record]], attributes: tuple[str, ...], processes: int
) -> Iterator[pa.Table]:
    """The chunks' frames, in order, from this process and ``processes - 1`` workers:
    this process builds every ``processes``-th chunk itself (it would otherwise only
    wait, and a worker of its own adds its memory: at 1,000,000 records two workers
    and an idle parent peaked at 4.2 GB), the workers the others, at most two chunks a
    worker sent ahead. The workers start from a fork server, not a fork of this
    process: DuckDB's and Arrow's threads here may hold locks a fork would copy held.
    A worker that cannot start or dies (a script that links at import time, without
    ``if __name__ == "__main__"``, is run again by each worker and stops it) leaves the
    rest to this process, with a warning."""
    done = 0
    try:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(processes - 1, mp_context=context) as pool:
            sent: dict[int, Future[bytes]] = {}
            for index, chunk in enumerate(chunks):
                for later in range(index, min(index + 2 * processes, len(chunks))):
                    if later % processes and later not in sent:
                        sent[later] = pool.submit(_frame_stream, list(chunks[later]), attributes)
                if index % processes == 0:
                    yield _frame_table(chunk, attributes)
                else:
                    yield pa.ipc.open_stream(sent.pop(index).result()).read_all()
                done += 1
    except BrokenProcessPool:
        LOG.warning(
            "the frame's worker processes stopped; building the rest of it in this "
            "process (%d of %d chunks left)",
            len(chunks) - done,
            len(chunks),
        )
        yield from _frames_here(chunks[done:], attributes)


_INTEGERS = (
    "n_syl_guess",
    "n_syl",
    "n_aliases",
    "alias_n_syl",
    "n_given_read",
    "birth_year",
    "by_bin_a",
    "by_bin_b",
    "recorded_year",
)


def _schema(attributes: tuple[str, ...]) -> pa.Schema:
    """Column types fixed up front (a chunk whose column is all null would otherwise make
    the table's column untyped): lists of strings, 32-bit integers, 64-bit signatures,
    booleans, strings."""
    fields = []
    for column in (*COLUMNS, *attributes):
        if column in LIST_COLUMNS:
            kind: pa.DataType = pa.list_(pa.string())
        elif column in _INTEGERS:
            kind = pa.int32()
        elif column in SIGNATURE_COLUMNS:
            kind = pa.int64()
        elif column in ("surname_known", "given_known"):
            kind = pa.bool_()
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind))
    return pa.schema(fields)


def add_capped_keys(
    table: str, con: duckdb.DuckDBPyConnection, cap: int = KEY_CAP, *, hashed: bool = True
) -> None:
    """Add ``cap_keys`` to ``table`` (see the module docstring) and drop the columns only
    the other blocking rules read.

    The keys are 64-bit hashes (UBIGINT) of their text, the key tagged with its kind
    (the lower half of its MD5: DuckDB's ``hash`` of a string collides on keys alike,
    "n:piao|myonk|cok" and "n:piao|pyonk|cop", and gave 13 of 200,000 benchmark
    records a key no other text shares) and, for a common one, that hash combined with
    its bin by ``hash``: the tables built here and the records table hold eight bytes
    a key instead of its string. Two keys that collide only join records that share
    no key, or push a key over the cap (odds of any collision among some tens of
    millions of keys: about 1 in 10,000). ``hashed`` False keeps the strings (to read
    them, and to check that the hashes change no pair)."""
    _rows(con, f"CREATE TEMP TABLE __keys AS {_key_rows(table, hashed)}")
    try:
        _rows(
            con,
            "CREATE TEMP TABLE __fine AS SELECT unique_id, unnest(CASE WHEN n <= "
            f"{cap} THEN [k] ELSE [{_binned('a', hashed)}, {_binned('b', hashed)}] END) AS k "
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
        _replace_keys(table, con, hashed)
    finally:
        for temp in ("__keys", "__fine", "__capped"):
            _rows(con, f"DROP TABLE IF EXISTS {temp}")


def _key_rows(table: str, hashed: bool) -> str:
    """Each record's distinct keys, tagged by kind (b: surname x first syllable, n:
    surname x two syllables, a: a name skeleton, g: the given-name skeleton)."""
    parts = " UNION ALL ".join(
        f"SELECT unique_id, {tag} || {values} AS key, by_bin_a, by_bin_b FROM {table}"
        for tag, values in (
            ("'b:'", "unnest(block_keys)"),
            ("'n:'", "unnest(name_block_keys)"),
            ("'a:'", "unnest(all_keys)"),
            ("'g:'", "given_sk"),
        )
    )
    key = "md5_number_lower(key)" if hashed else "key"
    return (
        f"SELECT DISTINCT unique_id, {key} AS k, by_bin_a, by_bin_b FROM ({parts}) "
        "WHERE key IS NOT NULL"
    )


def _binned(offset: str, hashed: bool) -> str:
    """A common key with its birth-year bin at one offset (null without a birth year)."""
    column = f"by_bin_{offset}"
    if not hashed:
        return f"k || '#{offset}' || {column}"
    return f"CASE WHEN {column} IS NULL THEN NULL ELSE hash(k, '{offset}', {column}) END"


def _replace_keys(table: str, con: duckdb.DuckDBPyConnection, hashed: bool) -> None:
    """``table`` with ``cap_keys`` (from ``__capped``) and ``first_block_key`` (the first
    block key, for EM), without the key columns only blocking read."""
    columns = {str(row[0]) for row in _rows(con, f"DESCRIBE {table}")}
    dropped = ", ".join(c for c in _DROPPED if c in columns)
    first = "t.block_keys[1]"
    if hashed:
        first = f"md5_number_lower({first})"
    _rows(
        con,
        f"CREATE TABLE {table}__capped AS SELECT t.* EXCLUDE ({dropped}), c.cap_keys, "
        f"{first} AS first_block_key FROM {table} t LEFT JOIN __capped c USING (unique_id)",
    )
    _rows(con, f"DROP TABLE {table}")
    _rows(con, f"ALTER TABLE {table}__capped RENAME TO {table}")


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
        add_capped_keys(table, con)
        n = len(records)
        if model is not None:
            model = copy.deepcopy(model)
            model["blocking_rules_to_generate_predictions"] = [CAPPED_RULE]
            scored = _predict_chunked(table, n, model, threshold, con)
            try:
                return PairScores(con.execute(f"SELECT * FROM {scored}").df(), model)
            finally:
                _rows(con, f"DROP TABLE IF EXISTS {scored}")
        model = _train_without_prior_rounds(
            table, n, attributes=attributes, names_only=names_only, con=con, seed=seed
        )
        return _refined(table, n, model, threshold, con)
    finally:
        _rows(con, f"DROP TABLE IF EXISTS {table}")


def _train_without_prior_rounds(
    table: str,
    n: int,
    *,
    attributes: tuple[str, ...],
    names_only: bool,
    con: duckdb.DuckDBPyConnection,
    seed: int,
) -> dict[str, Any]:
    """u from random pairs of the whole table (one pass), the first prior from
    near-certain matches, m by EM on ``EM_RULES`` (Splink samples each block's pairs)."""
    if n < 2:
        raise LinkageError("linkage needs at least two records")
    settings = settings_for(
        wide=False,
        attributes=attributes,
        names_only=names_only,
        given_tf=True,
    )
    settings["blocking_rules_to_generate_predictions"] = [CAPPED_RULE]
    constant = _constant_comparisons(table, settings, con)
    model = _prior_and_u(table, settings, con, seed, constant)
    gc.collect()
    for rule in _em_rules(table, con):
        model = _expectation_maximisation(table, model, rule, con)
        gc.collect()
    return fill_untrained(model)


def _em_rules(table: str, con: duckdb.DuckDBPyConnection) -> list[str]:
    """``EM_RULES`` as SQL, each without the columns empty in ``table`` (no birth years, no
    origins); a rule left with nothing, or the same as an earlier one, is skipped."""
    empty = _empty_columns(table, con)
    rules: list[str] = []
    for columns in EM_RULES:
        kept = [c for c in columns if c not in empty]
        rule = " AND ".join(f"l.{c} = r.{c}" for c in kept)
        if kept and rule not in rules:
            rules.append(rule)
    return rules


def _refined(
    table: str, n: int, model: dict[str, Any], threshold: float, con: duckdb.DuckDBPyConnection
) -> PairScores:
    """Score the blocked pairs once, keeping those at least ``PRIOR_SCORE_FLOOR`` under the
    first prior; re-estimate the prior from them ``PRIOR_ROUNDS`` times (as for small
    inputs, :func:`uncounted.link.engine._refine_prior`, but from each pair's total
    match weight: the prior only shifts it); keep the pairs at least ``threshold``
    under the last."""
    first = float(model["probability_two_random_records_match"])
    scored = _predict_chunked(table, n, model, PRIOR_SCORE_FLOOR, con)
    # The match weight less the first prior's: the comparisons' sum, to which each
    # round adds its own prior's weight.
    terms = [f"(match_weight - cast({math.log2(first / (1 - first))} as float8))"]
    try:
        for _ in range(PRIOR_ROUNDS):
            _next_prior(model, scored, terms, n, con)
        return PairScores(_reweighted(scored, model, terms, threshold, con), model)
    finally:
        _rows(con, f"DROP TABLE IF EXISTS {scored}")


def _predict_chunked(
    table: str,
    n: int,
    model: dict[str, Any],
    threshold: float,
    con: duckdb.DuckDBPyConnection,
) -> str:
    """Splink's predict on ``table``, ``ceil(n / PREDICT_CHUNK_RECORDS)`` left-hand chunks
    one at a time, each appended to one table (its name is returned) and dropped: the
    pairs are held once, not once in the chunks and again in their union. Pairs carry
    ids, match weight and probability and the per-comparison match weights (``mw_*``,
    which clustering's checks read: :mod:`uncounted.link.attach`), nothing else."""
    settings = copy.deepcopy(model)
    settings["retain_matching_columns"] = False
    settings["retain_intermediate_calculation_columns"] = True
    chunks = max(1, math.ceil(n / PREDICT_CHUNK_RECORDS))
    out = f"{table}_scored"
    _rows(con, f"DROP TABLE IF EXISTS {out}")
    for index in range(1, chunks + 1):
        _predict_chunk(table, settings, (index, chunks), threshold, out=out, con=con)
        gc.collect()
    return out


def _predict_chunk(
    table: str,
    settings: dict[str, Any],
    chunk: tuple[int, int],
    threshold: float,
    *,
    out: str,
    con: duckdb.DuckDBPyConnection,
) -> None:
    """One left-hand chunk scored by a linker of its own, appended to ``out`` (created
    by the first). A linker kept across the chunks holds what Splink caches for each
    (the chunk's tables and SQL pipelines) until it goes."""
    linker = _linker(table, settings, con)
    part = linker.inference.predict_chunk(
        left_chunk=chunk,
        right_chunk=(1, 1),
        threshold_match_probability=threshold,
        warning_mode="never",
    )
    verb = f"CREATE TABLE {out} AS" if chunk[0] == 1 else f"INSERT INTO {out}"
    _rows(con, f"{verb} SELECT {_KEPT} FROM {part.physical_name}")
    part.drop_table_from_database_and_remove_from_cache()
