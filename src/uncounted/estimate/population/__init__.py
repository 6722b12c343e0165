"""Multiple systems estimation of a hidden population from overlapping lists.

One estimator per module. Every estimator takes a :class:`CaptureTable` and
returns a :class:`PopulationEstimate`.
"""

from uncounted.estimate.population.result import PopulationEstimate
from uncounted.estimate.population.table import CaptureTable, read_capture_table

__all__ = ["CaptureTable", "PopulationEstimate", "read_capture_table"]
