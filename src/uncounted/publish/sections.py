"""Report building blocks: a section holds paragraphs, tables and figures.

Later stages add sections by returning them from their demo stage (see
``uncounted.demo.stages``); the report renders them in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    """A table; ``counts`` names the columns of person counts (disclosure-controlled)."""

    frame: pd.DataFrame
    caption: str = ""
    counts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """An inline SVG chart (from :mod:`uncounted.publish.charts`)."""

    svg: str
    caption: str = ""


Block = Paragraph | Table | Figure


@dataclass
class Section:
    """A titled part of the report; ``key`` is its HTML anchor."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, block: Block) -> Section:
        self.blocks.append(block)
        return self
