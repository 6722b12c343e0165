"""Reading the records CSV: values, attributes, row/line/column in every error."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from uncounted.errors import InputError
from uncounted.intake import read_records
from uncounted.model import Pathway, Sex, UncertainDate

from .helpers import HEADER, synthetic_csv, synthetic_row, write_csv


def test_reads_every_column(tmp_path: Path) -> None:
    records = read_records(synthetic_csv(tmp_path / "r.csv", 12))
    assert len(records) == 12
    first = records[0]
    assert first.key == ("list-a", "T-00000")
    assert first.name == "테스트 가나 0"
    assert first.aliases == ("Alias0a", "Alias0b")
    assert first.sex is Sex.F
    assert (first.birth_year, first.birth_year_min, first.birth_year_max) == (None, 1960, 1999)
    assert first.recorded_on == UncertainDate.parse("2018")
    assert first.pathway is Pathway.PROSTITUTION
    assert first.attributes == {"intake_officer_code": "OFF-0"}
    assert records[3].recorded_on == UncertainDate.parse("2017/2018")
    assert records[1].narrative == "Synthetic narrative number 1, with a comma."


def _bad_file(tmp_path: Path, n: int, at: int, column: str, value: str) -> Path:
    rows = [synthetic_row(i) for i in range(n)]
    rows[at - 1][column] = value
    return write_csv(tmp_path / "bad.csv", rows)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("birth_year", "19x5"),
        ("birth_year", "3018"),
        ("age", "-1"),
        ("sex", "female-ish"),
        ("pathway", "mining"),
        ("recorded_on", "May 2018"),
        ("record_id", ""),
        ("list", ""),
    ],
)
def test_error_names_row_line_and_column(tmp_path: Path, column: str, value: str) -> None:
    path = _bad_file(tmp_path, 30, 17, column, value)
    with pytest.raises(InputError) as info:
        read_records(path)
    error = info.value
    assert (error.file, error.row, error.line, error.column) == (str(path), 17, 18, column)
    assert "row 17" in error.message and repr(column) in error.message
    if value.strip():
        assert value not in error.reason


def test_row_700_bad_birth_year(tmp_path: Path) -> None:
    path = _bad_file(tmp_path, 1000, 700, "birth_year", "nineteen-ninety")
    with pytest.raises(InputError) as info:
        read_records(path)
    assert (info.value.row, info.value.column) == (700, "birth_year")


def test_line_counts_multiline_cells(tmp_path: Path) -> None:
    rows = [synthetic_row(i) for i in range(4)]
    rows[0]["narrative"] = "first line\nsecond line"
    rows[2]["age"] = "old"
    with pytest.raises(InputError) as info:
        read_records(write_csv(tmp_path / "m.csv", rows))
    assert (info.value.row, info.value.line) == (3, 5)


def test_duplicate_record_id(tmp_path: Path) -> None:
    rows = [synthetic_row(i) for i in range(5)]
    rows[4]["record_id"] = rows[1]["record_id"]
    with pytest.raises(InputError, match="row 2") as info:
        read_records(write_csv(tmp_path / "d.csv", rows))
    assert (info.value.row, info.value.column) == (5, "record_id")


@pytest.mark.parametrize("missing", ["record_id", "list"])
def test_missing_required_column(tmp_path: Path, missing: str) -> None:
    header = [c for c in HEADER if c != missing]
    path = write_csv(tmp_path / "h.csv", [synthetic_row(0)], header)
    with pytest.raises(InputError) as info:
        read_records(path)
    assert info.value.column == missing


def test_list_option_fills_and_guards(tmp_path: Path) -> None:
    header = [c for c in HEADER if c != "list"]
    path = write_csv(tmp_path / "l.csv", [synthetic_row(i) for i in range(3)], header)
    assert {r.list for r in read_records(path, list_name="shelter")} == {"shelter"}
    with pytest.raises(InputError) as info:
        read_records(synthetic_csv(tmp_path / "other.csv", 3), list_name="shelter")
    assert (info.value.row, info.value.column) == (1, "list")


def test_duplicate_header(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("record_id,list,name,name\nA,l,x,y\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_records(path)
    assert info.value.column == "name"


def test_extra_cells_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("record_id,list\nA,l\nB,l,surplus\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_records(path)
    assert (info.value.row, info.value.line) == (2, 3)


@pytest.mark.parametrize("content", [b"", b"  \n\n", b"record_id,list\n", b"record_id,list\n\n"])
def test_empty_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"empty|no records"):
        read_records(path)


def test_refuses_non_utf8_and_names_line(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_bytes("record_id,list,name\nA,l,Testa\nB,l,테스트\n".encode("cp949"))
    with pytest.raises(InputError, match=r"UTF-8|utf-8") as info:
        read_records(path)
    assert info.value.line == 3
    records = read_records(path, encoding="cp949")
    assert records[1].name == "테스트"


def test_refuses_binary(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(b"record_id,list\nA,\x00\x00l\n")
    with pytest.raises(InputError, match="NUL") as info:
        read_records(path)
    assert info.value.line == 2


def test_unknown_encoding_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="encoding"):
        read_records(synthetic_csv(tmp_path / "r.csv", 2), encoding="no-such-codec")


@pytest.mark.parametrize(("bom", "codec"), [(codecs.BOM_UTF8, "utf-8"), (b"", "utf-16")])
def test_byte_order_marks(tmp_path: Path, bom: bytes, codec: str) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(bom + "Record_ID,list,name\nA,l,测试甲\n".encode(codec))
    [record] = read_records(path)
    assert (record.record_id, record.name) == ("A", "测试甲")


def test_tsv_and_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "r.tsv"
    path.write_text("record_id\tlist\nA\tl\n", encoding="utf-8")
    assert read_records(path)[0].key == ("l", "A")
    with pytest.raises(InputError, match="unsupported"):
        read_records(tmp_path / "r.xls")
    with pytest.raises(InputError, match="not found"):
        read_records(tmp_path / "absent.csv")


def test_unclosed_quote(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('record_id,list,name\nA,l,ok\nB,l,"open\n', encoding="utf-8")
    with pytest.raises(InputError, match="malformed") as info:
        read_records(path)
    assert info.value.line == 3


def test_progress_reports(tmp_path: Path) -> None:
    seen: list[int] = []
    read_records(synthetic_csv(tmp_path / "r.csv", 1200), progress=seen.append)
    assert seen == [500, 1000, 1200]
