"""The domain model: pure Python, no I/O.

Records (the unit of import and export) and uncertain dates come first; the
richer HURIDOCS-style model (sources, persons, acts, involvements, transactions,
statements) builds on the controlled vocabularies in ``uncounted.model.vocab``.
"""

from __future__ import annotations

from uncounted.model.dates import UncertainDate
from uncounted.model.records import Pathway, Record, Sex

__all__ = ["Pathway", "Record", "Sex", "UncertainDate"]
