"""Two-list estimators: Lincoln–Petersen and Chapman, with Seber's variance.

With ``n1`` people on the first list, ``n2`` on the second and ``m`` on both,
Lincoln–Petersen gives ``n1 n2 / m`` and Chapman (1951) the nearly unbiased
``(n1 + 1)(n2 + 1)/(m + 1) - 1``, with Seber's (1970) variance
``(n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)^2 (m + 2))``. The interval is the
normal one, floored at the number observed. A table of more lists is first
collapsed to the two named lists (default: the first two).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scipy.stats import norm

from uncounted.errors import EstimationError
from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import CaptureTable

MIN_OVERLAP = 7  # Seber (1970): Chapman is nearly unbiased when m >= 7


def _counts(table: CaptureTable, lists: Sequence[str] | None) -> tuple[CaptureTable, int, int, int]:
    names = list(lists) if lists is not None else list(table.lists[:2])
    if len(names) != 2:
        raise EstimationError("a two-list estimator needs exactly two lists")
    pair = table.select(names)
    on_first = pair.patterns[:, 0] == 1
    on_second = pair.patterns[:, 1] == 1
    n1 = int(pair.counts[on_first].sum())
    n2 = int(pair.counts[on_second].sum())
    m = int(pair.counts[on_first & on_second].sum())
    return pair, n1, n2, m


def _result(
    method: str, pair: CaptureTable, value: float, variance: float, level: float, *, m: int
) -> PopulationEstimate:
    z = float(norm.ppf(0.5 + level / 2))
    half = z * math.sqrt(variance)
    n = pair.n_observed
    warnings: tuple[str, ...] = ()
    if m < MIN_OVERLAP:
        warnings = (f"only {m} people on both lists (< {MIN_OVERLAP}): unreliable (Seber 1970)",)
    return PopulationEstimate(
        method=method,
        n_observed=n,
        estimate=value,
        interval=(max(float(n), value - half), value + half),
        level=level,
        details={"lists": list(pair.lists), "both": m, "se": math.sqrt(variance)},
        warnings=warnings,
    )


def estimate_chapman(
    table: CaptureTable, lists: Sequence[str] | None = None, *, level: float = 0.95
) -> PopulationEstimate:
    """Chapman's estimator with Seber's variance."""
    pair, n1, n2, m = _counts(table, lists)
    value = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    return _result("chapman", pair, value, variance, level, m=m)


def estimate_lincoln_petersen(
    table: CaptureTable, lists: Sequence[str] | None = None, *, level: float = 0.95
) -> PopulationEstimate:
    """Lincoln–Petersen; undefined when nobody is on both lists."""
    pair, n1, n2, m = _counts(table, lists)
    if m == 0:
        raise EstimationError("the two lists do not overlap: Lincoln–Petersen is unbounded")
    variance = n1 * n2 * (n1 - m) * (n2 - m) / m**3
    return _result("lincoln_petersen", pair, n1 * n2 / m, variance, level, m=m)
