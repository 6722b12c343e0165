"""Reading and validating capture-history tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from uncounted.errors import InputError
from uncounted.estimate.population.table import (
    CaptureTable,
    from_clusters,
    read_capture_table,
    read_strata,
)

MSE = Path(__file__).resolve().parents[2] / "data" / "mse"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_kosovo() -> None:
    table = read_capture_table(MSE / "kosovo_1999.csv")
    assert table.lists == ("EXH", "ABA", "OSCE", "HRW")
    assert table.n_observed == 4400  # SOURCES.md: 4,400 observed
    assert table.patterns.dtype == np.int8
    assert table.full_counts().sum() == 4400


@pytest.mark.parametrize("name", sorted(p.name for p in MSE.glob("*.csv")))
def test_every_reference_table_reads(name: str) -> None:
    table = read_capture_table(MSE / name)
    assert table.n_lists >= 4
    assert (table.counts > 0).all()


@pytest.mark.parametrize(
    ("text", "row", "column"),
    [
        ("A,B,count\n1,0,3\n2,1,4\n", 2, "A"),
        ("A,B,count\n1,0,3\n0,x,4\n", 2, "B"),
        ("A,B,count\n1,0,3\n0,1,\n", 2, "count"),
        ("A,B,count\n1,0,-3\n0,1,4\n", 1, "count"),
        ("A,B,count\n1,0,3\n0,1,2.5\n", 2, "count"),
        ("A,B,count\n1,0,3\n0,0,4\n", 2, "count"),
    ],
)
def test_bad_rows_name_row_and_column(tmp_path: Path, text: str, row: int, column: str) -> None:
    with pytest.raises(InputError) as caught:
        read_capture_table(_write(tmp_path, text))
    assert caught.value.row == row
    assert caught.value.column == column
    assert f"row {row}" in caught.value.message


def test_fewer_than_two_lists(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="two list"):
        read_capture_table(_write(tmp_path, "A,count\n1,3\n"))


def test_missing_count_column_and_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_capture_table(_write(tmp_path, "A,B\n1,0\n"))
    assert caught.value.column == "count"
    with pytest.raises(InputError, match="no such file"):
        read_capture_table(tmp_path / "absent.csv")


def test_duplicates_are_summed_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "A,B,count\n1,0,3\n0,1,4\n1,0,2\n1,1,1\n")
    with pytest.warns(UserWarning, match="row 3"):
        table = read_capture_table(path)
    assert dict(zip(map(tuple, table.patterns.tolist()), table.counts.tolist(), strict=True)) == {
        (0, 1): 4,
        (1, 0): 5,
        (1, 1): 1,
    }


def test_strata_split_and_sum(tmp_path: Path) -> None:
    text = "A,B,period,count\n1,0,early,3\n0,1,early,4\n1,1,late,2\n1,0,late,5\n"
    path = _write(tmp_path, text)
    tables = read_strata(path, ["period"])
    assert sorted(tables) == ["early", "late"]
    assert tables["late"].n_observed == 7
    assert read_capture_table(path, strata=["period"]).n_observed == 14
    with pytest.raises(InputError) as caught:
        read_capture_table(path)
    assert caught.value.column == "period"


def test_from_clusters_aggregates_people() -> None:
    frame = pd.DataFrame(
        {
            "record_id": ["r1", "r2", "r3", "r4", "r5", "r6"],
            "list": ["A", "B", "A", "C", "A", "A"],
            "cluster_id": ["p1", "p1", "p2", "p2", "p3", "p3"],
        }
    )
    table = from_clusters(frame)
    assert table.lists == ("A", "B", "C")
    got = dict(zip(map(tuple, table.patterns.tolist()), table.counts.tolist(), strict=True))
    assert got == {(1, 0, 0): 1, (1, 0, 1): 1, (1, 1, 0): 1}


def test_from_clusters_names_blank_rows() -> None:
    frame = pd.DataFrame({"record_id": ["a", "b"], "list": ["A", ""], "cluster_id": ["1", "2"]})
    with pytest.raises(InputError) as caught:
        from_clusters(frame)
    assert (caught.value.row, caught.value.column) == (2, "list")


def test_select_collapses_lists() -> None:
    table = read_capture_table(MSE / "kosovo_1999.csv").select(["EXH", "ABA"])
    full = dict(zip(map(tuple, table.patterns.tolist()), table.counts.tolist(), strict=True))
    # SOURCES.md, Kosovo two-list Chapman: n1 = 1,910, n2 = 1,528, m = 403
    assert full[(1, 1)] == 403
    assert full[(1, 1)] + full[(1, 0)] == 1910
    assert full[(1, 1)] + full[(0, 1)] == 1528


def test_capture_table_from_frame_roundtrip() -> None:
    table = read_capture_table(MSE / "western_us.csv")
    again = CaptureTable.from_frame(table.to_frame())
    assert again.lists == table.lists
    assert (again.counts == table.counts).all()
