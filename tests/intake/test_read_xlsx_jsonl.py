"""Reading .xlsx workbooks and JSON Lines; writing JSON Lines and CSV back."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from uncounted.errors import InputError
from uncounted.intake import read_records
from uncounted.intake.csv_file import write_csv
from uncounted.intake.jsonl_file import write_jsonl
from uncounted.model import UncertainDate

from .helpers import HEADER, synthetic_csv, synthetic_row


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_matches_csv(tmp_path: Path) -> None:
    rows = [synthetic_row(i) for i in range(25)]
    cells: list[list[object]] = [HEADER]
    for row in rows:
        cells.append([int(v) if v.isdigit() else v for v in row.values()])
    from_xlsx = read_records(_workbook(tmp_path / "r.xlsx", cells))
    from_csv = read_records(synthetic_csv(tmp_path / "r.csv", 25))
    assert from_xlsx == from_csv


def test_xlsx_typed_cells_and_blank_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["record_id", "list", "birth_year", "recorded_on", "age", None],
        [101, "l", 1990.0, datetime(2019, 5, 3), None, None],
        [None, None, None, None, None, None],
        ["B", "l", None, date(2020, 1, 2), 30, None],
    ]
    first, second = read_records(_workbook(tmp_path / "t.xlsx", rows))
    assert (first.record_id, first.birth_year) == ("101", 1990)
    assert first.recorded_on == UncertainDate.parse("2019-05-03")
    assert (second.age, str(second.recorded_on)) == (30, "2020-01-02")


def test_xlsx_error_names_sheet_row(tmp_path: Path) -> None:
    rows: list[list[object]] = [["record_id", "list", "birth_year"]]
    rows += [[f"R{i}", "l", 1980] for i in range(10)]
    rows[6][2] = "late eighties"
    with pytest.raises(InputError) as info:
        read_records(_workbook(tmp_path / "e.xlsx", rows))
    assert (info.value.row, info.value.line, info.value.column) == (6, 7, "birth_year")


def test_xlsx_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("record_id,list\n", encoding="utf-8")
    with pytest.raises(InputError, match="xlsx"):
        read_records(path)


def test_jsonl_round_trip_and_csv_round_trip(tmp_path: Path) -> None:
    records = read_records(synthetic_csv(tmp_path / "r.csv", 40))
    buffer = io.StringIO()
    assert write_jsonl(records, buffer) == 40
    first = json.loads(buffer.getvalue().splitlines()[0])
    assert list(first)[:3] == ["record_id", "list", "name"]
    (tmp_path / "r.jsonl").write_text(buffer.getvalue(), encoding="utf-8")
    assert read_records(tmp_path / "r.jsonl") == records
    text = io.StringIO()
    write_csv(records, text)
    (tmp_path / "again.csv").write_text(text.getvalue(), encoding="utf-8")
    assert read_records(tmp_path / "again.csv") == records


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ('{"record_id": "B", "list": "l", "age": "9"}', "age"),
        ('{"record_id": "B", "list": "l", "colour": "red"}', "colour"),
        ('{"record_id": "B", "list": "l", "recorded_on": "soon"}', "recorded_on"),
        ("[1, 2]", None),
        ("{not json", None),
    ],
)
def test_jsonl_errors(tmp_path: Path, line: str, column: str | None) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text('{"record_id": "A", "list": "l"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_records(path)
    assert (info.value.row, info.value.line, info.value.column) == (2, 3, column)
