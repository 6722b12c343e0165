"""Stock and flow kept apart in the types (Little's law).

A :class:`Stock` counts people present at one time ("on any given day"); a
:class:`Flow` counts people entering per year; a :class:`Duration` is a mean time
spent, in years. In a steady state stock = inflow × mean duration. The values may
be scalars or numpy arrays of Monte Carlo draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Values = npt.NDArray[np.float64]


def _array(value: float | Values) -> Values:
    return np.asarray(value, dtype=np.float64)


@dataclass(frozen=True)
class Stock:
    """People present at one time (a point-in-time count)."""

    count: Values

    @classmethod
    def of(cls, count: float | Values) -> Stock:
        return cls(_array(count))

    def share(self, fraction: float | Values) -> Stock:
        """The part of this stock in a subgroup with the given share."""
        return Stock(self.count * _array(fraction))


@dataclass(frozen=True)
class Flow:
    """People entering per year (a rate)."""

    per_year: Values

    @classmethod
    def of(cls, per_year: float | Values) -> Flow:
        return cls(_array(per_year))


@dataclass(frozen=True)
class Duration:
    """Mean time spent in a state, in years."""

    years: Values

    @classmethod
    def of(cls, years: float | Values) -> Duration:
        return cls(_array(years))


def stock_from_flow(flow: Flow, duration: Duration) -> Stock:
    """Little's law: stock = inflow × mean duration."""
    return Stock(flow.per_year * duration.years)


def flow_from_stock(stock: Stock, duration: Duration) -> Flow:
    """Little's law read the other way: inflow = stock / mean duration."""
    return Flow(stock.count / duration.years)
