"""docs/records-csv.md documents exactly the columns the parser knows."""

from __future__ import annotations

import re
from pathlib import Path

from uncounted.intake import COLUMNS, REQUIRED_COLUMNS

DOC = Path(__file__).resolve().parents[2] / "docs" / "records-csv.md"


def _table_rows() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Columns", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


def test_documented_columns_match_parser() -> None:
    documented = [row[0].strip("`") for row in _table_rows()]
    assert documented == list(COLUMNS)


def test_documented_required_columns() -> None:
    required = [row[0].strip("`") for row in _table_rows() if row[1] == "yes"]
    assert required == list(REQUIRED_COLUMNS)
