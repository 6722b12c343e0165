"""JSON Lines: one record per line as a JSON object with a stable key order."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

from uncounted.errors import InputError
from uncounted.intake.table import Progress, build_records_from
from uncounted.intake.text import decode
from uncounted.model import Record

T = TypeVar("T")


def record_json(record: Record) -> str:
    """One record as a compact JSON line (field order fixed, attributes sorted)."""
    return json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":"))


def write_lines(items: Iterable[T], line: Callable[[T], str], out: TextIO) -> int:
    """Write ``line(item)`` for each item, one per line; returns the count."""
    count = 0
    for item in items:
        out.write(line(item) + "\n")
        count += 1
    return count


def write_jsonl(records: Iterable[Record], out: TextIO) -> int:
    """Write one JSON object per line; returns the count."""
    return write_lines(records, record_json, out)


def json_objects(text: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    number = 0
    for line, content in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028
        if not content.strip():
            continue
        number += 1
        try:
            data = json.loads(content)
        except json.JSONDecodeError:
            raise InputError("line is not valid JSON", row=number, line=line) from None
        if not isinstance(data, dict):
            raise InputError("line is not a JSON object", row=number, line=line)
        yield number, line, data


def _with_list(data: dict[str, Any], list_name: str | None) -> dict[str, Any]:
    if list_name is None:
        return data
    if data.get("list") and data["list"] != list_name:
        raise InputError("list differs from the list named for this import", column="list")
    return {**data, "list": list_name}


def read_jsonl(
    path: Path,
    *,
    list_name: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> list[Record]:
    """Read records exported as JSON Lines."""
    file = str(path)
    text = decode(path.read_bytes(), file, encoding)

    def convert(data: dict[str, Any]) -> Record:
        return Record.from_dict(_with_list(data, list_name))

    return build_records_from(json_objects(text), convert, file, progress)
