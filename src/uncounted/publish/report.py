"""Rendering sections into one self-contained HTML page (Jinja2, inline CSS and SVG)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from uncounted.publish.charts import inline_svg
from uncounted.publish.disclosure import disclose
from uncounted.publish.sections import Figure, Paragraph, Section, Table


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("uncounted.publish", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _block(block: Paragraph | Table | Figure) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text}
    if isinstance(block, Figure):
        svg = Markup(inline_svg(block.svg))  # SVG from chart code, not user input
        return {"kind": "figure", "svg": svg, "caption": block.caption}
    shown = disclose(block.frame, block.counts)
    rows = [[_cell(v) for v in row] for row in shown.itertuples(index=False)]
    return {"kind": "table", "columns": list(shown.columns), "rows": rows, "caption": block.caption}


def _cell(value: Any) -> tuple[str, bool]:
    """The text of a cell and whether it is a number (right-aligned)."""
    if _missing(value):
        return "", False
    return _fmt(value), isinstance(value, int | float) and not isinstance(value, bool)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_report(title: str, sections: Sequence[Section], subtitle: str = "") -> str:
    """The report as HTML text."""
    template = _environment().get_template("report.html.j2")
    parts = [
        {"key": s.key, "title": s.title, "blocks": [_block(b) for b in s.blocks]} for s in sections
    ]
    return template.render(title=title, subtitle=subtitle, sections=parts)


def write_report(
    path: str | Path, title: str, sections: Sequence[Section], subtitle: str = ""
) -> Path:
    """Write the report to ``path`` (folders created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(title, sections, subtitle), encoding="utf-8")
    return path
