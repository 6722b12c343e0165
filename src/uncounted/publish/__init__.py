"""Publication: reports with charts, always through disclosure control.

``render_report`` writes a self-contained HTML page (inline CSS and SVG, no
external request) from a list of :class:`Section`; every table passes through
:func:`disclose` (small-cell suppression) on its way into the page.
"""

from uncounted.publish.disclosure import MIN_CELL, disclose, suppress_small_cells
from uncounted.publish.report import render_report, write_report
from uncounted.publish.sections import Figure, Paragraph, Section, Table

__all__ = [
    "MIN_CELL",
    "Figure",
    "Paragraph",
    "Section",
    "Table",
    "disclose",
    "render_report",
    "suppress_small_cells",
    "write_report",
]
