"""u probabilities from random pairs in one pass: Splink's estimate, computed once.

Splink's ``estimate_u_using_random_sampling`` samples records (a deterministic
hash of the unique id and seed), forms every pair of the sample, and counts,
per comparison, how many pairs fall in each level. It runs that cross join once
per comparison and per chunk (a probe, then up to ten chunks, stopping early
once every level has ``min_count_per_level`` pairs). With many comparisons and
levels rare among random pairs (a surname in another reading, a letter dropped)
it never stops early, and the model's costliest SQL (edit distances, array
intersections) runs over the same pairs a dozen times.

:func:`estimate_u_in_one_pass` takes the same sample with Splink's own SQL,
evaluates every comparison's vector over its pairs once and counts each
comparison's levels from one ``GROUP BY``; the u probabilities are then those
Splink computes with ``min_count_per_level=None`` (every chunk, no early stop)
to rounding (tested to 1e-12), and they are written into the linker the way
Splink writes its own. An optional pseudocount (add-one counts) keeps the u of
levels rare or unseen in the sample away from zero.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from splink.internals.constants import LEVEL_NOT_OBSERVED_TEXT
from splink.internals.estimate_u import _rows_needed_for_n_pairs
from splink.internals.m_u_records_to_parameters import (
    append_u_probability_to_comparison_level_trained_probabilities,
    m_u_records_to_lookup_dict,
)
from splink.internals.pipeline import CTEPipeline
from splink.internals.settings import Settings
from splink.internals.unique_id_concat import _composite_unique_id_from_nodes_sql
from splink.internals.vertically_concatenate import enqueue_df_concat

from uncounted.errors import LinkageError

if TYPE_CHECKING:
    from splink import Linker
    from splink.internals.comparison import Comparison
    from splink.internals.splink_dataframe import SplinkDataFrame

__all__ = ["estimate_u_in_one_pass"]

_DESCRIPTION = "estimate u by random sampling"
_RANK = "__uncounted_id_rank"
# Parts of the sample's cross join, run side by side (see _level_counts).
_PARTS = 4


def estimate_u_in_one_pass(
    linker: Linker, max_pairs: float, seed: int | None = None, pseudocount: float = 0.0
) -> None:
    """Set the u probabilities of ``linker``'s comparisons from about ``max_pairs``
    random pairs (Splink's sample for ``max_pairs`` and ``seed``), in one pass.

    ``pseudocount`` pairs are added to every level's count (additive smoothing: 1 is
    Laplace's add-one rule), so a level rare or unseen among the sampled pairs gets a u
    near one in the sample size rather than zero or the count of a handful of pairs;
    0 gives Splink's estimate exactly (an unseen level is then "not observed"). A
    comparison none of whose sampled pairs left its null level stays unestimated."""
    if pseudocount < 0:
        raise LinkageError("the pseudocount must not be negative")
    settings = linker._settings_obj
    if settings._link_type not in ("dedupe_only", "link_and_dedupe"):
        raise LinkageError("one-pass u estimation supports dedupe and link_and_dedupe only")
    counts = _level_counts(linker, max_pairs, seed)
    records = []
    for comparison in settings.comparisons:
        name = comparison.output_column_name
        levels = counts.get(name, {})
        observed = comparison._comparison_levels_excluding_null
        added = pseudocount if levels else 0.0
        total = sum(levels.values()) + added * len(observed)
        for level in observed:
            count = levels.get(int(level.comparison_vector_value), 0) + added
            records.append(
                {
                    "output_column_name": name,
                    "comparison_vector_value": int(level.comparison_vector_value),
                    "m_probability": None,
                    "u_probability": count / total if count else LEVEL_NOT_OBSERVED_TEXT,
                }
            )
    lookup = m_u_records_to_lookup_dict(records)
    for comparison in settings.comparisons:
        for level in comparison._comparison_levels_excluding_null:
            append_u_probability_to_comparison_level_trained_probabilities(
                level, lookup, comparison.output_column_name, _DESCRIPTION
            )
    linker._populate_m_u_from_trained_values()  # type: ignore[no-untyped-call]


def _level_counts(linker: Linker, max_pairs: float, seed: int | None) -> dict[str, dict[int, int]]:
    """Pairs of the random sample in each level of each comparison (null level left out)."""
    settings = linker._settings_obj
    db_api = linker._db_api
    uid_cols = settings.column_info_settings.unique_id_input_columns
    pipeline = enqueue_df_concat(linker, CTEPipeline())
    pipeline.enqueue_sql("select count(*) as count from __splink__df_concat", "__splink__n")
    counted = db_api.sql_pipeline_to_splink_dataframe(pipeline)
    total_nodes = int(counted.as_record_list()[0]["count"])
    counted.drop_table_from_database_and_remove_from_cache()
    wanted: float = _rows_needed_for_n_pairs(max_pairs)  # type: ignore[no-untyped-call]
    proportion = min(wanted / max(total_nodes, 1), 1.0)

    pipeline = enqueue_df_concat(linker, CTEPipeline())
    sample_filter = linker._proportion_sample_sql(proportion, uid_cols, seed=seed)
    uid = _composite_unique_id_from_nodes_sql(uid_cols)
    pipeline.enqueue_sql(
        f"select *, row_number() over (order by {uid}) as {_RANK} "
        f"from __splink__df_concat where 1=1 {sample_filter}",
        "__splink__df_concat_sample",
    )
    sample = db_api.sql_pipeline_to_splink_dataframe(pipeline)
    try:
        rows = _vector_counts(linker, sample)
    finally:
        sample.drop_table_from_database_and_remove_from_cache()
    comparisons = _without_term_frequencies(settings.comparisons)
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        for comparison in comparisons:
            value = int(row[f"gamma_{comparison.output_column_name}"])
            if value != -1:
                counts[comparison.output_column_name][value] += int(row["n"])
    return counts


def _vector_counts(linker: Linker, sample: SplinkDataFrame) -> list[dict[str, Any]]:
    """Pairs of the ``sample`` (a table) per comparison vector."""
    settings = linker._settings_obj
    uid_cols = settings.column_info_settings.unique_id_input_columns
    comparisons = _without_term_frequencies(settings.comparisons)
    columns = [c for uid in uid_cols for c in uid.l_r_names_as_l_r]
    for comparison in comparisons:
        columns += comparison._columns_to_select_for_blocking()  # type: ignore[no-untyped-call]
    # Splink's condition (the composite id of l before r's) on the ids' ranks: the same
    # pairs, each the same way round, from an integer comparison instead of two string
    # concatenations per pair of the cross join. The cross join is written as
    # ``_PARTS`` joins, each of the sample's rows whose rank is one remainder modulo
    # ``_PARTS`` with the whole sample, glued by ``union all``: the same pairs, but the
    # sample (a few thousand rows) is one chunk, so a single join and the comparison
    # vectors computed over it run on one thread, while the parts run on every thread
    # DuckDB has (FEBRL4: one thread did 2.8 of the 2.9 CPU-s, now two share it). The
    # sample is a table of its own, read by every part (as a CTE it was computed again
    # for each reference: 0.6 CPU-s more than one join).
    where = f"where l.{_RANK} < r.{_RANK}"
    uid_l = _composite_unique_id_from_nodes_sql(uid_cols, "l")
    uid_r = _composite_unique_id_from_nodes_sql(uid_cols, "r")
    selected = ", ".join(
        [
            f"{uid_l} as join_key_l",
            f"{uid_r} as join_key_r",
            *dict.fromkeys(columns),
            "'0' as match_key",
        ]
    )
    table = sample.physical_name
    parts = " union all ".join(
        f"select {selected} from (select * from {table} where {_RANK} % {_PARTS} = {part}) "
        f"as l inner join {table} as r on (1=1) {where}"
        for part in range(_PARTS)
    )
    pipeline = CTEPipeline([sample])
    pipeline.enqueue_sql(parts, "__splink__blocked_id_pairs")
    vectors = Settings.columns_to_select_for_comparison_vector_values(
        unique_id_input_columns=uid_cols,
        comparisons=comparisons,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )
    pipeline.enqueue_sql(
        f"select {', '.join(vectors)} from __splink__blocked_id_pairs",
        "__splink__df_comparison_vectors",
    )
    gammas = [f"gamma_{c.output_column_name}" for c in comparisons]
    pipeline.enqueue_sql(
        f"select {', '.join(gammas)}, count(*) as n "
        f"from __splink__df_comparison_vectors group by {', '.join(gammas)}",
        "__splink__u_vector_counts",
    )
    result = linker._db_api.sql_pipeline_to_splink_dataframe(pipeline)
    try:
        rows: list[dict[str, Any]] = result.as_record_list()
    finally:
        result.drop_table_from_database_and_remove_from_cache()
    return rows


def _without_term_frequencies(comparisons: list[Comparison]) -> list[Comparison]:
    """Copies of ``comparisons`` that read no term-frequency column (Splink's sample has
    none; the levels do not depend on them)."""
    out = copy.deepcopy(comparisons)
    for comparison in out:
        for level in comparison.comparison_levels:
            level._tf_adjustment_column = None
    return out
