"""Reference values shared by the population tests (tests/data/mse/SOURCES.md)."""

from __future__ import annotations

MT_INDEPENDENCE = [
    # Rcapture closedp.t, model Mt (Poisson GLM, main effects only)
    ("kosovo_1999", 7394.6),
    ("western_us", 2007.0),
    ("uk_2013_5lists", 13444.1),
    ("uk_2013", 12214.0),
]
"""N̂ of the independence model per table, as Rcapture's ``closedp.t`` gives it."""
