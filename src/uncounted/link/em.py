"""One EM session from two starts; the start whose fixed point is more likely is kept.

EM converges to a fixed point near its start, and a linkage model can have more
than one. On the cross-script Korean benchmark (seed 7, names only) the session
blocked on birth year has two: in one, the given name's "else" level and the
alias levels keep the renamed women among the matches; in the other their m fall
to zero, a renamed woman can no longer match, and names-only top-1 falls from
0.893 to 0.837. Which one EM reaches turned on a level the data never shows.

So each session considers two starts: the one it is given and a flat one (every
comparison the session trains has the same m on each of its levels). Splink's
comparison vectors of the block are computed once and counted by agreement
pattern. From each start, :func:`fixed_point` runs Splink's EM update on those
counts in numpy (u fixed, no term frequencies), past Splink's stopping rule
(``BASIN_ITERATIONS``), and gives the log-likelihood of the counts at the point it
reaches: sum over patterns of count × log(λ·Πm + (1 − λ)·Πu). Splink's own EM
then runs, on the same vectors, from the given start, unless the flat one leads to
another fixed point (see ``SAME_POINT``) that is more likely. At seed 7, started
in the bad basin, the two fixed points' log-likelihoods differ by about 60 nats.
On FEBRL4 the numpy runs and the pattern counts took about 0.05 s of a 6 s run;
a second Splink session, the first version of this, cost two CPU-seconds.

Splink (5.x) offers no hook to reuse a session's comparison vectors, so this
module drives its ``EMTrainingSession`` the way
``linker.training.estimate_parameters_using_expectation_maximisation`` does (u
fixed, without term frequencies). ``tests/link/test_link_em.py`` checks both
against that public method.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
from splink import Linker
from splink.internals.blocking_rule_creator_utils import to_blocking_rule_creator
from splink.internals.em_training_session import EMTrainingSession
from splink.internals.splink_dataframe import SplinkDataFrame
from splink.internals.term_frequencies import ensure_term_frequencies_for_linker

__all__ = [
    "Fit",
    "Patterns",
    "Start",
    "best_fit",
    "fixed_point",
    "flat_start",
    "log_likelihood",
    "patterns",
    "session_for",
    "start_of",
]

_LOG = logging.getLogger(__name__)
# A pattern no class can produce (every m and u of a level zero) would make the
# log-likelihood minus infinity; it counts as this small a probability instead.
_TINY = 1e-300
# Splink's m for a level EM saw no pair in (``m_probability`` of "not observed").
_NOT_OBSERVED = 1e-6
# Two starts reach one fixed point when no m differs by more than this between the
# points the numpy iteration reaches from them. (Splink's EM stops when an iteration
# moves no m by ``em_convergence``, 1e-4, or after 25 iterations, short of the point;
# from two starts its stopping points' log-likelihoods differed by 0.6 to 2.5 nats on
# the Korean benchmark's sessions, of 90,000 to 300,000: too little to choose on.)
SAME_POINT = 0.01
# To tell which fixed point a start leads to, the numpy iteration goes on well past
# Splink's stopping rule: from two starts in one basin Splink's 25 iterations stop
# up to 0.025 apart in an m (Korean benchmark, seed 23, the names' session).
BASIN_ITERATIONS = 500
BASIN_CONVERGENCE = 1e-6


@dataclass(frozen=True)
class Fit:
    """A session's trained model (Splink settings), the share of matches among the
    pairs of its block (its λ) and the log-likelihood of its comparison vectors at
    the fixed point it reached."""

    model: dict[str, Any]
    share: float
    log_likelihood: float


@dataclass(frozen=True)
class Patterns:
    """A block's comparison vectors counted by agreement pattern: ``gammas`` (one row
    per pattern, one column per comparison; -1 is the null level) and ``counts``."""

    gammas: np.ndarray[Any, np.dtype[np.int64]]
    counts: np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Start:
    """A session's parameters: λ, and for each comparison (in the patterns' column
    order) m and u by comparison vector value."""

    share: float
    m: list[dict[int, float]]
    u: list[dict[int, float]]


def flat_start(model: dict[str, Any], comparisons: set[str]) -> dict[str, Any]:
    """A copy of ``model`` in which each of ``comparisons`` has the same m on every
    level but the null one."""
    out = copy.deepcopy(model)
    for comparison in out["comparisons"]:
        if comparison["output_column_name"] in comparisons:
            levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
            for level in levels:
                level["m_probability"] = 1.0 / len(levels)
    return out


def best_fit(
    linker_for: Callable[[dict[str, Any]], Linker],
    start: dict[str, Any],
    rule: str,
    *,
    max_pairs: float,
    con: duckdb.DuckDBPyConnection,
) -> Fit | None:
    """Splink's EM on the pairs ``rule`` blocks (at most about ``max_pairs``, as
    Splink samples), from ``start`` or from its flat start, whichever leads to the
    more likely fixed point (see the module docstring); the other start is tried
    when EM from the first drove some m to exactly zero (Splink refuses that), and
    None is returned when both did. ``linker_for`` makes a fresh linker from
    settings."""
    linker = linker_for(start)
    session = session_for(linker, rule, max_pairs)
    vectors = session._comparison_vectors()
    try:
        counted = patterns(session, vectors, con)
        candidates = [(linker, session)]
        active = {c.output_column_name for c in session.core_model_settings.comparisons}
        flat = flat_start(start, active)
        if flat != start:
            other = linker_for(flat)
            candidates.append((other, session_for(other, rule, max_pairs)))
        for chosen, chosen_session in _by_likelihood(candidates, counted):
            fit = _fit(chosen, chosen_session, vectors, counted)
            if fit is not None:
                return fit
    finally:
        vectors.drop_table_from_database_and_remove_from_cache()
    return None


def _by_likelihood(
    candidates: list[tuple[Linker, EMTrainingSession]], counted: Patterns
) -> list[tuple[Linker, EMTrainingSession]]:
    """The candidates, the first unless another's start leads to another fixed point
    (an m differs by more than ``SAME_POINT``) that is more likely; that one then
    comes first."""
    if len(candidates) == 1:
        return candidates
    points = [
        fixed_point(
            counted,
            start_of(session),
            max_iterations=BASIN_ITERATIONS,
            convergence=BASIN_CONVERGENCE,
        )
        for _, session in candidates
    ]
    (first, first_score), (other, other_score) = points
    apart = _distance(first, other)
    _LOG.info(
        "EM from the given and flat starts: log-likelihoods %.3f, %.3f; m apart by %.4f",
        first_score,
        other_score,
        apart,
    )
    if apart > SAME_POINT and other_score > first_score:
        return candidates[::-1]
    return candidates


def _distance(a: Start, b: Start) -> float:
    """The largest difference between the two points' m of one level."""
    return max(
        (abs(x[v] - y[v]) for x, y in zip(a.m, b.m, strict=True) for v in x),
        default=0.0,
    )


def session_for(linker: Linker, rule: str, max_pairs: float) -> EMTrainingSession:
    """The session ``estimate_parameters_using_expectation_maximisation`` would start."""
    ensure_term_frequencies_for_linker(linker)
    settings = linker._settings_obj
    return EMTrainingSession(
        linker,
        db_api=linker._db_api,
        blocking_rule_for_training=to_blocking_rule_creator(rule).get_blocking_rule(
            linker._sql_dialect_str
        ),
        core_model_settings=settings.core_model_settings,
        training_settings=settings.training_settings,
        unique_id_input_columns=settings.column_info_settings.unique_id_input_columns,
        fix_u_probabilities=True,
        estimate_without_term_frequencies=True,
        max_pairs=max_pairs,
    )


def _fit(
    linker: Linker,
    session: EMTrainingSession,
    vectors: SplinkDataFrame,
    counted: Patterns,
) -> Fit | None:
    """Train ``session`` on ``vectors`` and store the result in ``linker`` as the
    public method does; None when EM drove an m to exactly zero."""
    try:
        trained = session._train(vectors)
    except ValueError as error:
        if "below the minimum allowed value" not in str(error):
            raise
        _LOG.warning("an EM session failed (degenerate block)")
        return None
    linker._settings_obj.core_model_settings = trained
    linker._em_training_sessions.append(session)
    linker._populate_m_u_from_trained_values()  # type: ignore[no-untyped-call]
    model: dict[str, Any] = linker.misc.save_model_to_json()
    final = start_of(session)
    return Fit(model, final.share, log_likelihood(counted, final))


def patterns(
    session: EMTrainingSession, vectors: SplinkDataFrame, con: duckdb.DuckDBPyConnection
) -> Patterns:
    """The session's comparison vectors counted by agreement pattern."""
    columns = [f"gamma_{c.output_column_name}" for c in session.core_model_settings.comparisons]
    if not columns:
        count = con.execute(f"SELECT count(*) FROM {vectors.physical_name}").fetchall()[0][0]
        return Patterns(np.zeros((1, 0), dtype=np.int64), np.array([float(count)]))
    listed = ", ".join(columns)
    rows = con.execute(
        f"SELECT {listed}, count(*) FROM {vectors.physical_name} GROUP BY {listed}"
    ).fetchall()
    table = np.array(rows, dtype=np.float64).reshape(len(rows), len(columns) + 1)
    return Patterns(table[:, :-1].astype(np.int64), table[:, -1])


def start_of(session: EMTrainingSession) -> Start:
    """The session's current parameters (before training: its start, with Splink's
    defaults for levels the settings leave without m; after: its fixed point)."""
    final = session.core_model_settings
    m, u = [], []
    for comparison in final.comparisons:
        levels = comparison._comparison_levels_excluding_null
        m.append({lv.comparison_vector_value: float(lv.m_probability) for lv in levels})
        u.append({lv.comparison_vector_value: float(lv.u_probability) for lv in levels})
    return Start(float(final.probability_two_random_records_match), m, u)


def fixed_point(
    counted: Patterns, start: Start, *, max_iterations: int, convergence: float
) -> tuple[Start, float]:
    """Splink's EM iteration (u and the null level fixed, no term frequencies) on
    pattern counts, from ``start``: the parameters it stops at (the largest change
    of an m below ``convergence``, or ``max_iterations`` done) and the counts'
    log-likelihood there."""
    current = start
    for _ in range(max_iterations):
        responsibility = _responsibility(counted, current)
        weighted = responsibility * counted.counts
        share = float(weighted.sum() / counted.counts.sum())
        m = [
            _m_update(counted.gammas[:, c], weighted, levels) for c, levels in enumerate(current.m)
        ]
        change = max(
            (abs(new[v] - old[v]) for new, old in zip(m, current.m, strict=True) for v in new),
            default=0.0,
        )
        current = Start(share, m, current.u)
        if change < convergence:
            break
    return current, log_likelihood(counted, current)


def _m_update(
    gamma: np.ndarray[Any, np.dtype[np.int64]],
    weighted: np.ndarray[Any, np.dtype[np.float64]],
    levels: dict[int, float],
) -> dict[int, float]:
    sums = {v: float(weighted[gamma == v].sum()) for v in levels}
    seen = {v for v in levels if (gamma == v).any()}
    total = sum(sums[v] for v in seen)
    return {v: (sums[v] / total if total else 0.0) if v in seen else _NOT_OBSERVED for v in levels}


def _probabilities(counted: Patterns, start: Start) -> tuple[np.ndarray[Any, Any], ...]:
    """Πm and Πu of each pattern (the null level contributes 1 to both)."""
    m = np.ones(len(counted.counts))
    u = np.ones(len(counted.counts))
    for c, (m_levels, u_levels) in enumerate(zip(start.m, start.u, strict=True)):
        gamma = counted.gammas[:, c]
        for value, m_value in m_levels.items():
            hit = gamma == value
            m[hit] *= m_value
            u[hit] *= u_levels[value]
    return m, u


def _responsibility(counted: Patterns, start: Start) -> np.ndarray[Any, Any]:
    m, u = _probabilities(counted, start)
    match = start.share * m
    both = match + (1 - start.share) * u
    out: np.ndarray[Any, Any] = np.divide(match, both, out=np.zeros_like(both), where=both > 0)
    return out


def log_likelihood(counted: Patterns, start: Start) -> float:
    """Sum over patterns of count × log(λ·Πm + (1 − λ)·Πu)."""
    m, u = _probabilities(counted, start)
    both = np.maximum(start.share * m + (1 - start.share) * u, _TINY)
    return float((counted.counts * np.log(both)).sum())
