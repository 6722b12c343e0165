"""Reading and validating capture-history tables."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# The CSV reader is the standard library's; these compare it with the pandas
# reading it replaced (``pd.read_csv(dtype=str, keep_default_na=False,
# na_values=[""])`` then ``from_frame``), so a difference in rows, columns,
# values, warnings or errors fails.


def _outcome(read: Callable[[], object]) -> object:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = read()
        except InputError as error:
            unreadable = error.reason == "not a readable CSV table"  # pandas gave no row
            return ("error", error.reason, None if unreadable else error.row, error.column)
    notes = [str(w.message) for w in caught]
    tables = value if isinstance(value, dict) else {"": value}
    shown = {
        k: (t.lists, t.patterns.tolist(), t.counts.tolist())
        for k, t in tables.items()
        if isinstance(t, CaptureTable)
    }
    return (list(shown), shown, notes)


def _pandas_frame(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError):
        raise InputError("not a readable CSV table", file=str(path)) from None


def _pandas_table(path: Path, strata: Sequence[str] = ()) -> CaptureTable:
    return CaptureTable.from_frame(_pandas_frame(path), source=str(path), strata=strata)


def _pandas_strata(path: Path, strata: Sequence[str]) -> dict[str, CaptureTable]:
    frame = _pandas_frame(path)
    CaptureTable.from_frame(frame, source=str(path), strata=strata)
    out = {}
    for key, group in frame.groupby(list(strata), sort=True, dropna=False):
        label = "/".join(str(k) for k in key)
        part = group.drop(columns=list(strata)).reset_index(drop=True)
        out[label] = CaptureTable.from_frame(part, source=f"{path}, stratum {label}")
    return out


CELLS = ["0", "1", "1.0", " 1", "+0", "2", "x", "", " ", "-1", "3", "2.5", "inf", "nan"]
CELLS += ["1e400", "1e1", '"1"', "NA", "1_0", "-inf", "0x1", "07"]
NAMES = ["A", "B", "C", "count", "A.1", "", " B", "s"]


@pytest.mark.parametrize(
    "text",
    [
        "A,B,count\n\n1,0,3\n  \n0,1,4\n\t\n",
        "A,B,count\n1,0,3\n,,\n0,1,4\n",
        "A,B,count\n1,0\n0,1,4\n",
        "A,A,A.1,count\n1,0,1,3\n0,1,0,4\n",
        "Unnamed: 1,,count\n1,0,3\n",
        "A,B,count,\n1,0,3,\n0,1,4,\n",
        "\ufeffA,B,count\r\n1,0,3\r\n0,1,4\r\n",
        "A,B,count\r1,0,3\r0,1,4\r",
        '"A","B","count"\n"1","0","3"\n"0",1,"4\n"\n',
        "A,B,count\n1,0,3\n0,1,4,9\n",
        "",
        "\n\n",
        "A,B,count\n",
        "A,B,count\n1,0,12345678901234567890\n",
        'A,B,count\n"1,0,3\n',
    ],
)
def test_csv_reader_matches_pandas_reading(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    assert _outcome(lambda: read_capture_table(path)) == _outcome(lambda: _pandas_table(path))


def test_a_row_wider_than_the_header_is_named(tmp_path: Path) -> None:
    # pandas took the first column as the index when the first data row was
    # one field wider than the header (shifting every column); now an error.
    for text, row in (("A,B,count\n1,0,3,9\n0,1,4,9\n", 1), ("A,B,count\n1,0,3\n0,1,4,9\n", 2)):
        with pytest.raises(InputError, match="not a readable CSV table") as caught:
            read_capture_table(_write(tmp_path, text))
        assert caught.value.row == row


def test_non_utf8_and_directory_are_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("A,B,count\n1,0,3\n0,1,\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not a readable CSV table"):
        read_capture_table(path)
    with pytest.raises(InputError, match="not a readable CSV table"):
        read_capture_table(tmp_path)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.lists(st.sampled_from(NAMES), min_size=1, max_size=5),
    rows=st.lists(st.lists(st.sampled_from(CELLS), max_size=5), max_size=6),
    blank=st.integers(0, 6),
)
def test_csv_reader_matches_pandas_on_generated_tables(
    tmp_path: Path, header: list[str], rows: list[list[str]], blank: int
) -> None:
    rows = [r[: len(header)] for r in rows if r != [""]]  # wider rows: see the parametrized case
    lines = [",".join(header), *(",".join(r) for r in rows)]
    lines.insert(min(blank, len(lines)), "") if blank else None
    path = _write(tmp_path, "\n".join(lines) + "\n")
    assert _outcome(lambda: read_capture_table(path)) == _outcome(lambda: _pandas_table(path))
    if "s" in header:
        assert _outcome(lambda: read_strata(path, ["s"])) == _outcome(
            lambda: _pandas_strata(path, ["s"])
        )
