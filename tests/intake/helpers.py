"""Synthetic records files for intake tests (every name is invented and marked as a test)."""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = [
    "record_id",
    "list",
    "name",
    "aliases",
    "sex",
    "birth_year",
    "birth_year_min",
    "birth_year_max",
    "age",
    "recorded_on",
    "origin",
    "location",
    "pathway",
    "narrative",
    "intake_officer_code",
]
NAMES = ["테스트 가나", "测试甲乙", "Synthia Example", "Testa Person"]
SEXES = ["F", "M", "X", "unknown"]
PATHWAYS = ["prostitution", "forced_marriage", "cybersex", "other", "unknown"]


def synthetic_row(i: int, list_name: str = "list-a") -> dict[str, str]:
    """Row ``i`` (0-based) of a synthetic records file."""
    return {
        "record_id": f"T-{i:05d}",
        "list": list_name,
        "name": f"{NAMES[i % len(NAMES)]} {i}",
        "aliases": f"Alias{i}a | Alias{i}b" if i % 3 == 0 else "",
        "sex": SEXES[i % len(SEXES)],
        "birth_year": str(1970 + i % 40) if i % 5 else "",
        "birth_year_min": "1960" if i % 5 == 0 else "",
        "birth_year_max": "1999" if i % 5 == 0 else "",
        "age": str(18 + i % 30) if i % 2 else "",
        "recorded_on": ["2018", "2019-05", "2020-02-29", "2017/2018", ""][i % 5],
        "origin": "Fictional Province" if i % 2 else "",
        "location": "Test Town",
        "pathway": PATHWAYS[i % len(PATHWAYS)],
        "narrative": f"Synthetic narrative number {i}, with a comma." if i % 4 else "",
        "intake_officer_code": f"OFF-{i % 7}",
    }


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    """Write rows as a UTF-8 CSV."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header or HEADER, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def synthetic_csv(path: Path, n: int, list_name: str = "list-a") -> Path:
    """A valid synthetic records CSV with ``n`` rows."""
    return write_csv(path, [synthetic_row(i, list_name) for i in range(n)])
