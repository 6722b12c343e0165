"""docs/facts-jsonl.md documents exactly the kinds and fields the parser knows."""

from __future__ import annotations

import json
import re
from pathlib import Path

from uncounted.intake.facts import SCHEMAS, fact_from_json, fields_of

DOC = Path(__file__).resolve().parents[2] / "docs" / "facts-jsonl.md"


def _sections() -> dict[str, list[tuple[str, bool]]]:
    text = DOC.read_text(encoding="utf-8")
    found = {}
    for part in text.split("\n## `")[1:]:
        name, _, body = part.partition("`")
        rows = [line for line in body.splitlines() if line.startswith("| `")]
        cells = [[c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]
        found[name] = [(c[0].strip("`"), c[1] == "yes") for c in cells]
    return found


def test_every_kind_and_field_documented_in_order() -> None:
    sections = _sections()
    assert list(sections) == list(SCHEMAS)
    for schema in SCHEMAS:
        assert sections[schema] == fields_of(schema), schema


def test_the_example_lines_parse() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("```\n", 2)[1]
    lines = [json.loads(line) for line in block.splitlines() if line.startswith("{")]
    objects = [fact_from_json(line) for line in lines]
    assert [type(o).__name__ for o in objects] == [
        "Journey", "JourneyStage", "JourneyStage", "Transaction", "Perpetrator",
    ]  # fmt: skip
