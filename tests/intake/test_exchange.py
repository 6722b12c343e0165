"""Import and export through a real vault, on every backend: atomicity, round trip, idempotence."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from uncounted.errors import InputError
from uncounted.intake import export_records, import_file
from uncounted.vault import Vault

from .helpers import HEADER, synthetic_csv, synthetic_row, write_csv

PASSPHRASE = "synthetic test passphrase"


def _export(vault: Vault, fmt: str = "jsonl") -> str:
    out = io.StringIO()
    export_records(vault, out, fmt)
    return out.getvalue()


def test_bad_birth_year_in_row_700_changes_nothing(location: str, tmp_path: Path) -> None:
    good = synthetic_csv(tmp_path / "first.csv", 50)
    rows = [synthetic_row(i, "list-b") for i in range(1000)]
    rows[699]["birth_year"] = "19O5"
    bad = write_csv(tmp_path / "bad.csv", rows)
    with Vault.create(location, PASSPHRASE) as vault:
        import_file(vault, good)
        before, stats_before = _export(vault), vault.stats()
        audit_before = len(vault.audit_entries())
        with pytest.raises(InputError) as info:
            import_file(vault, bad)
        error = info.value
        assert (error.row, error.line, error.column) == (700, 701, "birth_year")
        assert error.file == str(bad) and "row 700" in error.message
        assert vault.stats() == stats_before
        assert len(vault.audit_entries()) == audit_before  # the failed import left no trace
        assert _export(vault) == before
        vault.verify_audit()


def test_conflicting_record_rolls_back_whole_file(location: str, tmp_path: Path) -> None:
    first = synthetic_csv(tmp_path / "first.csv", 30)
    rows = [synthetic_row(i) for i in range(30, 60)] + [synthetic_row(5)]
    rows[-1]["narrative"] = "A different synthetic narrative."
    second = write_csv(tmp_path / "second.csv", rows)
    with Vault.create(location, PASSPHRASE) as vault:
        import_file(vault, first)
        with pytest.raises(InputError) as info:
            import_file(vault, second)
        error = info.value
        assert (error.file, error.row, error.column) == (str(second), 31, "record_id")
        assert vault.stats().total == 30


def test_reimport_is_idempotent(location: str, tmp_path: Path) -> None:
    path = synthetic_csv(tmp_path / "r.csv", 40)
    with Vault.create(location, PASSPHRASE) as vault:
        first = import_file(vault, path)
        exported = _export(vault)
        again = import_file(vault, path)
        assert (first.added, first.unchanged) == (40, 0)
        assert (again.added, again.unchanged) == (0, 40)
        assert _export(vault) == exported


def test_round_trip_through_jsonl(location: str, tmp_path: Path) -> None:
    rows = [synthetic_row(i, "list-a") for i in range(60)]
    rows += [synthetic_row(i, "list-b") for i in range(60, 90)]
    source = write_csv(tmp_path / "r.csv", rows)
    with Vault.create(location, PASSPHRASE) as vault:
        import_file(vault, source)
        first = _export(vault)
    (tmp_path / "out.jsonl").write_text(first, encoding="utf-8")
    second_location = str(tmp_path / "second.vault")
    with Vault.create(second_location, PASSPHRASE) as second:
        import_file(second, tmp_path / "out.jsonl")
        assert _export(second) == first
    lines = first.splitlines()
    assert len(lines) == 90
    assert [json.loads(line)["record_id"] for line in lines] == sorted(r["record_id"] for r in rows)


def test_csv_export_reimports(location: str, tmp_path: Path) -> None:
    with Vault.create(location, PASSPHRASE) as vault:
        import_file(vault, synthetic_csv(tmp_path / "r.csv", 25))
        (tmp_path / "out.csv").write_text(_export(vault, "csv"), encoding="utf-8")
        result = import_file(vault, tmp_path / "out.csv")
        assert (result.added, result.unchanged) == (0, 25)


def test_xlsx_import(location: str, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for i in range(15):
        sheet.append(list(synthetic_row(i).values()))
    book.save(tmp_path / "r.xlsx")
    with Vault.create(location, PASSPHRASE) as vault:
        result = import_file(vault, tmp_path / "r.xlsx", list_name="list-a")
        assert result.added == 15
        assert vault.stats().by_list == {"list-a": 15}


def test_progress_phases(location: str, tmp_path: Path) -> None:
    calls: list[tuple[str, int, int | None]] = []
    with Vault.create(location, PASSPHRASE) as vault:
        import_file(
            vault,
            synthetic_csv(tmp_path / "r.csv", 1100),
            progress=lambda phase, done, total: calls.append((phase, done, total)),
        )
    assert ("read", 1100, None) in calls
    assert calls[-1] == ("store", 1100, 1100)
