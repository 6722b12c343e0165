"""The result every population estimator returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PopulationEstimate:
    """An estimate of the total population size N (observed plus unobserved).

    ``interval`` is ``(low, high)`` at confidence/credibility ``level``; ``details``
    holds method-specific facts (chosen model, diagnostics, warnings) that are
    JSON-serialisable.
    """

    method: str
    n_observed: int
    estimate: float
    interval: tuple[float, float]
    level: float = 0.95
    details: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` form: method, n_observed, estimate, interval, level, details."""
        details = dict(self.details)
        if self.warnings:
            details["warnings"] = list(self.warnings)
        return {
            "method": self.method,
            "n_observed": self.n_observed,
            "estimate": self.estimate,
            "interval": [self.interval[0], self.interval[1]],
            "level": self.level,
            "details": details,
        }
