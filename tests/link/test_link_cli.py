"""`uncounted link` on files: outputs, and bad input named by file and row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from uncounted.cli.app import _register_areas, app
from uncounted.intake.csv_file import write_csv
from uncounted.link.fixtures import cross_script_lists

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    """Attach the area commands to ``app`` for every test of the module: each test may
    run alone, or on a pytest-xdist worker that ran no other test of the module (the
    bad-input tests, run without the ``files`` fixture that did it, found no command
    "link" and exited 2)."""
    _register_areas()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("lists")
    records = cross_script_lists(120, seed=7)
    paths = []
    for name in ("ngo", "shelter"):
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv([r for r in records if r.list == name], handle)
        paths.append(path)
    return paths


def test_link_files_writes_clusters_and_capture_histories(
    files: list[Path], tmp_path: Path
) -> None:
    out, table = tmp_path / "clusters.csv", tmp_path / "table.csv"
    args = ["link", *map(str, files), "--out", str(out), "--capture-histories", str(table)]
    result = runner.invoke(app, [*args, "--threshold", "0.5", "--json"])
    assert result.exit_code == 0, result.output
    clusters = pd.read_csv(out, dtype=str)
    assert list(clusters.columns) == ["record_id", "list", "cluster_id", "match_probability"]
    assert len(clusters) == 240
    histories = pd.read_csv(table)
    assert list(histories.columns) == ["ngo", "shelter", "count"]
    assert histories["count"].sum() == clusters["cluster_id"].nunique()
    both = histories[(histories["ngo"] == 1) & (histories["shelter"] == 1)]["count"].sum()
    assert both >= 110


def _write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("record_id,list,sex\n1,a,F\n2,a,M\n", ["name", "row 1"]),
        ("record_id,list,name\n1,a,김명희\n1,a,이순희\n", ["record_id", "row 2"]),
        ("", ["empty"]),
        (b"record_id,list,name\n1,a,\xff\xfe\xfa\n", ["encoding"]),
    ],
)
def test_bad_input_names_file_and_row(
    tmp_path: Path, content: str | bytes, words: list[str]
) -> None:
    bad = _write(tmp_path / "bad.csv", content)
    good = _write(tmp_path / "good.csv", "record_id,list,name\n1,b,김명희\n")
    result = runner.invoke(app, ["link", str(bad), str(good), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 3, result.output
    text = " ".join(result.output.split())
    assert "bad.csv" in text
    for word in words:
        assert word in text
    assert not (tmp_path / "o.csv").exists()
