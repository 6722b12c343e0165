"""Disclosure control for public tables: one hook every report table passes through.

Counts between 1 and ``MIN_CELL - 1`` are replaced by ``"<MIN_CELL"``: a small
cell can identify a survivor (one woman from one town sold in one year).
Zero stays zero (it reveals nobody). The hook is :data:`HOOK`, so a stricter
policy (coarsening, rounding to base 5) can be swapped in at one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

MIN_CELL = 5


def suppress_small_cells(
    frame: pd.DataFrame, counts: Sequence[str], threshold: int = MIN_CELL
) -> pd.DataFrame:
    """A copy of ``frame`` with small counts in ``counts`` columns shown as ``<threshold``."""
    out = frame.copy()
    for column in counts:
        values = pd.to_numeric(out[column], errors="coerce")
        small = (values > 0) & (values < threshold)
        out[column] = out[column].astype(object)
        out.loc[small, column] = f"<{threshold}"
    return out


Hook = Callable[[pd.DataFrame, Sequence[str]], pd.DataFrame]
HOOK: list[Hook] = [suppress_small_cells]


def disclose(frame: pd.DataFrame, counts: Sequence[str]) -> pd.DataFrame:
    """Apply the disclosure hook: the only way a table reaches a public output."""
    return HOOK[0](frame, counts)
