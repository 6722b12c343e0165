"""Capture-history tables: one 0/1 column per list and a ``count`` column."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class CaptureTable:
    """Aggregated capture histories.

    ``patterns`` is an ``(m, K)`` array of 0/1 (int8), one row per observed
    pattern, no all-zero row, no duplicate rows; ``counts`` is ``(m,)`` int64 of
    positive counts; ``lists`` names the K columns in order.
    """

    lists: tuple[str, ...]
    patterns: npt.NDArray[np.int8]
    counts: npt.NDArray[np.int64]

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def n_observed(self) -> int:
        return int(self.counts.sum())


def read_capture_table(path: str) -> CaptureTable:
    """Read and validate a capture-history CSV (see ``docs/`` for the format)."""
    raise NotImplementedError("validation lands with the log-linear estimators")
